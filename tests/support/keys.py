"""Pressing a campaign-loop page's key (ui/shortcuts.loop_table) from a test."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ui import shortcuts


def press_loop_key(qtbot: QtBot, window: QWidget, action: str) -> None:
    """The action's key from the one shortcut table, pressed where the focus is."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    combo = QKeySequence(shortcuts.loop_keys(action)[0])[0]
    qtbot.keyClick(window.focusWidget() or window, combo.key(), combo.keyboardModifiers())
