"""Figures for docs/scaling.md: what one server process and its PostgreSQL cost.

    python -m bench.scaling                   # own throwaway PostgreSQL cluster
    python -m bench.scaling --polls 5000 --requests 4000

One server process (`callsheet-server serve`) on a PostgreSQL cluster of the bench's own
(tests/support/pg_cluster.py), so every PostgreSQL process counted is ours:

1. CPU per pull and per push: `--requests` pulls (each agent asks since its cursor: the
   steady state, nothing new), then the same number of pushes of one outcome, from
   `--concurrency` agents at once. CPU seconds of the server process and of all the
   cluster's processes (/proc) divided by the requests.
2. Connections: PostgreSQL connections the process holds after that (pg_stat_activity).
3. Long polls: `--polls` open long polls (`GET /sync/wait`, one agent each) against the
   process: its memory before and with them open, its CPU while they wait, and the time
   and CPU until every one has answered after one commit all of them may see.

The load generator (aiohttp, this process) shares the machine: the figures are the
server's and PostgreSQL's own CPU, not wall time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import resource
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import httpx
from sqlalchemy import create_engine, text

from bench.load import _create_db, _drop_db, _settle
from bench.seeding import add_agents
from bench.util import report
from server.db import upgrade
from tests.support.live_server import LiveServer, seed_demo
from tests.support.pg_cluster import PgCluster

TICK = os.sysconf("SC_CLK_TCK")
FAILURES: dict[str, int] = {}  # failed long-poll requests by status or exception


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cluster_pids(cluster: PgCluster) -> list[int]:
    """The postmaster and its children (backends, writer, WAL...)."""
    head = int((cluster.directory / "data" / "postmaster.pid").read_text().split()[0])
    pids = [head]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == head:
                pids.append(int(entry.name))
    return pids


@dataclass
class Meter:
    """CPU of the server process and of the cluster between start() and stop()."""

    server: int
    cluster: PgCluster | None

    def _read(self) -> tuple[float, float]:
        db = 0.0
        if self.cluster is not None:
            for pid in cluster_pids(self.cluster):
                with contextlib.suppress(OSError):
                    db += cpu_seconds(pid)
        return cpu_seconds(self.server), db

    def start(self) -> None:
        self.t0, (self.s0, self.d0) = time.perf_counter(), self._read()

    def stop(self) -> tuple[float, float, float]:
        """(wall, server CPU, database CPU) seconds."""
        s1, d1 = self._read()
        return time.perf_counter() - self.t0, s1 - self.s0, d1 - self.d0


async def _many(url: str, tokens: list[str], count: int, concurrency: int,
                make: Any) -> int:
    """`count` requests, `concurrency` at a time, agent by agent; returns the failures."""
    failures = 0
    sem = asyncio.Semaphore(concurrency)
    conn = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(base_url=url, connector=conn) as client:
        async def one(i: int) -> None:
            nonlocal failures
            async with sem:
                method, path, kw = make(i, tokens[i % len(tokens)])
                async with client.request(method, path, **kw) as r:
                    await r.read()
                    failures += r.status != 200
        await asyncio.gather(*(one(i) for i in range(count)))
    return failures


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def measure_requests(srv: LiveServer, meter: Meter, tokens: list[str], items: list[Any],
                     count: int, concurrency: int) -> dict[str, float]:
    top = httpx.get(srv.url + "/api/v1/sync/pull", params={"since": 0},
                    headers=_auth(tokens[0]), timeout=30).json()["cursor"]
    out: dict[str, float] = {}

    def pull(_i: int, tok: str) -> tuple[str, str, dict[str, Any]]:
        return "GET", "/api/v1/sync/pull", {"params": {"since": top}, "headers": _auth(tok)}

    def push(i: int, tok: str) -> tuple[str, str, dict[str, Any]]:
        item = items[i % len(items)]
        now = datetime.now(UTC).isoformat()
        body = {"actions": [{"kind": "outcome", "action_id": str(uuid.uuid4()),
                             "created_at": now, "queue_item_id": item["id"],
                             "customer_id": item["customer"]["id"],
                             "campaign_id": item["campaign_id"],
                             "disposition": "no_answer", "call_started_at": now}]}
        return "POST", "/api/v1/sync/push", {"json": body, "headers": _auth(item["token"])}

    for name, make in (("pull", pull), ("push", push)):
        asyncio.run(_many(srv.url, tokens, min(200, count), concurrency, make))  # warm up
        meter.start()
        failed = asyncio.run(_many(srv.url, tokens, count, concurrency, make))
        wall, cpu, db = meter.stop()
        out[name + "_server_ms"] = cpu / count * 1000
        out[name + "_db_ms"] = db / count * 1000
        out[name + "_per_s"] = count / wall
        report(f"scaling: CPU per {name} ({'nothing new' if name == 'pull' else '1 outcome'})",
               f"server {cpu / count * 1000:.2f} ms + PostgreSQL {db / count * 1000:.2f} ms "
               f"({count / wall:,.0f}/s at {concurrency} at once, {failed} failed)")
    return out


def db_connections(url: str) -> int:
    eng = create_engine(url)
    with eng.connect() as conn:
        n = conn.scalar(text("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                             "current_database() AND pid <> pg_backend_pid()"))
    eng.dispose()
    return int(n or 0)


def waiters(srv: LiveServer) -> float:
    for line in httpx.get(srv.url + "/metrics", timeout=30).text.splitlines():
        if line.startswith("callsheet_longpoll_waiters "):
            return float(line.split()[1])
    return 0.0


async def hold_polls(url: str, tokens: list[str], since: int, *, timeout: float,
                     on_all_waiting: Any, ramp: float = 0.0) -> tuple[int, int]:
    """One long poll per token, opened over `ramp` seconds and opened again whenever it
    ends without a change (as a desktop's watcher does); `on_all_waiting()` (a coroutine)
    runs once they are all open. Each stops at its first change. Returns (answered with a
    change, failed requests)."""
    conn = aiohttp.TCPConnector(limit=0)
    changed = failed = 0
    async with aiohttp.ClientSession(base_url=url, connector=conn,
                                     timeout=aiohttp.ClientTimeout(total=timeout + 60)) as c:
        async def poll(i: int, tok: str) -> None:
            nonlocal changed, failed
            await asyncio.sleep(ramp * i / max(1, len(tokens)))
            while True:
                try:
                    async with c.get("/api/v1/sync/wait", params={"since": since,
                                                                  "timeout": timeout},
                                     headers=_auth(tok)) as r:
                        body = await r.json() if r.status == 200 else {}
                        if r.status != 200:
                            FAILURES[str(r.status)] = FAILURES.get(str(r.status), 0) + 1
                except (aiohttp.ClientError, TimeoutError) as exc:
                    what = type(exc).__name__
                    FAILURES[what] = FAILURES.get(what, 0) + 1
                    body = {}
                if body.get("changed"):
                    changed += 1
                    return
                if not body:
                    failed += 1
                    await asyncio.sleep(1)
        polls = [asyncio.create_task(poll(i, t)) for i, t in enumerate(tokens)]
        await on_all_waiting()
        await asyncio.gather(*polls)
    return changed, failed


async def waiting_now(srv: LiveServer) -> float:
    """callsheet_longpoll_waiters, read without blocking the event loop (0 when the
    server is too busy to answer within 30 s)."""
    try:
        return await asyncio.to_thread(waiters, srv)
    except httpx.HTTPError:
        return 0.0


def measure_polls(srv: LiveServer, url: str, tokens: list[str], *,
                  cluster: PgCluster | None, flagger: str, customer: str,
                  quiet: float = 30.0, ramp: float = 20.0) -> dict[str, float]:
    pid = srv.proc.pid if srv.proc else 0
    since = httpx.get(srv.url + "/api/v1/sync/pull", params={"since": 0},
                      headers=_auth(tokens[0]), timeout=30).json()["cursor"]
    base_rss = rss_mb(pid)
    out: dict[str, float] = {}
    meter = Meter(pid, cluster)

    async def all_waiting() -> None:
        t0 = time.perf_counter()
        while await waiting_now(srv) < len(tokens) * 0.98:
            if time.perf_counter() - t0 > ramp + 60:
                break
            await asyncio.sleep(0.5)
        out["open_s"] = time.perf_counter() - t0
        out["open"] = await waiting_now(srv)
        out["rss_mb"] = rss_mb(pid)
        # Steady state: every poll ends after its 30 s and is opened again at once.
        meter.start()
        await asyncio.sleep(quiet)
        wall, cpu, db = meter.stop()
        out["idle_cpu_pct"] = cpu / wall * 100
        out["idle_db_pct"] = db / wall * 100
        meter.start()
        now = datetime.now(UTC).isoformat()
        async with aiohttp.ClientSession(base_url=srv.url) as c, c.post(
                "/api/v1/sync/push", headers=_auth(flagger), json={"actions": [{
                    "kind": "dnc", "action_id": str(uuid.uuid4()), "created_at": now,
                    "customer_id": customer, "reason": "scaling bench"}]}) as r:
            assert r.status == 200, await r.text()

    changed, other = asyncio.run(hold_polls(srv.url, tokens, since, timeout=30,
                                            on_all_waiting=all_waiting, ramp=ramp))
    wall, cpu, db = meter.stop()
    out.update(woken=changed, not_woken=other, wake_s=wall, wake_cpu_s=cpu, wake_db_s=db)
    n = len(tokens)
    report(f"scaling: {n:,} long polls on one process",
           f"{out['open']:,.0f} open after {out['open_s']:.1f} s; memory {base_rss:.0f} -> "
           f"{out['rss_mb']:.0f} MB ({(out['rss_mb'] - base_rss) * 1024 / n:.0f} KB each)")
    report("scaling: ... while they wait (re-opened every 30 s)",
           f"server {out['idle_cpu_pct']:.1f} % of a core, PostgreSQL "
           f"{out['idle_db_pct']:.1f} %")
    report("scaling: ... one commit wakes them all",
           f"{changed:,} answered with the change in {wall:.1f} s (server CPU {cpu:.1f} s, "
           f"PostgreSQL {db:.1f} s; {other} failed requests: {FAILURES or 'none'})")
    return out


def run(*, polls: int, requests: int, concurrency: int, admin_url: str | None,
        ramp: float = 20.0) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # the server inherits it
    cluster = PgCluster.start() if admin_url is None else None
    admin = admin_url or (cluster.admin_url if cluster else None)
    if admin is None:
        raise SystemExit("no PostgreSQL: install its server package or pass --database-url")
    url = _create_db(admin)
    try:
        upgrade(url)
        creds = seed_demo(url, customers=1000 + 2 * concurrency, seed=9)
        tokens = add_agents(url, max(polls, concurrency), 0, prefix="poll")
        pushers = add_agents(url, concurrency, 2)
        _settle(url)
        with LiveServer(url) as srv:
            assert srv.proc is not None
            items: list[Any] = []
            for tok in pushers:
                page = httpx.get(srv.url + "/api/v1/sync/pull", params={"since": 0},
                                 headers=_auth(tok), timeout=30).json()
                items += [{**q, "token": tok} for q in page["queue_items"]]
            measure_requests(srv, Meter(srv.proc.pid, cluster), tokens[:concurrency], items,
                             requests, concurrency)
            report("scaling: PostgreSQL connections held by the process",
                   f"{db_connections(url)} (pools: write + read, "
                   f"CALLSHEET_SERVER_THREADS={os.environ.get('CALLSHEET_SERVER_THREADS', 8)})")
            customer = items[0]["customer"]["id"]
            measure_polls(srv, url, tokens[:polls], cluster=cluster, flagger=pushers[0],
                          customer=customer, ramp=ramp)
            del creds
    finally:
        _drop_db(admin, url)
        if cluster is not None:
            cluster.stop()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.scaling", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--polls", type=int, default=5000)
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--concurrency", type=int, default=50)
    ap.add_argument("--ramp", type=float, default=20.0,
                    help="seconds over which the long polls are first opened")
    ap.add_argument("--database-url", help="a maintenance database allowed to CREATE "
                    "DATABASE (default: a PostgreSQL cluster of the bench's own)")
    args = ap.parse_args(argv)
    run(polls=args.polls, requests=args.requests, concurrency=args.concurrency,
        admin_url=args.database_url, ramp=args.ramp)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
