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

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import Engine

from server import changes
from wire.schema import PullResponse

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

    def run(self, *, since: int, limit: int, user_id: str | None, token_digest: str
            ) -> tuple[list[PageRow], changes.Feed] | None:
        """(rows, feed) as `page_and_top` gives them, or None after a database error."""
        stmt = self._statement(1 if user_id is not None else 0)
        params = {**stmt.constants, "since": since, "rows": limit + 1, "digest": token_digest}
        if user_id is not None:
            params["user"] = user_id
        args: Any = params if stmt.names is None else [params[n] for n in stmt.names]
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
