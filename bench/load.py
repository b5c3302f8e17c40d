"""Many agents syncing against the real server on PostgreSQL.

    python -m bench.load --database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres \\
        --agents 500 --seconds 20

`--database-url` names a maintenance database of a PostgreSQL server on which the script
may CREATE DATABASE: it creates a throwaway database, seeds demo data plus `--agents`
agents with a small queue each, starts `--workers` server processes (each its own port;
the agents are spread over them as a balancer would), and plays the agents: each pulls its
queue once, then, every few seconds (`--think` mean), either pulls (since its cursor) or
pushes 1-3 outcomes. Bounded by `--seconds` and `--max-requests`. Prints requests/s and
latency percentiles of the steady phase; the database is dropped at the end.

The agents are played with aiohttp, not httpx (the desktop's client): on this 2-core
machine the load generator shares the CPU with the servers and PostgreSQL, and httpx
spent about 2.3 ms of CPU per request here, aiohttp well under half of that; the figures
should measure the server, not the generator.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import secrets
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import aiohttp
from sqlalchemy import create_engine, text

from bench.seeding import add_agents
from bench.util import percentile, report
from server.db import upgrade
from tests.support.live_server import LiveServer, seed_demo


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    pushes: list[float] = field(default_factory=list)  # (also in latencies)
    errors: dict[str, int] = field(default_factory=dict)
    pushed: int = 0
    accepted: list[str] = field(default_factory=list)  # action ids of answered pushes
    # (token, batch) of pushes that got no answer: a desktop would resend them
    unanswered: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1


@dataclass
class Agent:
    token: str
    client: aiohttp.ClientSession
    cursor: int = 0
    items: list[dict[str, Any]] = field(default_factory=list)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def _pull_all(agent: Agent, stats: Stats | None) -> None:
    while True:
        t0 = time.perf_counter()
        async with agent.client.get("/api/v1/sync/pull", params={"since": agent.cursor},
                                    headers=agent.headers) as r:
            if r.status != 200:
                raise RuntimeError(f"pull {r.status}")
            page = await r.json()
        if stats is not None:
            stats.latencies.append(time.perf_counter() - t0)
        for q in page["queue_items"]:
            if q["status"] != "closed":
                agent.items.append({"id": q["id"], "customer_id": q["customer"]["id"],
                                    "campaign_id": q["campaign_id"]})
        agent.cursor = page["cursor"]
        if not page["has_more"]:
            return


async def _push(agent: Agent, rng: random.Random, stats: Stats) -> None:
    now = datetime.now(UTC).isoformat()
    actions = []
    for _ in range(rng.randint(1, 3)):
        item = rng.choice(agent.items)
        actions.append({"kind": "outcome", "action_id": str(uuid.uuid4()), "created_at": now,
                        "queue_item_id": item["id"], "customer_id": item["customer_id"],
                        "campaign_id": item["campaign_id"], "disposition": "no_answer",
                        "call_started_at": now})
    t0 = time.perf_counter()
    try:
        async with agent.client.post("/api/v1/sync/push", json={"actions": actions},
                                     headers=agent.headers) as r:
            if r.status != 200:
                raise RuntimeError(f"push {r.status}")
            await r.read()
    except BaseException:
        stats.unanswered.append((agent.token, actions))  # a desktop resends (tests/e2e)
        raise
    stats.latencies.append(time.perf_counter() - t0)
    stats.pushes.append(stats.latencies[-1])
    stats.pushed += len(actions)
    stats.accepted.extend(a["action_id"] for a in actions)


async def _play(agent: Agent, rng: random.Random, think: float, ramp: float,
                phase: Phase, warm: Stats, steady: Stats) -> None:
    await asyncio.sleep(rng.uniform(0, ramp))  # agents start their day over a while
    try:
        await _pull_all(agent, warm)
    except (aiohttp.ClientError, TimeoutError, RuntimeError) as exc:
        warm.error(type(exc).__name__ + ": " + str(exc)[:40])
    phase.arrived()
    await phase.all_in.wait()  # steady phase: everybody has their queue
    while time.monotonic() < phase.deadline and phase.budget > 0:
        pause = rng.expovariate(1 / think)
        if time.monotonic() + pause >= phase.deadline:
            return  # (sleeping past the end would only stretch the measured time)
        await asyncio.sleep(pause)
        phase.budget -= 1
        try:
            if agent.items and rng.random() < 0.3:
                await _push(agent, rng, steady)
            else:
                await _pull_all(agent, steady)
        except (aiohttp.ClientError, TimeoutError, RuntimeError) as exc:
            steady.error(type(exc).__name__ + ": " + str(exc)[:40])


class Phase:
    def __init__(self, agents: int, seconds: float, budget: int) -> None:
        self.waiting, self.seconds, self.budget = agents, seconds, budget
        self.all_in = asyncio.Event()
        self.started = self.deadline = 0.0

    def arrived(self) -> None:
        self.waiting -= 1
        if self.waiting == 0:
            self.started = time.monotonic()
            self.deadline = self.started + self.seconds
            self.all_in.set()


async def play(urls: list[str], tokens: list[str], *, seconds: float, think: float,
               max_requests: int, seed: int = 1) -> tuple[Stats, Stats, float]:
    """Ramp (each agent's first full pull, spread over up to 10 s), then `seconds` of
    steady syncing; returns (ramp stats, steady stats, steady seconds)."""
    clients = [aiohttp.ClientSession(base_url=u, timeout=aiohttp.ClientTimeout(total=30),
                                     connector=aiohttp.TCPConnector(limit=len(tokens)))
               for u in urls]
    agents = [Agent(tok, clients[i % len(clients)]) for i, tok in enumerate(tokens)]
    warm, steady = Stats(), Stats()
    rng = random.Random(seed)
    phase = Phase(len(agents), seconds, max_requests)
    ramp = min(10.0, len(agents) / 50)
    await asyncio.gather(*(_play(a, random.Random(rng.random()), think, ramp, phase,
                                 warm, steady) for a in agents))
    elapsed = time.monotonic() - phase.started
    for c in clients:
        await c.close()
    return warm, steady, elapsed


def _create_db(admin_url: str) -> str:
    name = f"callsheet_load_{secrets.token_hex(4)}"
    eng = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with eng.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    eng.dispose()
    return admin_url.rsplit("/", 1)[0] + "/" + name


def _drop_db(admin_url: str, url: str) -> None:
    eng = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with eng.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    eng.dispose()


def _settle(url: str) -> None:
    """VACUUM ANALYZE the freshly seeded database, as pgbench does after its load: else
    autovacuum's first pass over the new tables lands inside the measured minute."""
    eng = create_engine(url, isolation_level="AUTOCOMMIT")
    with eng.connect() as conn:
        conn.execute(text("VACUUM ANALYZE"))
    eng.dispose()


def reachable(admin_url: str) -> bool:
    eng = create_engine(admin_url, connect_args={"connect_timeout": 3})
    try:
        with eng.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means "not here"
        return False
    finally:
        eng.dispose()


def run(admin_url: str, *, agents: int, seconds: float, workers: int = 2, think: float = 2.5,
        items_each: int = 4, max_requests: int = 200_000) -> None:
    url = _create_db(admin_url)
    servers: list[LiveServer] = []
    try:
        upgrade(url)
        seed_demo(url, customers=agents * items_each + 1000, seed=3)
        tokens = add_agents(url, agents, items_each)
        _settle(url)
        for _ in range(workers):
            servers.append(LiveServer(url).start())
        warm, steady, elapsed = asyncio.run(play(
            [s.url for s in servers], tokens, seconds=seconds, think=think,
            max_requests=max_requests))
    finally:
        for s in servers:
            s.stop()
            errors = [line for line in s.output if "Error" in line or "error" in line]
            for line in errors[-5:]:
                print("    server:", line.rstrip()[:200], flush=True)
        _drop_db(admin_url, url)
    ms = [x * 1000 for x in steady.latencies]
    n = len(ms)
    report(f"load: {agents} agents, {workers} server processes, PostgreSQL",
           f"{n / elapsed:,.0f} req/s over {elapsed:.1f} s, p50={percentile(ms, 50):.1f} ms "
           f"p99={percentile(ms, 99):.1f} ms, {steady.pushed:,} outcomes pushed, "
           f"errors={sum(steady.errors.values())}",
           "200 req/s at p99 < 100 ms")
    pm = [x * 1000 for x in steady.pushes]
    report("load: of which pushes",
           f"n={len(pm)} p50={percentile(pm, 50):.1f} ms p99={percentile(pm, 99):.1f} ms")
    wm = [x * 1000 for x in warm.latencies]
    report("load: first full pull per agent (burst)",
           f"n={len(wm)} p50={percentile(wm, 50):.1f} ms p99={percentile(wm, 99):.1f} ms, "
           f"errors={sum(warm.errors.values())}")
    for what, count in sorted({**warm.errors, **steady.errors}.items()):
        print(f"    {count} x {what}", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database-url", required=True,
                    help="a maintenance database (e.g. .../postgres) allowed to CREATE DATABASE")
    ap.add_argument("--agents", type=int, default=500)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--workers", type=int, default=2, help="server processes")
    ap.add_argument("--think", type=float, default=2.5, help="mean seconds between syncs")
    ap.add_argument("--max-requests", type=int, default=200_000)
    args = ap.parse_args(argv)
    if not reachable(args.database_url):
        print(f"PostgreSQL not reachable at {args.database_url}", file=sys.stderr)
        return 2
    run(args.database_url, agents=args.agents, seconds=args.seconds, workers=args.workers,
        think=args.think, max_requests=args.max_requests)
    return 0


if __name__ == "__main__":
    sys.exit(main())
