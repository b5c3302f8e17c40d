"""Campaign planning speed: import N customers from CSV, then plan a campaign over them,
on SQLite and on PostgreSQL (127.0.0.1:5432, trust auth; a throwaway database is created
and dropped). Goal for N = 1,000,000: import under 60 s, planning under 30 s.

    python -m bench.planning_bench [N]      # default CALLSHEET_PLANNING_N or 100,000

Besides wall time it prints CPU time, which other work on a shared machine disturbs far
less: this process (and its import workers), and on PostgreSQL the database backend
serving the session (read from /proc when the server runs on this machine).
"""

from __future__ import annotations

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

from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from server.db import make_engine, upgrade
from server.orm import session_factory
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


def _measure(url: str, csv_path: Path, label: str) -> dict[str, float]:
    upgrade(url)
    engine = make_engine(url)
    out: dict[str, float] = {}
    try:
        factory = session_factory(engine)
        with factory() as s:
            clock = _Clock(s)
            res = import_customers(s, csv_path, today=TODAY, workers=WORKERS)
            s.commit()
            imp = clock.stop()
        with factory() as s:
            clock = _Clock(s)
            plan = plan_campaign(s, offers_rules.builtin("DATAPK"), today=TODAY)
            s.commit()
            pl = clock.stop()
        out["import"], out["import_cpu"], out["plan"], out["plan_cpu"] = \
            imp[0], imp[1], pl[0], pl[1]
        if imp[2] is not None and pl[2] is not None:
            out["import_db_cpu"], out["plan_db_cpu"] = imp[2], pl[2]
        print(f"  {label:<10} import {res.inserted:>9,} customers {_fmt(*imp)}   "
              f"plan DATAPK {_fmt(*pl)} ({len(plan.targets):,} targets saved)", flush=True)
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
