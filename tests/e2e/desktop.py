"""A desktop's client core opened against a live server, as the UI would open it."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from app.paths import Paths
from app.services.auth import AuthService
from app.services.workspace import RoleWorkspace, Workspace, open_for_role
from app.settings import Settings
from app.tokens import TokenStore
from app.views import OutcomeDraft, QueueRow
from wire.schema import Disposition


@cache
def midday_shift() -> float:
    """Seconds from the first call (once per test process) to 12:00 in Shanghai that day
    (04:00 UTC). The test servers run on a clock shifted by it (tests/conftest.py), and so
    do the desktops (`midday_clock`): the same shift for all, so a desktop's measured
    offset to a server is its own shift alone, however long after the server it started
    (a shift taken anew each time made them differ by the seconds in between)."""
    inherited = os.environ.get(SHIFT_ENV)  # a desktop process a test started: its shift
    if inherited:
        return float(inherited)
    now = datetime.now(UTC)
    return (now.replace(hour=4, minute=0, second=0, microsecond=0) - now).total_seconds()


# A child process a test starts (tests/e2e/test_crash.py) runs on its parent's shift: its
# own, taken later, would put its clock behind the server's by the minutes in between.
SHIFT_ENV = "CALLSHEET_TEST_MIDDAY_SHIFT"


def midday_clock() -> Callable[[], datetime]:
    """A running clock shifted to 12:00 in Shanghai today: inside the demo's calling window
    whatever the hour the tests run at (the test servers' clocks are shifted alike)."""
    offset = timedelta(seconds=midday_shift())
    return lambda: datetime.now(UTC) + offset


def open_role(
    url: str, acct: dict[str, Any], data_dir: Path, clock: Callable[[], datetime] | None = None,
    settings: Settings | None = None, key: bytes | None = None,
) -> RoleWorkspace:
    """What the desktop opens after this account's login (ui/main.py): an agent's local
    workspace, or a lead's or checker's online one (no local store, no sync engine).
    `key`: the local store encrypted with it, as the desktop's is (else a plain file)."""
    paths = Paths.under(data_dir)
    paths.ensure()
    auth = AuthService(url, TokenStore(use_keyring=False))
    user, token = auth.login(acct["username"], acct["password"])
    return open_for_role(
        paths=paths, settings=settings or Settings(), server_url=url, user=user, token=token,
        clock=clock or midday_clock(), key=key,
    )


def open_desktop(
    url: str, acct: dict[str, Any], data_dir: Path, clock: Callable[[], datetime] | None = None,
    settings: Settings | None = None, key: bytes | None = None,
) -> Workspace:
    """An agent's (or admin's) desktop: the local store and the sync engine."""
    ws = open_role(url, acct, data_dir, clock, settings, key)
    assert isinstance(ws, Workspace), "a lead or checker works online only: use open_role"
    return ws


def callable_rows(ws: Workspace) -> list[QueueRow]:
    return [r for r in ws.queue.list_queue() if r.callable_now]


def dialled(ws: Workspace, item_id: str, *, script_id: str | None = None) -> None:
    """The agent dials (F5), reads out every mandatory disclosure, and hangs up (F6)."""
    ws.queue.start_call(item_id)
    for step in ws.queue.detail(item_id, script_id=script_id).steps:
        if step.mandatory:
            ws.queue.tick_disclosure(item_id, step.id)
    ws.queue.end_call()


def no_answer(row: QueueRow) -> OutcomeDraft:
    return OutcomeDraft(
        queue_item_id=row.id,
        disposition=Disposition.NO_ANSWER,
        call_started_at=datetime.now(UTC) - timedelta(seconds=30),
        talk_seconds=0,
        wrap_seconds=5,
    )


def wait_until(pred: Callable[[], bool], timeout: float, step: float = 0.02) -> bool:
    """Poll `pred` until it holds or `timeout` seconds pass; the last answer is returned."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(step)
    return pred()
