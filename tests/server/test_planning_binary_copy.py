"""The import's binary COPY (server/planning/bulk.py `copy_formatter`, `copy_binary`): rows
made in COPY's binary format come back as the text COPY stores them, odd values included;
a table with a column of a type it does not make is left to the text COPY; and, since the
binary form of an integer is cut to its column's width where the text would be refused,
every integer the import stores has bounds that fit its column."""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Integer, SmallInteger
from sqlalchemy.orm import Session

from server import models as m
from server.planning import chunks
from server.planning.bulk import copy_binary, copy_formatter, copy_rows
from server.planning.fields import FIELDS

ODD = ["plain", "tab\there", "new\nline", "cr\rlf\r\n", "back\\slash", "\\N", "\\.",
       "中文 名字", "ends with \\", "", "'quoted' \"too\"", "=SUM(A1)", "😀 astral", "\u200b"]
PROBE = ("CREATE TABLE {name} (id VARCHAR(36) PRIMARY KEY, t TEXT, v VARCHAR(400), "
         "j JSON, d DATE, b BOOLEAN, f DOUBLE PRECISION, i INTEGER, s SMALLINT, g BIGINT)")
COLS = ("id", "t", "v", "j", "d", "b", "f", "i", "s", "g")


def _probe_rows() -> list[tuple[Any, ...]]:
    out = []
    for k, s in enumerate(ODD):
        out.append((f"id-{k:03d}", s, None if k % 4 == 0 else s,
                    json.dumps([{"text": s, "n": k / 3}], ensure_ascii=k % 2 == 0),
                    date(1, 1, 1) if k == 1 else date(2026, 1, 1 + k) if k % 2 else None,
                    bool(k % 2) if k % 5 else None, (k / 7 - 0.5) * 10 ** k, k - 3,
                    -32768 if k == 2 else 32767 if k == 3 else k, -(2 ** 63) + k))
    return out


def on_postgres(test: Any) -> Any:
    return pytest.mark.postgres(
        pytest.mark.parametrize("backend", ["postgresql"], indirect=True)(test))


@pytest.fixture
def pg(session: Session) -> Session:
    return session


def _read(s: Session, table: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in s.connection().exec_driver_sql(
        f"SELECT {', '.join(COLS[:3])}, j::text, {', '.join(COLS[4:])} FROM {table} "
        "ORDER BY id")]


@on_postgres
def test_binary_rows_store_what_text_rows_store(pg: Session) -> None:
    conn = pg.connection()
    for name in ("by_text", "by_binary"):
        conn.exec_driver_sql(PROBE.format(name=name))
    rows = _probe_rows()
    copy_rows(conn.connection.dbapi_connection, "by_text", COLS, rows)
    fmt = copy_formatter(pg, "by_binary", COLS)
    assert fmt is not None
    blocks = []
    for half in (rows[: len(rows) // 2], rows[len(rows) // 2:]):  # blocks of whole rows
        out = bytearray()
        for r in half:
            fmt(r, out)
        blocks.append(bytes(out))
    copy_binary(pg, "by_binary", COLS, blocks)
    got, want = _read(pg, "by_binary"), _read(pg, "by_text")
    assert got == want
    assert [r[1] for r in got] == ODD
    assert math.isclose(got[-1][6], (13 / 7 - 0.5) * 10 ** 13)


@on_postgres
def test_a_value_of_the_wrong_kind_is_refused_not_stored(pg: Session) -> None:
    pg.connection().exec_driver_sql(PROBE.format(name="by_binary"))
    fmt = copy_formatter(pg, "by_binary", COLS)
    assert fmt is not None
    row = list(_probe_rows()[1])
    row[7] = "12"  # a str where the integer column wants an int
    with pytest.raises(TypeError):
        fmt(row, bytearray())


@on_postgres
def test_a_column_of_another_type_leaves_the_table_to_text_copy(pg: Session) -> None:
    pg.connection().exec_driver_sql(
        "CREATE TABLE other (id VARCHAR(36), at TIMESTAMP WITH TIME ZONE)")
    assert copy_formatter(pg, "other", ("id", "at")) is None
    assert copy_formatter(pg, "other", ("id",)) is not None


@on_postgres
def test_the_customers_columns_are_all_made_in_binary(pg: Session) -> None:
    """The import's own table: if a migration gives it a column of a type the binary
    formatter does not make, the import quietly goes back to text and loses its speed."""
    from server.planning.importing import INSERT_COLS

    assert copy_formatter(pg, m.Customer.__tablename__, INSERT_COLS) is not None


def test_every_stored_integer_of_the_import_fits_its_column() -> None:
    """An int past 2**31 made in binary for an INTEGER column wraps to a negative number
    instead of being refused: so the checked bounds of every integer field that is stored
    must fit its column. (The computed ones, value_score 0-100 and the counts, are
    bounded by their formulas.)"""
    columns = m.Customer.__table__.columns
    limits = {Integer: 2 ** 31 - 1, SmallInteger: 2 ** 15 - 1}
    checked = 0
    for field in chunks.ROW_COLS:
        if field not in FIELDS or field not in columns:
            continue
        kind = FIELDS[field][0]
        col_type = type(columns[field].type)
        if col_type in limits:
            base, lo, hi = kind.split(":")
            assert base == "int", field
            assert -limits[col_type] - 1 <= int(lo) <= int(hi) <= limits[col_type], field
            checked += 1
    assert checked >= 6  # star_level, tenure, plan minutes and MB, complaints, broadband


_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                max_size=40)
_ROWS = st.lists(st.tuples(
    _TEXT, st.one_of(st.none(), _TEXT),
    st.lists(st.one_of(_TEXT, st.floats(allow_nan=False, allow_infinity=False)),
             max_size=3).map(lambda v: json.dumps(v, ensure_ascii=False)),
    st.one_of(st.none(), st.dates()), st.one_of(st.none(), st.booleans()),
    st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)),
    st.integers(-(2 ** 31), 2 ** 31 - 1), st.integers(-(2 ** 15), 2 ** 15 - 1),
    st.one_of(st.none(), st.integers(-(2 ** 63), 2 ** 63 - 1))), min_size=1, max_size=8)


@on_postgres
def test_any_row_of_these_kinds_is_stored_alike_in_binary_and_in_text(pg: Session) -> None:
    """Hypothesis: rows of every kind the import stores (any text but NUL and lone
    surrogates, JSON text, dates of the whole calendar, floats from subnormal to huge and
    -0.0, integers at their columns' edges, NULLs) come back the same from both COPYs."""
    conn = pg.connection()
    for name in ("by_text", "by_binary"):
        conn.exec_driver_sql(PROBE.format(name=name))
    raw = conn.connection.dbapi_connection
    fmt = copy_formatter(pg, "by_binary", COLS)
    assert fmt is not None

    @settings(max_examples=40, deadline=None, database=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(_ROWS)
    def stored_alike(rows: list[tuple[Any, ...]]) -> None:
        keyed = [(f"r{k:02d}", *r) for k, r in enumerate(rows)]
        conn.exec_driver_sql("TRUNCATE by_text, by_binary")
        copy_rows(raw, "by_text", COLS, keyed)
        out = bytearray()
        for r in keyed:
            fmt(r, out)
        copy_binary(pg, "by_binary", COLS, [bytes(out)])
        assert _read(pg, "by_binary") == _read(pg, "by_text")

    stored_alike()
