"""Operations commands and probes (issue 23): `callsheet-server migrate` and its refusal
of a newer schema, `mark-restored`, `/ready` beside `/health`, and `/metrics`. Both
databases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic import command
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine, text

from server.api import create_app
from server.cli import EXIT_SCHEMA_TOO_NEW
from server.cli import main as server_cli
from server.db import alembic_config, head_revision
from tests.server.conftest import Api

LOOPBACK = ("127.0.0.1", 40000)


def _set_revision(url: str, rev: str) -> None:
    eng = create_engine(url)
    with eng.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": rev})
    eng.dispose()


def _ready(url: str) -> tuple[int, dict[str, Any]]:
    app = create_app(url)
    try:
        with TestClient(app) as c:
            r = c.get("/api/v1/ready")
            return r.status_code, r.json()
    finally:
        app.state.engine.dispose()
        app.state.read_engine.dispose()


def test_migrate_brings_a_new_database_to_head_then_says_it_is_current(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    assert server_cli(["migrate", "--database-url", url]) == 0
    assert f"to {head_revision()}" in capsys.readouterr().out
    assert server_cli(["migrate", "--database-url", url]) == 0
    assert "is current" in capsys.readouterr().out
    assert _ready(url)[0] == 200


def test_migrate_and_serve_refuse_a_schema_newer_than_the_code(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _set_revision(db_url, "9999_from_the_future")
    assert server_cli(["migrate", "--database-url", db_url]) == EXIT_SCHEMA_TOO_NEW
    err = capsys.readouterr().err
    assert "9999_from_the_future" in err and "newer release" in err
    assert server_cli(["serve", "--port", "0", "--database-url", db_url]) \
        == EXIT_SCHEMA_TOO_NEW
    status, body = _ready(db_url)
    assert status == 503 and body["status"] == "not_ready"
    assert "newer" in body["reason"] and body["revision"] == "9999_from_the_future"


def test_ready_is_503_until_the_database_is_migrated(db_url: str) -> None:
    status, body = _ready(db_url)
    assert status == 200, body
    assert body == {"status": "ready", "reason": "", "revision": head_revision(),
                    "expected_revision": head_revision()}
    command.downgrade(alembic_config(db_url), "0008")  # a release behind
    status, body = _ready(db_url)
    assert status == 503 and "migrate" in body["reason"]
    assert server_cli(["migrate", "--database-url", db_url]) == 0  # 0009 runs again
    assert _ready(db_url)[0] == 200


def test_ready_is_503_when_the_database_is_unreachable(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.sqlite3'}"
    status, body = _ready(url)
    assert status == 503 and "unreachable" in body["reason"]
    health = TestClient(create_app(url)).get("/api/v1/health")
    assert health.status_code == 200  # alive, though not ready


def test_mark_restored_gives_the_pull_a_new_generation(api: Api) -> None:
    agent = api.account("agent")["username"]

    def generation() -> str:
        r = api.client.get("/api/v1/sync/pull", params={"since": 0, "limit": 1},
                           headers=api.headers(agent))
        assert r.status_code == 200
        return str(r.json()["generation"])

    before = generation()
    assert len(before) == 32 and generation() == before  # stable between pulls
    assert server_cli(["mark-restored", "--database-url", api.db_url]) == 0
    assert generation() != before


# ------------------------------------------------------------------------ metrics


def _metrics(client: TestClient) -> dict[str, Any]:
    r = client.get("/metrics")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/plain")
    found: dict[str, Any] = {}
    for family in text_string_to_metric_families(r.text):  # raises if it does not parse
        for s in family.samples:
            found[s.name + repr(sorted(s.labels.items()))] = s.value
    return found


def _value(found: dict[str, Any], name: str, **labels: str) -> float:
    return float(found.get(name + repr(sorted(labels.items())), 0.0))


def test_metrics_parse_and_count_requests_pulls_and_pushes(api: Api) -> None:
    from tests.server.conftest import outcome

    local = TestClient(api.client.app, client=LOOPBACK)  # the server machine itself
    agent = api.account("agent")["username"]
    before = _metrics(local)
    route = "/api/v1/sync/pull"
    merged = api.pull_all(agent)
    item = next(iter(merged["queue_items"].values()))
    api.push(agent, [outcome(item), outcome(item)])
    api.client.get("/api/v1/quality/calls/NO-SUCH", headers=api.headers(agent))
    api.client.get("/no/such/path/12345")
    after = _metrics(local)
    pulls = _value(after, "callsheet_http_requests_total", route=route, method="GET",
                   status="200") - _value(before, "callsheet_http_requests_total",
                                          route=route, method="GET", status="200")
    assert pulls == merged["pages"]
    # by route template, never the id in the path
    assert _value(after, "callsheet_http_requests_total",
                  route="/api/v1/quality/calls/{outcome_id}", method="GET", status="403") >= 1
    assert _value(after, "callsheet_http_requests_total", route="(unmatched)", method="GET",
                  status="404") >= 1
    assert not any("NO-SUCH" in k or "12345" in k for k in after)
    assert _value(after, "callsheet_http_request_duration_seconds_count", route=route) \
        >= pulls
    assert _value(after, "callsheet_push_actions_count") \
        == _value(before, "callsheet_push_actions_count") + 1
    assert _value(after, "callsheet_push_actions_sum") \
        == _value(before, "callsheet_push_actions_sum") + 2
    assert _value(after, "callsheet_pull_records_sum") \
        >= _value(before, "callsheet_pull_records_sum") + len(merged["queue_items"])
    assert "callsheet_longpoll_waiters" + repr([]) in after
    assert _value(after, "callsheet_db_pool_checked_out", pool="write") >= 0


def test_metrics_are_answered_on_the_server_machine_only(api: Api) -> None:
    assert api.client.get("/metrics").status_code == 403  # "testclient": no loopback
    local = TestClient(api.client.app, client=LOOPBACK)
    assert local.get("/metrics").status_code == 200
    # through the balancer on the same machine: refused
    assert local.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 403
    assert local.get("/metrics", headers={"Forwarded": "for=203.0.113.9"}).status_code == 403
    ipv6 = TestClient(api.client.app, client=("::1", 40000))
    assert ipv6.get("/metrics").status_code == 200


def test_metrics_count_open_long_polls(api: Api) -> None:
    import threading
    import time

    local = TestClient(api.client.app, client=LOOPBACK)
    agent = api.account("agent")["username"]
    top = api.pull_all(agent)["cursor"]
    headers = api.headers(agent)
    waiter = threading.Thread(target=lambda: api.client.get(
        "/api/v1/sync/wait", params={"since": top, "timeout": 3}, headers=headers))
    waiter.start()
    try:
        deadline = time.monotonic() + 3
        while _value(_metrics(local), "callsheet_longpoll_waiters") < 1:
            assert time.monotonic() < deadline, "the open long poll was not counted"
            time.sleep(0.05)
    finally:
        waiter.join()
    assert _value(_metrics(local), "callsheet_longpoll_waiters") == 0


def test_add_user_makes_a_first_admin_and_a_team_lead_who_leads_the_team(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    url = f"sqlite:///{tmp_path / 'centre.sqlite3'}"
    monkeypatch.setattr("sys.stdin", io.StringIO("first-admin-pass\n"))
    assert server_cli(["add-user", "--database-url", url, "--username", "root",
                       "--role", "admin"]) == 0
    assert server_cli(["add-user", "--database-url", url, "--username", "lead1",
                       "--role", "team_lead", "--team", "North", "--random-password"]) == 0
    lead_password = capsys.readouterr().out.rsplit("Password: ", 1)[1].strip()
    assert server_cli(["add-user", "--database-url", url, "--username", "ag1",
                       "--role", "agent"]) == 2  # an agent needs a team
    assert "team" in capsys.readouterr().err
    app = create_app(url)
    with TestClient(app) as c:
        for username, password, role in (("root", "first-admin-pass", "admin"),
                                         ("lead1", lead_password, "team_lead")):
            r = c.post("/api/v1/auth/login", json={"username": username, "password": password})
            assert r.status_code == 200, r.text
            me = c.get("/api/v1/me", headers={"Authorization": f"Bearer {r.json()['token']}"})
            assert me.json()["role"] == role
    app.state.engine.dispose()
    app.state.read_engine.dispose()
    eng = create_engine(url)
    with eng.connect() as conn:
        assert conn.execute(text("SELECT u.username FROM teams t JOIN users u "
                                 "ON u.id = t.lead_user_id WHERE t.name = 'North'")
                            ).scalar() == "lead1"
    eng.dispose()


def test_demo_reset_makes_a_new_generation(tmp_path: Path) -> None:
    from server.demo import seed

    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"

    def generation() -> str:
        eng = create_engine(url)
        with eng.connect() as conn:
            value = conn.execute(text("SELECT generation FROM server_state")).scalar_one()
        eng.dispose()
        return str(value)

    seed(url, customers=10, seed=1)
    first = generation()
    seed(url, customers=10, seed=1, reset=True)
    assert generation() != first


def test_the_sample_dashboard_asks_only_for_metrics_the_server_exports(api: Api) -> None:
    import json
    import re

    local = TestClient(api.client.app, client=LOOPBACK)
    api.pull_all(api.account("agent")["username"])
    exported = {f.name for f in text_string_to_metric_families(local.get("/metrics").text)}
    exported |= {f"{n}_{s}" for n in exported for s in ("total", "bucket", "sum", "count")}
    board = json.loads((Path(__file__).parents[2] / "deploy" / "grafana-dashboard.json")
                       .read_text(encoding="utf-8"))
    asked = {name for p in board["panels"] for t in p["targets"]
             for name in re.findall(r"\b(callsheet_[a-z_]+)", t["expr"])}
    assert asked and asked <= exported, asked - exported


# ------------------------------------------------------------------------ logs


def test_requests_carry_an_id_into_the_answer_and_the_json_log(api: Api) -> None:
    import io
    import json
    import logging

    from server.errors import MaskPhones
    from server.logs import JsonFormatter, access, configure, request_id

    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(MaskPhones())
    access.addHandler(handler)
    configure("json", "info")
    try:
        given = api.client.get("/api/v1/health", headers={"X-Request-Id": "lb-7f3a"})
        assert given.headers["x-request-id"] == "lb-7f3a"
        made = api.client.get("/api/v1/quality/calls/x", headers={"X-Request-Id": "no good\t"})
        assert made.headers["x-request-id"] != "no good\t"
        assert len(made.headers["x-request-id"]) == 16
        token = request_id.set("req-1")
        logging.getLogger("callsheet.access").warning("customer 13812345678 called")
        request_id.reset(token)
    finally:
        access.removeHandler(handler)
        configure("text", "warning")
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    first, second, third = lines
    assert first["request_id"] == "lb-7f3a" and first["route"] == "/api/v1/health"
    assert first["status"] == 200 and first["method"] == "GET" and first["ms"] >= 0
    assert second["request_id"] == made.headers["x-request-id"]
    assert second["route"] == "/api/v1/quality/calls/{outcome_id}" and second["status"] == 401
    assert third["request_id"] == "req-1" and third["level"] == "warning"
    assert "13812345678" not in third["message"] and "138" in third["message"]
