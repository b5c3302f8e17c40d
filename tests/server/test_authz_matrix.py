"""Role × route: every route of the policy table, called as every role and as nobody.

Two teams with a lead each, a checker scoped to team A and one covering every team, an
agent in each team and an admin. Every request aims at team B's resources (agent5's queue
item, call, sample; a customer only team B works), so the team-A side (agent1, lead1,
qa_a) is always "the other team". What each caller must get is read from server/policy.py:
allowed (2xx, or a 4xx about the input; never 401/403), 403, 404 where existence must not
leak, or, inside a push, that action alone rejected. One app and one seeded database per
backend for the whole module, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import io
import os
import re
import secrets
import shutil
import wave
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import create_engine, func, select, update
from sqlalchemy.orm import Session

import server.auth
from server import models as m
from server import policy
from server.api import create_app
from server.policy import Denial, Rule, Scope
from server.quality.models import QaChecker, QaSample
from tests.server import conftest
from tests.server.conftest import Api
from tests.server.quality_support import DAY, day_of_calls
from wire.schema import Role

ACTORS = ("anonymous", "agent_a", "lead_a", "qa_a", "agent_b", "lead_b", "qa_all", "verifier",
          "admin")
# The team-A side may not touch team B; the others may (or own it).
OTHER_TEAM = {"agent_a", "lead_a", "qa_a"}
USERNAMES = {"agent_a": "agent1", "lead_a": "lead1", "qa_a": "qa_a", "agent_b": "agent5",
             "lead_b": "lead_b", "qa_all": "qa1", "verifier": "verifier1", "admin": "admin"}
INPUT_ERRORS = frozenset({400, 409, 422})


# ------------------------------------------------------------------ the world


@dataclass
class World:
    api: Api
    ids: dict[str, str]
    roles: dict[str, Role] = field(default_factory=dict)


CHEAP = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)


def _cheap_hash(password: str) -> str:
    return CHEAP.hash(password)


def _add_user(s: Session, username: str, role: Role, team_id: str | None) -> dict[str, Any]:
    password = secrets.token_urlsafe(10)
    user = m.User(id=m.new_id(), username=username, display_name=username, role=role.value,
                  team_id=team_id, password_hash=_cheap_hash(password), active=True,
                  created_at=datetime.now(UTC))
    s.add(user)
    s.flush()
    return {"id": user.id, "username": username, "password": password, "role": role.value}


def _prepare(url: str, accounts: list[dict[str, Any]]) -> dict[str, str]:
    """Second lead for team B, a checker scoped to team A; ids of team B's resources."""
    eng = create_engine(url)
    ids: dict[str, str] = {}
    with Session(eng) as s:
        users = {u.username: u for u in s.scalars(select(m.User))}
        ids["team_a"], ids["team_b"] = users["agent1"].team_id or "", users["agent5"].team_id or ""
        lead_b = _add_user(s, "lead_b", Role.TEAM_LEAD, ids["team_b"])
        qa_a = _add_user(s, "qa_a", Role.QA, None)
        s.execute(update(m.Team).where(m.Team.id == ids["team_b"])
                  .values(lead_user_id=lead_b["id"]))
        now = datetime.now(UTC)
        s.add(QaChecker(user_id=qa_a["id"], may_see_numbers=True, team_ids=[ids["team_a"]],
                        updated_at=now))
        s.add(QaChecker(user_id=users["qa1"].id, may_see_numbers=True, team_ids=[],
                        updated_at=now))
        # An empty campaign for the rebalance: allowed callers move nothing, so the
        # calls after it see the same queues.
        some = s.scalars(select(m.Campaign).order_by(m.Campaign.code)).first()
        assert some is not None
        copy = {c.key: getattr(some, c.key) for c in m.Campaign.__table__.columns}
        copy.update(id=m.new_id(), code="AUTHZ-EMPTY", name="authz: no items")
        s.add(m.Campaign(**copy))
        ids["empty_campaign"] = copy["id"]
        s.commit()
        accounts += [lead_b, qa_a]
        ids["agent_b"] = users["agent5"].id
        ids["qa_a"] = qa_a["id"]
    eng.dispose()
    return ids


