"""Talk and wrap-up time of the current call, for the outcome record.

Call starts the talk clock; Hang up stops it and starts wrap-up; saving reads both. With
the SIP telephone the talk clock waits for the answer (`answered()`), as the record does.
No Qt here: the window ticks a label from `talk_seconds()` / `wrap_seconds()`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime


class CallTimer:
    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._now = monotonic
        self.started_at: datetime | None = None  # wall clock, for the record
        self._talk_start: float | None = None
        self._talk_end: float | None = None
        self._awaiting_answer = False

    @property
    def in_call(self) -> bool:
        return self._talk_start is not None and self._talk_end is None

    @property
    def in_wrap_up(self) -> bool:
        return self._talk_end is not None

    def start_call(self, *, awaiting_answer: bool = False) -> None:
        self.started_at = datetime.now(UTC)
        self._talk_start = self._now()
        self._talk_end = None
        self._awaiting_answer = awaiting_answer

    def answered(self) -> None:
        """The far end answered: talk time counts from now."""
        if self.in_call and self._awaiting_answer:
            self._talk_start = self._now()
            self._awaiting_answer = False

    def hang_up(self) -> None:
        if self.in_call:
            self._talk_end = self._now()

    def talk_seconds(self) -> int:
        if self._talk_start is None or self._awaiting_answer:
            return 0
        end = self._talk_end if self._talk_end is not None else self._now()
        return max(0, round(end - self._talk_start))

    def wrap_seconds(self) -> int:
        if self._talk_end is None:
            return 0
        return max(0, round(self._now() - self._talk_end))

    def reset(self) -> None:
        self._awaiting_answer = False
        self.started_at = None
        self._talk_start = None
        self._talk_end = None
