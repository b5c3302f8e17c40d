"""The pull's token cache (server.auth.Sessions) never outlives what the database says.

Each change is made straight in the database, as another server process (or an admin by
hand) would make it, after a first pull has cached the token: the very next pull of this
process must see it, since the cached session is checked by the pull's own statement."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import delete, func, select, update

from server.auth import token_digest
from server.db import make_engine, utcnow
from server.models import AuthToken, CallOutcome, User
from server.orm import session_factory
from tests.server.conftest import Api, outcome

PULL = "/api/v1/sync/pull"


def _login(api: Api, acct: dict[str, Any]) -> str:
    r = api.client.post("/api/v1/auth/login", json={"username": acct["username"],
                                                    "password": acct["password"]})
    assert r.status_code == 200, r.text
    return str(r.json()["token"])


def _pull(api: Api, token: str) -> Any:
    return api.client.get(PULL, params={"since": 0}, headers={"Authorization": f"Bearer {token}"})


def _in_db(api: Api, stmt: Any) -> None:
    engine = make_engine(api.db_url)
    with session_factory(engine)() as s:
        s.execute(stmt)
        s.commit()
    engine.dispose()


def _delete_token(token: str) -> Any:
    return delete(AuthToken).where(AuthToken.token_sha256 == token_digest(token))


def _expire(token: str) -> Any:
    return update(AuthToken).where(AuthToken.token_sha256 == token_digest(token)).values(
        expires_at=utcnow() - timedelta(seconds=1))


def _disable(username: str) -> Any:
    return update(User).where(User.username == username).values(active=False)


CHANGES: dict[str, tuple[Callable[[str, str], Any], str]] = {
    "logged out elsewhere": (lambda tok, _u: _delete_token(tok), "unauthenticated"),
    "expired": (lambda tok, _u: _expire(tok), "token_expired"),
    "account disabled": (lambda _t, user: _disable(user), "unauthenticated"),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_cached_token_is_refused_after_a_change_made_elsewhere(api: Api, change: str) -> None:
    agent = api.account("agent")
    token = _login(api, agent)
    assert _pull(api, token).status_code == 200
    assert _pull(api, token).status_code == 200  # (answered with the cached session)
    make, code = CHANGES[change]
    _in_db(api, make(token, agent["username"]))
    r = _pull(api, token)
    assert r.status_code == 401 and r.json()["code"] == code, r.text


def test_a_role_changed_elsewhere_is_answered_with_the_new_role(api: Api) -> None:
    agent = api.account("agent")
    token = _login(api, agent)
    first = _pull(api, token).json()
    assert first["queue_items"], "an agent receives their queue"
    _in_db(api, update(User).where(User.username == agent["username"]).values(role="qa"))
    again = _pull(api, token).json()
    assert again["queue_items"] == [], "a quality checker receives no queue items"


def test_other_sessions_keep_working(api: Api) -> None:
    agent = api.account("agent")
    one, two = _login(api, agent), _login(api, agent)
    assert _pull(api, one).status_code == 200 and _pull(api, two).status_code == 200
    _in_db(api, _delete_token(one))
    assert _pull(api, one).status_code == 401
    assert _pull(api, two).status_code == 200


def _push(api: Api, token: str, item: dict[str, Any]) -> Any:
    return api.client.post("/api/v1/sync/push", json={"actions": [outcome(item)]},
                           headers={"Authorization": f"Bearer {token}"})


def _stored_calls(api: Api) -> int:
    engine = make_engine(api.db_url)
    with session_factory(engine)() as s:
        count = s.scalar(select(func.count()).select_from(CallOutcome))
    engine.dispose()
    return int(count or 0)


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_push_with_a_cached_token_is_refused_after_a_change_made_elsewhere(
        api: Api, change: str) -> None:
    """A push takes a token cached by a pull, and confirms it in its first statement:
    refused at once, and nothing stored."""
    agent = api.account("agent")
    token = _login(api, agent)
    items = _pull(api, token).json()["queue_items"]
    open_items = [q for q in items if q["status"] != "closed"]
    assert _push(api, token, open_items[0]).json()["results"][0]["status"] == "accepted"
    make, code = CHANGES[change]
    _in_db(api, make(token, agent["username"]))
    before = _stored_calls(api)
    r = _push(api, token, open_items[1])
    assert r.status_code == 401 and r.json()["code"] == code, r.text
    assert _stored_calls(api) == before


def test_a_push_after_a_role_changed_elsewhere_is_judged_by_the_new_role(api: Api) -> None:
    agent = api.account("agent")
    token = _login(api, agent)
    items = [q for q in _pull(api, token).json()["queue_items"] if q["status"] != "closed"]
    assert _push(api, token, items[0]).json()["results"][0]["status"] == "accepted"
    _in_db(api, update(User).where(User.username == agent["username"]).values(role="qa"))
    before = _stored_calls(api)
    r = _push(api, token, items[1])  # a quality checker may not push (server/policy.py)
    assert r.status_code == 403 and r.json()["code"] == "forbidden", r.text
    assert _stored_calls(api) == before
