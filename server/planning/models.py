"""Tables of campaign planning. Created by migration 0003.

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
    plan_id: Mapped[str] = mapped_column(ForeignKey("campaign_plans.id"), index=True)
    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaigns.id"))
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
