"""Tables to CSV files that Excel opens correctly, Chinese included.

Excel reads a CSV as the system's ANSI code page unless the file starts with a UTF-8
byte order mark, so we write UTF-8 with BOM ("utf-8-sig") and CRLF line ends (the csv
module's default). The file is written next to its target and moved into place, so a
failed export never leaves half a file where the user expects a whole one.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

FORMULA_START = ("=", "+", "-", "@")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    # A cell starting like a formula would be run by Excel (CSV injection): quote it as text.
    if text.startswith(FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "").rstrip("%"))
    except ValueError:
        return False
    return True


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write the table; returns the number of data rows written."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=".csv", dir=path.parent)
    n = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow([_cell(h) for h in header])
            for row in rows:
                w.writerow([_cell(v) for v in row])
                n += 1
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n
