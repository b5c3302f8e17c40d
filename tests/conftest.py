"""Shared fixtures: a real sync server on a loopback port with demo data."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Tests never touch the developer's real keyring, and Qt never needs a screen.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Servers started by tests (in process or on a loopback port) keep recordings here, never
# in the developer's data directory.
if "CALLSHEET_RECORDINGS_DIR" not in os.environ:
    os.environ["CALLSHEET_RECORDINGS_DIR"] = tempfile.mkdtemp(
        prefix="callsheet-test-recordings-")
    atexit.register(shutil.rmtree, os.environ["CALLSHEET_RECORDINGS_DIR"], True)


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One seeded server for read-mostly tests: {"url", "db_url", "accounts", "server"}."""
    from tests.e2e.desktop import midday_shift
    from tests.support.live_server import LiveServer, seed_demo

    db = tmp_path_factory.mktemp("server") / "server.sqlite3"
    db_url = f"sqlite:///{db}"
    creds = seed_demo(db_url, customers=300, seed=3)
    # The server's clock reads 12:00 in Shanghai like the desktops' (midday_clock), so
    # calling-window rules, which use the server's time, hold whatever the hour.
    with LiveServer(db_url, clock_shift=midday_shift()) as srv:
        yield {"url": srv.url, "db_url": db_url, "accounts": creds["accounts"], "server": srv}


@pytest.fixture
def fresh_server(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A server of the test's own, for tests that stop, kill or change it."""
    from tests.e2e.desktop import midday_shift
    from tests.support.live_server import LiveServer, seed_demo

    db_url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    creds = seed_demo(db_url, customers=200, seed=5)
    srv = LiveServer(db_url, clock_shift=midday_shift())
    srv.start()
    try:
        yield {"url": srv.url, "db_url": db_url, "accounts": creds["accounts"], "server": srv}
    finally:
        srv.stop()


def account(accounts: list[dict[str, Any]], role: str, index: int = 0) -> dict[str, Any]:
    return [a for a in accounts if a["role"] == role][index]


# The file scheduler that survives a crashed worker (tests/support/xdist_crash.py).
from tests.support.xdist_crash import pytest_xdist_make_scheduler  # noqa: E402, F401
