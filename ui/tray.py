"""Tray icon (where the desktop has a system tray): sync state at a glance, Show and Quit.

The icon gets a coloured dot (green online, blue syncing, red offline or needing a
login); the tooltip says the state and how many actions wait to be pushed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPointF, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMainWindow, QMenu, QSystemTrayIcon

from app.sync import SyncState, SyncStatus
from ui import labels
from ui.resources import app_icon

DOTS = {
    SyncState.IDLE: "#1f6b3f",
    SyncState.SYNCING: "#1d4e89",
    SyncState.OFFLINE: "#b3261e",
    SyncState.AUTH_REQUIRED: "#b3261e",
    SyncState.STOPPED: "#8a8f98",
}


def icon_with_dot(base: QIcon, colour: str, size: int = 64) -> QIcon:
    pm = base.pixmap(size, size)
    if pm.isNull():
        pm = QPixmap(size, size)
        pm.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pm)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor("#ffffff"))
    painter.setBrush(QColor(colour))
    r = size * 0.2
    painter.drawEllipse(QPointF(size - r - 1, size - r - 1), r, r)
    painter.end()
    return QIcon(pm)


class SyncTray(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.base = app_icon()
        self.icon = QSystemTrayIcon(self.base, self)
        menu = QMenu(window)
        show = QAction(self.tr("&Show Callsheet"), menu)
        show.triggered.connect(self.show_window)
        quit_ = QAction(self.tr("&Quit"), menu)
        quit_.triggered.connect(window.close)  # the window's own close: saves, stops sync
        menu.addActions([show, quit_])
        self.menu = menu
        self.icon.setContextMenu(menu)
        self.icon.activated.connect(self._activated)
        self.tooltip = ""

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason is QSystemTrayIcon.ActivationReason.Trigger:
            self.show_window()

    def show_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def show_status(self, status: SyncStatus) -> None:
        state = labels.sync_states().get(status.state, status.state.value)
        text = self.tr("Callsheet: %1").replace("%1", state)
        if status.pending:
            text += "\n" + self.tr("%n action(s) waiting to be pushed", "", status.pending)
        self.tooltip = text
        self.icon.setToolTip(text)
        self.icon.setIcon(icon_with_dot(self.base, DOTS.get(status.state, "#8a8f98")))


def install(window: QMainWindow, status_changed: object) -> SyncTray | None:
    """A tray icon following `status_changed` (a Signal(SyncStatus)); None without a tray."""
    if not QSystemTrayIcon.isSystemTrayAvailable():
        return None
    tray = SyncTray(window)
    status_changed.connect(tray.show_status)  # type: ignore[attr-defined]
    tray.icon.show()
    return tray
