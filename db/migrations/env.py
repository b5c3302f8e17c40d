"""Alembic environment of the desktop's local SQLite store.

Run by app.store.database.open_database at every start-up; the connection is
passed in through `config.attributes` so the upgrade shares its transaction.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from app.store.tables import metadata

config = context.config
target_metadata = metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
        with engine.begin() as conn:
            context.configure(connection=conn, target_metadata=target_metadata,
                              render_as_batch=True)
            context.run_migrations()
        return
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=True)
    context.run_migrations()


run()
