"""What a team lead does to queues: reassign, rebalance, raise priority, pause a queue.

Each is one transaction, audited (who, when, what), and published on the change feed so
the agents' desktops pick it up on their next pull (or at once, through the long poll).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server import audit, changes, queue
from server import models as m
from server.db import utcnow
from server.errors import ApiError
from server.lead.models import QueueHold
from server.lead.monitor import led_agent_set
from wire.lead import ActionDone, RebalanceMove, RebalancePreview, TeamQueue, TeamQueueItem
from wire.schema import QueueStatus, Role


def _agents(s: Session, user: m.User, agent_ids: list[str]) -> dict[str, m.User]:
    allowed = led_agent_set(s, user)
    if not set(agent_ids) <= allowed:
        raise ApiError(403, "forbidden", "Every agent must be in a team you lead.")
    found = {u.id: u for u in s.scalars(select(m.User).where(m.User.id.in_(agent_ids)))}
    for a in agent_ids:
        if a not in found or found[a].role != Role.AGENT.value or not found[a].active:
            raise ApiError(400, "not_an_agent", "Queue items can only go to active agents.")
    return found


def _items(s: Session, user: m.User, item_ids: list[str]) -> list[m.QueueItem]:
    allowed = led_agent_set(s, user)
    items = list(s.scalars(select(m.QueueItem).where(m.QueueItem.id.in_(item_ids))))
    if len(items) != len(set(item_ids)):
        raise ApiError(404, "not_found", "Some of these queue items do not exist.")
    if any(i.agent_id not in allowed for i in items):
        raise ApiError(403, "forbidden", "Some of these items are not in your teams' queues.")
    return items


def reassign(s: Session, user: m.User, item_ids: list[str], agent_id: str) -> ActionDone:
    agent = _agents(s, user, [agent_id])[agent_id]
    moved = skipped = 0
    for item in _items(s, user, item_ids):
        if item.status == QueueStatus.CLOSED.value or item.agent_id == agent.id:
            skipped += 1
            continue
        queue.reassign(s, item, agent, user.id)
        moved += 1
    s.commit()
    return ActionDone(changed=moved, skipped=skipped)


def _rebalance_plan(s: Session, user: m.User, campaign_id: str, agent_ids: list[str]
                    ) -> tuple[list[tuple[m.QueueItem, str]], int, list[str],
                               dict[str, m.User]]:
    """The moves (item, to agent) that spread the campaign's open items of the lead's
    agents evenly over `agent_ids`, moving as few as possible, and how many items stay
    because their agent promised a call-back. The preview and the rebalance share it, so
    what the lead confirms is what happens."""
    if s.get(m.Campaign, campaign_id) is None:
        raise ApiError(404, "not_found", "No such campaign.")
    chosen = list(dict.fromkeys(agent_ids))
    targets = _agents(s, user, chosen)
    allowed = led_agent_set(s, user)
    items = list(s.scalars(
        select(m.QueueItem).where(
            m.QueueItem.campaign_id == campaign_id,
            m.QueueItem.agent_id.in_(allowed),
            m.QueueItem.status != QueueStatus.CLOSED.value)
        .order_by(m.QueueItem.priority.desc(), m.QueueItem.created_at, m.QueueItem.id)))
    kept = [i for i in items if i.callback_at is not None]
    movable = [i for i in items if i.callback_at is None]
    holding: dict[str, list[m.QueueItem]] = defaultdict(list)
    for i in movable:
        holding[i.agent_id].append(i)
    # Even shares; the agents already holding most get the remainder (fewest moves).
    share, extra = divmod(len(movable), len(chosen))
    order = sorted(chosen, key=lambda a: -len(holding.get(a, [])))
    quota = {a: share + (1 if n < extra else 0) for n, a in enumerate(order)}
    spare: list[m.QueueItem] = []
    for agent_id, held in holding.items():
        keep = quota.get(agent_id, 0)
        spare += held[keep:]  # the lowest-priority items of an over-full queue move
    moves: list[tuple[m.QueueItem, str]] = []
    for agent_id in order:
        need = quota[agent_id] - min(len(holding.get(agent_id, [])), quota[agent_id])
        moves += [(item, agent_id) for item in spare[:need]]
        spare = spare[need:]
    return moves, len(kept), chosen, targets


def rebalance_preview(s: Session, user: m.User, campaign_id: str, agent_ids: list[str]
                      ) -> RebalancePreview:
    """What a rebalance would move, from whom to whom; nothing is changed."""
    moves, kept, _chosen, _targets = _rebalance_plan(s, user, campaign_id, agent_ids)
    counts: Counter[tuple[str, str]] = Counter((item.agent_id, to) for item, to in moves)
    people = {a for pair in counts for a in pair}
    names: dict[str, str] = {}
    if people:
        for uid, name in s.execute(select(m.User.id, m.User.display_name)
                                   .where(m.User.id.in_(people))):
            names[uid] = name
    return RebalancePreview(
        moves=[RebalanceMove(from_agent_id=f, from_name=names.get(f, ""), to_agent_id=t,
                             to_name=names.get(t, ""), items=n)
               for (f, t), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))],
        moved=len(moves), kept=kept)


def rebalance(s: Session, user: m.User, campaign_id: str, agent_ids: list[str]) -> ActionDone:
    """Spread the campaign's open items evenly (see _rebalance_plan); call-backs stay."""
    moves, kept, chosen, targets = _rebalance_plan(s, user, campaign_id, agent_ids)
    for item, to in moves:
        queue.reassign(s, item, targets[to], user.id)
    audit.record(s, actor_id=user.id, action="queue.rebalance", entity="campaign",
                 entity_id=campaign_id, agents=chosen, moved=len(moves), kept=kept)
    s.commit()
    return ActionDone(changed=len(moves), skipped=kept)


