"""Verification (回访): the order a sale makes, the verifier's items and their outcomes.

A sale the push accepts (an `accepted` outcome naming an offer) gets an order in the same
transaction (`on_sale`, called from server/sync.py `write_outcome`). Whether a verifier
confirms it is drawn per call from the offer's `verify_ratio` (a hash of the call id: the
same call always draws the same). Not drawn: the order is confirmed at once
(`confirmed_by="sampling"`).

A verifier never gets an item of their own sale, nor of their own team's, unless the
centre allows it (CALLSHEET_VERIFY_SAME_TEAM=1). Outcomes (`record`):
- confirmed: the order is confirmed and goes to provisioning, and the customer's thank-you
  SMS is queued (`thank_you`: only a sale that stands is thanked for); a trial offer also
  gets a "trial ending" reminder, due CALLSHEET_TRIAL_REMINDER_DAYS (3) before the trial
  ends;
- denied, wants_to_cancel, wrong_details: the order is cancelled, the sale no longer
  counts (a denial is the lead's fraud signal, server/aftersale/figures.py);
- unreachable: one more try after CALLSHEET_VERIFY_RETRY_MINUTES (120); the
  CALLSHEET_VERIFY_ATTEMPTS-th (3) closes the item, writes the notice sent instead
  (`verification_fallbacks`: the customer's channel and the text; an SMS or an email is
  queued in its outbox in this transaction, a letter waits for the mail room's batch,
  server/aftersale/letters.py) and the order stands (`confirmed_by="fallback"`: the
  customer was told how to cancel).
On a "trial ending" item: confirmed = keeps the pack, wants_to_cancel / denied = a
cancellation within the trial, unreachable (last try) = an SMS reminder.
"""

from __future__ import annotations

import hashlib
import logging
import os
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server import changes
from server import models as m
from server.aftersale.models import (
    Order,
    Verification,
    VerificationAttempt,
    VerificationFallback,
)
from server.db import utcnow
from server.email_outbox import queue_email
from server.errors import ApiError
from server.outcome_extras import sms_lang
from server.recordings.models import CallRecording
from server.sms import SmsRefused, queue_sms
from wire.aftersale import (
    CancelKind,
    FallbackChannel,
    FallbackOut,
    OrderState,
    VerificationAnswer,
    VerificationItem,
    VerificationKind,
    VerificationOutcome,
    VerificationOutcomeIn,
)
from wire.schema import Disposition

log = logging.getLogger(__name__)

# The audience of the order feed's rows in sync_changes: no user has this id, so no
# desktop's pull sees them; GET /api/v1/orders reads them (server/aftersale/orders.py).
ORDERS_FEED = "orders"


def _env_int(name: str, default: int, lo: int, hi: int) -> int:
    try:
        value = int(os.environ.get(name, default))
    except ValueError:
        value = default
    return max(lo, min(hi, value))


def max_attempts() -> int:
    return _env_int("CALLSHEET_VERIFY_ATTEMPTS", 3, 1, 20)


def retry_minutes() -> int:
    return _env_int("CALLSHEET_VERIFY_RETRY_MINUTES", 120, 0, 7 * 24 * 60)


def reminder_days() -> int:
    return _env_int("CALLSHEET_TRIAL_REMINDER_DAYS", 3, 0, 60)


def same_team_allowed() -> bool:
    return os.environ.get("CALLSHEET_VERIFY_SAME_TEAM", "0").strip().lower() in (
        "1", "true", "yes")


def drawn(call_id: str, ratio: float) -> bool:
    """Whether this call's sale is verified: every sale at 1.0, none at 0.0, and in
    between a fixed draw from the call id (a replay or a recount draws the same)."""
    if ratio >= 1.0:
        return True
    if ratio <= 0.0:
        return False
    h = int.from_bytes(hashlib.sha256(call_id.encode()).digest()[:8], "big")
    return h / 2**64 < ratio


def touch(session: Session, order: Order) -> None:
    """Publish an order's change: the provisioning feed, the seller's queue item and the
    customer's open items (their history shows the order's state)."""
    order.updated_at = utcnow()
    changes.emit(session, "order", order.id, ORDERS_FEED)
    item = session.get(m.QueueItem, order.queue_item_id)
    if item is not None:
        changes.emit(session, "queue_item", item.id, item.agent_id)
        changes.emit_customer(session, item.customer_id)


