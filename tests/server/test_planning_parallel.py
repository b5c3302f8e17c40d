"""The import read, checked and built in worker processes (server/planning/parallel.py)
gives what the one-process import gives: the same customers stored, the same rejected
rows with the same line numbers and reasons, the same refusal of an unreadable file,
for files cut into many small pieces: quoted fields with newlines and commas, quotes
inside unquoted fields, duplicates across pieces, blank and short rows, GBK, a BOM,
CRLF and lone-CR line ends. A cancel ends the workers and keeps nothing."""

from __future__ import annotations

import csv
import io
import multiprocessing as mp
import os
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from server import models as m
from server.planning import chunks, parallel
from server.planning.importing import ImportResult, import_customers
from server.planning.reading import Unreadable
from server.planning.synth import header, rows

TODAY = date(2026, 11, 23)
COLS = ", ".join(c for c in chunks.ROW_COLS)
PIECES = (700, 1100, 1600, 2300)  # bytes a piece: a few rows each, cut at many places


def _lines(n: int = 240) -> list[list[str]]:
    out = [header(), *rows(n, seed=11)]
    return out


def _write(path: Path, table: list[list[str]], *, encoding: str = "utf-8",
           end: str = "\n", bom: bool = False, tail: bool = True) -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator=end).writerows(table)
    body = buf.getvalue() if tail else buf.getvalue()[: -len(end)]
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + body.encode(encoding))
    return path


def _stored(s: Session) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in s.execute(text(f"SELECT {COLS} FROM customers "
                                             "ORDER BY external_id"))]


def _run(s: Session, path: Path, workers: int, **kw: Any) \
        -> tuple[ImportResult | str, list[tuple[Any, ...]]]:
    """The import's result (or the Unreadable message) and what it stored; rolled back."""
    try:
        res: ImportResult | str = import_customers(s, path, today=TODAY, workers=workers,
                                                   report=path.with_suffix(".err"), **kw)
        stored = _stored(s)
        # new customers get time-ordered ids (bulk.time_ids), in workers as in one process
        assert {uuid.UUID(i).version for i in s.scalars(text("SELECT id FROM customers"))} \
            <= {7}
    except Unreadable as exc:
        res, stored = str(exc), []
    s.rollback()
    return res, stored


def _same(s: Session, path: Path, monkeypatch: pytest.MonkeyPatch, **kw: Any) \
        -> ImportResult | str:
    """Import the file in one process, then in two workers at several piece sizes:
    every run gives the same result and stores the same customers."""
    one, stored = _run(s, path, 1, **kw)
    for size in PIECES:
        monkeypatch.setattr(parallel, "PIECE", size)
        two, stored2 = _run(s, path, 2, **kw)
        if isinstance(one, str):
            assert two == one, size
        else:
            assert isinstance(two, ImportResult), two
            assert (two.rows, two.inserted, two.updated, two.errors) == \
                (one.rows, one.inserted, one.updated, one.errors), size
        assert stored2 == stored, size
    assert not mp.active_children()  # the workers ended with their import
    return one


def _messy(table: list[list[str]]) -> list[list[str]]:
    """Row errors, duplicates far apart, a blank and a short row."""
    t = [list(r) for r in table]
    ext, phone, name = (t[0].index(c) for c in ("external_id", "phone", "name"))
    t[10][phone] = "12345"
    t[150][ext] = t[5][ext]  # a duplicate many pieces later
    t[200][name] = ""
    t[60] = [""] * len(t[0])  # blank: skipped
    t[90] = t[90][:5]  # short
    return t


