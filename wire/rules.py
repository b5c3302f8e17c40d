"""Campaign rules both sides apply identically: what an outcome does to a queue item.

The desktop applies them at once (offline-first); the server applies them again
when the action arrives and its answer is the truth. Keeping one function means
the two can never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from wire.schema import NOT_REACHED, CallingWindow, Disposition, QueueStatus

CLOSING = frozenset(
    {
        Disposition.ACCEPTED,
        Disposition.NOT_INTERESTED,
        Disposition.DO_NOT_CALL,
        Disposition.COMPLAINT,
        Disposition.WRONG_NUMBER,
        Disposition.HUNG_UP,
        # the outcomes of campaigns that are not sales (wire.calltypes): each ends the call's
        # purpose; a promise to pay is followed by billing, not by another call
        Disposition.ISSUE_RESOLVED,
        Disposition.STILL_UNHAPPY,
        Disposition.PROMISED_TO_PAY,
        Disposition.PAID_ALREADY,
        Disposition.DISPUTED,
        Disposition.SURVEY_COMPLETED,
        Disposition.SURVEY_DECLINED,
        Disposition.WON_BACK,
    }
)


@dataclass(frozen=True)
class ItemState:
    status: QueueStatus
    attempts: int
    next_call_at: datetime | None
    callback_at: datetime | None


def next_state(
    *,
    disposition: Disposition,
    attempts_before: int,
    max_attempts: int,
    retry_spacing_minutes: int,
    callback_at: datetime | None,
    now: datetime,
) -> ItemState:
    """Ordered rules: closing outcomes close; call-backs wait for their time; a
    not-reached outcome retries after the spacing until the attempts run out."""
    attempts = attempts_before + 1
    if disposition in CLOSING:
        return ItemState(QueueStatus.CLOSED, attempts, None, None)
    if disposition in (Disposition.CALLBACK, Disposition.CONSIDERING) and callback_at:
        return ItemState(QueueStatus.CALLBACK, attempts, None, callback_at)
    if disposition in NOT_REACHED and attempts >= max_attempts:
        return ItemState(QueueStatus.CLOSED, attempts, None, None)
    spacing = timedelta(minutes=retry_spacing_minutes)
    return ItemState(QueueStatus.OPEN, attempts, now + spacing, None)


def calling_window(windows: Sequence[CallingWindow], start: time, end: time, *,
                   region: str = "", tier: str = "") -> tuple[time, time]:
    """The calling window of a customer (region, value tier): the first of the campaign's
    `windows` whose region is a prefix of the customer's ("" = any) and whose tiers hold
    the customer's ([] = any); else the campaign's own `start`-`end`. The desktop's dial
    gate (app/domain.py) and the server's quality check use this one rule."""
    for w in windows:
        if region.startswith(w.region) and (not w.tiers or tier in w.tiers):
            return w.start, w.end
    return start, end