def _customers_only_of(s: Session, agent_id: str, team: set[str]) -> list[str]:
    """Customers with an open item of `agent_id` that no agent outside `team` ever held."""
    found = []
    for item in s.scalars(select(m.QueueItem).where(
            m.QueueItem.agent_id == agent_id, m.QueueItem.status != "closed")
            .order_by(m.QueueItem.id)):
        holders = set(s.scalars(select(m.QueueAssignment.agent_id)
                                .join(m.QueueItem,
                                      m.QueueItem.id == m.QueueAssignment.queue_item_id)
                                .where(m.QueueItem.customer_id == item.customer_id)))
        holders |= set(s.scalars(select(m.QueueItem.agent_id).where(
            m.QueueItem.customer_id == item.customer_id)))
        if holders <= team:
            found.append(item.customer_id)
    return found


def _team_b_resources(url: str, ids: dict[str, str]) -> None:
    """After agent5's day of calls and the draw: agent5's open item, sampled call, and
    customers that only team B (or only team A) ever worked, for do-not-call pushes."""
    eng = create_engine(url)
    with Session(eng) as s:
        def team(key: str) -> set[str]:
            return set(s.scalars(select(m.User.id).where(m.User.team_id == ids[key])))

        sample = s.scalars(select(QaSample).where(QaSample.agent_id == ids["agent_b"])
                           .order_by(QaSample.id)).first()
        assert sample is not None
        ids["sample"], ids["outcome"] = sample.id, sample.outcome_id
        item = s.scalars(select(m.QueueItem).where(
            m.QueueItem.agent_id == ids["agent_b"], m.QueueItem.status != "closed")
            .order_by(m.QueueItem.id)).first()
        assert item is not None
        ids["item"] = item.id
        only_b = [c for c in _customers_only_of(s, ids["agent_b"], team("team_b"))
                  if c != item.customer_id]
        ids["dnc_customer"], ids["dnc_customer2"] = only_b[0], only_b[1]
        agent_a = s.scalars(select(m.User.id).where(m.User.username == "agent1")).one()
        ids["team_a_customer"] = _customers_only_of(s, agent_a, team("team_a"))[0]
    eng.dispose()


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql",
                                                               marks=pytest.mark.postgres)])
