"""A planned and assigned campaign shows up in an agent's desktop: the real client core
(tests/e2e/desktop.py) against the real server on a loopback port, SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from server import models as m
from server.db import make_engine
from server.orm import session_factory
from server.planning import offers_rules
from server.planning.dnc_io import import_dnc
from server.planning.importing import import_customers
from server.planning.models import CampaignTarget
from server.planning.targeting import plan_campaign
from tests.conftest import account
from tests.e2e.desktop import open_desktop
from tests.server.loop_support import assign_approved

DATA = Path(__file__).resolve().parents[1] / "data" / "planning"


@pytest.fixture
def live(tmp_path: Path) -> Iterator[dict[str, Any]]:
    from tests.support.live_server import LiveServer, seed_demo

    db_url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    creds = seed_demo(db_url, customers=150, seed=5)
    with LiveServer(db_url) as srv:
        yield {"url": srv.url, "db_url": db_url, "accounts": creds["accounts"]}


def test_planned_campaign_reaches_the_desktop(live: dict[str, Any], tmp_path: Path) -> None:
    acct = account(live["accounts"], "agent")
    ws = open_desktop(live["url"], acct, tmp_path / "desk")
    engine = make_engine(live["db_url"])
    try:
        ws.sync.run_once()
        before = {r.id for r in ws.queue.list_queue()}
        with session_factory(engine)() as s:
            import_customers(s, DATA / "customers_small.csv", today=date.today(),
                             report=tmp_path / "e.csv")
            plan_campaign(s, offers_rules.builtin("DATAPK"))
            team = s.scalar(select(m.Team.name).join(m.User, m.User.team_id == m.Team.id)
                            .where(m.User.username == acct["username"]))
            assert team is not None
            res = assign_approved(s, "DATAPK", team)
            s.commit()
            mine = {str(t.queue_item_id): t for t in s.scalars(
                select(CampaignTarget).join(m.QueueItem,
                                            m.QueueItem.id == CampaignTarget.queue_item_id)
                .where(m.QueueItem.agent_id == ws.user.id))}
        assert res.per_agent[acct["username"]] > 0 and mine
        assert ws.sync.run_once().queue_changed
        rows = {r.id: r for r in ws.queue.list_queue()}
        assert set(mine) <= set(rows) - before
        for item_id, target in mine.items():
            detail = ws.queue.detail(item_id)
            assert [o.reason for o in detail.offers][:1] == \
                [target.recommendations[0]["reason"]]
            assert rows[item_id].campaign_code == "DATAPK"
        # a registry number imported on the server leaves the desktop's queue
        victim = next(iter(mine))
        phone = ws.queue.detail(victim).customer.phone
        f = tmp_path / "dnc.csv"
        f.write_text(f"phone\n{phone}\n", encoding="utf-8")
        with session_factory(engine)() as s:
            import_dnc(s, f)
            s.commit()
        ws.sync.run_once()
        assert victim not in {r.id for r in ws.queue.list_queue()}
        # a re-import gives another customer a listed number, written in mixed widths:
        # the item closes on the server and leaves the desktop at its next pull
        second = next(i for i in mine if i != victim)
        ext = mine[second].customer_id
        with session_factory(engine)() as s:
            cust = s.get(m.Customer, ext)
            assert cust is not None
            wide = "".join(chr(ord(ch) + 0xFEE0) if ch.isdigit() and k % 2 else ch
                           for k, ch in enumerate(phone.removeprefix("+86")))
            f2 = tmp_path / "again.csv"
            f2.write_text(f"external_id,name,phone\n{cust.external_id},{cust.name},{wide}\n",
                          encoding="utf-8")
            res2 = import_customers(s, f2, today=date.today())
            s.commit()
        assert (res2.updated, res2.dnc_closed) == (1, 1)
        ws.sync.run_once()
        assert second not in {r.id for r in ws.queue.list_queue()}
    finally:
        ws.close()
        engine.dispose()
