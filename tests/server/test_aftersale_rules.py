"""Verification's rules on the server (issue 21), SQLite and PostgreSQL: separation of
posts (a verifier never gets their own team's sales unless the centre allows it), the
sampling draw, and "wrong details" reversing the sale without counting as a denial."""

from __future__ import annotations

import secrets
from typing import Any

import pytest
from sqlalchemy import select, update

from server.aftersale.models import Order, Verification
from server.aftersale.verify import drawn
from server.db import make_engine
from server.models import CallOutcome, User
from server.orm import session_factory
from tests.server.conftest import Api, outcome
from tests.support.items import add_item


def _sell(api: Api, agent: str) -> str:
    view = api.pull_all(agent)
    item = next(q for q in sorted(view["queue_items"].values(), key=lambda q: q["id"])
                if q["status"] == "open")
    offer = next(o for o in view["offers"] if o["campaign_id"] == item["campaign_id"])
    sale = outcome(item, "accepted", offer_id=offer["id"])
    assert api.push(agent, [sale])[0]["status"] == "accepted"
    return str(sale["action_id"])


def _session(api: Api) -> Any:
    return session_factory(make_engine(api.db_url))()


def _item_for(api: Api, call_id: str) -> dict[str, Any] | None:
    with _session(api) as s:
        order_id = s.scalars(select(Order.id).where(Order.call_id == call_id)).one()
    r = api.client.get("/api/v1/verification/items", params={"limit": 500},
                       headers=api.headers("verifier1"))
    assert r.status_code == 200, r.text
    return next((i for i in r.json()["items"] if i["order_id"] == order_id), None)


def test_a_verifier_never_gets_their_own_teams_sales_unless_allowed(
        api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    with _session(api) as s:
        team = s.scalars(select(User.team_id).where(User.username == "agent1")).one()
        s.execute(update(User).where(User.username == "verifier1").values(team_id=team))
        s.commit()
    call_id = _sell(api, "agent1")
    assert _item_for(api, call_id) is None, "the seller's team: not for this verifier"
    with _session(api) as s:
        order = s.scalars(select(Order).where(Order.call_id == call_id)).one()
    # not even by its id
    with _session(api) as s:
        vid = s.scalars(select(Verification.id).where(Verification.order_id == order.id)).one()
    r = api.client.get(f"/api/v1/verification/items/{vid}", headers=api.headers("verifier1"))
    assert r.status_code == 404
    r = api.client.post(f"/api/v1/verification/items/{vid}/outcome",
                        json={"action_id": secrets.token_hex(16), "outcome": "confirmed"},
                        headers=api.headers("verifier1"))
    assert r.status_code == 404
    other = _sell(api, "agent5")  # the other team's sale is theirs to verify
    assert _item_for(api, other) is not None
    monkeypatch.setenv("CALLSHEET_VERIFY_SAME_TEAM", "1")  # the centre allows it
    assert _item_for(api, call_id) is not None


def test_wrong_details_reverses_the_sale_but_is_no_denial(api: Api) -> None:
    call_id = _sell(api, "agent2")
    item = _item_for(api, call_id)
    assert item is not None
    r = api.client.post(f"/api/v1/verification/items/{item['id']}/outcome",
                        json={"action_id": secrets.token_hex(16), "outcome": "wrong_details",
                              "notes": "Wrong plan recorded"},
                        headers=api.headers("verifier1"))
    assert r.status_code == 200 and r.json()["order_state"] == "cancelled", r.text
    mon = api.client.get("/api/v1/lead/monitor", headers=api.headers("lead1")).json()
    with _session(api) as s:
        seller = s.scalars(select(User.id).where(User.username == "agent2")).one()
    assert not [a for a in mon["alerts"] if a["kind"] == "denials" and a["agent_id"] == seller]
    row = next(a for a in mon["agents"] if a["agent_id"] == seller)
    assert row["sales_reversed"] >= 1


def test_bad_outcome_bodies_are_4xx_with_a_message(api: Api) -> None:
    call_id = _sell(api, "agent3")
    item = _item_for(api, call_id)
    assert item is not None
    path = f"/api/v1/verification/items/{item['id']}/outcome"
    for body in ({"action_id": "short", "outcome": "confirmed"},
                 {"action_id": secrets.token_hex(16), "outcome": "maybe"},
                 {"action_id": secrets.token_hex(16), "outcome": "confirmed",
                  "notes": "x" * 5000}):
        r = api.client.post(path, json=body, headers=api.headers("verifier1"))
        assert r.status_code == 422 and r.json()["message"], r.text
    r = api.client.post("/api/v1/orders/NO-SUCH/activation", json={"result": "confirmed"},
                        headers=api.headers("admin"))
    assert r.status_code in (404, 422)
    with _session(api) as s:
        order_id = s.scalars(select(Order.id).where(Order.call_id == call_id)).one()
    r = api.client.post(f"/api/v1/orders/{order_id}/activation",
                        json={"result": "failed"}, headers=api.headers("admin"))
    assert r.status_code == 422 and r.json()["code"] == "reason_required"


def test_the_sampling_draw_is_fixed_per_call_and_near_the_ratio() -> None:
    ids = [f"call-{n}" for n in range(2000)]
    share = sum(drawn(i, 0.25) for i in ids) / len(ids)
    assert 0.21 < share < 0.29
    assert [drawn(i, 0.25) for i in ids[:50]] == [drawn(i, 0.25) for i in ids[:50]]
    assert all(drawn(i, 1.0) for i in ids[:50]) and not any(drawn(i, 0.0) for i in ids[:50])


def test_a_rule_table_gives_a_new_offer_its_trial_and_verify_ratio() -> None:
    from server.planning import offers_rules

    rules = offers_rules.builtin("DATAPK")
    rules["offers"][0].update(trial_days=14, verify_ratio=0.3)
    assert offers_rules.check(rules)["offers"][0]["trial_days"] == 14
    for bad in ({"trial_days": -1}, {"verify_ratio": 1.5}, {"trial_days": "two weeks"}):
        wrong = offers_rules.builtin("DATAPK")
        wrong["offers"][0].update(bad)
        with pytest.raises(offers_rules.RulesError):
            offers_rules.check(wrong)


def test_a_verified_sale_reaches_the_customers_items_in_other_queues(api: Api) -> None:
    """The verification moves the order on: the customer's open items in other queues are
    pulled again, their history showing the order's new state."""
    call_id = _sell(api, "agent2")
    with _session(api) as s:
        customer, campaign = s.execute(select(CallOutcome.customer_id, CallOutcome.campaign_id)
                                       .where(CallOutcome.id == call_id)).one()
    theirs = add_item(api.db_url, customer, "agent3", not_in_campaign=campaign)
    since = api.pull_all("agent3")["cursor"]
    item = _item_for(api, call_id)
    assert item is not None
    r = api.client.post(f"/api/v1/verification/items/{item['id']}/outcome",
                        json={"action_id": secrets.token_hex(16), "outcome": "wrong_details"},
                        headers=api.headers("verifier1"))
    assert r.status_code == 200, r.text
    pulled = api.pull_all("agent3", since)["queue_items"]
    assert list(pulled) == [theirs]
    [sale] = [h for h in pulled[theirs]["history"] if h["id"] == call_id]
    assert sale["order_state"] == "cancelled"
