"""A statement of the hot paths run on the DBAPI connection of a Session's transaction,
past SQLAlchemy's execution layers (PostgreSQL).

A push sends five statements, each cost 0.3-0.5 ms of CPU through `Session.execute`
(the ORM's execution layer, the Connection, the compiled cache lookup, the parameters'
processing, the result's metadata built from the cursor's description) around the
0.05-0.1 ms psycopg itself spends (docs/performance.md, "Fourth pass"). Here a Core
statement or text is compiled once per dialect into SQL text (an expanding `IN` list
becomes `= ANY(array)`, so the text does not change with the number of values and
psycopg prepares it), run on the cursor of the connection the Session's transaction
holds (so it sees and is part of what the transaction wrote), and its columns converted
by their own types' result processors, as SQLAlchemy would convert them.

What stays SQLAlchemy's: the transaction (BEGIN, COMMIT, the Session's hooks), the pool.
The Session's pending changes are flushed first, as its autoflush would. A database error
is raised as SQLAlchemy raises it (`sqlalchemy.exc.DBAPIError.instance`: an
`IntegrityError` is still one), its parameters hidden as `server.db.make_engine` hides
them. Other dialects (SQLite) run the statement through the Session as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple, cast

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from server.models import UTCDateTime

Processor = Callable[[Any], Any] | None
_EXPANDING = re.compile(r"IN \(__\[POSTCOMPILE_(\w+)\]\)")


class _Compiled(NamedTuple):
    sql: str
    constants: dict[str, Any]  # the statement's own literal parameters
    columns: Sequence[Any] | None  # a select's columns (a text() here is a write: no rows)
    # the columns' result processors, made at the first execution from the cursor's
    # description (a type's processor may depend on the type the database sent), None
    # for each column when no column has one
    processors: list[tuple[Processor, ...] | None]


_CACHE: dict[tuple[int, str], tuple[Any, _Compiled]] = {}


def _cache_long_texts() -> None:
    """psycopg keeps its parsing of a statement's text (placeholders to $n) in a small LRU
    cache, but only for texts up to 4,096 bytes (psycopg._queries.MAX_CACHED_STATEMENT_
    LENGTH); a push's first statement (server.sync.KNOWN_AND_ROWS) is about 5,400, so it
    was parsed again at every push. The texts here are few and fixed: the limit is raised.
    (A psycopg without that setting is left as it is.)"""
    try:
        from psycopg import _queries
    except ImportError:  # (no psycopg: SQLite only)
        return
    if getattr(_queries, "MAX_CACHED_STATEMENT_LENGTH", None) == 4096:
        _queries.MAX_CACHED_STATEMENT_LENGTH = 16384


_cache_long_texts()


def _compile(stmt: Any, session: Session) -> _Compiled | None:
    """The statement compiled for the session's dialect, or None when it is not
    PostgreSQL's (the caller then runs it through the Session)."""
    dialect = session.get_bind().dialect
    if dialect.name != "postgresql":
        return None
    return _compile_for(stmt, dialect)


def _compile_for(stmt: Any, dialect: Any) -> _Compiled:
    key = (id(stmt), dialect.name)
    found = _CACHE.get(key)
    if found is None or found[0] is not stmt:
        compiled = stmt.compile(dialect=dialect)
        sql = _EXPANDING.sub(r"= ANY(%(\1)s)", str(compiled))
        columns = getattr(stmt, "selected_columns", None)
        constants = {k: v for k, v in compiled.params.items() if v is not None}
        found = _CACHE[key] = (stmt, _Compiled(
            sql, constants, list(columns) if columns is not None else None, []))
    return found[1]


def _as_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC)


def _processor(col: Any, dialect: Any, coltype: Any) -> Processor:
    """The column's result processor; a UTC time column's as one plain call (its
    TypeDecorator's would call the type's method through two more layers, on every value
    of every row, for what is `_as_utc`)."""
    impl = col.type.dialect_impl(dialect)
    if isinstance(col.type, UTCDateTime) and impl.impl.result_processor(
            dialect, coltype) is None:
        return _as_utc  # (UTCDateTime.process_result_value, None being skipped by rows())
    return cast(Processor, impl.result_processor(dialect, coltype))


