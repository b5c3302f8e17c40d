"""Admin routes the campaign manager's desktop needs beside the planning API
(server/planning/api.py): an encoding-detecting preview of an import file, the segment
counts, a do-not-call number search, the script and plan histories, a script check
without publishing, and the progress and cancel of an import (wire/manager.py). No rule
lives here: each route reads what the planning modules wrote or asks them."""

from __future__ import annotations

import codecs
import time
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from server import audit, json_text
from server import models as m
from server.errors import ApiError
from server.openapi import SCRIPT, SPREADSHEET, raw_body
from server.planning import jobs, offers_rules, scripts_io
from server.planning.api import SCRIPT_SUFFIXES, Auth, _admin, _upload
from server.planning.bigcust import BIG_TIERS, fee_signals
from server.planning.fields import FIELDS, RowError, normalise_phone
from server.planning.models import CampaignPlan
from server.planning.reading import BOM, GUESSES, Unreadable, _fits, read_lists
from server.planning.segmentation import TIER_ORDER, churn_signals
from wire import manager as wm
from wire.bounds import Encoding
from wire.planning import FunnelStep

router = APIRouter(prefix="/api/v1/admin", tags=["planning"])
SNIFF_BYTES = 256 * 1024
SEGMENT_PAGE = 20_000


def detect_encoding(path: Path) -> str | None:
    """The encoding to read a CSV with: UTF-8 (with or without BOM), else the first of
    GBK, GB18030, Big5 its first bytes fit; None for XLSX."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return None
    with path.open("rb") as f:
        head = f.read(SNIFF_BYTES)
    if head.startswith(BOM):
        return "utf-8"
    return next((enc for enc in GUESSES if _fits(head, enc)), "utf-8")


def preview(path: Path, encoding: str | None) -> wm.FilePreview:
    enc = encoding or detect_encoding(path)
    header, rows = read_lists(path, enc)
    shown: list[list[str]] = []
    first = 2
    total = 0
    for line, cells in rows:
        if total == 0:
            first = line
        total += 1
        if len(shown) < wm.PREVIEW_ROWS:
            shown.append(list(cells) if not isinstance(cells, str)
                         else [cells] + [""] * (len(header) - 1))
    label = "XLSX" if enc is None else codecs.lookup(enc).name.upper().replace("_", "-")
    return wm.FilePreview(encoding=label, header=header, rows=shown, first_line=first,
                          total_rows=total,
                          fields=[wm.ImportField(name=k, required=req)
                                  for k, (_t, req) in FIELDS.items()])


@router.post("/customers/preview", openapi_extra=raw_body(*SPREADSHEET))
async def preview_customers(request: Request, filename: str, authorization: Auth = None,
                            encoding: Encoding | None = None) -> wm.FilePreview:
    """The file's header, first rows and row count, read with the encoding the import
    would detect (or the one given); nothing is written."""
    await run_in_threadpool(_admin, request, authorization)
    body = await request.body()
    with _upload(body, filename) as path:
        try:
            return await run_in_threadpool(preview, path, encoding)
        except Unreadable as exc:
            raise ApiError(400, "unreadable_file", str(exc)) from exc


def segment_counts(s: Session) -> wm.Segments:
    t0 = time.perf_counter()
    C = m.Customer  # noqa: N806 - the table, as in SQL
    tier_fit: dict[str, dict[str, int]] = {t: {} for t in TIER_ORDER}
    total = 0
    for tier, fit, n in s.execute(select(C.value_tier, C.plan_fit, func.count())
                                  .group_by(C.value_tier, C.plan_fit)):
        tier_fit.setdefault(tier, {})[fit or "-"] = n
        total += n
    stars = {str(k): n for k, n in s.execute(select(C.star_level, func.count())
                                             .group_by(C.star_level).order_by(C.star_level))}
    life = {k or "-": n for k, n in s.execute(select(C.lifecycle_stage, func.count())
                                              .group_by(C.lifecycle_stage))}
    vip = s.scalar(select(func.count()).where(C.vip.is_(True))) or 0
    churn_by_tier: dict[str, int] = {t: 0 for t in TIER_ORDER}
    # issue 22: big tiers, and their warnings by either rule (bigcust.fee_signals)
    big = {t: 0 for t in BIG_TIERS}
    for t, n in s.execute(select(C.big_tier, func.count()).where(C.big_tier != "")
                          .group_by(C.big_tier)):
        big[t] = n
    churn_by_big = {t: 0 for t in BIG_TIERS}
    fee_warned = 0
    # The rule is segmentation.churn_signals; the usage JSON is read as text and decoded
    # here, as the funnel reads it (targeting._load_pool): the ORM's JSON type costs double.
    # One scan in table order, streamed (on PostgreSQL a server-side cursor, which needs
    # the transaction the route gives it). Pages by id (an index walk per page) cost more
    # than the decoding at a million customers: on SQLite the rows in id order were
    # reads all over the file; on PostgreSQL, its statistics not yet gathered after a
    # large import, every page was a sequential scan and a sort of the whole table
    # (73 s and 25 s of the database's CPU, measured by bench/manager_bench.py).
    q = select(C.value_tier, cast(C.usage, Text), C.big_tier, cast(C.service_fees, Text)) \
        .where(C.churned_on.is_(None)).execution_options(yield_per=SEGMENT_PAGE)
    for tier, usage, btier, fees in s.connection().execute(q):
        warned = bool(usage) and churn_signals(json_text.loads(usage))["churn_warning"] > 0
        if btier and fees and fees != "{}" and \
                fee_signals(json_text.loads(fees), btier)["fee_warning"]:
            fee_warned += 1
            warned = True
        if warned:
            churn_by_tier[tier] = churn_by_tier.get(tier, 0) + 1
            if btier:
                churn_by_big[btier] = churn_by_big.get(btier, 0) + 1
    return wm.Segments(customers=total, tier_fit=tier_fit, churn_warning=sum(
        churn_by_tier.values()), churn_by_tier=churn_by_tier, star_levels=stars, vip=vip,
        lifecycle=life, query_ms=(time.perf_counter() - t0) * 1000,
        big_tiers=big, churn_by_big_tier=churn_by_big, fee_warning=fee_warned)


@router.get("/segments")
def segments(request: Request, authorization: Auth = None) -> wm.Segments:
    """Customers per value tier × plan fit, on the churn warning line, per star level.
    On PostgreSQL in a transaction of the write pool (rolled back, nothing written): the
    read pool's sessions run in autocommit and cannot hold the streaming cursor."""
    _admin(request, authorization)
    state = request.app.state
    sessions = state.writes if state.engine.dialect.name == "postgresql" else state.reads
    with sessions() as s:
        try:
            return segment_counts(s)
        finally:
            s.rollback()


