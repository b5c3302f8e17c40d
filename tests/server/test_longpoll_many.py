"""Many long polls against one server process (bench/scaling.py holds 5,000; the test a
few hundred): each is counted while it waits, waiting costs no thread and no database
connection, and one commit they may all see answers every one of them with the change."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx

from app.api_client import ApiClient
from bench.scaling import hold_polls, waiters
from bench.seeding import add_agents
from tests.conftest import account
from tests.support.live_server import LiveServer, seed_demo

POLLS = 300


def test_hundreds_of_long_polls_wait_cheaply_and_all_wake_on_one_commit(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    creds = seed_demo(url, customers=200, seed=6)
    tokens = add_agents(url, POLLS, 0, prefix="poll")
    with LiveServer(url) as srv:
        agent = account(creds["accounts"], "agent")
        flagger = ApiClient(srv.url).login(agent["username"], agent["password"]).token
        page = httpx.get(srv.url + "/api/v1/sync/pull", params={"since": 0},
                         headers={"Authorization": f"Bearer {flagger}"}, timeout=30).json()
        customer = page["queue_items"][0]["customer"]["id"]
        since = page["cursor"]
        seen: dict[str, float] = {}

        async def when_all_wait() -> None:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + 25
            while (n := await asyncio.to_thread(waiters, srv)) < POLLS:
                assert loop.time() < deadline, f"only {n} of {POLLS} long polls open"
                await asyncio.sleep(0.1)
            seen["waiting"] = n
            # Holding them costs no database connection: none is checked out meanwhile.
            metrics = await asyncio.to_thread(
                lambda: httpx.get(srv.url + "/metrics", timeout=10).text)
            seen["checked_out"] = sum(
                float(line.split()[-1]) for line in metrics.splitlines()
                if line.startswith("callsheet_db_pool_checked_out{"))
            flag = {"kind": "dnc", "action_id": str(uuid.uuid4()),
                    "created_at": datetime.now(UTC).isoformat(), "customer_id": customer,
                    "reason": "wake everyone"}
            r = await asyncio.to_thread(lambda: httpx.post(
                srv.url + "/api/v1/sync/push", json={"actions": [flag]},
                headers={"Authorization": f"Bearer {flagger}"}, timeout=30))
            assert r.status_code == 200, r.text

        changed, failed = asyncio.run(hold_polls(srv.url, tokens, since, timeout=30,
                                                on_all_waiting=when_all_wait, ramp=2.0))
        assert seen["waiting"] == POLLS
        assert seen["checked_out"] == 0
        assert (changed, failed) == (POLLS, 0)
        assert waiters(srv) == 0
