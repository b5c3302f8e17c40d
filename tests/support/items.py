"""Queue items a test adds to a seeded server's database, as an assignment would."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import create_engine, select

from server import changes
from server import models as m
from server.orm import session_factory


def add_item(db_url: str, customer_id: str, username: str, *, not_in_campaign: str,
             status: str = "open") -> str:
    """A queue item of the customer in another active sales campaign than
    `not_in_campaign`, in `username`'s queue, published to that agent; its id."""
    engine = create_engine(db_url)
    try:
        with session_factory(engine)() as s:
            agent_id = s.scalars(select(m.User.id).where(m.User.username == username)).one()
            campaign = s.scalars(select(m.Campaign.id).where(
                m.Campaign.id != not_in_campaign, m.Campaign.active.is_(True),
                m.Campaign.campaign_type == "sales")).first()
            assert campaign is not None, "the demo has a second sales campaign"
            now = datetime.now(UTC)
            item = m.QueueItem(campaign_id=campaign, customer_id=customer_id,
                               agent_id=agent_id, status=status, priority=1, attempts=0,
                               recommendations=[], created_at=now, updated_at=now)
            s.add(item)
            s.flush()
            s.add(m.QueueAssignment(queue_item_id=item.id, agent_id=agent_id, assigned_at=now))
            changes.emit(s, "queue_item", item.id, agent_id)
            s.commit()
            return item.id
    finally:
        engine.dispose()
