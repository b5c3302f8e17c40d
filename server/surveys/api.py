"""The team lead's survey figures (wire/surveys.py): a survey campaign's answers rolled up
per campaign, region or agent; a team lead sees the answers of their teams' agents, an
admin all."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from server import auth
from server import models as m
from server.deps import CurrentUser, ReadSession
from server.errors import ApiError
from server.surveys.store import rollup
from wire.calltypes import SURVEY_STEP_KINDS
from wire.schema import Role
from wire.surveys import QuestionFigures, SurveyFigures, SurveyGroup, SurveyGrouping

router = APIRouter(prefix="/api/v1/lead", tags=["team lead"])


@router.get("/surveys")
def get_survey_figures(campaign_id: str, user: CurrentUser, s: ReadSession,
                       by: SurveyGrouping = "campaign") -> SurveyFigures:
    camp = s.get(m.Campaign, campaign_id)
    if camp is None:
        raise ApiError(404, "not_found", "No such campaign.")
    agents = None if user.role == Role.ADMIN.value else auth.led_agent_ids(s, user)
    groups = rollup(s, campaign_id, by, agent_ids=agents)
    latest = s.scalars(select(m.Script).where(m.Script.campaign_id == campaign_id)
                       .order_by(m.Script.version.desc()).limit(1)).first()
    titles = {st["id"]: (st.get("title", ""), st.get("title_zh", ""))
              for st in (latest.steps if latest else []) if st.get("kind") in SURVEY_STEP_KINDS}
    names: dict[str, str] = {}
    if by == "agent" and groups:
        users = s.scalars(select(m.User).where(m.User.id.in_([g.key for g in groups])))
        names = {u.id: u.display_name for u in users}
    order = list(titles)
    out = []
    for g in groups:
        label = camp.code if by == "campaign" else names.get(g.key, g.key)
        qs = [QuestionFigures(question_id=q, title=titles.get(q, ("", ""))[0],
                              title_zh=titles.get(q, ("", ""))[1], **fig)
              for q, fig in sorted(g.questions.items(),
                                   key=lambda kv: (order.index(kv[0]) if kv[0] in order
                                                   else len(order), kv[0]))]
        out.append(SurveyGroup(key=g.key, label=label, calls=g.calls, questions=qs))
    return SurveyFigures(campaign_id=campaign_id, by=by, groups=out)
