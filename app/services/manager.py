"""The campaign manager's workspace service: the admin planning API and the routes the
manager's desktop added (wire/planning.py, wire/manager.py), plus the lead's rebalance.

Online by nature, like the lead's: nothing is kept locally except the column mappings the
manager saved (a JSON file in the config folder). Every call may raise the client's
CallsheetError family, which the UI turns into words.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel

from app.api_client import ApiClient
from wire.lead import ActionDone, Monitor, RebalancePreview, RebalanceRequest
from wire.manager import (
    DncLookup,
    FilePreview,
    JobProgress,
    PlanHistory,
    RuleTable,
    ScriptCheck,
    ScriptHistory,
    Segments,
)
from wire.planning import (
    AssignCampaignRequest,
    AssignReport,
    DncImportReport,
    ImportReport,
    PlanReport,
    PlanRequest,
    ScriptPublished,
)

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)
BASE = "/api/v1/admin"
LONG = httpx.Timeout(600.0, connect=5.0)  # an import or a plan over a million customers
FILE_TYPES = {".csv": "text/csv", ".txt": "text/csv",
              ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _type(name: str) -> str:
    return FILE_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")


class MappingStore:
    """Saved column mappings by name: {name: {field: header}} in one JSON file."""

    def __init__(self, path: Path | None) -> None:
        self.path = path

    def load(self) -> dict[str, dict[str, str]]:
        if self.path is None or not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("saved mappings unreadable: %s", type(exc).__name__)
            return {}
        if not isinstance(data, dict):
            return {}
        return {str(k): {str(f): str(h) for f, h in v.items()}
                for k, v in data.items() if isinstance(v, dict)}

    def save(self, name: str, columns: dict[str, str]) -> None:
        if self.path is None:
            return
        data = self.load()
        data[name] = dict(columns)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(self.path)


class ManagerService:
    def __init__(self, client: ApiClient, mappings_file: Path | None = None) -> None:
        self._client = client
        self.client = client  # the campaign loop's pages work over the same connection
        self.mappings = MappingStore(mappings_file)

    # ----------------------------------------------------------------- import
    def preview(self, name: str, data: bytes) -> FilePreview:
        return self._client.post_bytes(f"{BASE}/customers/preview", data, FilePreview,
                                       content_type=_type(name), timeout=LONG,
                                       filename=Path(name).name)

    def import_customers(self, name: str, data: bytes, *, dry_run: bool,
                         columns: dict[str, str] | None = None,
                         job: str | None = None) -> ImportReport:
        cols = json.dumps(columns, ensure_ascii=False) if columns else None
        return self._client.post_bytes(
            f"{BASE}/customers/import", data, ImportReport, content_type=_type(name),
            timeout=LONG, filename=Path(name).name, dry_run=str(dry_run).lower(),
            columns=cols, job=job)

    def job(self, job_id: str) -> JobProgress:
        return self._client.get_model(f"{BASE}/jobs/{job_id}", JobProgress)

    def cancel_job(self, job_id: str) -> JobProgress:
        return self._client.post_model(f"{BASE}/jobs/{job_id}/cancel", None, JobProgress)

    # ---------------------------------------------------------- do-not-call
    def import_dnc(self, name: str, data: bytes, source: str = "registry") -> DncImportReport:
        return self._client.post_bytes(f"{BASE}/dnc/import", data, DncImportReport,
                                       content_type=_type(name), timeout=LONG,
                                       filename=Path(name).name, source=source)

    def search_dnc(self, phone: str) -> DncLookup:
        return self._client.get_model(f"{BASE}/dnc/search", DncLookup, phone=phone)

    def export_dnc(self, *, masked: bool) -> bytes:
        """The list as CSV (UTF-8 with BOM); a full export is audited by the server."""
        return self._client.get_bytes(f"{BASE}/dnc/export?masked={str(masked).lower()}")

    # -------------------------------------------------------------- segments
    def segments(self) -> Segments:
        """Counted over every customer: tens of seconds at a million (the page shows its
        progress meanwhile), so the long timeout."""
        return self._client.get_model(f"{BASE}/segments", Segments, timeout=LONG)

    # --------------------------------------------------------------- planning
    def plan(self, code: str, *, dry_run: bool, rules: dict[str, Any] | None = None,
             contacted_within_days: int | None = None, job: str | None = None) -> PlanReport:
        """`job`: an id for job() and cancel_job() (a cancelled run answers 409)."""
        body = PlanRequest(dry_run=dry_run, rules=rules,
                           contacted_within_days=contacted_within_days)
        return self._post_long(f"{BASE}/campaigns/{code}/plan", body, PlanReport, job=job)

    def rules(self, code: str) -> RuleTable:
        return self._client.get_model(f"{BASE}/campaigns/{code}/rules", RuleTable)

    def plans(self, code: str) -> PlanHistory:
        return self._client.get_model(f"{BASE}/campaigns/{code}/plans", PlanHistory)

    def campaigns(self) -> Monitor:
        """Campaigns, teams and agents, as the lead's monitor lists them (admin: all)."""
        return self._client.get_model("/api/v1/lead/monitor", Monitor)

    # ---------------------------------------------------------------- scripts
    def check_script(self, text: str, name: str = "script.md") -> ScriptCheck:
        return self._client.post_bytes(f"{BASE}/scripts/check", text.encode("utf-8"),
                                       ScriptCheck, content_type="text/markdown",
                                       filename=name)

    def publish_script(self, text: str, name: str = "script.md") -> ScriptPublished:
        return self._client.post_bytes(f"{BASE}/scripts", text.encode("utf-8"),
                                       ScriptPublished, content_type="text/markdown",
                                       filename=name)

    def scripts(self, code: str) -> ScriptHistory:
        return self._client.get_model(f"{BASE}/scripts", ScriptHistory, campaign=code)

    # ------------------------------------------------------- assign, rebalance
    def assign(self, code: str, team: str, *, limit: int | None = None,
               weights: dict[str, float] | None = None) -> AssignReport:
        body = AssignCampaignRequest(team=team, limit=limit, weights=weights or {})
        return self._post_long(f"{BASE}/campaigns/{code}/assign", body, AssignReport)

    def rebalance_preview(self, campaign_id: str, agent_ids: list[str]) -> RebalancePreview:
        return self._client.post_model(
            "/api/v1/lead/rebalance/preview",
            RebalanceRequest(campaign_id=campaign_id, agent_ids=agent_ids), RebalancePreview)

    def rebalance(self, campaign_id: str, agent_ids: list[str]) -> ActionDone:
        return self._client.post_model(
            "/api/v1/lead/rebalance",
            RebalanceRequest(campaign_id=campaign_id, agent_ids=agent_ids), ActionDone)

    def _post_long(self, path: str, body: BaseModel, model: type[M], **params: Any) -> M:
        """A JSON POST that may take minutes (a plan or an assignment of a million)."""
        return self._client.post_bytes(path, body.model_dump_json().encode("utf-8"), model,
                                       content_type="application/json", timeout=LONG,
                                       **params)
