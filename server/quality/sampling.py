"""Daily samples per agent, stratified; claims that are limited and expire.

Scope of a checker: the teams listed for them in qa_checkers (set by an admin); a checker
with no row or an empty list covers every team (the demo's qa1). An admin sees all.

Each day (the company's date, Asia/Shanghai) every agent with calls gets `per_agent`
samples (default 3): one sale and one do-not-call outcome whenever the agent has any
(these are always represented, even beyond `per_agent`), then other reached calls, then
the rest. Drawing again tops a day up (calls made since are considered) and never
duplicates. New samples are dealt to the checkers covering the agent's team, fewest open
claims first, up to MAX_OPEN_CLAIMS each; the rest wait in the pool. A claim expires after
CLAIM_HOURS: the sample goes back to the pool, so samples do not rot on one desk.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from server import audit
from server import models as m
from server.errors import ApiError
from server.quality.models import QaChecker, QaClaim, QaRecording, QaSample, QaScore
from server.recordings.models import CallRecording
from wire.quality import (
    CLAIM_HOURS,
    MAX_OPEN_CLAIMS,
    DrawResult,
    SampleOut,
    mask_e164,
)
from wire.schema import Disposition, Role

COMPANY_TZ = ZoneInfo("Asia/Shanghai")
NOT_REACHED = {d.value for d in Disposition if not d.reached}


def company_day(at: datetime) -> date:
    return at.astimezone(COMPANY_TZ).date()


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), tzinfo=COMPANY_TZ)
    return start, start + timedelta(days=1)


def _called_between(lo: datetime, hi: datetime) -> ColumnElement[bool]:
    o = m.CallOutcome
    return or_(and_(o.call_started_at.is_not(None), o.call_started_at >= lo,
                    o.call_started_at < hi),
               and_(o.call_started_at.is_(None), o.created_at >= lo, o.created_at < hi))


# ------------------------------------------------------------------------ scope


def scope_agent_ids(session: Session, user: m.User) -> set[str] | None:
    """Agents whose calls this user may check; None = every agent."""
    role = Role(user.role)
    if role is Role.ADMIN:
        return None
    if role is Role.QA:
        row = session.get(QaChecker, user.id)
        if row is None or not row.team_ids:
            return None
        return set(session.scalars(select(m.User.id).where(m.User.team_id.in_(row.team_ids))))
    if role is Role.TEAM_LEAD:
        from server.auth import led_agent_ids

        return set(led_agent_ids(session, user))
    return {user.id}


def covers_team(session: Session, user: m.User, team: m.Team) -> bool:
    """Whether the team's figures are in this user's scope (see scope_agent_ids)."""
    role = Role(user.role)
    if role is Role.ADMIN:
        return True
    if role is Role.TEAM_LEAD:
        return team.lead_user_id == user.id
    if role is Role.QA:
        row = session.get(QaChecker, user.id)
        return row is None or not row.team_ids or team.id in row.team_ids
    return False


def in_scope(session: Session, user: m.User, agent_id: str) -> bool:
    scope = scope_agent_ids(session, user)
    return scope is None or agent_id in scope


def may_see_numbers(session: Session, user: m.User) -> bool:
    if user.role == Role.ADMIN.value:
        return True
    row = session.get(QaChecker, user.id)
    return bool(row and row.may_see_numbers)


# ------------------------------------------------------------------------ claims


def expire_claims(session: Session, now: datetime) -> None:
    session.execute(update(QaClaim).where(QaClaim.state == "open", QaClaim.expires_at <= now)
                    .values(state="expired", ended_at=now))


def open_claim_count(session: Session, checker_id: str, now: datetime) -> int:
    return int(session.scalar(select(func.count()).select_from(QaClaim).where(
        QaClaim.checker_id == checker_id, QaClaim.state == "open",
        QaClaim.expires_at > now)) or 0)


def open_claim(session: Session, sample_id: str, checker_id: str, now: datetime
               ) -> QaClaim | None:
    return session.scalars(select(QaClaim).where(
        QaClaim.sample_id == sample_id, QaClaim.checker_id == checker_id,
        QaClaim.state == "open", QaClaim.expires_at > now)).first()


def claim(session: Session, sample: QaSample, checker: m.User, now: datetime,
          *, max_open: int = MAX_OPEN_CLAIMS) -> QaClaim:
    """Take a sample to score. Several checkers may claim the same sample (calibration);
    one checker holds at most `max_open` open claims."""
    held = open_claim(session, sample.id, checker.id, now)
    if held is not None:
        return held
    if session.scalars(select(QaScore.id).where(QaScore.sample_id == sample.id,
                                                QaScore.checker_id == checker.id)).first():
        raise ApiError(409, "already_scored", "You have already scored this call.")
    if open_claim_count(session, checker.id, now) >= max_open:
        raise ApiError(409, "claim_limit",
                       f"You already hold {max_open} open samples; score or release one first.")
    row = QaClaim(sample_id=sample.id, checker_id=checker.id, state="open", claimed_at=now,
                  expires_at=now + timedelta(hours=CLAIM_HOURS))
    session.add(row)
    session.flush()
    audit.record(session, actor_id=checker.id, action="quality.claim", entity="qa_sample",
                 entity_id=sample.id)
    return row


def release(session: Session, sample: QaSample, checker: m.User, now: datetime) -> None:
    held = open_claim(session, sample.id, checker.id, now)
    if held is None:
        raise ApiError(409, "not_claimed", "You do not hold this sample.")
    held.state, held.ended_at = "released", now
    audit.record(session, actor_id=checker.id, action="quality.release", entity="qa_sample",
                 entity_id=sample.id)


# ------------------------------------------------------------------------ draw


def _stratum(disposition: str) -> str:
    if disposition == Disposition.ACCEPTED.value:
        return "sale"
    if disposition == Disposition.DO_NOT_CALL.value:
        return "dnc"
    return "not_reached" if disposition in NOT_REACHED else "reached"


def pick(outcomes: Sequence[tuple[str, str]], already: Iterable[str], per_agent: int,
         rng: random.Random) -> list[tuple[str, str]]:
    """(outcome id, stratum) to add for one agent and day. `outcomes`: (id, disposition)
    not yet sampled; `already`: strata of the agent's existing samples that day."""
    have = list(already)
    by: dict[str, list[str]] = defaultdict(list)
    for oid, disp in sorted(outcomes):
        by[_stratum(disp)].append(oid)
    for ids in by.values():
        rng.shuffle(ids)
    chosen: list[tuple[str, str]] = []
    for must in ("sale", "dnc"):  # always represented
        if by[must] and must not in have:
            chosen.append((by[must].pop(), must))
    room = per_agent - len(have) - len(chosen)
    for stratum in ("reached", "sale", "dnc", "not_reached"):
        while room > 0 and by[stratum]:
            chosen.append((by[stratum].pop(), stratum))
            room -= 1
    return chosen


