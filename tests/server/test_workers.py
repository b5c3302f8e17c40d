"""`callsheet-server serve --workers N`: N processes on one address, a dead one started
again, SIGTERM passed on to all (open long polls answered at once, every child gone)."""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from app.api_client import ApiClient
from server import workers
from tests.conftest import account
from tests.support.live_server import LiveServer, seed_demo

pytestmark = pytest.mark.skipif(not workers.supported(), reason="--workers needs fork")


def _pids(srv: LiveServer) -> dict[int, int]:
    """worker index -> its newest pid, from the supervisor's lines."""
    found: dict[int, int] = {}
    for line in list(srv.output):
        if m := re.match(r"worker (\d+) started \(pid (\d+)\)", line):
            found[int(m[1])] = int(m[2])
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def _wait(pred: Callable[[], object], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(0.05)
    return False


def test_workers_share_one_address_survive_a_crash_and_stop_on_sigterm(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    creds = seed_demo(url, customers=20, seed=2)
    srv = LiveServer(url, args=("--workers", "2")).start()
    try:
        assert _wait(lambda: len(_pids(srv)) == 2, 20), srv.output
        first = _pids(srv)
        assert len(set(first.values())) == 2

        # A crash of one child: the other answers meanwhile, the supervisor starts it again.
        os.kill(first[0], signal.SIGKILL)
        assert httpx.get(srv.url + "/api/v1/health", timeout=5).status_code == 200
        assert _wait(lambda: _pids(srv).get(0) not in (None, first[0]), 20), srv.output
        assert _wait(lambda: _alive(_pids(srv)[0]), 10)
        assert any("exited with -9; starting it again" in line for line in srv.output)

        # A long poll is open when the supervisor gets SIGTERM: it is answered at once
        # (changed=false), not after its 25 s, and every process is gone.
        client = ApiClient(srv.url)
        a = account(creds["accounts"], "agent")
        client.login(a["username"], a["password"])
        top = client.pull(0).cursor
        answers: list[object] = []
        poll = threading.Thread(target=lambda: answers.append(client.wait(top, 25)))
        poll.start()
        time.sleep(1.5)  # the poll is waiting in one of the children
        children = list(_pids(srv).values())
        assert srv.proc is not None
        started = time.monotonic()
        srv.stop(timeout=20)
        poll.join(10)
        assert time.monotonic() - started < 10
        assert answers and getattr(answers[0], "changed", None) is False
        assert not [p for p in children if _alive(p)]
    finally:
        srv.kill()
