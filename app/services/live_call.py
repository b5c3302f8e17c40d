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

    @property
    def on_call(self) -> bool:
        """Between the dial and the hang-up."""
        return self.ended_mono is None

    def talk_seconds(self, mono_now: float) -> int:
        end = self.ended_mono if self.ended_mono is not None else mono_now
        return max(0, round(end - self.started_mono))

    def wrap_seconds(self, mono_now: float) -> int:
        return 0 if self.ended_mono is None else max(0, round(mono_now - self.ended_mono))