def test_plain_file_with_bad_rows(session: Session, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    res = _same(session, _write(tmp_path / "a.csv", _messy(_lines())), monkeypatch)
    assert isinstance(res, ImportResult)
    assert res.inserted == 235
    assert [(ln, r.split(":")[0]) for ln, _, r in res.errors] == [
        (11, "phone"), (91, f"expected {len(header())} fields, found 5"), (151, "external_id"),
        (201, "name")]


@pytest.mark.parametrize("shape", ["crlf", "no final newline", "bom", "gbk", "lone cr"])
def test_line_ends_and_encodings(session: Session, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch, shape: str) -> None:
    kw: dict[str, Any] = {}
    shapes: dict[str, dict[str, Any]] = {
        "crlf": {"end": "\r\n"}, "no final newline": {"tail": False}, "bom": {"bom": True},
        "gbk": {"encoding": "gbk"}, "lone cr": {"end": "\r"}}
    opts = shapes[shape]
    if shape == "gbk":
        kw["encoding"] = "gbk"
    res = _same(session, _write(tmp_path / "a.csv", _messy(_lines()), **opts), monkeypatch,
                **kw)
    assert isinstance(res, ImportResult) and res.inserted == 235, res


def test_quoted_fields_with_newlines_and_commas(session: Session, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A row spanning lines moves the line numbers of every row after it."""
    t = _messy(_lines())
    region = t[0].index("region")
    for i in range(3, len(t), 7):
        if len(t[i]) > region:
            t[i][region] = f"广东省\n广州市, 天河区 {i}"
    res = _same(session, _write(tmp_path / "q.csv", t), monkeypatch)
    assert isinstance(res, ImportResult) and res.inserted == 235
    assert res.errors[0][0] == 12  # line 11 in the plain file, one multi-line row before


def test_quotes_inside_unquoted_fields(session: Session, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A quote inside an unquoted field (`6.1"`) is a character to the csv module but
    spoils the quote count after it; with quoted multi-line fields after it, a count
    alone would cut rows apart."""
    t = _messy(_lines())
    handset, region = t[0].index("handset"), t[0].index("region")
    for i in range(20, len(t), 9):
        if len(t[i]) > region:
            t[i][handset] = '6.1" 屏'
            t[i + 1][region] = "广东省\n广州市"
    path = tmp_path / "s.csv"
    body = io.StringIO()
    csv.writer(body, lineterminator="\n", quoting=csv.QUOTE_MINIMAL).writerows(t)
    # the writer quotes the cell with the quote; write it bare, as some exports do
    path.write_text(body.getvalue().replace('"6.1"" 屏"', '6.1" 屏'), encoding="utf-8")
    res = _same(session, path, monkeypatch)
    assert isinstance(res, ImportResult) and res.inserted == 235, res


@pytest.mark.parametrize("fault", ["malformed", "undecodable"])
def test_unreadable_late_in_the_file(session: Session, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch, fault: str) -> None:
    path = _write(tmp_path / "u.csv", _messy(_lines()))
    lines = path.read_bytes().split(b"\n")
    lines[180] = (b'"X1"x,' if fault == "malformed" else b"\xff\xfe,") + lines[180]
    path.write_bytes(b"\n".join(lines))
    res = _same(session, path, monkeypatch)
    assert isinstance(res, str) and "nothing was imported" in res
    assert ("line 181" if fault == "malformed" else "line 181: not valid UTF-8") in res


def test_cancel_ends_the_workers_and_keeps_nothing(session: Session, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "PIECE", 1000)
    path = _write(tmp_path / "c.csv", _lines())
    seen: list[int] = []

    class Stop(Exception):
        pass

    def progress(n: int) -> None:
        seen.append(n)
        if len(seen) == 3:
            raise Stop

    with pytest.raises(Stop):
        import_customers(session, path, today=TODAY, workers=2, progress=progress)
    session.rollback()
    assert not mp.active_children()
    assert seen == sorted(seen) and 0 < seen[-1] < 240
    assert session.scalar(select(func.count()).select_from(m.Customer)) == 0


def test_reimport_in_workers_updates(session: Session, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Customers already on file are updated, the others inserted, as in one process."""
    first = _lines()[:120]
    import_customers(session, _write(tmp_path / "1.csv", first), today=TODAY)
    session.commit()
    res = _same(session, _write(tmp_path / "2.csv", _messy(_lines())), monkeypatch)
    assert isinstance(res, ImportResult) and (res.updated + res.unchanged, res.inserted) \
        == (116, 119), res


def test_auto_workers_only_for_large_csv(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    small = _write(tmp_path / "a.csv", _lines(5))
    assert parallel.auto_workers(small) == 1
    monkeypatch.setattr(parallel, "AUTO_BYTES", 100)
    assert parallel.auto_workers(tmp_path / "a.xlsx") == 1
    cores = len(os.sched_getaffinity(0))
    assert parallel.auto_workers(small) == (1 if cores < 2 else min(cores, parallel.MAX_WORKERS))


def test_account_managers_from_the_file(session: Session, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 22's account_manager column: the workers take it off the new customers'
    rows and the import sets the owners, as in one process."""
    from server.auth import hash_password
    from server.db import utcnow
    from server.planning.models import AccountOwner
    from wire.schema import Role

    for name, role in (("km1", Role.TEAM_LEAD), ("ag1", Role.AGENT)):
        session.add(m.User(username=name, display_name=name, role=role.value, team_id=None,
                           password_hash=hash_password("x"), active=True,
                           created_at=utcnow()))
    session.commit()
    t = [["external_id", "name", "phone", "account_manager"]]
    t += [[f"K{i:03d}", "甲", f"139{i:08d}", ("km1", "", "ag1", "km1")[i % 4]]
          for i in range(1, 200)]
    t[50][0] = t[10][0]  # a duplicate, pieces apart
    path = _write(tmp_path / "k.csv", t)

    def owned() -> list[tuple[Any, ...]]:
        return sorted(tuple(r) for r in session.execute(
            select(m.Customer.external_id, m.User.username)
            .join(AccountOwner, AccountOwner.customer_id == m.Customer.id)
            .join(m.User, m.User.id == AccountOwner.manager_id)))

    one = import_customers(session, path, today=TODAY, workers=1)
    want = owned()
    session.rollback()
    monkeypatch.setattr(parallel, "PIECE", 600)
    two = import_customers(session, path, today=TODAY, workers=2)
    assert (two.inserted, two.owners_set, two.errors) == \
        (one.inserted, one.owners_set, one.errors)
    assert owned() == want and len(want) == one.owners_set > 90
    session.rollback()
