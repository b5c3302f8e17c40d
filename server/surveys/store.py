"""Survey answers: which questions a script asks, the rows a survey call stores, and the
roll-ups per campaign, region and agent (the lead's survey view and daily export)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server import models as m
from server.surveys.models import SurveyAnswer
from wire.calltypes import SURVEY_STEP_KINDS
from wire.schema import OutcomeAction


def survey_questions(session: Session, script_id: str | None) -> dict[str, str] | None:
    """step id -> kind of the script's survey questions; None when no script is named
    or it is unknown (then the judge takes any question id)."""
    script = session.get(m.Script, script_id) if script_id else None
    if script is None:
        return None
    return {s["id"]: s["kind"] for s in script.steps if s.get("kind") in SURVEY_STEP_KINDS}


def answer_rows(a: OutcomeAction, *, campaign_id: str, agent_id: str, region: str,
                at: datetime) -> list[dict[str, Any]]:
    return [{"outcome_id": a.action_id, "question_id": x.question_id,
             "campaign_id": campaign_id, "agent_id": agent_id, "region": region,
             "score": x.score, "text": x.text.strip(), "created_at": at}
            for x in a.survey_answers]


@dataclass
class Rollup:
    """One group's figures: per question, how many answered, the mean score and how many
    gave each score 1-5; free-text answers are counted (the texts are in the export)."""

    key: str  # the campaign, region or agent id the group is for
    calls: int = 0
    questions: dict[str, dict[str, Any]] = field(default_factory=dict)


def rollup(session: Session, campaign_id: str, by: str,
           agent_ids: list[str] | None = None) -> list[Rollup]:
    """Figures of one campaign's survey answers grouped by `by`: "campaign", "region" or
    "agent"; `agent_ids`: only these agents' calls (a team lead's teams; None: all). One
    GROUP BY over the campaign's answers (indexed by campaign)."""
    col = {"campaign": SurveyAnswer.campaign_id, "region": SurveyAnswer.region,
           "agent": SurveyAnswer.agent_id}[by]
    where = [SurveyAnswer.campaign_id == campaign_id]
    if agent_ids is not None:
        where.append(SurveyAnswer.agent_id.in_(agent_ids or [""]))
    q = (select(col, SurveyAnswer.question_id, SurveyAnswer.score, func.count())
         .where(*where)
         .group_by(col, SurveyAnswer.question_id, SurveyAnswer.score)
         .order_by(col, SurveyAnswer.question_id, SurveyAnswer.score))
    calls_q = (select(col, func.count(func.distinct(SurveyAnswer.outcome_id)))
               .where(*where).group_by(col).order_by(col))
    groups: dict[str, Rollup] = {k: Rollup(k, calls=n) for k, n in session.execute(calls_q)}
    for key, qid, score, n in session.execute(q):
        g = groups.setdefault(key, Rollup(key))
        qd = g.questions.setdefault(qid, {"answers": 0, "scored": 0, "sum": 0,
                                          "counts": [0, 0, 0, 0, 0]})
        qd["answers"] += n
        if score is not None:
            qd["scored"] += n
            qd["sum"] += score * n
            qd["counts"][score - 1] += n
    for g in groups.values():
        for qd in g.questions.values():
            qd["mean"] = round(qd["sum"] / qd["scored"], 2) if qd["scored"] else None
            del qd["sum"]
    return list(groups.values())
