"""A real sync server in a subprocess on a loopback port, and in-process demo seeding.

    creds = seed_demo("sqlite:////tmp/x.sqlite3", customers=200, seed=1)
    with LiveServer("sqlite:////tmp/x.sqlite3") as srv:
        httpx.get(srv.url + "/api/v1/health")
        srv.stop(); srv.restart()   # same port again if it is still free

With `clock_shift` (seconds) the server runs on a shifted clock; `set_clock_shift` moves
it while it runs (e.g. to the next day, so call-backs fall due on the server too).
"""

from __future__ import annotations

import atexit
import copy
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
LISTENING = "Callsheet server listening on "


_TEMPLATES: dict[tuple[int, int], tuple[Path, dict[str, Any]]] = {}
_TEMPLATE_DIR: Path | None = None


def seed_demo(database_url: str, customers: int = 200, seed: int = 1) -> dict[str, Any]:
    """Create demo data in-process; returns {"server": None, "accounts": [...]}.

    A new SQLite file gets a copy of the same demo made once per test process (seeding
    took 3 s, copying takes milliseconds; a test's server is still its own file, with the
    same accounts and passwords as the copy says). Anything else (PostgreSQL, a file that
    exists already) is seeded as asked."""
    import server.demo
    from tests.e2e.desktop import midday_shift

    # The demo is made on the clock the test servers run on (12:00 in Shanghai, see
    # midday_shift): made on the machine's own clock after 16:00 UTC, its "today" was the
    # next day in Shanghai, and its latest calls, sales and verification items lay hours
    # in the future of those servers (the verifier's list of due items came up empty).
    shift = timedelta(seconds=midday_shift())
    names = vars(server.demo)  # the demo's own name for the clock (from server.db import)
    real = names["utcnow"]
    names["utcnow"] = lambda: real() + shift
    try:
        return _seed_demo(database_url, customers, seed)
    finally:
        names["utcnow"] = real


def _seed_demo(database_url: str, customers: int, seed: int) -> dict[str, Any]:
    from server.demo import seed as seed_

    prefix = "sqlite:///"
    target = Path(database_url[len(prefix):]) if database_url.startswith(prefix) else None
    if target is None or target.exists() or str(target) == ":memory:":
        return seed_(database_url, customers=customers, seed=seed)
    key = (customers, seed)
    if key not in _TEMPLATES:
        template = _template_dir() / f"demo-{customers}-{seed}.sqlite3"
        creds = seed_(f"{prefix}{template}", customers=customers, seed=seed)
        _checkpoint(template)
        _TEMPLATES[key] = (template, creds)
    template, creds = _TEMPLATES[key]
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, target)
    return copy.deepcopy(creds)


def _template_dir() -> Path:
    global _TEMPLATE_DIR
    if _TEMPLATE_DIR is None:
        _TEMPLATE_DIR = Path(tempfile.mkdtemp(prefix="callsheet-demo-templates-"))
        atexit.register(shutil.rmtree, _TEMPLATE_DIR, True)
    return _TEMPLATE_DIR


def _checkpoint(db: Path) -> None:
    """Everything in the main file (no -wal beside it), so one file copy is the database."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()


class LiveServer:
    def __init__(self, database_url: str, *, start_timeout: float = 30.0,
                 clock_shift: float | None = None, args: tuple[str, ...] = ()) -> None:
        self.database_url = database_url
        self.args = args  # more `serve` options, e.g. ("--workers", "2")
        self.start_timeout = start_timeout
        self.shift_file: Path | None = None
        self.clock_shift = 0.0
        if clock_shift is not None:
            fd, name = tempfile.mkstemp(prefix="callsheet-clock-", suffix=".txt")
            os.close(fd)
            self.shift_file = Path(name)
            self.set_clock_shift(clock_shift)
        self.port = 0
        self.url = ""
        self.proc: subprocess.Popen[str] | None = None
        self.output: list[str] = []

    # --------------------------------------------------------------- lifecycle

    def start(self) -> LiveServer:
        if self.proc is not None and self.proc.poll() is None:
            raise RuntimeError("the server is already running")
        env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        if self.shift_file is not None:
            env["CALLSHEET_CLOCK_SHIFT_FILE"] = str(self.shift_file)
        self.output = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "server", "serve", "--port", str(self.port),
             "--database-url", self.database_url, *self.args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT, env=env,
        )
        self.url = self._read_url()
        self.port = int(self.url.rsplit(":", 1)[1])
        # Keep draining the pipe so the server never blocks on a full stdout.
        threading.Thread(target=self._drain, daemon=True).start()
        self._wait_healthy()
        return self

    def set_clock_shift(self, seconds: float) -> None:
        """Move the server's clock to the machine's plus `seconds` (takes effect at once)."""
        if self.shift_file is None:
            raise RuntimeError("this server was started without a clock shift")
        self.clock_shift = seconds
        old = self.shift_file.stat().st_mtime_ns
        self.shift_file.write_text(repr(float(seconds)), encoding="ascii")
        if self.shift_file.stat().st_mtime_ns == old:  # a coarse file system clock
            os.utime(self.shift_file, ns=(old + 1_000, old + 1_000))

    def now(self) -> datetime:
        """The server's clock as it reads it."""
        return datetime.now(UTC) + timedelta(seconds=self.clock_shift)

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM and wait (uvicorn finishes the requests in flight)."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout)
        self.proc = None

    def kill(self) -> None:
        """SIGKILL: a crash, no clean shutdown."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)
        self.proc = None

    def restart(self) -> LiveServer:
        """Stop if running, then start on the same port (retries briefly while the old
        socket is released)."""
        self.stop()
        deadline = time.monotonic() + 10
        while True:
            try:
                return self.start()
            except RuntimeError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # ---------------------------------------------------------------- plumbing

    def _read_url(self) -> str:
        assert self.proc is not None and self.proc.stdout is not None
        found: list[str] = []

        def reader() -> None:
            assert self.proc is not None and self.proc.stdout is not None
            for line in self.proc.stdout:
                self.output.append(line)
                if LISTENING in line:
                    found.append(line.split(LISTENING, 1)[1].strip())
                    return

        t = threading.Thread(target=reader, daemon=True)
        t.start()
        t.join(self.start_timeout)
        if not found:
            self.kill()
            raise RuntimeError("the server did not start:\n" + "".join(self.output[-30:]))
        return found[0]

    def _drain(self) -> None:
        proc = self.proc
        if proc is None or proc.stdout is None:
            return
        try:
            for line in proc.stdout:
                self.output.append(line)
        except (OSError, ValueError):
            pass

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/api/v1/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        self.kill()
        raise RuntimeError("the server did not answer /api/v1/health in time")
