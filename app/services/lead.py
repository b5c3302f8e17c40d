"""The team lead's workspace service: the live monitor and the queue actions.

Online by nature (a lead watches what is happening now), so it talks to the server
directly through ApiClient; nothing is kept locally. Every call may raise the client's
CallsheetError family (ServerUnreachable, Forbidden...), which the UI turns into words.
"""

from __future__ import annotations

from datetime import date

from app.api_client import ApiClient
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
from wire.surveys import SurveyFigures

BASE = "/api/v1/lead"


class LeadService:
    def __init__(self, client: ApiClient) -> None:
        self._client = client

    def monitor(self, *, team_id: str | None = None, idle_minutes: int = 10) -> Monitor:
        return self._client.get_model(f"{BASE}/monitor", Monitor, team_id=team_id,
                                      idle_minutes=idle_minutes)

    def team_queue(self, *, agent_id: str | None = None,
                   campaign_id: str | None = None) -> TeamQueue:
        return self._client.get_model(f"{BASE}/queue", TeamQueue, agent_id=agent_id,
                                      campaign_id=campaign_id)

    def reassign(self, item_ids: list[str], agent_id: str) -> ActionDone:
        return self._client.post_model(f"{BASE}/reassign",
                                       ReassignRequest(item_ids=item_ids, agent_id=agent_id),
                                       ActionDone)

    def rebalance(self, campaign_id: str, agent_ids: list[str]) -> ActionDone:
        return self._client.post_model(
            f"{BASE}/rebalance", RebalanceRequest(campaign_id=campaign_id, agent_ids=agent_ids),
            ActionDone)

    def rebalance_preview(self, campaign_id: str, agent_ids: list[str]) -> RebalancePreview:
        return self._client.post_model(
            f"{BASE}/rebalance/preview",
            RebalanceRequest(campaign_id=campaign_id, agent_ids=agent_ids), RebalancePreview)

    def summary(self, start: date, end: date, team_id: str | None = None) -> DailySummary:
        return self._client.get_model(f"{BASE}/summary", DailySummary,
                                      start=start.isoformat(), end=end.isoformat(),
                                      team_id=team_id)

    def set_priority(self, item_ids: list[str], priority: int) -> ActionDone:
        return self._client.post_model(
            f"{BASE}/priority", PriorityRequest(item_ids=item_ids, priority=priority), ActionDone)

    def pause_queue(self, agent_id: str, paused: bool, reason: str = "") -> ActionDone:
        return self._client.post_model(
            f"{BASE}/queue-pause",
            QueuePauseRequest(agent_id=agent_id, paused=paused, reason=reason), ActionDone)

    def survey(self, campaign_id: str, by: str = "campaign") -> SurveyFigures:
        """A survey campaign's answers rolled up per campaign, region or agent."""
        return self._client.get_model(f"{BASE}/surveys", SurveyFigures,
                                      campaign_id=campaign_id, by=by)
