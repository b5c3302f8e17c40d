"""What "sales" counts once sales are verified (issue 21), for the lead's monitor and the
daily summary: read from `orders` (one row per sale, far fewer than calls, indexed by
seller and sale time and by campaign), never from call_outcomes.

- sales (confirmed): orders a verifier confirmed, that sampling did not draw, or whose
  customer got the fallback notice (`confirmed_at` set), whatever happened after;
- awaiting verification: orders still waiting for their verifier;
- reversed: orders the verification cancelled (denied, wants to cancel, wrong details);
  the rule is one function shared with the desktop's day figures
  (`wire.aftersale.sale_standing`);
- trials: of the confirmed orders with a trial that has ended, how many were not
  cancelled within it (renewal rate); packs kept: confirmed orders not cancelled.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server import models as m
from server.aftersale.models import Order, Verification
from wire.aftersale import (
    CancelKind,
    OrderState,
    SaleStanding,
    VerificationKind,
    VerificationOutcome,
    sale_standing,
)

DENIAL_WINDOW = timedelta(days=7)


@dataclass
class Sales:
    confirmed: int = 0
    awaiting: int = 0
    reversed: int = 0


@dataclass
class Trials:
    ended: int = 0  # confirmed trial orders whose trial is over
    kept: int = 0  # ... not cancelled within the trial
    cancelled_within: int = 0
    cancelled_after: int = 0
    packs_kept: int = 0  # confirmed orders (trial or not) not cancelled


def _kind(confirmed: bool, state: str) -> SaleStanding:
    return sale_standing(state, bool(confirmed))


def _add(target: Sales, kind: SaleStanding, n: int) -> None:
    if kind is SaleStanding.CONFIRMED:
        target.confirmed += n
    elif kind is SaleStanding.AWAITING:
        target.awaiting += n
    else:
        target.reversed += n


def sales_by(s: Session, sellers: list[str], lo: datetime, hi: datetime | None = None
             ) -> tuple[dict[str, Sales], dict[str, Sales]]:
    """(by seller, by campaign) of the sales these sellers made in [lo, hi)."""
    o = Order
    q = (select(o.seller_id, o.campaign_id, o.confirmed_at.is_not(None), o.state,
                func.count())
         .where(o.seller_id.in_(sellers or [""]), o.sold_at >= lo)
         .group_by(o.seller_id, o.campaign_id, o.confirmed_at.is_not(None), o.state))
    if hi is not None:
        q = q.where(o.sold_at < hi)
    by_seller: dict[str, Sales] = defaultdict(Sales)
    by_campaign: dict[str, Sales] = defaultdict(Sales)
    for seller, campaign, confirmed, state, n in s.execute(q):
        key = _kind(confirmed, state)
        _add(by_seller[seller], key, int(n))
        _add(by_campaign[campaign], key, int(n))
    return by_seller, by_campaign


def sales_by_hour(s: Session, sellers: list[str], lo: datetime) -> dict[datetime, Sales]:
    """The sales these sellers made since `lo`, by the UTC clock hour of the sale (the
    lead's hourly chart). One row per order: a day's sales of one team."""
    o = Order
    out: dict[datetime, Sales] = defaultdict(Sales)
    for sold_at, confirmed, state in s.execute(
            select(o.sold_at, o.confirmed_at.is_not(None), o.state)
            .where(o.seller_id.in_(sellers or [""]), o.sold_at >= lo)):
        at = sold_at if sold_at.tzinfo else sold_at.replace(tzinfo=UTC)
        hour = at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        _add(out[hour], _kind(confirmed, state), 1)
    return out


def campaign_totals(s: Session, sellers: list[str], today: date
                    ) -> tuple[dict[str, Sales], dict[str, Trials],
                               dict[tuple[str, str, str], int]]:
    """All time, the sales of these sellers by campaign, the trial figures by campaign,
    and the confirmed sales by (campaign, offer id, customer value tier)."""
    o = Order
    sales: dict[str, Sales] = defaultdict(Sales)
    trials: dict[str, Trials] = defaultdict(Trials)
    confirmed_by: dict[tuple[str, str, str], int] = defaultdict(int)
    q = (select(o.campaign_id, o.offer_id, m.Customer.value_tier,
                o.confirmed_at.is_not(None), o.state, o.cancel_kind, o.trial_ends_on,
                func.count())
         .join(m.Customer, m.Customer.id == o.customer_id)
         .where(o.seller_id.in_(sellers or [""]))
         .group_by(o.campaign_id, o.offer_id, m.Customer.value_tier,
                   o.confirmed_at.is_not(None), o.state, o.cancel_kind, o.trial_ends_on))
    for campaign, offer, tier, confirmed, state, kind, trial_end, n in s.execute(q):
        n = int(n)
        trial_over = trial_end is not None and trial_end < today
        _add(sales[campaign], _kind(confirmed, state), n)
        if not confirmed:
            continue
        confirmed_by[(campaign, offer, tier or "?")] += n
        t = trials[campaign]
        if state != OrderState.CANCELLED.value:
            t.packs_kept += n
        if kind == CancelKind.WITHIN_TRIAL.value:
            t.cancelled_within += n
        elif kind == CancelKind.AFTER_TRIAL.value:
            t.cancelled_after += n
        if trial_over:
            t.ended += n
            if kind != CancelKind.WITHIN_TRIAL.value:
                t.kept += n
    return sales, trials, confirmed_by


@dataclass
class Denials:
    seller_id: str
    denied: int
    verified: int  # sales verification items closed with an answer from the customer


def denials(s: Session, sellers: list[str], now: datetime) -> list[Denials]:
    """Sellers with a denial among their sales verified in the last DENIAL_WINDOW: the
    lead's fraud signal (the denial rate is denied / verified)."""
    v = Verification
    q = (select(v.seller_id, v.outcome, func.count())
         .where(v.seller_id.in_(sellers or [""]), v.kind == VerificationKind.SALE.value,
                v.closed, v.closed_at >= now - DENIAL_WINDOW,
                v.outcome != VerificationOutcome.UNREACHABLE.value)
         .group_by(v.seller_id, v.outcome))
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for seller, outcome, n in s.execute(q):
        counts[seller][1] += int(n)
        if outcome == VerificationOutcome.DENIED.value:
            counts[seller][0] += int(n)
    return [Denials(k, d, t) for k, (d, t) in sorted(counts.items()) if d]
