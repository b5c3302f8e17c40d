r"""Campaign planning speed: import N customers from CSV, then plan a campaign over them,
on SQLite and on PostgreSQL (127.0.0.1:5432, trust auth; a throwaway database is created
and dropped). Goals (issue 19), at N = 1,000,000: the import within 10x the database's own
bulk load of the same file and under 45 s; planning DATAPK under 20 s.

    python -m bench.planning_bench [N]      # default CALLSHEET_PLANNING_N or 100,000

The baselines are measured in the same run, on the same file, just before:
- import: the database's own bulk load of the CSV into a table of text columns, without
  any check: PostgreSQL `COPY ... FROM STDIN (FORMAT csv)` (what psql's `\copy` does),
  SQLite an executemany of the csv module's raw rows in one transaction (what the sqlite3
  shell's `.import` does), with the server's pragmas;
- plan: one scan of the customer columns the plan reads (SELECT of every row).

Besides wall time it prints CPU time, which other work on a shared machine disturbs far
less: this process (and its import workers), and on PostgreSQL the database backend
serving the session (read from /proc when the server runs on this machine); and the
load average, since on a shared machine wall time says as much about the others.
Every figure goes to bench/figures.py (section "Planning").
"""

from __future__ import annotations

import csv
import os
import resource
import secrets
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from bench import figures
from server.db import make_engine, upgrade
from server.orm import session_factory
from server.planning import offers_rules
from server.planning.importing import import_customers
from server.planning.segmentation import CUSTOMER_COLS
from server.planning.synth import write_csv
from server.planning.targeting import plan_campaign

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
TODAY = date(2026, 11, 23)
# processes reading and checking the file (0: the import's own choice, one a core for a
# large CSV; 1: none, everything in this process)
WORKERS = int(os.environ.get("CALLSHEET_IMPORT_WORKERS", "0"))
GOAL_N = 1_000_000
IMPORT_RATIO = 10.0  # the import within 10x the bulk load of the same file
IMPORT_GOAL_S = 45.0  # at GOAL_N
PLAN_GOAL_S = 20.0  # at GOAL_N
Timing = tuple[float, float, float | None]  # wall, own CPU, database backend CPU


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


