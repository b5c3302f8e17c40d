"""CSV export for Excel: BOM, Chinese, formulas neutralised, never half a file."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from app.export import write_csv


def test_bom_chinese_and_crlf(tmp_path: Path) -> None:
    target = tmp_path / "t.csv"
    n = write_csv(target, ["坐席", "成功率"], [["王俊", "25%"], ["Li, Wei", 'say "hi"']])
    raw = target.read_bytes()
    assert n == 2
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig") == '坐席,成功率\r\n王俊,25%\r\n"Li, Wei","say ""hi"""\r\n'


def test_formula_cells_are_text_but_negative_numbers_stay(tmp_path: Path) -> None:
    target = tmp_path / "t.csv"
    write_csv(target, ["a"], [["=HYPERLINK(\"x\")"], ["-12"], ["@SUM(A1)"], ["+86138"]])
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert lines[1:] == ["\"'=HYPERLINK(\"\"x\"\")\"", "-12", "'@SUM(A1)", "+86138"]


def test_a_failed_export_leaves_the_old_file_untouched(tmp_path: Path) -> None:
    target = tmp_path / "t.csv"
    target.write_text("old", encoding="utf-8")

    def rows() -> object:
        yield ["ok"]
        raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError):
        write_csv(target, ["a"], rows())  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"], "no temp file left behind"


HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3",
           "\t=1", "\r=1", "＝1+1"]


def test_every_formula_start_is_quoted_and_real_numbers_stay(tmp_path: Path) -> None:
    target = tmp_path / "t.csv"
    numbers: list[object] = [-2, -2.5, Decimal("-0.10"), "-2.5", "+86138", "-1,234", "-12%",
                             "-1e5"]
    write_csv(target, ["v"], [[v] for v in HOSTILE + numbers + ["-", "+", "-inf", None]])
    with target.open(encoding="utf-8-sig", newline="") as f:
        cells = [r[0] for r in csv.reader(f)][1:]
    assert cells[:len(HOSTILE)] == ["'" + v for v in HOSTILE]
    assert cells[len(HOSTILE):len(HOSTILE) + len(numbers)] == [
        "-2", "-2.5", "-0.10", "-2.5", "+86138", "-1,234", "-12%", "-1e5"]
    assert cells[len(HOSTILE) + len(numbers):] == ["'-", "'+", "'-inf", ""]


def test_no_csv_is_written_around_the_one_writer() -> None:
    """Every CSV the product writes goes through wire.csvsafe: a new `csv.writer` elsewhere
    fails here. (server/planning/synth.py writes synthetic *input* for the importer and
    the benches, numbers and Chinese names only; it is not an export.)"""
    root = Path(__file__).resolve().parents[2]
    allowed = {Path("wire/csvsafe.py"), Path("server/planning/synth.py")}
    found = []
    for folder in ("app", "ui", "server", "wire", "scripts"):
        for path in (root / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if ("csv.writer" in text or "DictWriter" in text) and \
                    path.relative_to(root) not in allowed:
                found.append(str(path.relative_to(root)))
    assert found == []
