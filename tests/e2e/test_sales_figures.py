"""Issue 21, "the seller's figures and the campaign's conversion count only confirmed
sales": an agent's desktop against the real server on loopback sells three times; the
verifier confirms one and denies one, one still waits. Hand-computed figures:

- the desktop's own day figures, after each sync: sales 0 / awaiting 3 on the push, then
  sales 1 / awaiting 1 / reversed 1 once the verification results arrive with a pull;
  conversion = 1 confirmed sale / 3 reached;
- the lead's monitor: the agent's confirmed sales, awaiting and reversed, the hourly
  chart's confirmed sales, and the outcome mix's "accepted" = the sales that stand;
- the campaign: confirmed sales and the success rate move with the verification.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, select

from app.services.workspace import Workspace
from app.views import OutcomeDraft
from server.aftersale.models import Order
from tests.conftest import account
from tests.e2e.desktop import callable_rows, dialled, open_desktop
from wire.schema import Disposition


def _sell(ws: Workspace, used: set[str]) -> str:
    for row in callable_rows(ws):
        d = ws.queue.detail(row.id)
        if row.id not in used and d.offers and d.verdict.allowed:
            break
    else:
        raise AssertionError("no callable customer with an offer")
    used.add(row.id)
    mandatory = [s.id for s in d.steps if s.mandatory]
    dialled(ws, row.id)
    changes = ws.queue.record_outcome(OutcomeDraft(
        queue_item_id=row.id, disposition=Disposition.ACCEPTED, offer_id=d.offers[0].offer.id,
        notes="Accepted the pack",
        steps_taken=["open", "identity", "needs", "pitch", *mandatory, "close"]))
    assert changes.action_id is not None
    return changes.action_id


class Api:
    def __init__(self, url: str, accounts: list[dict[str, Any]]) -> None:
        self.http = httpx.Client(base_url=url, timeout=20)
        self.accounts = accounts
        self.tokens: dict[str, str] = {}

    def h(self, role: str) -> dict[str, str]:
        if role not in self.tokens:
            acct = account(self.accounts, role)
            r = self.http.post("/api/v1/auth/login", json={
                "username": acct["username"], "password": acct["password"]})
            assert r.status_code == 200, r.text
            self.tokens[role] = r.json()["token"]
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def verify(self, order_id: str, outcome: str) -> None:
        r = self.http.get("/api/v1/verification/items", params={"limit": 500},
                          headers=self.h("verifier"))
        assert r.status_code == 200, r.text
        item = next(i for i in r.json()["items"] if i["order_id"] == order_id)
        r = self.http.post(f"/api/v1/verification/items/{item['id']}/outcome",
                           json={"action_id": secrets.token_hex(16), "outcome": outcome,
                                 "notes": ""}, headers=self.h("verifier"))
        assert r.status_code == 200, r.text

    def monitor(self) -> dict[str, Any]:
        r = self.http.get("/api/v1/lead/monitor", headers=self.h("team_lead"))
        assert r.status_code == 200, r.text
        return dict(r.json())


def _orders(db_url: str, call_ids: list[str]) -> dict[str, tuple[str, str]]:
    """call id -> (order id, campaign id)"""
    eng = create_engine(db_url)
    with eng.connect() as conn:
        found = {c: (o, k) for c, o, k in conn.execute(
            select(Order.call_id, Order.id, Order.campaign_id)
            .where(Order.call_id.in_(call_ids)))}
    eng.dispose()
    return found


def test_denied_and_confirmed_sales_move_the_sellers_and_campaigns_figures(
        fresh_server: dict[str, Any], tmp_path: Path) -> None:
    url, db_url, accounts = fresh_server["url"], fresh_server["db_url"], fresh_server["accounts"]
    api = Api(url, accounts)
    ws = open_desktop(url, account(accounts, "agent"), tmp_path / "agent")
    try:
        ws.sync.run_once()
        day0 = ws.queue.day_stats()
        mon0 = api.monitor()
        me0 = next(a for a in mon0["agents"] if a["agent_id"] == ws.user.id)
        used: set[str] = set()
        calls = [_sell(ws, used) for _ in range(3)]

        # Offline-first: recorded, not synced yet -> awaiting, never a sale
        day = ws.queue.day_stats()
        assert (day.successes, day.sales_awaiting, day.sales_reversed) == (
            day0.successes, day0.sales_awaiting + 3, day0.sales_reversed)
        result = ws.sync.run_once()
        assert ws.queue.pending_count() == 0
        assert result.changes.day, "the push answer brought the sales' order states"
        day = ws.queue.day_stats()
        assert (day.successes, day.sales_awaiting) == (day0.successes, day0.sales_awaiting + 3)

        orders = _orders(db_url, calls)
        assert len(orders) == 3
        mon1 = api.monitor()
        me1 = next(a for a in mon1["agents"] if a["agent_id"] == ws.user.id)
        assert me1["successes"] == me0["successes"]
        assert me1["sales_awaiting"] == me0["sales_awaiting"] + 3
        assert mon1["sales_awaiting"] == mon0["sales_awaiting"] + 3
        accepted1 = mon1["outcome_mix"].get("accepted", 0)
        assert accepted1 == mon0["outcome_mix"].get("accepted", 0), \
            "the mix's accepted calls are the sales that stand"
        hourly1 = sum(h["successes"] for h in mon1["hours"])
        mine = {orders[c][1] for c in calls}  # the sales' campaigns

        def camp_sum(mon: dict[str, Any], key: str) -> int:
            return sum(c[key] for c in mon["campaigns"] if c["campaign_id"] in mine)

        def camp_accepted(mon: dict[str, Any]) -> int:
            return sum(c["outcome_mix"].get("accepted", 0) for c in mon["campaigns"]
                       if c["campaign_id"] in mine)

        api.verify(orders[calls[0]][0], "confirmed")
        api.verify(orders[calls[1]][0], "denied")

        # The desktop learns it through the normal pull: figures after one sync
        result = ws.sync.run_once()
        assert result.changes.day
        day = ws.queue.day_stats()
        assert (day.successes, day.sales_awaiting, day.sales_reversed) == (
            day0.successes + 1, day0.sales_awaiting + 1, day0.sales_reversed + 1)
        assert day.reached == day0.reached + 3
        if day0.reached == 0:
            assert day.conversion == 1 / 3

        mon2 = api.monitor()
        me2 = next(a for a in mon2["agents"] if a["agent_id"] == ws.user.id)
        assert (me2["successes"], me2["sales_awaiting"], me2["sales_reversed"]) == (
            me0["successes"] + 1, me0["sales_awaiting"] + 1, me0["sales_reversed"] + 1)
        assert sum(h["successes"] for h in mon2["hours"]) == hourly1 + 1
        assert mon2["outcome_mix"].get("accepted", 0) == accepted1 + 1
        assert sum(mon2["outcome_mix"].values()) + mon2["sales_awaiting"] + \
            mon2["sales_reversed"] == sum(h["calls"] for h in mon2["hours"])
        assert camp_sum(mon2, "successes") == camp_sum(mon1, "successes") + 1
        assert camp_sum(mon2, "sales_awaiting") == camp_sum(mon1, "sales_awaiting") - 2
        assert camp_sum(mon2, "sales_reversed") == camp_sum(mon1, "sales_reversed") + 1
        assert camp_accepted(mon2) == camp_accepted(mon1) + 1
    finally:
        ws.close()
        api.http.close()
