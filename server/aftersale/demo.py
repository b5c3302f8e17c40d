"""Demo data after the sale: an order for every seeded sale (bulk-inserted calls bypass the
push path's `verify.on_sale`), most of them confirmed by the demo verifier, a few denied,
the latest ones still awaiting verification (the verifier's demo list); the 1 GB data
pack carries a 14-day free trial, and most of its ended trials were cancelled within it
(the reference: a 40% renewal rate after the trial)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server import changes
from server import models as m
from server.aftersale import verify
from server.aftersale.models import Order, Verification
from wire.aftersale import CancelKind, OrderState, VerificationKind, VerificationOutcome
from wire.schema import Disposition, Role

AWAITING = 5  # the newest sales wait for the verifier
TRIAL_OFFER, TRIAL_DAYS = "DP1G", 14


def seed(session: Session, now: datetime, rng: random.Random) -> None:
    session.execute(update(m.Offer).where(m.Offer.code == TRIAL_OFFER)
                    .values(trial_days=TRIAL_DAYS))
    verifier = session.scalars(select(m.User).where(m.User.role == Role.VERIFIER.value)).first()
    sales = list(session.execute(
        select(m.CallOutcome, m.Offer, m.User.team_id)
        .join(m.Offer, m.Offer.id == m.CallOutcome.offer_id)
        .join(m.User, m.User.id == m.CallOutcome.agent_id)
        .where(m.CallOutcome.disposition == Disposition.ACCEPTED.value)
        .order_by(m.CallOutcome.created_at, m.CallOutcome.id)))
    for n, (call, offer, team_id) in enumerate(sales):
        start = call.created_at.astimezone(UTC).date()
        trial = offer.trial_days or 0
        order = Order(
            id=m.new_id(), call_id=call.id, queue_item_id=call.queue_item_id,
            customer_id=call.customer_id, offer_id=offer.id, campaign_id=call.campaign_id,
            seller_id=call.agent_id, state=OrderState.AWAITING_VERIFICATION.value,
            price_yuan=offer.price_yuan, term_months=offer.term_months, start_on=start,
            trial_days=trial, trial_ends_on=start + timedelta(days=trial) if trial else None,
            sold_at=call.created_at, activation_reason="", cancel_reason="", updated_at=now)
        session.add(order)
        item = Verification(id=m.new_id(), kind=VerificationKind.SALE.value,
                            order_id=order.id, seller_id=call.agent_id,
                            seller_team_id=team_id, due_at=call.created_at, attempts=0,
                            closed=False, created_at=call.created_at)
        session.add(item)
        if n < len(sales) - AWAITING and verifier is not None:
            done = call.created_at + timedelta(hours=rng.randint(2, 30))
            item.closed, item.closed_at, item.verifier_id = True, done, verifier.id
            item.attempts = 1
            order.verifier_id = verifier.id
            if rng.random() < 0.1:
                item.outcome = VerificationOutcome.DENIED.value
                verify.cancel(order, CancelKind.DENIED, "", done.date())
            else:
                item.outcome = VerificationOutcome.CONFIRMED.value
                order.state = OrderState.ACTIVATED.value
                order.confirmed_at, order.confirmed_by = done, "verifier"
                order.activated_at = done + timedelta(hours=1)
                if order.trial_ends_on is not None and order.trial_ends_on < now.date() \
                        and rng.random() < 0.6:  # the reference: 40% renew after a trial
                    verify.cancel(order, CancelKind.WITHIN_TRIAL, "",
                                  order.trial_ends_on - timedelta(days=1))
        changes.emit(session, "order", order.id, verify.ORDERS_FEED)
    session.flush()
