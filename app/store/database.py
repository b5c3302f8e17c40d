"""Opening the local database: encrypted, migrated at start-up, backed up first.

The file is a SQLCipher database (AES-256, HMAC per page) opened through
SQLAlchemy's `sqlite+pysqlcipher` dialect with a raw 256-bit key: customer names,
numbers and profiles never reach the disk in clear. A plain SQLite file from an
older release is encrypted once (`sqlcipher_export` into a copy, verified, then
swapped in). A full disk or a read-only folder becomes StorageUnavailable with a
message the agent can act on, never a raw database error.
"""

from __future__ import annotations

import errno
import functools
import logging
import os
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import sqlcipher3
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, ExceptionContext
from sqlalchemy.pool import QueuePool

from app.errors import LocalStoreError, StorageUnavailable
from app.store import tables

log = logging.getLogger(__name__)

# The newest revision in db/migrations. A file already there opens without importing
# Alembic (app/store/migrate.py); tests/app/test_upgrade.py checks the two agree.
SCHEMA_HEAD = "0004"

PLAIN_HEADER = b"SQLite format 3\x00"
KEY_BYTES = 32  # AES-256
_STORAGE_ERRORS = ("database or disk is full", "readonly database", "unable to open database",
                   "disk i/o error")


def storage_unavailable(where: Path, detail: str) -> StorageUnavailable:
    return StorageUnavailable.at(where, detail)


def _key_pragma(key: bytes) -> str:
    """SQLCipher's raw-key form: the 256-bit key itself, no passphrase derivation."""
    if len(key) != KEY_BYTES:
        raise ValueError("the local database key must be 32 bytes")
    return f"x'{key.hex()}'"


def is_plain(db_path: Path) -> bool:
    """True for an unencrypted SQLite file (an older release's, or a test's)."""
    try:
        with db_path.open("rb") as f:
            return f.read(len(PLAIN_HEADER)) == PLAIN_HEADER
    except OSError:
        return False


def make_engine(db_path: Path, key: bytes | None = None) -> Engine:
    """An engine on the file: encrypted with `key`, plain without (tests, old files)."""
    url: URL | str = f"sqlite:///{db_path}"
    if key is not None:
        url = URL.create("sqlite+pysqlcipher", password=_key_pragma(key), database=str(db_path))
    # One connection per thread that asks (the dialect's default would be a
    # SingletonThreadPool, which closes other threads' connections past five).
    engine = create_engine(url, future=True, poolclass=QueuePool,
                           json_serializer=tables.json_serializer)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")  # a committed action survives power loss
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=5000")
        cur.close()

    @event.listens_for(engine, "handle_error")
    def _storage(ctx: ExceptionContext) -> BaseException | None:
        text = str(ctx.original_exception).lower()
        if any(m in text for m in _STORAGE_ERRORS):
            return storage_unavailable(db_path.parent, str(ctx.original_exception))
        return None

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


def _connect(db_path: Path, key: bytes | None) -> sqlite3.Connection:
    if key is None:
        return sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    con = sqlcipher3.connect(f"file:{db_path}?mode=ro", uri=True)
    con.execute(f'PRAGMA key = "{_key_pragma(key)}"')
    return con  # type: ignore[no-any-return]


def check_integrity(db_path: Path, key: bytes | None = None, *, whole: bool = True) -> None:
    """Raise LocalStoreError if the file is not a healthy database (or not this key's).

    `whole=False` checks the first page (the header, the key: SQLCipher checks the page's
    HMAC) and the outbox table with its indexes, the unsynced actions, instead of reading
    every page: what `_open` does after a clean shutdown (`closed_cleanly`)."""
    try:
        con = _connect(db_path, key)
        try:
            if whole:
                row = con.execute("PRAGMA quick_check").fetchone()
            elif con.execute("SELECT 1 FROM sqlite_master WHERE type='table' "
                             "AND name='outbox'").fetchone() is None:
                row = ("ok",)  # an empty file: page 1 was read, there is no outbox yet
            else:
                row = con.execute("PRAGMA quick_check(outbox)").fetchone()
        finally:
            con.close()
    except (sqlite3.DatabaseError, sqlcipher3.DatabaseError) as exc:
        if any(m in str(exc).lower() for m in _STORAGE_ERRORS):
            raise storage_unavailable(db_path.parent, str(exc)) from exc
        raise _corrupt(
            db_path,
            f"The local database {db_path} cannot be read ({exc}): it is damaged, or it "
            "was locked with another key. It has been left untouched; move it aside to "
            "start with a fresh copy from the server.",
        ) from exc
    if not row or row[0] != "ok":
        raise _corrupt(
            db_path,
            f"The local database {db_path} is damaged ({row[0] if row else 'no answer'}). "
            "It has been left untouched; move it aside to start with a fresh copy.",
        )


