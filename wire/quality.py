"""Wire models of the quality workspace (issue 6): samples, replay, scores, feedback.

Imported by the server (server/quality/api.py) and the desktop (app/services/quality.py,
app/services/feedback.py). Same rules as wire/schema.py: unknown fields are ignored.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field

from wire.bounds import MAX_WEIGHT, Day, LocalTime, Text
from wire.schema import DisclosureTick, Disposition, Model, Objection, ScriptStep

Stratum = Literal["sale", "dnc", "reached", "not_reached", "search"]
CriticalKind = Literal["missing_disclosure", "dnc_number", "outside_window", "manual"]
DEFAULT_PER_AGENT = 3  # the reference practice listens to 2-3 calls per agent per day
MAX_OPEN_CLAIMS = 10
CLAIM_HOURS = 24


def mask_e164(phone: str) -> str:
    """+8613812345678 -> +86138******78: prefix and the last two digits only."""
    if len(phone) < 7:
        return "*" * len(phone)
    head = 6 if phone.startswith("+86") else 3
    return phone[:head] + "*" * max(0, len(phone) - head - 2) + phone[-2:]


# ---------------------------------------------------------------------- rubric


class Criterion(Model):
    id: Text
    title: Text
    title_zh: Text = ""
    weight: Annotated[float, Field(gt=0, le=MAX_WEIGHT, allow_inf_nan=False)]
    description: Text = ""
    description_zh: Text = ""


class CriticalItem(Model):
    """A compliance item that zeroes the score when it is hit. Kinds other than "manual"
    are also detected by the server from the record itself."""

    id: Text
    title: Text
    title_zh: Text = ""
    kind: CriticalKind = "manual"


class RubricIn(Model):
    name: Annotated[Text, Field(min_length=1, max_length=200)]
    criteria: Annotated[list[Criterion], Field(min_length=1, max_length=30)]
    critical: list[CriticalItem] = Field(default_factory=list)
    pass_mark: Annotated[float, Field(ge=0, le=100)] = 60.0
    scale_max: Annotated[int, Field(ge=1, le=10)] = 5


class RubricOut(RubricIn):
    id: str
    version: int
    created_at: datetime


# --------------------------------------------------------------------- samples


class DrawRequest(Model):
    day: Day | None = None  # the company's date (Asia/Shanghai); today when omitted
    per_agent: Annotated[int, Field(ge=1, le=20)] = DEFAULT_PER_AGENT


class DrawResult(Model):
    day: date
    drawn: int  # new samples
    assigned: int  # of those, dealt to a checker (the rest wait in the pool)


class SampleOut(Model):
    id: str
    outcome_id: str
    day: date
    stratum: Stratum
    agent_id: str
    agent_name: str
    team_id: str | None = None
    team_name: str | None = None
    campaign_code: str
    disposition: Disposition
    call_started_at: datetime | None = None
    talk_seconds: int = 0
    customer_name: str
    phone_masked: str
    claimed_by: str | None = None  # checker holding an open claim, if any
    claimed_by_me: bool = False
    claim_expires_at: datetime | None = None
    scored_by_me: bool = False
    scores: int = 0  # submitted scores (calibration: several checkers)
    has_recording: bool = False


class SampleList(Model):
    samples: list[SampleOut]
    open_claims: int
    max_open_claims: int = MAX_OPEN_CLAIMS
    claim_hours: int = CLAIM_HOURS


# ---------------------------------------------------------------------- replay


class OfferBrief(Model):
    id: str
    code: str
    name: str
    name_zh: str = ""
    price_yuan: float
    term_months: int = 0


class AnnotationIn(Model):
    text: Annotated[Text, Field(min_length=1, max_length=2000)]


class AnnotationOut(Model):
    id: str
    outcome_id: str
    author_id: str
    author_name: str
    text: str
    at: datetime


class RecordingInfo(Model):
    outcome_id: str
    content_type: str
    size_bytes: int
    duration_seconds: float | None = None
    sha256: str
    uploaded_at: datetime


class CallRecord(Model):
    """A synced call exactly as the agent's desktop recorded it (never altered)."""

    id: str
    agent_id: str
    agent_name: str
    customer_name: str
    phone: str  # masked unless the checker may see numbers and asked to reveal
    phone_masked: bool = True
    region: str = ""
    customer_timezone: str = "Asia/Shanghai"
    campaign_code: str
    campaign_name: str
    campaign_name_zh: str = ""
    window_start: LocalTime
    window_end: LocalTime
    disposition: Disposition
    objection: Objection | None = None
    notes: str = ""
    offer: OfferBrief | None = None
    script_version: int | None = None
    script_variant: str | None = None  # the variant read ("" the default; issue 22)
    steps_taken: list[str] = Field(default_factory=list)
    disclosures_ticked: list[str] = Field(default_factory=list)
    disclosure_ticks: list[DisclosureTick] = Field(default_factory=list)  # with their times
    call_started_at: datetime | None = None
    talk_seconds: int = 0
    wrap_seconds: int = 0
    callback_at: datetime | None = None
    created_at: datetime
    received_at: datetime


