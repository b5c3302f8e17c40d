"""Background work with results delivered on the UI thread (Anki's taskman, small).

Two executors, as in Anki: one single thread for the local database (SQLite writes
are serialised and reads see them in order) and a small pool for the network. A
finished future posts a closure through a queued Qt signal; the closure runs on
the thread the TaskManager lives on, i.e. the UI thread. The UI never waits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal

log = logging.getLogger(__name__)

T = TypeVar("T")
OnDone = Callable[[Any], object]
OnError = Callable[[BaseException], object]


class TaskManager(QObject):
    _deliver = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="callsheet-db")
        self._net = ThreadPoolExecutor(max_workers=2, thread_name_prefix="callsheet-net")
        self._in_flight = 0
        self._closed = False
        self._deliver.connect(self._run_closure, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        """True while any task has not yet delivered its result (tests wait on this)."""
        return self._in_flight > 0

    def run_in_background(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], object] | None = None,
        on_error: OnError | None = None,
        *,
        network: bool = False,
    ) -> None:
        """Run `fn` off the UI thread; then `on_done(result)` or `on_error(exc)` on it."""
        if self._closed:
            return
        pool = self._net if network else self._db
        self._in_flight += 1
        future = pool.submit(fn)
        future.add_done_callback(lambda f: self._deliver.emit(lambda: self._finish(f, on_done,
                                                                                   on_error)))

    def _finish(self, future: Future[Any], on_done: OnDone | None, on_error: OnError | None
                ) -> None:
        self._in_flight -= 1
        exc = future.exception()
        if exc is not None:
            if on_error is not None:
                on_error(exc)
            else:
                log.error("background task failed", exc_info=exc)
            return
        if on_done is not None:
            on_done(future.result())

    def _run_closure(self, closure: Callable[[], None]) -> None:
        if self._closed:
            return
        closure()

    def shutdown(self) -> None:
        """Stop accepting work; running tasks finish, their results are dropped."""
        self._closed = True
        self._db.shutdown(wait=False, cancel_futures=True)
        self._net.shutdown(wait=False, cancel_futures=True)


def run_in_background(
    tasks: TaskManager,
    fn: Callable[[], T],
    on_done: Callable[[T], object] | None = None,
    on_error: OnError | None = None,
    *,
    network: bool = False,
) -> None:
    """Module-level spelling of TaskManager.run_in_background."""
    tasks.run_in_background(fn, on_done, on_error, network=network)
