"""The wire schema: every body that crosses between desktop and server.

Defined once, imported by both `server/` and `app/`. Nothing here knows about
databases, Qt or HTTP; a model here is the contract. Change it only together
with both sides, and keep old fields readable (the desktop in the field may be
a version behind the server).
"""

from __future__ import annotations

import enum
import hashlib
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.config import JsonDict  # where it is defined (json_schema imports it)

from wire.bounds import (
    MAX_CLOCK_OFFSET_SECONDS,
    CallSeconds,
    Count,
    LocalTime,
    Text,
    Timestamp,
)
from wire.phones import canonical

API_VERSION = 1
MAX_PUSH_BATCH = 500
MAX_NOTES_CHARS = 2000
PULL_PAGE_SIZE = 500
MAX_WAIT_SECONDS = 30
# A desktop reports the age in whole seconds of its oldest action not yet accepted with
# every pull and push, as this query parameter (absent when its outbox is empty); the
# server exports it as a metric. A server that does not know it ignores it.
OUTBOX_AGE_PARAM = "outbox_age"
MAX_OUTBOX_AGE_SECONDS = 400 * 24 * 3600  # larger reports are clamped by the desktop


class Model(BaseModel):
    """Base: unknown fields are ignored (forward compatible), values are validated."""

    model_config = ConfigDict(extra="ignore", frozen=False)


class Role(enum.StrEnum):
    AGENT = "agent"
    TEAM_LEAD = "team_lead"
    QA = "qa"
    ADMIN = "admin"
    VERIFIER = "verifier"  # 回访: confirms sales, a post separate from sales (issue 21)


class Disposition(enum.StrEnum):
    """Call outcomes from the domain brief. Keep the values stable: they are stored."""

    # Not reached
    NO_ANSWER = "no_answer"
    BUSY = "busy"
    UNREACHABLE = "unreachable"  # switched off / out of service
    WRONG_NUMBER = "wrong_number"
    VOICEMAIL = "voicemail"
    # Reached
    ACCEPTED = "accepted"  # sale
    CALLBACK = "callback"  # interested, call back at a time
    CONSIDERING = "considering"  # follow up
    NOT_INTERESTED = "not_interested"  # with an objection reason
    DO_NOT_CALL = "do_not_call"  # refuses marketing calls
    COMPLAINT = "complaint"
    HUNG_UP = "hung_up"
    # Reached, on campaigns that are not sales (wire.calltypes says which type allows which)
    ISSUE_RESOLVED = "issue_resolved"  # complaint follow-up: the customer confirms the fix
    STILL_UNHAPPY = "still_unhappy"  # complaint follow-up: escalated
    PROMISED_TO_PAY = "promised_to_pay"  # payment reminder, with the date (promised_on)
    PAID_ALREADY = "paid_already"  # payment reminder
    DISPUTED = "disputed"  # payment reminder: the customer disputes the bill
    SURVEY_COMPLETED = "survey_completed"  # satisfaction survey, with its answers
    SURVEY_DECLINED = "survey_declined"  # satisfaction survey
    WON_BACK = "won_back"  # win-back: the customer comes back

    @property
    def reached(self) -> bool:
        return self not in NOT_REACHED


NOT_REACHED = frozenset(
    {
        Disposition.NO_ANSWER,
        Disposition.BUSY,
        Disposition.UNREACHABLE,
        Disposition.WRONG_NUMBER,
        Disposition.VOICEMAIL,
    }
)


class CampaignType(enum.StrEnum):
    """What a campaign's calls are for (migration 0015). Each type allows its own outcomes
    and script step kinds (wire.calltypes); only a sales campaign needs offers."""

    SALES = "sales"
    COMPLAINT_FOLLOW_UP = "complaint_follow_up"  # closing the loop on a resolved complaint
    PAYMENT_REMINDER = "payment_reminder"  # before the line is suspended
    SATISFACTION_SURVEY = "satisfaction_survey"
    WIN_BACK = "win_back"  # churned customers


