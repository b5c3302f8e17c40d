"""After the sale (issue 21), against the real server on a loopback port, on SQLite and
PostgreSQL: sale -> verification confirmed -> order -> activation answer; sale ->
verification denied -> sale reversed and figures corrected; trial -> reminder ->
cancellation counted; unreachable -> the fallback notice; the provisioning export.

One server per backend for the module; each test sells to customers of its own."""

from __future__ import annotations

import csv
import io
import json
import secrets
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from server.aftersale.models import Order, Verification, VerificationFallback
from server.db import make_engine
from server.email_outbox import EmailMessage
from server.models import Customer, Offer
from server.orm import session_factory
from server.sms import SmsMessage
from server.sms_send import FileSender, send_due
from tests.server.conftest import _pg_create, _pg_drop
from tests.support.live_server import LiveServer, seed_demo


class Desk:
    """The callers: a logged-in httpx client per demo account."""

    def __init__(self, url: str, db_url: str, accounts: list[dict[str, Any]]) -> None:
        self.url, self.db_url, self.accounts = url, db_url, accounts
        self.http = httpx.Client(base_url=url, timeout=20)
        self.tokens: dict[str, str] = {}
        self.used: set[str] = set()

    def h(self, username: str) -> dict[str, str]:
        if username not in self.tokens:
            acct = next(a for a in self.accounts if a["username"] == username)
            r = self.http.post("/api/v1/auth/login", json={
                "username": username, "password": acct["password"]})
            assert r.status_code == 200, r.text
            self.tokens[username] = r.json()["token"]
        return {"Authorization": f"Bearer {self.tokens[username]}"}

    def get(self, username: str, path: str, **params: Any) -> httpx.Response:
        return self.http.get(path, params=params, headers=self.h(username))

    def post(self, username: str, path: str, body: Any) -> httpx.Response:
        return self.http.post(path, json=body, headers=self.h(username))

    def pull(self, username: str, since: int = 0) -> tuple[dict[str, Any], int]:
        items: dict[str, Any] = {}
        offers: list[dict[str, Any]] = []
        while True:
            r = self.get(username, "/api/v1/sync/pull", since=since, limit=500)
            assert r.status_code == 200, r.text
            page = r.json()
            items.update({q["id"]: q for q in page["queue_items"]})
            offers += page["offers"]
            since = page["cursor"]
            if not page["has_more"]:
                return {"items": items, "offers": offers}, since

    def sell(self, agent: str, *, trial_days: int = 0, ratio: float = 1.0,
             campaign_id: str | None = None) -> dict[str, Any]:
        """A sale by `agent` of an offer of a fresh item's campaign; returns the order."""
        got, _ = self.pull(agent)
        item = next(q for q in sorted(got["items"].values(), key=lambda q: q["id"])
                    if q["status"] == "open" and q["id"] not in self.used
                    and campaign_id in (None, q["campaign_id"]))
        self.used.add(item["id"])
        offer = next(o for o in got["offers"] if o["campaign_id"] == item["campaign_id"])
        with self.session() as s:
            s.execute(update(Offer).where(Offer.id == offer["id"])
                      .values(trial_days=trial_days, verify_ratio=ratio))
            s.commit()
        now = datetime.now(UTC)
        action = {"kind": "outcome", "action_id": secrets.token_hex(16),
                  "created_at": now.isoformat(), "queue_item_id": item["id"],
                  "customer_id": item["customer"]["id"], "campaign_id": item["campaign_id"],
                  "disposition": "accepted", "offer_id": offer["id"],
                  "call_started_at": (now - timedelta(minutes=4)).isoformat(),
                  "talk_seconds": 200, "notes": "Customer took the pack; debit on the 1st."}
        r = self.post(agent, "/api/v1/sync/push", {"actions": [action]})
        assert r.json()["results"][0]["status"] == "accepted", r.text
        with self.session() as s:
            order = s.scalars(select(Order).where(Order.call_id == action["action_id"])).one()
            return {"id": order.id, "call_id": order.call_id, "item": item,
                    "state": order.state, "offer": offer}

    def session(self) -> Any:
        engine = make_engine(self.db_url)
        return session_factory(engine)()

    def item_of(self, order_id: str, kind: str = "sale") -> dict[str, Any]:
        r = self.get("verifier1", "/api/v1/verification/items", limit=500)
        assert r.status_code == 200, r.text
        return next(i for i in r.json()["items"]
                    if i["order_id"] == order_id and i["kind"] == kind)

    def verify(self, item_id: str, outcome: str, notes: str = "",
               action_id: str | None = None) -> httpx.Response:
        return self.post("verifier1", f"/api/v1/verification/items/{item_id}/outcome",
                         {"action_id": action_id or secrets.token_hex(16), "outcome": outcome,
                          "notes": notes})

    def feed(self, since: int) -> dict[str, Any]:
        r = self.get("admin", "/api/v1/orders", since=since)
        assert r.status_code == 200, r.text
        return dict(r.json())

    def monitor(self) -> dict[str, Any]:
        r = self.get("lead1", "/api/v1/lead/monitor")
        assert r.status_code == 200, r.text
        return dict(r.json())


