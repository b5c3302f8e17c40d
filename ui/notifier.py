"""Due call-backs: tell the agent once per call-back, through the desktop's notification
area (QSystemTrayIcon) where there is one, otherwise through the window's banner, which
goes away once every call-back it names has been worked (or is no longer due)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QSystemTrayIcon

from app.views import QueueRow
from ui.agent_bar import Banner
from ui.resources import app_icon

translate = QCoreApplication.translate


class CallbackNotifier(QObject):
    def __init__(self, banner: Banner, parent: QObject | None = None,
                 *, use_tray: bool | None = None) -> None:
        super().__init__(parent)
        self.banner = banner
        self._told: set[tuple[str, datetime | None]] = set()
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable() if use_tray is None else use_tray:
            self.tray = QSystemTrayIcon(app_icon(), self)
            self.tray.setToolTip("Callsheet")
            self.tray.show()
        self.messages: list[str] = []  # what was shown, for tests
        self._named: set[str] = set()  # the items the banner's notice names, still due
        self._notice = ""  # that notice's text (the banner shows other messages too)

    def check(self, rows: Iterable[QueueRow]) -> list[QueueRow]:
        """Notify about due call-backs not notified yet; returns them. `rows`: the queue's
        rows, or those just re-read after a change."""
        rows = list(rows)
        if self._named:
            self._named -= {r.id for r in rows if not r.callback_due}
            if not self._named and self.banner.label.text() == self._notice:
                self.banner.hide()  # (every call-back it named was worked)
        new = [r for r in rows if r.callback_due and (r.id, r.callback_at) not in self._told]
        if not new:
            return []
        for r in new:
            self._told.add((r.id, r.callback_at))
        names = ", ".join(r.customer_name for r in new[:5]) + (" ..." if len(new) > 5 else "")
        n = len(new)
        title = translate("Notify", "%n call-back(s) due", "", n)
        text = translate("Notify", "%1 - at the top of your queue.").replace("%1", names)
        self.messages.append(f"{title}: {text}")
        if self.tray is not None and self.tray.isVisible():
            self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 10000)
        else:
            self._notice = f"<b>{title}</b>: {text}"
            self._named = {r.id for r in new}
            self.banner.show_message(self._notice)
        return new