@router.get("/dnc/search")
def dnc_search(request: Request, phone: Annotated[str, Query(max_length=64)],
               authorization: Auth = None) -> wm.DncLookup:
    """One number, normalised as every import and push normalises it."""
    _admin(request, authorization)
    try:
        e164 = normalise_phone(phone)
    except RowError:
        return wm.DncLookup(query=phone, phone="", found=False)
    with request.app.state.reads() as s:
        row = s.execute(select(m.DncEntry, m.Customer.external_id)
                        .outerjoin(m.Customer, m.Customer.id == m.DncEntry.customer_id)
                        .where(m.DncEntry.phone == e164)).first()
    if row is None:
        return wm.DncLookup(query=phone, phone=e164, found=False)
    entry, ext = row
    return wm.DncLookup(query=phone, phone=e164, found=True, source=entry.source,
                        reason=entry.reason, added_at=entry.created_at,
                        external_id=ext or "")


def _campaign(s: Session, code: str) -> m.Campaign:
    camp = s.scalars(select(m.Campaign).where(m.Campaign.code == code)).first()
    if camp is None:
        raise ApiError(404, "not_found", f"no campaign {code!r}")
    return camp


@router.get("/scripts")
def script_history(request: Request, campaign: Annotated[str, Query(max_length=64)],
                   authorization: Auth = None,
                   limit: Annotated[int, Query(ge=1, le=200)] = 50) -> wm.ScriptHistory:
    _admin(request, authorization)
    with request.app.state.reads() as s:
        camp = _campaign(s, campaign)
        rows = s.scalars(select(m.Script).where(m.Script.campaign_id == camp.id)
                         .order_by(m.Script.version.desc()).limit(limit))
        return wm.ScriptHistory(campaign_code=camp.code, versions=[
            wm.ScriptVersion(version=r.version, title=r.title, created_at=r.created_at,
                             steps=list(r.steps), variants=list(r.variants or []))
            for r in rows])