@pytest.fixture(scope="module", params=["sqlite", pytest.param(
    "postgresql", marks=pytest.mark.postgres)])
def desk(request: pytest.FixtureRequest,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    from tests.server.conftest import pg_admin_url

    if request.param == "postgresql":
        if pg_admin_url() is None:
            pytest.skip("PostgreSQL is not reachable")
        url = _pg_create()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('aftersale') / 'server.sqlite3'}"
    try:
        creds = seed_demo(url, customers=120, seed=7)
        with LiveServer(url) as srv:
            d = Desk(srv.url, url, creds["accounts"])
            yield d
            d.http.close()
    finally:
        if request.param == "postgresql":
            _pg_drop(url)


def _agent_row(monitor: dict[str, Any], username_name: str) -> dict[str, Any]:
    return next(a for a in monitor["agents"] if a["name"] == username_name)


def _name(desk: Desk, username: str) -> str:
    return str(next(a for a in desk.accounts if a["username"] == username)["display_name"])


def test_sale_verified_confirmed_becomes_an_order_and_gets_its_activation(desk: Desk) -> None:
    cursor = desk.feed(0)["cursor"]
    before = _agent_row(desk.monitor(), _name(desk, "agent1"))
    sale = desk.sell("agent1")
    assert sale["state"] == "awaiting_verification"
    _, agent_cursor = desk.pull("agent1")  # the desktop has synced the sale
    after_sale = _agent_row(desk.monitor(), _name(desk, "agent1"))
    assert after_sale["successes"] == before["successes"], "not a sale until confirmed"
    assert after_sale["sales_awaiting"] == before["sales_awaiting"] + 1
    # provisioning sees it waiting; acts on confirmed ones
    page = desk.feed(cursor)
    assert [(o["id"], o["state"]) for o in page["orders"]] == [
        (sale["id"], "awaiting_verification")]
    cursor = page["cursor"]
    item = desk.item_of(sale["id"])
    assert item["call_notes"].startswith("Customer took the pack")
    assert item["seller_name"] == _name(desk, "agent1") and item["price_yuan"] > 0
    action = secrets.token_hex(16)
    r = desk.verify(item["id"], "confirmed", "Customer confirmed the 30-yuan pack.", action)
    assert r.status_code == 200, r.text
    assert r.json()["order_state"] == "confirmed"
    again = desk.verify(item["id"], "confirmed", action_id=action)  # a replay: same answer
    assert again.status_code == 200 and again.json()["duplicate"] is True
    late = desk.verify(item["id"], "denied")  # someone else's late answer
    assert late.status_code == 409 and late.json()["code"] == "already_closed"
    page = desk.feed(cursor)
    (order,) = page["orders"]
    assert order["state"] == "confirmed" and order["confirmed_by"] == "verifier"
    assert order["verifier_name"] == _name(desk, "verifier1")
    assert order["call_id"] == sale["call_id"] and order["seller_name"] == _name(desk, "agent1")
    assert desk.feed(page["cursor"])["orders"] == [], "nothing new: nothing answered"
    path = f"/api/v1/orders/{sale['id']}/activation"
    r = desk.post("admin", path, {"result": "activated"})
    assert r.status_code == 200 and r.json()["state"] == "activated", r.text
    assert desk.post("admin", path, {"result": "activated"}).status_code == 200  # idempotent
    clash = desk.post("admin", path, {"result": "failed", "reason": "no such line"})
    assert clash.status_code == 409 and clash.json()["code"] == "already_answered"
    assert [o["state"] for o in desk.feed(page["cursor"])["orders"]] == ["activated"]
    assert _agent_row(desk.monitor(), _name(desk, "agent1"))["successes"] == \
        before["successes"] + 1
    # the seller's desktop shows the order's state in the contact history
    got, _ = desk.pull("agent1", agent_cursor)
    history = got["items"][sale["item"]["id"]]["history"]
    assert next(h for h in history if h["id"] == sale["call_id"])["order_state"] == "activated"


