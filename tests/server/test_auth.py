"""Login, tokens and role checks."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from server.db import make_engine, utcnow
from server.models import AuthToken
from server.orm import session_factory
from tests.server.conftest import Api


def test_login_ok_returns_token_and_user(api: Api) -> None:
    acct = api.account("agent")
    r = api.client.post("/api/v1/auth/login",
                        json={"username": acct["username"], "password": acct["password"]})
    assert r.status_code == 200
    body = r.json()
    assert body["token"] and body["user"]["username"] == acct["username"]
    assert body["user"]["role"] == "agent" and body["user"]["team_name"]
    me = api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200 and me.json()["id"] == body["user"]["id"]


def test_bad_username_and_bad_password_look_the_same(api: Api) -> None:
    acct = api.account("agent")
    wrong_pw = api.client.post("/api/v1/auth/login",
                               json={"username": acct["username"], "password": "nope"})
    no_user = api.client.post("/api/v1/auth/login",
                              json={"username": "nobody", "password": acct["password"]})
    assert wrong_pw.status_code == no_user.status_code == 401
    assert wrong_pw.json() == no_user.json()
    assert wrong_pw.json()["code"] == "bad_credentials"


def test_missing_unknown_and_expired_tokens(api: Api) -> None:
    r = api.client.get("/api/v1/me")
    assert r.status_code == 401 and r.json()["code"] == "unauthenticated"
    r = api.client.get("/api/v1/me", headers={"Authorization": "Bearer made-up"})
    assert r.status_code == 401 and r.json()["code"] == "unauthenticated"
    username = api.account("agent")["username"]
    headers = api.headers(username)
    engine = make_engine(api.db_url)
    with session_factory(engine)() as s:
        s.execute(update(AuthToken).values(expires_at=utcnow() - timedelta(seconds=1)))
        s.commit()
    engine.dispose()
    r = api.client.get("/api/v1/sync/pull", headers=headers)
    assert r.status_code == 401
    assert r.json()["code"] == "token_expired"


def test_qa_may_not_push(api: Api) -> None:
    r = api.client.post("/api/v1/sync/push", json={"actions": []},
                        headers=api.headers(api.account("qa")["username"]))
    assert r.status_code == 403 and r.json()["code"] == "forbidden"


def test_agent_may_not_reassign(api: Api) -> None:
    r = api.client.post("/api/v1/queue/x/assign", json={"agent_id": "y"},
                        headers=api.headers(api.account("agent")["username"]))
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
