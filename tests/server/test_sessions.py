"""Sessions on the real app (SQLite and PostgreSQL): logout, log out everywhere, an
admin's revocation, the cap on live sessions, and token rotation on password change."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from server.auth import MAX_SESSIONS
from server.db import make_engine
from server.models import AuditLog
from server.orm import session_factory
from tests.server.conftest import Api

LOGIN = "/api/v1/auth/login"


def _token(api: Api, acct: dict[str, Any], password: str | None = None) -> str:
    r = api.client.post(LOGIN, json={"username": acct["username"],
                                     "password": password or acct["password"]})
    assert r.status_code == 200, r.text
    return str(r.json()["token"])


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _alive(api: Api, token: str) -> bool:
    r = api.client.get("/api/v1/sync/pull", headers=_bearer(token))
    assert r.status_code in (200, 401), r.text
    return r.status_code == 200


def _audit(api: Api, action: str) -> list[AuditLog]:
    engine = make_engine(api.db_url)
    with session_factory(engine)() as s:
        rows = list(s.scalars(select(AuditLog).where(AuditLog.action == action)))
    engine.dispose()
    return rows


def test_logout_ends_only_this_session(api: Api) -> None:
    agent = api.account("agent")
    laptop, desk = _token(api, agent), _token(api, agent)
    r = api.client.post("/api/v1/auth/logout", headers=_bearer(laptop))
    assert r.status_code == 200 and r.json() == {"revoked": 1}
    assert not _alive(api, laptop) and _alive(api, desk)
    r = api.client.post("/api/v1/auth/logout", headers=_bearer(laptop))
    assert r.status_code == 401, "a revoked token is unknown"
    assert len(_audit(api, "auth.logout")) == 1


def test_log_out_everywhere(api: Api) -> None:
    agent, other = api.account("agent", 0), api.account("agent", 1)
    tokens = [_token(api, agent) for _ in range(3)]
    bystander = _token(api, other)
    r = api.client.post("/api/v1/auth/logout-all", headers=_bearer(tokens[0]))
    assert r.status_code == 200 and r.json() == {"revoked": 3}
    assert not any(_alive(api, t) for t in tokens)
    assert _alive(api, bystander)
    assert _alive(api, _token(api, agent)), "logging in again works"


def test_admin_revokes_a_users_sessions(api: Api) -> None:
    agent = api.account("agent", 1)
    tokens = [_token(api, agent) for _ in range(2)]
    me = api.client.get("/api/v1/me", headers=_bearer(tokens[0])).json()
    path = f"/api/v1/admin/users/{me['id']}/sessions"
    for role in ("agent", "team_lead", "qa"):
        r = api.client.delete(path, headers=api.headers(api.account(role)["username"]))
        assert r.status_code == 403, role
    assert all(_alive(api, t) for t in tokens)
    admin = api.headers(api.account("admin")["username"])
    r = api.client.delete(path, headers=admin)
    assert r.status_code == 200 and r.json() == {"revoked": 2}
    assert not any(_alive(api, t) for t in tokens)
    assert api.client.delete("/api/v1/admin/users/no-such-user/sessions",
                             headers=admin).status_code == 404
    assert api.client.delete(path).status_code == 401
    [row] = [a for a in _audit(api, "auth.sessions_revoked") if a.detail["why"] == "admin"]
    assert row.entity_id == me["id"] and row.detail["revoked"] == 2


def test_live_sessions_are_capped(api: Api) -> None:
    agent = api.account("agent")
    tokens = [_token(api, agent) for _ in range(MAX_SESSIONS + 2)]
    alive = [_alive(api, t) for t in tokens]
    assert alive == [False, False] + [True] * MAX_SESSIONS, "the oldest two were ended"
    capped = _audit(api, "auth.sessions_capped")
    assert [c.detail["revoked"] for c in capped] == [1, 1]


def test_password_change_rotates_every_token(api: Api) -> None:
    agent = api.account("agent")
    old = [_token(api, agent) for _ in range(2)]
    body = {"current_password": agent["password"], "new_password": "a new pass phrase"}
    r = api.client.post("/api/v1/auth/password", json=body, headers=_bearer(old[0]))
    assert r.status_code == 200, r.text
    new = r.json()["token"]
    assert r.json()["user"]["username"] == agent["username"]
    assert not any(_alive(api, t) for t in old) and _alive(api, new)
    assert api.client.post(LOGIN, json={"username": agent["username"],
                                        "password": agent["password"]}).status_code == 401
    assert _alive(api, _token(api, agent, "a new pass phrase"))
    [row] = [a for a in _audit(api, "auth.sessions_revoked")
             if a.detail["why"] == "password_changed"]
    assert row.detail["revoked"] == 2
    assert len(_audit(api, "auth.password_changed")) == 1


def test_password_change_refusals(api: Api) -> None:
    agent = api.account("agent")
    token = _token(api, agent)
    url = "/api/v1/auth/password"
    r = api.client.post(url, json={"current_password": agent["password"],
                                   "new_password": "short"}, headers=_bearer(token))
    assert r.status_code == 422
    r = api.client.post(url, json={"current_password": agent["password"],
                                   "new_password": agent["password"]}, headers=_bearer(token))
    assert r.status_code == 422 and "differ" in r.json()["message"]
    r = api.client.post(url, json={"current_password": "x", "new_password": "long enough 1"})
    assert r.status_code == 401 and r.json()["code"] == "unauthenticated"
    # a wrong current password (a stolen token guessing it) counts against the brake
    codes = []
    for _ in range(6):
        r = api.client.post(url, json={"current_password": "guess",
                                       "new_password": "long enough 1"}, headers=_bearer(token))
        codes.append(r.status_code)
    assert codes == [401] * 5 + [429]
    assert r.headers["Retry-After"] == "2"
    assert _alive(api, token), "nothing changed"
    failed = _audit(api, "auth.login_failed")
    assert len(failed) == 5 and failed[0].detail["route"] == "password"