class Objection(enum.StrEnum):
    PRICE = "price"
    NO_NEED = "no_need"
    ALREADY_HAS = "already_has"
    COMPETITOR = "competitor"
    BAD_TIMING = "bad_timing"
    OTHER = "other"


class QueueStatus(enum.StrEnum):
    OPEN = "open"  # to be called
    CALLBACK = "callback"  # a call-back is scheduled
    CLOSED = "closed"  # done: sale, refusal, attempts exhausted, do-not-call


class ValueTier(enum.StrEnum):
    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C = "C"
    D = "D"


def phone_hash(e164: str) -> str:
    """Stable digest of a phone number, taken of its E.164 form (`wire.phones`: the same
    normaliser the server's imports use, so `137１２３４5002` and `+86 137 1234 5002`
    give one digest on either side).

    The do-not-call list travels to desktops as digests: a desktop can refuse to
    dial a blacklisted number without holding the whole list of numbers.
    """
    return e164_hash(canonical(e164))


def e164_hash(e164: str) -> str:
    """phone_hash of a number already in E.164 (what the normaliser gave): no second pass."""
    return hashlib.sha256(("callsheet-dnc:" + e164).encode()).hexdigest()


# --------------------------------------------------------------------- auth


class LoginRequest(Model):
    username: Annotated[Text, Field(min_length=1, max_length=64)]
    password: Annotated[Text, Field(min_length=1, max_length=256)]


class UserInfo(Model):
    id: str
    username: str
    display_name: str
    role: Role
    team_id: str | None = None
    team_name: str | None = None


class LoginResponse(Model):
    token: str
    expires_at: datetime
    user: UserInfo


class ErrorBody(Model):
    """Every error answer of the server has this shape."""

    code: str
    message: str


# --------------------------------------------------------------- reference data


class DialMode(enum.StrEnum):
    """How the next call of a campaign starts (docs/telephony.md)."""

    PREVIEW = "preview"  # the agent reads the customer, then presses F5
    PROGRESSIVE = "progressive"  # after wrap-up the next callable customer is dialled
    #                              after a visible countdown the agent can cancel or pause


# Bounds of the campaign's dialling settings (the admin route and CLI refuse others).
MAX_PROGRESSIVE_DELAY_S = 120
MIN_RING_TIMEOUT_S, MAX_RING_TIMEOUT_S = 5, 120
MAX_WRAP_UP_LIMIT_S = 3600  # 0: no limit
MAX_TRANSFER_TARGET = 200
# Days a recording is kept past the contract's end: at least a month (a dispute or a
# verification needs it; 0 by a slip would purge at once), at most ten years.
MIN_RECORDING_RETENTION_DAYS, MAX_RECORDING_RETENTION_DAYS = 30, 3650

ProgressiveDelay = Annotated[int, Field(ge=0, le=MAX_PROGRESSIVE_DELAY_S)]
RingTimeout = Annotated[int, Field(ge=MIN_RING_TIMEOUT_S, le=MAX_RING_TIMEOUT_S)]
WrapUpLimit = Annotated[int, Field(ge=0, le=MAX_WRAP_UP_LIMIT_S)]
TransferTarget = Annotated[str, Field(max_length=MAX_TRANSFER_TARGET)]
RecordingRetention = Annotated[int, Field(ge=MIN_RECORDING_RETENTION_DAYS,
                                          le=MAX_RECORDING_RETENTION_DAYS)]


class CallingWindow(Model):
    """A calling window for one region and audience (value tiers), in the customer's
    local time. A campaign's first matching window applies (wire.rules.calling_window);
    without one, the campaign's own window_start-window_end."""

    region: Annotated[str, Field(max_length=100)] = ""  # a prefix of the customer's region
    tiers: list[ValueTier] = Field(default_factory=list)  # the audience; [] = every tier
    start: LocalTime
    end: LocalTime


