"""Queue assignment and the do-not-call list: the writes that decide who may be called.

Every function here writes inside the caller's transaction, appends to the audit log
and emits change-feed rows; the caller commits.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server import audit, changes
from server.db import utcnow
from server.errors import ApiError
from server.models import Customer, DncEntry, QueueAssignment, QueueItem, User
from wire.schema import QueueStatus, Role, phone_hash


def is_dnc(session: Session, customer: Customer) -> bool:
    return session.scalars(select(DncEntry.id).where(DncEntry.phone == customer.phone)).first() \
        is not None


def assign(
    session: Session,
    *,
    campaign_id: str,
    customer: Customer,
    agent: User,
    priority: int = 0,
    recommendations: list[dict[str, Any]] | None = None,
    actor_id: str | None = None,
) -> QueueItem | None:
    """Put a customer on an agent's list; None (nothing done) if the number is on the
    do-not-call list or the customer already has an open item (one channel at a time)."""
    if agent.role != Role.AGENT.value:
        raise ApiError(400, "not_an_agent", "Queue items can only be assigned to agents.")
    if is_dnc(session, customer):
        return None
    busy = session.scalars(
        select(QueueItem.id).where(
            QueueItem.customer_id == customer.id, QueueItem.status != QueueStatus.CLOSED.value
        )
    ).first()
    if busy is not None:
        return None
    now = utcnow()
    item = QueueItem(
        campaign_id=campaign_id, customer_id=customer.id, agent_id=agent.id,
        status=QueueStatus.OPEN.value, priority=priority, attempts=0,
        recommendations=recommendations or [], created_at=now, updated_at=now,
    )
    session.add(item)
    session.flush()
    session.add(QueueAssignment(queue_item_id=item.id, agent_id=agent.id, assigned_at=now,
                                assigned_by=actor_id))
    audit.record(session, actor_id=actor_id, action="queue.assign", entity="queue_item",
                 entity_id=item.id, agent_id=agent.id, customer_id=customer.id)
    changes.emit(session, "queue_item", item.id, agent.id)
    return item


def reassign(session: Session, item: QueueItem, new_agent: User, actor_id: str) -> None:
    """Move an item to another agent: it leaves the old desktop, arrives on the new one."""
    if new_agent.role != Role.AGENT.value or not new_agent.active:
        raise ApiError(400, "not_an_agent", "Queue items can only be assigned to active agents.")
    if item.status == QueueStatus.CLOSED.value:
        raise ApiError(409, "item_closed", "This queue item is closed.")
    old = item.agent_id
    if old == new_agent.id:
        return
    now = utcnow()
    item.agent_id = new_agent.id
    item.updated_at = now
    session.add(QueueAssignment(queue_item_id=item.id, agent_id=new_agent.id, assigned_at=now,
                                assigned_by=actor_id))
    audit.record(session, actor_id=actor_id, action="queue.reassign", entity="queue_item",
                 entity_id=item.id, from_agent=old, to_agent=new_agent.id)
    changes.emit(session, "queue_item_removed", item.id, old)
    changes.emit(session, "queue_item", item.id, new_agent.id)


def was_assigned(session: Session, item_id: str, agent_id: str) -> bool:
    return session.scalars(
        select(QueueAssignment.id).where(
            QueueAssignment.queue_item_id == item_id, QueueAssignment.agent_id == agent_id
        )
    ).first() is not None


def close_customer_items(session: Session, customer_id: str, actor_id: str, why: str) -> int:
    """Close every open item of the customer, for every agent; each leaves its desktop."""
    items = list(
        session.scalars(
            select(QueueItem).where(
                QueueItem.customer_id == customer_id,
                QueueItem.status != QueueStatus.CLOSED.value,
            )
        )
    )
    now = utcnow()
    for item in items:
        item.status = QueueStatus.CLOSED.value
        item.next_call_at = None
        item.callback_at = None
        item.updated_at = now
        audit.record(session, actor_id=actor_id, action="queue.close", entity="queue_item",
                     entity_id=item.id, reason=why)
        changes.emit(session, "queue_item", item.id, item.agent_id)
    return len(items)


def add_dnc(
    session: Session, customer: Customer, *, source: str, reason: str, actor_id: str | None
) -> tuple[DncEntry, bool]:
    """Put the customer's number on the do-not-call list (idempotent) and close all
    their queue items. Returns (entry, created)."""
    existing = session.scalars(select(DncEntry).where(DncEntry.phone == customer.phone)).first()
    created = existing is None
    if existing is None:
        existing = DncEntry(
            phone=customer.phone, phone_hash=phone_hash(customer.phone), customer_id=customer.id,
            reason=reason, source=source, created_by=actor_id, created_at=utcnow(),
        )
        session.add(existing)
        session.flush()
        audit.record(session, actor_id=actor_id, action="dnc.add", entity="dnc_entry",
                     entity_id=existing.id, customer_id=customer.id, source=source,
                     reason=reason)
        changes.emit(session, "dnc", existing.id)
    close_customer_items(session, customer.id, actor_id or "", "do_not_call")
    return existing, created
