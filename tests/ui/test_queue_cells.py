"""The queue's times formatted by hand read as strftime wrote them, in any zone, today and
on other days (local_hhmm avoids strftime: it imports a module at every call)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest

from ui.queue_model import local_hhmm

NOW = datetime(2026, 12, 3, 15, 59, tzinfo=UTC)


def strftime_hhmm(at: datetime, now: datetime, tz: tzinfo | None) -> str:
    local = at.astimezone(tz)
    today = now.astimezone(tz).date()
    return local.strftime("%H:%M") if local.date() == today else local.strftime("%m-%d %H:%M")


@pytest.mark.parametrize("tz", [None, UTC, ZoneInfo("Asia/Shanghai"), ZoneInfo("Asia/Kolkata"),
                                ZoneInfo("America/St_Johns")])
def test_local_hhmm_reads_as_strftime_wrote_it(tz: tzinfo | None) -> None:
    for minutes in range(-3 * 24 * 60, 400 * 24 * 60, 997):
        at = NOW + timedelta(minutes=minutes)
        assert local_hhmm(at, NOW, tz) == strftime_hhmm(at, NOW, tz), at
