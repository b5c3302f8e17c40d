"""Tables to CSV files that Excel opens correctly, Chinese included.

The desktop's exports (the team lead's table) use the product's one CSV writer,
`wire.csvsafe`: UTF-8 with BOM, CRLF, formula-like cells neutralised, the file moved into
place only when whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from wire import csvsafe


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write the table; returns the number of data rows written."""
    return csvsafe.write_file(path, header, rows)