class ReplayOut(Model):
    call: CallRecord
    script_steps: list[ScriptStep] = Field(default_factory=list)
    mandatory_missing: list[str] = Field(default_factory=list)  # step ids
    auto_critical: list[str] = Field(default_factory=list)  # critical item ids found
    annotations: list[AnnotationOut] = Field(default_factory=list)
    recording: RecordingInfo | None = None
    may_reveal_number: bool = False


class RevealOut(Model):
    outcome_id: str
    phone: str


class CallSearchResult(Model):
    calls: list[SampleOut]  # id is "" when the call is not sampled yet


# ---------------------------------------------------------------------- scores


class CriterionScore(Model):
    criterion_id: Text
    rating: Annotated[int, Field(ge=0, le=10)] | None = None  # None: not applicable
    comment: Text = Field(default="", max_length=1000)


class ScoreIn(Model):
    criteria: list[CriterionScore]
    critical: list[Text] = Field(default_factory=list)  # critical item ids the checker ticked
    comment: Text = Field(default="", max_length=2000)


class ScoreOut(Model):
    id: str
    sample_id: str
    outcome_id: str
    checker_id: str
    checker_name: str
    rubric_id: str
    rubric_version: int
    total: float  # 0-100; 0 when a critical item is hit
    passed: bool
    critical: list[str] = Field(default_factory=list)
    criteria: list[CriterionScore] = Field(default_factory=list)
    comment: str = ""
    submitted_at: datetime


class CriterionSpread(Model):
    criterion_id: str
    n: int
    min: float | None = None
    max: float | None = None
    mean: float | None = None
    stdev: float | None = None


class SampleScores(Model):
    """Blind calibration: a checker sees the others' scores only after submitting."""

    sample_id: str
    blind: bool
    submitted: int
    scores: list[ScoreOut] = Field(default_factory=list)
    spread: list[CriterionSpread] = Field(default_factory=list)
    total_spread: CriterionSpread | None = None


# -------------------------------------------------------- feedback and roll-up


class FeedbackItem(Model):
    score_id: str
    outcome_id: str
    call_started_at: datetime | None = None
    customer_name: str
    campaign_code: str
    disposition: Disposition
    checker_name: str
    total: float
    passed: bool
    critical: list[CriticalItem] = Field(default_factory=list)
    criteria: list[CriterionScore] = Field(default_factory=list)
    criteria_titles: dict[str, list[str]] = Field(default_factory=dict)  # id -> [en, zh]
    comment: str = ""
    submitted_at: datetime
    coaching_task_id: str | None = None


class FeedbackList(Model):
    items: list[FeedbackItem]


class CoachingTaskOut(Model):
    id: str
    agent_id: str
    agent_name: str
    outcome_id: str
    score_id: str
    reason: str
    status: Literal["open", "done"]
    created_at: datetime


class RollupAgent(Model):
    agent_id: str
    agent_name: str
    scored: int
    average: float | None = None
    failed: int
    critical_failures: int
    open_coaching: int


class RollupOut(Model):
    team_id: str
    team_name: str
    since: date | None = None
    scored: int
    average: float | None = None
    failed: int
    agents: list[RollupAgent]


class CheckerIn(Model):
    may_see_numbers: bool = False
    team_ids: list[Text] = Field(default_factory=list)  # empty: every team


class CheckerOut(CheckerIn):
    user_id: str
