"""The lead's daily summary: per agent and per campaign, over one or more of the centre's
days, the calls, reached calls, sales, conversion, average talk and do-not-call flags, and
each agent's pause time by reason.

Read from call_outcomes (bounded by the lead's agents and the days asked, both indexed)
and agent_states; the days are the centre's (CALLSHEET_CENTRE_TZ), like the monitor's
"today". A pause runs until the agent's next state change, cut at the range's ends and at
now; a desktop that went quiet ends its state at its last contact (offline rule).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server import models as m
from server.aftersale import figures
from server.db import utcnow
from server.errors import ApiError
from server.lead.models import UserSeen
from server.lead.monitor import centre_tz, led_teams, team_agents
from server.presence import offline_after_seconds
from server.surveys.models import SurveyAnswer
from wire.lead import SUMMARY_MAX_DAYS, DailySummary, SummaryAgent, SummaryCampaign
from wire.schema import PAUSE_REASONS, Disposition


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=centre_tz()).astimezone(UTC)


def build(s: Session, lead: m.User, start: date, end: date, *,
          team_id: str | None = None, now: datetime | None = None) -> DailySummary:
    if end < start:
        raise ApiError(422, "bad_range", "The last day is before the first day.")
    if (end - start).days + 1 > SUMMARY_MAX_DAYS:
        raise ApiError(422, "bad_range",
                       f"A summary covers at most {SUMMARY_MAX_DAYS} days.")
    now = now or utcnow()
    teams = led_teams(s, lead, team_id)
    team_name = {t.id: t.name for t in teams}
    agents = team_agents(s, teams)
    ids = [a.id for a in agents]
    lo, hi = _midnight(start), _midnight(end + timedelta(days=1))
    rows = {a.id: SummaryAgent(agent_id=a.id, name=a.display_name,
                               team=team_name.get(a.team_id or "", "")) for a in agents}
    camps: dict[str, SummaryCampaign] = {}
    if ids:
        o = m.CallOutcome
        q = (select(o.agent_id, o.campaign_id, o.disposition, func.count(),
                    func.sum(o.talk_seconds))
             .where(o.agent_id.in_(ids), o.created_at >= lo, o.created_at < hi)
             .group_by(o.agent_id, o.campaign_id, o.disposition))
        found = list(s.execute(q))
        info = {c.id: c for c in s.scalars(select(m.Campaign).where(
            m.Campaign.id.in_({r[1] for r in found})))} if found else {}
        for agent_id, campaign_id, disp_value, n, talk in found:
            c = info.get(campaign_id)
            if campaign_id not in camps and c is not None:
                camps[campaign_id] = SummaryCampaign(campaign_id=c.id, code=c.code,
                                                     name=c.name, name_zh=c.name_zh)
            for target in (rows[agent_id], camps.get(campaign_id)):
                if target is None:
                    continue
                _add(target, Disposition(disp_value), int(n), int(talk or 0))
        _pauses(s, ids, lo, min(hi, now), rows)
        _verified_sales(s, ids, lo, hi, now, rows, camps)
        _surveys(s, ids, lo, hi, camps)
    return DailySummary(start=start, end=end, agents=list(rows.values()),
                        campaigns=sorted(camps.values(), key=lambda c: c.code),
                        pause_reasons=list(PAUSE_REASONS))


def _surveys(s: Session, ids: list[str], lo: datetime, hi: datetime,
             camps: dict[str, SummaryCampaign]) -> None:
    """Each campaign's survey calls and mean score over the days, of these agents."""
    if not camps:
        return
    a = SurveyAnswer
    q = (select(a.campaign_id, func.count(func.distinct(a.outcome_id)), func.avg(a.score))
         .where(a.campaign_id.in_(list(camps)), a.agent_id.in_(ids), a.created_at >= lo,
                a.created_at < hi)
         .group_by(a.campaign_id))
    for campaign_id, calls, mean in s.execute(q):
        camps[campaign_id].survey_calls = int(calls)
        camps[campaign_id].satisfaction_mean = round(float(mean), 2) \
            if mean is not None else None


def _add(target: SummaryAgent | SummaryCampaign, disp: Disposition, n: int,
         talk: int) -> None:
    target.calls += n
    if disp.reached:
        target.reached += n
        target.talk_seconds += talk
    # sales: confirmed ones only, from the orders (_verified_sales), not the calls
    if disp is Disposition.DO_NOT_CALL:
        target.dnc_flags += n


def _verified_sales(s: Session, ids: list[str], lo: datetime, hi: datetime, now: datetime,
                    rows: dict[str, SummaryAgent], camps: dict[str, SummaryCampaign]) -> None:
    """Sales as verification left them (issue 21; server/aftersale/figures.py), and each
    campaign's trial renewals and packs kept as of the summary's last day."""
    by_seller, by_campaign = figures.sales_by(s, ids, lo, hi)
    targets: list[tuple[SummaryAgent | SummaryCampaign, figures.Sales]] = [
        (rows[k], v) for k, v in by_seller.items() if k in rows]
    targets += [(camps[k], v) for k, v in by_campaign.items() if k in camps]
    for target, sales in targets:
        target.sales = sales.confirmed
        target.sales_awaiting = sales.awaiting
        target.sales_reversed = sales.reversed
    _, trials, _ = figures.campaign_totals(s, ids, min(hi, now).date())
    for cid, t in trials.items():
        if cid in camps:
            camps[cid].trials_ended, camps[cid].trials_kept = t.ended, t.kept
            camps[cid].packs_kept = t.packs_kept


def _pauses(s: Session, ids: list[str], lo: datetime, hi: datetime,
            rows: dict[str, SummaryAgent]) -> None:
    """Seconds paused per reason between lo and hi, per agent."""
    if hi <= lo:
        return
    a = m.AgentState
    changes: dict[str, list[tuple[datetime, str, str | None]]] = defaultdict(list)
    before = (select(a.agent_id.label("aid"), func.max(a.at).label("last"))
              .where(a.agent_id.in_(ids), a.at < lo).group_by(a.agent_id).subquery())
    for agent_id, state, reason in s.execute(
            select(a.agent_id, a.state, a.reason)
            .join(before, (before.c.aid == a.agent_id) & (before.c.last == a.at))):
        changes[agent_id].append((lo, state, reason))  # the state the range opens in
    for agent_id, state, reason, at in s.execute(
            select(a.agent_id, a.state, a.reason, a.at)
            .where(a.agent_id.in_(ids), a.at >= lo, a.at < hi).order_by(a.at)):
        changes[agent_id].append((_utc(at), state, reason))
    seen = {u: _utc(t) for u, t in s.execute(
        select(UserSeen.user_id, UserSeen.last_seen_at).where(UserSeen.user_id.in_(ids)))}
    quiet = timedelta(seconds=offline_after_seconds())
    for agent_id, steps in changes.items():
        steps.sort(key=lambda c: c[0])
        for (at, state, reason), nxt in zip(steps, [*steps[1:], None], strict=True):
            if state != "paused" or reason is None:
                continue
            until = nxt[0] if nxt is not None else hi
            last = seen.get(agent_id)
            if nxt is None and last is not None and last + quiet < until:
                until = max(at, last)  # the desktop went quiet: the pause ended there
            secs = int((min(until, hi) - max(at, lo)).total_seconds())
            if secs > 0:
                p = rows[agent_id].pause_seconds
                p[reason] = p.get(reason, 0) + secs


def _utc(t: datetime) -> datetime:
    return t if t.tzinfo else t.replace(tzinfo=UTC)
