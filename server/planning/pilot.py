"""Pilot calls (试呼): before the full run, a named small share of an approved plan's
targets goes to chosen agents; their results are reported (reached, success, objections,
average talk, QA scores; success counts the sales verification confirmed, with those still
awaiting it and those it reversed beside them: `wire.aftersale.sale_standing`, the rule
the seller and campaign figures use) and the planner decides go / change / stop
(audited). The rest of the plan is assigned only after "go"
(`approval.require_assignable`); "change" means a new plan (plan again, submit, approve);
"stop" leaves the rest unassigned.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server import audit, queue
from server import models as m
from server.aftersale.models import Order
from server.db import utcnow
from server.errors import ApiError
from server.planning import approval
from server.planning.models import CampaignPlan, CampaignTarget, Pilot
from server.quality.models import QaScore
from wire import campaign_loop as w
from wire.aftersale import SaleStanding, sale_standing
from wire.schema import Disposition, Role


def start(session: Session, code: str, body: w.PilotRequest, *, actor_id: str
          ) -> w.PilotReport:
    camp = session.scalars(select(m.Campaign).where(m.Campaign.code == code)).first()
    plan = session.get(CampaignPlan, body.plan_id)
    if camp is None or plan is None or plan.campaign_id != camp.id:
        raise ApiError(404, "not_found", f"No plan {body.plan_id!r} of campaign {code!r}.")
    approval.require_assignable(session, [plan.id], pilot=True)
    if session.scalars(select(Pilot.id).where(Pilot.plan_id == plan.id)).first():
        raise ApiError(409, "pilot_exists", "This plan already had its pilot.")
    agents = list(session.scalars(select(m.User).where(
        m.User.username.in_(body.agents), m.User.role == Role.AGENT.value,
        m.User.active.is_(True)).order_by(m.User.username)))
    missing = sorted(set(body.agents) - {a.username for a in agents})
    if missing:
        raise ApiError(400, "not_agents", f"Not active agents: {', '.join(missing)}.")
    planned = [(t, c) for t, c in session.execute(
        select(CampaignTarget, m.Customer).join(m.Customer,
                                                m.Customer.id == CampaignTarget.customer_id)
        .where(CampaignTarget.plan_id == plan.id, CampaignTarget.status == "planned")
        .order_by(CampaignTarget.priority.desc(), CampaignTarget.id))]
    n = max(1, round(len(planned) * body.share)) if planned else 0
    if n == 0:
        raise ApiError(409, "no_targets", "The plan has no targets left to pilot.")
    items: list[str] = []
    for target, cust in planned[:n]:
        agent = agents[len(items) % len(agents)]
        item = queue.assign(session, campaign_id=camp.id, customer=cust, agent=agent,
                            priority=target.priority, recommendations=target.recommendations,
                            actor_id=actor_id)
        session.execute(update(CampaignTarget).where(CampaignTarget.id == target.id).values(
            status="assigned" if item else "skipped", queue_item_id=item.id if item else None))
        if item is not None:
            items.append(item.id)
    pilot = Pilot(plan_id=plan.id, campaign_id=camp.id, name=body.name,
                  agent_ids=[a.id for a in agents], item_ids=items, created_by=actor_id,
                  created_at=utcnow(), comment="")
    session.add(pilot)
    session.flush()
    audit.record(session, actor_id=actor_id, action="pilot.start", entity="pilot",
                 entity_id=pilot.id, plan_id=plan.id, items=len(items),
                 agents=[a.username for a in agents])
    return report(session, pilot.id)


def report(session: Session, pilot_id: str) -> w.PilotReport:
    pilot = session.get(Pilot, pilot_id)
    if pilot is None:
        raise ApiError(404, "not_found", f"No pilot {pilot_id!r}.")
    code = session.scalar(select(m.Campaign.code).where(m.Campaign.id == pilot.campaign_id))
    names = {uid: name for uid, name in session.execute(select(m.User.id, m.User.username)
             .where(m.User.id.in_([*pilot.agent_ids, pilot.decided_by or ""])))}
    called: set[str] = set()
    reached: set[str] = set()
    sales: dict[str, str] = {}  # call id -> queue item id, of the accepted outcomes
    objections: Counter[str] = Counter()
    talk: list[int] = []
    outcome_ids: list[str] = []
    ids = list(pilot.item_ids)
    for start_at in range(0, len(ids), 500):
        for o in session.scalars(select(m.CallOutcome).where(
                m.CallOutcome.queue_item_id.in_(ids[start_at:start_at + 500]))):
            called.add(o.queue_item_id)
            outcome_ids.append(o.id)
            if Disposition(o.disposition).reached:
                reached.add(o.queue_item_id)
                talk.append(o.talk_seconds)
            if o.disposition == Disposition.ACCEPTED.value:
                sales[o.id] = o.queue_item_id
            if o.objection:
                objections[o.objection] += 1
    standing = _standing(session, sales)
    scores: list[float] = []
    for start_at in range(0, len(outcome_ids), 500):
        scores += session.scalars(select(QaScore.total).where(
            QaScore.outcome_id.in_(outcome_ids[start_at:start_at + 500])))
    return w.PilotReport(
        pilot_id=pilot.id, plan_id=pilot.plan_id, campaign_code=code or "", name=pilot.name,
        agents=[names.get(a, a) for a in pilot.agent_ids], items=len(ids), called=len(called),
        reached=len(reached), success=standing[SaleStanding.CONFIRMED],
        sales_awaiting=standing[SaleStanding.AWAITING],
        sales_reversed=standing[SaleStanding.REVERSED], objections=dict(sorted(objections.items())),
        average_talk_seconds=round(sum(talk) / len(talk), 1) if talk else 0.0,
        qa_scored=len(scores),
        qa_average=round(sum(scores) / len(scores), 1) if scores else None,
        decision=pilot.decision,  # type: ignore[arg-type]  # stored from Decision
        decided_by=names.get(pilot.decided_by or "", ""), decided_at=pilot.decided_at,
        comment=pilot.comment)


# An item with more than one sale counts once, by its best standing.
_RANK = (SaleStanding.CONFIRMED, SaleStanding.AWAITING, SaleStanding.REVERSED)


def _standing(session: Session, sales: dict[str, str]) -> dict[SaleStanding, int]:
    """How many pilot items had a sale confirmed by verification, awaiting it, reversed by
    it (their orders, read by the call id; a sale without an order yet awaits)."""
    orders: dict[str, tuple[str, bool]] = {}
    calls = list(sales)
    for start_at in range(0, len(calls), 500):
        for call_id, state, confirmed in session.execute(
                select(Order.call_id, Order.state, Order.confirmed_at.is_not(None))
                .where(Order.call_id.in_(calls[start_at:start_at + 500]))):
            orders[call_id] = (state, bool(confirmed))
    best: dict[str, SaleStanding] = {}
    for call_id, item_id in sales.items():
        order = orders.get(call_id)
        kind = sale_standing(*order) if order else sale_standing(None, False)
        if item_id not in best or _RANK.index(kind) < _RANK.index(best[item_id]):
            best[item_id] = kind
    out = dict.fromkeys(SaleStanding, 0)
    for kind in best.values():
        out[kind] += 1
    return out


def decide(session: Session, pilot_id: str, body: w.PilotDecisionIn, *, actor_id: str
           ) -> w.PilotReport:
    pilot = session.get(Pilot, pilot_id)
    if pilot is None:
        raise ApiError(404, "not_found", f"No pilot {pilot_id!r}.")
    if pilot.decision is not None:
        raise ApiError(409, "already_decided", f"This pilot was decided {pilot.decision!r}.")
    pilot.decision, pilot.decided_by, pilot.decided_at = body.decision, actor_id, utcnow()
    pilot.comment = body.comment
    audit.record(session, actor_id=actor_id, action=f"pilot.{body.decision}", entity="pilot",
                 entity_id=pilot.id, comment=body.comment)
    session.flush()
    return report(session, pilot.id)


def pilots_of(session: Session, plan_id: str) -> list[str]:
    return list(session.scalars(select(Pilot.id).where(Pilot.plan_id == plan_id)
                                .order_by(Pilot.created_at)))
