"""Wire models of the admin planning API (issue 7), under /api/v1/admin/.

POST /admin/customers/import?filename=F&encoding=E   body: the file's bytes -> ImportReport
     (&replace=true blanks the columns the file lacks; &decimal_comma=true reads 58,5)
PATCH /admin/customers/{external_id}  CustomerEdit     -> CustomerEdited
POST /admin/dnc/import?filename=F&source=S           body: the file's bytes -> DncImportReport
GET  /admin/dnc/export?masked=false                  -> text/csv
POST /admin/campaigns/{code}/plan    PlanRequest     -> PlanReport
POST /admin/campaigns/{code}/assign  AssignCampaignRequest -> AssignReport
POST /admin/scripts?filename=F       body: the script, YAML (Markdown: F.md) -> ScriptPublished
POST /admin/churn/train              -> ChurnReport
PATCH /admin/campaigns/{code}/dialling  DiallingEdit -> DiallingSettings
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from wire.bounds import MAX_DAYS_BACK, NoNulDeep, Text, Weight
from wire.schema import (
    DialMode,
    ProgressiveDelay,
    RecordingRetention,
    RingTimeout,
    TransferTarget,
    WrapUpLimit,
)

MAX_ASSIGN_LIMIT = 1_000_000


class Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class RowError(Model):
    line: int
    external_id: str = ""
    reason: str


class ImportReport(Model):
    rows: int
    inserted: int
    updated: int
    rejected: int
    unchanged: int = 0  # on file already, nothing in the file differed
    customers_before: int = 0  # customers on file before the import
    customers_after: int = 0
    rejected_by_reason: dict[str, int] = Field(default_factory=dict)  # field -> rows
    dnc_closed: int = 0  # open items closed: the customer's new number is do-not-call
    stale_items: list[str] = Field(default_factory=list)  # open items to plan again
    blanked: list[str] = Field(default_factory=list)  # columns replace=true blanked
    summary: str = ""  # the CLI's summary line
    errors: list[RowError] = Field(default_factory=list)  # at most 1,000
    # -- issue 22: account managers from the file, cause-analysis tasks opened
    owners_set: int = 0
    tasks_opened: int = 0


class CustomerEdit(Model):
    """PATCH /admin/customers/{external_id}: the fields to change (None: keep)."""

    name: str | None = Field(default=None, max_length=400)
    phone: str | None = Field(default=None, max_length=64)
    region: str | None = Field(default=None, max_length=400)


class CustomerEdited(Model):
    external_id: str
    phone: str  # E.164, as stored
    do_not_call: bool  # the (new) number is on the do-not-call list
    items_closed: int  # open queue items closed because of it


class DncImportReport(Model):
    rows: int
    added: int
    already: int
    rejected: int
    items_closed: int
    errors: list[RowError] = Field(default_factory=list)


class PlanRequest(Model):
    dry_run: bool = False
    contacted_within_days: Annotated[int, Field(ge=0, le=MAX_DAYS_BACK)] | None = None
    rules: Annotated[dict[str, Any], NoNulDeep] | None = None  # a rule table; None: built-in


class FunnelStep(Model):
    step: str
    kept: int
    dropped: int


class PlanReport(Model):
    campaign_code: str
    plan_id: str | None = None
    dry_run: bool
    funnel: list[FunnelStep]
    targets: int


class AssignCampaignRequest(Model):
    team: Text  # team name or id
    weights: dict[Text, Weight] = Field(default_factory=dict)  # username -> weight
    limit: Annotated[int, Field(ge=0, le=MAX_ASSIGN_LIMIT)] | None = None


class AssignReport(Model):
    per_agent: dict[str, int]
    skipped_busy: int
    skipped_dnc: int
    verifications: int
    verifications_waiting: int
    skipped_kept: int = 0  # kept by their account manager since the plan (not released)
    capped: int = 0  # left planned: a daily volume cap was reached


class ScriptPublished(Model):
    campaign_code: str
    script_id: str
    version: int
    steps: int


class ChurnReport(Model):
    model_id: str
    metrics: dict[str, Any]
    tree: str  # the tree as if/else lines


class DiallingEdit(Model):
    """A campaign's dialling settings; a field left out keeps its value."""

    dial_mode: DialMode | None = None
    progressive_delay_s: ProgressiveDelay | None = None
    wrap_up_limit_s: WrapUpLimit | None = None
    ring_timeout_s: RingTimeout | None = None
    transfer_target: TransferTarget | None = None  # "" clears it
    # Recording: the desktops record this campaign's calls (the script's first step then
    # announces it) and the server keeps each recording this many days past the contract end.
    record_calls: bool | None = None
    recording_retention_days: RecordingRetention | None = None

    @field_validator("transfer_target")
    @classmethod
    def _one_address(cls, v: str | None) -> str | None:
        """An extension ("8001") or a SIP URI: one token, no spaces or control characters."""
        if v is None:
            return None
        v = v.strip()
        if any(c.isspace() or ord(c) < 32 or c in "<>\"" for c in v):
            raise ValueError("the transfer target is one extension or SIP address, "
                             "without spaces")
        return v


class DiallingSettings(Model):
    code: str
    dial_mode: DialMode
    progressive_delay_s: int
    wrap_up_limit_s: int
    ring_timeout_s: int
    transfer_target: str
    record_calls: bool
    recording_retention_days: int
