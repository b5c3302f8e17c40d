"""Input a client can send never answers 5xx (issue 15), on SQLite and PostgreSQL.

A push judges each action alone (an invalid one is `rejected`, the rest stored); every
number and date of the wire is bounded; NUL in any text, path or query answers 422; a
failing statement's parameters never reach an exception's text (and so no log).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from server.db import make_engine
from server.errors import MaskPhones
from server.models import CallOutcome, ClientAction
from tests.server.conftest import Api, outcome
from tests.server.test_push import _count, _queue

PHONE = "+8613812345678"


@pytest.fixture
def raw(api: Api) -> Iterator[TestClient]:
    """The same app, answering 500s instead of raising them into the test."""
    with TestClient(api.client.app, raise_server_exceptions=False) as client:
        yield client


def _push(api: Api, raw: TestClient, user: str, actions: list[Any]) -> list[dict[str, Any]]:
    # json.dumps escapes a lone surrogate as \ud800 (httpx's json= cannot encode it).
    r = raw.post("/api/v1/sync/push", content=json.dumps({"actions": actions}),
                 headers={**api.headers(user), "content-type": "application/json"})
    assert r.status_code == 200, r.text
    return list(r.json()["results"])


# ------------------------------------------------------------- per-action rejection


@pytest.mark.parametrize("bad", [
    {"talk_seconds": 10**20}, {"script_version": 10**20}, {"wrap_seconds": -1},
    {"clock_offset_seconds": 1e300}, {"created_at": "0001-01-01T00:00:00Z"},
    {"call_started_at": "9999-12-31T23:59:59+14:00"}, {"callback_at": "1999-12-31T00:00:00"},
    {"notes": "call back \x00 later"}, {"queue_item_id": "x\x00"}, {"notes": "\ud800"},
    {"steps_taken": ["a\x00"]}, {"disposition": "sold"}, {"kind": "sale"},
])
def test_one_bad_action_is_rejected_alone(api: Api, raw: TestClient, bad: dict[str, Any]
                                          ) -> None:
    user = api.account("agent")["username"]
    items = _queue(api, user)[:3]
    batch = [outcome(items[0]), {**outcome(items[1]), **bad}, outcome(items[2])]
    first = _push(api, raw, user, batch)
    assert [r["status"] for r in first] == ["accepted", "rejected", "accepted"]
    assert first[1]["code"] == "invalid_action"
    assert first[1]["action_id"] == batch[1]["action_id"]
    field = next(iter(bad))
    assert field in first[1]["message"] or bad[field] == "sale", first[1]["message"]
    for a in (batch[0], batch[2]):
        assert _count(api.db_url, CallOutcome, id=a["action_id"]) == 1
    assert _count(api.db_url, CallOutcome, id=batch[1]["action_id"]) == 0
    # The rejection is stored like any other: a resent batch gets the same answers.
    again = _push(api, raw, user, batch)
    assert [r["duplicate"] for r in again] == [True, True, True]
    assert [{**r, "duplicate": False} for r in again] == first
    assert _count(api.db_url, ClientAction, action_id=batch[1]["action_id"]) == 1


def test_an_action_whose_id_cannot_be_read_is_answered_in_its_place(
        api: Api, raw: TestClient) -> None:
    user = api.account("agent")["username"]
    item = _queue(api, user)[0]
    good = outcome(item)
    results = _push(api, raw, user, [
        {"kind": "outcome", "action_id": 12345678}, good, "not an object",
        {"kind": "dnc", "action_id": "short"}, {**outcome(item), "action_id": "id\x00id\x00id"},
    ])
    assert [r["status"] for r in results] == ["rejected", "accepted", "rejected", "rejected",
                                              "rejected"]
    assert [r["action_id"] for r in results] == ["", good["action_id"], "", "short",
                                                 "id\x00id\x00id"]
    assert all(r["code"] == "invalid_action" for r in results if r["status"] == "rejected")
    assert _count(api.db_url, CallOutcome, id=good["action_id"]) == 1
    # Only readable ids are stored (the good one); the others cannot be answered again.
    assert _count(api.db_url, ClientAction, action_id=good["action_id"]) == 1
    assert _count(api.db_url, ClientAction, action_id="short") == 0


def test_the_batch_envelope_is_still_validated(api: Api, raw: TestClient) -> None:
    h = api.headers(api.account("agent")["username"])
    for body in ({"actions": "x"}, {}, {"actions": [{}] * 501}):
        r = raw.post("/api/v1/sync/push", json=body, headers=h)
        assert r.status_code == 422, r.text
    r = raw.post("/api/v1/sync/push", content=b'{"actions": [',
                 headers={**h, "content-type": "application/json"})
    assert r.status_code == 400 and r.json()["code"] == "malformed_json"


# ------------------------------------------------------------- no 5xx, ever

# (who, method, path, keyword arguments of the request) -> a 4xx, never a 5xx.
CASES: list[tuple[str, str, str, dict[str, Any]]] = [
    ("agent", "GET", "/api/v1/sync/pull", {"params": {"since": "1e20"}}),
    ("agent", "GET", "/api/v1/sync/pull", {"params": {"since": str(2**63)}}),
    ("agent", "GET", "/api/v1/sync/wait", {"params": {"since": str(2**64), "timeout": 0}}),
    ("agent", "GET", "/api/v1/sync/wait", {"params": {"timeout": "nan"}}),
    ("admin", "POST", "/api/v1/admin/campaigns/BBRENEW/plan",
     {"json": {"dry_run": True, "contacted_within_days": 10**9}}),
    ("admin", "POST", "/api/v1/admin/campaigns/BBRENEW/plan",
     {"json": {"dry_run": True, "rules": {"campaign": {"code": "BB\x00"}}}}),
    ("admin", "POST", "/api/v1/admin/campaigns/BBRENEW/assign",
     {"json": {"team": "Team A / 一组", "limit": 10**20}}),
    ("admin", "POST", "/api/v1/admin/campaigns/BBRENEW/assign",
     {"content": b'{"team": "x", "weights": {"agent1": Infinity}}',
      "headers": {"content-type": "application/json"}}),
    ("admin", "POST", "/api/v1/admin/campaigns/BBRENEW/assign",
     {"json": {"team": "Team A\x00"}}),
    ("admin", "POST", "/api/v1/quality/samples/draw", {"json": {"day": "0001-01-01"}}),
    ("admin", "POST", "/api/v1/quality/samples/draw", {"json": {"day": "9999-12-31"}}),
    ("admin", "GET", "/api/v1/quality/samples", {"params": {"day": "9999-12-31"}}),
    ("admin", "GET", "/api/v1/quality/calls", {"params": {"day": "0001-01-01"}}),
    ("admin", "GET", "/api/v1/quality/calls", {"params": {"day": "9999-12-31"}}),
    ("admin", "GET", "/api/v1/quality/calls", {"params": {"q": "a\x00b"}}),
    ("admin", "GET", "/api/v1/quality/calls/a%00b", {}),
    ("admin", "GET", "/api/v1/quality/rollup", {"params": {"team_id": "x",
                                                           "since": "0001-01-01"}}),
    ("admin", "POST", "/api/v1/admin/customers/import",
     {"params": {"filename": "c.csv", "encoding": "rot13"}, "content": b"a\n"}),
    ("admin", "POST", "/api/v1/admin/dnc/import",
     {"params": {"filename": "d.csv", "encoding": "no-such-codec"}, "content": b"a\n"}),
    ("admin", "POST", "/api/v1/admin/customers/import",
     {"params": {"filename": "c\x00.csv"}, "content": b"a\n"}),
    ("admin", "POST", "/api/v1/quality/rubric",
     {"content": b'{"name": "r", "criteria": [{"id": "a", "title": "A", "weight": Infinity}]}',
      "headers": {"content-type": "application/json"}}),
    ("admin", "POST", "/api/v1/quality/rubric",
     {"json": {"name": "r", "criteria": [{"id": "a", "title": "A", "weight": 1e6}]}}),
    ("admin", "POST", "/api/v1/quality/rubric",
     {"json": {"name": "r\x00", "criteria": [{"id": "a", "title": "A", "weight": 1}]}}),
    ("lead1", "POST", "/api/v1/lead/queue-pause",
     {"json": {"agent_id": "x", "paused": True, "reason": "\x00"}}),
    ("lead1", "GET", "/api/v1/lead/queue", {"params": {"agent_id": "\x00"}}),
    ("qa1", "POST", "/api/v1/quality/calls/x/annotations", {"json": {"text": "\x00"}}),
    ("", "POST", "/api/v1/auth/login", {"json": {"username": "agent1\x00", "password": "x"}}),
    ("", "POST", "/api/v1/auth/login", {"json": {"username": "agent1", "password": "\x00"}}),
    ("", "POST", "/api/v1/auth/login", {"content": b'{"username": "a\\ud800", "password": "x"}',
                                        "headers": {"content-type": "application/json"}}),
    ("admin", "POST", "/api/v1/quality/calls/x/annotations",
     {"content": b'{"text": "\\udc80"}', "headers": {"content-type": "application/json"}}),
]


def test_no_request_a_client_can_send_answers_5xx(api: Api, raw: TestClient) -> None:
    users = {"agent": api.account("agent")["username"], "admin": "admin", "lead1": "lead1",
             "qa1": "qa1"}
    wrong = []
    for who, method, path, kw in CASES:
        headers = {**kw.pop("headers", {}), **(api.headers(users[who]) if who else {})}
        r = raw.request(method, path, headers=headers, **kw)
        if r.status_code != 422:
            wrong.append((method, path, r.status_code, r.text[:200]))
        else:
            assert r.json()["code"] == "invalid_request" and r.json()["message"]
    assert not wrong, wrong


def test_bounds_leave_sane_values_alone(api: Api, raw: TestClient) -> None:
    user = api.account("agent")["username"]
    item = _queue(api, user)[0]
    ok = outcome(item, talk_seconds=86_400, script_version=2**31 - 1,
                 clock_offset_seconds=-3600.5, notes="回电 +86 138 1234 5678")
    assert _push(api, raw, user, [ok])[0]["status"] == "accepted"
    r = raw.get("/api/v1/sync/pull", params={"since": 0, "limit": 1},
                headers=api.headers(user))
    assert r.status_code == 200


# ------------------------------------------------------------- logs


def test_statement_parameters_never_reach_exception_text(api: Api) -> None:
    engine = make_engine(api.db_url)
    try:
        with engine.connect() as conn, pytest.raises(DBAPIError) as failed:
            conn.execute(text("INSERT INTO no_such_table (phone) VALUES (:phone)"),
                         {"phone": PHONE})
    finally:
        engine.dispose()
    assert PHONE not in str(failed.value)
    assert "hide_parameters" in str(failed.value)


def test_server_log_masks_exception_text(caplog: pytest.LogCaptureFixture) -> None:
    caplog.handler.addFilter(MaskPhones())
    log = logging.getLogger("server.test.mask")
    try:
        raise ValueError(f"duplicate key (phone)=({PHONE}) at {datetime.now(UTC):%Y}")
    except ValueError:
        log.exception("push of %s failed", PHONE)
    assert "13812345678" not in caplog.text
    assert "+86138******78" in caplog.text and "ValueError: duplicate key" in caplog.text
