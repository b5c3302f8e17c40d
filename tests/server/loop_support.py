"""The campaign loop's approval for tests that plan and assign: a plan is submitted by one
person and approved by another before `assign` takes its targets (server/planning/approval.py)."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server import models as m
from server.auth import hash_password
from server.planning import approval
from server.planning.assign import AssignResult, assign_campaign
from server.planning.models import CampaignTarget, PlanReview
from tests.server.conftest import Api
from wire.schema import Role

PLANNER, APPROVER = "test-planner", "test-approver"  # actor ids (no account needed)


def approve_plans(session: Session, campaign_code: str) -> list[str]:
    """Submit and approve (as two people) every plan of the campaign with planned targets."""
    camp = session.scalars(select(m.Campaign).where(m.Campaign.code == campaign_code)).one()
    plan_ids = sorted(set(session.scalars(select(CampaignTarget.plan_id).where(
        CampaignTarget.campaign_id == camp.id, CampaignTarget.status == "planned"))))
    for plan_id in plan_ids:
        rv = session.get(PlanReview, plan_id)
        if rv is not None and rv.status == "approved":
            continue
        approval.submit(session, plan_id, actor_id=PLANNER)
        approval.review(session, plan_id, actor_id=APPROVER, decision="approve", comment="")
    return plan_ids


def assign_approved(session: Session, campaign_code: str, team: str,
                    **kw: Any) -> AssignResult:
    """`assign` after the campaign's pending plans were approved."""
    approve_plans(session, campaign_code)
    return assign_campaign(session, campaign_code, team, **kw)


def second_admin(api: Api) -> str:
    """Add an admin account to the API's database and its credentials; its username."""
    password = secrets.token_urlsafe(10)
    username = f"admin2-{secrets.token_hex(3)}"
    with api.client.app.state.writes() as s:  # type: ignore[attr-defined]
        s.add(m.User(id=m.new_id(), username=username, display_name="Second admin",
                     role=Role.ADMIN.value, team_id=None,
                     password_hash=hash_password(password), active=True,
                     created_at=datetime.now(UTC)))
        s.commit()
    api.accounts.append({"username": username, "password": password, "role": "admin"})
    return username
