"""Reading, checking and building a large CSV import in worker processes (issue 19).

The file is cut into pieces of about PIECE bytes at row boundaries. Each worker process
(forked, so it has the import's checker already) reads its pieces itself with `os.pread`,
decodes them, parses them with the csv module, checks and builds the rows
(`chunks.prepare`), and sends back only the built customer tuples, the good rows' lines
and the bad rows' reasons. The importing process writes them in file order, as before:
duplicates within the file, customers already on file, progress and cancel stay where
they were. On one core the per-row Python of reading, checking and building (about 35 µs
a row) and the database's writes take turns; here they run side by side.

Where a row begins. A newline byte ends a row unless it lies inside a quoted field; in a
well-formed CSV that is so exactly when the number of quote bytes before it is odd, so a
piece ends at the last newline of its bytes with an even count of quotes since the
piece's start. The encodings read this way never use the bytes of a newline, a carriage
return or a quote inside a multi-byte character (UTF-8, GBK, GB18030, Big5 and the single
byte ones in SPLITTABLE); any other encoding is read in one process. The count can
mislead where a quote stands inside an unquoted field (`6.1"`, which the csv module keeps
as a character): the pieces after it may be cut inside a quoted field. Such a cut never
goes unnoticed: the piece before it then ends inside a quoted field, which the csv
module (strict) refuses. So a piece the csv module refuses is answered REST, and the
import reads the file on in one process from that piece's start, which is a row's start
(every piece before it parsed whole, so each ended at a row's end); a malformed file gets
there the same refusal, with the same line, as in one process. Line numbers count the
newline bytes before a piece; a file with a lone carriage return as a line end (old Mac
files), which the csv module also counts as a line, is read on in one process from there.
"""

from __future__ import annotations

import codecs
import csv
import gc
import io
import marshal
import multiprocessing as mp
import os
import pickle
from collections import deque
from collections.abc import Callable, Container, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from server.planning import chunks
from server.planning.bulk import time_ids
from server.planning.fields import edge_marks
from server.planning.reading import Cells, Unreadable, _encoding_problem, csv_from, walk

PIECE = 1 << 21  # bytes a worker reads, checks and builds at once (about 8,000 customers)
AHEAD = 2  # pieces given to each worker before its first answer is read
AUTO_BYTES = 16 << 20  # `workers=0` (auto): files from this size are read in workers
MAX_WORKERS = 3  # beyond this the importing process (the writes) is the bottleneck
SPLITTABLE = frozenset({"utf-8", "utf-8-sig", "gbk", "gb18030", "big5", "ascii",
                        "iso8859-1", "cp1252"})
NL, CR, CRLF, QUOTE = b"\n", b"\r", b"\r\n", b'"'
REST = "rest"

# Set in the importing process before the workers are forked (they inherit it).
_S: dict[str, Any] = {}


def auto_workers(path: Path) -> int:
    """The workers for `workers=0`: one per core up to MAX_WORKERS for a CSV file of
    AUTO_BYTES or more on a system that can fork, else 1 (no workers)."""
    if "fork" not in mp.get_all_start_methods() or path.suffix.lower() in (".xlsx", ".xlsm"):
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    if cores < 2 or path.stat().st_size < AUTO_BYTES:
        return 1
    return min(cores, MAX_WORKERS)


def header_end(fd: int) -> tuple[int, int]:
    """(byte offset, lines) of the header's end: the first newline with an even count
    of quotes before it (-1, 0 when there is none in the first megabyte)."""
    head = os.pread(fd, 1 << 20, 0)
    k = head.find(NL)
    while k >= 0 and head.count(QUOTE, 0, k) % 2:
        k = head.find(NL, k + 1)
    if k < 0 or head.count(CR, 0, k + 1) != head.count(CRLF, 0, k + 1):
        return -1, 0
    return k + 1, head.count(NL, 0, k + 1)


def _cut(buf: bytes) -> int:
    """The length of the longest start of `buf` ending at a row's end (0: none)."""
    k = buf.rfind(NL)
    if QUOTE in buf:
        while k >= 0 and buf.count(QUOTE, 0, k) % 2:
            k = buf.rfind(NL, 0, k)
    return k + 1


