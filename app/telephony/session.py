"""Every call through the gate first, then the dialer; the dialer's events drive the call.

`GatedCall.dial` asks the one dial gate (QueueService.start_call, which raises DialBlocked)
before any INVITE. With a dialer that reports progress, the far end's answer starts talk
time, the end of the call (the far end's BYE, busy, declined, no answer, failed) ends the
live call with its SIP cause (wrap-up begins) and a no-contact end pre-fills the outcome.
`handle` runs on the dialer's thread: it touches only the live call (no database).

The campaign of the item sets the ring timeout (`ring_timeout_s`: no answer after it, the
call is cancelled and "no answer" pre-filled) and the blind-transfer target
(`transfer_target`). Presence follows the call's real events: each `CallProgress` says
which state the agent is in now (`on_call` at the answer, `wrap_up` at the end), and the
window records it (PresenceService), so the lead's monitor counts real talk time.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.services.queue import QueueService
from app.telephony.events import CallEvent, CallEventKind, no_contact_disposition
from app.telephony.port import Dialer, RecordsCalls
from wire.schema import Disposition


@dataclass(frozen=True)
class CallProgress:
    event: CallEvent
    queue_item_id: str | None
    suggested: Disposition | None = None  # the outcome to pre-fill (the agent confirms)
    presence: str | None = None  # the agent's state from now on (None: unchanged)


class NoTransferTarget(ValueError):
    """The campaign names no extension to transfer to."""


def presence_after(event: CallEvent) -> str | None:
    """The agent's state a call event puts them in: talking from the answer, wrap-up from
    the end (the far end's BYE, busy, no answer, a transfer...)."""
    if event.kind is CallEventKind.ANSWERED:
        return "on_call"
    if event.final:
        return "wrap_up"
    return None


Listener = Callable[[CallProgress], None]


class GatedCall:
    def __init__(self, queue: QueueService, dialer: Dialer,
                 listener: Listener = lambda p: None, *,
                 recordings: Path | None = None) -> None:
        self.queue = queue
        self.dialer = dialer
        self.listener = listener
        self.recordings = recordings  # where calls of recording campaigns are recorded
        self._item: str | None = None
        self._record_to: Path | None = None
        self.ring_timeout: float | None = None  # the campaign's, from the gate
        self.transfer_target = ""  # the campaign's
        dialer.set_listener(self.handle)

    def dial(self, queue_item_id: str) -> str:
        """The gate, then the dialer (`gate` then `place`). Returns the number dialled."""
        phone = self.gate(queue_item_id)
        self.place(phone)
        return phone

    def gate(self, queue_item_id: str) -> str:
        """The one dial gate (raises DialBlocked); the call is live from here. Returns the
        number to dial. Blocks on the local database: call it off the UI thread."""
        self.queue.start_call(queue_item_id, signalled=self.dialer.reports_progress)
        self._item = queue_item_id
        detail = self.queue.detail(queue_item_id)
        camp = detail.campaign
        self.ring_timeout = float(camp.ring_timeout_s) if camp is not None else None
        self.transfer_target = camp.transfer_target if camp is not None else ""
        self._record_to = None
        if (detail.campaign is not None and detail.campaign.record_calls
                and self.recordings is not None and isinstance(self.dialer, RecordsCalls)):
            self.recordings.mkdir(parents=True, exist_ok=True)
            self._record_to = self.recordings / f"{uuid.uuid4().hex}.wav"
            self.queue.attach_recording(str(self._record_to))
        return detail.customer.phone

    def place(self, phone: str) -> bool:
        """The INVITE (or the tel: hand-off), after `gate`. False if nothing took it."""
        if self._record_to is not None and isinstance(self.dialer, RecordsCalls):
            self.dialer.record_next_call(self._record_to)
        if self.dialer.reports_progress:
            placed = self.dialer.dial(phone, ring_timeout=self.ring_timeout)  # type: ignore[call-arg]
        else:
            placed = self.dialer.dial(phone)
        if placed:
            return True
        if self.dialer.reports_progress:  # the SIP stack is not running: the call failed
            self.handle(CallEvent(CallEventKind.FAILED, reason="the SIP stack is not running"))
        return False

    @property
    def current_item(self) -> str | None:
        return self._item

    def hang_up(self) -> None:
        """The agent hangs up (F6): the live call ends now, the SIP stack sends BYE/CANCEL."""
        self.queue.end_call()
        self.dialer.hang_up()

    def transfer(self) -> str:
        """Blind transfer of the answered call to the campaign's target (raises
        NoTransferTarget when it has none). Returns the target."""
        if not self.transfer_target:
            raise NoTransferTarget("This campaign has no transfer target.")
        self.dialer.transfer(self.transfer_target)
        return self.transfer_target

    def handle(self, event: CallEvent) -> None:
        """A dialer's event (on its thread)."""
        suggested = None
        if event.kind is CallEventKind.ANSWERED:
            self.queue.call_answered()
        elif event.final:
            if event.kind is CallEventKind.TRANSFERRED:
                self.queue.call_transferred(event.target)
            self.queue.end_call(sip_cause=event.cause)
            suggested = no_contact_disposition(event)
        self.listener(CallProgress(event, self._item, suggested, presence_after(event)))
