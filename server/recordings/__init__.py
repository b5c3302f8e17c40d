"""Call recordings made by the desktop's SIP stack: chunked, resumable upload into a
directory (server setting), metadata in the database, retention per campaign."""
