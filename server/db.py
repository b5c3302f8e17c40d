"""Engine, sessions and schema migrations of the sync server.

SQLite (the default, a file in the platform data directory) and PostgreSQL
(`postgresql+psycopg://...`) are both supported. On SQLite every transaction is
started with BEGIN IMMEDIATE, so writers queue on the busy timeout instead of
failing when a deferred read transaction later tries to write.
"""

from __future__ import annotations

import functools
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from platformdirs import user_data_dir
from sqlalchemy import Connection, Engine, Executable, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


DB_HELP = "default: CALLSHEET_DATABASE_URL, else SQLite in the platform data directory"


def default_database_url() -> str:
    """CALLSHEET_DATABASE_URL (the units' and the container's setting), else SQLite in
    the platform's data directory."""
    configured = os.environ.get("CALLSHEET_DATABASE_URL", "").strip()
    if configured:
        return configured
    data = Path(user_data_dir("callsheet-server"))
    data.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data / 'callsheet-server.sqlite3'}"


# A training or test server may run on a shifted clock: the file named here holds the
# shift in seconds (re-read when it changes), so a test can move the server's day forward
# while it runs. Unset (production), the server's clock is the machine's.
_SHIFT_FILE = os.environ.get("CALLSHEET_CLOCK_SHIFT_FILE", "")
_shift: tuple[int, timedelta] = (-1, timedelta(0))


def clock_shift() -> timedelta:
    global _shift
    if not _SHIFT_FILE:
        return timedelta(0)
    try:
        stamp = os.stat(_SHIFT_FILE).st_mtime_ns
        if stamp != _shift[0]:
            with open(_SHIFT_FILE, encoding="ascii") as f:
                _shift = (stamp, timedelta(seconds=float(f.read().strip() or 0)))
    except (OSError, ValueError):
        return _shift[1]
    return _shift[1]


def utcnow() -> datetime:
    return datetime.now(UTC) + clock_shift()


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def env_count(name: str, default: int, *, lowest: int, what: str) -> int:
    """A whole number from the environment (at least `lowest`), `default` when unset. Read
    when the server starts: a value that is not a whole number stops the start with its
    name (`what`: what the number counts), rather than failing a request later."""
    given = os.environ.get(name, "").strip()
    if not given:
        return default
    try:
        return max(lowest, int(given))
    except ValueError:
        raise SystemExit(f"{name}={given!r}: a whole number of {what} is needed") from None


def worker_threads() -> int:
    """How many threads of a server process run blocking work (CALLSHEET_SERVER_THREADS,
    default 8). Few on purpose: every database round trip gives the GIL away and takes
    it back, so forty threads of a 2-core machine mostly wait for each other (and hold
    their connections and open transactions meanwhile). Requests beyond these wait in
    the event loop, which costs nothing."""
    return max(1, int(os.environ.get("CALLSHEET_SERVER_THREADS", "8")))


def make_engine(url: str, **kw: Any) -> Engine:
    # A failing statement's parameters (full phone numbers, notes) must never reach a log:
    # SQLAlchemy would print them in the exception text.
    kw = {"hide_parameters": True, **kw}
    if not is_sqlite(url):
        # The pool holds a connection for each worker thread, and two for the event
        # loop's probes (CALLSHEET_DB_POOL_SIZE). Overflow is a safety valve only:
        # connections opened beyond the pool are closed again when returned, and
        # opening PostgreSQL backends in a burst is what turns a burst into a stall.
        size = int(os.environ.get("CALLSHEET_DB_POOL_SIZE", str(worker_threads() + 2)))
        kw = {"pool_size": size, "max_overflow": size, **kw}
        engine = create_engine(url, **kw)
        _ping_when_idle(engine)
        return engine
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **kw)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA synchronous=FULL")  # call records are evidence: fsync each commit
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


IDLE_PING_SECONDS = 10.0


def _ping_when_idle(engine: Engine) -> None:
    """Pessimistic disconnect handling for connections that sat idle, optimistic for busy
    ones. `pool_pre_ping` costs a round trip at every checkout, i.e. on every request of
    every desktop; here a connection is pinged only when it comes out of the pool after
    IDLE_PING_SECONDS unused (when a database restart may have cut it). A connection cut
    while in use raises on its statement, and SQLAlchemy then invalidates the whole pool:
    at most that request fails (a 500; the desktop sends it again) and the next ones
    reconnect."""

    @event.listens_for(engine, "checkin")
    def _checkin(_dbapi_conn: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since < IDLE_PING_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_conn)
        except Exception as exc:  # any failure: the pool reconnects
            raise DisconnectionError() from exc


def execute_rows(session: Session, stmt: Executable, rows: list[dict[str, Any]]) -> None:
    """Run an INSERT (or upsert) for each of `rows`: one row as a plain execute, more as
    executemany in chunks. (psycopg sends executemany as a pipeline, which for a push
    batch's single row costs several times the CPU of the statement itself.)"""
    if len(rows) == 1:
        session.execute(stmt, rows[0])
        return
    for start in range(0, len(rows), 2000):
        session.execute(stmt, rows[start : start + 2000])


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


class SchemaTooNew(RuntimeError):
    """The database was migrated by a newer release than this one."""


@dataclass(frozen=True)
class SchemaState:
    current: str | None  # the database's revision (None: never migrated)
    head: str  # the newest revision this code knows

    @property
    def known(self) -> bool:
        return self.current is None or self.current in _known_revisions()

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config("sqlite://"))


_KNOWN: set[str] = set()


def _known_revisions() -> set[str]:
    if not _KNOWN:
        _KNOWN.update(r.revision for r in _script().walk_revisions())
    return _KNOWN


@functools.cache
def head_revision() -> str:
    """The newest revision this code knows (read from the migration files once)."""
    head = _script().get_current_head()
    assert head is not None
    return head


def schema_state_of(conn: Connection) -> SchemaState:
    return SchemaState(MigrationContext.configure(conn).get_current_revision(), head_revision())


def schema_state(database_url: str) -> SchemaState:
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            return schema_state_of(conn)
    finally:
        engine.dispose()


def upgrade(database_url: str) -> None:
    """Bring the database to the newest schema (creates it on first use). Refuses a
    database a newer release migrated (`SchemaTooNew`): this code would misread it, and
    Alembic could not even say where it stands."""
    state = schema_state(database_url)
    if not state.known:
        raise SchemaTooNew(
            f"The database is at schema revision {state.current}, which this release does "
            f"not know (its newest is {state.head}): it was migrated by a newer release. "
            "Run that release, or restore a backup taken before the upgrade.")
    command.upgrade(alembic_config(database_url), "head")


def downgrade_all(database_url: str) -> None:
    command.downgrade(alembic_config(database_url), "base")
