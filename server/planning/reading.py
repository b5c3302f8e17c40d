"""Reading import files: CSV (UTF-8, UTF-8 with BOM, or a declared encoding such as GBK)
and XLSX. Yields (line number, cells) or (line number, {header: text}); a file that
cannot be read raises Unreadable, before or during the walk (the caller's transaction
then rolls back)."""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

BOM = codecs.BOM_UTF8
PHONE_RUN = re.compile(r"\+?\d[\d\s-]{5,}\d")


class Unreadable(Exception):
    """The file as a whole cannot be read: nothing is imported."""


def mask(text: str) -> str:
    """Hide the middle of every phone-like digit run (logs, error reports)."""

    def _one(m: re.Match[str]) -> str:
        s = m.group(0)
        digits = sum(ch.isdigit() for ch in s)
        head, tail, seen, out = (5 if s.startswith("+") else 3), 2, 0, []
        for ch in s:
            if ch.isdigit():
                seen += 1
                out.append("*" if head < seen <= digits - tail else ch)
            else:
                out.append(ch)
        return "".join(out)

    return PHONE_RUN.sub(_one, text)


def _guess(raw: bytes) -> str:
    for enc in ("gb18030", "big5", "utf-16"):
        try:
            raw.decode(enc)
        except UnicodeDecodeError:
            continue
        return "gbk" if enc == "gb18030" else enc
    return ""


def _decode_check(path: Path, encoding: str | None) -> str:
    """The encoding to read with; raises Unreadable (with a hint) when it does not fit."""
    with path.open("rb") as fh:
        head = fh.read(1 << 16)
    if encoding is None:
        encoding = "utf-8-sig" if head.startswith(BOM) else "utf-8"
    try:
        codecs.lookup(encoding)
    except LookupError as exc:
        raise Unreadable(f"unknown encoding {encoding!r}") from exc
    dec = codecs.getincrementaldecoder(encoding)("strict")
    try:
        dec.decode(head, final=False)
    except UnicodeDecodeError as exc:
        raise Unreadable(_encoding_message(encoding, head, exc)) from exc
    return encoding


def _encoding_message(encoding: str, raw: bytes, exc: UnicodeDecodeError) -> str:
    hint = _guess(raw)
    msg = f"the file is not valid {encoding} (byte {exc.object[exc.start]:#04x} " \
          f"at offset {exc.start})"
    if hint and hint != encoding:
        msg += f"; it looks like {hint.upper()}: run again with --encoding {hint}"
    return msg + "; nothing was imported"


Cells = list[str] | str  # a row's cells, or (a str) why the row cannot be used


def csv_lists(path: Path, encoding: str | None = None,
              delimiter: str = ",") -> tuple[list[str], Iterator[tuple[int, Cells]]]:
    """(header, rows) with each row as its list of cells (as wide as the header), or as
    the reason it cannot be used ("expected 24 fields, found 5"). Blank rows are skipped."""
    enc = _decode_check(path, encoding)
    text = io.TextIOWrapper(path.open("rb"), encoding=enc, errors="strict", newline="")
    reader = csv.reader(text, delimiter=delimiter, strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        text.close()
        raise Unreadable("the file is empty; nothing was imported") from None
    except (csv.Error, UnicodeDecodeError) as exc:
        text.close()
        raise Unreadable(f"the header line cannot be read ({exc}); nothing was imported") \
            from exc
    if len(header) == 1 and delimiter == "," and any(d in header[0] for d in ";\t"):
        text.close()
        raise Unreadable("the header has a single column: the file is not comma "
                         "separated (set `delimiter` in a mapping file); nothing was imported")

    def rows() -> Iterator[tuple[int, Cells]]:
        width = len(header)
        try:
            while True:
                start = reader.line_num + 1
                try:
                    row = next(reader)
                except StopIteration:
                    return
                if row and len(row) == width and row[0].strip():  # the common case first
                    yield start, row
                    continue
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != width:
                    yield start, f"expected {width} fields, found {len(row)}"
                    continue
                yield start, row
        except csv.Error as exc:
            raise Unreadable(f"malformed CSV near line {reader.line_num}: {exc}; "
                             "nothing was imported") from exc
        except UnicodeDecodeError as exc:
            raise Unreadable(_encoding_message(enc, exc.object, exc)) from exc
        finally:
            text.close()

    return header, rows()


def _as_dicts(header: list[str], rows: Iterator[tuple[int, Cells]]) \
        -> Iterator[tuple[int, dict[str, str]]]:
    for line, cells in rows:
        yield line, ({"__error__": cells} if isinstance(cells, str)
                     else dict(zip(header, cells, strict=True)))


def csv_rows(path: Path, encoding: str | None = None,
             delimiter: str = ",") -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """As csv_lists, each row a {header: text} dict ({"__error__": reason} for a row of
    the wrong width)."""
    header, rows = csv_lists(path, encoding, delimiter)
    return header, _as_dicts(header, rows)


def _cell(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, datetime):
        return v.date().isoformat() if v.time() == datetime.min.time() else v.isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def xlsx_lists(path: Path) -> tuple[list[str], Iterator[tuple[int, Cells]]]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise Unreadable(f"not a readable XLSX workbook ({exc}); nothing was imported") \
            from exc
    ws = wb.worksheets[0]
    it = ws.iter_rows(values_only=True)
    try:
        header = [_cell(h).strip() for h in next(it)]
    except StopIteration:
        wb.close()
        raise Unreadable("the sheet is empty; nothing was imported") from None

    def rows() -> Iterator[tuple[int, Cells]]:
        try:
            for n, row in enumerate(it, start=2):
                cells = [_cell(v) for v in row]
                if not any(c.strip() for c in cells):
                    continue
                cells += [""] * (len(header) - len(cells))
                yield n, cells[: len(header)]
        finally:
            wb.close()

    return header, rows()


def read_lists(path: Path, encoding: str | None = None, delimiter: str = ",") \
        -> tuple[list[str], Iterator[tuple[int, Cells]]]:
    """(header, rows of cells); raises Unreadable at once for a file whose start cannot be
    read, and during the walk for one that breaks later."""
    if not path.is_file():
        raise Unreadable(f"no such file: {path}")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return xlsx_lists(path)
    return csv_lists(path, encoding, delimiter)


def read_rows(path: Path, encoding: str | None = None, delimiter: str = ",") \
        -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """(header, rows as {header: text}); see read_lists."""
    header, rows = read_lists(path, encoding, delimiter)
    return header, _as_dicts(header, rows)
