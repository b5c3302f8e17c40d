"""Issue-4 figures: 10,000 offline actions pushed, pull of a 1,000-item queue, and the
PostgreSQL load run (bench/load.py: 500 and 1,000 agents, the server CPU per request, the
bare FastAPI baseline) in a short form when PostgreSQL is reachable."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from bench.seeding import grow_queue
from bench.util import report, summary_ms
from tests.e2e.desktop import open_desktop
from tests.support.bulk import queue_outcomes


def push_offline_backlog(
    server_url: str, db_url: str, agent: dict[str, Any], n: int = 10_000
) -> None:
    """A desktop that worked offline all day: n outcomes in its outbox, then one sync."""
    grow_queue(db_url, agent["username"], 100)
    with tempfile.TemporaryDirectory() as d:
        ws = open_desktop(server_url, agent, Path(d))
        try:
            ws.sync.run_once()
            queue_outcomes(ws.engine, n)
            t0 = time.perf_counter()
            result = ws.sync.run_once()
            took = time.perf_counter() - t0
            left = ws.queue.pending_count()
        finally:
            ws.close()
    report(f"push of {n:,} offline actions (batches of 500)",
           f"{took:.2f} s = {n / took:,.0f} actions/s (accepted {result.pushed:,}, left {left})",
           "< 5 s")


def pull_big_queue(server_url: str, db_url: str, agent: dict[str, Any], size: int = 1000) -> None:
    grow_queue(db_url, agent["username"], size)
    pulls, n = [], 0
    for _ in range(3):
        with tempfile.TemporaryDirectory() as d:
            ws = open_desktop(server_url, agent, Path(d))
            try:
                t0 = time.perf_counter()
                ws.sync.run_once()
                pulls.append(time.perf_counter() - t0)
                n = len(ws.queue.list_queue())
            finally:
                ws.close()
    report(f"pull of a {n}-item queue with scripts (empty desktop)", summary_ms(pulls), "< 1 s")


def run(server_url: str, db_url: str, accounts: list[dict[str, Any]]) -> None:
    agents = [a for a in accounts if a["role"] == "agent"]
    push_offline_backlog(server_url, db_url, agents[-2])
    pull_big_queue(server_url, db_url, agents[-1])  # takes open items from the others


PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def short_load_run(admin_url: str = PG_ADMIN, seconds: float = 10) -> None:
    from bench import load

    if not load.reachable(admin_url):
        print(f"load run skipped: PostgreSQL not reachable at {admin_url} "
              "(python -m bench.load --database-url ...)", flush=True)
        return
    load.run(admin_url, agents=(500, 1000), seconds=seconds)
