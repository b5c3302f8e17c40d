"""An administrator's edit of one customer (`PATCH /api/v1/admin/customers/{external_id}`):
name, phone, region. A new phone goes through the one normaliser (wire/phones.py) and is
checked against the do-not-call list in the same transaction: a listed number closes the
customer's open items at once, for every agent, as the imports do."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from server import audit, changes
from server.errors import ApiError
from server.models import Customer, QueueItem
from server.planning.fields import Mapping, RowError, _make
from server.planning.reading import mask
from server.planning.reimport import close_listed
from wire.phones import PhoneError, normalise_phone
from wire.schema import QueueStatus, e164_hash

_NAME = _make("name", "text:100", Mapping())
_REGION = _make("region", "text:100", Mapping())


@dataclass
class Edited:
    customer: Customer
    items_closed: int
    do_not_call: bool


def edit_customer(session: Session, external_id: str, *, name: str | None = None,
                  phone: str | None = None, region: str | None = None,
                  actor_id: str | None = None) -> Edited:
    """Into the caller's transaction; ApiError 404 (no such customer) or 422 (bad value)."""
    c = session.scalars(select(Customer).where(Customer.external_id == external_id)).first()
    if c is None:
        raise ApiError(404, "not_found", "No customer has this external_id.")
    changed: dict[str, str] = {}
    try:
        if name is not None:
            text = _NAME(name.strip())
            if not text:
                raise RowError("name: required")
            changed["name"] = text
        if region is not None:
            changed["region"] = _REGION(region.strip())
        if phone is not None:
            try:
                changed["phone"] = normalise_phone(phone)
            except PhoneError as exc:
                raise RowError(f"{exc} ({mask(phone)})") from None
    except RowError as exc:
        raise ApiError(422, "invalid_value", str(exc)) from None
    changed = {k: v for k, v in changed.items() if getattr(c, k) != v}
    for k, v in changed.items():
        setattr(c, k, v)
    if "phone" in changed:
        c.phone_hash = e164_hash(c.phone)
    session.flush()
    audit.record(session, actor_id=actor_id, action="customer.edit", entity="customer",
                 entity_id=c.id, fields=sorted(changed),
                 phone=mask(c.phone) if "phone" in changed else None)
    closed = 0
    listed: set[str] = set()
    if "phone" in changed:
        listed, closed = close_listed(session, [c.id], actor_id)
    if changed and not listed:  # the agents holding the customer see the new data
        for item_id, agent_id in session.execute(
                select(QueueItem.id, QueueItem.agent_id).where(
                    QueueItem.customer_id == c.id,
                    QueueItem.status != QueueStatus.CLOSED.value)):
            changes.emit(session, "queue_item", item_id, agent_id)
    return Edited(c, closed, bool(listed))
