"""A corpus of the files a telecom's data team really sends, made on the fly (no committed
binaries): each `make_*` writes one file into a directory and returns its path. The
tests in tests/server/test_planning_nasty.py say what each must do.

Every customer file starts from BASE: B001-B003 with plain data, which a test imports
first so that re-imports and look-alike identifiers can be checked against it.
"""

from __future__ import annotations

from pathlib import Path

HEADER = ["external_id", "name", "phone", "region", "star_level", "arpu_yuan", "network_gen"]
BASE = [
    ["B001", "张伟", "13712345001", "广东省 广州市", "3", "58.5", "4G"],
    ["B002", "王芳", "13712345002", "江苏省 南京市", "2", "38", "4G"],
    ["B003", "李娜", "13712345003", "浙江省 杭州市", "4", "128", "5G"],
]
EMOJI_FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # 7 code points
JIU = "\U00020bb7"  # 𠮷: outside GBK, in GB18030 (4 bytes)


def _csv(rows: list[list[str]], header: list[str] | None = None, sep: str = ",") -> str:
    def cell(c: str) -> str:
        return '"' + c.replace('"', '""') + '"' if sep in c or '"' in c else c

    return "".join(sep.join(map(cell, r)) + "\n" for r in [header or HEADER, *rows])


def make_base(d: Path) -> Path:
    p = d / "base.csv"
    p.write_text(_csv(BASE), encoding="utf-8")
    return p


def make_mixed_widths(d: Path) -> Path:
    """Half- and full-width digits mixed, full-width plus, brackets, invisible marks."""
    p = d / "mixed_widths.csv"
    p.write_text(_csv([
        ["W1", "宽窄", "137１２３４5002", "", "", "", ""],
        ["W2", "全角", "＋８６ １３７ １２３４ ５００３", "", "", "", ""],
        ["W3", "括号", "(+86) 137-1234\u200b-5004", "", "", "", ""],
        ["W4", "软连字符", "\ufeff0086 137\u00ad1234\u00a05005", "", "", "", ""],
    ]), encoding="utf-8")
    return p


def make_lookalike_ids(d: Path) -> Path:
    """B002 followed by a no-break space, B003 by a tab, B001 with a ZWSP and full-width:
    the same customers as in BASE, not new ones."""
    p = d / "lookalike_ids.csv"
    p.write_text(_csv([
        ["B002\u00a0", "王芳", "13712345002", "", "", "", ""],
        ["B003\t", "李娜", "13712345003", "", "", "", ""],
        ["\u200bＢ００１", "张伟", "13712345001", "", "", "", ""],
    ], header=["external_id", "name", "phone", "region", "star_level", "arpu_yuan",
               "network_gen"]), encoding="utf-8")
    return p


def make_decimal_comma(d: Path) -> Path:
    p = d / "decimal_comma.csv"
    p.write_text(_csv([["B001", "张伟", "13712345001", "", "", "58,5", ""],
                       ["B002", "王芳", "13712345002", "", "", "1.234,5", ""]], sep=";"),
                 encoding="utf-8")
    return p


def make_decimal_comma_undeclared(d: Path) -> Path:
    p = d / "decimal_comma_undeclared.csv"
    p.write_text(_csv([["B001", "张伟", "13712345001", "", "", "58,5", ""],
                       ["B002", "王芳", "13712345002", "", "", "1,234.5", ""]]),
                 encoding="utf-8")
    return p


def make_utf8(d: Path) -> Path:
    """UTF-8 whose bytes also decode as GBK (run with --encoding gbk it would import
    with every name garbled: 张伟 reads 寮犱紵)."""
    p = d / "utf8.csv"
    p.write_text(_csv([["B001", "张伟", "13712345001", "广州", "3", "58.5", "4G"],
                       ["B002", "王芳", "13712345002", "南京", "2", "38", "4G"]]),
                 encoding="utf-8")
    assert p.read_bytes().decode("gbk")  # the trap: it decodes
    return p


def make_utf8_not_gbk(d: Path) -> Path:
    """UTF-8 whose bytes do not decode as GBK at all."""
    p = d / "utf8_not_gbk.csv"
    p.write_text(_csv(BASE), encoding="utf-8")
    return p


