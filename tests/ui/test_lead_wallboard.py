"""The wallboard from the lead's window: F11 opens it full screen with large figures per
team that follow the live monitor; F11 inside toggles full screen, Esc goes back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.conftest import account
from tests.e2e.desktop import callable_rows, no_answer, open_desktop, open_role
from ui.lead.wallboard import Wallboard, team_figures
from ui.lead.window import LeadWindow
from ui.tasks import TaskManager
from wire.lead import AgentRow, LiveState


@pytest.fixture(autouse=True)
def centre_on_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in tests/e2e/test_lead_live.py: the desks' midday clock and the centre's day."""
    monkeypatch.setenv("CALLSHEET_CENTRE_TZ", "UTC")


@pytest.fixture
def lead(qtbot: QtBot, tasks: TaskManager, fresh_server: dict[str, Any],
         tmp_path: Path) -> Iterator[tuple[LeadWindow, dict[str, Any]]]:
    ws = open_role(fresh_server["url"], account(fresh_server["accounts"], "team_lead"),
                      tmp_path / "lead")
    win = LeadWindow(ws, tasks)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.start()
    qtbot.waitUntil(lambda: win.monitor is not None, timeout=20000)
    yield win, fresh_server
    win.close()


def test_f11_shows_the_floor_full_screen_and_follows_the_monitor(
        lead: tuple[LeadWindow, dict[str, Any]], qtbot: QtBot, tmp_path: Path) -> None:
    win, server = lead
    qtbot.keyClick(win, Qt.Key.Key_F11)
    board = win.wallboard
    assert board is not None and board.isVisible() and board.isFullScreen()
    qtbot.waitExposed(board)
    assert win.monitor is not None
    teams = {a.team for a in win.monitor.agents}
    assert len([t for t in board.tiles if t.isVisible()]) == len(teams) == 2
    calls = sum(a.calls for a in win.monitor.agents)
    assert sum(f.calls for f in board.figures) == calls
    # Readable from a distance: figures far larger than the window's text.
    assert board.figure_font_px() >= 3 * win.fontInfo().pixelSize()
    # Live: an agent's calls reach the board at the next refresh.
    agent = open_desktop(server["url"], account(server["accounts"], "agent"),
                         tmp_path / "agent")
    try:
        agent.sync.run_once()  # its queue
        rows = callable_rows(agent)[:2]
        assert len(rows) == 2
        for row in rows:
            agent.queue.record_outcome(no_answer(row))
        agent.sync.run_once()
    finally:
        agent.close()
    qtbot.waitUntil(lambda: sum(f.calls for f in board.figures) == calls + 2, timeout=15000)
    # F11 inside the board: out of full screen; Esc: back to the monitor.
    board.activateWindow()
    qtbot.waitUntil(board.isActiveWindow, timeout=2000)
    toggled: list[bool] = []
    real = board.toggle_full_screen
    board.toggle_full_screen = lambda: toggled.append(True) or real()  # type: ignore
    qtbot.keyClick(board, Qt.Key.Key_F11)  # (offscreen, the platform refuses full screen)
    assert toggled == [True]
    board.showNormal()
    qtbot.keyClick(board, Qt.Key.Key_Escape)
    assert not board.isVisible()
    assert win.actions_by_id["wallboard"].shortcut().toString() == "F11"


def test_team_figures_count_states_and_conversion() -> None:
    def row(team: str, state: LiveState, calls: int, reached: int, sales: int) -> AgentRow:
        return AgentRow(agent_id=team + state, name="x", team=team, state=state,
                        calls=calls, reached=reached, successes=sales)

    figs = team_figures([row("B", LiveState.ON_CALL, 10, 4, 1),
                         row("B", LiveState.OFFLINE, 5, 2, 1),
                         row("A", LiveState.PAUSED, 3, 0, 0),
                         row("B", LiveState.WRAP_UP, 1, 1, 0)])
    assert [f.name for f in figs] == ["A", "B"]
    a, b = figs
    assert (b.calls, b.reached, b.sales, b.on_call, b.offline) == (16, 7, 2, 2, 1)
    assert b.conversion == pytest.approx(2 / 7) and a.conversion is None and a.paused == 1


def test_not_live_is_marked(qtbot: QtBot) -> None:
    from datetime import UTC, datetime

    from wire.lead import Monitor

    board = Wallboard()
    qtbot.addWidget(board)
    mon = Monitor(server_time=datetime.now(UTC), day_start=datetime.now(UTC), teams=[],
                  agents=[], campaigns=[], hours=[])
    board.show_monitor(mon, live=False)
    assert "not live" in board.clock.text()