def checkers_for(session: Session) -> list[tuple[m.User, set[str] | None]]:
    users = session.scalars(select(m.User).where(m.User.role == Role.QA.value,
                                                 m.User.active.is_(True)).order_by(m.User.id))
    return [(u, scope_agent_ids(session, u)) for u in users]


def draw(session: Session, *, day: date, per_agent: int, actor_id: str | None,
         now: datetime, seed: str = "") -> DrawResult:
    expire_claims(session, now)
    lo, hi = day_bounds(day)
    rows = session.execute(
        select(m.CallOutcome.id, m.CallOutcome.agent_id, m.CallOutcome.disposition)
        .outerjoin(QaSample, QaSample.outcome_id == m.CallOutcome.id)
        .where(_called_between(lo, hi), QaSample.id.is_(None))).all()
    fresh: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for oid, agent_id, disp in rows:
        fresh[agent_id].append((oid, disp))
    existing: dict[str, list[str]] = defaultdict(list)
    for agent_id, stratum in session.execute(
            select(QaSample.agent_id, QaSample.stratum).where(QaSample.day == day)):
        existing[agent_id].append(stratum)
    new: list[QaSample] = []
    for agent_id in sorted(fresh):
        rng = random.Random(f"{seed}{day.isoformat()}:{agent_id}")
        for oid, stratum in pick(fresh[agent_id], existing[agent_id], per_agent, rng):
            s = QaSample(outcome_id=oid, agent_id=agent_id, day=day, stratum=stratum,
                         created_by=actor_id, created_at=now)
            session.add(s)
            new.append(s)
    session.flush()
    assigned = _deal(session, new, now)
    audit.record(session, actor_id=actor_id, action="quality.draw", entity="qa_sample",
                 entity_id=None, day=day.isoformat(), per_agent=per_agent, drawn=len(new),
                 assigned=assigned)
    return DrawResult(day=day, drawn=len(new), assigned=assigned)


