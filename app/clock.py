"""The server's time as this desktop knows it: its own clock plus the offset it measured
at the last pull (PullResponse.server_time), and whether that can still be trusted.

Every rule that needs "now" (the calling window, call-back times, caps, retry spacing)
asks this clock. It cannot be trusted when no offset was ever measured, or when the
computer's clock moved by more than the tolerance against the monotonic clock since the
last pull (someone set it, or it jumped): then the dial gate refuses until a sync measures
the offset again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from sqlalchemy import Connection, Engine

from app.domain import DialVerdict
from app.store import repo

JUMP_TOLERANCE = timedelta(seconds=120)

UNMEASURED = DialVerdict(
    False, "clock_unmeasured",
    "This desktop has not measured the server's clock yet; sync before dialling.")
JUMPED = DialVerdict(
    False, "clock_jumped",
    "The computer's clock changed since the last sync; sync before dialling.")


def moved(before: float | None, offset: float) -> bool:
    """Whether a pull that measured `offset` changes what this desktop judged by the
    offset stored `before` it: by more than the tolerance of a jump. (The desktop's clock
    set an hour on, or back after a restart with a clock that was wrong: the queue was
    judged an hour off, or not callable at all, "the clock changed".) The first
    measurement is not a move: the first pull lists the whole queue anyway."""
    return before is not None and abs(offset - before) > JUMP_TOLERANCE.total_seconds()


@cache
def boot_id() -> str:
    """This boot of the machine (Linux); monotonic readings compare only within one."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except OSError:
        return ""


@dataclass(frozen=True)
class ClockReading:
    """What the rules of one read need of the clock, from one read of the store."""

    now: datetime  # the server's time
    issue: DialVerdict | None  # why `now` cannot be trusted (ServerClock.issue)
    sync_age: timedelta | None  # since the last pull, on the desktop's clock (None: never)


class ServerClock:
    """Server time = local clock + measured offset. `wall` and `monotonic` are injectable
    (tests move both for time that passes, only `wall` for a clock that jumps)."""

    def __init__(
        self,
        engine: Engine,
        *,
        wall: Callable[[], datetime] = lambda: datetime.now(UTC),
        monotonic: Callable[[], float] = time.monotonic,
        tolerance: timedelta = JUMP_TOLERANCE,
    ) -> None:
        self._db = engine
        self.wall = wall
        self.monotonic = monotonic
        self._tolerance = tolerance
        # Where no pull of this boot is known (restarted after a reboot), jumps are
        # measured from the moment this clock was made.
        self._anchor = (wall(), monotonic())

    def desktop_now(self) -> datetime:
        """The computer's own clock (for what is measured on it, e.g. the sync age)."""
        return self.wall()

    def now(self, conn: Connection | None = None) -> datetime:
        """The server's time: the desktop's clock corrected by the last measured offset."""
        if conn is None:
            with self._db.connect() as c:
                return self.now(c)
        return self.wall() + timedelta(seconds=repo.clock_offset(conn))

    def issue(self, conn: Connection) -> DialVerdict | None:
        """Why the corrected time cannot be trusted now, or None when it can."""
        offset, anchor = repo.clock_meta(conn)
        return self._issue(offset, anchor, self.wall(), self.monotonic())

    def read(self, conn: Connection) -> ClockReading:
        """now(), issue() and the age of the last pull in one read of the store (and one
        reading of the desktop's clocks)."""
        offset, anchor, pulled = repo.clock_reading(conn)
        wall, mono = self.wall(), self.monotonic()
        return ClockReading(now=wall + timedelta(seconds=offset or 0.0),
                            issue=self._issue(offset, anchor, wall, mono),
                            sync_age=None if pulled is None else wall - pulled)

    def _issue(self, offset: float | None, anchor: tuple[datetime, float, str] | None,
               wall: datetime, mono: float) -> DialVerdict | None:
        if offset is None:
            return UNMEASURED
        ref_wall, ref_mono = self._anchor
        if anchor is not None:
            at, at_mono, boot = anchor
            if boot == boot_id() and at_mono <= mono:
                ref_wall, ref_mono = at, at_mono
        drift = (wall - ref_wall).total_seconds() - (mono - ref_mono)
        return JUMPED if abs(drift) > self._tolerance.total_seconds() else None
