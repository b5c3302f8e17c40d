"""Many agents syncing against the real server on PostgreSQL.

    python -m bench.load --database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres \\
        --agents 500 --seconds 20

`--database-url` names a maintenance database of a PostgreSQL server on which the script
may CREATE DATABASE: it creates a throwaway database, seeds demo data plus `--agents`
agents with a small queue each, starts `--workers` server processes (each its own port;
the agents are spread over them as a balancer would), and plays the agents: each pulls its
queue once, then, every few seconds (`--think` mean), either pulls (since its cursor) or
pushes 1-3 outcomes. Bounded by `--seconds` and `--max-requests`. Prints requests/s and
latency percentiles of the steady phase, and the CPU the server processes and
PostgreSQL's backends used per request (from /proc: robust on a shared machine, where
wall-clock latency measures the machine's load as much as the server). After the last
count of agents a paced probe measures the CPU of the two requests every desktop sends
all day alone: an empty pull, a push of two outcomes. The same generator then plays
against a bare FastAPI app (bench/bare_app.py): the baseline of the same run. Every
figure goes to bench/figures.py (section "Sync server"); the database is dropped at the
end. `--agents 500 1000` plays each count in turn.

The agents are played with aiohttp, not httpx (the desktop's client): on this 2-core
machine the load generator shares the CPU with the servers and PostgreSQL, and httpx
spent about 2.3 ms of CPU per request here, aiohttp well under half of that; the figures
should measure the server, not the generator.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import secrets
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import aiohttp
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool

from bench.bare_app import BareServer
from bench.figures import record, recorded, table, write_docs
from bench.seeding import add_agents
from bench.util import load_average, percentile, process_cpu
from server.db import upgrade, worker_threads
from server.quick_pull import LOOP_CONNECTIONS
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


async def _push(agent: Agent, rng: random.Random, stats: Stats, outcomes: int = 0) -> None:
    now = datetime.now(UTC).isoformat()
    actions = []
    for _ in range(outcomes or rng.randint(1, 3)):
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
    def __init__(self, agents: int, seconds: float, budget: int,
                 cpu: Callable[[], float], db_cpu: Callable[[], float]) -> None:
        self.waiting, self.seconds, self.budget = agents, seconds, budget
        self.all_in = asyncio.Event()
        self.started = self.deadline = 0.0
        self.cpu, self.cpu_at_start = cpu, 0.0
        self.db_cpu, self.db_cpu_at_start = db_cpu, 0.0

    def arrived(self) -> None:
        self.waiting -= 1
        if self.waiting == 0:
            self.started = time.monotonic()
            self.deadline = self.started + self.seconds
            self.cpu_at_start = self.cpu()
            self.db_cpu_at_start = self.db_cpu()
            self.all_in.set()


@dataclass
class Run:
    """What one run of the generator against one set of server processes measured."""

    warm: Stats
    steady: Stats
    elapsed: float  # seconds of the steady phase
    cpu: float  # server CPU seconds during the steady phase (all processes)
    db_cpu: float = float("nan")  # PostgreSQL CPU seconds (the database's backends)
    pull_cpu: float = float("nan")  # server CPU ms per empty pull (paced phase)
    push_cpu: float = float("nan")  # ... per push of 2 outcomes
    probe_errors: int = 0

    @property
    def rate(self) -> float:
        return len(self.steady.latencies) / self.elapsed if self.elapsed else 0.0

    @property
    def cpu_ms(self) -> float:
        n = len(self.steady.latencies)
        return self.cpu * 1000 / n if n else float("nan")

    @property
    def db_cpu_ms(self) -> float:
        n = len(self.steady.latencies)
        return self.db_cpu * 1000 / n if n else float("nan")


class BackendCpu:
    """CPU seconds used by the PostgreSQL backends serving one database (found in
    pg_stat_activity, read from /proc: the bench runs on the database's machine), summed
    from the first call on; a backend that started since the last call counts whole."""

    def __init__(self, url: str) -> None:
        self.url, self.total, self.last = url, 0.0, dict[int, float]()
        self.started = False

    def __call__(self) -> float:
        eng = create_engine(self.url, poolclass=NullPool)
        try:
            with eng.connect() as conn:
                pids = list(conn.execute(text(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid()")).scalars())
        finally:
            eng.dispose()
        now = {pid: process_cpu([pid]) for pid in pids}
        for pid, used in now.items():
            if used != used:  # NaN: not readable (another machine), or gone
                continue
            if pid in self.last:
                self.total += used - self.last[pid]
            elif self.started:
                self.total += used
        self.last, self.started = now, True
        return self.total


async def _paced(n: int, rate: float, one: Callable[[int], Awaitable[bool]],
                 cpu: Callable[[], float]) -> tuple[float, int]:
    """n requests started at `rate` per second (an open loop, as many desktops are);
    returns the server CPU ms per request and how many were not as expected."""
    t0, c0 = time.monotonic(), cpu()
    tasks = []
    for i in range(n):
        delay = t0 + i / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.ensure_future(one(i)))
    ok = await asyncio.gather(*tasks, return_exceptions=True)
    await asyncio.sleep(0.2)  # let the servers finish what they do after answering
    return (cpu() - c0) * 1000 / n, sum(1 for x in ok if x is not True)


async def _probe_cpu(agents: list[Agent], rng: random.Random, cpu: Callable[[], float],
                     rate: float, n: int, run: Run) -> None:
    """Server CPU per request of the two requests every desktop sends all day: a pull
    that finds nothing new, and a push of two outcomes; each alone, at a steady rate."""
    gate = asyncio.Semaphore(32)

    async def catch_up(a: Agent) -> None:
        async with gate:
            for _ in range(3):  # (a keep-alive connection the server closed meanwhile)
                try:
                    await _pull_all(a, None)
                    return
                except (aiohttp.ClientError, TimeoutError, RuntimeError):
                    continue

    await asyncio.gather(*(catch_up(a) for a in agents))  # every cursor at the head

    async def empty_pull(i: int) -> bool:
        a = agents[i % len(agents)]
        async with a.client.get("/api/v1/sync/pull", params={"since": a.cursor},
                                headers=a.headers) as r:
            page = await r.json()
        return r.status == 200 and not page["queue_items"] and page["cursor"] == a.cursor

    run.pull_cpu, bad = await _paced(n, rate, empty_pull, cpu)
    with_items = [a for a in agents if a.items]
    dummy = Stats()

    async def push_two(i: int) -> bool:
        await _push(with_items[i % len(with_items)], rng, dummy, outcomes=2)
        return True

    run.push_cpu, bad_push = await _paced(n // 2, rate / 2, push_two, cpu)
    run.probe_errors = bad + bad_push


async def play(urls: list[str], tokens: list[str], *, seconds: float, think: float,
               max_requests: int, cpu: Callable[[], float] = lambda: 0.0, seed: int = 1,
               probe: tuple[float, int] | None = None,
               db_cpu: Callable[[], float] = lambda: float("nan")) -> Run:
    """Ramp (each agent's first full pull, spread over up to 10 s), then `seconds` of
    steady syncing; then, with `probe=(rate, n)`, the CPU per request of empty pulls and
    2-outcome pushes (`_probe_cpu`). `cpu` reads the servers' CPU seconds."""
    # Idle connections are closed by the client before uvicorn's 5 s keep-alive does:
    # else a request sent on a connection the server is closing fails ("Server
    # disconnected"), an error of the bench, not of the server.
    clients = [aiohttp.ClientSession(base_url=u, timeout=aiohttp.ClientTimeout(total=30),
                                     connector=aiohttp.TCPConnector(limit=len(tokens),
                                                                    keepalive_timeout=3))
               for u in urls]
    agents = [Agent(tok, clients[i % len(clients)]) for i, tok in enumerate(tokens)]
    warm, steady = Stats(), Stats()
    rng = random.Random(seed)
    phase = Phase(len(agents), seconds, max_requests, cpu, db_cpu)
    ramp = min(10.0, len(agents) / 50)
    await asyncio.gather(*(_play(a, random.Random(rng.random()), think, ramp, phase,
                                 warm, steady) for a in agents))
    elapsed = time.monotonic() - phase.started
    run = Run(warm, steady, elapsed, cpu() - phase.cpu_at_start,
              db_cpu() - phase.db_cpu_at_start)
    if probe is not None:
        await _probe_cpu(agents, rng, cpu, probe[0], probe[1], run)
    for c in clients:
        await c.close()
    return run


def _create_db(admin_url: str) -> str:
    name = f"callsheet_load_{secrets.token_hex(4)}"
    eng = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with eng.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    eng.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def _drop_db(admin_url: str, url: str) -> None:
    eng = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with eng.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
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


GOALS = {500: (200.0, 100.0), 1000: (400.0, 150.0)}  # agents: (req/s at least, p99 below)
PULL_CPU_GOAL, PUSH_CPU_GOAL = 1.0, 2.0  # ms of server CPU per request
CENTRE = 5000  # agents of the centre the docs size


def _serve(servers: list[LiveServer], tokens: list[str], counts: list[int], *,
           seconds: float, think: float, max_requests: int,
           probe: tuple[float, int] | None, db_url: str | None = None) -> dict[int, Run]:
    pids = [s.proc.pid for s in servers if s.proc is not None]
    runs: dict[int, Run] = {}
    for n in counts:
        db_cpu = BackendCpu(db_url) if db_url else (lambda: float("nan"))
        runs[n] = asyncio.run(play(
            [s.url for s in servers], tokens[:n], seconds=seconds, think=think,
            max_requests=max_requests, cpu=lambda: process_cpu(pids),
            probe=probe if n == counts[-1] else None, db_cpu=db_cpu))
    return runs


def _stop(servers: list[LiveServer]) -> None:
    for s in servers:
        s.stop()
        errors = [line for line in s.output if "Error" in line or "error" in line]
        for line in errors[-5:]:
            print("    server:", line.rstrip()[:200], flush=True)


def _latency(r: Run) -> str:
    ms = [x * 1000 for x in r.steady.latencies]
    return f"{r.rate:,.0f} req/s, p50 {percentile(ms, 50):.1f} ms, p99 {percentile(ms, 99):.1f} ms"


def run(admin_url: str, *, agents: Sequence[int] = (500,), seconds: float, workers: int = 2,
        think: float = 2.5, items_each: int = 4, max_requests: int = 200_000,
        baseline: bool = True, probe: tuple[float, int] | None = (200.0, 1000)) -> None:
    """One database seeded for the largest count; each count of agents plays `seconds`
    of steady syncing against `workers` server processes (the smaller counts use the
    first agents), then the CPU probe; the same generator against the bare app."""
    counts = sorted(agents)
    url = _create_db(admin_url)
    servers: list[LiveServer] = []
    try:
        upgrade(url)
        seed_demo(url, customers=counts[-1] * items_each + 1000, seed=3)
        tokens = add_agents(url, counts[-1], items_each)
        _settle(url)
        for _ in range(workers):
            servers.append(LiveServer(url).start())
        before = load_average()
        ours = _serve(servers, tokens, counts, seconds=seconds, think=think,
                      max_requests=max_requests, probe=probe, db_url=url)
    finally:
        _stop(servers)
        _drop_db(admin_url, url)
    bare: dict[int, Run] = {}
    if baseline:
        servers = []
        try:
            for _ in range(workers):
                servers.append(BareServer().start())
            bare = _serve(servers, tokens, counts, seconds=seconds, think=think,
                          max_requests=max_requests, probe=probe)
        finally:
            _stop(servers)
    _record(ours, bare, workers=workers, seconds=seconds, think=think,
            load=f"{before} → {load_average()}")


def _record(ours: dict[int, Run], bare: dict[int, Run], *, workers: int, seconds: float,
            think: float, load: str) -> None:
    section = "Sync server"
    for n, r in ours.items():
        b = bare.get(n)
        errors = sum(r.steady.errors.values()) + sum(r.warm.errors.values())
        ms = [x * 1000 for x in r.steady.latencies]
        rate_goal, p99_goal = GOALS.get(n, (n / 2.5, 100.0))
        record(section, f"{n} agents, {workers} processes, PostgreSQL, {seconds:.0f} s",
               f"{_latency(r)}, errors {errors} (load average {load})",
               f">= {rate_goal:.0f} req/s, p99 < {p99_goal:.0f} ms",
               f"bare FastAPI: {_latency(b)}" if b else "",
               met=r.rate >= rate_goal * 0.98 and percentile(ms, 99) < p99_goal
               and errors == 0)
        pm = [x * 1000 for x in r.steady.pushes]
        record(section, f"{n} agents: pushes of 1-3 outcomes",
               f"n={len(pm)}, p50 {percentile(pm, 50):.1f} ms, p99 {percentile(pm, 99):.1f} ms")
        record(section, f"{n} agents: server CPU per request (mix)",
               f"{r.cpu_ms:.2f} ms ({r.cpu:.1f} s CPU / {len(r.steady.latencies):,} requests)",
               "", f"bare FastAPI: {b.cpu_ms:.2f} ms" if b else "")
        record(section, f"{n} agents: PostgreSQL CPU per request (mix)",
               f"{r.db_cpu_ms:.2f} ms")
        wm = [x * 1000 for x in r.warm.latencies]
        record(section, f"{n} agents: first full pull per agent (burst)",
               f"p50 {percentile(wm, 50):.1f} ms, p99 {percentile(wm, 99):.1f} ms")
        for what, count in sorted({**r.warm.errors, **r.steady.errors}.items()):
            print(f"    {count} x {what}", flush=True)
    last = ours[max(ours)]
    b = bare.get(max(ours))
    # What one core serves: an agent sends a request every `think` seconds on average.
    per_agent = last.cpu_ms / think  # ms of server CPU per second per agent
    db_per_agent = last.db_cpu_ms / think
    if per_agent == per_agent and per_agent > 0:
        record(section, "agents one core of server processes serves",
               f"{1000 / per_agent:,.0f} (at {last.cpu_ms:.2f} ms a request, one per "
               f"{think:g} s)")
    if db_per_agent == db_per_agent and db_per_agent > 0:
        record(section, "agents one core of PostgreSQL serves",
               f"{1000 / db_per_agent:,.0f} (at {last.db_cpu_ms:.2f} ms a request)")
        if per_agent == per_agent and per_agent > 0:
            # A third of each core kept free for bursts (docs/performance.md).
            cores = math.ceil(CENTRE * per_agent / 1000 * 1.5)
            db_cores = math.ceil(CENTRE * db_per_agent / 1000 * 1.5)
            # a write and a read pool of threads + 2 each, and the event loop's own
            links = cores * (2 * (worker_threads() + 2) + LOOP_CONNECTIONS)
            record(section, f"a {CENTRE:,}-agent centre needs",
                   f"{cores} cores of server processes (one process each, {links} "
                   f"PostgreSQL connections) and {db_cores} cores of PostgreSQL")
    if last.pull_cpu == last.pull_cpu:  # probed (not NaN)
        record(section, "server CPU per empty pull", f"{last.pull_cpu:.2f} ms",
               f"<= {PULL_CPU_GOAL:.0f} ms", f"bare FastAPI: {b.pull_cpu:.2f} ms" if b else "",
               met=last.pull_cpu <= PULL_CPU_GOAL and last.probe_errors == 0)
        record(section, "server CPU per push of 2 outcomes", f"{last.push_cpu:.2f} ms",
               f"<= {PUSH_CPU_GOAL:.0f} ms", f"bare FastAPI: {b.push_cpu:.2f} ms" if b else "",
               met=last.push_cpu <= PUSH_CPU_GOAL and last.probe_errors == 0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database-url", required=True,
                    help="a maintenance database (e.g. .../postgres) allowed to CREATE DATABASE")
    ap.add_argument("--agents", type=int, nargs="+", default=[500],
                    help="one run per count (e.g. 500 1000)")
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--workers", type=int, default=2, help="server processes")
    ap.add_argument("--think", type=float, default=2.5, help="mean seconds between syncs")
    ap.add_argument("--max-requests", type=int, default=200_000)
    ap.add_argument("--no-baseline", action="store_true",
                    help="skip the bare FastAPI app (bench/bare_app.py) in this run")
    ap.add_argument("--write-docs", action="store_true",
                    help="write this run's figures into docs/performance.md's generated "
                         "block (make bench ARGS=--write-docs writes every section's)")
    args = ap.parse_args(argv)
    if not reachable(args.database_url):
        print(f"PostgreSQL not reachable at {args.database_url}", file=sys.stderr)
        return 2
    run(args.database_url, agents=args.agents, seconds=args.seconds, workers=args.workers,
        think=args.think, max_requests=args.max_requests, baseline=not args.no_baseline)
    print("\n" + table([f for f in recorded() if f.section == "Sync server"]))
    if args.write_docs:
        write_docs(recorded())
    return 0


if __name__ == "__main__":
    sys.exit(main())
