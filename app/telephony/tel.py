"""The tel: hand-off: the operating system's softphone places the call."""

from __future__ import annotations

from collections.abc import Callable

from app.telephony.events import CallEvent


class TelDialer:
    """Hands the number to whatever handles tel: links; reports no progress.

    `open_url` opens a URL and says whether anything took it (the desktop passes Qt's
    QDesktopServices.openUrl; ui/dialer.py)."""

    reports_progress = False

    def __init__(self, open_url: Callable[[str], bool]) -> None:
        self._open_url = open_url

    def dial(self, number: str) -> bool:
        return bool(self._open_url("tel:" + number))

    def set_listener(self, on_event: Callable[[CallEvent], None]) -> None:
        pass  # a hand-off has no events to tell

    # The softphone owns the call: its own buttons hang up, hold, mute and send tones.
    def hang_up(self) -> None:
        pass

    def hold(self, on: bool) -> None:
        pass

    def mute(self, on: bool) -> None:
        pass

    def send_dtmf(self, digits: str) -> None:
        pass

    def transfer(self, target: str) -> None:
        pass
