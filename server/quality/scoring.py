"""Replay of a call record, scores against the rubric, feedback, roll-up, coaching.

A score is computed here, never sent by the desktop: the weighted mean of the ratings
(not-applicable criteria left out) on 0-100, and 0 when a critical item is hit. Critical
items the server finds in the record itself (a mandatory disclosure missing on a sale, a
number on the do-not-call list before the call, a call outside the calling window) are
always part of the score: a checker can add critical items, not remove evidence.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server import audit
from server import models as m
from server.errors import ApiError
from server.quality import rubric as rubrics
from server.quality import sampling
from server.quality.models import (
    QaAnnotation,
    QaClaim,
    QaCoachingTask,
    QaRecording,
    QaRubric,
    QaSample,
    QaScore,
)
from server.recordings.models import CallRecording
from wire.quality import (
    AnnotationOut,
    CallRecord,
    CoachingTaskOut,
    CriterionScore,
    CriterionSpread,
    CriticalItem,
    FeedbackItem,
    OfferBrief,
    RecordingInfo,
    ReplayOut,
    RollupAgent,
    RollupOut,
    SampleScores,
    ScoreIn,
    ScoreOut,
    mask_e164,
)
from wire.recordings import RECORDING_NOTICE
from wire.rules import calling_window
from wire.schema import CallingWindow, DisclosureTick, Disposition, Objection, ScriptStep

# ----------------------------------------------------------------------- replay


def outcome_in_scope(session: Session, user: m.User, outcome_id: str) -> m.CallOutcome:
    o = session.get(m.CallOutcome, outcome_id)
    if o is None or not sampling.in_scope(session, user, o.agent_id):
        raise ApiError(404, "not_found", "No such call in your teams.")
    return o


def script_for(session: Session, o: m.CallOutcome) -> m.Script | None:
    if o.script_id:
        s = session.get(m.Script, o.script_id)
        if s is not None:
            return s
    return session.scalars(select(m.Script).where(m.Script.campaign_id == o.campaign_id)
                           .order_by(m.Script.version.desc())).first()


def variant_steps(script: m.Script, key: str | None) -> list[dict[str, Any]]:
    """The steps of the variant a call was made with (issue 22); the default's otherwise."""
    for v in script.variants or [] if key else []:
        if v.get("key") == key:
            return list(v.get("steps") or [])
    return list(script.steps)


def auto_findings(session: Session, o: m.CallOutcome, script: m.Script | None
                  ) -> tuple[list[str], list[str]]:
    """(mandatory disclosure step ids missing, critical kinds found in the record)."""
    kinds: list[str] = []
    missing: list[str] = []
    if o.disposition == Disposition.ACCEPTED.value and script is not None:
        ticked = set(o.disclosures_ticked)
        missing = [st["id"] for st in variant_steps(script, o.script_variant)
                   if st.get("mandatory") and st["id"] not in ticked]
        if missing:
            kinds.append("missing_disclosure")
    customer = session.get(m.Customer, o.customer_id)
    campaign = session.get(m.Campaign, o.campaign_id)
    began = o.call_started_at or o.created_at
    if customer is not None:
        entry = session.scalars(select(m.DncEntry).where(m.DncEntry.phone == customer.phone)
                                ).first()
        if entry is not None and entry.created_at < began:
            kinds.append("dnc_number")
        if campaign is not None:
            try:
                local = began.astimezone(ZoneInfo(customer.timezone)).time()
            except (KeyError, ValueError):
                local = began.astimezone(sampling.COMPANY_TZ).time()
            start, end = calling_window(
                [CallingWindow.model_validate(x) for x in campaign.calling_windows or []],
                campaign.window_start, campaign.window_end, region=customer.region,
                tier=customer.value_tier)
            if not start <= local <= end:
                kinds.append("outside_window")
    return missing, kinds


def auto_critical_ids(kinds: list[str], rubric_critical: list[dict[str, str]]) -> list[str]:
    return [c["id"] for c in rubric_critical if c.get("kind") in kinds]


