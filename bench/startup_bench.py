"""Issue-19 figures for the desktop: cold start from the local cache and the first pull.

Cold start: a FRESH PROCESS (`python -m bench.startup_child`) runs the desktop's own start
path (`ui.main`'s imports, application, translations, style, `Launcher.open_workspace` on
an encrypted store, `Launcher._logged_in`, the window's `start()`), offscreen, and reports
when the queue's table has painted its rows. The figure is from just before the process is
spawned to that paint, with the child's CPU time beside it; the baseline is a bare PySide6
window with a 1,000-row table measured the same way in the same run. The login dialog is
skipped (the store is opened as a resumed keyring session would open it) and the sync
server is unreachable (an offline start: the queue comes from the local cache only).

First pull: an empty desktop (an encrypted local store, as the desktop's) pulls a
10,000-item queue from a live server (SQLite, loopback) through `SyncEngine.run_once`;
the figures are the time to the first page applied (the queue can be listed from then
on) and to the whole queue, with the desktop's and the server process's CPU time of the
pull beside it (the desktop asks for the next page while it applies one, so on two free
cores the wall time is near the larger of the two).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import figures

ROOT = Path(__file__).resolve().parent.parent
SERVER = "http://127.0.0.1:9"  # never answers: an offline start from the local cache
USER = "agent1"
HISTORY_PER_ITEM = 20  # agent_bench's ratio: 1,000 items, 20,000 history rows


def build_store(root: Path, items: int) -> bytes:
    """An encrypted local store under `root` holding `items` queue items; returns its key."""
    from datetime import UTC, datetime, timedelta

    from app.paths import Paths
    from app.store import repo
    from app.store.database import open_database
    from tests.support import synthetic

    paths = Paths.under(root)
    paths.ensure()
    key = secrets.token_bytes(32)
    engine = open_database(paths.user_db(SERVER, USER), key)
    now = datetime.now(UTC) - timedelta(hours=1)
    synthetic.build(engine, items=items, history=items * HISTORY_PER_ITEM, now=now)
    with engine.begin() as conn:
        repo.set_meta(conn, repo.USER_ID, "agent-1")
    engine.dispose()
    return key


def spawn(args: list[str], timeout: float = 120.0) -> dict[str, Any]:
    """Run the child in a fresh interpreter; its last stdout line is a JSON report."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           # an installed desktop starts from compiled bytecode: let the first (warm-up)
           # run write it, outside the checkout
           "PYTHONPYCACHEPREFIX": str(Path(tempfile.gettempdir()) / "callsheet-bench-pyc")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    t0 = time.monotonic()  # CLOCK_MONOTONIC: the same clock in the child (Linux)
    proc = subprocess.run([sys.executable, "-m", "bench.startup_child", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=timeout, check=False)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"startup child failed ({proc.returncode}): {proc.stderr[-2000:]}")
    report: dict[str, Any] = json.loads(lines[-1])
    report["wall"] = report["painted"] - t0
    report["marks"] = {k: v - t0 for k, v in report.get("marks", {}).items()}
    return report


def _median(reports: list[dict[str, Any]], key: str) -> float:
    return float(statistics.median(r[key] for r in reports))


def _fmt(reports: list[dict[str, Any]]) -> str:
    walls = sorted(r["wall"] for r in reports)
    return (f"{_median(reports, 'wall'):.2f} s wall (runs {', '.join(f'{w:.2f}' for w in walls)}), "
            f"{_median(reports, 'cpu'):.2f} s CPU")


