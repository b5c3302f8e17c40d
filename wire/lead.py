"""Wire models of the team lead's workspace: the live monitor and the queue actions.

GET  /api/v1/lead/monitor               -> Monitor (the lead's teams, today)
GET  /api/v1/lead/queue?agent_id=...    -> TeamQueue (open items of the lead's agents)
POST /api/v1/lead/reassign              ReassignRequest -> ActionDone
POST /api/v1/lead/rebalance             RebalanceRequest -> ActionDone
POST /api/v1/lead/rebalance/preview     RebalanceRequest -> RebalancePreview (changes nothing)
GET  /api/v1/lead/summary?start=&end=   -> DailySummary (days of the centre, inclusive)
POST /api/v1/lead/priority              PriorityRequest -> ActionDone
POST /api/v1/lead/queue-pause           QueuePauseRequest -> ActionDone

"Today" is the call centre's day (CALLSHEET_CENTRE_TZ on the server, default
Asia/Shanghai). Conversion is successes over reached calls, as in the agent's day bar.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from wire.bounds import Text
from wire.schema import Disposition


class Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class LiveState(enum.StrEnum):
    OFFLINE = "offline"  # signed off, or no contact for OFFLINE_AFTER_SECONDS
    IDLE = "idle"  # online, available, not on a call
    ON_CALL = "on_call"
    WRAP_UP = "wrap_up"
    PAUSED = "paused"


# The default; the server's CALLSHEET_OFFLINE_AFTER_SECONDS overrides it. A desktop
# long-polls every 25 s and pulls every 15 s, so a minute without contact means gone.
OFFLINE_AFTER_SECONDS = 60


class AlertKind(enum.StrEnum):
    IDLE = "idle"  # available and no call for longer than the set time
    LOW_CONVERSION = "low_conversion"  # far below the team's
    DNC_RISE = "dnc_rise"  # more do-not-call flags today than usual
    CONFLICT = "conflict"  # two agents recorded outcomes for one item (sync rule 4b)
    DENIALS = "denials"  # customers denied this seller's sales at verification (fraud signal)
    ESCALATION = "escalation"  # complaint follow-ups today whose customer is still unhappy


class Rate(Model):
    """n of d, with the rate (None when d is 0: no figure, not 0%)."""

    n: int = 0
    d: int = 0

    @property
    def rate(self) -> float | None:
        return self.n / self.d if self.d else None


class AgentRow(Model):
    agent_id: str
    name: str
    team: str
    state: LiveState
    state_reason: str | None = None  # pause reason code
    state_since: datetime | None = None
    calls: int = 0
    reached: int = 0
    successes: int = 0  # sales confirmed by verification (issue 21), today
    sales_awaiting: int = 0  # today's sales still awaiting verification
    sales_reversed: int = 0  # today's sales the verification reversed
    talk_seconds: int = 0
    queue_left: int = 0
    dnc_today: int = 0
    last_sync_at: datetime | None = None  # the desktop's last contact with the server
    contact_age_seconds: float | None = None  # server time minus last_sync_at, at the read
    queue_paused: bool = False

    @property
    def conversion(self) -> float | None:
        return self.successes / self.reached if self.reached else None

    @property
    def avg_talk_seconds(self) -> float | None:
        return self.talk_seconds / self.reached if self.reached else None


class CampaignRow(Model):
    campaign_id: str
    code: str
    name: str
    name_zh: str
    worked: int = 0  # items of the lead's agents no longer untouched
    total: int = 0
    calls: int = 0  # all time, the lead's agents
    reached: int = 0
    successes: int = 0  # sales confirmed by verification (issue 21)
    by_tier: dict[str, Rate] = Field(default_factory=dict)  # successes of reached
    by_offer: dict[str, Rate] = Field(default_factory=dict)  # offer code -> sales of offers made
    # as recorded, but "accepted" = the sales that stand (awaiting and reversed: below)
    outcome_mix: dict[Disposition, int] = Field(default_factory=dict)
    sales_awaiting: int = 0  # awaiting verification
    sales_reversed: int = 0  # denied, cancelled or wrong details at verification
    trials_ended: int = 0  # confirmed trial orders whose trial is over...
    trials_kept: int = 0  # ...and not cancelled within it (renewed)
    cancelled_within_trial: int = 0
    cancelled_after_trial: int = 0
    packs_kept: int = 0  # confirmed orders not cancelled

    @property
    def renewal_rate(self) -> float | None:
        return self.trials_kept / self.trials_ended if self.trials_ended else None

    @property
    def connect_rate(self) -> float | None:
        return self.reached / self.calls if self.calls else None

    @property
    def success_rate(self) -> float | None:
        return self.successes / self.reached if self.reached else None


class HourRow(Model):
    hour: int  # 0-23, the centre's clock
    calls: int = 0
    successes: int = 0  # sales made in this hour and confirmed since (issue 21)
    sales_awaiting: int = 0  # sales made in this hour still awaiting verification


class Alert(Model):
    kind: AlertKind
    agent_id: str | None = None
    agent_name: str = ""
    since: datetime | None = None
    value: float | None = None  # minutes idle, conversion, DNC count...
    reference: float | None = None  # the team's conversion, the usual DNC count...
    detail: str = ""  # e.g. the queue item of a conflict


class TeamOut(Model):
    id: str
    name: str
    # Caps and targets (server/planning/caps.py) against the team's calls; None: not set
    calls_today: int = 0
    calls_week: int = 0  # since Monday, in the centre's time
    day_target: int | None = None
    week_target: int | None = None
    agent_daily_cap: int | None = None
    team_daily_cap: int | None = None


class Monitor(Model):
    server_time: datetime
    day_start: datetime  # the centre's midnight, as UTC
    teams: list[TeamOut]
    agents: list[AgentRow]
    campaigns: list[CampaignRow]
    hours: list[HourRow]
    # today, all agents; "accepted" = the sales that stand (confirmed), the others are
    # the two figures below, so the mix adds up to the calls
    outcome_mix: dict[Disposition, int] = Field(default_factory=dict)
    sales_awaiting: int = 0  # today's sales still awaiting verification
    sales_reversed: int = 0  # today's sales the verification reversed
    alerts: list[Alert] = Field(default_factory=list)
    query_ms: float = 0.0  # how long the server took to build this answer


class TeamQueueItem(Model):
    item_id: str
    agent_id: str
    campaign_id: str
    customer_name: str
    phone_masked: str
    value_tier: str
    status: str
    priority: int
    attempts: int
    callback_at: datetime | None = None


class TeamQueue(Model):
    items: list[TeamQueueItem]
    total: int  # before the limit


class ReassignRequest(Model):
    item_ids: list[Text] = Field(min_length=1, max_length=5000)
    agent_id: Text


class RebalanceRequest(Model):
    campaign_id: Text
    agent_ids: list[Text] = Field(min_length=1, max_length=200)


class RebalanceMove(Model):
    from_agent_id: str
    from_name: str
    to_agent_id: str
    to_name: str
    items: int


class RebalancePreview(Model):
    """What POST /rebalance would do with the same request, from whom to whom."""

    moves: list[RebalanceMove]
    moved: int  # items that would change agent
    kept: int  # items with a call-back promised by their agent: they stay


SUMMARY_MAX_DAYS = 92


class SummaryFigures(Model):
    """One agent's or one campaign's calls over the summary's days."""

    calls: int = 0
    reached: int = 0
    sales: int = 0  # confirmed by verification (issue 21)
    sales_awaiting: int = 0  # still awaiting verification
    sales_reversed: int = 0  # denied, cancelled or wrong details at verification
    talk_seconds: int = 0  # of reached calls
    dnc_flags: int = 0  # calls that ended with "refuses marketing calls"

    @property
    def conversion(self) -> float | None:
        return self.sales / self.reached if self.reached else None

    @property
    def avg_talk_seconds(self) -> float | None:
        return self.talk_seconds / self.reached if self.reached else None


