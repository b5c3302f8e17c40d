"""Read-only view objects the services hand to the UI. Plain data, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from app.domain import DialVerdict, RankedOffer, RenderedStep
from wire.schema import (
    CampaignOut,
    CustomerOut,
    Disposition,
    HistoryEntry,
    QueueStatus,
    ScriptOut,
    SurveyAnswer,
)


@dataclass(frozen=True)
class QueueRow:
    id: str
    customer_id: str
    customer_name: str
    phone_masked: str
    region: str
    campaign_id: str
    campaign_code: str
    campaign_name: str
    campaign_name_zh: str
    status: QueueStatus
    priority: int
    value_tier: str
    attempts: int
    callback_at: datetime | None
    callback_due: bool
    callable_now: bool
    callable_from: datetime | None  # when greyed: the time it becomes callable
    blocked_code: str  # DialVerdict.code when not callable
    top_offer: str
    top_offer_zh: str
    timezone: str = ""  # the customer's (IANA name), for the call-back in their clock
    # Its place in the calling order (QueueService.list_queue sorts by it): a row re-read
    # alone goes back to its place without listing the queue again.
    order: tuple[Any, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class CustomerDetail:
    queue_item_id: str
    status: QueueStatus
    attempts: int
    callback_at: datetime | None
    customer: CustomerOut
    campaign: CampaignOut | None
    history: list[HistoryEntry]
    offers: list[RankedOffer]
    script: ScriptOut | None
    steps: list[RenderedStep]
    verdict: DialVerdict
    on_dnc: bool
    local_time: datetime
    allowed_dispositions: list[Disposition] = field(default_factory=list)
    # The server's time when this was read (QueueService.now): the panels showing it
    # count call-back picks from it instead of reading the clock's offset on the UI thread.
    read_at: datetime | None = None


@dataclass(frozen=True)
class OutcomeDraft:
    """What the agent recorded for a call, before validation. The call's own facts (dial
    time, talk time, disclosures ticked and when) are the queue service's live call
    (start_call / tick_disclosure / end_call); the fields of the same names here are
    not trusted for the record."""

    queue_item_id: str
    disposition: Disposition
    notes: str = ""
    objection: str | None = None
    offer_id: str | None = None
    script_id: str | None = None
    script_version: int | None = None
    steps_taken: list[str] = field(default_factory=list)
    disclosures_ticked: list[str] = field(default_factory=list)
    call_started_at: datetime | None = None
    talk_seconds: int = 0
    wrap_seconds: int = 0
    callback_at: datetime | None = None
    dnc_reason: str = ""
    promised_on: date | None = None  # a payment reminder's promise to pay
    survey_answers: list[SurveyAnswer] = field(default_factory=list)  # a completed survey


@dataclass(frozen=True)
class DayStats:
    """The agent's day so far on this desktop (today in the agent's local time)."""

    calls: int  # outcomes recorded today
    reached: int  # of which the customer was reached
    successes: int  # sales recorded today that verification confirmed (issue 21)
    talk_seconds: int
    queue_left: int  # open items still in the queue (do-not-call excluded)
    sales_awaiting: int = 0  # sales recorded today, not verified yet (or not synced)
    sales_reversed: int = 0  # sales recorded today that verification reversed

    @property
    def conversion(self) -> float | None:
        """Confirmed sales per reached customer; None before anyone was reached."""
        return self.successes / self.reached if self.reached else None


@dataclass(frozen=True)
class Presence:
    state: str  # available / paused / on_call / wrap_up
    reason: str | None
    since: datetime | None


@dataclass(frozen=True)
class RejectedAction:
    """Something the agent recorded that the server refused, with the server's reason."""

    action_id: str
    kind: str  # outcome / dnc / agent_state
    created_at: datetime | None
    customer_name: str  # "" when the action is not about a customer
    detail: str  # disposition value, or the agent state
    code: str
    message: str
