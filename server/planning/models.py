"""Tables of campaign planning. Created by migration 0003; the loop's (approval, training,
pilot) by 0017.

campaign_plans and verification_calls are append-only; a campaign_targets row moves from
`planned` to `assigned` (or `skipped`) once, when `assign` puts it on an agent's list.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.models import Base, new_id


class CampaignPlan(Base):
    """One run of `plan-campaign` (not a dry run): the rules used and the funnel."""

    __tablename__ = "campaign_plans"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaigns.id"), index=True)
    created_at: Mapped[datetime]
    created_by: Mapped[str | None] = mapped_column(String(36))
    rules: Mapped[dict[str, Any]]
    funnel: Mapped[list[Any]]
    targets: Mapped[int] = mapped_column(Integer, default=0)


class CampaignTarget(Base):
    """A customer a plan selected, with the ranked offers; assigned later."""

    __tablename__ = "campaign_targets"
    __table_args__ = (Index("ix_campaign_targets_campaign_status", "campaign_id", "status"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    # The plan and the campaign have no foreign key (migration 0025: their checks were a
    # third of a large plan's database work and guarded nothing; the plan writes its
    # targets with its own ids, and neither is ever deleted); the customer keeps its.
    plan_id: Mapped[str] = mapped_column(String(36), index=True)
    campaign_id: Mapped[str] = mapped_column(String(36))
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    priority: Mapped[int] = mapped_column(Integer, default=0)
    recommendations: Mapped[list[Any]]
    status: Mapped[str] = mapped_column(String(16), default="planned")  # planned/assigned/skipped
    queue_item_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime]


class VerificationCall(Base):
    """A sale's follow-up verification call (回访), queued to an agent other than the seller."""

    __tablename__ = "verification_calls"
    outcome_id: Mapped[str] = mapped_column(ForeignKey("call_outcomes.id"), primary_key=True)
    queue_item_id: Mapped[str] = mapped_column(ForeignKey("queue_items.id"))
    seller_id: Mapped[str] = mapped_column(String(36))
    verifier_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime]


class ChurnModel(Base):
    """A trained churn decision tree, stored as plain arrays (white box, no pickle)."""

    __tablename__ = "churn_models"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    trained_at: Mapped[datetime]
    features: Mapped[list[Any]]
    tree: Mapped[dict[str, Any]]
    metrics: Mapped[dict[str, Any]]


# ---------------------------------------------------------------- the loop (migration 0017)


class PlanReview(Base):
    """Approval (审批) of one plan: submitted by one admin, approved or rejected with a
    comment by another. A plan's planned targets are assigned only once it is approved."""

    __tablename__ = "plan_reviews"
    plan_id: Mapped[str] = mapped_column(ForeignKey("campaign_plans.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))  # submitted / approved / rejected
    submitted_by: Mapped[str] = mapped_column(String(36))
    submitted_at: Mapped[datetime]
    note: Mapped[str] = mapped_column(String(2000), default="")
    reviewed_by: Mapped[str | None] = mapped_column(String(36))
    reviewed_at: Mapped[datetime | None]
    comment: Mapped[str] = mapped_column(String(2000), default="")


class ScriptQuiz(Base):
    """Training (考核): the quiz an agent passes before the campaign's queue opens to them.
    One row per version; the newest of a campaign is the one in force."""

    __tablename__ = "script_quizzes"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaigns.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    pass_mark: Mapped[int] = mapped_column(Integer)  # correct answers needed
    questions: Mapped[list[Any]]
    created_by: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime]


class QuizAttempt(Base):
    """One agent's answers to a quiz version, scored (append-only)."""

    __tablename__ = "quiz_attempts"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    quiz_id: Mapped[str] = mapped_column(ForeignKey("script_quizzes.id"), index=True)
    campaign_id: Mapped[str] = mapped_column(String(36))
    agent_id: Mapped[str] = mapped_column(String(36), index=True)
    correct: Mapped[int] = mapped_column(Integer)
    passed: Mapped[bool]
    answers: Mapped[list[Any]]
    created_at: Mapped[datetime]


class Pilot(Base):
    """Pilot calls (试呼): a named share of a plan's targets on chosen agents; the rest waits
    for the decision (go / change / stop)."""

    __tablename__ = "pilots"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    plan_id: Mapped[str] = mapped_column(ForeignKey("campaign_plans.id"), index=True)
    campaign_id: Mapped[str] = mapped_column(String(36))
    name: Mapped[str] = mapped_column(String(200))
    agent_ids: Mapped[list[Any]]
    item_ids: Mapped[list[Any]]
    created_by: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime]
    decision: Mapped[str | None] = mapped_column(String(16))  # go / change / stop
    decided_by: Mapped[str | None] = mapped_column(String(36))
    decided_at: Mapped[datetime | None]
    comment: Mapped[str] = mapped_column(String(2000), default="")


class AccountOwner(Base):
    """A customer who belongs to an account manager (大客户 / SME): left out of outbound
    lists until the manager releases them (`released_at`)."""

    __tablename__ = "account_owners"
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), primary_key=True)
    manager_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    assigned_at: Mapped[datetime]
    assigned_by: Mapped[str | None] = mapped_column(String(36))
    released_at: Mapped[datetime | None]
    released_by: Mapped[str | None] = mapped_column(String(36))
    note: Mapped[str] = mapped_column(String(2000), default="")


class TeamTarget(Base):
    """A team's daily volume caps (items `assign` hands out per agent and per team a day)
    and its call targets per day and week, which the lead's monitor shows against the
    actual calls. None: no cap / no target."""

    __tablename__ = "team_targets"
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id"), primary_key=True)
    agent_daily_cap: Mapped[int | None] = mapped_column(Integer)
    team_daily_cap: Mapped[int | None] = mapped_column(Integer)
    day_target: Mapped[int | None] = mapped_column(Integer)
    week_target: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime]
    updated_by: Mapped[str | None] = mapped_column(String(36))


class ChurnTask(Base):
    """A cause analysis (原因分析, issue 22): a churn warning (cause "spend" or "fee") on
    an owned or big customer, for their account manager (None: no manager, admins see
    it). One open task per customer and cause; closed once, with the manager's finding.
    Created by migration 0018."""

    __tablename__ = "churn_tasks"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    cause: Mapped[str] = mapped_column(String(8))
    manager_id: Mapped[str | None] = mapped_column(String(36), index=True)
    status: Mapped[str] = mapped_column(String(8), default="open")
    opened_at: Mapped[datetime]
    due_at: Mapped[datetime]
    detail: Mapped[dict[str, Any]]
    finding: Mapped[str] = mapped_column(String(4000), default="")
    closed_at: Mapped[datetime | None]
    closed_by: Mapped[str | None] = mapped_column(String(36))
