"""The agent's window as the UI tests open it against a live server: logged in the way
`make run` does, shown, its first sync done and the window idle, the queue focused; and
the screenshots the tests save with CALLSHEET_SHOTS=<folder>."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.telephony import Dialer
from ui.main_window import MainWindow
from ui.tasks import TaskManager


def shot(widget: QWidget, name: str) -> None:
    """With CALLSHEET_SHOTS=<folder>: `widget` saved as <folder>/<name>-<language>.png."""
    folder = os.environ.get("CALLSHEET_SHOTS")
    if folder:
        lang = "zh_CN" if QLocale().name() == "zh_CN" else "en"
        widget.grab().save(f"{folder}/{name}-{lang}.png")


def agent_window(qtbot: QtBot, tasks: TaskManager, server: dict[str, Any], data: Path,
                 dialer: Dialer, *, agent: int | None = None,
                 size: tuple[int, int] | None = None) -> MainWindow:
    """The window of the server's `agent`-th agent (None: its accounts' first, as they
    are), its desktop data under `data`; returned with its queue synced and focused."""
    from tests.ui.test_agent_window import log_in

    if agent is not None:
        agents = [a for a in server["accounts"] if a["role"] == "agent"]
        server = {**server, "accounts": [agents[agent]]}
    ws = log_in(qtbot, tasks, server, data)
    win = MainWindow(ws, tasks, dialer=dialer)
    qtbot.addWidget(win)
    if size is not None:
        win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    win.start()
    qtbot.waitUntil(lambda: win.queue_panel.model.rowCount() > 0
                    and win.ws.sync.status.last_sync_at is not None, timeout=30000)
    qtbot.waitUntil(lambda: not win.tasks.busy, timeout=10000)
    win.activateWindow()
    win.queue_panel.view.setFocus()
    return win
