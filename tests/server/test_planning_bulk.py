"""The import's bulk writes on SQLite and PostgreSQL: executemany and COPY store odd text,
NULLs, dates, booleans and numbers exactly, and SQLite's phone indexes, dropped during a
large import, are back after it and after a failed one."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import MetaData, Table, func, select, text
from sqlalchemy.orm import Session

from server import models as m
from server.planning import importing
from server.planning.bulk import insert_rows, new_ids
from server.planning.reading import Unreadable
from server.planning.synth import header, rows

TODAY = date(2026, 11, 23)
ODD = ["plain", "tab\there", "new\nline", "cr\rlf\r\n", "back\\slash", "\\N", "\\.",
       "中文 名字", "ends with \\", "", "'quoted' \"too\"", "=SUM(A1)"]


def test_bulk_insert_stores_odd_values_exactly(session: Session) -> None:
    """Text with COPY's special characters, NULLs, dates, booleans, floats and ints come
    back as they went in, in the all-text columns and in mixed ones."""
    conn = session.connection()
    conn.exec_driver_sql("CREATE TABLE bulk_probe (id VARCHAR(36) PRIMARY KEY, t TEXT, "
                         "o TEXT, d DATE, b BOOLEAN, f FLOAT, i INTEGER, ts TIMESTAMP)")
    sqlite = conn.dialect.name == "sqlite"
    ids = new_ids(len(ODD))
    want = []
    for k, (i, s) in enumerate(zip(ids, ODD, strict=True)):
        d = date(2026, 1, 1 + k) if k % 2 else None
        ts = datetime(2026, 2, 3, 4, 5, 6, 7000 * k) if k % 3 else None
        want.append((i, s, None if k % 4 == 0 else s, d, bool(k % 2), k / 7 - 0.5, k - 3,
                     ts))
    stored = [(i, s, o, d.isoformat() if sqlite and d else d, int(b) if sqlite else b,
               f, n, ts.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite and ts else ts)
              for i, s, o, d, b, f, n, ts in want]
    insert_rows(session, Table("bulk_probe", MetaData()),
                ("id", "t", "o", "d", "b", "f", "i", "ts"), stored)
    got = session.execute(text("SELECT id, t, o, d, b, f, i, ts FROM bulk_probe")).all()
    by_id = {r[0]: r for r in got}
    for i, s, o, d, b, f, n, ts in want:
        r = by_id[i]
        assert r[1] == s and r[2] == o and r[5] == f and r[6] == n
        assert (str(r[3]) if r[3] is not None else None) == (d.isoformat() if d else None)
        assert bool(r[4]) is b
        if ts is None:
            assert r[7] is None
        else:
            assert str(r[7]).replace("T", " ").startswith(str(ts)[:19])


def _write(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header())
        w.writerows(rows(n))
    return path


def _indexes(s: Session) -> set[str]:
    if s.connection().dialect.name == "sqlite":
        q = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers'"
    else:
        q = "SELECT indexname FROM pg_indexes WHERE tablename = 'customers'"
    return {str(x) for x in s.execute(text(q)).scalars()}


def test_large_import_keeps_its_indexes(session: Session, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The indexes dropped for a large import are there after it (and used: a lookup by
    phone finds the customer), and after an import that failed at its last line the
    table and its indexes are as they were."""
    monkeypatch.setattr(importing, "BATCH", 500)
    monkeypatch.setattr(importing, "DEFER_INDEXES_AFTER", 1000)
    before = _indexes(session)
    assert "ix_customers_phone" in before
    res = importing.import_customers(session, _write(tmp_path / "a.csv", 3000), today=TODAY)
    session.commit()
    assert res.inserted == 3000 and not res.errors
    assert _indexes(session) == before
    phone = session.scalar(select(m.Customer.phone).limit(1))
    if session.connection().dialect.name == "sqlite":
        plan = " ".join(str(r[-1]) for r in session.execute(
            text("EXPLAIN QUERY PLAN SELECT id FROM customers WHERE phone = :p"),
            {"p": phone}))
        assert "ix_customers_phone" in plan
    # a second, larger file that breaks at its end: nothing of it stays, indexes included
    bad = tmp_path / "b.csv"
    with bad.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header())
        extra = rows(4000, seed=9, start=10_000)
        w.writerows(extra)
        fh.write('C50,"unterminated,13812340050\n')
    with pytest.raises(Unreadable, match="malformed CSV"):
        importing.import_customers(session, bad, today=TODAY)
    session.rollback()
    assert session.scalar(select(func.count()).select_from(m.Customer)) == 3000
    assert _indexes(session) == before