def world(request: pytest.FixtureRequest,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    backend = str(request.param)
    if backend == "postgresql" and conftest.pg_admin_url() is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(conftest.UNREACHABLE + " (CI=true: PostgreSQL tests must run)")
        pytest.skip(conftest.UNREACHABLE)
    with pytest.MonkeyPatch.context() as mp:  # as conftest.cheap_password_hashing does,
        # for the module's life (that fixture is per test; this one may seed the template)
        mp.setattr(server.auth, "_hasher", CHEAP)
        yield from _world(backend, tmp_path_factory)


def _world(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    template, creds = conftest._template(backend, tmp_path_factory)
    if backend == "sqlite":
        path = tmp_path_factory.mktemp("authz") / "server.sqlite3"
        shutil.copyfile(template.removeprefix("sqlite:///"), path)
        url = f"sqlite:///{path}"
    else:
        url = conftest._pg_create(template)
    accounts = [dict(a) for a in creds["accounts"]]
    ids = _prepare(url, accounts)
    app = create_app(url)
    try:
        with TestClient(app) as client:
            api = Api(client, url, accounts)
            day_of_calls(api, "agent5")
            r = client.post("/api/v1/quality/samples/draw", json={"day": DAY.isoformat()},
                            headers=api.headers("admin"))
            assert r.status_code == 200, r.text
            _team_b_resources(url, ids)
            # The recording the recording routes read, there whichever of this module's
            # cases run first (or alone, when pytest-xdist splits the module).
            r = client.post(f"{Q}/calls/{ids['outcome']}/recording", content=_wav(),
                            headers={**api.headers("admin"), "Content-Type": "audio/wav"})
            assert r.status_code in (200, 201), r.text
            roles = {a: Role(next(x["role"] for x in accounts if x["username"] == u))
                     for a, u in USERNAMES.items()}
            yield World(api, ids, roles)
    finally:
        app.state.engine.dispose()
        app.state.read_engine.dispose()
        if backend == "postgresql":
            conftest._pg_drop(url)


# ------------------------------------------------------------------ the requests


def _wav() -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\0\0" * 8000)
    return buf.getvalue()


@dataclass(frozen=True)
class Case:
    """One route's request. `targets_b`: it aims at a team-B resource (so scope decides);
    `ok`: the statuses an allowed caller may get besides 2xx; `allowed_status`: the one
    status an allowed caller gets (the 405 of an immutable record)."""

    params: Callable[[World], dict[str, Any]] = lambda w: {}
    json: Callable[[World], Any] | None = None
    content: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    path_ids: dict[str, str] = field(default_factory=dict)  # path parameter -> ids key
    literal_path: dict[str, str] = field(default_factory=dict)
    targets_b: bool = False
    ok: frozenset[int] = INPUT_ERRORS
    allowed_status: int | None = None
    ends_sessions: bool = False  # the call may end the caller's tokens: log in anew after
    client: tuple[str, int] | None = None  # the caller's address, when it matters


def _dnc(w: World) -> dict[str, Any]:
    return {"actions": [{"kind": "dnc", "action_id": secrets.token_hex(16),
                         "created_at": datetime.now(UTC).isoformat(),
                         "customer_id": w.ids["dnc_customer"], "reason": "authz test"}]}


def _login(w: World) -> dict[str, str]:
    acct = w.api.account("agent")  # agent1's own credentials: a login anyone can make
    return {"username": acct["username"], "password": acct["password"]}


P, L, Q, ADM = "/api/v1", "/api/v1/lead", "/api/v1/quality", "/api/v1/admin"
CALL, SAMPLE = Q + "/calls/{outcome_id}", Q + "/samples/{sample_id}"
REC = P + "/recordings/{outcome_id}"
VER, ORD = P + "/verification/items", P + "/orders"
_ANNOUNCE = {"sha256": "0" * 64, "size_bytes": 2, "duration_seconds": 0.1,
             "content_type": "audio/flac"}
ON_CALL = {"outcome_id": "outcome"}
ON_SAMPLE = {"sample_id": "sample"}
CSV = {"Content-Type": "text/csv"}

CASES: dict[tuple[str, str], Case] = {
    ("GET", "/openapi.json"): Case(),
    ("GET", "/docs"): Case(),
    ("GET", "/docs/oauth2-redirect"): Case(),
    ("GET", "/redoc"): Case(),
    ("GET", P + "/health"): Case(),
    ("GET", P + "/ready"): Case(),
    # Answered on the server machine only (tests/server/test_operations.py: 403 otherwise).
    ("GET", "/metrics"): Case(client=("127.0.0.1", 40000)),
    ("POST", P + "/auth/login"): Case(json=_login, ok=frozenset()),
    ("POST", P + "/auth/logout"): Case(ends_sessions=True),
    ("POST", P + "/auth/logout-all"): Case(ends_sessions=True),
    # the same password twice: refused (422) after the policy, so nothing changes
    ("POST", P + "/auth/password"): Case(
        json=lambda w: {"current_password": "same-pass-1", "new_password": "same-pass-1"}),
    ("DELETE", ADM + "/users/{user_id}/sessions"): Case(
        literal_path={"user_id": "NO-SUCH"}, ok=INPUT_ERRORS | {404}),
    ("GET", P + "/me"): Case(),
    ("GET", P + "/presence/pause-reasons"): Case(),
    ("GET", P + "/sync/pull"): Case(params=lambda w: {"since": 0, "limit": 5}),
    ("GET", P + "/sync/wait"): Case(params=lambda w: {"since": 0, "timeout": 0}),
    ("POST", P + "/sync/push"): Case(json=_dnc, targets_b=True, ok=frozenset()),
    ("POST", P + "/queue/{item_id}/assign"): Case(
        path_ids={"item_id": "item"}, json=lambda w: {"agent_id": w.ids["agent_b"]},
        targets_b=True),
    ("POST", ADM + "/customers/import"): Case(params=lambda w: {"filename": "x.csv"},
                                              content=b"", headers=CSV),
    ("PATCH", ADM + "/customers/{external_id}"): Case(
        literal_path={"external_id": "NO-SUCH"}, json=lambda w: {"region": "X"},
        ok=INPUT_ERRORS | {404}),
    ("POST", ADM + "/dnc/import"): Case(params=lambda w: {"filename": "x.csv"}, content=b"",
                                        headers=CSV),
    ("GET", ADM + "/dnc/export"): Case(params=lambda w: {"masked": True}),
    ("POST", ADM + "/campaigns/{code}/plan"): Case(literal_path={"code": "NO-SUCH"},
                                                   json=lambda w: {"dry_run": True}),
    ("POST", ADM + "/campaigns/{code}/assign"): Case(
        literal_path={"code": "NO-SUCH"}, json=lambda w: {"team": w.ids["team_b"]},
        ok=INPUT_ERRORS | {404}),
    ("PATCH", ADM + "/campaigns/{code}/dialling"): Case(
        literal_path={"code": "NO-SUCH"}, json=lambda w: {"dial_mode": "progressive"},
        ok=INPUT_ERRORS | {404}),
    ("POST", ADM + "/scripts"): Case(params=lambda w: {"filename": "x.yaml"},
                                     content=b"not: [a script", headers=CSV),
    ("POST", ADM + "/churn/train"): Case(params=lambda w: {"max_depth": 1}),
    ("POST", ADM + "/customers/preview"): Case(params=lambda w: {"filename": "x.csv"},
                                               content=b"", headers=CSV),
    ("GET", ADM + "/segments"): Case(),
    ("GET", ADM + "/dnc/search"): Case(params=lambda w: {"phone": "13800000000"}),
    ("GET", ADM + "/scripts"): Case(params=lambda w: {"campaign": "NO-SUCH"},
                                    ok=INPUT_ERRORS | {404}),
    ("POST", ADM + "/scripts/check"): Case(params=lambda w: {"filename": "x.md"},
                                           content=b"# not a script", headers=CSV),
    ("GET", ADM + "/campaigns/{code}/plans"): Case(literal_path={"code": "NO-SUCH"},
                                                   ok=INPUT_ERRORS | {404}),
    ("GET", ADM + "/campaigns/{code}/rules"): Case(literal_path={"code": "NO-SUCH"},
                                                   ok=INPUT_ERRORS | {404}),
    ("GET", ADM + "/jobs/{job_id}"): Case(literal_path={"job_id": "authz"}),
    ("POST", ADM + "/jobs/{job_id}/cancel"): Case(literal_path={"job_id": "authz"}),
    # the campaign loop: unknown plans, campaigns and pilots (nothing changes)
    ("GET", ADM + "/campaigns/{code}/plan-approvals"): Case(
        literal_path={"code": "NO-SUCH"}, ok=INPUT_ERRORS | {404}),
    ("POST", ADM + "/plans/{plan_id}/submit"): Case(literal_path={"plan_id": "NO-SUCH"},
                                                    json=lambda w: {},
                                                    ok=INPUT_ERRORS | {404}),
    ("POST", ADM + "/plans/{plan_id}/review"): Case(
        literal_path={"plan_id": "NO-SUCH"}, json=lambda w: {"decision": "approve"},
        ok=INPUT_ERRORS | {404}),
    ("PUT", ADM + "/campaigns/{code}/quiz"): Case(literal_path={"code": "NO-SUCH"},
                                                  json=lambda w: {}),
    ("GET", ADM + "/campaigns/{code}/quiz"): Case(literal_path={"code": "NO-SUCH"},
                                                  ok=INPUT_ERRORS | {404}),
    ("POST", ADM + "/campaigns/{code}/pilot"): Case(literal_path={"code": "NO-SUCH"},
                                                    json=lambda w: {}),
    ("GET", ADM + "/pilots/{pilot_id}"): Case(literal_path={"pilot_id": "NO-SUCH"},
                                              ok=INPUT_ERRORS | {404}),
    ("GET", ADM + "/plans/{plan_id}/pilots"): Case(literal_path={"plan_id": "NO-SUCH"}),
    ("POST", ADM + "/pilots/{pilot_id}/decision"): Case(
        literal_path={"pilot_id": "NO-SUCH"}, json=lambda w: {"decision": "go"},
        ok=INPUT_ERRORS | {404}),
    ("PUT", ADM + "/customers/{external_id}/account-manager"): Case(
        literal_path={"external_id": "NO-SUCH"}, json=lambda w: {"manager": "admin"},
        ok=INPUT_ERRORS | {404}),
    ("POST", P + "/customers/{external_id}/release"): Case(
        literal_path={"external_id": "NO-SUCH"}, json=lambda w: {},
        ok=INPUT_ERRORS | {404}),
    # issue 22: cause-analysis tasks (an unknown task: nothing changes)
    ("GET", P + "/churn-tasks"): Case(),
    ("POST", P + "/churn-tasks/{task_id}/close"): Case(
        literal_path={"task_id": "NO-SUCH"}, json=lambda w: {"finding": "authz"},
        ok=INPUT_ERRORS | {404}),
    ("PUT", ADM + "/campaigns/{code}/windows"): Case(
        literal_path={"code": "NO-SUCH"}, json=lambda w: {"windows": []},
        ok=INPUT_ERRORS | {404}),
    ("PUT", ADM + "/team-targets"): Case(params=lambda w: {"team": "NO-SUCH"},
                                         json=lambda w: {"day_target": 100},
                                         ok=INPUT_ERRORS | {404}),
    ("GET", ADM + "/team-targets"): Case(params=lambda w: {"team": "NO-SUCH"},
                                         ok=INPUT_ERRORS | {404}),
    ("GET", P + "/training"): Case(),
    ("GET", P + "/training/{code}/quiz"): Case(literal_path={"code": "NO-SUCH"},
                                               ok=INPUT_ERRORS | {404}),
    ("POST", P + "/training/{code}/answers"): Case(literal_path={"code": "NO-SUCH"},
                                                   json=lambda w: {"version": 1,
                                                                   "answers": [0]},
                                                   ok=INPUT_ERRORS | {404}),
    ("GET", L + "/monitor"): Case(params=lambda w: {"team_id": w.ids["team_b"]},
                                  targets_b=True),
    ("GET", L + "/surveys"): Case(
        params=lambda w: {"campaign_id": w.ids["empty_campaign"], "by": "agent"}),
    ("GET", L + "/queue"): Case(params=lambda w: {"agent_id": w.ids["agent_b"], "limit": 5},
                                targets_b=True),
    ("POST", L + "/reassign"): Case(
        json=lambda w: {"item_ids": [w.ids["item"]], "agent_id": w.ids["agent_b"]},
        targets_b=True),
    ("POST", L + "/rebalance"): Case(  # a campaign without items: nothing moves
        json=lambda w: {"campaign_id": w.ids["empty_campaign"],
                        "agent_ids": [w.ids["agent_b"]]},
        targets_b=True),
    ("POST", L + "/rebalance/preview"): Case(
        json=lambda w: {"campaign_id": w.ids["empty_campaign"],
                        "agent_ids": [w.ids["agent_b"]]},
        targets_b=True),
    ("GET", L + "/summary"): Case(
        params=lambda w: {"start": DAY.isoformat(), "end": DAY.isoformat(),
                          "team_id": w.ids["team_b"]},
        targets_b=True),
    ("POST", L + "/priority"): Case(json=lambda w: {"item_ids": [w.ids["item"]],
                                                    "priority": 3}, targets_b=True),
    ("POST", L + "/queue-pause"): Case(
        json=lambda w: {"agent_id": w.ids["agent_b"], "paused": False, "reason": ""},
        targets_b=True),
    ("GET", Q + "/rubric"): Case(),
    ("POST", Q + "/rubric"): Case(json=lambda w: {}),  # invalid: nothing is published
    ("POST", Q + "/checkers/{user_id}"): Case(
        path_ids={"user_id": "qa_a"},
        json=lambda w: {"may_see_numbers": True, "team_ids": [w.ids["team_a"]]}),
    ("POST", Q + "/samples/draw"): Case(json=lambda w: {"day": DAY.isoformat()}),
    ("GET", Q + "/samples"): Case(params=lambda w: {"scope": "all"}),
    ("POST", SAMPLE + "/claim"): Case(path_ids=ON_SAMPLE, targets_b=True),
    ("POST", SAMPLE + "/release"): Case(path_ids=ON_SAMPLE, targets_b=True),
    # Well-formed but rating nothing: scope decides first, then 422 (nothing is stored).
    ("POST", SAMPLE + "/scores"): Case(path_ids=ON_SAMPLE, json=lambda w: {"criteria": []},
                                       targets_b=True),
    ("GET", SAMPLE + "/scores"): Case(path_ids=ON_SAMPLE, targets_b=True),
    ("GET", Q + "/calls"): Case(params=lambda w: {"day": DAY.isoformat()}),
    ("POST", CALL + "/sample"): Case(path_ids=ON_CALL, targets_b=True),
    ("GET", CALL): Case(path_ids=ON_CALL, targets_b=True),
    ("PUT", CALL): Case(path_ids=ON_CALL, json=lambda w: {}, targets_b=True,
                        allowed_status=405),
    ("PATCH", CALL): Case(path_ids=ON_CALL, json=lambda w: {}, targets_b=True,
                          allowed_status=405),
    ("DELETE", CALL): Case(path_ids=ON_CALL, targets_b=True, allowed_status=405),
    ("POST", CALL + "/reveal"): Case(path_ids=ON_CALL, targets_b=True),
    ("GET", CALL + "/annotations"): Case(path_ids=ON_CALL, targets_b=True),
    ("POST", CALL + "/annotations"): Case(path_ids=ON_CALL, json=lambda w: {"text": "ok"},
                                          targets_b=True),
    ("POST", CALL + "/recording"): Case(path_ids=ON_CALL, content=_wav(), targets_b=True,
                                        headers={"Content-Type": "audio/wav"}),
    ("GET", CALL + "/recording"): Case(path_ids=ON_CALL, targets_b=True),
    ("GET", Q + "/rollup"): Case(params=lambda w: {"team_id": w.ids["team_b"]},
                                 targets_b=True),
    ("GET", Q + "/coaching"): Case(),
    ("GET", P + "/feedback"): Case(),
    # The call's own agent announces a recording (idempotent), sends a byte of it and reads
    # the upload's state; the GET finds the recording POSTed above (quality workspace).
    ("PUT", REC): Case(path_ids=ON_CALL, json=lambda w: _ANNOUNCE, targets_b=True),
    ("PATCH", REC): Case(path_ids=ON_CALL, params=lambda w: {"offset": 0}, content=b"x",
                         headers={"Content-Type": "application/offset+octet-stream"},
                         targets_b=True),
    ("GET", REC + "/status"): Case(path_ids=ON_CALL, targets_b=True),
    ("GET", REC): Case(path_ids=ON_CALL, targets_b=True),
    # After the sale (issue 21): no such item or order, so nothing changes; allowed callers
    # get 404 about the record, the others 403 from the table.
    ("GET", VER): Case(params=lambda w: {"limit": 5}),
    ("GET", VER + "/{verification_id}"): Case(literal_path={"verification_id": "NO-SUCH"},
                                              ok=INPUT_ERRORS | {404}),
    ("POST", VER + "/{verification_id}/outcome"): Case(
        literal_path={"verification_id": "NO-SUCH"}, ok=INPUT_ERRORS | {404},
        json=lambda w: {"action_id": secrets.token_hex(16), "outcome": "confirmed"}),
    ("GET", ORD): Case(params=lambda w: {"since": 0, "limit": 5}),
    ("GET", ORD + "/export"): Case(params=lambda w: {"format": "csv"}),
    ("POST", ORD + "/{order_id}/activation"): Case(
        literal_path={"order_id": "NO-SUCH"}, json=lambda w: {"result": "activated"},
        ok=INPUT_ERRORS | {404}),
    ("POST", ORD + "/{order_id}/cancellation"): Case(
        literal_path={"order_id": "NO-SUCH"}, json=lambda w: {"on": DAY.isoformat()},
        ok=INPUT_ERRORS | {404}),
    ("POST", P + "/letters/batch"): Case(),
    ("GET", P + "/letters/batches/{batch_id}"): Case(
        literal_path={"batch_id": "NO-SUCH"}, ok=INPUT_ERRORS | {404}),
}


# ------------------------------------------------------------------ expectations


def expected(rule: Rule, case: Case, actor: str, role: Role | None) -> str:
    """"allowed", "401", "403", "404", or "rejected" (a push's action)."""
    if rule.public:
        return "allowed"
    if role is None:
        return "401"
    scope = rule.scope_of(role)
    if scope is None:
        return "403"
    if not case.targets_b or scope in (Scope.SELF, Scope.SHARED, Scope.ALL):
        return "allowed"
    return rule.out_of_scope.value if actor in OTHER_TEAM else "allowed"


def verdict(rule: Rule, case: Case, r: Response) -> str:
    """What the answer says, in the terms of `expected`."""
    if r.status_code in (401, 403) or (r.status_code == 404 and 404 not in case.ok):
        return str(r.status_code)
    if r.status_code >= 500:
        return f"server error {r.status_code}"
    if rule.out_of_scope is Denial.REJECTED and r.status_code == 200:
        statuses = {a["status"] for a in r.json()["results"]}
        return "rejected" if statuses == {"rejected"} else "allowed"
    wanted = {case.allowed_status} if case.allowed_status else \
        set(range(200, 300)) | set(case.ok)
    return "allowed" if r.status_code in wanted else f"unexpected {r.status_code}"


def call(w: World, method: str, path: str, case: Case, actor: str) -> Response:
    for name, key in case.path_ids.items():
        path = path.replace("{" + name + "}", w.ids[key])
    for name, value in case.literal_path.items():
        path = path.replace("{" + name + "}", value)
    headers = dict(case.headers)
    if actor != "anonymous":
        headers.update(w.api.headers(USERNAMES[actor]))
    client = TestClient(w.api.client.app, client=case.client) if case.client else w.api.client
    r = client.request(method, path, params=case.params(w),
                             json=case.json(w) if case.json else None,
                             content=case.content, headers=headers)
    if case.ends_sessions:
        w.api.tokens.clear()
    return r


def test_every_route_of_the_table_has_a_case() -> None:
    assert set(CASES) == set(policy.POLICY)


@pytest.mark.parametrize("key", list(CASES), ids=[f"{m} {p}" for m, p in CASES])
def test_role_by_route(world: World, key: tuple[str, str]) -> None:
    method, path = key
    rule, case = policy.POLICY[key], CASES[key]
    wrong = []
    for actor in ACTORS:
        role = world.roles.get(actor)
        want = expected(rule, case, actor, role)
        r = call(world, method, path, case, actor)
        got = verdict(rule, case, r)
        if got != want:
            wrong.append(f"{actor}: wanted {want}, got {got}: {r.text[:200]}")
    assert not wrong, "\n".join(wrong)


# ------------------------------------------------------------------ the holes, one by one


def _count(w: World, model: Any, *where: Any) -> int:
    eng = create_engine(w.api.db_url)
    with Session(eng) as s:
        n = int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)
    eng.dispose()
    return n


def _dnc_action(customer_id: str) -> dict[str, Any]:
    return {"kind": "dnc", "action_id": secrets.token_hex(16),
            "created_at": datetime.now(UTC).isoformat(), "customer_id": customer_id}


def test_a_lead_flags_only_customers_of_their_teams_queues(world: World) -> None:
    """Lead A's batch: a team-A customer is flagged, a team-B-only customer's action alone
    is rejected and that customer's items stay open; lead B may flag it."""
    w, target = world, world.ids["dnc_customer2"]
    open_items = (m.QueueItem.customer_id == target, m.QueueItem.status != "closed")
    before = _count(w, m.QueueItem, *open_items)
    assert before > 0
    results = w.api.push("lead1", [_dnc_action(w.ids["team_a_customer"]), _dnc_action(target)])
    assert [r["status"] for r in results] == ["accepted", "rejected"]
    assert results[1]["code"] == "not_your_customer"
    assert _count(w, m.QueueItem, *open_items) == before
    assert _count(w, m.DncEntry, m.DncEntry.customer_id == target) == 0
    assert w.api.push("agent1", [_dnc_action(target)])[0]["code"] == "not_your_customer"
    assert w.api.push("lead_b", [_dnc_action(target)])[0]["status"] == "accepted"
    assert _count(w, m.QueueItem, *open_items) == 0


def test_altering_a_call_is_audited_only_for_callers_who_may_read_it(world: World) -> None:
    w = world
    refused = m.AuditLog.action == "call_outcome.alter_refused"
    url = "/api/v1/quality/calls/"
    before = _count(w, m.AuditLog, refused)
    for username, outcome, status in (
            (None, w.ids["outcome"], 401), ("agent1", w.ids["outcome"], 404),
            ("lead1", w.ids["outcome"], 404), ("qa_a", w.ids["outcome"], 404),
            ("qa1", "no-such-call", 404), ("admin", "x" * 40, 404)):
        headers = w.api.headers(username) if username else {}
        r = w.api.client.delete(url + outcome, headers=headers)
        assert r.status_code == status, (username, r.text)
    assert _count(w, m.AuditLog, refused) == before
    for username in ("agent5", "lead_b"):  # the call's own agent, and their lead
        r = w.api.client.delete(url + w.ids["outcome"], headers=w.api.headers(username))
        assert r.status_code == 405 and r.headers["Allow"] == "GET"
    assert _count(w, m.AuditLog, refused) == before + 2


def test_scoped_lists_hold_only_the_callers_teams(world: World) -> None:
    """Listing routes take no team-B resource, so the matrix sees them allowed; here
    their contents: a team-A checker and lead A never see agent5's calls or samples."""
    w, agent_b = world, world.ids["agent_b"]
    day = {"day": DAY.isoformat()}

    def agents(username: str, path: str, key: str, params: dict[str, Any]) -> set[str]:
        r = w.api.client.get(path, params=params, headers=w.api.headers(username))
        assert r.status_code == 200, r.text
        rows = r.json()[key] if key else r.json()
        return {row["agent_id"] for row in rows}

    assert agent_b in agents("qa1", Q + "/calls", "calls", day)
    assert agent_b not in agents("qa_a", Q + "/calls", "calls", day)
    assert agent_b in agents("qa1", Q + "/samples", "samples", {"scope": "all", **day})
    assert agent_b not in agents("qa_a", Q + "/samples", "samples", {"scope": "all", **day})
    assert agent_b not in agents("lead1", L + "/queue", "items", {"limit": 5000})
    assert agent_b in agents("lead_b", L + "/queue", "items", {"limit": 5000})


def test_every_405_says_which_methods_the_path_allows(world: World) -> None:
    """For every path of the table, each method it does not serve answers 405 with an
    `Allow` naming the methods it does (a call record's refusing PUT/PATCH/DELETE are
    not offered)."""
    served: dict[str, set[str]] = {}
    for method, path in policy.POLICY:
        served.setdefault(path, set()).add(method)
    patterns = {p: re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", p) + "$") for p in served}
    wrong = []
    for path in served:
        concrete = path.replace("{", "").replace("}", "")  # {item_id} -> item_id
        # a literal path may also match another template (customers/import and
        # customers/{external_id}): the methods served are those of every match
        methods = set().union(*(served[p] for p, rx in patterns.items() if rx.match(concrete)))
        offered = methods - ({"PUT", "PATCH", "DELETE"} if path == CALL else set())
        for method in sorted({"GET", "POST", "PUT", "PATCH", "DELETE"} - methods):
            r = world.api.client.request(method, concrete)
            allow = r.headers.get("Allow", "")
            if r.status_code != 405 or set(allow.split(", ")) != offered:
                wrong.append(f"{method} {path}: {r.status_code}, Allow: {allow!r}")
    assert not wrong, "\n".join(wrong)


def test_a_sampled_call_of_another_team_is_not_found_below_the_route(world: World) -> None:
    """The claim-through-an-existing-sample hole, in sampling itself (the route's
    dependency would refuse first; this is the second wall)."""
    from server.errors import ApiError
    from server.quality import sampling

    eng = create_engine(world.api.db_url)
    with Session(eng) as s:
        qa_a = s.scalars(select(m.User).where(m.User.username == "qa_a")).one()
        qa_all = s.scalars(select(m.User).where(m.User.username == "qa1")).one()
        now = datetime.now(UTC)
        with pytest.raises(ApiError) as refused:
            sampling.sample_for_outcome(s, world.ids["outcome"], qa_a, now)
        assert refused.value.status == 404
        sample = sampling.sample_for_outcome(s, world.ids["outcome"], qa_all, now)
        assert sample.id == world.ids["sample"]
        s.rollback()
    eng.dispose()