class SummaryAgent(SummaryFigures):
    agent_id: str
    name: str
    team: str
    pause_seconds: dict[str, int] = Field(default_factory=dict)  # pause reason -> seconds


class SummaryCampaign(SummaryFigures):
    campaign_id: str
    code: str
    name: str
    name_zh: str
    # all time, as of the summary (issue 21): the trial offers' renewals, packs kept
    trials_ended: int = 0
    trials_kept: int = 0
    packs_kept: int = 0
    # A satisfaction survey's calls with answers, and the mean of their scores (1-5).
    survey_calls: int = 0
    satisfaction_mean: float | None = None

    @property
    def renewal_rate(self) -> float | None:
        return self.trials_kept / self.trials_ended if self.trials_ended else None


class DailySummary(Model):
    start: date  # the centre's days, both included
    end: date
    agents: list[SummaryAgent]
    campaigns: list[SummaryCampaign]
    pause_reasons: list[str]  # the reason codes, in their usual order


class PriorityRequest(Model):
    item_ids: list[Text] = Field(min_length=1, max_length=5000)
    priority: int = Field(ge=0, le=100)


class QueuePauseRequest(Model):
    agent_id: Text
    paused: bool
    reason: Text = Field(default="", max_length=200)


class ActionDone(Model):
    changed: int  # items moved / changed, or 1 for a pause
    skipped: int = 0  # e.g. items with a call-back promised by their agent
    message: str = ""
