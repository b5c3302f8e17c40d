"""The metrics of issue 23 the first round lacked: the outbox ages desktops report with
their pulls and pushes, the do-not-call propagation lag, the pools' sizes. Read from
/metrics as Prometheus reads it. Both databases."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient

from tests.server.conftest import Api, outcome
from tests.server.test_operations import LOOPBACK, _metrics, _value

AGE = "callsheet_desktop_outbox_age_seconds"
LAG = "callsheet_dnc_propagation_seconds"


def _delta(before: dict[str, Any], after: dict[str, Any], name: str, **labels: str) -> float:
    return _value(after, name, **labels) - _value(before, name, **labels)


def test_outbox_ages_reported_with_pull_and_push_are_exported(api: Api) -> None:
    local = TestClient(api.client.app, client=LOOPBACK)
    agent = api.account("agent")["username"]
    item = next(iter(api.pull_all(agent)["queue_items"].values()))
    before = _metrics(local)
    r = api.client.get("/api/v1/sync/pull", params={"since": 0, "outbox_age": 7200},
                       headers=api.headers(agent))
    assert r.status_code == 200, r.text
    r = api.client.post("/api/v1/sync/push", params={"outbox_age": 40},
                        json={"actions": [outcome(item)]}, headers=api.headers(agent))
    assert r.status_code == 200, r.text
    # a desktop with an empty outbox sends nothing, and nothing is observed
    api.client.get("/api/v1/sync/pull", params={"since": 0}, headers=api.headers(agent))
    after = _metrics(local)
    assert _delta(before, after, AGE + "_count", via="pull") == 1
    assert _delta(before, after, AGE + "_sum", via="pull") == 7200
    assert _delta(before, after, AGE + "_bucket", via="pull", le="3600.0") == 0
    assert _delta(before, after, AGE + "_bucket", via="pull", le="14400.0") == 1
    assert _delta(before, after, AGE + "_count", via="push") == 1
    assert _delta(before, after, AGE + "_sum", via="push") == 40


def test_a_nonsense_outbox_age_is_a_4xx_with_a_message(api: Api) -> None:
    agent = api.account("agent")["username"]
    for bad in ("-1", "abc", str(10**12)):
        r = api.client.get("/api/v1/sync/pull", params={"since": 0, "outbox_age": bad},
                           headers=api.headers(agent))
        assert r.status_code == 422, r.text
        assert "outbox_age" in r.json()["message"]


def test_dnc_propagation_lag_counts_each_entry_an_incremental_pull_delivers(
    api: Api,
) -> None:
    local = TestClient(api.client.app, client=LOOPBACK)
    agent = api.account("agent")["username"]
    other = api.account("agent", 1)["username"]
    cursor = api.pull_all(agent)["cursor"]
    mine = api.pull_all(other)
    customer = next(iter(mine["queue_items"].values()))["customer"]["id"]
    before = _metrics(local)
    r = api.client.post("/api/v1/sync/push", json={"actions": [{
        "kind": "dnc", "action_id": str(uuid.uuid4()),
        "created_at": datetime.now(UTC).isoformat(), "customer_id": customer,
        "reason": "asked not to be called"}]}, headers=api.headers(other))
    assert r.status_code == 200 and r.json()["results"][0]["status"] == "accepted", r.text
    got = api.pull_all(agent, since=cursor)
    assert len(got["dnc"]) == 1
    after = _metrics(local)
    assert _delta(before, after, LAG + "_count") == 1
    assert 0 <= _delta(before, after, LAG + "_sum") < 60
    # a desktop reading everything from 0 (new, or rebuilt) is not propagation: its old
    # entries would show the desktop's absence, not the flag's travel
    api.pull_all(agent, since=0)
    assert _value(_metrics(local), LAG + "_count") == _value(after, LAG + "_count")


def test_pool_size_and_use_are_exported_per_pool(api: Api) -> None:
    local = TestClient(api.client.app, client=LOOPBACK)
    found = _metrics(local)
    for pool in ("write", "read"):
        assert "callsheet_db_pool_size" + repr([("pool", pool)]) in found
        assert _value(found, "callsheet_db_pool_checked_out", pool=pool) >= 0
    assert _value(found, "callsheet_db_pool_size", pool="write") >= 1
