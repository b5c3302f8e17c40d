"""Campaign planning speed: import N customers from CSV, then plan a campaign over them,
on SQLite and on PostgreSQL (127.0.0.1:5432, trust auth; a throwaway database is created
and dropped). Goal for N = 1,000,000: import under 60 s, planning under 30 s.

    python -m bench.planning_bench [N]      # default CALLSHEET_PLANNING_N or 100,000
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from server.db import make_engine, session_factory, upgrade
from server.planning import offers_rules
from server.planning.importing import import_customers
from server.planning.synth import write_csv
from server.planning.targeting import plan_campaign

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
TODAY = date(2026, 11, 23)
WORKERS = int(os.environ.get("CALLSHEET_IMPORT_WORKERS", "1"))


@contextmanager
def _postgres() -> Iterator[str | None]:
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT",
                          connect_args={"connect_timeout": 3})
    name = f"callsheet_bench_{secrets.token_hex(4)}"
    try:
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError:
        admin.dispose()
        yield None
        return
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _measure(url: str, csv_path: Path, label: str) -> dict[str, float]:
    upgrade(url)
    engine = make_engine(url)
    out: dict[str, float] = {}
    try:
        factory = session_factory(engine)
        with factory() as s:
            t0 = time.perf_counter()
            res = import_customers(s, csv_path, today=TODAY, workers=WORKERS)
            s.commit()
            out["import"] = time.perf_counter() - t0
        with factory() as s:
            t0 = time.perf_counter()
            plan = plan_campaign(s, offers_rules.builtin("DATAPK"), today=TODAY)
            s.commit()
            out["plan"] = time.perf_counter() - t0
        print(f"  {label:<10} import {res.inserted:>9,} customers {out['import']:7.1f} s "
              f"({res.inserted / out['import']:,.0f}/s)   plan DATAPK {out['plan']:6.1f} s "
              f"({len(plan.targets):,} targets saved)", flush=True)
    finally:
        engine.dispose()
    return out


def run(n: int | None = None) -> dict[str, dict[str, float]]:
    n = n or int(os.environ.get("CALLSHEET_PLANNING_N", "100000"))
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        csv_path = write_csv(Path(d) / "customers.csv", n)
        mb = csv_path.stat().st_size / 1e6
        print(f"Campaign planning: {n:,} customers ({mb:.0f} MB CSV, generated in "
              f"{time.perf_counter() - t0:.1f} s); goal import < 60 s, plan < 30 s at 1M",
              flush=True)
        results["sqlite"] = _measure(f"sqlite:///{Path(d) / 'plan.sqlite3'}", csv_path,
                                     "SQLite")
        with _postgres() as url:
            if url is None:
                print("  PostgreSQL not reachable at 127.0.0.1:5432: skipped")
            else:
                results["postgresql"] = _measure(url, csv_path, "PostgreSQL")
    return results


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else None)
