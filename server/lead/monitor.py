"""The team lead's live monitor: one answer with every figure the lead's screen shows.

Every query is bounded by the lead's agents and by today or by the roll-ups
(server.lead.stats), never by the size of call_outcomes: with a million outcomes the
answer costs the same as with a thousand (`make bench` prints it).
"""

from __future__ import annotations

import os
import time as clock
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from server import auth
from server import models as m
from server.aftersale import figures
from server.db import utcnow
from server.errors import ApiError
from server.lead.models import OutcomeConflict, QueueHold, StatsAgentHour, StatsCampaign, UserSeen
from server.planning.models import TeamTarget
from server.presence import is_online
from wire.lead import (
    AgentRow,
    Alert,
    AlertKind,
    CampaignRow,
    HourRow,
    LiveState,
    Monitor,
    Rate,
    TeamOut,
)
from wire.schema import Disposition, QueueStatus, Role

IDLE_ALERT_MINUTES = 10
LOW_CONVERSION_SHARE = 0.5  # an agent below half the team's conversion...
LOW_CONVERSION_MIN_REACHED = 10  # ...with at least this many reached calls today
DNC_RISE_FACTOR = 2.0  # today's flags above twice the daily mean of the last 7 days...
DNC_RISE_MIN = 3  # ...and at least this many


def centre_tz() -> ZoneInfo:
    return ZoneInfo(os.environ.get("CALLSHEET_CENTRE_TZ", "Asia/Shanghai"))


def day_start(now: datetime) -> datetime:
    """The centre's midnight before `now`, as UTC."""
    local = now.astimezone(centre_tz())
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)


def led_teams(s: Session, lead: m.User, team_id: str | None = None) -> list[m.Team]:
    """The teams this user may watch: a lead their own, an admin all; others none (403)."""
    role = Role(lead.role)
    if role not in (Role.TEAM_LEAD, Role.ADMIN):
        raise ApiError(403, "forbidden", "Only team leads see the team monitor.")
    q = select(m.Team).order_by(m.Team.name)
    if role is Role.TEAM_LEAD:
        q = q.where(m.Team.lead_user_id == lead.id)
    teams = list(s.scalars(q))
    if team_id is not None:
        teams = [t for t in teams if t.id == team_id]
        if not teams:
            raise ApiError(403, "forbidden", "You do not lead this team.")
    return teams


def team_agents(s: Session, teams: list[m.Team]) -> list[m.User]:
    if not teams:
        return []
    return list(s.scalars(
        select(m.User).where(m.User.team_id.in_([t.id for t in teams]),
                             m.User.role == Role.AGENT.value, m.User.active.is_(True))
        .order_by(m.User.display_name)))


def build(s: Session, lead: m.User, *, team_id: str | None = None,
          idle_minutes: int = IDLE_ALERT_MINUTES, now: datetime | None = None) -> Monitor:
    started = clock.perf_counter()
    now = now or utcnow()
    start = day_start(now)
    teams = led_teams(s, lead, team_id)
    agents = team_agents(s, teams)
    ids = [a.id for a in agents]
    team_name = {t.id: t.name for t in teams}
    rows = {a.id: AgentRow(agent_id=a.id, name=a.display_name,
                           team=team_name.get(a.team_id or "", ""), state=LiveState.OFFLINE)
            for a in agents}
    tz = centre_tz()
    hours = {h: HourRow(hour=h) for h in range(24)}
    mix: dict[Disposition, int] = defaultdict(int)
    if ids:
        _today(s, ids, start, rows, hours, mix, tz)
        _presence(s, ids, start, now, rows)
        _queue_left(s, ids, rows)
        _dnc_today(s, ids, start, rows)
        _verified_today(s, ids, start, rows, hours, mix, tz)
    campaigns = _campaigns(s, ids, now) if ids else []
    alerts = _alerts(s, ids, start, now, rows, idle_minutes) if ids else []
    first_hour = min((h for h, r in hours.items() if r.calls), default=8)
    last_hour = max((h for h, r in hours.items() if r.calls), default=now.astimezone(tz).hour)
    shown = [hours[h] for h in range(min(first_hour, 8), max(last_hour, 8) + 1)]
    return Monitor(
        server_time=now, day_start=start,
        teams=_teams(s, teams, agents, rows, start),
        agents=list(rows.values()), campaigns=campaigns, hours=shown,
        outcome_mix=dict(mix), alerts=alerts,
        sales_awaiting=sum(r.sales_awaiting for r in rows.values()),
        sales_reversed=sum(r.sales_reversed for r in rows.values()),
        query_ms=round((clock.perf_counter() - started) * 1000, 1),
    )