def replay(session: Session, user: m.User, outcome_id: str, *, reveal: bool = False
           ) -> ReplayOut:
    o = outcome_in_scope(session, user, outcome_id)
    agent = session.get(m.User, o.agent_id)
    customer = session.get(m.Customer, o.customer_id)
    campaign = session.get(m.Campaign, o.campaign_id)
    assert agent is not None and customer is not None and campaign is not None
    offer = session.get(m.Offer, o.offer_id) if o.offer_id else None
    script = script_for(session, o)
    missing, kinds = auto_findings(session, o, script)
    rub = rubrics.current(session)
    allowed = sampling.may_see_numbers(session, user)
    call = CallRecord(
        id=o.id, agent_id=agent.id, agent_name=agent.display_name, customer_name=customer.name,
        phone=customer.phone if (reveal and allowed) else mask_e164(customer.phone),
        phone_masked=not (reveal and allowed), region=customer.region,
        customer_timezone=customer.timezone, campaign_code=campaign.code,
        campaign_name=campaign.name, campaign_name_zh=campaign.name_zh,
        window_start=campaign.window_start, window_end=campaign.window_end,
        disposition=Disposition(o.disposition),
        objection=Objection(o.objection) if o.objection else None, notes=o.notes,
        offer=OfferBrief(id=offer.id, code=offer.code, name=offer.name, name_zh=offer.name_zh,
                         price_yuan=offer.price_yuan, term_months=offer.term_months)
        if offer else None,
        script_version=o.script_version, script_variant=o.script_variant,
        steps_taken=list(o.steps_taken),
        disclosures_ticked=list(o.disclosures_ticked),
        disclosure_ticks=[DisclosureTick.model_validate(t) for t in o.disclosure_ticks or []],
        call_started_at=o.call_started_at,
        talk_seconds=o.talk_seconds, wrap_seconds=o.wrap_seconds, callback_at=o.callback_at,
        created_at=o.created_at, received_at=o.received_at,
    )
    rec: QaRecording | CallRecording | None = session.get(QaRecording, o.id)
    if rec is None:  # the desktop's own recording (issue 20), once complete
        made = session.get(CallRecording, o.id)
        rec = made if made is not None and made.complete else None
    return ReplayOut(
        call=call,
        script_steps=_with_notice(o, [ScriptStep.model_validate(s) for s in script.steps]
                                  if script else []),
        mandatory_missing=missing, auto_critical=auto_critical_ids(kinds, rub.critical),
        annotations=annotations_of(session, o.id), recording=recording_info(rec) if rec else None,
        may_reveal_number=allowed,
    )


def _with_notice(o: m.CallOutcome, steps: list[ScriptStep]) -> list[ScriptStep]:
    """The recording notice the desktop put first (a recorded campaign), when it was read."""
    said = {*o.steps_taken, *o.disclosures_ticked}
    return [RECORDING_NOTICE, *steps] if RECORDING_NOTICE.id in said else steps


def recording_info(r: QaRecording | CallRecording) -> RecordingInfo:
    at = r.uploaded_at if isinstance(r, QaRecording) else (r.completed_at or r.created_at)
    return RecordingInfo(outcome_id=r.outcome_id, content_type=r.content_type,
                         size_bytes=r.size_bytes, duration_seconds=r.duration_seconds,
                         sha256=r.sha256, uploaded_at=at)


def annotations_of(session: Session, outcome_id: str) -> list[AnnotationOut]:
    rows = session.execute(select(QaAnnotation, m.User.display_name)
                           .join(m.User, m.User.id == QaAnnotation.author_id)
                           .where(QaAnnotation.outcome_id == outcome_id)
                           .order_by(QaAnnotation.at, QaAnnotation.id))
    return [AnnotationOut(id=a.id, outcome_id=a.outcome_id, author_id=a.author_id,
                          author_name=name, text=a.text, at=a.at) for a, name in rows]


def annotate(session: Session, user: m.User, outcome_id: str, text: str, now: datetime
             ) -> AnnotationOut:
    outcome_in_scope(session, user, outcome_id)
    row = QaAnnotation(outcome_id=outcome_id, author_id=user.id, text=text.strip(), at=now)
    session.add(row)
    session.flush()
    audit.record(session, actor_id=user.id, action="quality.annotate", entity="call_outcome",
                 entity_id=outcome_id, annotation_id=row.id)
    return AnnotationOut(id=row.id, outcome_id=outcome_id, author_id=user.id,
                         author_name=user.display_name, text=row.text, at=now)


# ----------------------------------------------------------------------- scores


def compute(rub: QaRubric, body: ScoreIn, auto: list[str]) -> tuple[float, bool,
                                                                              list[str]]:
    """(total 0-100, passed, critical ids applied). Raises on ids the rubric lacks."""
    weights = {c["id"]: float(c["weight"]) for c in rub.criteria}
    given = {c.criterion_id: c for c in body.criteria}
    unknown = set(given) - set(weights)
    if unknown:
        raise ApiError(422, "unknown_criterion", f"Not in the rubric: {sorted(unknown)}.")
    if set(weights) - set(given):
        raise ApiError(422, "criteria_missing",
                       "Rate every criterion (or mark it not applicable).")
    crit_ids = {c["id"] for c in rub.critical}
    if set(body.critical) - crit_ids:
        raise ApiError(422, "unknown_critical", "A critical item is not in the rubric.")
    rated = [(weights[c.criterion_id], c.rating) for c in body.criteria if c.rating is not None]
    if any(r > rub.scale_max for _, r in rated):
        raise ApiError(422, "rating_out_of_range", f"Ratings go from 0 to {rub.scale_max}.")
    critical = [c["id"] for c in rub.critical if c["id"] in set(body.critical) | set(auto)]
    if not rated and not critical:
        raise ApiError(422, "nothing_rated", "Rate at least one criterion.")
    total = (sum(w * r / rub.scale_max for w, r in rated) / sum(w for w, _ in rated) * 100
             if rated else 0.0)
    if critical:
        total = 0.0
    total = round(total, 1)
    return total, (not critical and total >= rub.pass_mark), critical


