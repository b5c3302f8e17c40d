"""CSV export for Excel: BOM, Chinese, formulas neutralised, never half a file."""

from __future__ import annotations

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
