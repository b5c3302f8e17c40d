"""The local SQLite store: tables, opening/upgrading the database, and repositories."""
