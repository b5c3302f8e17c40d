"""The lead's table exports: CSV for Excel and XLSX, with the columns and language shown.

Every lead export goes through write_table(); its CSV goes through the product's one CSV
writer (wire/csvsafe.py, by way of app.export). Cells are written as the lead sees
them; in XLSX numbers stay numbers, and text that Excel would run as a formula is stored
as text.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.export import write_csv

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> int:
    """UTF-8 with BOM, formulas neutralised (wire.csvsafe through app.export)."""
    return write_csv(path, header, rows)


def _xlsx_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.isdigit() and str(int(text)) == text:  # counts, not ids with leading zeros
        return int(text)
    if text.startswith(FORMULA_START):
        return "'" + text  # openpyxl would store "=..." as a formula
    return text


def _write_xlsx(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]],
                sheet: str) -> int:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet[:31] or "Sheet"
    _fill_sheet(ws, header, rows)
    _save(wb, path)
    return len(rows)


def _fill_sheet(ws: Any, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    from openpyxl.styles import Font

    ws.append([str(h) for h in header])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_xlsx_value(v) for v in row])
    for n, h in enumerate(header, start=1):
        width = max([len(str(h))] + [len(str(r[n - 1])) for r in rows[:200] if len(r) >= n])
        ws.column_dimensions[ws.cell(row=1, column=n).column_letter].width = min(width + 2, 60)
    ws.freeze_panes = "A2"


def _save(wb: Any, path: Path) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_sheets(path: Path, sheets: Sequence[tuple[str, Sequence[str],
                                                 Sequence[Sequence[object]]]]) -> int:
    """Several tables in one file: one sheet each in XLSX; in CSV one after the other,
    each under its own header, separated by an empty row. Returns the data rows."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        first = wb.active
        if first is not None:
            wb.remove(first)
        for name, header, rows in sheets:
            _fill_sheet(wb.create_sheet(name[:31] or "Sheet"), header, rows)
        _save(wb, path)
        return sum(len(rows) for _, _, rows in sheets)
    combined: list[Sequence[object]] = []
    for n, (_name, header, rows) in enumerate(sheets):
        if n:
            combined += [[], list(header)]
        combined += list(rows)
    return _write_csv(path, sheets[0][1], combined) - 2 * (len(sheets) - 1)


def write_table(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]],
                sheet: str = "Callsheet") -> int:
    """Write a table as CSV or XLSX (by the file's suffix); returns the data rows written."""
    if path.suffix.lower() == ".xlsx":
        return _write_xlsx(path, header, rows, sheet)
    return _write_csv(path, header, rows)
