"""Rows of several tables inserted with one PostgreSQL statement and one parameter each.

A push batch ends by inserting its call records, audit entries and stored answers. As
three executemany calls that was three round trips, each sent by psycopg 3 as a pipeline
(costly for a few rows); as multi-row VALUES, a statement text that changes with the row
count and has too many parameters for psycopg to cache its parsing (about a quarter of a
push's CPU in the profile). Here each table's rows travel as one JSON array, turned into
rows by `json_populate_recordset` (the table's own row type, so PostgreSQL converts each
field to its column's type), and the tables are written by data-modifying CTEs of one
statement: one round trip, a statement text that stays the same (so psycopg caches it
and PostgreSQL prepares it) whatever the number of rows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.orm import Session

from server.models import UTCDateTime

_STATEMENTS: dict[tuple[tuple[str, tuple[str, ...]], ...], Any] = {}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):  # the columns hold naive UTC (server.models.UTCDateTime)
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _keys(table: Table, rows: list[dict[str, Any]]) -> tuple[str, ...] | None:
    """The columns the rows give (the same in every row), or None when this way would
    not insert what a Core INSERT would: a column left out that has a Python-side default
    (json_populate_recordset would give it NULL, not the default), or a naive time."""
    keys = tuple(rows[0])
    if any(tuple(r) != keys for r in rows):
        return None
    for col in table.columns:
        if col.name not in keys and col.default is not None:
            return None
    for col in table.columns:
        if col.name in keys and isinstance(col.type, UTCDateTime) and any(
                isinstance(v := r[col.name], datetime) and v.tzinfo is None for r in rows):
            return None  # (UTCDateTime refuses these; let it)
    return keys


def _statement(spec: tuple[tuple[str, tuple[str, ...]], ...]) -> Any:
    parts = []
    for i, (name, keys) in enumerate(spec):
        cols = ", ".join(f'"{k}"' for k in keys)
        parts.append(f'INSERT INTO "{name}" ({cols}) SELECT {cols} FROM '
                     f'json_populate_recordset(NULL::"{name}", CAST(:r{i} AS json))')
    *first, last = parts
    if not first:
        return text(last)
    return text("WITH " + ", ".join(f"w{i} AS ({p})" for i, p in enumerate(first))
                + " " + last)


def insert_rows(session: Session, batches: Sequence[tuple[Table, list[dict[str, Any]]]]
                ) -> bool:
    """Insert every (table, rows) in one statement, in this order; False (nothing done)
    when the rows do not suit it (see `_keys`): the caller inserts them its usual way."""
    spec: list[tuple[str, tuple[str, ...]]] = []
    params: dict[str, str] = {}
    for table, rows in batches:
        if not rows:
            continue
        keys = _keys(table, rows)
        if keys is None:
            return False
        try:
            params[f"r{len(spec)}"] = json.dumps(rows, default=_plain, ensure_ascii=False,
                                                 allow_nan=False)
        except (TypeError, ValueError):  # (not JSON: a NaN, a type of its own)
            return False
        spec.append((table.name, keys))
    if not spec:
        return True
    key = tuple(spec)
    stmt = _STATEMENTS.get(key)
    if stmt is None:
        stmt = _STATEMENTS[key] = _statement(key)
    session.execute(stmt, params)
    return True
