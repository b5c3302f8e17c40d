"""A team's daily volume caps and day / week call targets (issue 22). `assign` hands an
agent at most `agent_daily_cap` new items a day and the team at most `team_daily_cap`
(counted from the queue assignments since the centre's midnight, server/lead/monitor.py
`day_start`); targets beyond a cap stay planned for the next day. The lead's monitor shows
the calls of today and of this week (from Monday) against `day_target` and `week_target`."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server import audit
from server import models as m
from server.db import utcnow
from server.errors import ApiError
from server.lead.monitor import centre_tz, day_start
from server.planning.models import TeamTarget
from wire import campaign_loop as w


def team_of(session: Session, team: str) -> m.Team:
    t = session.scalars(select(m.Team).where((m.Team.name == team) | (m.Team.id == team))
                        ).first()
    if t is None:
        raise ApiError(404, "not_found", f"No team {team!r}.")
    return t


def get(session: Session, team_id: str) -> w.TeamTargets:
    row = session.get(TeamTarget, team_id)
    if row is None:
        return w.TeamTargets()
    return w.TeamTargets(agent_daily_cap=row.agent_daily_cap,
                         team_daily_cap=row.team_daily_cap, day_target=row.day_target,
                         week_target=row.week_target)


def put(session: Session, team: str, body: w.TeamTargets, *, actor_id: str) -> w.TeamTargets:
    t = team_of(session, team)
    row = session.get(TeamTarget, t.id)
    if row is None:
        row = TeamTarget(team_id=t.id, updated_at=utcnow())
        session.add(row)
    row.agent_daily_cap, row.team_daily_cap = body.agent_daily_cap, body.team_daily_cap
    row.day_target, row.week_target = body.day_target, body.week_target
    row.updated_at, row.updated_by = utcnow(), actor_id
    audit.record(session, actor_id=actor_id, action="team.targets", entity="team",
                 entity_id=t.id, **body.model_dump())
    session.flush()
    return get(session, t.id)


def week_start(now: datetime) -> datetime:
    """Monday 00:00 of the centre's week, as UTC."""
    start = day_start(now)
    return start - timedelta(days=start.astimezone(centre_tz()).weekday())


class Budget:
    """What `assign` may still hand out today: per agent and for the team."""

    def __init__(self, session: Session, team_id: str, agent_ids: list[str],
                 now: datetime | None = None) -> None:
        limits = get(session, team_id)
        self.agent_cap, self.team_cap = limits.agent_daily_cap, limits.team_daily_cap
        since = day_start(now or utcnow())
        self.used: dict[str, int] = dict.fromkeys(agent_ids, 0)
        if self.agent_cap is not None or self.team_cap is not None:
            for agent_id, n in session.execute(
                    select(m.QueueAssignment.agent_id, func.count())
                    .where(m.QueueAssignment.agent_id.in_(agent_ids),
                           m.QueueAssignment.assigned_at >= since)
                    .group_by(m.QueueAssignment.agent_id)):
                self.used[agent_id] = int(n)

    def team_full(self) -> bool:
        return self.team_cap is not None and sum(self.used.values()) >= self.team_cap

    def agent_full(self, agent_id: str) -> bool:
        return self.agent_cap is not None and self.used[agent_id] >= self.agent_cap

    def take(self, agent_id: str) -> None:
        self.used[agent_id] += 1
