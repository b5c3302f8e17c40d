"""Background work with results delivered on the UI thread (Anki's taskman, small).

Two executors, as in Anki: one single thread for the local database (SQLite writes
are serialised and reads see them in order) and a small pool for the network. The UI
never waits.

A worker thread never holds the last reference to anything the UI made. The work's
closure usually holds a widget (a dialog's `self`); had the worker dropped the last
reference, the widget would be deleted on the worker's thread, under the event loop's
feet (a segfault: stop 27's CI, a login still in flight when its test ended). So a
finished task's closure and outcome are put on a queue, the worker keeps nothing, and
only then wakes the UI thread, which takes them off the queue, runs the callback and
drops them there. The wake-up goes through one relay object that lives as long as the
process, never through the TaskManager, which may be gone by then.
"""

from __future__ import annotations

import itertools
import logging
import queue
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal

log = logging.getLogger(__name__)

T = TypeVar("T")
OnDone = Callable[[Any], object]
OnError = Callable[[BaseException], object]

# (the manager, weakly; job id; the work itself; its result; its exception)
_Finished = tuple["weakref.ref[TaskManager]", int, object, Any, BaseException | None]


class _Relay(QObject):
    """Made once, on the UI thread, and never deleted: workers wake the UI through it."""

    wake = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.finished: queue.SimpleQueue[_Finished] = queue.SimpleQueue()
        self.wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)

    def _drain(self) -> None:
        while True:
            try:
                ref, job, work, result, exc = self.finished.get_nowait()
            except queue.Empty:
                return
            manager = ref()
            if manager is not None:
                manager._finish(job, result, exc)
            del work, result, exc, manager  # dropped here, on the UI thread


_relay: _Relay | None = None


def _the_relay() -> _Relay:
    global _relay
    if _relay is None:
        _relay = _Relay()
    return _relay


def _runner(relay: _Relay, ref: weakref.ref[TaskManager], job: int,
            box: list[Callable[[], Any]]) -> None:
    """Run on a worker thread: the work, then hand everything to the UI thread."""
    work = box.pop()
    result: Any = None
    error: BaseException | None = None
    try:
        result = work()
    except BaseException as exc:  # noqa: BLE001 - every failure goes to on_error
        error = exc
    relay.finished.put((ref, job, work, result, error))
    del work, result, error
    relay.wake.emit()


class TaskManager(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="callsheet-db")
        self._net = ThreadPoolExecutor(max_workers=2, thread_name_prefix="callsheet-net")
        self._relay = _the_relay()
        self._ref = weakref.ref(self)
        self._jobs: dict[int, tuple[OnDone | None, OnError | None]] = {}  # UI thread only
        self._ids = itertools.count()
        self._closed = False

    @property
    def busy(self) -> bool:
        """True while any task has not yet delivered its result (tests wait on this)."""
        return bool(self._jobs)

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
        job = next(self._ids)
        self._jobs[job] = (on_done, on_error)
        pool = self._net if network else self._db
        pool.submit(_runner, self._relay, self._ref, job, [fn])

    def _finish(self, job: int, result: Any, exc: BaseException | None) -> None:
        callbacks = self._jobs.pop(job, None)
        if callbacks is None or self._closed:
            return
        on_done, on_error = callbacks
        if exc is not None:
            if on_error is not None:
                on_error(exc)
            else:
                log.error("background task failed", exc_info=exc)
            return
        if on_done is not None:
            on_done(result)

    def shutdown(self) -> None:
        """Stop accepting work; running tasks finish, their results are dropped."""
        self._closed = True
        self._jobs.clear()
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
