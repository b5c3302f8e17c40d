"""Admin HTTP routes of campaign planning: the `callsheet-server` subcommands over HTTP.
Every route needs an admin account. Files travel as the raw request body (no multipart)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from server import audit, auth, policy
from server import models as m
from server.errors import ApiError
from server.openapi import SCRIPT, SPREADSHEET, CsvResponse, file_answer, raw_body
from server.planning import (
    assign,
    churn,
    customer_edit,
    dialling,
    dnc_io,
    importing,
    jobs,
    jobs_api,
    offers_rules,
    scripts_io,
    targeting,
)
from server.planning.reading import Unreadable
from wire import planning as w
from wire.bounds import Encoding

router = APIRouter(prefix="/api/v1/admin", tags=["planning"])
T = TypeVar("T")
MAX_ERRORS = 1000


def _admin(request: Request, authorization: str | None) -> m.User:
    """The caller, authenticated here (not through server.deps, so uploads are read after
    the check) and allowed by the policy table (server/policy.py: admins)."""
    with request.app.state.reads() as s:
        user = auth.authenticate(s, authorization)
    policy.authorize(request, user)
    return user


def _write(request: Request, work: Callable[[Session], T], *, commit: bool = True) -> T:
    """One transaction; rolled back (nothing changed) on any error."""
    with request.app.state.writes() as s:
        try:
            out = work(s)
        except Unreadable as exc:
            s.rollback()
            raise ApiError(400, "unreadable_file", str(exc)) from exc
        except offers_rules.RulesError as exc:
            s.rollback()
            raise ApiError(400, "bad_rules", str(exc)) from exc
        except scripts_io.ScriptInvalid as exc:
            s.rollback()
            raise ApiError(422, "invalid_script", str(exc)) from exc
        except churn.NotEnoughData as exc:
            s.rollback()
            raise ApiError(409, "not_enough_data", str(exc)) from exc
        if commit:
            s.commit()
        else:
            s.rollback()
        return out


@contextmanager
def _upload(body: bytes, filename: str,
            allowed: tuple[str, ...] = (".csv", ".xlsx", ".txt")) -> Iterator[Path]:
    suffix = Path(filename).suffix.lower()
    if suffix not in allowed:
        raise ApiError(400, "bad_filename", f"filename must end in {' or '.join(allowed)}")
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"upload{suffix}"
        path.write_bytes(body)
        yield path


def _errors(errs: list[tuple[int, str, str]]) -> list[w.RowError]:
    return [w.RowError(line=ln, external_id=ext, reason=r) for ln, ext, r in errs[:MAX_ERRORS]]


Auth = Annotated[str | None, Header()]


@router.post("/customers/import", openapi_extra=raw_body(*SPREADSHEET))
async def import_customers(request: Request, filename: str, authorization: Auth = None,
                           encoding: Encoding | None = None, replace: bool = False,
                           decimal_comma: bool = False, dry_run: bool = False,
                           columns: Annotated[str | None, Query(max_length=20000)] = None,
                           job: Annotated[str | None, Query(max_length=64)] = None
                           ) -> w.ImportReport:
    """Customers on file get only the columns the file has; replace=true blanks the
    others (the answer's `blanked` names them). dry_run=true checks every row and changes
    nothing; `columns` maps fields to the file's headers (JSON object); `job` names the
    import for GET /admin/jobs/{job} (progress) and its cancel, which rolls it all back."""
    user = await run_in_threadpool(_admin, request, authorization)
    mapping = jobs_api.mapping_of(columns)
    progress = jobs_api.progress_of(job)
    body = await request.body()
    try:
        with _upload(body, filename) as path:
            r = await run_in_threadpool(_write, request, lambda s: importing.import_customers(
                s, path, encoding=encoding, actor_id=user.id, report=path.with_suffix(".err"),
                replace=replace, decimal_comma=decimal_comma, mapping=mapping,
                progress=progress), commit=not dry_run)
    except jobs.Cancelled as exc:
        raise ApiError(409, "cancelled", "The import was cancelled; nothing was imported.") \
            from exc
    finally:
        if job:
            jobs.finish(job)
    return w.ImportReport(rows=r.rows, inserted=r.inserted, updated=r.updated,
                          rejected=r.rejected, unchanged=r.unchanged,
                          customers_before=r.customers_before,
                          customers_after=r.customers_after,
                          rejected_by_reason=r.rejected_by_reason(), dnc_closed=r.dnc_closed,
                          stale_items=r.stale_items[:MAX_ERRORS], blanked=r.blanked,
                          summary=r.summary(), errors=_errors(r.errors),
                          owners_set=r.owners_set, tasks_opened=r.tasks_opened)


@router.patch("/customers/{external_id}")
def edit_customer(request: Request, external_id: str, body: w.CustomerEdit,
                  authorization: Auth = None) -> w.CustomerEdited:
    """Name, phone or region of one customer; a new phone on the do-not-call list closes
    the customer's open items in the same transaction."""
    user = _admin(request, authorization)
    r = _write(request, lambda s: customer_edit.edit_customer(
        s, external_id, name=body.name, phone=body.phone, region=body.region,
        actor_id=user.id))
    return w.CustomerEdited(external_id=r.customer.external_id, phone=r.customer.phone,
                            do_not_call=r.do_not_call, items_closed=r.items_closed)


@router.patch("/campaigns/{code}/dialling")
def set_dialling(request: Request, code: str, body: w.DiallingEdit,
                 authorization: Auth = None) -> w.DiallingSettings:
    """Dialling mode, progressive countdown, wrap-up limit, ring timeout, transfer target of
    one campaign; the desktops get them with the campaign on their next pull."""
    user = _admin(request, authorization)
    return _write(request, lambda s: dialling.set_dialling(s, code, body, actor_id=user.id))


@router.post("/dnc/import", openapi_extra=raw_body(*SPREADSHEET))
async def import_dnc(request: Request, filename: str, authorization: Auth = None,
                     source: str = "registry", encoding: Encoding | None = None
                     ) -> w.DncImportReport:
    user = await run_in_threadpool(_admin, request, authorization)
    if source not in dnc_io.SOURCES:
        raise ApiError(400, "bad_source", f"source must be one of {', '.join(dnc_io.SOURCES)}")
    body = await request.body()
    with _upload(body, filename) as path:
        r = await run_in_threadpool(_write, request, lambda s: dnc_io.import_dnc(
            s, path, source=source, encoding=encoding, actor_id=user.id,
            report=path.with_suffix(".err")))
    return w.DncImportReport(rows=r.rows, added=r.added, already=r.already,
                             rejected=len(r.errors), items_closed=r.items_closed,
                             errors=_errors(r.errors))


@router.get("/dnc/export", response_class=CsvResponse,
            responses=file_answer("text/csv", description="The do-not-call list as CSV."))
def export_dnc(request: Request, authorization: Auth = None,
               masked: Annotated[bool, Query()] = False) -> Response:
    import io

    user = _admin(request, authorization)
    out = io.StringIO()
    with request.app.state.reads() as s:
        n = dnc_io.export_dnc(s, out, masked=masked, bom=True)  # a download for Excel
    if not masked:  # full numbers left the server: who, when, how many
        with request.app.state.writes() as s:
            audit.record(s, actor_id=user.id, action="dnc.export", entity="dnc",
                         entity_id="full", rows=n)
            s.commit()
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8")


@router.post("/campaigns/{code}/plan")
def plan(request: Request, code: str, body: w.PlanRequest, authorization: Auth = None,
         job: Annotated[str | None, Query(max_length=64)] = None) -> w.PlanReport:
    """The funnel (dry_run: counted, nothing kept) or the plan saved. `job` names the run
    for GET /admin/jobs/{job} (customers read so far) and its cancel: a cancelled run
    stops at its next 10,000 customers and answers 409, keeping nothing."""
    user = _admin(request, authorization)
    try:
        rules = offers_rules.builtin(code) if body.rules is None else \
            offers_rules.check(dict(body.rules))
    except offers_rules.RulesError as exc:
        raise ApiError(400, "bad_rules", str(exc)) from exc
    if rules["campaign"]["code"] != code:
        raise ApiError(400, "bad_rules", f"the rule table is for {rules['campaign']['code']}")
    progress = jobs_api.progress_of(job, "campaign.plan")
    try:
        r = _write(request, lambda s: targeting.plan_campaign(
            s, rules, dry_run=body.dry_run, contacted_within_days=body.contacted_within_days,
            actor_id=user.id, today=date.today(), progress=progress),
            commit=not body.dry_run)
    except jobs.Cancelled as exc:
        raise ApiError(409, "cancelled", "The plan was cancelled; nothing was kept.") from exc
    finally:
        if job:
            jobs.finish(job)
    return w.PlanReport(campaign_code=r.campaign_code, plan_id=r.plan_id, dry_run=r.dry_run,
                        funnel=[w.FunnelStep(step=x.name, kept=x.kept, dropped=x.dropped)
                                for x in r.funnel], targets=len(r.targets))


@router.post("/campaigns/{code}/assign")
def assign_campaign(request: Request, code: str, body: w.AssignCampaignRequest,
                    authorization: Auth = None) -> w.AssignReport:
    user = _admin(request, authorization)
    r = _write(request, lambda s: assign.assign_campaign(
        s, code, body.team, weights=body.weights, limit=body.limit, actor_id=user.id))
    return w.AssignReport(per_agent=r.per_agent, skipped_busy=r.skipped_busy,
                          skipped_dnc=r.skipped_dnc, verifications=r.verifications,
                          verifications_waiting=r.verifications_waiting,
                          skipped_kept=r.skipped_kept, capped=r.capped)


SCRIPT_SUFFIXES = (".yaml", ".yml", *scripts_io.MARKDOWN_SUFFIXES)


@router.post("/scripts", openapi_extra=raw_body(*SCRIPT))
async def publish_script(request: Request, authorization: Auth = None,
                         filename: str = "script.yaml") -> w.ScriptPublished:
    """The body is the script file; `filename` ending in .md or .markdown reads it as
    Markdown, else YAML (the default)."""
    user = await run_in_threadpool(_admin, request, authorization)
    body = await request.body()
    with _upload(body, filename, SCRIPT_SUFFIXES) as path:
        r = await run_in_threadpool(_write, request,
                                    lambda s: scripts_io.publish(s, path, actor_id=user.id))
    return w.ScriptPublished(campaign_code=r.campaign_code, script_id=r.script_id,
                             version=r.version, steps=r.steps)


@router.post("/churn/train")
def train_churn(request: Request, authorization: Auth = None,
                max_depth: Annotated[int, Query(ge=1, le=8)] = 4) -> w.ChurnReport:
    user = _admin(request, authorization)
    r = _write(request, lambda s: churn.train(s, max_depth=max_depth, actor_id=user.id))
    return w.ChurnReport(model_id=r.model_id, metrics=r.metrics, tree=r.tree.rules_text())


__all__: list[Any] = ["router"]
