"""`assign CAMPAIGN --team T`: the campaign's planned targets onto the team's agents' lists.

- Spread: every target goes to the agent with the lowest count / weight so far (ties: the
  agent listed first); weights default to 1 (even). Highest-priority targets go first.
- One channel at a time: a customer already on an open list (any campaign) or on the
  do-not-call list is skipped (`server.queue.assign` checks both again, in the same
  transaction), so no customer ever has two active assignments.
- A customer their account manager keeps (server/planning/ownership.py) is skipped too,
  also when the owner was set after the plan.
- Daily volume caps (server/planning/caps.py): an agent or the team at its cap for the
  day gets no more; the rest stays planned (`capped`).
- Approval first: planned targets of a plan not approved (or after a pilot not decided
  "go") are refused with 409 (`approval.require_assignable`).
- Verification (回访): every sale (`accepted` outcome) of the campaign without a
  verification call gets one, queued to a team agent other than the seller.
Items are created with `server.queue.assign`, which emits the change-feed rows: the agents'
desktops receive them on their next pull.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server import audit, queue
from server import models as m
from server.db import utcnow
from server.errors import ApiError
from server.planning import approval, caps, ownership
from server.planning.models import CampaignTarget, VerificationCall
from wire.schema import Disposition, QueueStatus, Role

VERIFY_PRIORITY = 95


@dataclass
class AssignResult:
    per_agent: dict[str, int] = field(default_factory=dict)  # username -> new items
    skipped_busy: int = 0
    skipped_dnc: int = 0
    verifications: int = 0
    verifications_waiting: int = 0
    skipped_kept: int = 0
    capped: int = 0  # left planned: the day's volume cap of the team or its agents is reached

    def summary(self) -> str:
        spread = ", ".join(f"{u} {n}" for u, n in self.per_agent.items())
        return (f"assigned {sum(self.per_agent.values())} ({spread}); skipped "
                f"{self.skipped_busy} already on an open list, {self.skipped_dnc} "
                f"do-not-call, {self.skipped_kept} kept by their account manager; "
                f"{self.verifications} verification calls queued"
                + (f"; {self.capped} left for another day (daily cap reached)"
                   if self.capped else "")
                + (f", {self.verifications_waiting} waiting (customer busy or no other "
                   "agent)" if self.verifications_waiting else ""))


class _Spread:
    def __init__(self, agents: list[m.User], weights: dict[str, float]) -> None:
        self.agents = agents
        self.w = [max(weights.get(a.username, 1.0), 0.0) for a in agents]
        if not any(self.w):
            raise ApiError(400, "bad_weights", "At least one agent needs a weight above 0.")
        self.n = [0] * len(agents)

    def pick(self, exclude: str | None = None,
             blocked: Callable[[str], bool] | None = None) -> m.User | None:
        best, best_load = None, 0.0
        for i, a in enumerate(self.agents):
            if a.id == exclude or self.w[i] <= 0 or (blocked is not None and blocked(a.id)):
                continue
            load = (self.n[i] + 1) / self.w[i]
            if best is None or load < best_load:
                best, best_load = i, load
        if best is None:
            return None
        self.n[best] += 1
        return self.agents[best]

    def undo(self, agent: m.User) -> None:
        self.n[self.agents.index(agent)] -= 1


def team_agents(session: Session, team: str) -> list[m.User]:
    t = session.scalars(select(m.Team).where((m.Team.name == team) | (m.Team.id == team))
                        ).first()
    if t is None:
        raise ApiError(404, "not_found", f"No team {team!r}.")
    agents = list(session.scalars(select(m.User).where(
        m.User.team_id == t.id, m.User.role == Role.AGENT.value, m.User.active.is_(True))
        .order_by(m.User.username)))
    if not agents:
        raise ApiError(400, "no_agents", f"Team {t.name!r} has no active agents.")
    return agents


def assign_campaign(session: Session, campaign_code: str, team: str, *,
                    weights: dict[str, float] | None = None, limit: int | None = None,
                    actor_id: str | None = None) -> AssignResult:
    """In the caller's transaction (the caller commits)."""
    camp = session.scalars(select(m.Campaign).where(m.Campaign.code == campaign_code)).first()
    if camp is None:
        raise ApiError(404, "not_found", f"No campaign {campaign_code!r}.")
    agents = team_agents(session, team)
    budget = caps.Budget(session, agents[0].team_id or "", [a.id for a in agents])
    unknown = set(weights or {}) - {a.username for a in agents}
    if unknown:
        raise ApiError(400, "bad_weights",
                       f"Not agents of the team: {', '.join(sorted(unknown))}.")
    approval.require_assignable(session, session.scalars(
        select(CampaignTarget.plan_id).distinct().where(
            CampaignTarget.campaign_id == camp.id, CampaignTarget.status == "planned")))
    spread = _Spread(agents, weights or {})
    res = AssignResult(per_agent={a.username: 0 for a in agents})
    dnc = set(session.scalars(select(m.DncEntry.phone)))
    kept = ownership.kept(session)  # an owner set after the plan still holds
    q = (select(CampaignTarget, m.Customer)
         .join(m.Customer, m.Customer.id == CampaignTarget.customer_id)
         .where(CampaignTarget.campaign_id == camp.id, CampaignTarget.status == "planned")
         .order_by(CampaignTarget.priority.desc(), CampaignTarget.id))
    if limit is not None:
        q = q.limit(limit)
    done: list[tuple[str, str]] = []  # (target id, queue item id)
    skipped: list[str] = []
    for target, cust in list(session.execute(q)):
        if cust.phone in dnc:
            res.skipped_dnc += 1
            skipped.append(target.id)
            continue
        if cust.id in kept:
            res.skipped_kept += 1
            skipped.append(target.id)
            continue
        agent = None if budget.team_full() else spread.pick(blocked=budget.agent_full)
        if agent is None:  # the day's cap: the target stays planned for another day
            res.capped += 1
            continue
        item = queue.assign(session, campaign_id=camp.id, customer=cust, agent=agent,
                            priority=target.priority, recommendations=target.recommendations,
                            actor_id=actor_id)
        if item is None:
            spread.undo(agent)
            res.skipped_busy += 1
            skipped.append(target.id)
            continue
        res.per_agent[agent.username] += 1
        budget.take(agent.id)
        done.append((target.id, item.id))
    for tid, item_id in done:
        session.execute(update(CampaignTarget).where(CampaignTarget.id == tid)
                        .values(status="assigned", queue_item_id=item_id))
    for start in range(0, len(skipped), 500):
        session.execute(update(CampaignTarget)
                        .where(CampaignTarget.id.in_(skipped[start : start + 500]))
                        .values(status="skipped"))
    _verifications(session, camp, spread, res, actor_id)
    audit.record(session, actor_id=actor_id, action="campaign.assign", entity="campaign",
                 entity_id=camp.id, team=team, assigned=sum(res.per_agent.values()),
                 verifications=res.verifications)
    return res


