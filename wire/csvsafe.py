"""The one CSV writer of the product (server and desktop): no cell runs as a formula.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (CSV
injection: `=HYPERLINK(...)`, `+cmd|' /C calc'!A0`), and some read a leading tab or
carriage return the same way. Text we did not write ourselves reaches our files (a DNC
reason an agent typed, a customer name from an import), so every cell goes through
`cell()`: text starting like a formula gets a single quote in front (OWASP's advice), which
Excel and LibreOffice show as text. Real numbers stay numbers: an int, float or Decimal
value, or text that is a plain number (`-2.5`, `+8613812345678`, `-1,234`, `-12%`), is
written as it is; `-2+3` is not a plain number and is quoted.

Files meant for spreadsheets are UTF-8 with a byte order mark ("utf-8-sig"), without
which Excel reads them in the system's ANSI code page and garbles Chinese; the csv
module's CRLF line ends are kept.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

# ASCII per OWASP, plus their full-width forms: some East Asian spreadsheet set-ups accept
# those as the start of a formula too, and our users type Chinese.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?%?")
EXCEL_ENCODING = "utf-8-sig"


class _Writable(Protocol):
    def write(self, s: str, /) -> Any: ...


def is_plain_number(text: str) -> bool:
    """`-2.5`, `+86138`, `-1,234`, `-12%`, `1e5`: a number to a spreadsheet, no formula."""
    return any(ch.isdigit() for ch in text) and PLAIN_NUMBER.fullmatch(text) is not None


def cell(value: object) -> object:
    """The value to hand to the csv module: numbers as they are, text neutralised."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | Decimal) or (isinstance(value, float) and math.isfinite(value)):
        return value
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not is_plain_number(text):
        return "'" + text
    return text


class SafeWriter:
    """`csv.writer` whose rows pass through `cell()`."""

    def __init__(self, out: _Writable, **fmt: Any) -> None:
        self._w = csv.writer(out, **fmt)

    def writerow(self, row: Iterable[object]) -> None:
        self._w.writerow([cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out: _Writable, **fmt: Any) -> SafeWriter:
    return SafeWriter(out, **fmt)


def table_bytes(header: Sequence[object], rows: Iterable[Sequence[object]], *,
                encoding: str = EXCEL_ENCODING) -> bytes:
    """A table for a spreadsheet as the bytes of a file (a download): the header, then
    the rows, every cell through `cell()`."""
    out = io.StringIO()
    w = writer(out)
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue().encode(encoding)


def write_file(path: Path, header: Sequence[object], rows: Iterable[Sequence[object]], *,
               encoding: str = EXCEL_ENCODING) -> int:
    """Write a table for a spreadsheet; returns the number of data rows.

    Written next to its target and moved into place, so a failed write never leaves half a
    file where the user expects a whole one (and leaves an older file untouched)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".csv-", suffix=".tmp", dir=path.parent)
    n = 0
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as f:
            w = writer(f)
            w.writerow(header)
            for row in rows:
                w.writerow(row)
                n += 1
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n
