"""Long-poll support: wake waiting `GET /sync/wait` requests when the change feed grows.

Two sources of wake-ups, so one process or several behind a balancer both work:

- in-process: `notify()` is called (on the committing thread) after every commit that
  published change rows (`server.changes.on_published`);
- periodic: while anybody waits, one task per process reads the feed's counter every
  `poll_interval` seconds and wakes the waiters when it moved (a commit made by another
  process).

A wake-up only says "look again": each waiter then re-checks, in the database, whether a
row *it* may see arrived. Waiting holds no thread and no database connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from starlette.concurrency import run_in_threadpool

log = logging.getLogger(__name__)


class ChangeWatch:
    def __init__(self, read_top: Callable[[], int], *, poll_interval: float = 1.0) -> None:
        self._read_top = read_top  # blocking; run in the thread pool
        self.poll_interval = poll_interval
        self._loop: asyncio.AbstractEventLoop | None = None
        self._event: asyncio.Event | None = None
        self._poller: asyncio.Task[None] | None = None
        self._waiters = 0
        self._last: int | None = None  # the counter at the last probe (kept across pollers)

    # ------------------------------------------------------------ any thread

    closing = False

    def close(self) -> None:
        """The server is shutting down: waiters answer now, so it need not wait for them."""
        self.closing = True
        self.notify()

    def notify(self) -> None:
        """Something was committed: wake every waiter (thread-safe)."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop is shutting down
            loop.call_soon_threadsafe(self._fire)

    # ------------------------------------------------------------ event loop

    def generation(self) -> asyncio.Event:
        """The event the next wake-up sets. Take it *before* checking the database, so a
        commit between the check and the wait is not missed."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop or self._event is None:
            self._loop, self._event, self._poller = loop, asyncio.Event(), None
        return self._event

    async def wait(self, event: asyncio.Event, timeout: float) -> None:
        """Wait until `event` is set or `timeout` passes (no error either way)."""
        self._waiters += 1
        self._ensure_poller()
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), timeout)
        finally:
            self._waiters -= 1

    def _fire(self) -> None:
        event, self._event = self._event, asyncio.Event()
        if event is not None:
            event.set()

    def _ensure_poller(self) -> None:
        if self._poller is None or self._poller.done():
            self._poller = asyncio.get_running_loop().create_task(self._poll())

    async def _poll(self) -> None:
        # A first probe (`_last` None) wakes everyone once: cheap, and nothing committed
        # elsewhere between a waiter's check and this probe can be missed.
        while self._waiters > 0:
            try:
                top = await run_in_threadpool(self._read_top)
            except Exception:  # a failed probe must not kill the waiters
                log.warning("change-feed probe failed", exc_info=True)
            else:
                if top != self._last:
                    self._last = top
                    self._fire()
            await asyncio.sleep(self.poll_interval)