class _Check(Exception):
    pass


@router.post("/scripts/check", openapi_extra=raw_body(*SCRIPT))
async def check_script(request: Request, authorization: Auth = None,
                       filename: str = "script.md") -> wm.ScriptCheck:
    """What publishing would say, without publishing (`scripts_io.publishable`, the trust
    rules of the campaign's type included): every error with its line, or the steps the
    agents would get."""
    await run_in_threadpool(_admin, request, authorization)
    body = await request.body()

    def check(path: Path) -> scripts_io.Checked:  # publish's own checks, the trust rules too
        with request.app.state.reads() as s:
            return scripts_io.publishable(s, path)[0]

    with _upload(body, filename, SCRIPT_SUFFIXES) as path:
        try:
            c = await run_in_threadpool(check, path)
        except scripts_io.ScriptInvalid as exc:
            return wm.ScriptCheck(ok=False, errors=[
                wm.ScriptError(line=ln, message=msg) for ln, msg in exc.errors])
    return wm.ScriptCheck(ok=True, campaign_code=str(c.doc.get("campaign", "")),
                          title=str(c.doc.get("title", "")), steps=c.steps,
                          variants=[v for v, _ in c.variants])


@router.get("/campaigns/{code}/plans")
def plan_history(request: Request, code: str, authorization: Auth = None,
                 limit: Annotated[int, Query(ge=1, le=100)] = 20) -> wm.PlanHistory:
    _admin(request, authorization)
    with request.app.state.reads() as s:
        camp = _campaign(s, code)
        rows = s.scalars(select(CampaignPlan).where(CampaignPlan.campaign_id == camp.id)
                         .order_by(CampaignPlan.created_at.desc()).limit(limit))
        return wm.PlanHistory(campaign_code=camp.code, plans=[
            wm.PlanSaved(plan_id=p.id, created_at=p.created_at, targets=p.targets,
                         funnel=[_step(x) for x in p.funnel]) for p in rows])


def _step(x: Any) -> FunnelStep:
    if isinstance(x, dict):
        return FunnelStep(step=str(x.get("step", x.get("name", ""))),
                          kept=int(x.get("kept", 0)), dropped=int(x.get("dropped", 0)))
    name, kept, dropped = [*list(x), 0, 0, 0][:3]
    return FunnelStep(step=str(name), kept=int(kept), dropped=int(dropped))


@router.get("/campaigns/{code}/rules")
def builtin_rules(request: Request, code: str, authorization: Auth = None) -> wm.RuleTable:
    """The built-in rule table of a campaign (its filters, exclusions and offers), for the
    desktop to choose from before it sends the table back with a plan."""
    _admin(request, authorization)
    try:
        rules = offers_rules.builtin(code)
    except offers_rules.RulesError as exc:
        raise ApiError(404, "not_found", str(exc)) from exc
    return wm.RuleTable(campaign_code=code, rules=rules)


def _progress(job_id: str) -> wm.JobProgress:
    job = jobs.get(job_id)
    if job is None:
        return wm.JobProgress(job_id=job_id, known=False)
    return wm.JobProgress(job_id=job_id, rows=job.rows, cancelled=job.cancelled,
                          done=job.done)


@router.get("/jobs/{job_id}")
def job_progress(request: Request, job_id: str, authorization: Auth = None) -> wm.JobProgress:
    _admin(request, authorization)
    return _progress(job_id[:64])


@router.post("/jobs/{job_id}/cancel")
def job_cancel(request: Request, job_id: str, authorization: Auth = None) -> wm.JobProgress:
    """The import (or plan) stops at its next chunk and rolls back: nothing of it is
    kept."""
    user = _admin(request, authorization)
    job = jobs.cancel(job_id[:64])
    with request.app.state.writes() as s:
        audit.record(s, actor_id=user.id, action=f"{job.kind}.cancel", entity="job",
                     entity_id=job_id[:64])
        s.commit()
    return _progress(job_id[:64])


__all__ = ["router"]