class CampaignOut(Model):
    id: str
    code: str
    name: str
    name_zh: str
    description: str = ""
    window_start: LocalTime  # calling window, in the customer's local time
    window_end: LocalTime
    max_attempts: int
    retry_spacing_minutes: int
    max_calls_24h: int = 3
    max_calls_30d: int = 10
    allowed_dispositions: list[Disposition]
    active: bool = True
    campaign_type: CampaignType = CampaignType.SALES  # migration 0015
    # Dialling (migration 0010); the defaults are what a server without them means.
    dial_mode: DialMode = DialMode.PREVIEW
    progressive_delay_s: ProgressiveDelay = 5  # the countdown before a progressive dial
    wrap_up_limit_s: WrapUpLimit = 0  # 0: wrap-up is not limited
    ring_timeout_s: RingTimeout = 30  # no answer after this: CANCEL, "no answer" pre-filled
    transfer_target: TransferTarget = ""  # verifier / supervisor extension or SIP URI
    record_calls: bool = False  # the desktop records its calls; the script announces it
    # Windows per region and audience (migration 0017); older servers send none
    windows: list[CallingWindow] = Field(default_factory=list, max_length=100)


class OfferOut(Model):
    id: str
    code: str
    campaign_id: str
    name: str
    name_zh: str
    price_yuan: float
    term_months: int = 0
    selling_points: str = ""
    selling_points_zh: str = ""
    eligible_tiers: list[ValueTier] = Field(default_factory=list)
    priority: int = 0  # higher is pushed first


class ScriptBranch(Model):
    label: str
    label_zh: str = ""
    goto: str  # id of the next step


class ScriptStep(Model):
    id: str
    # "rating" (1-5) and "free_text" are survey questions (satisfaction surveys): the
    # desktop asks them in its survey form and the answers travel with the outcome.
    kind: Literal["say", "question", "disclosure", "pitch", "objection", "close", "rating",
                  "free_text"]
    title: str
    title_zh: str = ""
    text: str  # may hold placeholders such as {customer_name}, {offer_price}
    text_zh: str = ""
    mandatory: bool = False  # a disclosure that must be ticked before a sale
    branches: list[ScriptBranch] = Field(default_factory=list)
    next: str | None = None


class VariantRule(Model):
    """Who a script variant is for (wire/variants.py decides); every condition must hold,
    an empty one holds for everyone."""

    age: str = ""  # a range of years: "55+", "18-34" (the customer's band lies inside)
    region: str = ""  # a prefix of the customer's region
    district: list[str] = Field(default_factory=list)  # district or community, exact
    network: list[str] = Field(default_factory=list)  # 2G / 3G / 4G / 5G
    plan_fit: list[str] = Field(default_factory=list)  # A-D
    tier: list[str] = Field(default_factory=list)  # value tiers A1 ... D
    broadband: str = ""  # a range of Mbit/s: "0-99", "100+" (no broadband: 0)


class ScriptVariant(Model):
    """A whole script for one segment: its own steps, read instead of the default ones."""

    key: str  # recorded with the outcome (OutcomeAction.script_variant)
    title: str
    title_zh: str = ""
    when: VariantRule = Field(default_factory=VariantRule)
    steps: list[ScriptStep]


class ScriptOut(Model):
    id: str
    campaign_id: str
    version: int
    title: str
    steps: list[ScriptStep]  # the default (a desktop that knows no variants reads these)
    # Issue 22: tried in order, the first whose rule the customer meets is read.
    variants: list[ScriptVariant] = Field(default_factory=list)


# ------------------------------------------------------------------- customers


class UsageMonth(Model):
    month: str  # YYYY-MM
    data_mb_in_plan: float
    data_mb_out_of_plan: float
    minutes_in_plan: int
    minutes_out_of_plan: int
    spend_yuan: float


class PackageHistoryEntry(Model):
    """A package the customer held before, from the day it began (issue 22)."""

    since: date
    name: str