def test_sale_denied_is_reversed_and_the_lead_sees_the_denial(desk: Desk) -> None:
    before = _agent_row(desk.monitor(), _name(desk, "agent2"))
    sale = desk.sell("agent2")
    item = desk.item_of(sale["id"])
    r = desk.verify(item["id"], "denied", "Customer says she never agreed to anything.")
    assert r.status_code == 200 and r.json()["order_state"] == "cancelled", r.text
    mon = desk.monitor()
    row = _agent_row(mon, _name(desk, "agent2"))
    assert row["successes"] == before["successes"]
    assert row["sales_awaiting"] == before["sales_awaiting"]
    assert row["sales_reversed"] == before["sales_reversed"] + 1
    alert = next(a for a in mon["alerts"] if a["kind"] == "denials"
                 and a["agent_id"] == row["agent_id"])
    assert alert["value"] >= 1 and alert["reference"] >= alert["value"]
    camp = next(c for c in mon["campaigns"] if c["campaign_id"] == sale["item"]["campaign_id"])
    assert camp["sales_reversed"] >= 1
    # the centre's day, as the monitor's "today" (date.today() is another day from 16:00 UTC)
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    summary = desk.get("lead1", "/api/v1/lead/summary", start=today, end=today).json()
    srow = next(a for a in summary["agents"] if a["agent_id"] == row["agent_id"])
    assert srow["sales"] == row["successes"] and srow["sales_reversed"] >= 1
    # a reversed sale is never activated
    r = desk.post("admin", f"/api/v1/orders/{sale['id']}/activation", {"result": "activated"})
    assert r.status_code == 409 and r.json()["code"] == "not_confirmed"
    with desk.session() as s:
        assert s.get(Order, sale["id"]).cancel_kind == "denied"