def cold_start(runs: int = 3, sizes: tuple[int, ...] = (1000, 10_000), lang: str = "en",
               verbose: bool = False, crash: bool = False) -> None:
    """Each start follows a clean exit of the one before (the child closes the store after
    its report), the usual start; with `crash` each follows a killed process, which
    leaves the write-ahead log and has the whole file checked first."""
    spawn(["--bare"])  # warm-up, not counted
    base = [spawn(["--bare"]) for _ in range(runs)]
    baseline = f"bare PySide6 window + 1,000-row table {_fmt(base)}"
    figures.record("Desktop", "baseline: bare window, 1,000-row table", _fmt(base))
    goals = {1000: 1.0, 10_000: 1.5}
    for items in sizes:
        with tempfile.TemporaryDirectory() as d:
            key = build_store(Path(d), items)
            args = ["--data-dir", d, "--server", SERVER, "--user", USER, "--key", key.hex(),
                    "--lang", lang] + (["--crash"] if crash else [])
            spawn(args)  # warm-up, not counted: bytecode written, the file in the page cache
            reps = [spawn(args) for _ in range(runs)]
            if crash != any(Path(d).rglob("*.sqlite3-wal")):
                raise RuntimeError("the child did not leave the store as asked "
                                   f"({'killed' if crash else 'closed'})")
        rows = reps[-1]["rows"]
        if rows != items:
            raise RuntimeError(f"the child listed {rows} rows of {items}")
        goal = goals.get(items)
        after = ", after a crash" if crash else ""
        figures.record("Desktop", f"cold start to queue painted, {items:,} items ({lang}{after})",
                       _fmt(reps), f"<= {goal:.1f} s" if goal else "", baseline,
                       None if goal is None else _median(reps, "wall") <= goal)
        if verbose:
            marks = reps[len(reps) // 2]["marks"]
            cpu = reps[len(reps) // 2]["cpu_marks"]
            print("   wall/CPU at " + ", ".join(f"{k} {v:.2f}/{cpu[k]:.2f}"
                                               for k, v in marks.items()), flush=True)


def _process_cpu(pid: int) -> float:
    """CPU seconds (user + system) another process has used, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _pull_once(url: str, agent: dict[str, Any], data_dir: Path, server_pid: int
               ) -> tuple[float, float, float, int, float]:
    """(to the first page applied, to the whole queue, desktop CPU, rows listed, server
    process CPU). The local store is encrypted, as the desktop's is (SQLCipher's page
    encryption is part of the apply)."""
    from tests.e2e.desktop import open_desktop

    ws = open_desktop(url, agent, data_dir, key=secrets.token_bytes(32))
    try:
        first: list[float] = []
        s0 = _process_cpu(server_pid)
        t0, c0 = time.perf_counter(), time.process_time()

        def page_applied(_result: object) -> None:
            if not first:
                first.append(time.perf_counter() - t0)

        on_page = getattr(ws.sync, "on_page", None)  # before issue 19: no page listener
        if on_page is not None:
            on_page(page_applied)
        ws.sync.run_once()
        total, cpu = time.perf_counter() - t0, time.process_time() - c0
        server = _process_cpu(server_pid) - s0
        return (first[0] if first else total), total, cpu, len(ws.queue.list_queue()), server
    finally:
        ws.close()


def _runs(xs: list[float]) -> str:
    return f"runs {', '.join(f'{x:.2f}' for x in sorted(xs))}"


def first_pull(items: int = 10_000, runs: int = 3) -> None:
    """An empty desktop pulls `items` queue items from a live server on loopback."""
    from bench.seeding import grow_queue
    from tests.support.live_server import LiveServer, seed_demo

    with tempfile.TemporaryDirectory() as d:
        db_url = f"sqlite:///{Path(d) / 'pull-server.sqlite3'}"
        creds = seed_demo(db_url, customers=items + items // 4 + 1000, seed=19)
        agent = [a for a in creds["accounts"] if a["role"] == "agent"][-1]
        size = grow_queue(db_url, agent["username"], items)
        with LiveServer(db_url) as srv:
            assert srv.proc is not None
            pid = srv.proc.pid
            _pull_once(srv.url, agent, Path(d) / "warm", pid)  # warm-up, not counted
            got = [_pull_once(srv.url, agent, Path(d) / f"desk{i}", pid) for i in range(runs)]
    med = statistics.median
    firsts, totals, cpus = ([g[k] for g in got] for k in range(3))
    servers = [g[4] for g in got]
    figures.record("Desktop", f"first pull, {size:,} items: queue usable (first page)",
                   f"{med(firsts):.2f} s ({_runs(firsts)})", "as soon as the first page")
    figures.record("Desktop", f"first pull, {size:,} items: whole queue ({got[-1][3]:,} listed)",
                   f"{med(totals):.2f} s wall ({_runs(totals)}), {med(cpus):.2f} s desktop "
                   f"CPU, {med(servers):.2f} s server CPU (loopback; load "
                   f"{os.getloadavg()[0]:.1f})", "<= 1.5 s", "", med(totals) <= 1.5)


def run(runs: int = 3, verbose: bool = False) -> None:
    print("load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())
          + f" on {os.cpu_count()} CPUs", flush=True)
    cold_start(runs=runs, verbose=verbose)
    first_pull(runs=runs)
    print("load average " + " ".join(f"{x:.2f}" for x in os.getloadavg()), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", choices=["cold", "pull"])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--lang", default="en")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--after-crash", action="store_true",
                    help="each cold start follows a killed process (the whole file checked)")
    a = ap.parse_args()
    print("load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())
          + f" on {os.cpu_count()} CPUs", flush=True)
    if a.only in (None, "cold"):
        cold_start(a.runs, tuple(int(s) for s in a.sizes.split(",")), a.lang, a.verbose,
                   a.after_crash)
    if a.only in (None, "pull"):
        first_pull(runs=a.runs)
    print("load average " + " ".join(f"{x:.2f}" for x in os.getloadavg()), flush=True)
    print(figures.table())


if __name__ == "__main__":
    main()