def _pieces(fd: int, offset: int, base: int, size: int) \
        -> Iterator[tuple[int, int, int] | tuple[str, int, int]]:
    """(start, end, lines before start) of each piece; (REST, start, lines) where the
    file must be read on in one process."""
    while offset < size:
        buf = os.pread(fd, PIECE, offset)
        n = len(buf) if offset + len(buf) >= size else _cut(buf)
        if n == 0 or buf.count(CR, 0, n) != buf.count(CRLF, 0, n):
            yield REST, offset, base
            return
        yield offset, offset + n, base
        base += buf.count(NL, 0, n)
        offset += n


def _piece(start: int, end: int, base: int) -> Any:
    """Read, check and build one piece (in a worker): ("ok", Built), (REST,), or
    ("decode",) for bytes that do not decode."""
    raw = os.pread(_S["fd"], end - start, start)
    try:
        text = raw.decode(_S["codec"])
    except UnicodeDecodeError:
        return ("decode",)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_S["delimiter"],
                        strict=True)
    try:
        rows = list(walk(reader, _S["width"], base))
    except Unreadable:  # malformed, or cut inside a quoted field: see the docstring
        return (REST,)
    n, lines, built, bad = 0, [], [], []
    for k in range(0, len(rows), chunks.CHUNK):
        c_n, c_lines, c_built, c_bad, _ = chunks.prepare(rows[k:k + chunks.CHUNK])
        n += c_n
        lines += c_lines
        built += c_built
        bad += c_bad
    fresh: Fresh | None = _S["fresh"]
    if fresh is None:
        return ("ok", (n, lines, built, bad, None))
    keep_lines, keep, rows_new = fresh.split(lines, built)
    return ("ok", (n, keep_lines, keep, bad, rows_new))


@dataclass
class Fresh:
    """New customers made ready to store in the workers, with their ids: as binary COPY
    rows on PostgreSQL (psycopg's own formatter, `bulk.copy_formatter`), as the tuples
    the insert takes on SQLite. The importing process then only checks their external ids
    for duplicates and hands them on, where it would otherwise make ids, tuples and (on
    PostgreSQL) adapt each value again (`write_row`). Customers already on file stay
    built rows (the re-import merges them with what is stored); an external id is on
    file or not for the whole import, so both kinds keep their file order for the
    duplicate check."""

    known: Container[str]  # external ids on file when the import began
    owner: bool  # the built rows end with the account manager (issue 22), taken off
    fmt: Callable[[Sequence[Any], bytearray], None] | None  # bulk.copy_formatter's

    def split(self, lines: list[int], built: list[tuple[Any, ...]]) -> tuple[Any, ...]:
        """(lines, rows) of the customers on file, and the new ones as FreshRows."""
        keep_lines, keep, f_lines, exts, owners = [], [], [], [], []
        ends: list[int] = []
        out = bytearray()
        known, owner, fmt = self.known, self.owner, self.fmt
        new = [(line, row) for line, row in zip(lines, built, strict=True)
               if row[0] not in known]
        if len(new) < len(built):
            for line, row in zip(lines, built, strict=True):
                if row[0] in known:
                    keep_lines.append(line)
                    keep.append(row)
        ready: list[tuple[Any, ...]] = []
        for (line, row), cid in zip(new, time_ids(len(new)), strict=True):
            if owner:
                owners.append(row[-1])
                row = row[:-1]
            if fmt is None:
                ready.append((cid, *row))
            else:
                fmt((cid, *row), out)
                ends.append(len(out))
            f_lines.append(line)
            exts.append(row[0])
        made = ready if fmt is None else bytes(out)
        return keep_lines, keep, (f_lines, exts, owners if owner else None, made, ends)


def _serve(conn: Connection) -> None:
    """A worker: pieces in, results out, until None.

    The garbage collector does not run while a piece is worked: a piece's cells,
    columns and rows are lists and tuples that live until its answer is sent, and the
    collections their allocations set off walked them again and again (about a fifth of
    a worker's time: reading the CSV took 5.4 µs a row with it, 2.9 without).
    What the worker inherited is frozen (never garbage here, and not copied on write by
    the collector's bookkeeping); a collection of the youngest generation after each
    answer frees any cycle a piece made (everything made since the last one is there,
    the collector being off). Not a full collection: that also empties the
    interpreter's free lists, whose memory the next piece then takes back from the
    system page by page (9 ms a piece against under 1 ms; 0.2 s of an import of
    200,000 customers)."""
    gc.freeze()
    gc.disable()
    while True:
        task = conn.recv()
        if task is None:
            return
        answer = _piece(*task)
        try:  # marshal: half pickle's time for plain values (rows as SQLite stores them)
            data = b"m" + marshal.dumps(answer)
        except ValueError:  # a date (PostgreSQL's rows of customers on file)
            data = b"p" + pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        conn.send_bytes(data)
        del answer, data
        gc.collect(0)


