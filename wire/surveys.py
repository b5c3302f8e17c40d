"""The lead's survey figures (GET /api/v1/lead/surveys?campaign_id=...&by=campaign|region|
agent): per group, how many survey calls, and per question the answers, the mean score
(1 very dissatisfied ... 5 very satisfied) and how many gave each score."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SurveyGrouping = Literal["campaign", "region", "agent"]


class Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class QuestionFigures(Model):
    question_id: str
    title: str = ""  # the question's title in the campaign's latest script
    title_zh: str = ""
    answers: int
    scored: int = 0  # answers with a score (a rating question)
    mean: float | None = None
    counts: list[int] = Field(default_factory=lambda: [0, 0, 0, 0, 0])  # scores 1..5


class SurveyGroup(Model):
    key: str  # campaign id, region or agent id
    label: str  # campaign code, region or agent name
    calls: int
    questions: list[QuestionFigures]


class SurveyFigures(Model):
    campaign_id: str
    by: SurveyGrouping
    groups: list[SurveyGroup]
