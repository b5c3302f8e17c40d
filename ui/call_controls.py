"""The call's progress on screen: the dialer's events (from its own thread) re-emitted as
Qt signals, and their words for the status bar (tr(); Simplified Chinese in
callsheet_zh_CN.ts)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal

from app.telephony.events import CallEventKind, Registration
from app.telephony.session import CallProgress


class CallBridge(QObject):
    """Thread-safe: `progress_from_any_thread` may be called on the SIP thread; the
    connected slots run on the UI thread (a queued connection)."""

    progress = Signal(object)  # CallProgress
    registration = Signal(object)  # Registration

    def progress_from_any_thread(self, p: CallProgress) -> None:
        self.progress.emit(p)

    def registration_from_any_thread(self, r: Registration) -> None:
        self.registration.emit(r)


def _tr(text: str) -> str:
    return QCoreApplication.translate("CallControls", text)


def progress_text(p: CallProgress, *, recorded: bool = False) -> str:
    """One line for the status bar, e.g. "Busy (486 Busy Here)"; an answered call of a
    recording campaign says that it is being recorded."""
    if recorded and p.event.kind is CallEventKind.ANSWERED:
        return _tr("Answered - this call is being recorded")
    words = {
        CallEventKind.DIALLING: _tr("Dialling..."),
        CallEventKind.RINGING: _tr("Ringing..."),
        CallEventKind.ANSWERED: _tr("Answered"),
        CallEventKind.BUSY: _tr("Busy"),
        CallEventKind.DECLINED: _tr("Declined"),
        CallEventKind.NO_ANSWER: _tr("No answer"),
        CallEventKind.FAILED: _tr("Call failed"),
        CallEventKind.REMOTE_HANGUP: _tr("The customer hung up"),
        CallEventKind.LOCAL_HANGUP: _tr("Hung up"),
        CallEventKind.HELD: _tr("On hold"),
        CallEventKind.RESUMED: _tr("Off hold"),
        CallEventKind.TRANSFERRING: _tr("Transferring to %1..."),
        CallEventKind.TRANSFERRED: _tr("Transferred to %1"),
        CallEventKind.TRANSFER_FAILED: _tr("Transfer to %1 failed: you are still on the call"),
    }
    text = words[p.event.kind].replace("%1", p.event.target)
    cause = p.event.cause
    if cause and p.event.kind in (CallEventKind.BUSY, CallEventKind.DECLINED,
                                  CallEventKind.NO_ANSWER, CallEventKind.FAILED,
                                  CallEventKind.TRANSFER_FAILED):
        text += f" ({cause})"
    return text


def registration_text(r: Registration) -> str:
    if r.registered:
        return _tr("SIP: registered")
    cause = f" ({r.sip_code} {r.reason})" if r.sip_code else ""
    text = _tr("SIP: not registered") + cause
    if r.retry_in is not None:
        text += " - " + _tr("trying again in %1 s").replace("%1", str(max(1, round(r.retry_in))))
    return text
