"""Writing many rows at once through the session's connection (so in its transaction).

SQLite: the driver's executemany. PostgreSQL: COPY (psycopg's `cursor.copy()`), which
is several times faster than one INSERT per row; updates go to a temporary table by COPY
and then into the table with one UPDATE ... FROM. Either way the values are given in the
form the column types store them (JSON as text, UTC timestamps naive, and on SQLite dates
as ISO text and booleans as 0/1), which skips SQLAlchemy's per-row bind processing.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

_V7_LOW = (1 << 62) - 1  # rand_b's bits


def time_ids(n: int) -> list[str]:
    """n version-7 UUIDs as text (RFC 9562), for new customers: the millisecond they were
    made first, then a count from a random 73-bit start, so that one call's ids rise and
    a later call's sort after them (one call in a millisecond: its count keeps them
    apart; calls in the same millisecond, in two workers say, by their random starts).
    A B-tree keyed by them grows at its right-hand end, where random ids land each on a
    random page: a million customers cost PostgreSQL's COPY 11.3-12.3 s with them
    against 14.2-14.3 s with version-4 ids (docs/performance.md). Campaign targets keep
    version-4 ids (`new_ids`): a pilot and a capped assignment take the first targets
    of a priority by id, which must be a fair sample, not the file's order."""
    ms = time.time_ns() // 1_000_000
    head = f"{(ms >> 16) & 0xFFFFFFFF:08x}-{ms & 0xFFFF:04x}-7"
    start = int.from_bytes(os.urandom(10)) >> 7  # 73 bits: start + n stays within 74
    out = []
    for v in range(start, start + n):
        low = f"{(v & _V7_LOW) | (2 << 62):016x}"  # the variant (10) and rand_b
        out.append(f"{head}{v >> 62:03x}-{low[:4]}-{low[4:]}")
    return out


def new_ids(n: int) -> list[str]:
    """n random version-4 UUIDs as text (what server.models.new_id gives), made from one
    os.urandom call: uuid.uuid4() per row costs as much as checking the row."""
    raw = os.urandom(16 * n).hex()
    out = []
    for k in range(0, 32 * n, 32):
        h = raw[k:k + 32]
        out.append(f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-"
                   f"{h[20:]}")
    return out


def stored_utc(session: Session, value: datetime) -> Any:
    """An aware datetime as a UTCDateTime column stores it (naive UTC; text on SQLite)."""
    x = value.astimezone(UTC).replace(tzinfo=None)
    return x.strftime("%Y-%m-%d %H:%M:%S.%f") if session.connection().dialect.name == \
        "sqlite" else x


