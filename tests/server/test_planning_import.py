"""import-customers / import-dnc / export-dnc on SQLite and PostgreSQL, with good and bad
files: bad rows with line numbers, GBK, BOM, XLSX, malformed CSV, re-import."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server import models as m
from server.planning.dnc_io import export_dnc, import_dnc
from server.planning.importing import Mapping, import_customers
from server.planning.reading import Unreadable

DATA = Path(__file__).resolve().parents[1] / "data" / "planning"
SMALL = DATA / "customers_small.csv"
TODAY = date(2026, 11, 23)


def _count(s: Session) -> int:
    return int(s.scalar(select(func.count()).select_from(m.Customer)) or 0)


def _import(s: Session, path: Path, **kw: object) -> object:
    res = import_customers(s, path, today=TODAY, **kw)  # type: ignore[arg-type]
    s.commit()
    return res


def test_good_rows_imported_bad_rows_reported_with_line_numbers(session: Session,
                                                                 tmp_path: Path) -> None:
    report = tmp_path / "errors.csv"
    res = import_customers(session, SMALL, today=TODAY, report=report)
    session.commit()
    assert (res.rows, res.inserted, res.updated, res.rejected) == (17, 12, 0, 5)
    rows = list(csv.reader(report.open(encoding="utf-8-sig")))
    assert rows[0] == ["line", "external_id", "reason"]
    assert [(r[0], r[1]) for r in rows[1:]] == [
        ("14", "B01"), ("15", "B02"), ("16", "C02"), ("17", "B04"), ("18", "")]
    reasons = [r[2] for r in rows[1:]]
    assert reasons[0] == "phone: not a valid number (12345)"
    assert reasons[1] == "name: required"
    assert reasons[2] == "external_id: duplicate of line 3"
    assert "star_level: 9 is outside 0..5" in reasons[3]
    assert "tenure_months: not a whole number" in reasons[3]
    assert reasons[4] == "expected 24 fields, found 5"
    c2 = session.scalars(select(m.Customer).where(m.Customer.external_id == "C02")).one()
    assert c2.phone == "+8613812340002"  # "+86 138 1234 0002" normalised
    assert c2.name == "王芳"  # the first C02, not the duplicate
    assert c2.plan_fit == "D" and c2.value_tier == "C" and c2.value_score == 31
    assert [u["month"] for u in c2.usage] == ["2026-08", "2026-09", "2026-10"]
    assert c2.usage[0]["data_mb_out_of_plan"] == 676.0
    c12 = session.scalars(select(m.Customer).where(m.Customer.external_id == "C12")).one()
    assert c12.churned_on == date(2026, 11, 1) and c12.lifecycle_stage == "churned"


def test_reimport_updates_by_external_id(session: Session, tmp_path: Path) -> None:
    _import(session, SMALL, report=tmp_path / "e.csv")
    ids = {e: i for e, i in session.execute(select(m.Customer.external_id, m.Customer.id))}
    changed = tmp_path / "update.csv"
    changed.write_text("external_id,name,phone,star_level\n"
                       "C01,张伟伟,13812340101,5\nC99,新客户,13912345678,1\n", encoding="utf-8")
    res = import_customers(session, changed, today=TODAY)
    session.commit()
    assert (res.inserted, res.updated, res.rejected) == (1, 1, 0)
    session.expire_all()
    c1 = session.get(m.Customer, ids["C01"])
    assert c1 is not None and c1.name == "张伟伟" and c1.star_level == 5
    assert c1.phone == "+8613812340101"
    assert _count(session) == 13


def test_gbk_file_refused_without_encoding_and_read_with_it(session: Session,
                                                            tmp_path: Path) -> None:
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(SMALL.read_text(encoding="utf-8").encode("gbk"))
    with pytest.raises(Unreadable, match="looks like GBK: run again with --encoding gbk"):
        import_customers(session, gbk, today=TODAY)
    session.rollback()
    assert _count(session) == 0
    res = _import(session, gbk, encoding="gbk", report=tmp_path / "e.csv")
    assert res.inserted == 12  # type: ignore[attr-defined]
    names = set(session.scalars(select(m.Customer.name)))
    assert "张伟" in names and "孙丽" in names


def test_utf8_bom_is_detected(session: Session, tmp_path: Path) -> None:
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + "external_id,name,phone\nX1,李雷,13812345678\n"
                    .encode())
    res = _import(session, bom)
    assert res.inserted == 1 and res.rejected == 0  # type: ignore[attr-defined]


def test_malformed_csv_changes_nothing(session: Session, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    good = SMALL.read_text(encoding="utf-8").splitlines()[:13]
    bad.write_text("\n".join(good) + '\nC50,"unterminated,13812340050\n', encoding="utf-8")
    with pytest.raises(Unreadable, match="malformed CSV"):
        import_customers(session, bad, today=TODAY)
    session.rollback()
    assert _count(session) == 0


def test_missing_required_column_changes_nothing(session: Session, tmp_path: Path) -> None:
    f = tmp_path / "nophone.csv"
    f.write_text("external_id,name\nX1,a\n", encoding="utf-8")
    with pytest.raises(Unreadable, match="required columns missing: phone"):
        import_customers(session, f, today=TODAY)


def test_xlsx_and_mapping_file(session: Session, tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["客户编号", "姓名", "Mobile", "Stars", "合约到期"])
    ws.append(["K1", "韩梅梅", 13812345601, 4, date(2027, 1, 31)])
    ws.append(["K2", "李雷", 12345, 2, None])
    ws.append(["K3", "王小明", "13812345603", "x", None])
    path = tmp_path / "layout.xlsx"
    wb.save(path)
    mapping = tmp_path / "map.yaml"
    mapping.write_text("columns:\n  phone: Mobile\n  star_level: Stars\n", encoding="utf-8")
    res = import_customers(session, path, today=TODAY, mapping=Mapping.load(mapping),
                           report=tmp_path / "e.csv")
    session.commit()
    assert (res.inserted, res.rejected) == (1, 2)
    assert [(line, ext) for line, ext, _ in res.errors] == [(3, "K2"), (4, "K3")]
    k1 = session.scalars(select(m.Customer)).one()
    assert (k1.external_id, k1.star_level, k1.contract_end) == ("K1", 4, date(2027, 1, 31))


def test_not_an_xlsx(session: Session, tmp_path: Path) -> None:
    f = tmp_path / "fake.xlsx"
    f.write_bytes(b"this is not a zip")
    with pytest.raises(Unreadable, match="not a readable XLSX"):
        import_customers(session, f, today=TODAY)


def test_import_dnc_and_export(session: Session, tmp_path: Path) -> None:
    _import(session, SMALL, report=tmp_path / "e.csv")
    res = import_dnc(session, DATA / "dnc_registry.csv", report=tmp_path / "d.csv")
    session.commit()
    assert (res.rows, res.added, res.already, len(res.errors)) == (4, 2, 1, 1)
    assert res.errors[0][0] == 4
    entries = {e.phone: e for e in session.scalars(select(m.DncEntry))}
    assert set(entries) == {"+8613812340008", "+8613900000001"}
    c8 = entries["+8613812340008"]
    assert c8.source == "registry" and c8.customer_id is not None
    assert "listed 2026-11-01" in c8.reason
    assert entries["+8613900000001"].source == "complaint"
    assert entries["+8613900000001"].customer_id is None
    # published to every desktop like an agent's flag: one public dnc change each
    kinds = [tuple(r) for r in session.execute(select(m.SyncChange.kind, m.SyncChange.user_id))]
    assert kinds.count(("dnc", None)) == 2
    out = io.StringIO()
    assert export_dnc(session, out) == 2
    text = out.getvalue()
    assert "+8613812340008" in text and ",C08" in text
    masked = io.StringIO()
    export_dnc(session, masked, masked=True)
    assert "+8613812340008" not in masked.getvalue()
    # importing again adds nothing
    again = import_dnc(session, DATA / "dnc_registry.csv", report=tmp_path / "d.csv")
    assert again.added == 0 and again.already == 3


def test_parallel_rows_check_gives_the_same_result(session: Session, tmp_path: Path) -> None:
    res = import_customers(session, SMALL, today=TODAY, workers=2, report=tmp_path / "e.csv")
    session.commit()
    assert (res.inserted, res.rejected) == (12, 5)
    assert [(ln, ext) for ln, ext, _ in res.errors] == [
        (14, "B01"), (15, "B02"), (16, "C02"), (17, "B04"), (18, "")]


def test_prefix_shortcut_agrees_with_phonenumbers() -> None:
    import random

    import phonenumbers

    from server.planning import importing

    rng = random.Random(3)
    for _ in range(20000):
        s = "1" + rng.choice("3456789") + f"{rng.randrange(10**9):09d}"
        if rng.random() < 0.1:
            s = "179" + f"{rng.randrange(100):02d}00" + f"{rng.randrange(10**4):04d}"
        try:
            full = phonenumbers.is_valid_number(phonenumbers.parse(s, "CN"))
        except phonenumbers.NumberParseException:
            full = False
        assert importing._mobile_prefix_ok(s) == full, s
