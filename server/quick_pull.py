"""The pull every desktop sends every few seconds, when its token is in the cache: one
statement on a pooled DBAPI connection, past SQLAlchemy's Session and Connection.

Most pulls find nothing new. Such a pull was one statement already
(`changes.page_and_top`: the page, the feed's state and the cached token's session, in
one snapshot), but SQLAlchemy's layers around it (a Session and its transaction state, a
Connection, the compiled cache lookup, the result's metadata built from the cursor's
description) cost about three times what the statement itself costs in this process: on
the bench machine 0.85 ms against 0.2 ms of CPU (docs/performance.md, "Third pass").

Here the same statement object (`changes._PAGE_AND_TOP`) is compiled once per dialect
into SQL text, run on a connection checked out of the engine's own pool (so the pool's
idle ping and size limits still apply), and its rows are converted by the same column
types' result processors SQLAlchemy would use. What it reads is exactly what
`page_and_top` reads; the caller confirms the cached session with it
(`auth.Sessions.confirm`) as before. A pull that finds something to send hands its rows
to `sync.pull_page(page=...)`, which loads what they name as before; one
that finds nothing (or only its own desktop's changes) is answered here, its JSON
written directly (`empty_answer`, the same bytes `PullResponse.model_dump_json` gives).

Anything unusual returns None and the caller serves the pull its usual way: no cached
token, a team lead (whose audience is a query of its own), a database error (the
connection is thrown away; SQLAlchemy's path then meets the same error its own way).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple

import psycopg
from psycopg.adapt import Dumper
from psycopg.types.json import set_json_loads
from sqlalchemy import Engine

from server import changes, json_text
from server.db import env_count
from wire.schema import PullResponse

TEXT_ARRAY_OID = 1009  # (pg_type: text[])
_RETENTION_DAYS = PullResponse.model_fields["local_retention_days"].default


class PageRow(NamedTuple):
    """A feed row of the page, as `changes.page_and_top` gives it (seq, kind, entity_id,
    origin)."""

    seq: int
    kind: str
    entity_id: str
    origin: str | None


Processor = Callable[[Any], Any] | None


class _Compiled(NamedTuple):
    sql: str
    names: tuple[str, ...] | None  # positional parameters' names (e.g. SQLite's "?")
    constants: dict[str, Any]  # the statement's own literal parameters (counter id = 1)
    processors: tuple[Processor, ...]


class RawPage:
    """`changes.page_and_top` for one user's audience (`user_id`: an agent's own rows;
    None: public rows only) and a token's session, on a raw pooled connection."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._compiled: dict[int, _Compiled] = {}

    def _statement(self, users: int) -> _Compiled:
        found = self._compiled.get(users)
        if found is None:
            stmt = changes._PAGE_AND_TOP[(users, True)]
            dialect = self._engine.dialect
            compiled = stmt.compile(dialect=dialect)
            processors = tuple(
                col.type.dialect_impl(dialect).result_processor(dialect, None)
                for col in stmt.selected_columns)
            found = self._compiled[users] = _Compiled(
                str(compiled), tuple(compiled.positiontup) if compiled.positiontup else None,
                dict(compiled.params), processors)
        return found

    def prepare(self, *, since: int, limit: int, user_id: str | None, token_digest: str
                ) -> tuple[_Compiled, Any]:
        """The statement for this user's audience and its parameters."""
        stmt = self._statement(1 if user_id is not None else 0)
        params = {**stmt.constants, "since": since, "rows": limit + 1, "digest": token_digest}
        if user_id is not None:
            params["user"] = user_id
        return stmt, params if stmt.names is None else [params[n] for n in stmt.names]

    def run(self, *, since: int, limit: int, user_id: str | None, token_digest: str
            ) -> tuple[list[PageRow], changes.Feed] | None:
        """(rows, feed) as `page_and_top` gives them, or None after a database error."""
        stmt, args = self.prepare(since=since, limit=limit, user_id=user_id,
                                  token_digest=token_digest)
        conn = self._engine.raw_connection()
        try:
            cursor = conn.cursor()
            try:
                cursor.execute(stmt.sql, args)
                found = cursor.fetchall()
            finally:
                cursor.close()
        except self._engine.dialect.loaded_dbapi.Error:
            conn.invalidate()  # (a cut connection is not given to the next request)
            return None
        finally:
            conn.close()
        return read_rows(stmt, found)


def read_rows(stmt: _Compiled, found: Sequence[Any]) -> tuple[list[PageRow], changes.Feed]:
    """(rows, feed) of the statement's raw rows, converted by the columns' processors."""
    procs = stmt.processors
    if any(p is not None for p in procs):
        found = [tuple(v if p is None or v is None else p(v) for p, v in zip(procs, row,
                                                                              strict=True))
                 for row in found]
    if not found:
        return [], changes.Feed(0, None, 0)
    first = found[0]
    session = None
    if first[4] is not None:
        session = changes.SessionRow(first[3], first[4], bool(first[5]), first[6],
                                     first[7])
    feed = changes.Feed(int(first[0] or 0), first[1], int(first[2] or 0), session)
    return [PageRow(r[8], r[9], r[10], r[11]) for r in found if r[8] is not None], feed


Found = tuple[list[PageRow], changes.Feed]  # what the page's statement read


