"""Wire models of the campaign loop's steps (issue 22): approval, training, pilot.

Admin (/api/v1/admin/):
GET  /admin/campaigns/{code}/plan-approvals  -> list[PlanStatus]  (newest first)
POST /admin/plans/{plan_id}/submit  PlanSubmit -> PlanStatus
POST /admin/plans/{plan_id}/review  PlanReview -> PlanStatus  (not the submitter)
PUT  /admin/campaigns/{code}/quiz   QuizIn     -> QuizOut (a new version, answers included)
GET  /admin/campaigns/{code}/quiz             -> QuizOut (answers included)
POST /admin/campaigns/{code}/pilot  PilotRequest -> PilotReport
GET  /admin/pilots/{pilot_id}                  -> PilotReport
POST /admin/pilots/{pilot_id}/decision PilotDecisionIn -> PilotReport
Agent (/api/v1/training/):
GET  /training                                 -> list[TrainingStatus]
GET  /training/{code}/quiz                     -> QuizOut (no answers)
POST /training/{code}/answers       QuizAnswers -> QuizResult
Caps and targets:
PUT  /admin/team-targets?team=T      TeamTargets -> TeamTargets  (T: name or id)
GET  /admin/team-targets?team=T                   -> TeamTargets
Calling windows per region and audience:
PUT  /admin/campaigns/{code}/windows  CallingWindows -> CallingWindows
Account managers:
PUT  /admin/customers/{external_id}/account-manager AccountOwnerIn -> AccountOwnerOut
POST /customers/{external_id}/release  ReleaseIn -> AccountOwnerOut (the manager or an admin)
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from wire.bounds import Text
from wire.schema import CallingWindow

Comment = Annotated[Text, Field(max_length=2000)]
PlanState = Literal["draft", "submitted", "approved", "rejected"]
Decision = Literal["go", "change", "stop"]
MAX_QUESTIONS = 20


class Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class PlanSubmit(Model):
    note: Comment = ""


class PlanReview(Model):
    """A rejection says why (a comment is required); an approval may add one."""

    decision: Literal["approve", "reject"]
    comment: Comment = ""

    @model_validator(mode="after")
    def _reject_says_why(self) -> PlanReview:
        if self.decision == "reject" and not self.comment.strip():
            raise ValueError("a rejection needs a comment saying why")
        return self


class PlanStatus(Model):
    plan_id: str
    campaign_code: str
    created_at: datetime
    created_by: str = ""  # username
    targets: int
    planned: int  # targets not yet assigned (nor skipped)
    funnel: list[dict[str, object]] = Field(default_factory=list)
    status: PlanState
    note: str = ""
    submitted_by: str = ""
    submitted_at: datetime | None = None
    reviewed_by: str = ""
    reviewed_at: datetime | None = None
    comment: str = ""


class QuizQuestion(Model):
    """`topic`: what the question checks, the offer's terms or a mandatory statement."""

    text: Annotated[Text, Field(min_length=1, max_length=500)]
    text_zh: Annotated[Text, Field(max_length=500)] = ""
    topic: Literal["offer_terms", "mandatory"]
    choices: Annotated[list[Annotated[Text, Field(min_length=1, max_length=200)]],
                       Field(min_length=2, max_length=6)]
    choices_zh: Annotated[list[Annotated[Text, Field(max_length=200)]],
                          Field(max_length=6)] = []  # the same choices in Chinese, or none
    answer: int | None = None  # index into choices; absent in the agent's copy

    @model_validator(mode="after")
    def _answer_is_a_choice(self) -> QuizQuestion:
        if self.answer is not None and not 0 <= self.answer < len(self.choices):
            raise ValueError("answer must be the index of one of the choices")
        if self.choices_zh and len(self.choices_zh) != len(self.choices):
            raise ValueError("choices_zh must translate every choice, in the same order")
        return self


class QuizIn(Model):
    questions: Annotated[list[QuizQuestion], Field(min_length=1, max_length=MAX_QUESTIONS)]
    pass_mark: Annotated[int, Field(ge=1, le=MAX_QUESTIONS)]

    @model_validator(mode="after")
    def _complete(self) -> QuizIn:
        if any(q.answer is None for q in self.questions):
            raise ValueError("every question needs its answer")
        if self.pass_mark > len(self.questions):
            raise ValueError("pass_mark cannot exceed the number of questions")
        if not {q.topic for q in self.questions} >= {"offer_terms", "mandatory"}:
            raise ValueError("ask about the offer's terms and the mandatory statements both")
        return self


class QuizOut(Model):
    campaign_code: str
    version: int
    pass_mark: int
    questions: list[QuizQuestion]


class QuizAnswers(Model):
    version: Annotated[int, Field(ge=1, le=2**31 - 1)]
    answers: Annotated[list[Annotated[int, Field(ge=0, le=5)]],
                       Field(max_length=MAX_QUESTIONS)]


class QuizResult(Model):
    correct: int
    total: int
    pass_mark: int
    passed: bool
    wrong: list[int] = Field(default_factory=list)  # indices of the questions missed


class TrainingStatus(Model):
    campaign_code: str
    campaign_name: str
    campaign_name_zh: str
    version: int
    passed: bool


class PilotRequest(Model):
    """A named share of the plan's planned targets (the highest priority first) onto the
    chosen agents (usernames)."""

    plan_id: Annotated[Text, Field(max_length=36)]
    name: Annotated[Text, Field(min_length=1, max_length=200)]
    agents: Annotated[list[Annotated[Text, Field(max_length=64)]],
                      Field(min_length=1, max_length=50)]
    share: Annotated[float, Field(gt=0, le=0.5, allow_inf_nan=False)]


class PilotDecisionIn(Model):
    decision: Decision
    comment: Comment = ""


class PilotReport(Model):
    """Reached: pilot items with a reached outcome; success: items with a sale that
    verification confirmed (wire.aftersale.sale_standing, as the seller and campaign
    figures count); sales_awaiting / sales_reversed: items whose sale still awaits its
    verification / was reversed by it (not counted as success); objections by reason;
    average talk over reached calls; QA: mean total of the scored calls."""

    pilot_id: str
    plan_id: str
    campaign_code: str
    name: str
    agents: list[str]
    items: int
    called: int
    reached: int
    success: int
    objections: dict[str, int] = Field(default_factory=dict)
    sales_awaiting: int = 0  # issue 22: an older server sends neither
    sales_reversed: int = 0
    average_talk_seconds: float = 0.0
    qa_scored: int = 0
    qa_average: float | None = None
    decision: Decision | None = None
    decided_by: str = ""
    decided_at: datetime | None = None
    comment: str = ""


class AccountOwnerIn(Model):
    manager: Annotated[Text, Field(min_length=1, max_length=64)]  # a username


class ReleaseIn(Model):
    note: Comment = ""


class AccountOwnerOut(Model):
    external_id: str
    manager: str
    released: bool
    released_at: datetime | None = None
    released_by: str = ""
    note: str = ""


Cap = Annotated[int, Field(ge=0, le=1_000_000)]


class TeamTargets(Model):
    """Daily volume caps (queue items assigned a day, per agent and per team) and call
    targets per day and week; None = no cap / no target."""

    agent_daily_cap: Cap | None = None
    team_daily_cap: Cap | None = None
    day_target: Cap | None = None
    week_target: Cap | None = None


class CallingWindows(Model):
    """First match wins (wire.rules.calling_window); [] = the campaign's own window."""

    windows: Annotated[list[CallingWindow], Field(max_length=100)]
