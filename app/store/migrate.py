"""Alembic for the local store, imported only when a file's schema is not at the head.

Alembic (with Mako and the dialects it loads) costs about a third of a second to import,
so `app.store.database` reads the file's revision with one query and comes here only
when a migration is due: a new file, or one from an older release.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from app.version import bundle_root

# Alembic loads its scripts from the filesystem: the checkout, or the frozen bundle.
MIGRATIONS_DIR = bundle_root() / "db" / "migrations"


def alembic_config(db_path: Path) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", f"sqlite:///{db_path}")
    return cfg


def head_revision(db_path: Path) -> str | None:
    """The newest revision of the scripts (what `database.SCHEMA_HEAD` must name)."""
    return ScriptDirectory.from_config(alembic_config(db_path)).get_current_head()


def upgrade(conn: Connection, db_path: Path) -> None:
    """Upgrade the file to the head inside the caller's transaction."""
    cfg = alembic_config(db_path)
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")