class TextArrayDumper(Dumper):
    """A list of text (or None) as a PostgreSQL text[], written in one pass: the lists
    the loop's statements pass (action, item and customer ids; the change feed's columns)
    are all text, and psycopg's own list dumper looks each list over for its elements'
    type first (three passes in Python). Any other element is a DataError (the caller
    then serves the request its usual way)."""

    oid = TEXT_ARRAY_OID

    def dump(self, obj: Any) -> bytes:
        parts = []
        for value in obj:
            if value is None:
                parts.append("NULL")
            elif isinstance(value, str):
                parts.append('"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"')
            else:
                raise psycopg.DataError(f"not text: {type(value).__name__}")
        return ("{" + ",".join(parts) + "}").encode()


# LoopPage's connections per server process (CALLSHEET_LOOP_CONNECTIONS, read when the
# server starts; 0 serves every pull on a worker thread, as before).
LOOP_CONNECTIONS = env_count("CALLSHEET_LOOP_CONNECTIONS", 2, lowest=0, what="connections")

class LoopPage:
    """RawPage's statement run on the event loop (PostgreSQL): a pull that finds nothing
    new then needs no hop to a worker thread, which cost about 0.2 ms of CPU of such a
    pull's 1 ms (docs/performance.md, "The empty pull on the event loop").

    A few psycopg AsyncConnections in autocommit (`size`, CALLSHEET_LOOP_CONNECTIONS),
    opened when first needed, with the engine's own connection arguments and type
    adaptations. `run` answers None, and the caller serves the pull on a worker thread
    as before, whenever this cannot: every connection busy, a database error (that
    connection is closed), a connection that could not be opened (none is tried again
    for RETRY_SECONDS), or another event loop than the connections' (a test client's)."""

    RETRY_SECONDS = 5.0

    def __init__(self, raw: RawPage, engine: Engine, size: int) -> None:
        self._raw, self._size = raw, size
        self._args = engine.dialect.create_connect_args(engine.url)
        self._idle: list[Any] = []
        self._open = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._retry_at = 0.0

    async def run(self, *, since: int, limit: int, user_id: str | None, token_digest: str
                  ) -> Found | None:
        stmt, args = self._raw.prepare(since=since, limit=limit, user_id=user_id,
                                       token_digest=token_digest)
        done = await self.execute(stmt.sql, args)
        return None if done is None else read_rows(stmt, done[1])

    async def execute(self, sql: str, args: Any, *, describe: bool = False
                      ) -> tuple[Any, list[Any]] | None:
        """One statement on one of the connections (autocommit: a statement that writes
        is its own transaction): (the cursor's description when `describe`, else None;
        its rows: none for a statement that returns none), or None when it could not be
        run or failed (see the class). Also server.quick_push's."""
        conn = await self._take()
        if conn is None:
            return None
        done = False
        try:
            async with conn.cursor() as cursor:
                await cursor.execute(sql, args)
                result = cursor.pgresult
                rows = result is not None and result.status == psycopg.pq.ExecStatus.TUPLES_OK
                description = cursor.description if describe and rows else None
                found = await cursor.fetchall() if rows else []
            done = True
        except psycopg.Error:
            return None
        finally:
            if done and self._loop is asyncio.get_running_loop():
                self._idle.append(conn)
            else:  # (an error, a cancel: its state is not known)
                self._open -= 1
                conn.pgconn.finish()
        return description, found

    async def _take(self) -> Any:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            if self._loop is not None and self._loop.is_running():
                return None  # (connections of another running loop: theirs)
            self._drop()
            self._loop = loop
        if self._idle:
            return self._idle.pop()
        if self._open >= self._size or time.monotonic() < self._retry_at:
            return None
        self._open += 1
        cargs, cparams = self._args
        try:
            conn = await psycopg.AsyncConnection.connect(*cargs, autocommit=True, **cparams)
        except psycopg.Error:
            self._open -= 1
            self._retry_at = time.monotonic() + self.RETRY_SECONDS
            return None
        # A push's first statement reads a dozen small JSON values (server.quick_push):
        # 225 against 255 µs of CPU for that statement with `json.loads`.
        set_json_loads(json_text.loads, conn)
        conn.adapters.register_dumper(list, TextArrayDumper)  # (a tenth of a push's CPU)
        return conn

    def _drop(self) -> None:
        for conn in self._idle:
            conn.pgconn.finish()  # (no round trip: libpq closes the socket)
        self._open -= len(self._idle)
        self._idle.clear()

    def close(self) -> None:
        """Close the idle connections (at shutdown)."""
        self._drop()


def _time(at: datetime) -> str:
    """A datetime as pydantic writes it in JSON (UTC as "Z")."""
    text = at.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def empty_answer(*, cursor: int, has_more: bool, server_time: datetime,
                 generation: str | None, compacted_through: int) -> bytes:
    """`PullResponse(...).model_dump_json()` of a page with nothing in it, written directly
    (tests/server/test_pull.py compares the two)."""
    at = server_time if server_time.tzinfo is None else server_time.astimezone(UTC)
    return (
        f'{{"cursor":{int(cursor)},"has_more":{"true" if has_more else "false"},'
        f'"server_time":"{_time(at)}","campaigns":[],"offers":[],"scripts":[],'
        f'"queue_items":[],"removed_queue_items":[],"dnc":[],"controls":[],'
        f'"local_retention_days":{int(_RETENTION_DAYS)},"generation":{json.dumps(generation)},'
        f'"compacted_through":{int(compacted_through)}}}').encode()
