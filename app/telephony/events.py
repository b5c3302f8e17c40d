"""What a call does, as the dialer reports it: typed events, no SIP stack types."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from wire.schema import Disposition


class CallEventKind(enum.StrEnum):
    DIALLING = "dialling"  # the INVITE went out (or the number was handed to a softphone)
    RINGING = "ringing"  # 180/183 from the far end
    ANSWERED = "answered"  # 200 OK, confirmed: talk time starts
    BUSY = "busy"  # 486 Busy Here / 600 Busy Everywhere
    DECLINED = "declined"  # 603 Decline
    NO_ANSWER = "no_answer"  # rang past the campaign's timeout; we cancelled
    FAILED = "failed"  # any other final failure (4xx/5xx/6xx, transport timeout)
    REMOTE_HANGUP = "remote_hangup"  # the customer hung up (BYE from the far end)
    LOCAL_HANGUP = "local_hangup"  # the agent hung up (or cancelled before an answer)
    HELD = "held"  # the agent's hold took effect (the far end accepted the re-INVITE)
    RESUMED = "resumed"  # back from hold
    TRANSFERRING = "transferring"  # REFER sent (blind transfer); the call goes on until
    #                                 the far end accepts it
    TRANSFERRED = "transferred"  # the far end took the transfer (NOTIFY 2xx); we left
    TRANSFER_FAILED = "transfer_failed"  # refused or failed; the agent is still on the call


# The events after which the call is over.
FINAL = frozenset({
    CallEventKind.BUSY, CallEventKind.DECLINED, CallEventKind.NO_ANSWER, CallEventKind.FAILED,
    CallEventKind.REMOTE_HANGUP, CallEventKind.LOCAL_HANGUP, CallEventKind.TRANSFERRED,
})


@dataclass(frozen=True)
class CallEvent:
    kind: CallEventKind
    sip_code: int | None = None  # the SIP status code behind it, when there is one
    reason: str = ""  # the SIP reason phrase (or our own words for a local timeout)
    target: str = ""  # TRANSFERRING / TRANSFERRED / TRANSFER_FAILED: where to

    @property
    def final(self) -> bool:
        return self.kind in FINAL

    @property
    def cause(self) -> str | None:
        """The SIP cause as kept on the record, e.g. "486 Busy Here"; None without a code."""
        if self.sip_code is None:
            return None
        return f"{self.sip_code} {self.reason}".strip()[:200]


@dataclass(frozen=True)
class Registration:
    """The account's registration with the centre's registrar."""

    registered: bool
    sip_code: int | None = None
    reason: str = ""
    retry_in: float | None = None  # seconds until the next attempt (None: none planned)


_NO_CONTACT = {
    CallEventKind.BUSY: Disposition.BUSY,
    CallEventKind.NO_ANSWER: Disposition.NO_ANSWER,
    # Declined: the phone rang and the customer (or their network) refused it; nobody was
    # reached, and the closest existing outcome that is not a contact is "no answer".
    CallEventKind.DECLINED: Disposition.NO_ANSWER,
    CallEventKind.FAILED: Disposition.UNREACHABLE,
}


def no_contact_disposition(event: CallEvent) -> Disposition | None:
    """The outcome a call that never reached the customer pre-fills (the agent confirms)."""
    if event.kind is CallEventKind.FAILED and event.sip_code in (404, 484, 604):
        return Disposition.WRONG_NUMBER  # no such number
    return _NO_CONTACT.get(event.kind)
