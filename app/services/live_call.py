"""The call in progress on this desktop: dialled (F5), hung up (F6), disclosures ticked.

The queue service holds at most one. It is what makes a record honest: an outcome that
reached the customer needs one (no dial, no contact), a disclosure can be ticked only
while it is live, and each tick keeps its time on the server's clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class LiveCall:
    queue_item_id: str
    started_at: datetime  # the desktop's clock, as the action carries it
    started_server: datetime  # the same instant on the server's clock
    started_mono: float
    ended_mono: float | None = None
    ticks: dict[str, datetime] = field(default_factory=dict)  # step id -> server time
    # A call whose progress a SIP stack signals (app/telephony): talk time is answer -> BYE,
    # none if never answered; the SIP cause of its end is kept on the record.
    signalled: bool = False
    answered_mono: float | None = None
    sip_cause: str | None = None
    transferred_to: str | None = None  # blind transfer (REFER) taken by the far end
    # The WAV file the SIP stack records the call into (a campaign that records calls).
    recording: str | None = None

    @property
    def on_call(self) -> bool:
        """Between the dial and the hang-up."""
        return self.ended_mono is None

    def talk_seconds(self, mono_now: float) -> int:
        end = self.ended_mono if self.ended_mono is not None else mono_now
        if self.signalled:
            if self.answered_mono is None:
                return 0
            return max(0, round(end - self.answered_mono))
        return max(0, round(end - self.started_mono))

    @property
    def reached(self) -> bool | None:
        """Whether the customer answered, when a SIP stack said so (None: not known)."""
        return (self.answered_mono is not None) if self.signalled else None

    def wrap_seconds(self, mono_now: float) -> int:
        return 0 if self.ended_mono is None else max(0, round(mono_now - self.ended_mono))
