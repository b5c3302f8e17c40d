"""Orders for provisioning (开通): the feed, the export, activation and cancellation.

The feed (`GET /api/v1/orders?since=<cursor>`) is gap-free the way the desktops' pull is:
every change of an order writes a row to the change feed (`sync_changes`, kind "order",
audience `ORDERS_FEED`, numbered at commit: server/changes.py), and the feed answers the
orders named by the rows after `since`, in order, each in its state at the read. A caller
stores the cursor and asks again; an order that changed twice is answered once, at its
later position (the compaction of server/retention.py drops only such superseded rows).
Provisioning acts on `confirmed`; the other states tell it what happened since.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server import changes
from server import models as m
from server.aftersale import verify
from server.aftersale.models import Order
from server.db import utcnow
from server.errors import ApiError
from server.recordings.models import CallRecording
from server.sync import CursorAhead
from wire import csvsafe
from wire.aftersale import (
    ActivationIn,
    CancelKind,
    CancellationIn,
    OrderFeed,
    OrderOut,
    OrderState,
)

FEED_MAX = 500


def orders_out(session: Session, orders: Sequence[Order],
               seqs: dict[str, int] | None = None) -> list[OrderOut]:
    if not orders:
        return []
    offers = {o.id: o for o in session.scalars(select(m.Offer).where(
        m.Offer.id.in_({o.offer_id for o in orders})))}
    customers = {c.id: c for c in session.scalars(select(m.Customer).where(
        m.Customer.id.in_({o.customer_id for o in orders})))}
    users = {u.id: u for u in session.scalars(select(m.User).where(m.User.id.in_(
        {o.seller_id for o in orders} | {o.verifier_id for o in orders if o.verifier_id})))}
    camps = {c.id: c for c in session.scalars(select(m.Campaign).where(
        m.Campaign.id.in_({o.campaign_id for o in orders})))}
    recorded = set(session.scalars(select(CallRecording.outcome_id).where(
        CallRecording.outcome_id.in_([o.call_id for o in orders]),
        CallRecording.complete)))
    out = []
    for o in orders:
        offer, cust = offers[o.offer_id], customers[o.customer_id]
        verifier = users.get(o.verifier_id or "")
        out.append(OrderOut(
            id=o.id, seq=(seqs or {}).get(o.id, 0), state=OrderState(o.state),
            offer_code=offer.code, offer_name=offer.name, price_yuan=o.price_yuan,
            term_months=o.term_months, start_on=o.start_on, trial_days=o.trial_days,
            trial_ends_on=o.trial_ends_on, customer_external_id=cust.external_id,
            customer_name=cust.name, customer_phone=cust.phone, seller_id=o.seller_id,
            seller_name=users[o.seller_id].display_name, verifier_id=o.verifier_id,
            verifier_name=verifier.display_name if verifier else None, call_id=o.call_id,
            recording_id=o.call_id if o.call_id in recorded else None,
            campaign_code=camps[o.campaign_id].code, sold_at=o.sold_at,
            confirmed_at=o.confirmed_at, confirmed_by=o.confirmed_by,
            activation_reason=o.activation_reason, activated_at=o.activated_at,
            cancel_kind=CancelKind(o.cancel_kind) if o.cancel_kind else None,
            cancel_reason=o.cancel_reason, cancelled_on=o.cancelled_on))
    return out


def feed(session: Session, since: int, limit: int) -> OrderFeed:
    """The orders changed after `since` (see the module's note)."""
    if since > changes.top_seq(session):
        raise CursorAhead()
    ch = m.SyncChange
    rows = list(session.execute(
        select(ch.seq, ch.entity_id)
        .where(ch.user_id == verify.ORDERS_FEED, ch.kind == "order", ch.seq > since)
        .order_by(ch.seq).limit(limit + 1)))
    has_more = len(rows) > limit
    rows = rows[:limit]
    last: dict[str, int] = {}
    for seq, order_id in rows:
        last[order_id] = int(seq)  # the later position wins
    found = {o.id: o for o in session.scalars(select(Order).where(Order.id.in_(list(last))))}
    ordered = sorted((o for o in found.values()), key=lambda o: last[o.id])
    return OrderFeed(orders=orders_out(session, ordered, last),
                     cursor=int(rows[-1][0]) if rows else since, has_more=has_more)


def get(session: Session, order_id: str) -> Order:
    order = session.get(Order, order_id)
    if order is None:
        raise ApiError(404, "not_found", "No such order.")
    return order


def activate(session: Session, order_id: str, body: ActivationIn) -> tuple[Order, bool]:
    """Provisioning's answer: activated, or failed with a reason. The same answer again
    changes nothing (idempotent); a different one is a 409. Returns (order, changed)."""
    if body.result not in (OrderState.ACTIVATED, OrderState.FAILED):
        raise ApiError(422, "bad_result", "An activation answer is 'activated' or 'failed'.")
    if body.result is OrderState.FAILED and not body.reason.strip():
        raise ApiError(422, "reason_required", "Say why the activation failed.")
    order = get(session, order_id)
    if order.state in (OrderState.ACTIVATED.value, OrderState.FAILED.value):
        if order.state == body.result.value and (
                body.result is OrderState.ACTIVATED or order.activation_reason == body.reason):
            return order, False
        raise ApiError(409, "already_answered",
                       f"This order was already answered '{order.state}'.")
    if order.state != OrderState.CONFIRMED.value:
        raise ApiError(409, "not_confirmed", f"Only a confirmed order is activated; this "
                       f"one is '{order.state}'.")
    order.state = body.result.value
    order.activation_reason = body.reason
    order.activated_at = utcnow()
    verify.touch(session, order)
    return order, True


def record_cancellation(session: Session, order_id: str,
                        body: CancellationIn) -> tuple[Order, bool]:
    """The customer cancelled a confirmed (or activated) order: within the trial or after
    it, by the day. The same cancellation again is no change; another is a 409."""
    order = get(session, order_id)
    kind = verify.trial_cancel_kind(order, body.on)
    if order.state == OrderState.CANCELLED.value:
        if order.cancelled_on == body.on and order.cancel_kind == kind.value:
            return order, False
        raise ApiError(409, "already_cancelled",
                       f"This order was already cancelled ({order.cancel_kind}).")
    if order.state not in (OrderState.CONFIRMED.value, OrderState.ACTIVATED.value):
        raise ApiError(409, "not_confirmed", f"Only a confirmed order is cancelled this "
                       f"way; this one is '{order.state}'.")
    if body.on < order.start_on:
        raise ApiError(422, "bad_day", "The cancellation is before the order started.")
    verify.cancel(order, kind, body.reason, body.on)
    verify.touch(session, order)
    return order, True


# ---------------------------------------------------------------------- export

COLUMNS = ("order", "state", "campaign", "offer", "price_yuan", "term_months", "start_on",
           "trial_ends_on", "customer", "customer_name", "phone", "seller", "verifier",
           "confirmed_by", "call", "recording", "activation_reason", "cancel_kind",
           "cancelled_on")


def export_rows(session: Session, start: date | None, end: date | None,
                state: OrderState | None) -> Iterator[list[Any]]:
    q = select(Order).order_by(Order.sold_at)
    if start is not None:
        q = q.where(Order.start_on >= start)
    if end is not None:
        q = q.where(Order.start_on <= end)
    if state is not None:
        q = q.where(Order.state == state.value)
    ids = list(session.scalars(q.with_only_columns(Order.id)))
    for at in range(0, len(ids), 1000):  # a page of orders, then their names and offers
        batch = list(session.scalars(select(Order).where(Order.id.in_(ids[at:at + 1000]))
                                     .order_by(Order.sold_at)))
        yield from _rows(session, batch)


def _rows(session: Session, batch: list[Order]) -> Iterator[list[Any]]:
    for o in orders_out(session, batch):
        yield [o.id, o.state.value, o.campaign_code, o.offer_code, o.price_yuan, o.term_months,
               o.start_on.isoformat(), o.trial_ends_on.isoformat() if o.trial_ends_on else "",
               o.customer_external_id, o.customer_name, o.customer_phone, o.seller_name,
               o.verifier_name or "", o.confirmed_by or "", o.call_id, o.recording_id or "",
               o.activation_reason, o.cancel_kind.value if o.cancel_kind else "",
               o.cancelled_on.isoformat() if o.cancelled_on else ""]


def export_csv(rows: Iterator[list[Any]]) -> bytes:
    return csvsafe.table_bytes(COLUMNS, rows)


def export_xlsx(rows: Iterator[list[Any]]) -> bytes:
    """The same table as a workbook; text cells pass through csvsafe.cell (a string
    starting like a formula is quoted, never stored as one)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("orders")
    ws.append(list(COLUMNS))
    for row in rows:
        ws.append([csvsafe.cell(v) for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