def make_gb18030(d: Path) -> Path:
    """GB18030 with 𠮷, which GBK cannot decode."""
    p = d / "gb18030.csv"
    rows = [r[:] for r in BASE]
    rows[2][1] = JIU + "思"
    p.write_bytes(_csv(rows).encode("gb18030"))
    return p


def make_bom(d: Path) -> Path:
    p = d / "bom.csv"
    p.write_bytes(b"\xef\xbb\xbf" + _csv(BASE).encode("utf-8"))
    return p


def make_truncated(d: Path) -> Path:
    """The last line cut inside a three-byte UTF-8 character."""
    p = d / "truncated.csv"
    p.write_bytes(_csv(BASE).encode("utf-8").rstrip(b"\n") + "\nB004,赵".encode()[:-1])
    return p


def make_bad_byte_far_down(d: Path, line: int = 3000) -> Path:
    """UTF-8 with one stray GBK-only byte on a line far beyond the first read chunk."""
    p = d / "bad_byte.csv"
    rows = [[f"X{i:05d}", "客户", f"1371234{i % 10000:04d}", "", "", "", ""]
            for i in range(line + 10)]
    data = _csv(rows).encode("utf-8").split(b"\n")
    data[line - 1] = data[line - 1].replace("客户".encode(), "客户".encode("gbk"))
    p.write_bytes(b"\n".join(data))
    return p


def make_huge_field(d: Path) -> Path:
    p = d / "huge_field.csv"
    p.write_text(_csv([BASE[0], ["B009", "x" * 200_000, "13712345009", "", "", "", ""]]),
                 encoding="utf-8")
    return p


def make_nul_bytes(d: Path) -> Path:
    p = d / "nul.csv"
    p.write_text(_csv([BASE[0], ["B010", "坏\x00名", "13712345010", "", "", "", ""]]),
                 encoding="utf-8")
    return p


def make_formula_cells(d: Path) -> Path:
    """Text that a spreadsheet would run as a formula: it is data, stored as written."""
    p = d / "formula_cells.csv"
    p.write_text(_csv([["F1", "=HYPERLINK(\"http://x\",\"y\")", "13712345011", "", "", "", ""],
                       ["F2", "+cmd|' /C calc'!A0", "13712345012", "@SUM(A1)", "", "", ""]]),
                 encoding="utf-8")
    return p


def make_emoji_names(d: Path) -> Path:
    """A name of 15 emoji families (105 code points, 15 characters as people count them)
    is fine; 101 graphemes of plain text is too long."""
    p = d / "emoji.csv"
    p.write_text(_csv([["E1", EMOJI_FAMILY * 15, "13712345013", "", "", "", ""],
                       ["E2", "长" * 101, "13712345014", "", "", "", ""]]), encoding="utf-8")
    return p


def make_merged_xlsx(d: Path) -> Path:
    """Region merged over three rows (only the first row holds it), and a header merge."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(HEADER)
    for r in BASE:
        ws.append([r[0], r[1], int(r[2]), r[3], int(r[4]), float(r[5]), r[6]])
    ws.merge_cells("D2:D4")
    wb.save(d / "merged.xlsx")
    return d / "merged.xlsx"


def make_uncached_formulas_xlsx(d: Path) -> Path:
    """Star level and ARPU as formulas openpyxl saves without a result (as a script or a
    'save without calculating' leaves them); row 2 holds plain values."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(HEADER)
    ws.append(["B001", "张伟", 13712345001, "", 3, 58.5, "4G"])
    ws.append(["B002", "王芳", 13712345002, "", "=1+1", 38, "4G"])
    ws.append(["B003", "李娜", 13712345003, "", 4, "=F2*2", "5G"])
    wb.save(d / "formulas.xlsx")
    return d / "formulas.xlsx"


def make_dnc_mixed_widths(d: Path) -> Path:
    p = d / "dnc_mixed.csv"
    p.write_text("phone\n+86 137 1234 5002\n１３７１２３４５００１\n", encoding="utf-8")
    return p
