"""Routes of the quality workspace under /api/v1/quality, and the agent's /api/v1/feedback.

Roles (enforced from server/policy.py, the one table): qa checks calls of the teams in
their scope (server/quality/sampling.py), admin everything; a team lead reads the roll-up
and coaching tasks of the teams they lead; an agent reads their own feedback. Call records
are only ever read here: PUT, PATCH and DELETE on a call answer 405 and the attempt of a
caller who may read the call is written to the audit log.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from server import audit
from server import models as m
from server.db import utcnow
from server.deps import CurrentUser, ReadSession
from server.errors import ApiError
from server.openapi import AUDIO, file_answer, raw_body
from server.quality import recordings, sampling, scoring
from server.quality import rubric as rubrics
from server.quality.models import QaChecker, QaRecording
from wire.bounds import Day
from wire.quality import (
    AnnotationIn,
    AnnotationOut,
    CallSearchResult,
    CheckerIn,
    CheckerOut,
    CoachingTaskOut,
    DrawRequest,
    DrawResult,
    FeedbackList,
    RecordingInfo,
    ReplayOut,
    RevealOut,
    RollupOut,
    RubricIn,
    RubricOut,
    SampleList,
    SampleOut,
    SampleScores,
    ScoreIn,
    ScoreOut,
)
from wire.schema import ErrorBody, Role

router = APIRouter(prefix="/api/v1")
Q = "/quality"


def _writes(request: Request) -> Iterator[Session]:
    with request.app.state.writes() as s:
        yield s


User = CurrentUser
Reads = ReadSession
Writes = Annotated[Session, Depends(_writes)]


# ---------------------------------------------------------------------- rubric


@router.get(Q + "/rubric")
def get_rubric(user: User, s: Writes) -> RubricOut:
    row = rubrics.current(s)  # stores the default standard on first use
    s.commit()
    return rubrics.to_out(row)


@router.post(Q + "/rubric")
def publish_rubric(body: RubricIn, user: User, s: Writes) -> RubricOut:
    row = rubrics.publish(s, body, actor_id=user.id)
    s.commit()
    return rubrics.to_out(row)


@router.post(Q + "/checkers/{user_id}")
def set_checker(user_id: str, body: CheckerIn, user: User, s: Writes) -> CheckerOut:
    """Admin: which teams a checker covers and whether they may see full numbers."""
    target = s.get(m.User, user_id)
    if target is None or target.role != Role.QA.value:
        raise ApiError(404, "not_found", "No such quality checker.")
    row = s.get(QaChecker, user_id) or QaChecker(user_id=user_id, team_ids=[])
    row.may_see_numbers = body.may_see_numbers
    row.team_ids = list(body.team_ids)
    row.updated_by, row.updated_at = user.id, utcnow()
    s.add(row)
    audit.record(s, actor_id=user.id, action="quality.checker_set", entity="user",
                 entity_id=user_id, may_see_numbers=body.may_see_numbers,
                 team_ids=list(body.team_ids))
    s.commit()
    return CheckerOut(user_id=user_id, may_see_numbers=row.may_see_numbers,
                      team_ids=list(row.team_ids))


# --------------------------------------------------------------------- samples


@router.post(Q + "/samples/draw")
def draw(body: DrawRequest, user: User, s: Writes) -> DrawResult:
    now = utcnow()
    day = body.day or sampling.company_day(now)
    result = sampling.draw(s, day=day, per_agent=body.per_agent, actor_id=user.id, now=now)
    s.commit()
    return result


@router.get(Q + "/samples")
def list_samples(user: User, s: Writes,
                 scope: Literal["mine", "pool", "all"] = "mine",
                 day: Day | None = None) -> SampleList:
    now = utcnow()
    sampling.expire_claims(s, now)  # samples whose claim ran out go back to the pool
    s.commit()
    samples = sampling.list_samples(s, user, scope=scope, day=day, now=now)
    return SampleList(samples=samples, open_claims=sampling.open_claim_count(s, user.id, now))


@router.post(Q + "/samples/{sample_id}/claim")
def claim(sample_id: str, user: User, s: Writes) -> SampleOut:
    now = utcnow()
    sampling.expire_claims(s, now)
    sample = sampling.get_sample(s, sample_id, user)
    sampling.claim(s, sample, user, now)
    s.commit()
    return sampling.samples_out(s, user, [(sample, sample.outcome_id)], now)[0]


@router.post(Q + "/samples/{sample_id}/release")
def release(sample_id: str, user: User, s: Writes) -> SampleOut:
    now = utcnow()
    sample = sampling.get_sample(s, sample_id, user)
    sampling.release(s, sample, user, now)
    s.commit()
    return sampling.samples_out(s, user, [(sample, sample.outcome_id)], now)[0]


@router.post(Q + "/samples/{sample_id}/scores")
def submit_score(sample_id: str, body: ScoreIn, user: User, s: Writes) -> ScoreOut:
    now = utcnow()
    sampling.expire_claims(s, now)
    sample = sampling.get_sample(s, sample_id, user)
    out = scoring.submit(s, user, sample, body, now)
    s.commit()
    return out


@router.get(Q + "/samples/{sample_id}/scores")
def sample_scores(sample_id: str, user: User, s: Reads) -> SampleScores:
    return scoring.sample_scores(s, user, sampling.get_sample(s, sample_id, user))


# ----------------------------------------------------------------------- calls


@router.get(Q + "/calls")
def search_calls(user: User, s: Reads, day: Day | None = None, agent_id: str | None = None,
                 disposition: str | None = None,
                 q: Annotated[str | None, Query(max_length=100)] = None) -> CallSearchResult:
    return CallSearchResult(calls=sampling.search_calls(
        s, user, day=day, agent_id=agent_id, disposition=disposition, text=q, now=utcnow()))


@router.post(Q + "/calls/{outcome_id}/sample")
def sample_call(outcome_id: str, user: User, s: Writes) -> SampleOut:
    """Check a call found by search: it becomes a sample (if it is not one) and is claimed."""
    now = utcnow()
    sample = sampling.sample_for_outcome(s, outcome_id, user, now)
    sampling.claim(s, sample, user, now)
    s.commit()
    return sampling.samples_out(s, user, [(sample, sample.outcome_id)], now)[0]


@router.get(Q + "/calls/{outcome_id}")
def replay(outcome_id: str, user: User, s: Writes) -> ReplayOut:
    out = scoring.replay(s, user, outcome_id)
    s.commit()  # the default rubric may have been stored
    return out


@router.api_route(Q + "/calls/{outcome_id}", methods=["PUT", "PATCH", "DELETE"],
                  include_in_schema=False)
def refuse_alteration(outcome_id: str, request: Request, user: User, s: Writes) -> JSONResponse:
    """A call record is evidence: never altered, by anyone. The attempt of someone who may
    see the call (its agent, a checker or lead in scope, an admin) is audited; anyone else
    gets 403 (role) or 404 (not theirs, or no such call) and leaves no trace, so nobody can
    fill the audit log with junk rows."""
    scoring.outcome_in_scope(s, user, outcome_id)
    audit.record(s, actor_id=user.id, action="call_outcome.alter_refused",
                 entity="call_outcome", entity_id=outcome_id, method=request.method)
    s.commit()
    body = ErrorBody(code="record_immutable",
                     message="Call records cannot be changed or deleted; add an annotation.")
    return JSONResponse(body.model_dump(), status_code=405, headers={"Allow": "GET"})


refuse_alteration.refuses_always = True  # type: ignore[attr-defined]  # see allowed_methods


@router.post(Q + "/calls/{outcome_id}/reveal")
def reveal(outcome_id: str, user: User, s: Writes) -> RevealOut:
    """The full number, for a checker allowed to see it; every reveal is audited."""
    o = scoring.outcome_in_scope(s, user, outcome_id)
    if not sampling.may_see_numbers(s, user):
        audit.record(s, actor_id=user.id, action="quality.reveal_refused",
                     entity="call_outcome", entity_id=outcome_id)
        s.commit()
        raise ApiError(403, "forbidden", "You may not see full numbers.")
    customer = s.get(m.Customer, o.customer_id)
    assert customer is not None
    audit.record(s, actor_id=user.id, action="quality.reveal_number", entity="call_outcome",
                 entity_id=outcome_id, customer_id=customer.id)
    s.commit()
    return RevealOut(outcome_id=outcome_id, phone=customer.phone)


@router.get(Q + "/calls/{outcome_id}/annotations")
def list_annotations(outcome_id: str, user: User, s: Reads) -> list[AnnotationOut]:
    scoring.outcome_in_scope(s, user, outcome_id)
    return scoring.annotations_of(s, outcome_id)


@router.post(Q + "/calls/{outcome_id}/annotations")
def annotate(outcome_id: str, body: AnnotationIn, user: User, s: Writes) -> AnnotationOut:
    out = scoring.annotate(s, user, outcome_id, body.text, utcnow())
    s.commit()
    return out


@router.post(Q + "/calls/{outcome_id}/recording", openapi_extra=raw_body(*AUDIO),
             responses={s: {"model": ErrorBody} for s in (413, 415)})
async def upload_recording(outcome_id: str, request: Request, user: User) -> RecordingInfo:
    """The raw audio as the body (Content-Type audio/wav ...): admin, or the agent who made
    the call (their softphone's recording)."""
    data = await request.body()
    content_type = request.headers.get("content-type", "")

    def work() -> RecordingInfo:
        with request.app.state.writes() as s:
            o = s.get(m.CallOutcome, outcome_id)
            # Another agent's call is "not found": its existence must not leak.
            if o is None or not (user.role == Role.ADMIN.value or o.agent_id == user.id):
                raise ApiError(404, "not_found", "No such call of yours.")
            try:
                row = recordings.store(s, user, o, data, content_type, utcnow())
            except ApiError as exc:
                if exc.code == "recording_exists":
                    s.commit()  # keep the audit row of the refused replacement
                raise
            s.commit()
            return scoring.recording_info(row)

    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(work)


@router.get(Q + "/calls/{outcome_id}/recording", response_class=Response,
            responses=file_answer(*AUDIO, description="The recording as uploaded."))
def get_recording(outcome_id: str, user: User, s: Reads) -> Response:
    scoring.outcome_in_scope(s, user, outcome_id)
    row = s.get(QaRecording, outcome_id)
    if row is None:
        raise ApiError(404, "not_found", "This call has no recording.")
    return Response(row.data, media_type=row.content_type,
                    headers={"X-Content-SHA256": row.sha256})


# ------------------------------------------------------ roll-up and coaching


@router.get(Q + "/rollup")
def rollup(team_id: str, user: User, s: Reads, since: Day | None = None) -> RollupOut:
    """Scores per agent of a team: the team's lead, quality checkers and admins."""
    team = s.get(m.Team, team_id)
    if team is None:
        raise ApiError(404, "not_found", "No such team.")
    if not sampling.covers_team(s, user, team):
        raise ApiError(403, "forbidden", "This team is not in your scope.")
    return scoring.rollup(s, team, since)


@router.get(Q + "/coaching")
def coaching(user: User, s: Reads) -> list[CoachingTaskOut]:
    return scoring.coaching_tasks(s, sampling.scope_agent_ids(s, user))


# ------------------------------------------------------------------- agent


@router.get("/feedback")
def feedback(user: User, s: Reads) -> FeedbackList:
    """The agent's own scored calls, newest first, with every comment."""
    return FeedbackList(items=scoring.feedback(s, user))