def large_cache(session: Session) -> Callable[[], None]:
    """A larger page cache for this connection on SQLite (nothing elsewhere), given back by
    the function returned. A million customers' indexes (id, external_id, phone) are
    far bigger than the default 2 MB: each insert into them, and each
    foreign-key check of a plan's targets, otherwise reads its pages again."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return lambda: None
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql("PRAGMA cache_size = -262144")  # KiB: 256 MB at most

    def restore() -> None:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(before or -2000)}")

    return restore


class DeferredIndexes:
    """Secondary indexes of a table dropped while a large insert runs and built again
    before the commit, in the same transaction (SQLite only; elsewhere it does nothing).

    Each row inserted into a B-tree keyed by a random value (a phone number, its hash)
    lands on a random page: on 200,000 customers the phone and phone_hash indexes (the
    latter is gone since migration 0023) were more than half of the insert's CPU, while
    building them afterwards from the finished table (one sort) costs a fifth of that.
    SQLite's DDL is transactional and the import holds the database's only write lock
    anyway, so nobody sees the table without them: readers keep the last committed
    schema, and a failed or cancelled import rolls the drop back with the rows. Unique
    indexes stay (they check the rows as they come). PostgreSQL keeps its indexes: DROP
    INDEX would lock the table against every reader for the whole import."""

    def __init__(self, session: Session, table: str, names: Sequence[str]) -> None:
        self._session = session
        self._table = table
        self._names = names
        self._dropped: list[str] = []  # CREATE INDEX statements to run again

    def drop(self) -> None:
        """Drop the indexes (once; a no-op except on SQLite)."""
        conn = self._session.connection()
        if self._dropped or conn.dialect.name != "sqlite":
            return
        for name in self._names:
            sql = conn.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                "AND name = ?", (self._table, name)).scalar()
            if sql:
                conn.exec_driver_sql(f'DROP INDEX "{name}"')
                self._dropped.append(str(sql))

    def rebuild(self) -> None:
        """Build the dropped indexes again (in the caller's transaction)."""
        conn = self._session.connection()
        while self._dropped:
            conn.exec_driver_sql(self._dropped.pop())


def _marks(conn: Connection, n: int) -> str:
    return ", ".join(["?" if conn.dialect.paramstyle == "qmark" else "%s"] * n)


def _copy(conn: Connection, table: str, cols: Sequence[str],
          rows: Sequence[Sequence[Any]]) -> None:
    """COPY the rows in, on psycopg's connection of the same transaction."""
    copy_rows(conn.connection.dbapi_connection, table, cols, rows)


def copy_rows(raw: Any, table: str, cols: Sequence[str], rows: Sequence[Sequence[Any]]
              ) -> None:
    """COPY the rows in on psycopg's connection `raw` (a Connection's `dbapi_connection`;
    psycopg lets one command run on it at a time, so another thread may use it). A name
    of a table or column is ours, never a user's. `write_row` adapts each value in
    psycopg's C code: a COPY text built in Python a column at a time cost twice its CPU
    (measured on 100,000 rows)."""
    with raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as cp:
        write = cp.write_row
        for r in rows:
            write(r)


# Binary COPY (issue 19): the type each column's values are made as, by the column's
# type in the database; a type not here (or not in this psycopg) leaves the rows to
# `copy_rows`. A `json` column takes its text as it is: its binary form is its text.
_BINARY_AS = {16: 16, 20: 20, 21: 21, 23: 23, 25: 25, 701: 701, 1043: 1043, 1082: 1082,
              114: 25}
_BINARY_HEAD = b"PGCOPY\n\xff\r\n\x00" + bytes(8)  # signature, no flags, no extension
_BINARY_TAIL = b"\xff\xff"


def copy_formatter(session: Session, table: str, cols: Sequence[str]
                   ) -> Callable[[Sequence[Any], bytearray], None] | None:
    """On PostgreSQL, the function that appends a row of `table`'s `cols` to a buffer in
    COPY's binary format (psycopg's own formatter, in C, with this connection's
    adapters), so a worker process can prepare rows for `copy_binary`; None elsewhere,
    for a column of another type, or when this psycopg does not have it.

    Against COPY text (measured on 200,000 customers, docs/performance.md): a third of
    the formatting's CPU, and about a tenth less of the database's, which parses no
    numbers, dates or escapes. The values must be of their column's kind, as for the
    text: a str where a number is due raises. One thing the text would catch and this
    does not: an integer past its column's range is cut to it, so every integer the
    import stores has bounds that fit (tests/server/test_planning_binary_copy.py)."""
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        return None
    try:
        from psycopg._copy_base import format_row_binary
        from psycopg.adapt import Transformer
        from psycopg.pq import Format
    except ImportError:  # pragma: no cover - another psycopg layout
        return None
    found: dict[str, int] = dict(conn.execute(text(
        "SELECT attname, atttypid::int FROM pg_attribute WHERE attrelid = "
        "CAST(:t AS regclass) AND attnum > 0 AND NOT attisdropped"), {"t": table}).all())
    oids = [_BINARY_AS.get(found.get(c, 0)) for c in cols]
    if None in oids:
        return None
    raw: Any = conn.connection.dbapi_connection
    tx = Transformer(raw)
    tx.set_dumper_types(cast(list[int], oids), Format.BINARY)

    def fmt(row: Sequence[Any], out: bytearray) -> None:
        format_row_binary(row, tx, out)

    return fmt


def copy_binary(session: Session, table: str, cols: Sequence[str], data: Sequence[bytes]
                ) -> None:
    """COPY rows made by `copy_formatter` (each block whole rows) into the table."""
    raw: Any = session.connection().connection.dbapi_connection
    with raw.cursor() as cur, cur.copy(
            f"COPY {table} ({', '.join(cols)}) FROM STDIN (FORMAT BINARY)") as cp:
        cp.write(_BINARY_HEAD)
        for block in data:
            cp.write(block)
        cp.write(_BINARY_TAIL)


def insert_rows(session: Session, table: Table, cols: Sequence[str],
                rows: Sequence[Sequence[Any]]) -> None:
    """INSERT rows given as tuples of stored values in `cols` order."""
    if not rows:
        return
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        _copy(conn, table.name, cols, rows)
        return
    conn.exec_driver_sql(f"INSERT INTO {table.name} ({', '.join(cols)}) "
                         f"VALUES ({_marks(conn, len(cols))})", list(rows))


def update_rows(session: Session, table: Table, cols: Sequence[str],
                rows: Sequence[Sequence[Any]]) -> None:
    """UPDATE by id: each row is (id, *values in `cols` order), values stored as given."""
    if not rows:
        return
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        stage = f"_stage_{table.name}"
        # With the defaults: a NOT NULL column the update does not set (customers.email,
        # say) is not left NULL in the staging table.
        conn.exec_driver_sql(f"CREATE TEMP TABLE IF NOT EXISTS {stage} "
                             f"(LIKE {table.name} INCLUDING DEFAULTS) ON COMMIT DROP")
        conn.exec_driver_sql(f"TRUNCATE {stage}")
        _copy(conn, stage, ["id", *cols], rows)
        sets = ", ".join(f"{c} = s.{c}" for c in cols)
        conn.exec_driver_sql(f"UPDATE {table.name} AS t SET {sets} FROM {stage} AS s "
                             f"WHERE t.id = s.id")
        return
    sets = ", ".join(f"{c} = ?" for c in cols)
    conn.exec_driver_sql(f"UPDATE {table.name} SET {sets} WHERE id = ?",
                         [(*r[1:], r[0]) for r in rows])


class Writer:
    """Runs the writes of a long import on one thread of its own, in the order they were
    given, while the caller checks the next rows. The database works without the GIL
    (SQLite inside `sqlite3_step`, PostgreSQL in its own process while the COPY's batch is
    applied), so on two cores the checking and the writing overlap instead of taking
    turns. At most `depth` writes wait or run: memory stays bounded, and a failed write
    raises in the caller at its next `submit` or at `drain`.

    The session is the writer's alone between the first `submit` and `drain`/`close`:
    the caller must not touch it meanwhile (SQLAlchemy sessions are not for two threads
    at once; one after the other is fine).

    depth=0 writes in the caller's thread. The import uses that on SQLite: its
    executemany gives the GIL away and takes it back around every row's step, so while
    the checking thread holds the GIL each row waits for a forced switch (the convoy
    effect): measured on 100,000 rows, no gain in wall time and a little more CPU."""

    def __init__(self, depth: int = 2) -> None:
        self._depth = depth
        self._pool: ThreadPoolExecutor | None = None
        self._pending: deque[Future[None]] = deque()

    def submit(self, fn: Callable[..., None], *args: object) -> None:
        if self._depth == 0:  # inline, in the caller's thread
            fn(*args)
            return
        while len(self._pending) >= self._depth:
            self._pending.popleft().result()
        if self._pool is None:
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="import-writer")
        self._pending.append(self._pool.submit(fn, *args))

    def drain(self) -> None:
        """Wait for every write given so far (raising the first failure)."""
        while self._pending:
            self._pending.popleft().result()

    def close(self) -> None:
        """Stop: writes not started are dropped, a running one is waited for (so the
        caller's rollback never races it)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._pending.clear()
