"""`callsheet-server serve --workers N`: N server processes on one listening socket.

The parent migrates the database once, binds the socket, and forks N children; each
child builds its own app (its own engines and pools: a pooled connection must never
cross a fork) and runs uvicorn on the inherited socket. The kernel hands each new
connection to one of the children. The parent only supervises:

- a child that dies unexpectedly (a crash, an out-of-memory kill) is started again
  after a short pause, doubling up to 30 s while they keep dying within a minute;
- SIGTERM or SIGINT to the parent is passed on to every child (each answers its open long
  polls at once and finishes the requests in flight: `server.cli`), and the parent
  waits for them, killing those still running after `grace` seconds.

Why not uvicorn's own `--workers`: it builds the app from an import string in each
child (ours is made from the database URL) and binds the socket itself (ours announces
the real port of `--port 0` before any child starts). Fork is POSIX only: on Windows
`--workers` above 1 is refused.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections.abc import Callable
from types import FrameType

RESTART_PAUSE = 0.5  # first pause before a dead child is started again
MAX_PAUSE = 30.0
STABLE_AFTER = 60.0  # a child that ran this long resets the pause


def supported() -> bool:
    return hasattr(os, "fork")


class Supervisor:
    def __init__(self, count: int, run_child: Callable[[int], int], *,
                 grace: float = 30.0) -> None:
        """`run_child(index)` runs one server in the child and returns its exit code."""
        self.count = count
        self.run_child = run_child
        self.grace = grace
        self.children: dict[int, tuple[int, float]] = {}  # pid -> (index, started)
        self.stopping = False
        self._pause = RESTART_PAUSE

    def _spawn(self, index: int) -> None:
        pid = os.fork()
        if pid == 0:  # the child: default signal handling, uvicorn installs its own
            code = 1
            try:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                code = self.run_child(index)
            except BaseException:  # noqa: BLE001 - a child must never return into the parent's loop
                import traceback

                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        self.children[pid] = (index, time.monotonic())
        print(f"worker {index} started (pid {pid})", flush=True)

    def _stop(self, sig: int, _frame: FrameType | None) -> None:
        self.stopping = True
        for pid in list(self.children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    def run(self) -> int:
        previous = {s: signal.signal(s, self._stop) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            for index in range(self.count):
                self._spawn(index)
            self._supervise()
            return self._reap_all()
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)

    def _supervise(self) -> None:
        while not self.stopping:
            try:
                pid, status = os.waitpid(-1, 0)
            except ChildProcessError:
                return
            except InterruptedError:
                continue
            entry = self.children.pop(pid, None)
            if entry is None or self.stopping:
                continue
            index, started = entry
            code = os.waitstatus_to_exitcode(status)
            print(f"worker {index} (pid {pid}) exited with {code}; starting it again",
                  file=sys.stderr, flush=True)
            if time.monotonic() - started >= STABLE_AFTER:
                self._pause = RESTART_PAUSE
            time.sleep(self._pause)
            self._pause = min(MAX_PAUSE, self._pause * 2)
            if not self.stopping:
                self._spawn(index)

    def _reap_all(self) -> int:
        deadline = time.monotonic() + self.grace
        while self.children:
            for pid in list(self.children):
                try:
                    done, _ = os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    done = pid
                if done:
                    self.children.pop(pid, None)
            if self.children and time.monotonic() > deadline:
                for pid in self.children:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
                deadline = float("inf")
            time.sleep(0.05)
        return 0