def submit(session: Session, user: m.User, sample: QaSample, body: ScoreIn, now: datetime
           ) -> ScoreOut:
    if session.scalars(select(QaScore.id).where(QaScore.sample_id == sample.id,
                                                QaScore.checker_id == user.id)).first():
        raise ApiError(409, "already_scored",
                       "You have already scored this call; a score is final once submitted.")
    held = sampling.claim(session, sample, user, now)
    o = session.get(m.CallOutcome, sample.outcome_id)
    assert o is not None
    rub = rubrics.current(session)
    _, kinds = auto_findings(session, o, script_for(session, o))
    total, passed, critical = compute(rub, body, auto_critical_ids(kinds, rub.critical))
    row = QaScore(sample_id=sample.id, outcome_id=o.id, agent_id=o.agent_id,
                  checker_id=user.id, rubric_id=rub.id, total=total, passed=passed,
                  critical=critical, criteria=[c.model_dump() for c in body.criteria],
                  comment=body.comment.strip(), submitted_at=now)
    session.add(row)
    session.flush()
    held.state, held.ended_at = "submitted", now
    audit.record(session, actor_id=user.id, action="quality.score", entity="call_outcome",
                 entity_id=o.id, score_id=row.id, total=total, passed=passed,
                 critical=critical)
    if not passed and session.scalars(select(QaCoachingTask.id).where(
            QaCoachingTask.outcome_id == o.id)).first() is None:
        titles = {c["id"]: c["title"] for c in rub.critical}
        reason = ("Critical: " + ", ".join(titles[c] for c in critical)) if critical else \
            f"Score {total:g} below the pass mark {rub.pass_mark:g}"
        task = QaCoachingTask(agent_id=o.agent_id, outcome_id=o.id, score_id=row.id,
                              reason=reason, status="open", created_at=now)
        session.add(task)
        session.flush()
        audit.record(session, actor_id=user.id, action="quality.coaching_open",
                     entity="qa_coaching_task", entity_id=task.id, agent_id=o.agent_id)
    return score_out(row, user.display_name, rub.version)


def score_out(row: QaScore, checker_name: str, version: int) -> ScoreOut:
    return ScoreOut(id=row.id, sample_id=row.sample_id, outcome_id=row.outcome_id,
                    checker_id=row.checker_id, checker_name=checker_name,
                    rubric_id=row.rubric_id, rubric_version=version, total=row.total,
                    passed=row.passed, critical=list(row.critical),
                    criteria=[CriterionScore.model_validate(c) for c in row.criteria],
                    comment=row.comment, submitted_at=row.submitted_at)


def _spread(cid: str, values: list[float]) -> CriterionSpread:
    if not values:
        return CriterionSpread(criterion_id=cid, n=0)
    return CriterionSpread(criterion_id=cid, n=len(values), min=min(values), max=max(values),
                           mean=round(statistics.fmean(values), 2),
                           stdev=round(statistics.pstdev(values), 2))


def sample_scores(session: Session, user: m.User, sample: QaSample) -> SampleScores:
    """Blind until the asking checker has submitted (admins always see)."""
    from server.quality.models import QaRubric

    rows = session.execute(select(QaScore, m.User.display_name, QaRubric.version)
                           .join(m.User, m.User.id == QaScore.checker_id)
                           .join(QaRubric, QaRubric.id == QaScore.rubric_id)
                           .where(QaScore.sample_id == sample.id)
                           .order_by(QaScore.submitted_at)).all()
    submitted_self = any(s.checker_id == user.id for s, _, _ in rows)
    blind = user.role != "admin" and not submitted_self
    if blind:
        return SampleScores(sample_id=sample.id, blind=True, submitted=len(rows))
    scores = [score_out(s, name, v) for s, name, v in rows]
    values: dict[str, list[float]] = defaultdict(list)
    for sc in scores:
        for c in sc.criteria:
            if c.rating is not None:
                values[c.criterion_id].append(float(c.rating))
    rub = rubrics.current(session)
    return SampleScores(
        sample_id=sample.id, blind=False, submitted=len(rows), scores=scores,
        spread=[_spread(c["id"], values.get(c["id"], [])) for c in rub.criteria],
        total_spread=_spread("total", [sc.total for sc in scores]),
    )


