"""`make bench`: starts a real server on a loopback port with demo data and prints figures."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from bench import (
    agent_bench,
    figures,
    foundation,
    lead_bench,
    login_storm,
    manager_bench,
    planning_bench,
    seeding,
    startup_bench,
    sync_bench,
    telephony_bench,
)
from tests.support.live_server import LiveServer, seed_demo


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        db_url = f"sqlite:///{Path(d) / 'bench-server.sqlite3'}"
        creds = seed_demo(db_url, customers=2000, seed=11)
        seeding.all_day_windows(db_url)  # whatever the hour the bench runs at
        creds_file = Path(d) / "creds.json"
        creds_file.write_text(json.dumps(creds), encoding="utf-8")
        print("Callsheet benchmarks (server on SQLite, loopback)\n", flush=True)
        with LiveServer(db_url) as srv:
            foundation.run(srv.url, db_url, creds["accounts"], creds_file)
            sync_bench.run(srv.url, db_url, creds["accounts"])
            print("\nPulls during a storm of wrong passwords (bench/login_storm.py)\n",
                  flush=True)
            login_storm.run(srv.url, creds["accounts"])  # last: it locks an account
    print("\nMany agents against PostgreSQL (bench/load.py, short run)\n", flush=True)
    sync_bench.short_load_run()
    print("\nAgent workspace (local store only, offscreen window)\n", flush=True)
    agent_bench.run()
    print("\nDesktop cold start and first pull (bench/startup_bench.py)\n", flush=True)
    startup_bench.run()
    print("\nTeam lead monitor over a long history (bench/lead_bench.py)\n", flush=True)
    lead_bench.run()
    print("\nCampaign planning (bench/planning_bench.py)\n", flush=True)
    planning_bench.run()
    print("\nCampaign manager's workspace (bench/manager_bench.py)\n", flush=True)
    manager_bench.run()
    print("\nTelephony against SIPp on loopback (bench/telephony_bench.py)\n", flush=True)
    telephony_bench.run()
    print("\nAll recorded figures\n")
    print(figures.table())
    if "--write-docs" in sys.argv[1:]:
        figures.write_docs()
        print(f"\nwritten to {figures.DOC.relative_to(figures.ROOT)}")


if __name__ == "__main__":
    main()
