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
from typing import Any

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


UTF8 = "utf-8"
GUESSES = ("utf-8", "gbk", "gb18030", "big5")


def _canon(encoding: str) -> str:
    return codecs.lookup(encoding).name


def _fits(raw: bytes, encoding: str) -> bool:
    """Do the bytes decode (a character cut at the end of the sample is allowed)?"""
    try:
        codecs.getincrementaldecoder(encoding)("strict").decode(raw, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _hint(raw: bytes, stated: str) -> str:
    """The first encoding the bytes fit, other than the one stated (GBK before GB18030:
    GB18030 only when a character outside GBK, such as 𠮷, needs it)."""
    for enc in GUESSES:
        if enc != stated and _fits(raw, enc):
            return enc
    return ""


def _read_as(path: Path, encoding: str | None) -> str:
    """The codec to read with: UTF-8 under any spelling reads a BOM as a BOM."""
    if encoding is None:
        return "utf-8-sig"
    try:
        name = _canon(encoding)
    except LookupError as exc:
        raise Unreadable(f"unknown encoding {encoding!r}; nothing was imported") from exc
    return "utf-8-sig" if name == UTF8 else name


def _decode_check(path: Path, encoding: str | None) -> str:
    """The encoding to read with; raises Unreadable (with a hint) when it does not fit:
    bytes that do not decode, or UTF-8 text declared as another encoding (it would
    decode, as mojibake: every name garbled)."""
    enc = _read_as(path, encoding)
    with path.open("rb") as fh:
        head = fh.read(1 << 16)
    if not _fits(head, enc):
        raise Unreadable(_encoding_problem(path, enc))
    stated = _canon(enc)
    if not stated.startswith("utf") and not head.isascii() and _fits(head.removeprefix(BOM), UTF8):
        sample = _garbled(head, enc)
        raise Unreadable(f"the file is UTF-8, not {encoding}: read as {encoding} its text "
                         f"comes out garbled ({sample}); run again without --encoding; "
                         "nothing was imported")
    return enc


def _garbled(head: bytes, enc: str) -> str:
    """The first non-ASCII line of the head as the stated encoding reads it (masked)."""
    for raw in head.splitlines():
        if not raw.isascii():
            return mask(raw.decode(enc, errors="replace")[:60])
    return ""


def _encoding_problem(path: Path, enc: str) -> str:
    """Where the file stops decoding (its line) and what to do: another encoding that
    fits, or the file is cut short. Lines are split on the newline byte, which no
    multi-byte character of UTF-8, GBK, GB18030 or Big5 contains."""
    name, stated = _label(enc), _canon(enc)
    with path.open("rb") as fh:
        head = fh.read(1 << 16)
        fh.seek(0)
        found: tuple[int, bytes, UnicodeDecodeError, bool] | None = None
        for n, raw in enumerate(fh, start=1):
            try:
                raw.decode(enc)
            except UnicodeDecodeError as err:
                found = (n, raw, err, not fh.read(1))
                break
    if found is None:
        return f"the file is not valid {name}; nothing was imported"
    n, raw, exc, last = found
    if last and exc.reason == "unexpected end of data" and exc.end == len(raw):
        return (f"line {n}: the file ends in the middle of a character (it looks cut "
                "short: copy it again); nothing was imported")
    msg = f"line {n}: not valid {name} (bytes {raw[exc.start:exc.end].hex(' ')})"
    hint = _hint(head, UTF8 if stated == "utf-8-sig" else stated)
    if hint:
        msg += f"; it looks like {hint.upper()}: run again with --encoding {hint}"
    return msg + "; nothing was imported"


def _label(enc: str) -> str:
    return "UTF-8" if enc in ("utf-8-sig", UTF8) else enc.upper()


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
        if header:  # a BOM a codec kept (utf-16, or a second one) is no part of a name
            header[0] = header[0].lstrip("\ufeff").strip()
    except StopIteration:
        text.close()
        raise Unreadable("the file is empty; nothing was imported") from None
    except UnicodeDecodeError as exc:
        text.close()
        raise Unreadable(_encoding_problem(path, enc)) from exc
    except csv.Error as exc:
        text.close()
        raise Unreadable(f"the header line cannot be read ({exc}); nothing was imported") \
            from exc
    if len(header) == 1 and delimiter == "," and any(d in header[0] for d in ";\t"):
        text.close()
        raise Unreadable("the header has a single column: the file is not comma "
                         "separated (set `delimiter` in a mapping file); nothing was imported")

    def rows() -> Iterator[tuple[int, Cells]]:
        try:
            yield 0, ""  # taken here: from now on closing the rows closes the file
            yield from walk(reader, len(header), 0)
        except UnicodeDecodeError as exc:
            raise Unreadable(_encoding_problem(path, enc)) from exc
        finally:
            text.close()

    walking = rows()
    next(walking)
    return header, walking


def csv_from(path: Path, enc: str, delimiter: str, width: int, offset: int,
             base: int) -> Iterator[tuple[int, Cells]]:
    """The rows of a CSV file from byte `offset` (a row's start, after `base` lines), as
    csv_lists gives them: where an import read in worker processes goes on in one."""
    fh = path.open("rb")
    fh.seek(offset)
    text = io.TextIOWrapper(fh, encoding="utf-8" if enc == "utf-8-sig" else enc,
                            errors="strict", newline="")
    try:
        yield from walk(csv.reader(text, delimiter=delimiter, strict=True), width, base)
    except UnicodeDecodeError as exc:
        raise Unreadable(_encoding_problem(path, enc)) from exc
    finally:
        text.close()


def decode_check(path: Path, encoding: str | None) -> str:
    """The codec a CSV file is read with (see csv_lists); raises Unreadable."""
    return _decode_check(path, encoding)


def walk(reader: Any, width: int, base: int) -> Iterator[tuple[int, Cells]]:
    """The rows of a csv reader as (line, cells or the reason the row cannot be used),
    blank rows skipped; `base` is the number of lines before the reader's first one (a
    worker process reads from the middle of a file, `server/planning/parallel.py`).
    Raises Unreadable for malformed CSV (with its line)."""
    try:
        while True:
            start = base + reader.line_num + 1
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
        raise Unreadable(f"malformed CSV near line {base + reader.line_num}: {exc}; "
                         "nothing was imported") from exc


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


def _sheet_traps(wb: object, ws: object, header: list[str]) -> dict[int, str]:
    """Rows a data-only reading would get wrong, with the reason: a cell covered by a
    merged cell (only the merge's first cell holds the value; the others read empty),
    or a formula without a saved result (it reads empty, i.e. the default value). One
    pass over the sheet's XML."""
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.cell import (
        column_index_from_string,
        coordinate_from_string,
        range_boundaries,
    )

    archive = getattr(wb, "_archive", None)
    sheet = getattr(ws, "_worksheet_path", None)
    if archive is None or sheet is None:
        return {}

    def col_name(col: int) -> str:
        return header[col - 1] if 0 < col <= len(header) and header[col - 1] else \
            f"column {col}"

    out: dict[int, str] = {}
    with archive.open(sheet) as fh:
        for _, el in iterparse(fh):
            tag = el.tag.rsplit("}", 1)[-1]
            if tag == "c":
                kids = {k.tag.rsplit("}", 1)[-1]: k for k in el}
                f, v = kids.get("f"), kids.get("v")
                if f is not None and (v is None or not (v.text or "")):
                    letters, row = coordinate_from_string(el.get("r", "A1"))
                    if row > 1:
                        out.setdefault(row, f"{col_name(column_index_from_string(letters))}: "
                                            "a formula with no saved result (open and save "
                                            "the file in Excel, or paste values)")
                el.clear()
            elif tag == "mergeCell":
                c1, r1, c2, r2 = range_boundaries(el.get("ref", "A1:A1"))
                for row in range(max(r1 or 1, 2), (r2 or 1) + 1):
                    first_col = (c1 or 1) + 1 if row == r1 else (c1 or 1)
                    if first_col <= (c2 or 1):
                        out.setdefault(row, f"{col_name(first_col)}: inside the merged cell "
                                            f"{el.get('ref')} (only its first cell holds "
                                            "the value): unmerge it and fill every row")
            elif tag == "row":
                el.clear()
    return out


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
    try:
        traps = _sheet_traps(wb, ws, header)
    except (SyntaxError, ValueError, KeyError) as exc:  # ParseError is a SyntaxError
        wb.close()
        raise Unreadable(f"not a readable XLSX workbook ({exc}); nothing was imported") \
            from exc

    def rows() -> Iterator[tuple[int, Cells]]:
        try:
            for n, row in enumerate(it, start=2):
                cells = [_cell(v) for v in row]
                if not any(c.strip() for c in cells) and n not in traps:
                    continue
                if n in traps:
                    yield n, traps[n]
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