def _teams(s: Session, teams: list[m.Team], agents: list[m.User],
           rows: dict[str, AgentRow], start: datetime) -> list[TeamOut]:
    """Each team with today's and this week's calls against its targets and caps."""
    out = {t.id: TeamOut(id=t.id, name=t.name) for t in teams}
    team_of = {a.id: a.team_id or "" for a in agents}
    for agent_id, r in rows.items():
        if team_of.get(agent_id) in out:
            out[team_of[agent_id]].calls_today += r.calls
    if not out:
        return []
    week = start - timedelta(days=start.astimezone(centre_tz()).weekday())
    if agents:
        st = StatsAgentHour
        for agent_id, calls in s.execute(
                select(st.agent_id, func.sum(st.calls))
                .where(st.hour >= week, st.agent_id.in_(list(team_of)))
                .group_by(st.agent_id)):
            if team_of.get(agent_id) in out:
                out[team_of[agent_id]].calls_week += int(calls or 0)
    for tt in s.scalars(select(TeamTarget).where(TeamTarget.team_id.in_(list(out)))):
        t = out[tt.team_id]
        t.day_target, t.week_target = tt.day_target, tt.week_target
        t.agent_daily_cap, t.team_daily_cap = tt.agent_daily_cap, tt.team_daily_cap
    return list(out.values())


def _pairs(result: Any) -> dict[Any, Any]:
    """{first column: second column} of a two-column result."""
    return {row[0]: row[1] for row in result}


def _today(s: Session, ids: list[str], start: datetime, rows: dict[str, AgentRow],
           hours: dict[int, HourRow], mix: dict[Disposition, int], tz: ZoneInfo) -> None:
    st = StatsAgentHour
    q = (select(st.hour, st.agent_id, st.disposition, func.sum(st.calls),
                func.sum(st.talk_seconds))
         .where(st.hour >= start, st.agent_id.in_(ids))
         .group_by(st.hour, st.agent_id, st.disposition))
    for hour, agent_id, disp_value, calls, talk in s.execute(q):
        disp = Disposition(disp_value)
        calls, talk = int(calls or 0), int(talk or 0)
        r = rows[agent_id]
        r.calls += calls
        r.talk_seconds += talk
        h = hours[hour.astimezone(tz).hour]
        h.calls += calls
        mix[disp] += calls
        if disp.reached:
            r.reached += calls


def _presence(s: Session, ids: list[str], start: datetime, now: datetime,
              rows: dict[str, AgentRow]) -> None:
    a = m.AgentState
    latest = (select(a.agent_id, func.max(a.at).label("at"))
              .where(a.agent_id.in_(ids)).group_by(a.agent_id).subquery())
    states: dict[str, tuple[str, str | None, datetime | None]] = {}
    for row in s.execute(
            select(a.agent_id, a.state, a.reason, a.at)
            .join(latest, (latest.c.agent_id == a.agent_id) & (latest.c.at == a.at))):
        states[row[0]] = (row[1], row[2], row[3])
    last_call: dict[str, datetime] = _pairs(s.execute(
        select(m.CallOutcome.agent_id, func.max(m.CallOutcome.created_at))
        .where(m.CallOutcome.agent_id.in_(ids), m.CallOutcome.created_at >= start)
        .group_by(m.CallOutcome.agent_id)))
    seen: dict[str, datetime] = _pairs(s.execute(select(UserSeen.user_id, UserSeen.last_seen_at)
                          .where(UserSeen.user_id.in_(ids))))
    holds = set(s.scalars(select(QueueHold.agent_id)
                          .where(QueueHold.agent_id.in_(ids), QueueHold.paused.is_(True))))
    for agent_id, r in rows.items():
        r.last_sync_at = seen.get(agent_id)
        if r.last_sync_at is not None:
            r.contact_age_seconds = round(max((now - r.last_sync_at).total_seconds(), 0.0), 1)
        r.queue_paused = agent_id in holds
        state, reason, at = states.get(agent_id, ("available", None, None))
        if state == "offline":  # the desktop said goodbye
            r.state, r.state_since = LiveState.OFFLINE, at
        elif not is_online(r.last_sync_at, now):  # ... or stopped talking to the server
            r.state, r.state_since = LiveState.OFFLINE, r.last_sync_at
        elif state == "paused":
            r.state, r.state_reason, r.state_since = LiveState.PAUSED, reason, at
        elif state in ("on_call", "wrap_up"):
            r.state, r.state_since = LiveState(state), at
        else:  # idle since the later of "became available" and "last call recorded"
            r.state = LiveState.IDLE
            r.state_since = max((t for t in (at, last_call.get(agent_id)) if t is not None),
                                default=None)