def on_sale(session: Session, outcome: dict[str, Any], seller: m.User) -> None:
    """A call record the push is storing: an order (and a verification item if drawn)
    when it is a sale with an offer."""
    if outcome["disposition"] != Disposition.ACCEPTED.value or not outcome["offer_id"]:
        return
    offer = session.get(m.Offer, outcome["offer_id"])
    if offer is None:
        return
    now = utcnow()
    sold_at: datetime = outcome["created_at"]
    start = sold_at.astimezone(UTC).date()
    order = Order(
        id=m.new_id(), call_id=outcome["id"], queue_item_id=outcome["queue_item_id"],
        customer_id=outcome["customer_id"], offer_id=offer.id,
        campaign_id=outcome["campaign_id"], seller_id=seller.id,
        state=OrderState.AWAITING_VERIFICATION.value, price_yuan=offer.price_yuan,
        term_months=offer.term_months, start_on=start, trial_days=offer.trial_days or 0,
        trial_ends_on=start + timedelta(days=offer.trial_days) if offer.trial_days else None,
        sold_at=sold_at, activation_reason="", cancel_reason="", updated_at=now)
    session.add(order)
    if drawn(outcome["id"], offer.verify_ratio):
        session.add(Verification(
            id=m.new_id(), kind=VerificationKind.SALE.value, order_id=order.id,
            seller_id=seller.id, seller_team_id=seller.team_id, due_at=now, attempts=0,
            closed=False, created_at=now))
    else:
        _confirm(session, order, verifier_id=None, by="sampling", now=now)
    touch(session, order)


def _confirm(session: Session, order: Order, *, verifier_id: str | None, by: str,
             now: datetime) -> str | None:
    order.state = OrderState.CONFIRMED.value
    order.confirmed_at = now
    order.confirmed_by = by
    order.verifier_id = verifier_id
    if by != "fallback":  # the notice already told that customer what they bought
        thank_you(session, order)
    if order.trial_ends_on is None:
        return None
    due = datetime.combine(order.trial_ends_on - timedelta(days=reminder_days()), time(0),
                           tzinfo=UTC)
    reminder = Verification(
        id=m.new_id(), kind=VerificationKind.TRIAL_ENDING.value, order_id=order.id,
        seller_id=order.seller_id, seller_team_id=None, due_at=max(due, now), attempts=0,
        closed=False, created_at=now)
    session.add(reminder)
    return reminder.id


def thank_you(session: Session, order: Order) -> None:
    """The thank-you SMS after a phone sale (domain.md: it introduces the self-service
    channels), queued in the confirmation's transaction: only a sale that stands is
    thanked for. A customer who denies the sale never gets a text thanking them for
    something they say they did not buy (that text is what a scammer's looks like); a
    sale not drawn for verification is confirmed in its push, so its thank-you goes as
    soon as before. Reason "outcome:<call id>": the call that made the sale."""
    offer = session.get(m.Offer, order.offer_id)
    customer = session.get(m.Customer, order.customer_id)
    if offer is None or customer is None:
        return
    lang = sms_lang()
    try:
        queue_sms(session, customer_id=customer.id, template="thank_you", lang=lang,
                  params={"offer": (offer.name_zh or offer.name) if lang.startswith("zh")
                          else offer.name}, reason=f"outcome:{order.call_id}")
    except SmsRefused as exc:  # e.g. an offer's name holding a payment link: not sent
        log.warning("thank-you SMS of order %s not queued: %s", order.id, exc)


def cancel(order: Order, kind: CancelKind, reason: str, on: date) -> None:
    order.state = OrderState.CANCELLED.value
    order.cancel_kind = kind.value
    order.cancel_reason = reason
    order.cancelled_on = on


def trial_cancel_kind(order: Order, on: date) -> CancelKind:
    return CancelKind.WITHIN_TRIAL if order.trial_ends_on is not None and \
        on <= order.trial_ends_on else CancelKind.AFTER_TRIAL


# ---------------------------------------------------------------------- the verifier


def visible(verifier: m.User) -> Any:
    """The items a verifier may work: never their own sales; not their team's unless
    the centre allows it."""
    v = Verification
    cond = v.seller_id != verifier.id
    if verifier.team_id and not same_team_allowed():
        cond = cond & (v.seller_team_id.is_(None) | (v.seller_team_id != verifier.team_id))
    return cond


def open_items(session: Session, verifier: m.User, *, limit: int) -> tuple[list[Any], int]:
    now = utcnow()
    base = select(Verification).where(~Verification.closed, Verification.due_at <= now,
                                      visible(verifier))
    rows = list(session.scalars(base.order_by(Verification.due_at).limit(limit)))
    total = len(list(session.scalars(base.with_only_columns(Verification.id))))
    return rows, total


