"""Presence the lead can trust, on the real server: an agent who closes the window shows
Offline at once (the window's last push), one whose desktop stops talking to the server
shows Offline after the set delay, and the lead sees how long since the last contact."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.services.lead import LeadService
from app.services.workspace import RoleWorkspace
from tests.conftest import account
from tests.e2e.desktop import midday_clock, open_desktop, open_role
from tests.support.live_server import LiveServer, seed_demo
from ui.lead.window import LeadWindow
from ui.main_window import MainWindow
from ui.tasks import TaskManager
from wire.lead import AgentRow, LiveState

OFFLINE_AFTER = 3.0  # seconds, for the test (60 by default)


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    monkeypatch.setenv("CALLSHEET_OFFLINE_AFTER_SECONDS", str(OFFLINE_AFTER))
    db_url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    creds = seed_demo(db_url, customers=60, seed=7)
    with LiveServer(db_url) as srv:
        yield {"url": srv.url, "accounts": creds["accounts"]}


@pytest.fixture
def lead(server: dict[str, Any], tmp_path: Path) -> Iterator[RoleWorkspace]:
    ws = open_role(server["url"], account(server["accounts"], "team_lead"),
                      tmp_path / "lead")
    yield ws
    ws.close()


def _row(lead: RoleWorkspace, name: str) -> AgentRow:
    mon = LeadService(lead.client).monitor()
    return next(r for r in mon.agents if r.name == name)


def test_closing_the_agent_window_shows_offline_at_once(
        server: dict[str, Any], lead: RoleWorkspace, tmp_path: Path, qtbot: QtBot,
        tasks: TaskManager) -> None:
    acct = account(server["accounts"], "agent")
    clock = midday_clock()  # one desk clock for both sessions
    ws = open_desktop(server["url"], acct, tmp_path / "agent", clock=clock)
    name = ws.user.display_name
    win = MainWindow(ws, tasks)
    qtbot.addWidget(win)
    win.show()
    win.start()
    qtbot.waitUntil(lambda: _row(lead, name).state is LiveState.IDLE, timeout=10000)
    win._set_presence("paused", "break")
    qtbot.waitUntil(lambda: _row(lead, name).state is LiveState.PAUSED, timeout=10000)

    win.close()  # the last push: "offline"
    row = _row(lead, name)
    assert row.state is LiveState.OFFLINE, "no waiting for the offline delay"
    assert row.contact_age_seconds is not None and row.contact_age_seconds < OFFLINE_AFTER

    # The next session starts available again (the sign-off is not carried over).
    again = open_desktop(server["url"], acct, tmp_path / "agent", clock=clock)
    try:
        assert again.presence.current().state == "offline"
        assert again.presence.resume() is not None
        again.sync.run_once()
        assert _row(lead, name).state is LiveState.IDLE
    finally:
        again.close()


def test_a_desktop_that_stops_talking_goes_offline_and_the_lead_sees_since_when(
        server: dict[str, Any], lead: RoleWorkspace, tmp_path: Path, qtbot: QtBot,
        tasks: TaskManager) -> None:
    ws = open_desktop(server["url"], account(server["accounts"], "agent"), tmp_path / "a")
    name = ws.user.display_name
    try:
        ws.presence.set_state("wrap_up")
        ws.sync.run_once()
        row = _row(lead, name)
        assert row.state is LiveState.WRAP_UP
        assert row.contact_age_seconds is not None and row.contact_age_seconds < 2
        # The desktop crashes or loses the network: no pull, no push, no long poll.
        time.sleep(OFFLINE_AFTER + 0.5)
        row = _row(lead, name)
        assert row.state is LiveState.OFFLINE, "not Wrap-up with a growing timer"
        assert row.contact_age_seconds is not None
        assert row.contact_age_seconds >= OFFLINE_AFTER

        window = LeadWindow(lead, tasks)
        qtbot.addWidget(window)
        window.start()
        qtbot.waitUntil(lambda: window.monitor is not None, timeout=10000)
        n = next(i for i, r in enumerate(window.agent_model.rows()) if r.name == name)
        cols = [c.title for c in window.agent_model.columns]
        text = window.agent_model.index(n, cols.index("State")).data()
        contact = window.agent_model.index(n, cols.index("Last contact")).data()
        assert text == "Offline"
        assert contact.endswith("s ago") and int(contact.split()[0]) >= int(OFFLINE_AFTER)
        window.timer.stop()
        window._closed = True  # the lead's workspace is closed by its fixture

        ws.sync.run_once()  # back on the network: online again, in its last state
        assert _row(lead, name).state is LiveState.WRAP_UP
    finally:
        ws.close()