def _backend_cpu(session: Session) -> float | None:
    """CPU seconds the PostgreSQL backend of this session has used (None on SQLite or when
    the server's /proc entry is not readable, e.g. a remote server)."""
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        return None
    pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class _Clock:
    """Wall, this process's CPU (with reaped worker processes) and the backend's CPU."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.wall = time.perf_counter()
        self.cpu = self._own()
        self.db = _backend_cpu(session)

    @staticmethod
    def _own() -> float:
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time() + kids.ru_utime + kids.ru_stime

    def stop(self) -> tuple[float, float, float | None]:
        db = _backend_cpu(self.session)
        return (time.perf_counter() - self.wall, self._own() - self.cpu,
                None if db is None or self.db is None else db - self.db)


def _fmt(wall: float, cpu: float, db: float | None) -> str:
    return f"{wall:6.1f} s (cpu {cpu:5.1f} s" + \
        (f" + db {db:5.1f} s)" if db is not None else ")")


def _short(t: Timing) -> str:
    wall, cpu, db = t
    return f"{wall:.1f} s (cpu {cpu:.1f} s" + (f" + db {db:.1f} s)" if db is not None else ")")


def _load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def _bulk_load(session: Session, csv_path: Path) -> Timing:
    """The database's own bulk load of the file, into a table of text columns (dropped
    again): COPY on PostgreSQL, executemany of the raw rows on SQLite."""
    with csv_path.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    conn = session.connection()
    cols = ", ".join(f'"{h}" text' for h in header)
    conn.exec_driver_sql(f"CREATE TABLE bulk_baseline ({cols})")
    session.commit()
    clock = _Clock(session)
    if session.connection().dialect.name == "postgresql":
        raw: Any = session.connection().connection.dbapi_connection
        with raw.cursor() as cur, \
                cur.copy("COPY bulk_baseline FROM STDIN (FORMAT csv, HEADER true)") as cp, \
                csv_path.open("rb") as data:
            while block := data.read(1 << 20):
                cp.write(block)
    else:
        marks = ", ".join("?" * len(header))
        with csv_path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            next(reader)
            lite: Any = session.connection().connection.dbapi_connection
            lite.executemany(f"INSERT INTO bulk_baseline VALUES ({marks})", reader)
    session.commit()
    took = clock.stop()
    session.connection().exec_driver_sql("DROP TABLE bulk_baseline")
    session.commit()
    return took


def _scan(session: Session) -> Timing:
    """One full read of the customer columns the plan works from."""
    clock = _Clock(session)
    q = select(*CUSTOMER_COLS).execution_options(yield_per=10_000)
    for _ in session.connection().execute(q):
        pass
    session.commit()
    return clock.stop()


def _measure(url: str, csv_path: Path, label: str, n: int) -> dict[str, float]:
    upgrade(url)
    engine = make_engine(url)
    out: dict[str, float] = {}
    try:
        factory = session_factory(engine)
        with factory() as s:
            bulk = _bulk_load(s, csv_path)
            bulk_load = _load()
        with factory() as s:
            clock = _Clock(s)
            res = import_customers(s, csv_path, today=TODAY, workers=WORKERS)
            s.commit()
            imp = clock.stop()
            imp_load = _load()
        with factory() as s:
            scan = _scan(s)
        with factory() as s:
            clock = _Clock(s)
            plan = plan_campaign(s, offers_rules.builtin("DATAPK"), today=TODAY)
            s.commit()
            pl = clock.stop()
            plan_load = _load()
        out["bulk"], out["bulk_cpu"] = bulk[0], bulk[1]
        out["import"], out["import_cpu"], out["plan"], out["plan_cpu"] = \
            imp[0], imp[1], pl[0], pl[1]
        if imp[2] is not None and pl[2] is not None:
            out["import_db_cpu"], out["plan_db_cpu"] = imp[2], pl[2]
        print(f"  {label:<10} bulk load {_fmt(*bulk)}   import {res.inserted:>9,} customers "
              f"{_fmt(*imp)}   scan {_fmt(*scan)}   plan DATAPK {_fmt(*pl)} "
              f"({len(plan.targets):,} targets saved)", flush=True)
        _record(label, n, bulk, bulk_load, imp, imp_load, scan, pl, plan_load)
    finally:
        engine.dispose()
    return out


def _record(label: str, n: int, bulk: Timing, bulk_load: str, imp: Timing, imp_load: str,
            scan: Timing, pl: Timing, plan_load: str) -> None:
    full = n >= GOAL_N
    ratio = imp[0] / bulk[0] if bulk[0] > 0 else float("inf")
    goal = f"<= {IMPORT_RATIO:.0f}x bulk load" + (f", < {IMPORT_GOAL_S:.0f} s" if full else
                                                  f" (and < {IMPORT_GOAL_S:.0f} s at 1M)")
    figures.record(
        section="Planning", name=f"import {n:,} customers, {label}",
        measured=f"{_short(imp)}, {ratio:.1f}x the bulk load, {imp_load}", goal=goal,
        baseline=f"bulk load of the same CSV {_short(bulk)}, {bulk_load}",
        met=ratio <= IMPORT_RATIO and (not full or imp[0] < IMPORT_GOAL_S))
    # Below the goal size the plan's goal is scaled by the customers (it is near linear).
    plan_goal = PLAN_GOAL_S * min(1.0, n / GOAL_N)
    figures.record(
        section="Planning", name=f"plan DATAPK over {n:,} customers, {label}",
        measured=f"{_short(pl)}, {plan_load}",
        goal=f"< {plan_goal:.1f} s" + ("" if full else f" ({PLAN_GOAL_S:.0f} s at 1M, scaled)"),
        baseline=f"scan of the customer columns {_short(scan)}", met=pl[0] < plan_goal)


def run(n: int | None = None) -> dict[str, dict[str, float]]:
    n = n or int(os.environ.get("CALLSHEET_PLANNING_N", "100000"))
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        csv_path = write_csv(Path(d) / "customers.csv", n)
        mb = csv_path.stat().st_size / 1e6
        print(f"Campaign planning: {n:,} customers ({mb:.0f} MB CSV, generated in "
              f"{time.perf_counter() - t0:.1f} s); goals at 1M: import <= "
              f"{IMPORT_RATIO:.0f}x the bulk load and < {IMPORT_GOAL_S:.0f} s, "
              f"plan < {PLAN_GOAL_S:.0f} s", flush=True)
        results["sqlite"] = _measure(f"sqlite:///{Path(d) / 'plan.sqlite3'}", csv_path,
                                     "SQLite", n)
        with _postgres() as url:
            if url is None:
                print("  PostgreSQL not reachable at 127.0.0.1:5432: skipped")
            else:
                results["postgresql"] = _measure(url, csv_path, "PostgreSQL", n)
    return results


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else None)
    # The table as docs/performance.md's Planning section quotes it (the generated block
    # is `python -m bench --write-docs`, with every bench's figures).
    print(f"\n{figures.run_stamp()}\n\n{figures.table()}")