def item_out(session: Session, v: Verification) -> VerificationItem:
    order = session.get(Order, v.order_id)
    assert order is not None
    offer = session.get(m.Offer, order.offer_id)
    customer = session.get(m.Customer, order.customer_id)
    seller = session.get(m.User, order.seller_id)
    call = session.get(m.CallOutcome, order.call_id)
    assert offer is not None and customer is not None and seller is not None
    recorded = session.get(CallRecording, order.call_id)
    return VerificationItem(
        id=v.id, kind=VerificationKind(v.kind), order_id=order.id, call_id=order.call_id,
        due_at=v.due_at, attempts=v.attempts, max_attempts=max_attempts(),
        customer_name=customer.name, customer_phone=customer.phone,
        customer_region=customer.region, customer_timezone=customer.timezone,
        offer_code=offer.code, offer_name=offer.name, offer_name_zh=offer.name_zh,
        price_yuan=order.price_yuan, term_months=order.term_months,
        trial_days=order.trial_days, trial_ends_on=order.trial_ends_on,
        seller_name=seller.display_name, sold_at=order.sold_at,
        call_notes=call.notes if call is not None else "",
        disclosures_ticked=list(call.disclosures_ticked) if call is not None else [],
        recording=recorded is not None and bool(recorded.complete), closed=v.closed,
        outcome=VerificationOutcome(v.outcome) if v.outcome else None)


def get_visible(session: Session, verifier: m.User, item_id: str) -> Verification:
    v = session.scalars(select(Verification).where(Verification.id == item_id,
                                                   visible(verifier))).first()
    if v is None:
        raise ApiError(404, "not_found", "No such verification item for you.")
    return v


def record(session: Session, verifier: m.User, item_id: str,
           body: VerificationOutcomeIn) -> VerificationAnswer:
    """One outcome, in the caller's transaction (it commits). A replayed action id gets
    the answer of its first delivery; an item closed by someone else is a 409."""
    seen = session.get(VerificationAttempt, body.action_id)
    v = get_visible(session, verifier, item_id)
    order = session.get(Order, v.order_id)
    assert order is not None
    if seen is not None:
        if seen.verification_id != v.id or seen.verifier_id != verifier.id:
            raise ApiError(409, "action_id_conflict", "This action id was used for another "
                           "item; send a new one.")
        return VerificationAnswer(item=item_out(session, v), order_state=OrderState(
            order.state), fallback=_fallback_of(session, v), duplicate=True)
    if v.closed:
        raise ApiError(409, "already_closed", "This item was already closed "
                       f"({v.outcome}); reload the list.")
    if order.state == OrderState.CANCELLED.value and v.kind == VerificationKind.TRIAL_ENDING:
        raise ApiError(409, "already_cancelled", "The customer has cancelled this order "
                       "already; nothing to remind.")
    now = utcnow()
    session.add(VerificationAttempt(id=body.action_id, verification_id=v.id,
                                    verifier_id=verifier.id, outcome=body.outcome.value,
                                    notes=body.notes, at=now))
    v.attempts += 1
    v.verifier_id = verifier.id
    fallback: FallbackOut | None = None
    reminder: str | None = None
    if body.outcome is VerificationOutcome.UNREACHABLE:
        if v.attempts < max_attempts():
            v.due_at = now + timedelta(minutes=retry_minutes())
        else:
            fallback = _send_fallback(session, v, order, now)
            _close(v, body.outcome, now)
            if v.kind == VerificationKind.SALE.value:
                reminder = _confirm(session, order, verifier_id=verifier.id, by="fallback",
                                    now=now)
    else:
        _close(v, body.outcome, now)
        if v.kind == VerificationKind.SALE.value:
            if body.outcome is VerificationOutcome.CONFIRMED:
                reminder = _confirm(session, order, verifier_id=verifier.id,
                                    by="verifier", now=now)
            else:
                order.verifier_id = verifier.id
                cancel(order, CancelKind(body.outcome.value), body.notes, now.date())
        elif body.outcome in (VerificationOutcome.WANTS_TO_CANCEL,
                              VerificationOutcome.DENIED):
            cancel(order, trial_cancel_kind(order, now.date()), body.notes, now.date())
    touch(session, order)
    return VerificationAnswer(item=item_out(session, v), order_state=OrderState(order.state),
                              fallback=fallback, reminder_id=reminder)


