"""HTTP routes of the sync API and the app factory. Every error is a wire ErrorBody."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Annotated, Any

import anyio.to_thread
from fastapi import FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.telemetry import TelemetryConfig
from pydantic import BaseModel
from sqlalchemy import event
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from server import (
    auth,
    changes,
    ops,
    outbox_worker,
    policy,
    policy_check,
    presence,
    push_state,
    queue,
    serialize,
    sessions,
    sync,
)
from server import models as m
from server import quick_pull as quick_pull_
from server import quick_push as quick_push_
from server.aftersale import api as aftersale_api
from server.brake import LoginBrake
from server.db import is_sqlite, make_engine, utcnow, worker_threads
from server.deps import CurrentUser, ReadSession
from server.errors import ApiError, RefuseNul
from server.hotpath import HotPaths
from server.lead import api as lead_api
from server.lead.seen import SeenTracker
from server.logs import RequestIds
from server.metrics import CONTENT_TYPE as METRICS_CONTENT_TYPE
from server.metrics import Metrics, RecordRequests, observe_pull
from server.metrics import may_read as may_read_metrics
from server.openapi import errors_as_json
from server.orm import session_factory
from server.passwords import PasswordGate
from server.planning import api as planning_api
from server.planning import loop_api, manager_api
from server.push_body import PushBatch
from server.quality import api as quality_api
from server.recordings import api as recordings_api
from server.surveys import api as surveys_api
from server.watch import ChangeWatch
from wire.bounds import MAX_CURSOR
from wire.schema import (
    API_VERSION,
    DEVICE_HEADER,
    DEVICE_PATTERN,
    MAX_OUTBOX_AGE_SECONDS,
    MAX_WAIT_SECONDS,
    OUTBOX_AGE_PARAM,
    PULL_PAGE_SIZE,
    AssignRequest,
    ErrorBody,
    PauseReasonsOut,
    PullResponse,
    PushResponse,
    QueueItemOut,
    ReadyOut,
    Role,
    UserInfo,
    WaitResponse,
)

log = logging.getLogger(__name__)
PREFIX = "/api/v1"
# The desktop's id (wire.schema.DEVICE_HEADER): its own pushes do not come back in its pulls.
Device = Annotated[str | None, Header(alias=DEVICE_HEADER, pattern=DEVICE_PATTERN)]
# The desktop's report of its oldest unanswered action (wire.schema.OUTBOX_AGE_PARAM).
OutboxAge = Annotated[int | None, Query(alias=OUTBOX_AGE_PARAM, ge=0,
                                        le=MAX_OUTBOX_AGE_SECONDS)]
ERRORS: dict[int | str, dict[str, Any]] = {
    s: {"model": ErrorBody} for s in (400, 401, 403, 404, 409, 422)
}


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(ErrorBody(code=code, message=message).model_dump(), status_code=status)


def _json(body: BaseModel) -> Response:
    """A model already serialised in the worker thread. FastAPI sends a returned Response
    as it is; given the model it would validate it again in a second hop to the thread
    pool (each hop waits its turn among the server's few worker threads)."""
    return Response(body.model_dump_json(), media_type="application/json")


def _readable(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "request"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    more = len(exc.errors()) - 5
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        if any(e.get("type") == "json_invalid" for e in exc.errors()):
            return _error(400, "malformed_json", "The request body is not valid JSON.")
        return _error(422, "invalid_request", _readable(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not_found", 405: "method_not_allowed"}
        answer = _error(exc.status_code, codes.get(exc.status_code, "http_error"),
                        str(exc.detail))
        answer.headers.update(exc.headers or {})
        if exc.status_code == 405:  # every method the path answers, not only one route's
            answer.headers["Allow"] = allowed_methods(request.app, request.url.path)
        return answer

    @app.exception_handler(Exception)
    async def _crash(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return _error(500, "internal_error", "The server had an internal error.")


def allowed_methods(app: FastAPI, path: str) -> str:
    """The `Allow` header of a 405: the methods of every route matching `path`, except
    routes that exist only to refuse (`refuses_always`, e.g. altering a call record)."""
    methods = {method for method, _, ctx in policy.app_routes(app)
               if not getattr(ctx.endpoint, "refuses_always", False)
               and (regex := getattr(ctx, "path_regex", None)) is not None
               and regex.match(path)}
    return ", ".join(sorted(methods))


@asynccontextmanager
async def _limit_threads(app: FastAPI) -> AsyncIterator[None]:
    """Blocking routes share `worker_threads()` threads (anyio's default is 40)."""
    anyio.to_thread.current_default_thread_limiter().total_tokens = worker_threads()
    sender = outbox_worker.start_from_settings(app.state.writes)  # off unless set
    yield
    if sender is not None:
        sender.stop()
    app.state.passwords.close()
    if app.state.loop_page is not None:
        app.state.loop_page.close()


def _telemetry() -> TelemetryConfig:
    """FastAPI's native OpenTelemetry, off unless asked for (FASTAPI_OTEL_AUTO_CONFIGURE=
    true): the server has its own metrics (/metrics), and with no provider configured
    FastAPI still asked OpenTelemetry for the global providers on every request (an
    environment lookup each), about 0.1 ms of CPU a request on the bench machine."""
    if os.environ.get("FASTAPI_OTEL_AUTO_CONFIGURE", "").lower() == "true":
        return {}
    return {"tracing": False, "metrics": False, "logs": False}


def create_app(database_url: str, *, token_ttl: timedelta = auth.DEFAULT_TOKEN_TTL,
               login_brake: LoginBrake | None = None) -> FastAPI:
    engine = make_engine(database_url)
    writes = session_factory(engine)
    # Read-only work needs no write lock on SQLite (see server.db). On PostgreSQL it needs
    # no transaction either: at READ COMMITTED every statement takes its own snapshot
    # anyway, so BEGIN and ROLLBACK would only add two round trips to every pull.
    # (A pool of its own: switching a pooled connection in and out of autocommit costs
    # more than the round trips it saves.)
    read_engine = engine.execution_options(sqlite_begin="DEFERRED") if is_sqlite(
        database_url) else make_engine(database_url, isolation_level="AUTOCOMMIT")
    reads = session_factory(read_engine)
    app = FastAPI(title="Callsheet sync server", version=str(API_VERSION), responses=ERRORS,
                  lifespan=_limit_threads, telemetry=_telemetry())
    app.state.engine = engine
    app.state.read_engine = read_engine
    app.state.writes = writes
    app.state.reads = reads
    app.state.token_ttl = token_ttl
    # Passwords are checked behind the login brake, on a small pool of their own.
    app.state.passwords = PasswordGate(login_brake or LoginBrake())
    install_error_handlers(app)
    metrics = Metrics({"write": engine, "read": read_engine})
    app.state.metrics = metrics
    # Innermost of ours: the request id, the NUL check and the metrics wrap it too.
    app.add_middleware(HotPaths, pull_path=f"{PREFIX}/sync/pull", push_path=f"{PREFIX}/sync/push",
                       routes=lambda: _routes(app, f"{PREFIX}/sync/pull", f"{PREFIX}/sync/push"),
                       pull=lambda *a: serve_pull(*a), push=lambda *a: serve_push(*a),
                       error=lambda exc: _error(exc.status, exc.code, exc.message),
                       max_since=MAX_CURSOR, max_limit=PULL_PAGE_SIZE,
                       max_outbox_age=MAX_OUTBOX_AGE_SECONDS,
                       pull_first=lambda *a: pull_on_loop(*a),
                       push_first=lambda *a: push_on_loop(*a))
    app.add_middleware(RecordRequests, metrics=metrics)
    app.add_middleware(RefuseNul)
    app.add_middleware(RequestIds)  # outermost: every answer carries X-Request-Id
    errors_as_json(app)

    def read_top() -> int:
        with reads() as s:
            return changes.top_seq(s)

    seen = SeenTracker(writes)
    tokens = auth.Sessions()  # the pull's token cache, checked by each pull's statement
    app.state.seen = seen

    watch = ChangeWatch(read_top)
    changes.on_published(writes, watch.notify)
    app.state.watch = watch

    @app.get(f"{PREFIX}/health")
    def health() -> dict[str, Any]:
        """Alive (the process answers); says nothing of the database: see /ready."""
        return {"status": "ok", "api_version": API_VERSION, "server_time": utcnow().isoformat()}

    @app.get(f"{PREFIX}/ready", response_model=ReadyOut,
             responses={503: {"model": ReadyOut, "description": "Not ready"}})
    def ready() -> Response:
        """Ready for traffic: the database answers and its schema is this release's
        (200), else 503 with the reason: a balancer sends no requests to this process."""
        state = ops.readiness(read_engine)
        body = ReadyOut(status="ready" if state.ready else "not_ready", reason=state.reason,
                        revision=state.revision, expected_revision=state.head)
        return Response(body.model_dump_json(), media_type="application/json",
                        status_code=200 if state.ready else 503)

    @app.get("/metrics", include_in_schema=False)
    def metrics_text(request: Request) -> Response:
        """Prometheus text format; loopback clients only, not through a proxy
        (server/metrics.py)."""
        if not may_read_metrics(request.client.host if request.client else None,
                                request.headers):
            raise ApiError(403, "forbidden",
                           "Metrics are answered on the server machine only.")
        return Response(metrics.render(), media_type=METRICS_CONTENT_TYPE)

    @app.get(f"{PREFIX}/me")
    def me(user: CurrentUser, s: ReadSession) -> UserInfo:
        return auth.user_info(s, user)

    @app.get(f"{PREFIX}/presence/pause-reasons")
    def pause_reasons(user: CurrentUser) -> PauseReasonsOut:
        """The reasons an agent may pause for; the desktop keeps a copy for offline use."""
        return presence.pause_reasons()

    # The two routes every desktop calls every few seconds authenticate inside their own
    # body, not through the CurrentUser/ReadSession dependencies: each sync dependency is
    # a hop of its own to the thread pool and a session of its own (a pool checkout, a
    # ping, BEGIN, ROLLBACK), so a pull costs one hop and one read transaction, not four
    # hops and two transactions.
    @app.get(f"{PREFIX}/sync/pull", response_model=PullResponse)
    def pull(
        request: Request,
        authorization: Annotated[str | None, Header()] = None,
        since: Annotated[int, Query(ge=0, le=MAX_CURSOR)] = 0,
        limit: Annotated[int, Query(ge=1, le=PULL_PAGE_SIZE)] = PULL_PAGE_SIZE,
        device: Device = None,
        outbox_age: OutboxAge = None,
    ) -> Response:
        return serve_pull(request, authorization, since, limit, device, outbox_age)

    def serve_pull(request: Request, authorization: str | None, since: int, limit: int,
                   device: str | None, outbox_age: int | None,
                   found: quick_pull_.Found | None = None) -> Response:
        """The pull's body (also served by server.hotpath for well-formed requests; `found`:
        the page `pull_on_loop` read, when it had something to send)."""
        quick = quick_pull(request, authorization, since, limit, device, found)
        if quick is not None:
            user, body, page = quick
            seen.touch(user.id, since)
            if page is not None:
                observe_pull(metrics, page.head, since, outbox_age,
                             queue_items=len(page.items))
            else:
                observe_empty(outbox_age)
            return Response(body, media_type="application/json")
        with reads() as s:
            user, digest = tokens.authenticate(s, authorization)
            try:
                page = sync.pull_page(s, user, since, limit, token_digest=digest,
                                      origin=push_state.origin(user, device),
                                      confirm=lambda d, row: tokens.confirm(d, user, row))
                policy.authorize(request, user)  # (the role as confirmed by the page)
            except auth.StaleSession:  # answered as if the token had not been cached
                user = auth.authenticate(s, authorization)
                policy.authorize(request, user)
                page = sync.pull_page(s, user, since, limit,
                                      origin=push_state.origin(user, device))
            seen.touch(user.id, since)
        observe_pull(metrics, page.head, since, outbox_age, queue_items=len(page.items))
        return Response(page.json(), media_type="application/json")

    def observe_empty(outbox_age: int | None) -> None:
        """observe_pull's figures of a page with nothing in it."""
        metrics.pull_records.observe(0)
        if outbox_age is not None:
            metrics.outbox_age["pull"].observe(outbox_age)

    raw_page = quick_pull_.RawPage(read_engine)
    loop_page = None if is_sqlite(database_url) or quick_pull_.LOOP_CONNECTIONS == 0 \
        else quick_pull_.LoopPage(raw_page, read_engine, quick_pull_.LOOP_CONNECTIONS)
    app.state.loop_page = loop_page  # (its connections closed at shutdown, or with the pool)
    if loop_page is not None:
        event.listen(read_engine, "engine_disposed", lambda _engine: loop_page.close())

    def cached_user(authorization: str | None) -> tuple[m.User, str] | None:
        """The cached token's (user, digest), unless the quick pull cannot serve it."""
        cached = tokens.cached(authorization)
        if cached is None or cached[0].role == Role.TEAM_LEAD.value:
            return None  # (a lead's audience is a query of its own)
        return cached

    def nothing_new(request: Request, user: m.User, digest: str, found: quick_pull_.Found,
                    since: int, limit: int, device: str | None) -> bytes | None:
        """The answer of a pull whose page has nothing new for its desktop (or only its own
        changes), or None when it has something to send. Raises StaleSession (the cached
        token no longer matches its rows) and ApiError (a role that may not pull)."""
        rows, feed = found
        tokens.confirm(digest, user, feed.session)
        has_more, page_rows, cursor = sync.page_cursor(rows, feed, since, limit)
        policy.authorize(request, user)  # (the role as confirmed by the page)
        origin = push_state.origin(user, device)
        if all(origin is not None and r.origin == origin for r in page_rows):
            return quick_pull_.empty_answer(
                cursor=cursor, has_more=has_more, server_time=utcnow(),
                generation=feed.generation, compacted_through=feed.compacted_through)
        return None

    async def pull_on_loop(request: Request, authorization: str | None, since: int,
                           limit: int, device: str | None, outbox_age: int | None
                           ) -> Response | quick_pull_.Found | None:
        """A pull whose token is in the cache, its page read on the event loop
        (quick_pull.LoopPage): answered here when it has nothing new; else the page read
        (for the thread to load what it names) or None (the thread serves it from scratch)."""
        cached = cached_user(authorization) if loop_page is not None else None
        if cached is None or loop_page is None:
            return None
        user, digest = cached
        found = await loop_page.run(since=since, limit=limit, token_digest=digest,
                                    user_id=user.id if user.role == Role.AGENT.value else None)
        if found is None:
            return None
        try:
            body = nothing_new(request, user, digest, found, since, limit, device)
        except auth.StaleSession:
            return None  # answered as if the token had not been cached
        if body is None:
            return found
        seen.touch(user.id, since, inline=False)
        observe_empty(outbox_age)
        return Response(body, media_type="application/json")

    def quick_pull(request: Request, authorization: str | None, since: int, limit: int,
                   device: str | None, found: quick_pull_.Found | None = None
                   ) -> tuple[m.User, bytes, sync.PulledPage | None] | None:
        """A pull whose token is in the cache, its page read in one statement on a raw
        connection (server.quick_pull) unless `found` already: (user, the answer's JSON,
        the page when it has something in it), or None: then serve_pull answers it its
        usual way."""
        cached = cached_user(authorization)
        if cached is None:
            return None
        user, digest = cached
        if found is None:
            found = raw_page.run(since=since, limit=limit, token_digest=digest,
                                 user_id=user.id if user.role == Role.AGENT.value else None)
        if found is None:
            return None
        try:
            body = nothing_new(request, user, digest, found, since, limit, device)
        except auth.StaleSession:
            return None  # answered as if the token had not been cached
        if body is not None:
            return user, body, None
        with reads() as s:
            page = sync.pull_page(s, user, since, limit,
                                  origin=push_state.origin(user, device), page=found)
        return user, page.json(), page

    @app.get(f"{PREFIX}/sync/wait")
    async def wait(
        user: CurrentUser,
        since: Annotated[int, Query(ge=0, le=MAX_CURSOR)] = 0,
        timeout: Annotated[float, Query(ge=0, le=MAX_WAIT_SECONDS)] = 25.0,
        device: Device = None,
    ) -> WaitResponse:
        """Long poll: answer as soon as a change this user may see has seq > since (the
        asking desktop's own pushes do not count: it has them)."""
        await run_in_threadpool(seen.touch, user.id)
        audience = await run_in_threadpool(_audience, user)
        origin = push_state.origin(user, device)

        def check() -> int | None:
            with reads() as s:
                sync.check_cursor(s, since)
                return changes.latest_visible(s, since=since, user_ids=audience,
                                              origin=origin)

        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        metrics.waiters.inc()
        try:
            return await _wait_loop(since, deadline, check)
        finally:
            metrics.waiters.dec()

    async def _wait_loop(since: int, deadline: float,
                         check: Callable[[], int | None]) -> WaitResponse:
        loop = asyncio.get_running_loop()
        while True:
            woken = watch.generation()
            latest = await run_in_threadpool(check)
            if latest is not None:
                return WaitResponse(changed=True, cursor=latest)
            remaining = deadline - loop.time()
            if remaining <= 0 or watch.closing:
                return WaitResponse(changed=False, cursor=since)
            await watch.wait(woken, remaining)

    def _audience(user: m.User) -> list[str] | None:
        with reads() as s:
            return sync.queue_audience(s, user)

    @app.post(f"{PREFIX}/sync/push", response_model=PushResponse)
    def push(
        request: Request, body: PushBatch,
        authorization: Annotated[str | None, Header()] = None,
        device: Device = None,
        outbox_age: OutboxAge = None,
    ) -> Response:
        """Each action is judged alone: an invalid one is answered `rejected`
        (`invalid_action`) in its position and the others are stored. The answer carries
        the resulting state of what the accepted ones changed (server.push_state)."""
        return serve_push(request, body, authorization, device, outbox_age)

    def serve_push(request: Request, body: PushBatch, authorization: str | None,
                   device: str | None, outbox_age: int | None, _first: None = None
                   ) -> Response:
        """The push's body (also served by server.hotpath for well-formed requests, after
        `push_on_loop` could not serve it)."""
        try:
            user, answer, actions = push_batch(request, body, authorization, device,
                                               tokens.cached(authorization))
        except auth.StaleSession:  # answered as if the token had not been cached
            user, answer, actions = push_batch(request, body, authorization, device, None)
        metrics.push_actions.observe(len(actions))
        if outbox_age is not None:
            metrics.outbox_age["push"].observe(outbox_age)
        seen.touch(user.id)
        return Response(answer.json(), media_type="application/json")

    loop_push = None if loop_page is None else quick_push_.LoopPush(loop_page, engine,
                                                                    watch.notify)
    app.state.loop_push = loop_push

    async def push_on_loop(request: Request, body: PushBatch, authorization: str | None,
                           device: str | None, outbox_age: int | None) -> Response | None:
        """A push whose token is in the cache, served on the event loop
        (server.quick_push) when it can be; else None (the thread serves it)."""
        cached = cached_user(authorization) if loop_push is not None else None
        if cached is None or loop_push is None:
            return None
        user, digest = cached

        def confirm(row: changes.SessionRow | None) -> None:
            tokens.confirm(digest, user, row)
            policy.authorize(request, user)  # (the role as confirmed)

        actions = body.read()
        try:
            done = await loop_push.run(user, digest, confirm, actions,
                                       push_state.origin(user, device))
        except auth.StaleSession:
            return None  # answered as if the token had not been cached
        if done is None:
            return None
        metrics.push_on_loop.inc()
        metrics.push_actions.observe(len(actions))
        if outbox_age is not None:
            metrics.outbox_age["push"].observe(outbox_age)
        seen.touch(user.id, inline=False)
        return Response(done[0].json(), media_type="application/json")

    def push_batch(request: Request, body: PushBatch, authorization: str | None,
                   device: str | None, cached: tuple[m.User, str] | None
                   ) -> tuple[m.User, serialize.WithItems[PushResponse], list[Any]]:
        """The batch in one transaction, authenticated in it: a token from the cache
        (`cached`, auth.Sessions) is confirmed by the batch's first statement, and its
        role authorized then, before anything is written (StaleSession: not confirmed);
        any other token is looked up first, as before. (Only a pull caches a token: its
        user is read in a session that is never committed or rolled back, so its loaded
        attributes are never expired under another thread.)"""
        with writes() as s:
            check: sync.SessionCheck | None = None
            if cached is None:
                user = auth.authenticate(s, authorization)  # (a pull caches tokens)
                policy.authorize(request, user)
            else:
                user, digest = cached

                def confirm(row: changes.SessionRow | None) -> None:
                    tokens.confirm(digest, user, row)
                    policy.authorize(request, user)  # (the role as confirmed)

                check = (digest, confirm)
            actions = body.read()
            origin = push_state.origin(user, device)
            audience = sync.queue_audience(s, user)
            answers: list[serialize.WithItems[PushResponse]] = []  # the last is sent
            sync.push(writes, user, actions, session=s, origin=origin, check=check,
                      answer=lambda results: answers.append(
                          push_state.answer(s, user, audience, actions, results)))
            return user, answers[-1], list(actions)

    @app.post(f"{PREFIX}/queue/{{item_id}}/assign")
    def assign(item_id: str, body: AssignRequest, user: CurrentUser) -> QueueItemOut:
        """Move a queue item to another agent (team lead of both agents' teams, or admin)."""
        with writes() as s:
            return _reassign(s, user, item_id, body.agent_id)

    # The workspaces' routers after the sync routes: a request is matched against the
    # routes in order, and every desktop's pull and push should not walk past them all.
    app.include_router(sessions.router)
    app.include_router(planning_api.router)
    app.include_router(manager_api.router)
    app.include_router(loop_api.router)
    app.include_router(lead_api.router)
    app.include_router(quality_api.router)
    app.include_router(recordings_api.router)
    app.include_router(aftersale_api.router)
    app.include_router(surveys_api.router)
    for problem in policy_check.problems(app):  # such a route refuses everyone (fail closed)
        log.warning("access policy: %s", problem)
    return app


def _routes(app: FastAPI, *paths: str) -> tuple[Any, ...]:
    by_path = {getattr(r, "path", None): r for r in app.routes}
    return tuple(by_path[p] for p in paths)


def _reassign(s: Session, user: m.User, item_id: str, agent_id: str) -> QueueItemOut:


    item = s.get(m.QueueItem, item_id)
    agent = s.get(m.User, agent_id)
    if item is None:
        raise ApiError(404, "not_found", "No such queue item.")
    if agent is None:
        raise ApiError(404, "not_found", "No such agent.")
    if user.role == Role.TEAM_LEAD.value:
        led = set(auth.led_agent_ids(s, user))
        if item.agent_id not in led or agent.id not in led:
            raise ApiError(403, "forbidden", "Both agents must be in teams you lead.")
    queue.reassign(s, item, agent, user.id)
    s.commit()
    return serialize.queue_items_out(s, [item])[0]
