"""Routes after the sale (issue 21): the verifier's items under /api/v1/verification, and
provisioning's orders under /api/v1/orders.

Roles (server/policy.py): a verifier works the open items it may see (never its own
sales, nor its team's unless CALLSHEET_VERIFY_SAME_TEAM; server/aftersale/verify.py
`visible`; others are "not found"), an admin every item. Provisioning calls the order
routes with an admin account's token (docs/after-sale.md): the feed, the export, the
activation answer and the customer's later cancellation.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from server import audit
from server.aftersale import letters, orders, verify
from server.deps import CurrentUser, ReadSession, Writes
from server.openapi import file_answer
from wire.aftersale import (
    ActivationIn,
    CancellationIn,
    OrderFeed,
    OrderOut,
    OrderState,
    VerificationAnswer,
    VerificationItem,
    VerificationList,
    VerificationOutcomeIn,
)
from wire.bounds import Cursor

router = APIRouter(prefix="/api/v1")
V = "/verification/items"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def _attachment(content: bytes, media_type: str, filename: str,
                headers: dict[str, str] | None = None) -> Response:
    """A file answer the browser saves as `filename`."""
    return Response(content, media_type=media_type, headers={
        "Content-Disposition": f'attachment; filename="{filename}"', **(headers or {})})


@router.get(V)
def list_items(user: CurrentUser, s: ReadSession,
               limit: Annotated[int, Query(ge=1, le=500)] = 100) -> VerificationList:
    """The open items due now that the caller may work, the oldest first."""
    rows, total = verify.open_items(s, user, limit=limit)
    return VerificationList(items=[verify.item_out(s, v) for v in rows], open_total=total)


@router.get(V + "/{verification_id}")
def get_item(verification_id: str, user: CurrentUser, s: ReadSession) -> VerificationItem:
    return verify.item_out(s, verify.get_visible(s, user, verification_id))


@router.post(V + "/{verification_id}/outcome")
def post_outcome(verification_id: str, body: VerificationOutcomeIn, user: CurrentUser,
                 writes: Writes) -> VerificationAnswer:
    with writes() as s:
        answer = verify.record(s, user, verification_id, body)
        if not answer.duplicate:
            audit.record(s, actor_id=user.id, action="verification.outcome",
                         entity="verification", entity_id=verification_id,
                         outcome=body.outcome.value, order_id=answer.item.order_id)
        s.commit()
        return answer


@router.get("/orders")
def get_orders(user: CurrentUser, s: ReadSession, since: Annotated[Cursor, Query()] = 0,
               limit: Annotated[int, Query(ge=1, le=orders.FEED_MAX)] = 200) -> OrderFeed:
    """Orders changed after the cursor, each in its state now (gap-free, like the pull)."""
    return orders.feed(s, since, limit)


@router.get("/orders/export", response_class=Response,
            responses=file_answer("text/csv", XLSX, description="The orders as a table."))
def export_orders(user: CurrentUser, s: ReadSession,
                  fmt: Annotated[Literal["csv", "xlsx"], Query(alias="format")] = "csv",
                  start: date | None = None, end: date | None = None,
                  state: OrderState | None = None) -> Response:
    rows = orders.export_rows(s, start, end, state)
    if fmt == "xlsx":
        return _attachment(orders.export_xlsx(rows), XLSX, "orders.xlsx")
    return _attachment(orders.export_csv(rows), CSV, "orders.csv")


@router.post("/orders/{order_id}/activation")
def post_activation(order_id: str, body: ActivationIn, user: CurrentUser,
                    writes: Writes) -> OrderOut:
    """Activated, or failed with a reason; the same answer twice is one, another is 409."""
    with writes() as s:
        order, changed = orders.activate(s, order_id, body)
        if changed:
            audit.record(s, actor_id=user.id, action="order.activation", entity="order",
                         entity_id=order.id, result=body.result.value)
        s.commit()
        return orders.orders_out(s, [order])[0]


@router.post("/orders/{order_id}/cancellation")
def post_cancellation(order_id: str, body: CancellationIn, user: CurrentUser,
                      writes: Writes) -> OrderOut:
    """The customer cancelled (within the trial or after it, by the day given)."""
    with writes() as s:
        order, changed = orders.record_cancellation(s, order_id, body)
        if changed:
            audit.record(s, actor_id=user.id, action="order.cancellation", entity="order",
                         entity_id=order.id, kind=order.cancel_kind)
        s.commit()
        return orders.orders_out(s, [order])[0]


@router.post("/letters/batch", response_class=Response,
             responses=file_answer("text/csv", description="The letters due, now sent."))
def take_letter_batch(user: CurrentUser, writes: Writes) -> Response:
    """The mail room's export: every letter due as CSV (with the text to print), marked
    sent in a batch in the same transaction (audited); each letter is exported once. The
    batch's id is in `X-Letter-Batch` (none: nothing was due)."""
    with writes() as s:
        batch, rows = letters.take_batch(s, user.id)
        s.commit()
    return _attachment(letters.to_csv(rows), CSV, "letters.csv",
                       {"X-Letter-Batch": batch or ""})


@router.get("/letters/batches/{batch_id}", response_class=Response,
            responses=file_answer("text/csv", description="A batch's letters again."))
def read_letter_batch(batch_id: str, user: CurrentUser, writes: Writes) -> Response:
    """A batch taken earlier, again (a lost file); audited, nothing else changes."""
    with writes() as s:
        rows = letters.batch_rows(s, batch_id, user.id)
        s.commit()
    return _attachment(letters.to_csv(rows), CSV, f"letters-{batch_id[:8]}.csv")
