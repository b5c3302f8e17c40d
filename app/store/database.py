"""Opening the local database: migrate at start-up, back up first, detect corruption."""

from __future__ import annotations

import logging
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event

from app.errors import LocalStoreError
from app.version import bundle_root

log = logging.getLogger(__name__)

# Alembic loads its scripts from the filesystem: the checkout, or the frozen bundle.
MIGRATIONS_DIR = bundle_root() / "db" / "migrations"


def alembic_config(db_path: Path) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", f"sqlite:///{db_path}")
    return cfg


def make_engine(db_path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{db_path}", future=True)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")  # a committed action survives power loss
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=5000")
        cur.close()

    return engine


def _corrupt(db_path: Path, message: str) -> LocalStoreError:
    err = LocalStoreError(message, code="corrupt")
    err.path = db_path  # type: ignore[attr-defined]
    return err


def quarantine(db_path: Path) -> Path:
    """Move a damaged database (and its WAL files) aside, never deleting it.

    The way forward after corruption: the desktop starts with a fresh copy from
    the server, and the moved file keeps any unsynced action for support to recover.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = db_path.with_name(f"{db_path.stem}.damaged-{stamp}{db_path.suffix}")
    for suffix in ("", "-wal", "-shm"):
        src = Path(str(db_path) + suffix)
        if src.exists():
            src.rename(Path(str(target) + suffix))
    log.warning("moved damaged local database aside to %s", target.name)
    return target


def check_integrity(db_path: Path) -> None:
    """Raise LocalStoreError if the file is not a healthy SQLite database."""
    try:
        con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            row = con.execute("PRAGMA quick_check").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise _corrupt(
            db_path,
            f"The local database {db_path} cannot be read ({exc}). It has been left "
            "untouched; move it aside to start with a fresh copy from the server.",
        ) from exc
    if not row or row[0] != "ok":
        raise _corrupt(
            db_path,
            f"The local database {db_path} is damaged ({row[0] if row else 'no answer'}). "
            "It has been left untouched; move it aside to start with a fresh copy.",
        )


def open_database(db_path: Path) -> Engine:
    """Open (creating if needed) and upgrade the local database to the latest schema.

    An existing file is integrity-checked and copied aside before a migration
    touches it (Vorta's habit), so a failed upgrade never costs pending actions.
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    exists = db_path.exists() and db_path.stat().st_size > 0
    if exists:
        check_integrity(db_path)
    engine = make_engine(db_path)
    cfg = alembic_config(db_path)
    head = ScriptDirectory.from_config(cfg).get_current_head()
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current != head:
        if exists:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
            backup = db_path.with_name(f"{db_path.stem}.before-{head}-{stamp}.bak")
            engine.dispose()
            shutil.copy2(db_path, backup)
            log.info("backed up local database before migrating to %s", head)
        try:
            with engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except Exception as exc:
            raise LocalStoreError(
                f"Upgrading the local database failed ({exc}). A backup was kept next to it.",
                code="migration_failed",
            ) from exc
    return engine
