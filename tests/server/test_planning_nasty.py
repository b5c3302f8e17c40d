"""The nasty-file corpus (tests/support/nasty_files.py) through import-customers and
import-dnc, on SQLite and PostgreSQL: every file is read right or refused with its line
and the right hint; a refused file changes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server import models as m
from server.planning.dnc_io import import_dnc
from server.planning.importing import ImportResult, Mapping, import_customers
from server.planning.reading import Unreadable
from tests.support import nasty_files as nf
from wire.schema import phone_hash

TODAY = date(2026, 11, 23)


def _run(s: Session, path: Path, **kw: Any) -> ImportResult:
    res = import_customers(s, path, today=TODAY, **kw)
    s.commit()
    return res


def _refused(s: Session, path: Path, match: str, **kw: Any) -> str:
    with pytest.raises(Unreadable, match=match) as info:
        import_customers(s, path, today=TODAY, **kw)
    s.rollback()
    assert _count(s) == 0
    return str(info.value)


def _count(s: Session) -> int:
    return int(s.scalar(select(func.count()).select_from(m.Customer)) or 0)


def _by_ext(s: Session) -> dict[str, m.Customer]:
    s.expire_all()
    return {c.external_id: c for c in s.scalars(select(m.Customer))}


def test_mixed_widths_are_e164_and_match_the_dnc_list(session: Session, tmp_path: Path) -> None:
    res = _run(session, nf.make_mixed_widths(tmp_path))
    assert (res.inserted, res.rejected) == (4, 0)
    got = {e: c.phone for e, c in _by_ext(session).items()}
    assert got == {"W1": "+8613712345002", "W2": "+8613712345003", "W3": "+8613712345004",
                   "W4": "+8613712345005"}
    assert _by_ext(session)["W1"].phone_hash == phone_hash("+86 137 1234 5002")
    dnc = import_dnc(session, nf.make_dnc_mixed_widths(tmp_path))
    session.commit()
    assert (dnc.added, dnc.errors) == (2, [])
    listed = set(session.scalars(select(m.DncEntry.phone)))
    assert listed == {"+8613712345002", "+8613712345001"}
    assert session.scalar(select(m.DncEntry.customer_id).where(
        m.DncEntry.phone == "+8613712345002")) == _by_ext(session)["W1"].id


def test_lookalike_ids_update_the_same_customers(session: Session, tmp_path: Path) -> None:
    _run(session, nf.make_base(tmp_path))
    res = _run(session, nf.make_lookalike_ids(tmp_path))
    assert (res.inserted, res.rejected, res.updated + res.unchanged) == (0, 0, 3)
    assert sorted(_by_ext(session)) == ["B001", "B002", "B003"]


def test_decimal_comma_declared(session: Session, tmp_path: Path) -> None:
    res = _run(session, nf.make_decimal_comma(tmp_path), mapping=Mapping(delimiter=";"),
               decimal_comma=True)
    assert (res.inserted, res.rejected) == (2, 0)
    c = _by_ext(session)
    assert (c["B001"].arpu_yuan, c["B002"].arpu_yuan) == (58.5, 1234.5)


def test_decimal_comma_undeclared_is_refused_with_its_line(session: Session,
                                                           tmp_path: Path) -> None:
    res = _run(session, nf.make_decimal_comma_undeclared(tmp_path))
    assert (res.inserted, res.rejected) == (1, 1)
    line, ext, reason = res.errors[0]
    assert (line, ext) == (2, "B001") and "--decimal-comma" in reason
    assert _by_ext(session)["B002"].arpu_yuan == 1234.5  # a thousands comma is fine


def test_utf8_declared_gbk_is_refused_as_mojibake(session: Session, tmp_path: Path) -> None:
    msg = _refused(session, nf.make_utf8(tmp_path), "the file is UTF-8, not gbk",
                   encoding="gbk")
    assert "without --encoding" in msg and "寮犱紵" in msg
    msg = _refused(session, nf.make_utf8_not_gbk(tmp_path), "^line 2: not valid GBK",
                   encoding="gbk")
    assert "--encoding utf-8" in msg


@pytest.mark.parametrize(("encoding", "line"), [(None, 2), ("gbk", 4), ("GB2312", 4)])
def test_gb18030_is_suggested(session: Session, tmp_path: Path, encoding: str | None,
                              line: int) -> None:
    msg = _refused(session, nf.make_gb18030(tmp_path), "--encoding gb18030",
                   encoding=encoding)
    assert msg.startswith(f"line {line}:")


def test_gb18030_declared_reads_rare_characters(session: Session, tmp_path: Path) -> None:
    res = _run(session, nf.make_gb18030(tmp_path), encoding="gb18030")
    assert res.inserted == 3 and _by_ext(session)["B003"].name == nf.JIU + "思"


@pytest.mark.parametrize("encoding", [None, "utf-8", "utf8", "UTF_8", "UTF-8", "utf-8-sig"])
def test_bom_under_any_utf8_spelling(session: Session, tmp_path: Path,
                                     encoding: str | None) -> None:
    assert _run(session, nf.make_bom(tmp_path), encoding=encoding).inserted == 3


def test_truncated_last_line(session: Session, tmp_path: Path) -> None:
    msg = _refused(session, nf.make_truncated(tmp_path), "line 5: the file ends in the "
                   "middle of a character")
    assert "gbk" not in msg.lower()


def test_encoding_error_far_down_names_its_line(session: Session, tmp_path: Path) -> None:
    msg = _refused(session, nf.make_bad_byte_far_down(tmp_path), "^line 3000: not valid UTF-8")
    assert "offset" not in msg


def test_huge_field_is_refused_with_its_line(session: Session, tmp_path: Path) -> None:
    _refused(session, nf.make_huge_field(tmp_path), "line 3")


def test_nul_bytes_reject_their_row(session: Session, tmp_path: Path) -> None:
    res = _run(session, nf.make_nul_bytes(tmp_path))
    assert (res.inserted, [(ln, r) for ln, _, r in res.errors]) == (
        1, [(3, "name: contains a NUL character")])


def test_formula_text_is_stored_as_written(session: Session, tmp_path: Path) -> None:
    assert _run(session, nf.make_formula_cells(tmp_path)).inserted == 2
    c = _by_ext(session)
    assert c["F1"].name == '=HYPERLINK("http://x","y")' and c["F2"].region == "@SUM(A1)"


def test_names_are_limited_in_graphemes(session: Session, tmp_path: Path) -> None:
    res = _run(session, nf.make_emoji_names(tmp_path))
    assert (res.inserted, [r for _, _, r in res.errors]) == (
        1, ["name: longer than 100 characters"])
    assert _by_ext(session)["E1"].name == nf.EMOJI_FAMILY * 15


def test_xlsx_merged_cells_are_refused_per_row(session: Session, tmp_path: Path) -> None:
    res = _run(session, nf.make_merged_xlsx(tmp_path))
    assert res.inserted == 1 and _by_ext(session)["B001"].region == "广东省 广州市"
    assert [(ln, r.split(" (")[0]) for ln, _, r in res.errors] == [
        (3, "region: inside the merged cell D2:D4"), (4, "region: inside the merged cell D2:D4")]


def test_xlsx_formulas_without_results_are_refused_per_row(session: Session,
                                                           tmp_path: Path) -> None:
    res = _run(session, nf.make_uncached_formulas_xlsx(tmp_path))
    assert res.inserted == 1
    assert [(ln, r.split(" (")[0]) for ln, _, r in res.errors] == [
        (3, "star_level: a formula with no saved result"),
        (4, "arpu_yuan: a formula with no saved result")]


def test_old_error_report_removed_after_a_clean_run(session: Session, tmp_path: Path) -> None:
    f = nf.make_emoji_names(tmp_path)
    report = tmp_path / "emoji.csv.errors.csv"
    assert _run(session, f).report == str(report) and report.exists()
    f.write_text("external_id,name,phone\nE2,长,13712345014\n", encoding="utf-8")
    assert _run(session, f).report is None
    assert not report.exists()