def test_trial_reminder_and_cancellations_are_counted(desk: Desk) -> None:
    # Two trial sales (2-day trials: the reminder, 3 days before the end, is due at once).
    # Both of one campaign: the one where agent3 has the most open items (the demo's
    # queues are drawn at random; the first item's campaign may have only that one).
    got, _ = desk.pull("agent3")
    open_per_campaign = Counter(q["campaign_id"] for q in got["items"].values()
                                if q["status"] == "open" and q["id"] not in desk.used)
    campaign_id = max(open_per_campaign, key=lambda c: open_per_campaign[c])
    assert open_per_campaign[campaign_id] >= 2
    kept = desk.sell("agent3", trial_days=2, campaign_id=campaign_id)
    dropped = desk.sell("agent3", trial_days=2, campaign_id=campaign_id)
    for sale in (kept, dropped):
        r = desk.verify(desk.item_of(sale["id"])["id"], "confirmed")
        assert r.status_code == 200 and r.json()["reminder_id"], r.text
    reminder = desk.item_of(dropped["id"], kind="trial_ending")
    assert reminder["trial_days"] == 2 and reminder["trial_ends_on"]
    r = desk.verify(reminder["id"], "wants_to_cancel", "Does not watch TV enough.")
    assert r.status_code == 200 and r.json()["order_state"] == "cancelled"
    r = desk.verify(desk.item_of(kept["id"], kind="trial_ending")["id"], "confirmed")
    assert r.json()["order_state"] == "confirmed"
    # Time passes: both trials are over (the orders started 30 days ago).
    with desk.session() as s:
        for sale in (kept, dropped):
            o = s.get(Order, sale["id"])
            o.start_on -= timedelta(days=30)
            o.trial_ends_on -= timedelta(days=30)
        s.commit()
    camp_id = kept["item"]["campaign_id"]

    def campaign() -> dict[str, Any]:
        return next(c for c in desk.monitor()["campaigns"] if c["campaign_id"] == camp_id)

    c = campaign()
    assert c["trials_ended"] >= 2 and c["cancelled_within_trial"] >= 1
    assert c["trials_kept"] >= 1 and c["trials_kept"] < c["trials_ended"]
    kept_before, packs_before = c["cancelled_after_trial"], c["packs_kept"]
    # The kept one is cancelled later: recorded as after the trial, once.
    path = f"/api/v1/orders/{kept['id']}/cancellation"
    body = {"on": date.today().isoformat(), "reason": "moved abroad"}
    r = desk.post("admin", path, body)
    assert r.status_code == 200 and r.json()["cancel_kind"] == "after_trial", r.text
    assert desk.post("admin", path, body).status_code == 200  # the same: idempotent
    c = campaign()
    assert c["cancelled_after_trial"] == kept_before + 1
    assert c["packs_kept"] == packs_before - 1
    assert c["trials_kept"] >= 1, "kept past the trial: still a renewal"


def test_unreachable_customer_gets_the_notice_after_the_last_try(desk: Desk) -> None:
    sale = desk.sell("agent4")
    item = desk.item_of(sale["id"])
    with desk.session() as s:
        s.execute(update(Customer).where(Customer.id == sale["item"]["customer"]["id"])
                  .values(preferred_channel="web", email="li.si@example.cn"))
        s.commit()
    for n in range(1, item["max_attempts"]):
        r = desk.verify(item["id"], "unreachable")
        assert r.status_code == 200 and r.json()["fallback"] is None
        assert r.json()["item"]["attempts"] == n and not r.json()["item"]["closed"]
        with desk.session() as s:  # the next try is due later; make it due now
            s.execute(update(Verification).where(Verification.id == item["id"])
                      .values(due_at=datetime.now(UTC) - timedelta(minutes=1)))
            s.commit()
    r = desk.verify(item["id"], "unreachable")
    answer = r.json()
    assert answer["item"]["closed"] and answer["fallback"]["channel"] == "email"
    assert "10000" in answer["fallback"]["text"] and "http" not in answer["fallback"]["text"]
    assert answer["order_state"] == "confirmed"
    with desk.session() as s:
        row = s.scalars(select(VerificationFallback).where(
            VerificationFallback.order_id == sale["id"])).one()
        assert row.channel == "email" and row.text == answer["fallback"]["text"]
        assert s.get(Order, sale["id"]).confirmed_by == "fallback"
        # queued in the email outbox in the verification's transaction, the text recorded
        mail = s.scalars(select(EmailMessage).where(
            EmailMessage.reason == f"verification:{item['id']}")).one()
        assert (mail.address, mail.body, mail.status) == (
            "li.si@example.cn", answer["fallback"]["text"], "queued")


