"""Training (考核): a short quiz per campaign's script, on the offer's terms and the
mandatory statements. An agent's queue for a campaign that has a quiz opens only after
they pass its newest version: until then the pull hands out none of that campaign's items
to them (`gated_campaigns`, read by server/sync.py), and passing re-sends their open
items of it (change-feed rows), so the desktop gets them on its next pull.

A new quiz version asks everyone again (a changed offer is trained again); the items
already on a desktop leave it on its next pull of them.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server import audit, changes
from server import models as m
from server.db import utcnow
from server.errors import ApiError
from server.planning.models import QuizAttempt, ScriptQuiz
from wire import campaign_loop as w
from wire.schema import QueueStatus


def _campaign(session: Session, code: str) -> m.Campaign:
    camp = session.scalars(select(m.Campaign).where(m.Campaign.code == code)).first()
    if camp is None:
        raise ApiError(404, "not_found", f"No campaign {code!r}.")
    return camp


def current(session: Session, campaign_id: str) -> ScriptQuiz | None:
    return session.scalars(select(ScriptQuiz).where(ScriptQuiz.campaign_id == campaign_id)
                           .order_by(ScriptQuiz.version.desc()).limit(1)).first()


def _out(code: str, quiz: ScriptQuiz, *, answers: bool) -> w.QuizOut:
    qs = [w.QuizQuestion.model_validate(q) for q in quiz.questions]
    if not answers:
        qs = [q.model_copy(update={"answer": None}) for q in qs]
    return w.QuizOut(campaign_code=code, version=quiz.version, pass_mark=quiz.pass_mark,
                     questions=qs)


def set_quiz(session: Session, code: str, body: w.QuizIn, *, actor_id: str) -> w.QuizOut:
    camp = _campaign(session, code)
    before = current(session, camp.id)
    quiz = ScriptQuiz(campaign_id=camp.id, version=(before.version + 1) if before else 1,
                      pass_mark=body.pass_mark,
                      questions=[q.model_dump() for q in body.questions],
                      created_by=actor_id, created_at=utcnow())
    session.add(quiz)
    session.flush()
    # Items already handed out leave the desktops of agents who have not passed this one.
    for item_id, agent_id in session.execute(select(m.QueueItem.id, m.QueueItem.agent_id).where(
            m.QueueItem.campaign_id == camp.id,
            m.QueueItem.status != QueueStatus.CLOSED.value)):
        changes.emit(session, "queue_item", item_id, agent_id)
    audit.record(session, actor_id=actor_id, action="quiz.publish", entity="campaign",
                 entity_id=camp.id, version=quiz.version, questions=len(body.questions))
    return _out(code, quiz, answers=True)


def quiz_for(session: Session, code: str, *, answers: bool) -> w.QuizOut:
    camp = _campaign(session, code)
    quiz = current(session, camp.id)
    if quiz is None:
        raise ApiError(404, "no_quiz", f"The campaign {code!r} has no training quiz.")
    return _out(code, quiz, answers=answers)


def _passed(session: Session, agent_id: str, quiz_ids: Iterable[str]) -> set[str]:
    ids = list(quiz_ids)
    if not ids:
        return set()
    return set(session.scalars(select(QuizAttempt.quiz_id).distinct().where(
        QuizAttempt.agent_id == agent_id, QuizAttempt.passed.is_(True),
        QuizAttempt.quiz_id.in_(ids))))


def answer(session: Session, code: str, body: w.QuizAnswers, *, agent: m.User
           ) -> w.QuizResult:
    camp = _campaign(session, code)
    quiz = current(session, camp.id)
    if quiz is None:
        raise ApiError(404, "no_quiz", f"The campaign {code!r} has no training quiz.")
    if body.version != quiz.version:
        raise ApiError(409, "quiz_changed",
                       f"The quiz is now version {quiz.version}; load it again.")
    keys = [int(q["answer"]) for q in quiz.questions]
    if len(body.answers) != len(keys):
        raise ApiError(422, "answers_count",
                       f"Answer each of the {len(keys)} questions once.")
    wrong = [i for i, (a, k) in enumerate(zip(body.answers, keys, strict=True)) if a != k]
    correct = len(keys) - len(wrong)
    passed = correct >= quiz.pass_mark
    already = bool(_passed(session, agent.id, [quiz.id]))
    session.add(QuizAttempt(quiz_id=quiz.id, campaign_id=camp.id, agent_id=agent.id,
                            correct=correct, passed=passed, answers=list(body.answers),
                            created_at=utcnow()))
    audit.record(session, actor_id=agent.id, action="quiz.attempt", entity="campaign",
                 entity_id=camp.id, version=quiz.version, correct=correct, passed=passed)
    if passed and not already:  # the queue opens: send the agent's items of it again
        for item_id in session.scalars(select(m.QueueItem.id).where(
                m.QueueItem.campaign_id == camp.id, m.QueueItem.agent_id == agent.id,
                m.QueueItem.status != QueueStatus.CLOSED.value)):
            changes.emit(session, "queue_item", item_id, agent.id)
    return w.QuizResult(correct=correct, total=len(keys), pass_mark=quiz.pass_mark,
                        passed=passed, wrong=wrong)


def gated_campaigns(session: Session, agent_id: str, campaign_ids: Iterable[str]) -> set[str]:
    """Of these campaigns, those whose newest quiz the agent has not passed."""
    ids = set(campaign_ids)
    if not ids:
        return set()
    newest = (select(ScriptQuiz.campaign_id, func.max(ScriptQuiz.version).label("v"))
              .where(ScriptQuiz.campaign_id.in_(ids)).group_by(ScriptQuiz.campaign_id)
              .subquery())
    quizzes = {qid: cid for qid, cid in session.execute(
        select(ScriptQuiz.id, ScriptQuiz.campaign_id).join(
            newest, (newest.c.campaign_id == ScriptQuiz.campaign_id)
            & (newest.c.v == ScriptQuiz.version)))}
    passed = _passed(session, agent_id, quizzes)
    return {cid for qid, cid in quizzes.items() if qid not in passed}


def status_for(session: Session, agent: m.User) -> list[w.TrainingStatus]:
    """The quizzes of the campaigns the agent has open items in, and whether passed."""
    camp_ids = set(session.scalars(select(m.QueueItem.campaign_id).distinct().where(
        m.QueueItem.agent_id == agent.id, m.QueueItem.status != QueueStatus.CLOSED.value)))
    gated = gated_campaigns(session, agent.id, camp_ids)
    out: list[w.TrainingStatus] = []
    for camp in session.scalars(select(m.Campaign).where(m.Campaign.id.in_(camp_ids))
                                .order_by(m.Campaign.code)):
        quiz = current(session, camp.id)
        if quiz is not None:
            out.append(w.TrainingStatus(campaign_code=camp.code, campaign_name=camp.name,
                                        campaign_name_zh=camp.name_zh, version=quiz.version,
                                        passed=camp.id not in gated))
    return out