def _deal(session: Session, samples: list[QaSample], now: datetime) -> int:
    checkers = checkers_for(session)
    load = {u.id: open_claim_count(session, u.id, now) for u, _ in checkers}
    assigned = 0
    first = {"sale": 0, "dnc": 0}  # compliance-heavy samples are dealt first
    for s in sorted(samples, key=lambda x: first.get(x.stratum, 1)):
        eligible = [u for u, scope in checkers
                    if (scope is None or s.agent_id in scope) and load[u.id] < MAX_OPEN_CLAIMS]
        if not eligible:
            continue
        u = min(eligible, key=lambda c: (load[c.id], c.id))
        session.add(QaClaim(sample_id=s.id, checker_id=u.id, state="open", claimed_at=now,
                            expires_at=now + timedelta(hours=CLAIM_HOURS)))
        load[u.id] += 1
        assigned += 1
    return assigned


# ------------------------------------------------------------------- listing


def sample_for_outcome(session: Session, outcome_id: str, user: m.User,
                       now: datetime) -> QaSample:
    """The sample of a call found by search, created (stratum "search") if it has none.
    The call must be in the user's scope whether or not it is a sample already."""
    o = session.get(m.CallOutcome, outcome_id)
    if o is None or not in_scope(session, user, o.agent_id):
        raise ApiError(404, "not_found", "No such call in your teams.")
    sample = session.scalars(select(QaSample).where(QaSample.outcome_id == outcome_id)).first()
    if sample is not None:
        return sample
    sample = QaSample(outcome_id=o.id, agent_id=o.agent_id,
                      day=company_day(o.call_started_at or o.created_at), stratum="search",
                      created_by=user.id, created_at=now)
    session.add(sample)
    session.flush()
    return sample


def get_sample(session: Session, sample_id: str, user: m.User) -> QaSample:
    sample = session.get(QaSample, sample_id)
    if sample is None or not in_scope(session, user, sample.agent_id):
        raise ApiError(404, "not_found", "No such sample in your teams.")
    return sample


def list_samples(session: Session, user: m.User, *, scope: str, day: date | None,
                 now: datetime) -> list[SampleOut]:
    q = select(QaSample)
    if scope == "mine":
        mine_open = select(QaClaim.sample_id).where(
            QaClaim.checker_id == user.id, QaClaim.state == "open", QaClaim.expires_at > now)
        mine_done = select(QaScore.sample_id).where(
            QaScore.checker_id == user.id, QaScore.submitted_at > now - timedelta(days=2))
        q = q.where(or_(QaSample.id.in_(mine_open), QaSample.id.in_(mine_done)))
    elif scope == "pool":
        taken = select(QaClaim.sample_id).where(QaClaim.state == "open",
                                                QaClaim.expires_at > now)
        scored = select(QaScore.sample_id)
        q = q.where(QaSample.id.not_in(taken), QaSample.id.not_in(scored))
    if day is not None:
        q = q.where(QaSample.day == day)
    agents = scope_agent_ids(session, user)
    if agents is not None:
        q = q.where(QaSample.agent_id.in_(agents or {""}))
    samples = list(session.scalars(q.order_by(QaSample.day.desc(), QaSample.created_at)
                                   .limit(500)))
    return samples_out(session, user, [(s, s.outcome_id) for s in samples], now)


