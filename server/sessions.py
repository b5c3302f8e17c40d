"""Routes of sessions: login (behind the login brake), logout, "log out everywhere",
password change (every old token revoked, a new one issued) and an admin's revocation of
a user's sessions. See wire/sessions.py for the shapes and docs/security.md ("Exports and
sessions").

A session is a row of `auth_tokens`; revoking it deletes the row, so the very next request
with that token answers 401 like any unknown token.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from server import audit, auth, policy
from server.errors import ApiError
from server.models import User
from server.passwords import Found, Verdict
from wire.schema import ErrorBody, LoginRequest, LoginResponse
from wire.sessions import PasswordChange, SessionsEnded

PREFIX = "/api/v1"
router = APIRouter(prefix=PREFIX)
THROTTLED: dict[int | str, dict[str, Any]] = {429: {
    "model": ErrorBody,
    "description": "Too many failed attempts (the login brake), or too many logins at once.",
    "headers": {"Retry-After": {"description": "Seconds to wait before trying again.",
                                "schema": {"type": "integer"}}},
}}
Authorization = Annotated[str | None, Header()]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _json(body: LoginResponse) -> Response:
    return Response(body.model_dump_json(), media_type="application/json")


def _find(state: Any, username: str) -> Found | None:
    with state.reads() as s:
        user = s.scalars(select(User).where(User.username == username)).first()
        return None if user is None else Found(user.id, user.password_hash, user.active)


def _wait_text(seconds: int) -> str:
    return f"{seconds} seconds" if seconds < 120 else f"{math.ceil(seconds / 60)} minutes"


async def _refused(request: Request, verdict: Verdict, username: str, address: str,
                   where: str, wrong: ApiError) -> JSONResponse:
    """Audit what deserves it, then answer 429 (brake, busy) or `wrong` (401)."""
    rows: list[tuple[str, dict[str, Any]]] = []
    who = {"username": username[:64], "address": address[:64], "route": where}
    if verdict.refusal is not None and verdict.refusal.first:
        rows.append(("auth.login_refused", {**who, "kind": verdict.refusal.kind,
                                            "locked": verdict.refusal.locked,
                                            "retry_after": math.ceil(verdict.refusal.retry_after)}))
    if verdict.refusal is None and not verdict.busy:
        rows.append(("auth.login_failed", who))
    for lock in verdict.locks:
        rows.append(("auth.login_locked", {**who, "kind": lock.kind, "failures": lock.failures,
                                           "seconds": math.ceil(lock.seconds)}))
    if rows:
        await run_in_threadpool(_audit, request, verdict.user_id, rows)
    if verdict.busy:
        return _throttled(1, "busy", "The server is checking many logins at once; "
                          "try again in a second.")
    if verdict.refusal is not None:
        seconds = max(1, math.ceil(verdict.refusal.retry_after))
        return _throttled(seconds, "too_many_attempts",
                          f"Too many failed logins. Try again in {_wait_text(seconds)}.")
    return JSONResponse(ErrorBody(code=wrong.code, message=wrong.message).model_dump(),
                        status_code=wrong.status)


def _audit(request: Request, user_id: str | None, rows: list[tuple[str, dict[str, Any]]]
           ) -> None:
    with request.app.state.writes() as s:
        for action, detail in rows:
            audit.record(s, actor_id=None, action=action, entity="user", entity_id=user_id,
                         **detail)
        s.commit()


def _throttled(seconds: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(ErrorBody(code=code, message=message).model_dump(), status_code=429,
                        headers={"Retry-After": str(seconds)})


@router.post("/auth/login", response_model=LoginResponse, responses=THROTTLED)
async def login(body: LoginRequest, request: Request) -> Response:
    state = request.app.state
    address = client_address(request)
    verdict = await state.passwords.check(body.username, address, body.password,
                                          lambda: _find(state, body.username))
    if not verdict.ok:
        return await _refused(request, verdict, body.username, address, "login",
                              ApiError(401, "bad_credentials", auth.BAD_CREDENTIALS))

    def issue() -> LoginResponse:
        with state.writes() as s:
            user = s.get(User, verdict.user_id)
            if user is None or not user.active:
                raise ApiError(401, "bad_credentials", auth.BAD_CREDENTIALS)
            issued = auth.issue_token(s, user, state.token_ttl)
            s.commit()
            return LoginResponse(token=issued.token, expires_at=issued.token_row.expires_at,
                                 user=auth.user_info(s, user))

    return _json(await run_in_threadpool(issue))


@router.post("/auth/logout")
def logout(request: Request, authorization: Authorization = None) -> SessionsEnded:
    """End this session: the token sent stops working at once."""
    with request.app.state.writes() as s:
        user = auth.authenticate(s, authorization)
        policy.authorize(request, user)
        n = auth.revoke_token(s, authorization)
        audit.record(s, actor_id=user.id, action="auth.logout", entity="user",
                     entity_id=user.id)
        s.commit()
    return SessionsEnded(revoked=n)


@router.post("/auth/logout-all")
def logout_all(request: Request, authorization: Authorization = None) -> SessionsEnded:
    """Log out everywhere: every token of this user, this one included."""
    with request.app.state.writes() as s:
        user = auth.authenticate(s, authorization)
        policy.authorize(request, user)
        n = auth.revoke_user(s, user.id)
        audit.record(s, actor_id=user.id, action="auth.logout_all", entity="user",
                     entity_id=user.id, revoked=n)
        s.commit()
    return SessionsEnded(revoked=n)


@router.post("/auth/password", response_model=LoginResponse, responses=THROTTLED)
async def change_password(body: PasswordChange, request: Request,
                          authorization: Authorization = None) -> Response:
    """Change the password: every old session ends (a stolen token dies with the old
    password), and the answer carries the caller's new token."""
    state = request.app.state

    def who() -> str:
        with state.reads() as s:
            user = auth.authenticate(s, authorization)
            policy.authorize(request, user)
            return user.username

    username = await run_in_threadpool(who)
    if body.new_password == body.current_password:
        raise ApiError(422, "invalid_request", "new_password: must differ from the current one")
    address = client_address(request)
    verdict = await state.passwords.check(username, address, body.current_password,
                                          lambda: _find(state, username))
    if not verdict.ok:
        return await _refused(request, verdict, username, address, "password",
                              ApiError(401, "bad_credentials", "The current password is wrong."))
    new_hash = await state.passwords.hash(body.new_password)

    def rotate() -> LoginResponse:
        with state.writes() as s:
            user = _user(s, verdict.user_id)
            user.password_hash = new_hash
            n = auth.revoke_user(s, user.id)
            issued = auth.issue_token(s, user, state.token_ttl, why="auth.password_changed")
            audit.record(s, actor_id=user.id, action="auth.sessions_revoked", entity="user",
                         entity_id=user.id, revoked=n, why="password_changed")
            s.commit()
            return LoginResponse(token=issued.token, expires_at=issued.token_row.expires_at,
                                 user=auth.user_info(s, user))

    return _json(await run_in_threadpool(rotate))


@router.delete("/admin/users/{user_id}/sessions")
def revoke_sessions(user_id: str, request: Request,
                    authorization: Authorization = None) -> SessionsEnded:
    """An administrator ends every session of a user (a lost laptop, a leaver)."""
    with request.app.state.writes() as s:
        admin = auth.authenticate(s, authorization)
        policy.authorize(request, admin)
        target = _user(s, user_id)
        n = auth.revoke_user(s, target.id)
        audit.record(s, actor_id=admin.id, action="auth.sessions_revoked", entity="user",
                     entity_id=target.id, revoked=n, why="admin")
        s.commit()
    return SessionsEnded(revoked=n)


def _user(s: Session, user_id: str | None) -> User:
    user = s.get(User, user_id) if user_id else None
    if user is None:
        raise ApiError(404, "not_found", "No such user.")
    return user