def _processors(compiled: _Compiled, dialect: Any, description: Any
                ) -> tuple[Processor, ...] | None:
    if not compiled.processors:
        assert compiled.columns is not None
        procs = tuple(_processor(col, dialect, d[1])
                      for col, d in zip(compiled.columns, description, strict=True))
        compiled.processors.append(None if all(p is None for p in procs) else procs)
    return compiled.processors[0]


# session.info key: a list where the session's writes through `rows` are kept, not run
# (server.quick_push runs them itself); a read there raises NeedsDatabase.
DEFERRED = "callsheet.raw_sql_deferred"


class NeedsDatabase(Exception):
    """A session whose statements are deferred (`DEFERRED`) was asked for a read."""


class Prepared(NamedTuple):
    """A statement compiled for PostgreSQL, with its arguments (`prepare`)."""

    sql: str
    args: dict[str, Any]
    compiled: _Compiled


def _prepared(compiled: _Compiled, params: Mapping[str, Any]) -> Prepared:
    return Prepared(compiled.sql, {**compiled.constants, **params}, compiled)


def prepare(stmt: Any, params: Mapping[str, Any], dialect: Any) -> Prepared:
    """The SQL text and arguments `rows` runs for `stmt` (a PostgreSQL `dialect`)."""
    return _prepared(_compile_for(stmt, dialect), params)


def convert(prepared: Prepared, dialect: Any, description: Any,
            found: list[Sequence[Any]]) -> list[Sequence[Any]]:
    """The driver's rows of a select as `rows` gives them (its columns' processors)."""
    compiled = prepared.compiled
    if compiled.columns is None or not found:
        return found
    procs = compiled.processors[0] if compiled.processors else _processors(
        compiled, dialect, description)
    if procs is None:
        return found
    which = [(i, p) for i, p in enumerate(procs) if p is not None]
    out: list[Sequence[Any]] = []
    for row in found:
        values = list(row)
        for i, p in which:
            if values[i] is not None:
                values[i] = p(values[i])
        out.append(values)
    return out


def rows(session: Session, stmt: Any, params: Mapping[str, Any]) -> list[Sequence[Any]]:
    """The rows (tuples, in the statement's column order) of a select, or [] for a
    statement that returns none. In a session with `DEFERRED` writes, a write is added
    to that list and a read raises NeedsDatabase."""
    compiled = _compile(stmt, session)
    deferred: list[Prepared] | None = session.info.get(DEFERRED)
    if deferred is not None:
        if compiled is None or compiled.columns is not None:
            raise NeedsDatabase(str(stmt)[:80])
        deferred.append(_prepared(compiled, params))
        return []
    if compiled is None:
        result = session.execute(stmt, dict(params))
        return list(result.all()) if getattr(stmt, "selected_columns", None) is not None \
            else []
    session._autoflush()  # (what Session.execute does first)
    conn = session.connection()
    driver = conn.connection.driver_connection
    assert driver is not None
    prepared = _prepared(compiled, params)
    dbapi_error = conn.dialect.loaded_dbapi.Error
    try:
        with driver.cursor() as cursor:
            cursor.execute(compiled.sql, prepared.args)
            if compiled.columns is None:
                return []
            found: list[Sequence[Any]] = cursor.fetchall()
            description = cursor.description
    except dbapi_error as exc:
        cut = conn.dialect.is_disconnect(exc, driver, None)
        if cut:
            conn.invalidate(exc)  # (as SQLAlchemy does: not given to the next request)
        # (never the parameters in the error's text: phone numbers, notes; server.db)
        raise DBAPIError.instance(compiled.sql, prepared.args, exc, dbapi_error,
                                  hide_parameters=True, connection_invalidated=cut) from exc
    return convert(prepared, conn.dialect, description, found)