def _verifications(session: Session, camp: m.Campaign, spread: _Spread, res: AssignResult,
                   actor_id: str | None) -> None:
    done = select(VerificationCall.outcome_id)
    sales = list(session.scalars(select(m.CallOutcome).where(
        m.CallOutcome.campaign_id == camp.id,
        m.CallOutcome.disposition == Disposition.ACCEPTED.value,
        m.CallOutcome.id.not_in(done)).order_by(m.CallOutcome.received_at)))
    fallback = session.scalars(select(m.Offer).where(m.Offer.campaign_id == camp.id)
                               .order_by(m.Offer.priority.desc())).first()
    for sale in sales:
        cust = session.get(m.Customer, sale.customer_id)
        offer = session.get(m.Offer, sale.offer_id) if sale.offer_id else fallback
        agent = spread.pick(exclude=sale.agent_id)
        if cust is None or offer is None or agent is None:
            res.verifications_waiting += 1
            continue
        day = (sale.call_started_at or sale.received_at).date().isoformat()
        rec = {"offer_id": offer.id, "rank": 1,
               "reason": f"Verification call (回访) of the sale of {offer.name} on {day} by "
                         "another agent: confirm the customer agreed and knows the price, "
                         "term and cancellation rights. Do not sell.",
               "reason_zh": f"回访：核实客户于{day}办理的{offer.name_zh}，确认本人同意并已知晓"
                            "资费、合约期和退订权利。请勿营销。"}
        item = queue.assign(session, campaign_id=camp.id, customer=cust, agent=agent,
                            priority=VERIFY_PRIORITY, recommendations=[rec],
                            actor_id=actor_id)
        if item is None:
            spread.undo(agent)
            res.verifications_waiting += 1
            continue
        session.add(VerificationCall(outcome_id=sale.id, queue_item_id=item.id,
                                     seller_id=sale.agent_id, verifier_id=agent.id,
                                     created_at=utcnow()))
        res.verifications += 1
        res.per_agent[agent.username] += 1


def open_items(session: Session, customer_id: str) -> list[dict[str, Any]]:
    """Open queue items of a customer (tests and the admin API)."""
    return [{"id": i.id, "agent_id": i.agent_id, "campaign_id": i.campaign_id}
            for i in session.scalars(select(m.QueueItem).where(
                m.QueueItem.customer_id == customer_id,
                m.QueueItem.status != QueueStatus.CLOSED.value))]