class CustomerOut(Model):
    id: str
    external_id: str
    name: str
    phone: str  # E.164
    region: str
    timezone: str  # IANA, e.g. Asia/Shanghai
    star_level: Annotated[int, Field(ge=0, le=5)]
    vip: bool
    tenure_months: int
    arpu_yuan: float
    plan_name: str
    plan_minutes: int
    plan_data_mb: int
    usage: list[UsageMonth] = Field(default_factory=list)
    contract_end: date | None = None
    handset: str = ""
    network_gen: str = ""  # 3G / 4G / 5G
    value_added_services: list[str] = Field(default_factory=list)
    arrears_yuan: float = 0.0
    credit_class: str = ""
    # "none": no clear preference (no data, or a tie); called after phone, before store
    preferred_channel: Literal["phone", "sms", "web", "store", "none"] = "phone"
    complaints: int = 0
    value_score: Annotated[int, Field(ge=0, le=100)] = 0
    value_tier: ValueTier = ValueTier.C
    plan_fit: Literal["A", "B", "C", "D", ""] = ""
    lifecycle_stage: str = ""
    consent_basis: str = ""  # lawful basis for marketing calls, where known
    # --- issue 22, script variants by segment: the fields the variants' rules read ---
    age_band: str = ""  # "18-24", "65+"; "" = not known
    district: str = ""  # 区县
    community: str = ""  # 小区 / 社区
    broadband_mbps: int | None = None  # None: no broadband on file
    package_history: list[PackageHistoryEntry] = Field(default_factory=list)  # oldest first
    # --- end of issue 22's profile fields ---
    # -- issue 22: big-customer tier (diamond, emerald, platinum, gem, gold, crystal; "")
    big_tier: str = ""


class HistoryEntry(Model):
    id: str
    at: datetime
    agent_name: str
    campaign_code: str
    disposition: Disposition
    objection: Objection | None = None
    notes: str = ""
    offer_code: str | None = None
    # A sale's order as it stands after the call (wire.aftersale.OrderState's values):
    # awaiting_verification / confirmed / cancelled / activated / failed. None: no order.
    order_state: str | None = None
    # Whether that order was confirmed (verifier, sampling or the notice), whatever
    # happened later: with order_state, how the sale counts (wire.aftersale.sale_standing)
    order_confirmed: bool = False


class Recommendation(Model):
    offer_id: str
    rank: int
    reason: str
    reason_zh: str = ""


class QueueItemOut(Model):
    id: str
    campaign_id: str
    agent_id: str
    status: QueueStatus
    priority: int
    attempts: int
    next_call_at: datetime | None = None  # not before (retry spacing)
    callback_at: datetime | None = None  # UTC; shown in both clocks
    customer: CustomerOut
    history: list[HistoryEntry] = Field(default_factory=list)
    recommendations: list[Recommendation] = Field(default_factory=list)


class DncEntry(Model):
    phone_hash: str
    customer_id: str | None = None
    added_at: datetime


# ------------------------------------------------------------------------ pull


class QueueControl(Model):
    """The team lead's hold on an agent's queue: while `paused`, that agent's desktop dials
    nothing (the dial gate answers "queue_paused") until the lead releases it."""

    agent_id: str
    paused: bool
    reason: str = ""
    changed_at: datetime
    changed_by: str = ""  # the lead's display name


class PullResponse(Model):
    """Everything the user may see that changed after `since`, in server commit order.

    Apply the whole page and store `cursor` in the same local transaction; ask
    again with that cursor while `has_more` is true.
    """

    cursor: int
    has_more: bool
    server_time: datetime
    campaigns: list[CampaignOut] = Field(default_factory=list)
    offers: list[OfferOut] = Field(default_factory=list)
    scripts: list[ScriptOut] = Field(default_factory=list)
    queue_items: list[QueueItemOut] = Field(default_factory=list)
    removed_queue_items: list[str] = Field(default_factory=list)
    dnc: list[DncEntry] = Field(default_factory=list)
    controls: list[QueueControl] = Field(default_factory=list)
    # How long a desktop keeps a customer it no longer has an item for (days since
    # its last local call); older servers omit it and the desktop uses the default.
    local_retention_days: int = Field(default=30, ge=0, le=3650)
    # The server database's generation: renewed when it is restored from a backup. A
    # desktop that stored another one pulls again from 0, keeping its outbox (a restored
    # counter may have climbed past its cursor). Older servers omit it.
    generation: str | None = Field(default=None, max_length=36)
    # Feed rows up to this seq may have been compacted away: a desktop whose cursor is
    # above 0 and below it pulls again from 0 (not an error).
    compacted_through: int = Field(default=0, ge=0)


