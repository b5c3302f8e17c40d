"""A large plan's worker processes forked from the real server (uvicorn, its threads,
its pooled connections): the funnel preview and the saved plan over HTTP give what a
one-process plan gives, and the server goes on answering after them. SQLite and
PostgreSQL. (`CALLSHEET_PLAN_PARALLEL_FROM=1`: the forked path on a small file.)"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from server.db import make_engine
from server.orm import session_factory
from server.planning import offers_rules
from server.planning.importing import import_customers
from server.planning.models import CampaignTarget
from server.planning.targeting import plan_campaign
from tests.conftest import account
from tests.support.live_server import LiveServer, seed_demo

DATA = Path(__file__).resolve().parents[1] / "data" / "planning"
PLAN = "/api/v1/admin/campaigns/DATAPK/plan"


@pytest.fixture
def live(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
         ) -> Iterator[dict[str, Any]]:
    creds = seed_demo(db_url, customers=60, seed=7)
    engine = make_engine(db_url)
    with session_factory(engine)() as s:
        import_customers(s, DATA / "customers_small.csv", today=date.today(),
                         report=tmp_path / "e.csv")
        s.commit()
    engine.dispose()
    monkeypatch.setenv("CALLSHEET_PLAN_PARALLEL_FROM", "1")  # the server inherits it
    with LiveServer(db_url) as srv, httpx.Client(base_url=srv.url, timeout=60) as http:
        acct = account(creds["accounts"], "admin")
        r = http.post("/api/v1/auth/login", json={"username": acct["username"],
                                                  "password": acct["password"]})
        assert r.status_code == 200, r.text
        yield {"http": http, "db_url": db_url,
               "headers": {"Authorization": f"Bearer {r.json()['token']}"}}


def test_the_forked_plan_is_the_one_process_plan(live: dict[str, Any]) -> None:
    http, headers = live["http"], live["headers"]
    engine = make_engine(live["db_url"])
    try:
        with session_factory(engine)() as s:
            alone = plan_campaign(s, offers_rules.builtin("DATAPK"), dry_run=True, workers=1)
            s.rollback()
        funnel = [[x.name, x.kept, x.dropped] for x in alone.funnel]
        assert alone.targets  # (the small file has targets past the demo's customers)
        for dry in (True, False):
            r = http.post(PLAN, json={"dry_run": dry}, headers=headers)
            assert r.status_code == 200, r.text
            assert [[f["step"], f["kept"], f["dropped"]] for f in r.json()["funnel"]] \
                == funnel
        with session_factory(engine)() as s:
            saved = s.scalar(select(func.count()).select_from(CampaignTarget)
                             .where(CampaignTarget.status == "planned"))
        assert saved == len(alone.targets)
        # the server is well after forking: its pooled connections still answer
        for _ in range(3):
            r = http.get("/api/v1/admin/segments", headers=headers)
            assert r.status_code == 200, r.text
    finally:
        engine.dispose()
