"""Placing a call through the operating system: the softphone registered for tel: links.

Injectable so tests (and a future CTI integration) can replace it. The dial gate
(QueueService.check_dial) is always asked first by the caller; a Dialer only dials.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices


class Dialer:
    def dial(self, number: str) -> bool:
        """Hand `number` (E.164) to the system's tel: handler; False if none took it."""
        return QDesktopServices.openUrl(QUrl("tel:" + number))