def set_priority(s: Session, user: m.User, item_ids: list[str], priority: int) -> ActionDone:
    changed = 0
    now = utcnow()
    for item in _items(s, user, item_ids):
        if item.priority == priority or item.status == QueueStatus.CLOSED.value:
            continue
        audit.record(s, actor_id=user.id, action="queue.priority", entity="queue_item",
                     entity_id=item.id, before=item.priority, after=priority)
        item.priority = priority
        item.updated_at = now
        changes.emit(s, "queue_item", item.id, item.agent_id)
        changed += 1
    s.commit()
    return ActionDone(changed=changed, skipped=len(item_ids) - changed)


def pause_queue(s: Session, user: m.User, agent_id: str, paused: bool, reason: str) -> ActionDone:
    _agents(s, user, [agent_id])
    hold = s.get(QueueHold, agent_id)
    now = utcnow()
    if hold is None:
        hold = QueueHold(agent_id=agent_id, changed_by=user.id, changed_at=now)
        s.add(hold)
    hold.paused, hold.reason, hold.changed_by, hold.changed_at = paused, reason, user.id, now
    audit.record(s, actor_id=user.id, action="queue.pause" if paused else "queue.resume",
                 entity="user", entity_id=agent_id, reason=reason)
    changes.emit(s, "agent_control", agent_id, agent_id)
    s.commit()
    return ActionDone(changed=1)


def mask(phone: str) -> str:
    """+8613812345678 -> +86138****78: enough to tell numbers apart, not to dial them."""
    return phone[:6] + "****" + phone[-2:] if len(phone) > 8 else "****"


def team_queue(s: Session, user: m.User, *, agent_id: str | None, campaign_id: str | None,
               limit: int) -> TeamQueue:
    allowed = led_agent_set(s, user)
    if agent_id is not None and agent_id not in allowed:
        raise ApiError(403, "forbidden", "This agent is not in a team you lead.")
    q, c = m.QueueItem, m.Customer
    cond = [q.agent_id.in_([agent_id] if agent_id else allowed),
            q.status != QueueStatus.CLOSED.value]
    if campaign_id:
        cond.append(q.campaign_id == campaign_id)
    total = s.execute(select(func.count()).select_from(q).where(*cond)).scalar_one()
    rows = s.execute(
        select(q.id, q.agent_id, q.campaign_id, c.name, c.phone, c.value_tier, q.status,
               q.priority, q.attempts, q.callback_at)
        .join(c, c.id == q.customer_id).where(*cond)
        .order_by(q.agent_id, q.priority.desc(), c.value_tier, q.id).limit(limit))
    return TeamQueue(total=int(total), items=[
        TeamQueueItem(item_id=r[0], agent_id=r[1], campaign_id=r[2], customer_name=r[3],
                      phone_masked=mask(r[4]), value_tier=r[5], status=r[6], priority=r[7],
                      attempts=r[8], callback_at=r[9]) for r in rows])
