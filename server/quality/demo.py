"""Quality part of the demo: the default rubric, yesterday's calls to check, today's draw
for qa1 (up to the claim limit; the rest wait in the pool) and one recording.

Yesterday, because a checker reviews the calls of the day before (feedback within two
days) and because the team lead's live view of *today* stays as the demo made it.
"""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from server import models as m
from server.models import new_id
from server.quality import recordings, rubric, sampling
from server.quality.models import QaRecording, QaSample
from wire.schema import Disposition, QueueStatus, Role

DISCLOSURES = ["disclose_price", "disclose_term", "disclose_cancel"]
NOTES = {Disposition.ACCEPTED: "Accepted, SMS confirmation sent / 已办理，短信确认",
         Disposition.NOT_INTERESTED: "Says the price is too high / 嫌贵",
         Disposition.CONSIDERING: "Will discuss with family / 和家人商量"}
FULL_CALL = ["open", "identity", "needs", "pitch", *DISCLOSURES, "close"]


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute,
                    tzinfo=sampling.COMPANY_TZ).astimezone(UTC)


def seed(session: Session, now: datetime, seed_: int = 7) -> None:
    rng = random.Random(seed_ * 31 + 6)
    rubric.current(session)
    day = sampling.company_day(now) - timedelta(days=1)
    agents = list(session.scalars(select(m.User).where(m.User.role == Role.AGENT.value)
                                  .order_by(m.User.username)))
    scripts = {s.campaign_id: s for s in session.scalars(select(m.Script)
                                                          .order_by(m.Script.version))}
    offers: dict[str, list[m.Offer]] = {}
    for o in session.scalars(select(m.Offer).order_by(m.Offer.code)):
        offers.setdefault(o.campaign_id, []).append(o)
    queued = select(m.QueueItem.customer_id).where(m.QueueItem.status != "closed")
    dnc = select(m.DncEntry.phone)
    customers = list(session.scalars(select(m.Customer).where(
        m.Customer.id.not_in(queued), m.Customer.phone.not_in(dnc))
        .order_by(m.Customer.external_id).limit(len(agents) * 3)))
    campaigns = list(session.scalars(select(m.Campaign).order_by(m.Campaign.code)))
    if not customers or not agents:
        return
    items: list[dict[str, Any]] = []
    outcomes: list[dict[str, Any]] = []
    k = 0
    for n, agent in enumerate(agents):
        plan = [(Disposition.ACCEPTED, 10 + n % 4, 5 * n), (Disposition.NOT_INTERESTED, 14, 20),
                (Disposition.CONSIDERING, 16, 10 + n)]
        for disp, hour, minute in plan:
            c = customers[k % len(customers)]
            k += 1
            camp = campaigns[(n + k) % len(campaigns)]
            script = scripts[camp.id]
            offer = offers[camp.id][0]
            if n == 2 and disp is Disposition.NOT_INTERESTED:
                hour, minute = 21, 40  # after the calling window: a critical finding
            at = _at(day, hour, minute % 60)
            talk = rng.randint(90, 300)
            ticked = list(DISCLOSURES) if disp is Disposition.ACCEPTED else []
            steps = FULL_CALL if disp is Disposition.ACCEPTED else [*FULL_CALL[:4], "close"]
            if n == 0 and disp is Disposition.ACCEPTED:
                ticked = DISCLOSURES[:2]  # the cancellation right was never stated
                steps = [s for s in FULL_CALL if s != "disclose_cancel"]
                talk = 24  # as long as the demo recording
            item = {"id": new_id(), "campaign_id": camp.id, "customer_id": c.id,
                    "agent_id": agent.id, "status": QueueStatus.CLOSED.value, "priority": 0,
                    "attempts": 1, "next_call_at": None, "callback_at": None,
                    "recommendations": [], "created_at": at - timedelta(days=2),
                    "updated_at": at}
            items.append(item)
            outcomes.append({
                "id": new_id(), "queue_item_id": item["id"], "customer_id": c.id,
                "agent_id": agent.id, "campaign_id": camp.id, "disposition": disp.value,
                "objection": "price" if disp is Disposition.NOT_INTERESTED else None,
                "notes": NOTES[disp],
                "offer_id": offer.id if disp is Disposition.ACCEPTED else None,
                "script_id": script.id, "script_version": script.version,
                "steps_taken": steps, "disclosures_ticked": ticked, "call_started_at": at,
                "talk_seconds": talk, "wrap_seconds": rng.randint(10, 50), "callback_at": None,
                "created_at": at, "received_at": at + timedelta(minutes=1)})
    session.execute(insert(m.QueueItem), items)
    session.execute(insert(m.QueueAssignment), [
        {"queue_item_id": i["id"], "agent_id": i["agent_id"], "assigned_at": i["created_at"],
         "assigned_by": None} for i in items])
    session.execute(insert(m.CallOutcome), outcomes)
    sampling.draw(session, day=day, per_agent=3, actor_id=None, now=now, seed=str(seed_))
    first_sale = outcomes[0]["id"]
    if session.scalars(select(QaSample.id).where(QaSample.outcome_id == first_sale)).first():
        data = recordings.demo_wav(24.0)
        session.add(QaRecording(outcome_id=first_sale, content_type="audio/wav",
                                size_bytes=len(data), duration_seconds=24.0,
                                sha256=hashlib.sha256(data).hexdigest(),
                                data=data, uploaded_by=None, uploaded_at=now))
