"""Rows of several tables inserted with one PostgreSQL statement and one parameter each.

A push batch ends by inserting its call records, audit entries and stored answers. As
three executemany calls that was three round trips, each sent by psycopg 3 as a pipeline
(costly for a few rows); as multi-row VALUES, a statement text that changes with the row
count and has too many parameters for psycopg to cache its parsing (about a quarter of a
push's CPU in the profile). Here each table's rows travel as one JSON array, turned into
rows by `json_populate_recordset` (the table's own row type, so PostgreSQL converts each
field to its column's type), and the tables are written by data-modifying CTEs of one
statement: one round trip, a statement text that stays the same (so psycopg caches it
and PostgreSQL prepares it) whatever the number of rows. The lead's two roll-ups
(server.lead.stats) are upserted the same way, counters added on a conflict.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Table, inspect, text
from sqlalchemy.orm import Session

from server import raw_sql
from server.models import UTCDateTime

# (table, its columns, what an existing row does: "" = nothing, i.e. a plain INSERT, or
# "k1,k2|c1,c2": on a conflict on (k1, k2) add the new row's counters c1, c2 to it)
Spec = tuple[tuple[str, tuple[str, ...], str], ...]
_STATEMENTS: dict[tuple[Spec, str | None], Any] = {}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):  # the columns hold naive UTC (server.models.UTCDateTime)
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


_UTC_COLUMNS: dict[tuple[str, tuple[str, ...], bool], tuple[str, ...] | None] = {}


def _utc_columns(table: Table, keys: tuple[str, ...], *, insert: bool = True
                 ) -> tuple[str, ...] | None:
    """The UTC time columns among `keys` (see `_naive`), or None when an INSERT this way
    would not insert what a Core INSERT would: a column left out that has a Python-side
    default (json_populate_recordset would give it NULL, not the default). Worked out
    once per table and set of columns (a push asks it for each of its tables)."""
    key = (table.name, keys, insert)
    if key not in _UTC_COLUMNS:
        _UTC_COLUMNS[key] = None if insert and any(
            col.name not in keys and col.default is not None for col in table.columns) \
            else tuple(col.name for col in table.columns
                       if col.name in keys and isinstance(col.type, UTCDateTime))
    return _UTC_COLUMNS[key]


def _naive(utc: Sequence[str], rows: list[dict[str, Any]]) -> bool:
    """Whether a UTC column is given a naive time (UTCDateTime refuses these; let it)."""
    return any(isinstance(v := r[name], datetime) and v.tzinfo is None
               for name in utc for r in rows)


def _keys(table: Table, rows: list[dict[str, Any]]) -> tuple[str, ...] | None:
    """The columns the rows give (the same in every row), or None when this way would
    not insert what a Core INSERT would: a column left out that has a Python-side default
    (json_populate_recordset would give it NULL, not the default), or a naive time."""
    keys = tuple(rows[0])
    if any(tuple(r) != keys for r in rows):
        return None
    utc = _utc_columns(table, keys)
    return None if utc is None or _naive(utc, rows) else keys


def _statement(spec: Spec, also: str | None = None) -> Any:
    parts = []
    for i, (name, keys, merge) in enumerate(spec):
        cols = ", ".join(f'"{k}"' for k in keys)
        rows = f'json_populate_recordset(NULL::"{name}", CAST(:r{i} AS json))'
        if merge.startswith("="):  # an UPDATE of existing rows found by that column
            # The planner takes a set-returning function for 100 rows: joined by the key
            # alone, it read a table of a few thousand rows whole (a hash join), which
            # cost the database more than the rest of a push. The same keys as an array
            # (`= ANY`: estimated at ten) make it look each row up by its index.
            by = merge[1:]
            sets = ", ".join(f'"{k}" = j."{k}"' for k in keys if k != by)
            keys_of = f'ARRAY(SELECT k."{by}" FROM {rows} AS k)'
            parts.append(f'UPDATE "{name}" AS t SET {sets} FROM {rows} AS j '
                         f'WHERE t."{by}" = ANY({keys_of}) AND t."{by}" = j."{by}"')
            continue
        sql = f'INSERT INTO "{name}" AS t ({cols}) SELECT {cols} FROM {rows}'
        if merge:
            on, add = (part.split(",") for part in merge.split("|"))
            sql += (" ON CONFLICT (" + ", ".join(f'"{k}"' for k in on) + ") DO UPDATE SET "
                    + ", ".join(f'"{c}" = t."{c}" + excluded."{c}"' for c in add))
        parts.append(sql)
    if also is not None:
        parts.append(also)
    *first, last = parts
    if not first:
        return text(last)
    return text("WITH " + ", ".join(f"w{i} AS ({p})" for i, p in enumerate(first))
                + " " + last)


def orm_updates(session: Session, model: type[Any]
                ) -> list[tuple[Any, dict[str, Any]]] | None:
    """The pending changes of a session that holds nothing but changed `model` rows, as
    (object, {primary key, changed columns...}); None when the session holds anything
    else (new or deleted objects, other classes, a change that is not a plain column):
    the ORM then flushes as usual. Nothing is touched: once `insert_rows(updates=...)`
    has written the rows, the caller takes the objects out of the session
    (`session.expunge`), so the ORM does not write them a second time."""
    if session.new or session.deleted:
        return None
    table = model.__table__
    key = [c.name for c in table.primary_key.columns]
    if len(key) != 1:
        return None
    found: list[tuple[Any, dict[str, Any]]] = []
    for obj in session.dirty:
        if type(obj) is not model:
            return None
        state = inspect(obj)
        changed: dict[str, Any] = {}
        for attr in state.attrs:
            history = attr.history
            if not history.has_changes():
                continue
            if attr.key not in table.c or attr.key == key[0] or len(history.added) != 1:
                return None
            changed[attr.key] = history.added[0]
        if changed:
            found.append((obj, {key[0]: getattr(obj, key[0]), **changed}))
    return found


def insert_rows(session: Session, batches: Sequence[tuple[Table, list[dict[str, Any]]]], *,
                add_on_conflict: dict[str, tuple[list[str], list[str]]] | None = None,
                updates: tuple[Table, list[dict[str, Any]]] | None = None,
                also: tuple[str, dict[str, Any]] | None = None) -> bool:
    """Insert every (table, rows) in one statement, in this order; False (nothing done)
    when the rows do not suit it (see `_keys`): the caller inserts them its usual way.
    `add_on_conflict`: table name -> (key columns, counter columns): a row whose key
    exists adds its counters to the existing row (the rows' keys must be distinct).
    `updates`: rows of existing records (primary key and the columns to set, as
    `orm_updates` gives them), updated by the same statement before the inserts.
    `also`: one more data-modifying statement (SQL text, its parameters, whose names do not
    start with "r" and a digit), run as the statement's last part (server.changes'
    `pending_part`)."""
    spec: list[tuple[str, tuple[str, ...], str]] = []
    params: dict[str, str] = {}

    def add(table: Table, rows: list[dict[str, Any]], keys: tuple[str, ...], how: str
            ) -> bool:
        try:
            params[f"r{len(spec)}"] = json.dumps(rows, default=_plain, ensure_ascii=False,
                                                 allow_nan=False)
        except (TypeError, ValueError):  # (not JSON: a NaN, a type of its own)
            return False
        spec.append((table.name, keys, how))
        return True

    if updates is not None and updates[1]:
        table, rows = updates
        by = next(iter(table.primary_key.columns)).name
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for row in rows:  # one UPDATE for each set of changed columns
            groups.setdefault(tuple(row), []).append(row)
        for cols, group in groups.items():
            utc = _utc_columns(table, cols, insert=False) or ()
            if _naive(utc, group) or not add(table, group, cols, "=" + by):
                return False
    for table, rows in batches:
        if not rows:
            continue
        keys = _keys(table, rows)
        if keys is None:
            return False
        merge = (add_on_conflict or {}).get(table.name)
        if not add(table, rows, keys,
                   ",".join(merge[0]) + "|" + ",".join(merge[1]) if merge else ""):
            return False
    if not spec and also is None:
        return True
    key = (tuple(spec), also[0] if also else None)
    stmt = _STATEMENTS.get(key)
    if stmt is None:
        stmt = _STATEMENTS[key] = _statement(*key)
    with session.no_autoflush:  # (`updates` are the pending changes, written here)
        raw_sql.rows(session, stmt, {**params, **also[1]} if also else params)
    return True