def _close(v: Verification, outcome: VerificationOutcome, now: datetime) -> None:
    v.closed = True
    v.outcome = outcome.value
    v.closed_at = now


# ---------------------------------------------------------------------- fallback notice


_TEXTS = {
    VerificationKind.SALE: (
        "【{sign}】尊敬的{name}：您于{day}通过电话办理了“{offer}”（{price}元/月，"
        "{term}个月）。我们多次致电未能与您核实。如非本人意愿或需退订，请拨打官方客服"
        "热线10000。本短信不含任何链接，我们不会索要银行卡或验证码。"),
    VerificationKind.TRIAL_ENDING: (
        "【{sign}】尊敬的{name}：您的“{offer}”免费体验将于{end}结束，之后按{price}元/月"
        "计费。如需退订请拨打官方客服热线10000。本短信不含任何链接，我们不会索要银行卡或"
        "验证码。"),
}


_SUBJECT = "【{sign}】关于您电话办理业务的核实"

# The notice's signature: the operator's registered SMS signature in production
# (CALLSHEET_SMS_SIGNATURE); the text never holds a link and never asks for money or codes.


def channel_for(customer: m.Customer) -> FallbackChannel:
    """The customer's own channel: web -> email (a letter when no address is known),
    store -> letter, otherwise SMS."""
    return {"web": FallbackChannel.EMAIL, "store": FallbackChannel.LETTER}.get(
        customer.preferred_channel, FallbackChannel.SMS)


def _send_fallback(session: Session, v: Verification, order: Order,
                   now: datetime) -> FallbackOut:
    customer = session.get(m.Customer, order.customer_id)
    offer = session.get(m.Offer, order.offer_id)
    assert customer is not None and offer is not None
    kind = VerificationKind(v.kind)
    channel = FallbackChannel.SMS if kind is VerificationKind.TRIAL_ENDING \
        else channel_for(customer)
    if channel is FallbackChannel.EMAIL and not customer.email:
        channel = FallbackChannel.LETTER  # no address to write to: the mail room's letter
    text = _TEXTS[kind].format(
        sign=os.environ.get("CALLSHEET_SMS_SIGNATURE", "客服中心"), name=customer.name,
        day=order.start_on.isoformat(), offer=offer.name_zh or offer.name,
        price=f"{order.price_yuan:g}", term=order.term_months,
        end=order.trial_ends_on.isoformat() if order.trial_ends_on else "")
    if channel is FallbackChannel.SMS:
        text = _queue_sms(session, v, kind, order, customer, offer) or text
    elif channel is FallbackChannel.EMAIL:
        try:
            queue_email(session, customer=customer, subject=_SUBJECT.format(
                sign=os.environ.get("CALLSHEET_SMS_SIGNATURE", "客服中心")), body=text,
                reason=f"verification:{v.id}")
        except SmsRefused as exc:
            log.warning("email notice of verification %s not queued: %s", v.id, exc)
    session.add(VerificationFallback(id=m.new_id(), verification_id=v.id, order_id=order.id,
                                     customer_id=customer.id, channel=channel.value,
                                     text=text, created_at=now))
    return FallbackOut(channel=channel, text=text)


def _queue_sms(session: Session, v: Verification, kind: VerificationKind, order: Order,
               customer: m.Customer, offer: m.Offer) -> str | None:
    """An SMS notice goes to the SMS outbox (server/sms.py) in this transaction, in the
    centre's SMS language, from its template; the text queued is the one recorded. A
    refused text (an offer's name holding a payment link) is not sent: the notice keeps
    the built-in text, and the log says why."""
    template, day = ("trial_reminder", order.trial_ends_on) \
        if kind is VerificationKind.TRIAL_ENDING else ("verification_fallback", order.start_on)
    lang = sms_lang()
    try:
        row = queue_sms(session, customer_id=customer.id, template=template, lang=lang,
                        params={"offer": (offer.name_zh or offer.name) if lang == "zh_CN"
                                else offer.name, "date": (day or order.start_on).isoformat()},
                        reason=f"verification:{v.id}")
    except SmsRefused as exc:
        log.warning("SMS notice of verification %s not queued: %s", v.id, exc)
        return None
    return row.body


def _fallback_of(session: Session, v: Verification) -> FallbackOut | None:
    row = session.scalars(select(VerificationFallback).where(
        VerificationFallback.verification_id == v.id)).first()
    return FallbackOut(channel=FallbackChannel(row.channel), text=row.text) if row else None
