"""Bigger-than-demo data for benchmarks: more queue items for an agent, many agents.

Written through the server's models and change feed (`changes.emit`), so desktops pull
what they would pull in production. Never used by the server itself.
"""

from __future__ import annotations

import itertools
import secrets
from datetime import time, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from server import changes
from server import models as m
from server.auth import token_digest
from server.db import make_engine, utcnow
from server.orm import session_factory
from wire.schema import QueueStatus, Role


def all_day_windows(db_url: str) -> None:
    """Every campaign's calling window the whole day, before any desktop pulls it. The
    benches that dial or record an outcome take the rows callable now; with the demo's
    09:00-21:00 in the customers' time zones, a `make bench` started after about 15:00
    UTC found none and stopped (the window's rule is still applied, to a window that
    holds every hour)."""
    engine = make_engine(db_url)
    with session_factory(engine)() as s:
        s.execute(update(m.Campaign).values(window_start=time(0), window_end=time.max,
                                             calling_windows=[]))
        s.commit()
    engine.dispose()


def _free_customers(s: Session) -> list[str]:
    """Customers without any queue item and not on the do-not-call list."""
    taken = select(m.QueueItem.customer_id)
    dnc = select(m.DncEntry.phone)
    return list(s.scalars(select(m.Customer.id).where(m.Customer.id.not_in(taken),
                                                        m.Customer.phone.not_in(dnc))
                          .order_by(m.Customer.id)))


def add_items(s: Session, agent_ids: list[str], per_agent: int) -> int:
    """Give each agent up to `per_agent` new open items (customers nobody works yet)."""
    camps = list(s.scalars(select(m.Campaign).order_by(m.Campaign.code)))
    recs: dict[str, list[Any]] = {}
    for c in camps:
        q = select(m.QueueItem.recommendations).where(
            m.QueueItem.campaign_id == c.id, m.QueueItem.status != "closed").limit(1)
        recs[c.id] = next(iter(s.scalars(q)), [])
    free = iter(_free_customers(s))
    cycle = itertools.cycle(camps)
    now = utcnow()
    items, assigns = [], []
    for agent_id in agent_ids:
        for customer_id in itertools.islice(free, per_agent):
            camp = next(cycle)
            item_id = m.new_id()
            items.append({"id": item_id, "campaign_id": camp.id, "customer_id": customer_id,
                          "agent_id": agent_id, "status": QueueStatus.OPEN.value,
                          "priority": 50, "attempts": 0, "next_call_at": None,
                          "callback_at": None, "recommendations": recs[camp.id],
                          "created_at": now, "updated_at": now})
            assigns.append({"queue_item_id": item_id, "agent_id": agent_id,
                            "assigned_at": now, "assigned_by": None})
            changes.emit(s, "queue_item", item_id, agent_id)
    if items:
        s.execute(insert(m.QueueItem), items)
        s.execute(insert(m.QueueAssignment), assigns)
    return len(items)


def grow_queue(db_url: str, username: str, size: int) -> int:
    """Add open items to one agent until they hold `size`; returns the size reached."""
    engine = make_engine(db_url)
    with session_factory(engine)() as s:
        agent = s.scalars(select(m.User).where(m.User.username == username)).one()
        have = len(list(s.scalars(select(m.QueueItem.id).where(
            m.QueueItem.agent_id == agent.id, m.QueueItem.status != "closed"))))
        added = add_items(s, [agent.id], max(0, size - have))
        s.commit()
    engine.dispose()
    return have + added


def add_agents(db_url: str, n: int, items_each: int, *, prefix: str = "load") -> list[str]:
    """n new agents with a queue each; returns a bearer token per agent (valid a day).
    Tokens are made directly: n password logins would measure argon2, not sync."""
    engine = make_engine(db_url)
    tokens: list[str] = []
    with session_factory(engine)() as s:
        team = s.scalars(select(m.Team).limit(1)).one()
        now = utcnow()
        users: list[dict[str, Any]] = []
        rows: list[dict[str, Any]] = []
        for i in range(n):
            uid = m.new_id()
            users.append({"id": uid, "username": f"{prefix}{i:04d}",
                          "display_name": f"{prefix.title()} {i}",
                          "role": Role.AGENT.value, "team_id": team.id,
                          "password_hash": "!", "active": True, "created_at": now})
            token = secrets.token_urlsafe(32)
            tokens.append(token)
            rows.append({"token_sha256": token_digest(token), "user_id": uid,
                         "created_at": now, "expires_at": now + timedelta(days=1)})
        s.execute(insert(m.User), users)
        s.execute(insert(m.AuthToken), rows)
        add_items(s, [str(u["id"]) for u in users], items_each)
        s.commit()
    engine.dispose()
    return tokens
