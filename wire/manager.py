"""Wire models of the campaign manager's workspace (the desktop's admin window), under
/api/v1/admin/ beside the planning routes (wire/planning.py):

POST /admin/customers/preview?filename=F&encoding=E  body: the file -> FilePreview
GET  /admin/segments                                 -> Segments
GET  /admin/dnc/search?phone=P                       -> DncLookup
GET  /admin/scripts?campaign=C                       -> ScriptHistory
GET  /admin/campaigns/{code}/plans                   -> PlanHistory
GET  /admin/campaigns/{code}/rules                   -> RuleTable (the built-in one)
POST /admin/scripts/check?filename=F                 body: the script -> ScriptCheck
GET  /admin/jobs/{job_id}                            -> JobProgress
POST /admin/jobs/{job_id}/cancel                     -> JobProgress

The customer import (POST /admin/customers/import) also takes `dry_run` (check every row,
change nothing), `columns` (a JSON object field -> the file's header) and `job` (an id the
caller chose: its progress and cancel are the two job routes).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from wire.planning import FunnelStep

PREVIEW_ROWS = 20


class Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ImportField(Model):
    name: str  # the field (wire name), e.g. "external_id"
    required: bool


class FilePreview(Model):
    encoding: str  # "UTF-8", "GBK", ... or "XLSX"
    header: list[str]
    rows: list[list[str]]  # the first PREVIEW_ROWS rows, as wide as the header
    first_line: int = 2  # the file's line number of rows[0]
    total_rows: int  # data rows in the file (blank rows not counted)
    fields: list[ImportField]  # what a column may be mapped to


class Segments(Model):
    customers: int
    tier_fit: dict[str, dict[str, int]]  # value tier -> plan fit -> customers
    churn_warning: int  # customers on the churn warning line (spend or service drop)
    churn_by_tier: dict[str, int]  # warned customers per value tier
    star_levels: dict[str, int]  # star level (0-5) -> customers
    vip: int
    lifecycle: dict[str, int]
    query_ms: float = 0.0
    # -- issue 22: big customers (diamond ... crystal), and the fee rule's warnings
    big_tiers: dict[str, int] = Field(default_factory=dict)  # big tier -> customers
    churn_by_big_tier: dict[str, int] = Field(default_factory=dict)  # warned (either rule)
    fee_warning: int = 0  # big customers on the fee warning line (also in churn_warning)


class DncLookup(Model):
    query: str  # as typed
    phone: str  # normalised (E.164); "" when the text is no phone number
    found: bool
    source: str = ""
    reason: str = ""
    added_at: datetime | None = None
    external_id: str = ""


class ScriptVersion(Model):
    version: int
    title: str
    created_at: datetime
    steps: list[dict[str, Any]]
    variants: list[dict[str, Any]] = Field(default_factory=list)  # wire ScriptVariant's


class ScriptHistory(Model):
    campaign_code: str
    versions: list[ScriptVersion]  # newest first


class PlanSaved(Model):
    plan_id: str
    created_at: datetime
    targets: int
    funnel: list[FunnelStep]


class PlanHistory(Model):
    campaign_code: str
    plans: list[PlanSaved]  # newest first


class JobProgress(Model):
    job_id: str
    rows: int = 0  # rows read so far
    cancelled: bool = False
    done: bool = False
    known: bool = True  # False: no such job in this server process (not started or over)
    extra: dict[str, Any] = Field(default_factory=dict)


class ScriptError(Model):
    line: int
    message: str


class ScriptCheck(Model):
    ok: bool
    campaign_code: str = ""
    title: str = ""
    errors: list[ScriptError] = Field(default_factory=list)
    steps: list[dict[str, Any]] = Field(default_factory=list)  # as the agents get them
    # Issue 22: the variants by segment (wire.schema.ScriptVariant's fields), in order.
    variants: list[dict[str, Any]] = Field(default_factory=list)


class RuleTable(Model):
    campaign_code: str
    rules: dict[str, Any]  # server/planning/offers_rules.py describes the table