def encrypt_plain_file(db_path: Path, key: bytes) -> None:
    """Encrypt an older release's plain file once, keeping every row (the outbox above all).

    Backed up first; the encrypted copy is written beside it, checked (integrity and
    the outbox's row count) and only then swapped in. Once the swap has succeeded the
    plain backup is removed with the other plain backups of this file: customer
    data in clear is exactly what the encryption is for. On failure the original
    file is left as it was and the backup kept.
    """
    check_integrity(db_path)
    plain = sqlite3.connect(db_path)
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # committed WAL pages into the file
        outbox_rows = _count(plain, "outbox")
    finally:
        plain.close()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    backup = db_path.with_name(f"{db_path.stem}.before-encryption-{stamp}.bak")
    shutil.copy2(db_path, backup)
    tmp = db_path.with_name(f"{db_path.stem}.encrypting{db_path.suffix}")
    tmp.unlink(missing_ok=True)
    con = sqlcipher3.connect(str(db_path))
    try:
        quoted = str(tmp).replace("'", "''")
        con.execute(f"ATTACH DATABASE '{quoted}' AS encrypted KEY \"{_key_pragma(key)}\"")
        con.execute("SELECT sqlcipher_export('encrypted')")
        version = con.execute("PRAGMA user_version").fetchone()[0]
        con.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        con.execute("DETACH DATABASE encrypted")
    finally:
        con.close()
    check_integrity(tmp, key)
    check = _connect(tmp, key)
    try:
        copied = _count(check, "outbox")
    finally:
        check.close()
    if copied != outbox_rows:
        raise LocalStoreError(
            f"Encrypting the local database lost rows ({copied} of {outbox_rows} outbox "
            "rows); the original file was left as it was.", code="migration_failed")
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    os.replace(tmp, db_path)
    for old in db_path.parent.glob(f"{db_path.stem}.before-*.bak"):
        if is_plain(old):
            old.unlink()
    log.info("encrypted the local database (%d outbox rows kept)", outbox_rows)


def rekey_database(db_path: Path, old: bytes, new: bytes) -> None:
    """Lock the file with `new` instead of `old` (SQLCipher re-encrypts every page).

    Called before the workspace opens, so no other connection holds the old key.
    """
    check_integrity(db_path, old)
    con = sqlcipher3.connect(str(db_path))
    try:
        con.execute(f'PRAGMA key = "{_key_pragma(old)}"')
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute(f'PRAGMA rekey = "{_key_pragma(new)}"')
    finally:
        con.close()
    check_integrity(db_path, new)


def _count(con: sqlite3.Connection, table: str) -> int:
    exists = con.execute(
        "SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?", (table,)
    ).fetchone()[0]
    return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]) if exists else 0


def open_database(db_path: Path, key: bytes | None = None) -> Engine:
    """Open (creating if needed) and upgrade the local database to the latest schema.

    With `key` the file is encrypted (a plain one is encrypted first); the desktop
    always passes one, tests and benchmarks may not. An existing file is
    integrity-checked and copied aside before a migration touches it (Vorta's
    habit), so a failed upgrade never costs pending actions.
    """
    try:
        return _open(db_path, key)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EEXIST,
                         errno.ENOTDIR, errno.EDQUOT):
            raise storage_unavailable(db_path.parent, exc.strerror or str(exc)) from exc
        raise


@functools.cache
def _quiet_sqlcipher() -> None:
    """SQLCipher prints its own errors (a wrong key's HMAC failure) to stderr; they are
    reported to the user as LocalStoreError instead."""
    con = sqlcipher3.connect(":memory:")
    try:
        con.execute("PRAGMA cipher_log_level = NONE")
    finally:
        con.close()


def closed_cleanly(db_path: Path) -> bool:
    """Whether the last connection to the file was closed: SQLite then checkpoints the
    write-ahead log into the file and deletes it. A log left beside the file means the
    process crashed, was killed, or still has it open."""
    return not Path(f"{db_path}-wal").exists()


def schema_revision(conn: Connection) -> str | None:
    """The revision Alembic stamped in the file (None for a new file): one query, the
    same one Alembic's MigrationContext runs, without importing Alembic."""
    found = conn.execute(text(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")).first()
    if found is None:
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _open(db_path: Path, key: bytes | None) -> Engine:
    _quiet_sqlcipher()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    exists = db_path.exists() and db_path.stat().st_size > 0
    whole_checked = False
    if exists:
        if key is not None and is_plain(db_path):
            encrypt_plain_file(db_path, key)
        # Reading every page is most of a 10,000-item start (a 67 MB file): done after a
        # crash or a kill, when a page may be half written; after a clean exit the header,
        # the key and the outbox are checked (SQLCipher checks every other page's HMAC
        # when it is read).
        whole_checked = not closed_cleanly(db_path)
        check_integrity(db_path, key, whole=whole_checked)
    engine = make_engine(db_path, key)
    with engine.connect() as conn:
        current = schema_revision(conn)
    if current != SCHEMA_HEAD:
        if exists and not whole_checked:  # never migrate a file not wholly checked
            engine.dispose()
            check_integrity(db_path, key)
        # Only now: Alembic's import is a third of the start-up of a file already at head.
        from app.store import migrate

        head = migrate.head_revision(db_path)
        if exists:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
            backup = db_path.with_name(f"{db_path.stem}.before-{head}-{stamp}.bak")
            engine.dispose()
            shutil.copy2(db_path, backup)
            log.info("backed up local database before migrating to %s", head)
        try:
            with engine.begin() as conn:
                migrate.upgrade(conn, db_path)
        except StorageUnavailable:
            raise
        except Exception as exc:
            raise LocalStoreError(
                f"Upgrading the local database failed ({exc}). A backup was kept next to it.",
                code="migration_failed",
            ) from exc
        _vacuum(engine)
    return engine


def _vacuum(engine: Engine) -> None:
    """A migration that rebuilds a table (0003) leaves the old table's pages free: give
    them back. Optional: without the room for it the migrated file is used as it is."""
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM")
    except StorageUnavailable as exc:
        log.warning("could not compact the local database after migrating: %s", exc)
