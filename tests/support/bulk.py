"""Many valid actions straight into a desktop's outbox, for fault tests and benchmarks.

Recording 10,000 outcomes through the UI path takes minutes; these are the same
OutcomeActions (the agent's own items, an allowed disposition), queued in one local
transaction. Many may name the same item: the server stores each one, and a no-answer
on an item it has already closed changes nothing else.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select

from app.store import repo
from app.store import tables as t
from wire.schema import Disposition, OutcomeAction


def queue_outcomes(engine: Engine, n: int, *, now: datetime | None = None) -> list[str]:
    """Queue n no-answer outcomes over the local queue's items; returns their action ids."""
    now = now or datetime.now(UTC)
    ids: list[str] = []
    with engine.begin() as conn:
        items = conn.execute(
            select(t.queue_items.c.id, t.queue_items.c.customer_id, t.queue_items.c.campaign_id)
            .order_by(t.queue_items.c.id)
        ).all()
        assert items, "pull a queue first"
        for i in range(n):
            item = items[i % len(items)]
            action = OutcomeAction(
                action_id=str(uuid.uuid4()), created_at=now, queue_item_id=item.id,
                customer_id=item.customer_id, campaign_id=item.campaign_id,
                disposition=Disposition.NO_ANSWER, call_started_at=now - timedelta(seconds=30),
                wrap_seconds=3,
            )
            repo.enqueue(conn, action_id=action.action_id, kind="outcome",
                         payload=action.model_dump(mode="json"), queue_item_id=item.id, now=now)
            ids.append(action.action_id)
    return ids