# ------------------------------------------------------------ feedback, roll-up


def feedback(session: Session, agent: m.User, limit: int = 100) -> list[FeedbackItem]:
    from server.quality.models import QaRubric

    rows = session.execute(
        select(QaScore, m.User.display_name, m.CallOutcome, m.Campaign.code, m.Customer.name,
               QaRubric)
        .join(m.User, m.User.id == QaScore.checker_id)
        .join(m.CallOutcome, m.CallOutcome.id == QaScore.outcome_id)
        .join(m.Campaign, m.Campaign.id == m.CallOutcome.campaign_id)
        .join(m.Customer, m.Customer.id == m.CallOutcome.customer_id)
        .join(QaRubric, QaRubric.id == QaScore.rubric_id)
        .where(QaScore.agent_id == agent.id)
        .order_by(QaScore.submitted_at.desc(), QaScore.id).limit(limit)).all()
    tasks = {t.outcome_id: t.id for t in session.scalars(
        select(QaCoachingTask).where(QaCoachingTask.agent_id == agent.id))}
    out = []
    for sc, checker, o, code, cname, rub in rows:
        crit = {c["id"]: c for c in rub.critical}
        out.append(FeedbackItem(
            score_id=sc.id, outcome_id=o.id, call_started_at=o.call_started_at,
            customer_name=cname, campaign_code=code, disposition=Disposition(o.disposition),
            checker_name=checker, total=sc.total, passed=sc.passed,
            critical=[CriticalItem.model_validate(crit[c]) for c in sc.critical if c in crit],
            criteria=[CriterionScore.model_validate(c) for c in sc.criteria],
            criteria_titles={c["id"]: [c["title"], c.get("title_zh", "")]
                             for c in rub.criteria},
            comment=sc.comment, submitted_at=sc.submitted_at,
            coaching_task_id=tasks.get(o.id) if not sc.passed else None,
        ))
    return out


def rollup(session: Session, team: m.Team, since: date | None) -> RollupOut:
    agents = list(session.scalars(select(m.User).where(m.User.team_id == team.id,
                                                       m.User.role == "agent")
                                  .order_by(m.User.username)))
    q = select(QaScore).where(QaScore.agent_id.in_([a.id for a in agents] or [""]))
    if since is not None:
        q = q.where(QaScore.submitted_at >= sampling.day_bounds(since)[0])
    by_agent: dict[str, list[QaScore]] = defaultdict(list)
    for sc in session.scalars(q):
        by_agent[sc.agent_id].append(sc)
    open_tasks = {aid: int(n) for aid, n in session.execute(
        select(QaCoachingTask.agent_id, func.count()).where(QaCoachingTask.status == "open")
        .group_by(QaCoachingTask.agent_id))}
    rows = []
    for a in agents:
        scs = by_agent.get(a.id, [])
        rows.append(RollupAgent(
            agent_id=a.id, agent_name=a.display_name, scored=len(scs),
            average=round(statistics.fmean(s.total for s in scs), 1) if scs else None,
            failed=sum(not s.passed for s in scs),
            critical_failures=sum(bool(s.critical) for s in scs),
            open_coaching=int(open_tasks.get(a.id, 0))))
    every = [s for scs in by_agent.values() for s in scs]
    return RollupOut(team_id=team.id, team_name=team.name, since=since, scored=len(every),
                     average=round(statistics.fmean(s.total for s in every), 1)
                     if every else None, failed=sum(not s.passed for s in every), agents=rows)


def coaching_tasks(session: Session, agent_ids: set[str] | None) -> list[CoachingTaskOut]:
    q = select(QaCoachingTask, m.User.display_name).join(
        m.User, m.User.id == QaCoachingTask.agent_id)
    if agent_ids is not None:
        q = q.where(QaCoachingTask.agent_id.in_(agent_ids or {""}))
    return [CoachingTaskOut(id=t.id, agent_id=t.agent_id, agent_name=name,
                            outcome_id=t.outcome_id, score_id=t.score_id, reason=t.reason,
                            status=t.status,  # type: ignore[arg-type]
                            created_at=t.created_at)
            for t, name in session.execute(q.order_by(QaCoachingTask.created_at.desc())
                                           .limit(500))]


def open_claims_of(session: Session, user_id: str) -> list[QaClaim]:
    return list(session.scalars(select(QaClaim).where(QaClaim.checker_id == user_id,
                                                      QaClaim.state == "open")))
