"""The team lead's monitor with a long history: its refresh query with N call outcomes on
SQLite and on PostgreSQL (`make bench` loads 200,000 to stay short; `--outcomes 1000000`
or CALLSHEET_BENCH_OUTCOMES for the full size).

    python -m bench.lead_bench [--outcomes N] [--skip-postgres]

History is spread over a year, with one busy day (today) on top; the outcomes are
bulk-loaded and the roll-ups rebuilt (as after an import), then the monitor of the
demo's team lead (8 agents, 2 teams) is built repeatedly, as the desktop's 5-second
refresh does. Goal: under 200 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from bench.load import _create_db, _drop_db, reachable
from bench.sync_bench import PG_ADMIN
from bench.util import report, summary_ms, timed
from server import models as m
from server.db import make_engine, utcnow
from server.lead import monitor, stats
from server.orm import session_factory
from tests.support.live_server import seed_demo
from wire.schema import Disposition

DEFAULT_OUTCOMES = int(os.environ.get("CALLSHEET_BENCH_OUTCOMES", "200000"))
WEIGHTS = {Disposition.NO_ANSWER: 40, Disposition.BUSY: 10, Disposition.VOICEMAIL: 8,
           Disposition.UNREACHABLE: 5, Disposition.NOT_INTERESTED: 18,
           Disposition.CONSIDERING: 6, Disposition.CALLBACK: 5, Disposition.ACCEPTED: 7,
           Disposition.HUNG_UP: 1}


def _load(db_url: str, n: int) -> float:
    """Bulk-load n outcomes over the demo's items and agents; returns seconds taken."""
    rng = random.Random(5)
    engine = make_engine(db_url)
    t0 = time.perf_counter()
    with session_factory(engine)() as s:
        items = s.execute(select(m.QueueItem.id, m.QueueItem.customer_id,
                                 m.QueueItem.campaign_id)).all()
        agents = list(s.scalars(select(m.User.id).where(m.User.role == "agent")))
        offers: dict[str, list[str]] = {}
        for oid, cid in s.execute(select(m.Offer.id, m.Offer.campaign_id)):
            offers.setdefault(cid, []).append(oid)
        now = utcnow()
        disps, weights = list(WEIGHTS), list(WEIGHTS.values())
        batch: list[dict[str, Any]] = []
        for k in range(n):
            item_id, cust, camp = items[rng.randrange(len(items))]
            today = k % 400 == 0  # ~2,500 calls today, the rest over the past year
            at = now - (timedelta(minutes=rng.randint(1, 600)) if today
                        else timedelta(days=rng.randint(1, 365), minutes=rng.randint(0, 900)))
            d = rng.choices(disps, weights)[0]
            talk = rng.randint(20, 600) if d.reached else 0
            batch.append({
                "id": secrets.token_hex(16), "queue_item_id": item_id, "customer_id": cust,
                "agent_id": agents[rng.randrange(len(agents))], "campaign_id": camp,
                "disposition": d.value, "objection": None, "notes": "",
                "offer_id": rng.choice(offers[camp]) if d.reached and offers.get(camp)
                else None,
                "script_id": None, "script_version": None, "steps_taken": [],
                "disclosures_ticked": [], "call_started_at": at, "talk_seconds": talk,
                "wrap_seconds": 20, "callback_at": None, "created_at": at, "received_at": at,
            })
            if len(batch) == 20000:
                s.execute(insert(m.CallOutcome), batch)
                batch = []
        if batch:
            s.execute(insert(m.CallOutcome), batch)
        stats.rebuild(s)
        s.commit()
    engine.dispose()
    return time.perf_counter() - t0


def _measure(label: str, db_url: str, n: int) -> None:
    seed_demo(db_url, customers=2000, seed=21)
    loaded = _load(db_url, n)
    report(f"{label}: load {n:,} outcomes + roll-ups", f"{loaded:.1f} s")
    engine = make_engine(db_url)
    reads = session_factory(engine.execution_options(sqlite_begin="DEFERRED"))
    with reads() as s:
        lead = s.scalars(select(m.User).where(m.User.username == "lead1")).one()
        total = s.scalar(select(func.count()).select_from(m.CallOutcome))

        def refresh() -> None:
            with reads() as rs:
                monitor.build(rs, lead)

        refresh()  # warm the caches, as a running server has
        samples = timed(refresh, 30)
    engine.dispose()
    report(f"{label}: monitor refresh ({total:,} outcomes)", summary_ms(samples), "< 200 ms")


def run(n: int = DEFAULT_OUTCOMES, postgres: bool = True) -> None:
    with tempfile.TemporaryDirectory() as d:
        _measure("SQLite", f"sqlite:///{Path(d) / 'lead.sqlite3'}", n)
    if not postgres:
        return
    if not reachable(PG_ADMIN):
        print(f"PostgreSQL part skipped: not reachable at {PG_ADMIN}", flush=True)
        return
    url = _create_db(PG_ADMIN)
    try:
        _measure("PostgreSQL", url, n)
    finally:
        _drop_db(PG_ADMIN, url)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--outcomes", type=int, default=DEFAULT_OUTCOMES)
    ap.add_argument("--skip-postgres", action="store_true")
    args = ap.parse_args(argv)
    run(args.outcomes, postgres=not args.skip_postgres)


if __name__ == "__main__":
    main()