def _queue_left(s: Session, ids: list[str], rows: dict[str, AgentRow]) -> None:
    q = m.QueueItem
    for agent_id, n in s.execute(
            select(q.agent_id, func.count()).where(
                q.agent_id.in_(ids), q.status != QueueStatus.CLOSED.value)
            .group_by(q.agent_id)):
        rows[agent_id].queue_left = int(n)


def _dnc_today(s: Session, ids: list[str], start: datetime, rows: dict[str, AgentRow]) -> None:
    d = m.DncEntry
    for agent_id, n in s.execute(
            select(d.created_by, func.count())
            .where(d.created_at >= start, d.created_by.in_(ids)).group_by(d.created_by)):
        if agent_id is not None:
            rows[agent_id].dnc_today = int(n)


def _verified_today(s: Session, ids: list[str], start: datetime, rows: dict[str, AgentRow],
                    hours: dict[int, HourRow], mix: dict[Disposition, int],
                    tz: ZoneInfo) -> None:
    """An agent's sales are the confirmed ones (issue 21): the rest await verification or
    were reversed by it (server/aftersale/figures.py). The hourly chart counts the same
    (by the hour of the sale), and the outcome mix's "accepted" calls are the sales that
    stand: awaiting and reversed ones are the monitor's own two figures (the mix still
    adds up to the calls)."""
    by_seller, _ = figures.sales_by(s, ids, start)
    for r in rows.values():
        sales = by_seller.get(r.agent_id, figures.Sales())
        r.successes, r.sales_awaiting = sales.confirmed, sales.awaiting
        r.sales_reversed = sales.reversed
    for hour, sales in figures.sales_by_hour(s, ids, start).items():
        h = hours[hour.astimezone(tz).hour]
        h.successes += sales.confirmed
        h.sales_awaiting += sales.awaiting
    if Disposition.ACCEPTED in mix:
        held = sum(r.sales_awaiting + r.sales_reversed for r in rows.values())
        mix[Disposition.ACCEPTED] = max(0, mix[Disposition.ACCEPTED] - held)


def _campaigns(s: Session, ids: list[str], now: datetime) -> list[CampaignRow]:
    sc = StatsCampaign
    by: dict[str, CampaignRow] = {}
    camps = {c.id: c for c in s.scalars(select(m.Campaign))}
    offers: dict[str, str] = _pairs(s.execute(select(m.Offer.id, m.Offer.code)))

    def row(cid: str) -> CampaignRow:
        if cid not in by:
            c = camps[cid]
            by[cid] = CampaignRow(campaign_id=c.id, code=c.code, name=c.name, name_zh=c.name_zh)
        return by[cid]

    q = m.QueueItem
    worked = case((q.attempts > 0, 1), (q.status == QueueStatus.CLOSED.value, 1), else_=0)
    for cid, total, done in s.execute(
            select(q.campaign_id, func.count(), func.sum(worked))
            .where(q.agent_id.in_(ids)).group_by(q.campaign_id)):
        r = row(cid)
        r.total, r.worked = int(total), int(done or 0)
    for cid, tier, offer_id, disp_value, calls in s.execute(
            select(sc.campaign_id, sc.value_tier, sc.offer_id, sc.disposition, func.sum(sc.calls))
            .where(sc.agent_id.in_(ids))
            .group_by(sc.campaign_id, sc.value_tier, sc.offer_id, sc.disposition)):
        if cid not in camps:
            continue
        r = row(cid)
        disp, n = Disposition(disp_value), int(calls or 0)
        r.calls += n
        r.outcome_mix[disp] = r.outcome_mix.get(disp, 0) + n
        if not disp.reached:
            continue
        r.reached += n
        sale = n if disp is Disposition.ACCEPTED else 0
        r.successes += sale
        t = r.by_tier.setdefault(tier or "?", Rate())
        t.d += n
        t.n += sale
        if offer_id:
            o = r.by_offer.setdefault(offers.get(offer_id, offer_id), Rate())
            o.d += n
            o.n += sale
    _verified_campaigns(s, ids, now, by, offers)
    return sorted(by.values(), key=lambda r: r.code)


