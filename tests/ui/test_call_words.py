"""The status bar's words for registration retries and transfers (English and Chinese)."""

from __future__ import annotations

from app.telephony.events import CallEvent, CallEventKind, Registration
from app.telephony.session import CallProgress
from tests.ui.lang import language
from ui.call_controls import progress_text, registration_text


def test_a_lost_registration_says_when_it_tries_again(qapp: object) -> None:
    lost = Registration(False, 503, "connection to the registrar lost", retry_in=3.6)
    assert registration_text(lost) == (
        "SIP: not registered (503 connection to the registrar lost) - trying again in 4 s")
    assert registration_text(Registration(True, 200, "OK")) == "SIP: registered"
    with language("zh_CN"):
        assert "4 秒后重试" in registration_text(lost)


def test_transfer_words_name_the_target_and_the_cause(qapp: object) -> None:
    def words(kind: CallEventKind, code: int | None = None, reason: str = "") -> str:
        return progress_text(CallProgress(CallEvent(kind, code, reason, target="sip:8001@pbx"),
                                          "item"))

    assert words(CallEventKind.TRANSFERRING) == "Transferring to sip:8001@pbx..."
    assert words(CallEventKind.TRANSFERRED, 200, "OK") == "Transferred to sip:8001@pbx"
    assert words(CallEventKind.TRANSFER_FAILED, 603, "Decline") == (
        "Transfer to sip:8001@pbx failed: you are still on the call (603 Decline)")