def search_calls(session: Session, user: m.User, *, day: date | None, agent_id: str | None,
                 disposition: str | None, text: str | None, now: datetime) -> list[SampleOut]:
    o = m.CallOutcome
    q = select(o.id).join(m.Customer, m.Customer.id == o.customer_id)
    if day is not None:
        q = q.where(_called_between(*day_bounds(day)))
    if agent_id:
        q = q.where(o.agent_id == agent_id)
    if disposition:
        q = q.where(o.disposition == disposition)
    if text:
        like = f"%{text.strip()}%"
        q = q.join(m.User, m.User.id == o.agent_id).where(or_(
            m.Customer.name.like(like), m.User.display_name.like(like),
            m.User.username.like(like), m.Customer.external_id.like(like)))
    agents = scope_agent_ids(session, user)
    if agents is not None:
        q = q.where(o.agent_id.in_(agents or {""}))
    ids = list(session.scalars(q.order_by(o.call_started_at.desc()).limit(200)))
    by_outcome = {s.outcome_id: s for s in session.scalars(
        select(QaSample).where(QaSample.outcome_id.in_(ids or [""])))}
    return samples_out(session, user, [(by_outcome.get(i), i) for i in ids], now)


def samples_out(session: Session, user: m.User, rows: list[tuple[QaSample | None, str]],
                now: datetime) -> list[SampleOut]:
    ids = [oid for _, oid in rows] or [""]
    sample_ids = [s.id for s, _ in rows if s is not None] or [""]
    calls = {r[0].id: r for r in session.execute(
        select(m.CallOutcome, m.User, m.Campaign.code, m.Customer.name, m.Customer.phone)
        .join(m.User, m.User.id == m.CallOutcome.agent_id)
        .join(m.Campaign, m.Campaign.id == m.CallOutcome.campaign_id)
        .join(m.Customer, m.Customer.id == m.CallOutcome.customer_id)
        .where(m.CallOutcome.id.in_(ids)))}
    teams = {t.id: t.name for t in session.scalars(select(m.Team))}
    claims = {c.sample_id: c for c in session.scalars(select(QaClaim).where(
        QaClaim.sample_id.in_(sample_ids), QaClaim.state == "open", QaClaim.expires_at > now
    ).order_by(QaClaim.claimed_at))}
    mine = {c.sample_id: c for c in session.scalars(select(QaClaim).where(
        QaClaim.sample_id.in_(sample_ids), QaClaim.checker_id == user.id,
        QaClaim.state == "open", QaClaim.expires_at > now))}
    counts = {sid: int(n) for sid, n in session.execute(
        select(QaScore.sample_id, func.count()).where(QaScore.sample_id.in_(sample_ids))
        .group_by(QaScore.sample_id))}
    scored_by_me = set(session.scalars(select(QaScore.sample_id).where(
        QaScore.sample_id.in_(sample_ids), QaScore.checker_id == user.id)))
    recorded = set(session.scalars(select(QaRecording.outcome_id).where(
        QaRecording.outcome_id.in_(ids))))
    recorded |= set(session.scalars(select(CallRecording.outcome_id).where(
        CallRecording.outcome_id.in_(ids), CallRecording.complete.is_(True))))
    out: list[SampleOut] = []
    for sample, oid in rows:
        if oid not in calls:
            continue
        o, agent, code, cname, phone = calls[oid]
        sid = sample.id if sample else ""
        held = mine.get(sid) or claims.get(sid)
        out.append(SampleOut(
            id=sid, outcome_id=oid, day=sample.day if sample else company_day(
                o.call_started_at or o.created_at),
            stratum=sample.stratum if sample else "search",  # type: ignore[arg-type]
            agent_id=agent.id, agent_name=agent.display_name, team_id=agent.team_id,
            team_name=teams.get(agent.team_id or ""), campaign_code=code,
            disposition=Disposition(o.disposition), call_started_at=o.call_started_at,
            talk_seconds=o.talk_seconds, customer_name=cname, phone_masked=mask_e164(phone),
            claimed_by=held.checker_id if held else None, claimed_by_me=sid in mine,
            claim_expires_at=held.expires_at if held else None,
            scored_by_me=sid in scored_by_me, scores=int(counts.get(sid, 0)),
            has_recording=oid in recorded,
        ))
    return out