class ReadyOut(Model):
    """GET /api/v1/ready: 200 when the database answers and its schema is this release's
    (`revision` == `expected_revision`), else 503 with `reason` (for the balancer and the
    people watching it; /health only says the process is alive)."""

    status: Literal["ready", "not_ready"]
    reason: str = ""
    revision: str | None = None
    expected_revision: str


class WaitResponse(Model):
    """GET /api/v1/sync/wait?since=N&timeout=S: the long poll of a desktop.

    Answers as soon as a change visible to the user with seq > since exists
    (`changed`, and `cursor` is the newest such seq), else after the timeout
    (`changed` false, `cursor` = since). The desktop then pulls as usual.
    """

    changed: bool
    cursor: int


# ------------------------------------------------------------------------ push


def _kind_required(schema: JsonDict) -> None:
    """`kind` has a default for Python callers, but on the wire it is the discriminator
    and must be sent: say so in the JSON schema (and so in the OpenAPI description)."""
    required = schema.setdefault("required", [])
    if isinstance(required, list) and "kind" not in required:
        required.insert(0, "kind")


class _Action(Model):
    model_config = ConfigDict(extra="ignore", json_schema_extra=_kind_required)

    action_id: Text = Field(min_length=8, max_length=64)  # client-made (uuid4)
    created_at: Timestamp  # client clock, informational
    # server clock minus client clock, as the desktop measured it at its last pull
    # (PullResponse.server_time). The server adds it to the client's times before it
    # compares them with its own (the "sale after do-not-call" rule). Old clients: 0.
    clock_offset_seconds: float = Field(default=0.0, allow_inf_nan=False,
                                        ge=-MAX_CLOCK_OFFSET_SECONDS,
                                        le=MAX_CLOCK_OFFSET_SECONDS)


MAX_DISCLOSURE_TICKS = 100


class DisclosureTick(Model):
    """A mandatory disclosure ticked during the call, and when: on the server's clock (the
    desktop's clock corrected by its measured offset), so quality replays it exactly."""

    step_id: Text = Field(min_length=1, max_length=64)
    at: Timestamp


MAX_SIP_CAUSE_CHARS = 200
MAX_SURVEY_ANSWERS = 50
MAX_SURVEY_TEXT_CHARS = 1000


class SurveyAnswer(Model):
    """One answer to a survey question (a script step of kind rating / free_text): a score
    1 (very dissatisfied) ... 5 (very satisfied), or free text."""

    question_id: str = Field(min_length=1, max_length=64)
    score: Annotated[int, Field(ge=1, le=5)] | None = None
    text: str = Field(default="", max_length=MAX_SURVEY_TEXT_CHARS)


