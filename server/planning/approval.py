"""Approval (审批) of a campaign plan: one admin submits it, another approves or rejects it
with a comment; both are audited. A plan's targets reach no agent before it is approved
(`require_assignable`, called by `assign` and by the pilot), and once a pilot was run the
rest waits for its "go".

States: draft (no review row) -> submitted -> approved | rejected. A rejected plan can be
submitted again (after a change the planner usually plans anew instead).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server import audit
from server import models as m
from server.db import utcnow
from server.errors import ApiError
from server.planning.models import CampaignPlan, CampaignTarget, Pilot, PlanReview
from wire import campaign_loop as w


def _plan(session: Session, plan_id: str) -> CampaignPlan:
    plan = session.get(CampaignPlan, plan_id)
    if plan is None:
        raise ApiError(404, "not_found", f"No plan {plan_id!r}.")
    return plan


def _names(session: Session, ids: Iterable[str | None]) -> dict[str, str]:
    want = {i for i in ids if i}
    if not want:
        return {}
    return {uid: name for uid, name in session.execute(
        select(m.User.id, m.User.username).where(m.User.id.in_(want)))}


def status_of(session: Session, plan: CampaignPlan) -> w.PlanStatus:
    review = session.get(PlanReview, plan.id)
    code = session.scalar(select(m.Campaign.code).where(m.Campaign.id == plan.campaign_id))
    planned = session.scalar(select(func.count()).select_from(CampaignTarget).where(
        CampaignTarget.plan_id == plan.id, CampaignTarget.status == "planned")) or 0
    who = _names(session, [plan.created_by] + (
        [review.submitted_by, review.reviewed_by] if review is not None else []))
    out = w.PlanStatus(plan_id=plan.id, campaign_code=code or "", created_at=plan.created_at,
                       created_by=who.get(plan.created_by or "", ""), targets=plan.targets,
                       planned=planned, funnel=list(plan.funnel), status="draft")
    if review is not None:
        out.status = review.status  # type: ignore[assignment]  # stored from PlanState
        out.note, out.comment = review.note, review.comment
        out.submitted_by = who.get(review.submitted_by, "")
        out.submitted_at = review.submitted_at
        out.reviewed_by = who.get(review.reviewed_by or "", "")
        out.reviewed_at = review.reviewed_at
    return out


def plans_of(session: Session, campaign_code: str, limit: int = 20) -> list[w.PlanStatus]:
    camp = session.scalars(select(m.Campaign).where(m.Campaign.code == campaign_code)).first()
    if camp is None:
        raise ApiError(404, "not_found", f"No campaign {campaign_code!r}.")
    plans = session.scalars(select(CampaignPlan).where(CampaignPlan.campaign_id == camp.id)
                            .order_by(CampaignPlan.created_at.desc(), CampaignPlan.id)
                            .limit(limit))
    return [status_of(session, p) for p in plans]


def submit(session: Session, plan_id: str, *, actor_id: str, note: str = "") -> w.PlanStatus:
    plan = _plan(session, plan_id)
    review = session.get(PlanReview, plan_id)
    if review is not None and review.status in ("submitted", "approved"):
        raise ApiError(409, "already_submitted", f"This plan is already {review.status}.")
    if review is None:
        review = PlanReview(plan_id=plan_id, status="submitted", submitted_by=actor_id,
                            submitted_at=utcnow(), note=note, comment="")
        session.add(review)
    else:  # rejected before: submitted again
        review.status, review.submitted_by, review.submitted_at = "submitted", actor_id, utcnow()
        review.note, review.reviewed_by, review.reviewed_at = note, None, None
    audit.record(session, actor_id=actor_id, action="plan.submit", entity="campaign_plan",
                 entity_id=plan_id, note=note)
    session.flush()
    return status_of(session, plan)


def review(session: Session, plan_id: str, *, actor_id: str, decision: str,
           comment: str) -> w.PlanStatus:
    """Approve or reject a submitted plan; the submitter cannot review their own plan."""
    plan = _plan(session, plan_id)
    rv = session.get(PlanReview, plan_id)
    if rv is None or rv.status != "submitted":
        raise ApiError(409, "not_submitted",
                       "Only a submitted plan can be approved or rejected; submit it first.")
    if rv.submitted_by == actor_id:
        raise ApiError(409, "own_plan",
                       "A plan is approved by a second person, not the one who submitted it.")
    rv.status = "approved" if decision == "approve" else "rejected"
    rv.reviewed_by, rv.reviewed_at, rv.comment = actor_id, utcnow(), comment
    audit.record(session, actor_id=actor_id, action=f"plan.{rv.status}", entity="campaign_plan",
                 entity_id=plan_id, comment=comment)
    session.flush()
    return status_of(session, plan)


def require_assignable(session: Session, plan_ids: Iterable[str], *, pilot: bool = False
                       ) -> None:
    """409 unless every plan is approved and, for the rest after a pilot (`pilot=False`),
    its pilots were decided "go"."""
    for plan_id in sorted(set(plan_ids)):
        rv = session.get(PlanReview, plan_id)
        if rv is None or rv.status != "approved":
            state = "not submitted" if rv is None else rv.status
            raise ApiError(409, "plan_not_approved",
                           f"The plan {plan_id} is {state}: nothing is assigned before a "
                           "second person approves it.")
        if pilot:
            continue
        for p in session.scalars(select(Pilot).where(Pilot.plan_id == plan_id)):
            if p.decision != "go":
                what = "has no decision yet" if p.decision is None else \
                    f"was decided {p.decision!r}"
                raise ApiError(409, "pilot_not_go",
                               f"The pilot {p.name!r} {what}: the rest of the plan is "
                               "assigned only after a 'go'.")
