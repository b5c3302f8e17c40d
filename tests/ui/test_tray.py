"""The tray icon's tooltip and dot follow the sync state; Show raises the window."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMainWindow

from app.sync import SyncState, SyncStatus
from ui.tray import SyncTray


def test_tooltip_says_state_and_pending(qtbot: Any) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    tray = SyncTray(window)
    tray.show_status(SyncStatus(state=SyncState.OFFLINE, pending=3))
    assert "3" in tray.tooltip and tray.icon.toolTip() == tray.tooltip
    first = tray.icon.icon().pixmap(64, 64).toImage()
    tray.show_status(SyncStatus(state=SyncState.IDLE))
    assert "3" not in tray.tooltip
    assert tray.icon.icon().pixmap(64, 64).toImage() != first, "the dot changes colour"
    assert [a.text() for a in tray.menu.actions()] == ["&Show Callsheet", "&Quit"]