def _loads(data: bytes) -> Any:
    body = memoryview(data)[1:]
    return marshal.loads(body) if data[:1] == b"m" else pickle.loads(body)


def splittable(path: Path, enc: str, header: list[str]) -> bool:
    """Can this file be read in pieces (see the module's docstring)?"""
    return path.suffix.lower() not in (".xlsx", ".xlsm") and \
        codecs.lookup(enc).name in SPLITTABLE and not any('"' in h for h in header)


def read_built(path: Path, enc: str, delimiter: str, width: int, workers: int,
               fresh: Fresh | None = None) -> Iterator[chunks.Built]:
    """The file's rows checked and built (chunks.Built, in file order) by `workers`
    processes; chunks.init must have been called. With `fresh`, the new customers come
    ready to store (Built's fifth part: lines, external ids, account managers or None,
    then the rows with their ids, or their binary COPY rows and each row's end in
    them). Raises Unreadable as the one-process reading does. The workers end when the
    iterator is closed (or garbage collected)."""
    fd = os.open(path, os.O_RDONLY)
    procs: list[tuple[Any, Connection]] = []
    try:
        offset, base = header_end(fd)
        if offset < 0:
            yield from _rest(path, enc, delimiter, width, 0, -1)
            return
        _S.update(fd=fd, codec="utf-8" if enc == "utf-8-sig" else enc,
                  delimiter=delimiter, width=width, fresh=fresh)
        edge_marks()  # the cleaning's character table (0.1 s), made once, not per worker
        ctx = mp.get_context("fork")
        for _ in range(workers):
            mine, theirs = ctx.Pipe()
            p = ctx.Process(target=_serve, args=(theirs,), daemon=True)
            p.start()
            theirs.close()
            procs.append((p, mine))
        tasks = _pieces(fd, offset, base, os.fstat(fd).st_size)
        sent: deque[tuple[int, int, int]] = deque()  # given out, answers not read yet
        answered = 0
        rest: tuple[int, int] | None = None  # (offset, lines before it): read on here
        while True:
            while rest is None and len(sent) < AHEAD * workers:
                task = next(tasks, None)
                if task is None:
                    break
                if task[0] == REST:
                    rest = (task[1], task[2])
                    break
                start, end, before = int(task[0]), task[1], task[2]
                procs[(answered + len(sent)) % workers][1].send((start, end, before))
                sent.append((start, end, before))
            if not sent:
                break
            start, _, before = sent.popleft()
            answer = _loads(procs[answered % workers][1].recv_bytes())
            answered += 1
            if answer[0] == "ok":
                yield answer[1]
            elif answer[0] == REST:
                rest = (start, before)
                break
            else:
                raise Unreadable(_encoding_problem(path, enc))
        if rest is not None:
            stop_workers(procs)
            yield from _rest(path, enc, delimiter, width, *rest)
    finally:
        stop_workers(procs)
        os.close(fd)
        _S.clear()


def _rest(path: Path, enc: str, delimiter: str, width: int, offset: int, base: int) \
        -> Iterator[chunks.Built]:
    """The file from `offset` on, read, checked and built in this process (base -1:
    from its start, header included)."""
    if base < 0:
        from server.planning.reading import csv_lists

        rows = csv_lists(path, enc, delimiter)[1]
    else:
        rows = csv_from(path, enc, delimiter, width, offset, base)
    chunk: list[tuple[int, Cells]] = []
    for r in rows:
        chunk.append(r)
        if len(chunk) >= chunks.CHUNK:
            yield chunks.prepare(chunk)
            chunk = []
    if chunk:
        yield chunks.prepare(chunk)


def stop_workers(procs: list[tuple[Any, Connection]]) -> None:
    """End the worker processes, each given with its pipe (what one was working on is
    dropped with it); also the plan's (server.planning.plan_parts)."""
    for p, conn in procs:
        if p.is_alive():
            p.terminate()
        conn.close()
    for p, _ in procs:
        p.join()
    procs.clear()