def _verified_campaigns(s: Session, ids: list[str], now: datetime,
                        by: dict[str, CampaignRow], offers: dict[str, str]) -> None:
    """Sales count once confirmed (issue 21): the campaign's, by tier and by offer; and
    the trial offers' renewals and packs kept."""
    sales, trials, confirmed = figures.campaign_totals(
        s, ids, now.astimezone(centre_tz()).date())
    for r in by.values():
        r.successes = 0
        for rate in (*r.by_tier.values(), *r.by_offer.values()):
            rate.n = 0
    for (cid, offer_id, tier), n in confirmed.items():
        found = by.get(cid)
        if found is None:
            continue
        found.successes += n
        found.by_tier.setdefault(tier, Rate()).n += n
        found.by_offer.setdefault(offers.get(offer_id, offer_id), Rate()).n += n
    for cid, row in by.items():
        got, t = sales.get(cid, figures.Sales()), trials.get(cid, figures.Trials())
        row.sales_awaiting, row.sales_reversed = got.awaiting, got.reversed
        if Disposition.ACCEPTED in row.outcome_mix:  # the sales that stand (see _verified_today)
            row.outcome_mix[Disposition.ACCEPTED] = max(
                0, row.outcome_mix[Disposition.ACCEPTED] - got.awaiting - got.reversed)
        row.trials_ended, row.trials_kept, row.packs_kept = t.ended, t.kept, t.packs_kept
        row.cancelled_within_trial, row.cancelled_after_trial = (t.cancelled_within,
                                                                 t.cancelled_after)


def _alerts(s: Session, ids: list[str], start: datetime, now: datetime,
            rows: dict[str, AgentRow], idle_minutes: int) -> list[Alert]:
    alerts: list[Alert] = []
    for r in rows.values():
        if r.state is LiveState.IDLE and r.state_since is not None:
            idle = (now - r.state_since).total_seconds() / 60
            if idle >= idle_minutes:
                alerts.append(Alert(kind=AlertKind.IDLE, agent_id=r.agent_id,
                                    agent_name=r.name, since=r.state_since,
                                    value=round(idle, 1), reference=idle_minutes))
    reached = sum(r.reached for r in rows.values())
    team_conv = sum(r.successes for r in rows.values()) / reached if reached else None
    if team_conv:
        for r in rows.values():
            conv = r.conversion
            if (r.reached >= LOW_CONVERSION_MIN_REACHED and conv is not None
                    and conv < team_conv * LOW_CONVERSION_SHARE):
                alerts.append(Alert(kind=AlertKind.LOW_CONVERSION, agent_id=r.agent_id,
                                    agent_name=r.name, value=round(conv, 4),
                                    reference=round(team_conv, 4)))
    d = m.DncEntry
    before = s.execute(select(func.count()).where(
        d.created_by.in_(ids), d.created_at >= start - timedelta(days=7),
        d.created_at < start)).scalar_one()
    usual = before / 7
    today = sum(r.dnc_today for r in rows.values())
    if today >= DNC_RISE_MIN and today > usual * DNC_RISE_FACTOR:
        alerts.append(Alert(kind=AlertKind.DNC_RISE, value=today, reference=round(usual, 2)))
    names = {r.agent_id: r.name for r in rows.values()}
    for den in figures.denials(s, ids, now):  # a denial rate is a fraud signal (issue 21)
        alerts.append(Alert(kind=AlertKind.DENIALS, agent_id=den.seller_id,
                            agent_name=names.get(den.seller_id, ""), value=den.denied,
                            reference=den.verified))
    for c in s.scalars(select(OutcomeConflict).where(
            OutcomeConflict.at >= start, OutcomeConflict.agent_id.in_(ids))
            .order_by(OutcomeConflict.at)):
        alerts.append(Alert(kind=AlertKind.CONFLICT, agent_id=c.agent_id,
                            agent_name=names.get(c.agent_id, ""), since=c.at,
                            detail=names.get(c.other_agent_id, c.other_agent_id)))
    # Complaint follow-ups whose customer is still unhappy: escalate (the hourly roll-up,
    # not call_outcomes, is read)
    h = StatsAgentHour
    for agent_id, n in s.execute(
            select(h.agent_id, func.sum(h.calls))
            .where(h.disposition == Disposition.STILL_UNHAPPY.value,
                   h.hour >= start.replace(minute=0, second=0, microsecond=0),
                   h.agent_id.in_(ids))
            .group_by(h.agent_id).order_by(h.agent_id)):
        if n:
            alerts.append(Alert(kind=AlertKind.ESCALATION, agent_id=agent_id,
                                agent_name=names.get(agent_id, ""), value=int(n)))
    return alerts


def led_agent_set(s: Session, user: m.User) -> set[str]:
    """Agents the user may act on: a lead their teams', an admin everyone's."""
    if Role(user.role) is Role.ADMIN:
        return set(s.scalars(select(m.User.id).where(m.User.role == Role.AGENT.value)))
    if Role(user.role) is Role.TEAM_LEAD:
        return set(auth.led_agent_ids(s, user))
    raise ApiError(403, "forbidden", "Only team leads act on queues.")
