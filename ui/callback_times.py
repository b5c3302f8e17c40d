"""Call-back times: quick picks and the two clocks (the customer's and the agent's).

Pure functions of the current time and the customer's time zone, so they are tested
without a window and follow a training clock (`--demo-time`) like the rest of the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate  # lupdate reads translate("Callback", "...")

MORNING = time(10, 0)


@dataclass(frozen=True)
class QuickPick:
    key: str
    label: str
    at: datetime  # UTC


def _at_local(day: datetime, t: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day.date(), t, tzinfo=tz).astimezone(UTC)


def quick_picks(now_utc: datetime, tz_name: str) -> list[QuickPick]:
    """In 1 hour, in 2 hours, tomorrow 10:00 and next workday 10:00 (customer's time)."""
    tz = ZoneInfo(tz_name)
    now = now_utc.astimezone(UTC).replace(second=0, microsecond=0)
    local = now.astimezone(tz)
    tomorrow = local + timedelta(days=1)
    workday = tomorrow
    while workday.weekday() >= 5:  # Saturday, Sunday
        workday += timedelta(days=1)
    return [
        QuickPick("1h", translate("Callback", "In 1 hour"), now + timedelta(hours=1)),
        QuickPick("2h", translate("Callback", "In 2 hours"), now + timedelta(hours=2)),
        QuickPick("tomorrow", translate("Callback", "Tomorrow 10:00 customer time"),
                  _at_local(tomorrow, MORNING, tz)),
        QuickPick("workday", translate("Callback", "Next workday 10:00 customer time"),
                  _at_local(workday, MORNING, tz)),
    ]


def both_clocks(at_utc: datetime, tz_name: str, now_utc: datetime) -> str:
    """e.g. "19:30 customer time / 20:30 yours" (with the date when it is not today)."""
    customer = at_utc.astimezone(ZoneInfo(tz_name))
    mine = at_utc.astimezone()

    def fmt(dt: datetime, today: datetime) -> str:
        return dt.strftime("%H:%M") if dt.date() == today.date() else dt.strftime("%m-%d %H:%M")

    return (translate("Callback", "%1 customer time / %2 yours")
            .replace("%1", fmt(customer, now_utc.astimezone(customer.tzinfo)))
            .replace("%2", fmt(mine, now_utc.astimezone())))
