"""The wire schema shared by the desktop (`app/`, `ui/`) and the sync server (`server/`)."""
