"""Dialling modes and the wrap-up limit, as time on the server's clock (no Qt).

A campaign dials in one of two modes (`wire.schema.DialMode`):

- **preview**: the agent reads the customer and presses F5; nothing here runs.
- **progressive**: once the outcome of a call is saved, the next callable customer is
  dialled after a visible countdown (`progressive_delay_s`). The agent can cancel it (Esc:
  back to preview until the next save) or pause it (F4: the count stops and resumes where
  it stood). The gate still decides: a customer it refuses for a reason of that customer
  (do-not-call, calling window, caps, spacing...) is skipped with the reason shown and the
  countdown starts for the next one; a reason of the desktop (paused, queue paused by the
  lead, stale do-not-call list, unmeasured clock) stops the progressive run instead, since
  every next customer would be refused alike.

The wrap-up limit (`wrap_up_limit_s`, 0 = none) counts down from the end of the call. At
the limit the agent is reminded once (the window says so and the count turns into
overtime); the outcome is never saved for them, because a record is evidence and a guessed
outcome would be a false one. In progressive mode the next dial waits for the save, so an
overrun delays the next call and shows in the wrap-up time of the record and on the lead's
monitor (the agent's state stays "wrap_up" while it lasts).

`Pacer` is a small state machine: the window calls its methods on the agent's actions and
`tick()` once a second; `tick()` says what to show and when to dial. All times come from
`now` (the queue service's server clock), so tests drive it with a clock of their own.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from wire.schema import CampaignOut, DialMode

# A refusal for these reasons concerns the desktop, not the customer: the next customer
# would be refused alike, so the progressive run stops instead of skipping.
DESKTOP_REASONS = frozenset({
    "paused", "queue_paused", "stale_dnc", "clock_unmeasured", "clock_jumped", "on_call",
})
MAX_SKIPS = 50  # customers refused in a row before the run gives up (a queue of refusals)


class Phase(enum.StrEnum):
    IDLE = "idle"  # preview, or nothing to do
    WRAP_UP = "wrap_up"  # after the call, before the save
    COUNTDOWN = "countdown"  # progressive: the next dial is coming
    PAUSED = "paused"  # progressive countdown held by the agent


@dataclass(frozen=True)
class Tick:
    """What the window shows now, and whether it must act."""

    phase: Phase
    seconds_left: int | None = None  # countdown or wrap-up left; negative: wrap-up overtime
    dial_now: bool = False  # the countdown ran out: dial the current customer (once)
    remind: bool = False  # the wrap-up limit was reached just now (once)


class Pacer:
    def __init__(self, now: Callable[[], datetime]) -> None:
        self._now = now
        self.phase = Phase.IDLE
        self.campaign: CampaignOut | None = None
        self._deadline: datetime | None = None
        self._left: float | None = None  # seconds left, while paused
        self._reminded = False
        self.skips = 0
        self.last_skip: str = ""  # the reason the gate gave for the last customer skipped

    @property
    def progressive(self) -> bool:
        return self.campaign is not None and self.campaign.dial_mode is DialMode.PROGRESSIVE

    # ------------------------------------------------------------ the agent's actions

    def call_ended(self, campaign: CampaignOut | None) -> None:
        """The call is over (hang-up or the far end's end): wrap-up starts its count."""
        self.campaign = campaign
        limit = campaign.wrap_up_limit_s if campaign is not None else 0
        self.phase = Phase.WRAP_UP
        self._deadline = self._now() + timedelta(seconds=limit) if limit > 0 else None
        self._reminded = False

    def saved(self, campaign: CampaignOut | None, *, has_next: bool) -> None:
        """The outcome was saved. Progressive with a next customer: the countdown starts."""
        self.campaign = campaign
        self.skips = 0
        self.last_skip = ""
        self._start_countdown(has_next)

    def dialled(self) -> None:
        """A call started (F5 or the countdown's dial): nothing to count until it ends."""
        self.phase = Phase.IDLE
        self._deadline = self._left = None
        self.skips = 0

    def refused(self, code: str, reason: str, *, has_next: bool) -> bool:
        """The gate refused the customer the countdown was for. A customer's own reason:
        skipped, the countdown starts for the next one (True). A desktop's reason, or too
        many refusals in a row: the run stops (False), the agent dials by hand."""
        self.last_skip = reason
        if code in DESKTOP_REASONS or self.skips >= MAX_SKIPS:
            self.cancel()
            return False
        self.skips += 1
        self._start_countdown(has_next)
        return self.phase is Phase.COUNTDOWN

    def cancel(self) -> None:
        """Esc: no progressive dial now; the next save starts a countdown again."""
        if self.phase in (Phase.COUNTDOWN, Phase.PAUSED):
            self.phase = Phase.IDLE
            self._deadline = self._left = None

    def toggle_pause(self) -> bool:
        """F4: hold the countdown where it stands, or let it run on. True if it acted."""
        if self.phase is Phase.COUNTDOWN and self._deadline is not None:
            self._left = max(0.0, (self._deadline - self._now()).total_seconds())
            self._deadline = None
            self.phase = Phase.PAUSED
            return True
        if self.phase is Phase.PAUSED and self._left is not None:
            self._deadline = self._now() + timedelta(seconds=self._left)
            self._left = None
            self.phase = Phase.COUNTDOWN
            return True
        return False

    def reset(self) -> None:
        """The agent moved to another customer by hand, paused, or logged off."""
        self.phase = Phase.IDLE
        self._deadline = self._left = None

    # ------------------------------------------------------------------- the clock

    def tick(self) -> Tick:
        if self.phase is Phase.WRAP_UP:
            if self._deadline is None:
                return Tick(Phase.WRAP_UP)
            left = self._seconds(self._deadline)
            remind = left <= 0 and not self._reminded
            self._reminded = self._reminded or remind
            return Tick(Phase.WRAP_UP, left, remind=remind)
        if self.phase is Phase.PAUSED:
            return Tick(Phase.PAUSED, math.ceil(self._left or 0))
        if self.phase is Phase.COUNTDOWN and self._deadline is not None:
            left = self._seconds(self._deadline)
            if left <= 0:
                self.phase = Phase.IDLE
                self._deadline = None
                return Tick(Phase.IDLE, 0, dial_now=True)
            return Tick(Phase.COUNTDOWN, left)
        return Tick(Phase.IDLE)

    def _start_countdown(self, has_next: bool) -> None:
        self._left = None
        if not (self.progressive and has_next) or self.campaign is None:
            self.phase = Phase.IDLE
            self._deadline = None
            return
        self.phase = Phase.COUNTDOWN
        self._deadline = self._now() + timedelta(seconds=self.campaign.progressive_delay_s)

    def _seconds(self, deadline: datetime) -> int:
        """Whole seconds left, rounded up (a count shows 5, 4, ... 1, then acts at 0)."""
        return math.ceil((deadline - self._now()).total_seconds() - 1e-6)
