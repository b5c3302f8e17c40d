"""HTTP routes of the team lead's workspace (wire/lead.py documents them).

Team leads see and act on their own teams only, admins on every team; agents and quality
checkers get 403.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from server.deps import CurrentUser, ReadSession, Writes
from server.lead import actions, monitor, summary
from wire.lead import (
    ActionDone,
    DailySummary,
    Monitor,
    PriorityRequest,
    QueuePauseRequest,
    ReassignRequest,
    RebalancePreview,
    RebalanceRequest,
    TeamQueue,
)

router = APIRouter(prefix="/api/v1/lead", tags=["team lead"])


@router.get("/monitor")
def get_monitor(
    user: CurrentUser,
    s: ReadSession,
    team_id: str | None = None,
    idle_minutes: Annotated[int, Query(ge=1, le=240)] = monitor.IDLE_ALERT_MINUTES,
) -> Monitor:
    return monitor.build(s, user, team_id=team_id, idle_minutes=idle_minutes)


@router.get("/summary")
def get_summary(
    user: CurrentUser,
    s: ReadSession,
    start: date,
    end: date,
    team_id: str | None = None,
) -> DailySummary:
    """Per agent and per campaign over the centre's days start..end (team lead, admin)."""
    return summary.build(s, user, start, end, team_id=team_id)


@router.get("/queue")
def get_queue(
    user: CurrentUser,
    s: ReadSession,
    agent_id: str | None = None,
    campaign_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 2000,
) -> TeamQueue:
    return actions.team_queue(s, user, agent_id=agent_id, campaign_id=campaign_id, limit=limit)


@router.post("/reassign")
def post_reassign(body: ReassignRequest, user: CurrentUser, writes: Writes) -> ActionDone:
    with writes() as s:
        return actions.reassign(s, user, body.item_ids, body.agent_id)


@router.post("/rebalance")
def post_rebalance(body: RebalanceRequest, user: CurrentUser, writes: Writes) -> ActionDone:
    with writes() as s:
        return actions.rebalance(s, user, body.campaign_id, body.agent_ids)


@router.post("/rebalance/preview")
def post_rebalance_preview(body: RebalanceRequest, user: CurrentUser, s: ReadSession
                           ) -> RebalancePreview:
    """What /rebalance would move, from whom to whom (team lead, admin); changes nothing."""
    return actions.rebalance_preview(s, user, body.campaign_id, body.agent_ids)


@router.post("/priority")
def post_priority(body: PriorityRequest, user: CurrentUser, writes: Writes) -> ActionDone:
    with writes() as s:
        return actions.set_priority(s, user, body.item_ids, body.priority)


@router.post("/queue-pause")
def post_queue_pause(body: QueuePauseRequest, user: CurrentUser, writes: Writes) -> ActionDone:
    with writes() as s:
        return actions.pause_queue(s, user, body.agent_id, body.paused, body.reason)