def test_an_sms_notice_goes_through_the_sms_outbox_and_is_sent(
        desk: Desk, tmp_path: Path) -> None:
    """A customer whose channel is the phone gets the notice by SMS: it is queued in the
    SMS outbox with the verification, the text recorded is the one queued, and the
    sender (the file sender) sends it once."""
    sale = desk.sell("agent4")
    item = desk.item_of(sale["id"])
    with desk.session() as s:
        s.execute(update(Customer).where(Customer.id == sale["item"]["customer"]["id"])
                  .values(preferred_channel="phone"))
        s.execute(update(Verification).where(Verification.id == item["id"])
                  .values(attempts=item["max_attempts"] - 1))
        s.commit()
    answer = desk.verify(item["id"], "unreachable").json()
    assert answer["fallback"]["channel"] == "sms"
    with desk.session() as s:
        queued = s.scalars(select(SmsMessage).where(
            SmsMessage.reason == f"verification:{item['id']}")).one()
        assert queued.template == "verification_fallback" and queued.status == "queued"
        assert queued.body == answer["fallback"]["text"]
        assert "10000" in queued.body and "http" not in queued.body
        notice_id = queued.id
        sender = FileSender(tmp_path / "sent.jsonl")
        sent, failed = send_due(s, sender)  # the sale's thank-you too
        s.commit()
        assert sent >= 1 and failed == 0
        assert send_due(s, sender) == (0, 0), "each sent once"
        s.commit()
        assert s.get(SmsMessage, notice_id).status == "sent"  # type: ignore[union-attr]
    lines = [json.loads(x) for x in
             (tmp_path / "sent.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [x["text"] for x in lines if x["id"] == notice_id] == [answer["fallback"]["text"]]


def test_a_sale_not_drawn_for_verification_is_confirmed_at_once(desk: Desk) -> None:
    sale = desk.sell("agent5", ratio=0.0)
    assert sale["state"] == "confirmed"
    with desk.session() as s:
        assert s.scalars(select(Verification).where(
            Verification.order_id == sale["id"])).first() is None
        assert s.get(Order, sale["id"]).confirmed_by == "sampling"


def test_orders_export_neutralises_formula_cells(desk: Desk) -> None:
    sale = desk.sell("agent6", ratio=0.0)
    hostile = '=HYPERLINK("http://evil.example","x")'
    with desk.session() as s:
        s.execute(update(Customer).where(Customer.id == sale["item"]["customer"]["id"])
                  .values(name=hostile))
        s.commit()
    r = desk.get("admin", "/api/v1/orders/export", format="csv")
    assert r.status_code == 200, r.text
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    row = next(x for x in rows if x[0] == sale["id"])
    assert row[rows[0].index("customer_name")] == "'" + hostile
    r = desk.get("admin", "/api/v1/orders/export", format="xlsx", state="confirmed")
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(r.content)).active
    assert sheet is not None
    values = [c.value for row_ in sheet.iter_rows() for c in row_]
    assert "'" + hostile in values and hostile not in values
    assert desk.get("verifier1", "/api/v1/orders/export").status_code == 403
    ahead = desk.get("admin", "/api/v1/orders", since=10**9)
    assert ahead.status_code == 409 and ahead.json()["code"] == "cursor_ahead"


def test_the_thank_you_sms_goes_only_for_a_sale_that_stands(desk: Desk) -> None:
    """domain.md: the customer gets a thank-you after a phone sale; one who denies it must
    not get a text thanking them for it. Queued when the order is confirmed: by the
    verifier (later), by sampling (in the push), never for a denied sale."""

    def thanks(call_id: str) -> list[SmsMessage]:
        with desk.session() as s:
            return list(s.scalars(select(SmsMessage).where(
                SmsMessage.reason == f"outcome:{call_id}",
                SmsMessage.template == "thank_you")))

    kept, denied = desk.sell("agent7"), desk.sell("agent7")
    assert thanks(kept["call_id"]) == [] and thanks(denied["call_id"]) == [], \
        "no thank-you before the verification"
    assert desk.verify(desk.item_of(kept["id"])["id"], "confirmed").status_code == 200
    assert desk.verify(desk.item_of(denied["id"])["id"], "denied").status_code == 200
    (sms,) = thanks(kept["call_id"])
    assert sms.status == "queued" and "10000" in sms.body
    assert thanks(denied["call_id"]) == []
    sampled = desk.sell("agent7", ratio=0.0)
    assert sampled["state"] == "confirmed" and len(thanks(sampled["call_id"])) == 1