class OutcomeAction(_Action):
    kind: Literal["outcome"] = "outcome"
    queue_item_id: Text
    customer_id: Text
    campaign_id: Text
    disposition: Disposition
    objection: Objection | None = None
    notes: Text = Field(default="", max_length=MAX_NOTES_CHARS)
    offer_id: Text | None = None
    script_id: Text | None = None
    script_version: Count | None = None
    # The script variant read (ScriptVariant.key; "" the default, None an older desktop).
    script_variant: Text | None = Field(default=None, max_length=64)
    steps_taken: list[Text] = Field(default_factory=list)
    disclosures_ticked: list[Text] = Field(default_factory=list)
    # When each disclosure was ticked (newer desktops; older ones send none).
    disclosure_ticks: list[DisclosureTick] = Field(default_factory=list,
                                                   max_length=MAX_DISCLOSURE_TICKS)
    # The dial time, on the desktop's clock like created_at. An outcome that reached the
    # customer without one is rejected ("dial_required"): no dial, no contact.
    call_started_at: Timestamp | None = None
    talk_seconds: CallSeconds = 0
    wrap_seconds: CallSeconds = 0
    callback_at: Timestamp | None = None
    # How the call ended as the desktop's SIP stack saw it, e.g. "486 Busy Here" (None: the
    # call went through a tel: softphone, or an older desktop). The server keeps it in the
    # outcome's audit entry.
    sip_cause: Text | None = Field(default=None, max_length=MAX_SIP_CAUSE_CHARS)
    # Where the call was blind-transferred (REFER taken by the far end), e.g. the
    # verifier's extension as a SIP URI; kept in the outcome's audit entry like sip_cause.
    transferred_to: Text | None = Field(default=None, max_length=MAX_TRANSFER_TARGET)
    # A payment reminder's promise (promised_to_pay): the date the customer will pay.
    promised_on: date | None = None
    # A satisfaction survey's answers, stored with the call record (server/surveys.py).
    survey_answers: list[SurveyAnswer] = Field(default_factory=list,
                                               max_length=MAX_SURVEY_ANSWERS)

    @field_validator("notes")
    @classmethod
    def _strip(cls, v: str) -> str:
        return v.strip()


class DncAction(_Action):
    kind: Literal["dnc"] = "dnc"
    customer_id: Text
    reason: Text = Field(default="", max_length=500)


# "offline": the desktop signed off (its last push when the agent window closes).
AgentStateName = Literal["available", "paused", "on_call", "wrap_up", "offline"]
# The reason codes a server offers unless configured otherwise (server/presence.py sends
# its list, GET /api/v1/presence/pause-reasons); desktops translate the codes they know.
PAUSE_REASONS = (
    "break", "lunch", "personal", "technical", "training", "meeting", "coaching",
)


class PauseReasonOut(BaseModel):
    """One reason an agent may pause for: a code, and labels for codes a desktop does not
    know yet (it translates the ones it knows)."""

    code: str = Field(min_length=1, max_length=32, pattern=r"^[a-z0-9_]+$")
    label: str = Field(min_length=1, max_length=80)
    label_zh: str = Field(default="", max_length=80)


class PauseReasonsOut(BaseModel):
    reasons: list[PauseReasonOut] = Field(min_length=1, max_length=20)


class AgentStateAction(_Action):
    """The agent's presence changed (e.g. paused for a break); the team lead sees it."""

    kind: Literal["agent_state"] = "agent_state"
    state: AgentStateName
    reason: Text | None = Field(default=None, max_length=32)  # one of PAUSE_REASONS when paused


PushAction = Annotated[
    OutcomeAction | DncAction | AgentStateAction, Field(discriminator="kind")
]


class PushRequest(Model):
    actions: list[PushAction] = Field(max_length=MAX_PUSH_BATCH)


class ActionResult(Model):
    action_id: str
    status: Literal["accepted", "rejected"]
    duplicate: bool = False  # this action id was seen before; the answer is the stored one
    code: str | None = None  # machine-readable reason when rejected
    message: str | None = None


class PushResponse(Model):
    """The answers, and the server's resulting state of what the push changed for this
    user (the items, their removals, do-not-call entries): the desktop applies it at once,
    and the pull skips the changes this desktop made (`DEVICE_HEADER`), so they do not
    come back to it. Older servers send `results` only."""

    results: list[ActionResult]
    queue_items: list[QueueItemOut] = Field(default_factory=list)
    removed_queue_items: list[str] = Field(default_factory=list)
    dnc: list[DncEntry] = Field(default_factory=list)


# A desktop names itself (a random id kept in its local store) in this header on pull,
# wait and push; the server records it with the changes a push makes and leaves them out
# of that same desktop's pulls and long polls. Another desktop of the same user has
# another id and sees them.
DEVICE_HEADER = "X-Callsheet-Device"
DEVICE_PATTERN = r"^[A-Za-z0-9_-]{8,64}$"


# ------------------------------------------------------------------ team lead


class AssignRequest(Model):
    """POST /api/v1/queue/{item_id}/assign: move a queue item to another agent."""

    agent_id: Text
