"""Placing a call through the operating system: the softphone registered for tel: links.

The non-Qt part is app/telephony/tel.py (one adapter of the `Dialer` seam); this only
supplies Qt's way of opening a URL. Injectable so tests can replace it. The dial gate
(QueueService.start_call) is always asked first by the caller; a Dialer only dials.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from app.telephony.tel import TelDialer


def _open(url: str) -> bool:
    return QDesktopServices.openUrl(QUrl(url))


class Dialer(TelDialer):
    def __init__(self) -> None:
        super().__init__(_open)
