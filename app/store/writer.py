"""One writer per local database: a single thread owns the write connection.

Every local write goes through `Writer.write(fn)`: the UI's operations (an outcome, a
do-not-call flag, a presence change) and the sync engine's applies (a push answer, a
pull page). `fn(conn)` runs on the writer's thread inside one transaction, so a
read-validate-write operation cannot interleave with another write of this process,
and no two threads ever hold SQLite's write lock against each other (no
`database is locked` waits between the UI and the sync thread). Reads stay on their
callers' connections (WAL: they see the last commit and never wait for the writer).

`writer_for(engine)` hands out the one writer of an engine, so services built apart (in
tests and benchmarks) still share it. A write called from inside a write (the writer's
own thread) joins the running transaction instead of waiting for itself.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from sqlalchemy import Connection, Engine

log = logging.getLogger(__name__)

T = TypeVar("T")
THREAD_NAME = "callsheet-writer"


class Writer:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=THREAD_NAME)
        self._conn: Connection | None = None
        self._ident: int | None = None
        self._in_tx = False
        self._closed = False
        self._lock = threading.Lock()
        self.writes = 0  # transactions committed (benchmarks count them)

    def write(self, fn: Callable[[Connection], T]) -> T:
        """Run `fn(conn)` in one transaction on the writer's thread and return its result
        (its exception, after the rollback). Blocks the calling thread until then."""
        if threading.get_ident() == self._ident:
            if self._in_tx:  # a write inside a write: part of the same transaction
                assert self._conn is not None
                return fn(self._conn)
            return self._run(fn)
        return self.submit(fn).result()

    def submit(self, fn: Callable[[Connection], T]) -> Future[T]:
        """`write` without waiting: the future of its result. Writes run one at a time in
        the order they were asked for, so a later `write` or `submit` sees this one done.
        (On the writer's own thread it runs at once, as `write` does.)"""
        if threading.get_ident() == self._ident:
            done: Future[T] = Future()
            try:
                done.set_result(self.write(fn))
            except BaseException as exc:  # noqa: BLE001 - handed to the future's reader
                done.set_exception(exc)
            return done
        with self._lock:
            if self._closed:  # a write after close (a last sign-off): start again
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=THREAD_NAME)
                self._closed = False
            return self._pool.submit(self._run, fn)

    def on_writer_thread(self) -> bool:
        return threading.get_ident() == self._ident

    def _run(self, fn: Callable[[Connection], T]) -> T:
        self._ident = threading.get_ident()
        conn = self._conn
        if conn is None or conn.closed or conn.invalidated:
            conn = self._conn = self._engine.connect()
        self._in_tx = True
        try:
            with conn.begin():
                result = fn(conn)
            self.writes += 1
            return result
        except BaseException:
            if conn.invalidated:
                self._drop()
            raise
        finally:
            self._in_tx = False

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # closing a broken connection: nothing to save
                log.debug("closing the writer's connection failed", exc_info=True)

    def close(self) -> None:
        """Finish the writes already asked for, then release the connection and the
        thread (a later write starts them again)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            pool = self._pool
            done = pool.submit(self._drop)
        try:
            done.result(timeout=10)
        except Exception:  # shutting down: the connection goes with the engine
            log.debug("writer close failed", exc_info=True)
        pool.shutdown(wait=False)


_writers: weakref.WeakKeyDictionary[Engine, Writer] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def writer_for(engine: Engine) -> Writer:
    """The one writer of `engine` (made at the first ask)."""
    with _lock:
        w = _writers.get(engine)
        if w is None:
            w = _writers[engine] = Writer(engine)
        return w
