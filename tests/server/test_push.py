"""Push: idempotency, campaign rules, do-not-call."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from server.db import make_engine, utcnow
from server.models import AuditLog, CallOutcome, ClientAction, Customer, QueueItem
from server.orm import session_factory
from server.queue import add_dnc
from tests.server.conftest import Api, outcome


def _queue(api: Api, username: str) -> list[dict[str, Any]]:
    items = api.pull_all(username)["queue_items"].values()
    return sorted((q for q in items if q["status"] == "open"), key=lambda q: q["id"])


def _count(db_url: str, model: Any, **where: Any) -> int:
    engine = make_engine(db_url)
    with session_factory(engine)() as s:
        q = select(func.count()).select_from(model)
        for k, v in where.items():
            q = q.where(getattr(model, k) == v)
        n = int(s.scalar(q) or 0)
    engine.dispose()
    return n


def test_same_batch_twice_gives_same_answers_and_one_row(api: Api) -> None:
    user = api.account("agent")["username"]
    items = _queue(api, user)[:3]
    batch = [outcome(items[0]), outcome(items[1], "callback",
             callback_at=(datetime.now(UTC) + timedelta(hours=3)).isoformat()),
             outcome(items[2], "accepted")]  # no offer: rejected
    first = api.push(user, batch)
    assert [r["status"] for r in first] == ["accepted", "accepted", "rejected"]
    assert first[2]["code"] == "offer_required"
    cursor = api.pull_all(user)["cursor"]
    again = api.push(user, batch)
    assert [r["duplicate"] for r in again] == [True, True, True]
    assert [{**r, "duplicate": False} for r in again] == first
    for a in batch:
        assert _count(api.db_url, CallOutcome, id=a["action_id"]) == (
            0 if a is batch[2] else 1)
    assert not api.pull_all(user, since=cursor)["queue_items"], "a replay changes nothing"


def test_action_id_of_another_user_is_a_conflict(api: Api) -> None:
    u1, u2 = api.account("agent", 0)["username"], api.account("agent", 1)["username"]
    a = outcome(_queue(api, u1)[0])
    assert api.push(u1, [a])[0]["status"] == "accepted"
    b = outcome(_queue(api, u2)[0], action_id=a["action_id"])
    res = api.push(u2, [b])[0]
    assert res["status"] == "rejected" and res["code"] == "action_id_conflict"


def test_outcome_updates_item_per_campaign_rules(api: Api) -> None:
    user = api.account("agent")["username"]
    item = next(q for q in _queue(api, user) if q["attempts"] == 0)
    cursor = api.pull_all(user)["cursor"]
    assert api.push(user, [outcome(item)])[0]["status"] == "accepted"
    changed = api.pull_all(user, since=cursor)["queue_items"][item["id"]]
    assert changed["attempts"] == 1 and changed["status"] == "open"
    assert datetime.fromisoformat(changed["next_call_at"]) > utcnow() + timedelta(minutes=100)
    assert changed["history"][0]["disposition"] == "no_answer"
    for _ in range(2):
        api.push(user, [outcome(item)])
    last = api.pull_all(user, since=cursor)["queue_items"][item["id"]]
    assert last["status"] == "closed" and last["attempts"] == 3, "attempts exhausted"
    assert _count(api.db_url, AuditLog, action="outcome.record") >= 3


def test_disposition_not_allowed_by_campaign(api: Api) -> None:
    user = api.account("agent")["username"]
    view = api.pull_all(user)
    bb = next(c for c in view["campaigns"] if c["code"] == "BBRENEW")
    assert "voicemail" not in bb["allowed_dispositions"]
    items = [q for q in view["queue_items"].values() if q["campaign_id"] == bb["id"]]
    if not items:  # this agent has no broadband customer: give them one
        items = [q for a in api.accounts if a["role"] == "agent"
                 for q in api.pull_all(a["username"])["queue_items"].values()
                 if q["campaign_id"] == bb["id"]]
        user = next(a["username"] for a in api.accounts if a["role"] == "agent" and
                    items[0]["id"] in api.pull_all(a["username"])["queue_items"])
    res = api.push(user, [outcome(items[0], "voicemail")])[0]
    assert res["status"] == "rejected" and res["code"] == "disposition_not_allowed"


def _dnc_customer(db_url: str, customer_id: str, *, ago: timedelta) -> None:
    engine = make_engine(db_url)
    with session_factory(engine)() as s:
        c = s.get(Customer, customer_id)
        assert c is not None
        entry, _ = add_dnc(s, c, source="registry", reason="test", actor_id=None)
        entry.created_at = utcnow() - ago
        s.commit()
    engine.dispose()


def test_sale_after_dnc_rejected_sale_before_dnc_kept(api: Api) -> None:
    user = api.account("agent")["username"]
    items = _queue(api, user)
    offers = api.pull_all(user)["offers"]

    def sale(item: dict[str, Any], started: datetime) -> dict[str, Any]:
        offer = next(o for o in offers if o["campaign_id"] == item["campaign_id"])
        return outcome(item, "accepted", offer_id=offer["id"],
                       call_started_at=started.isoformat())

    _dnc_customer(api.db_url, items[0]["customer"]["id"], ago=timedelta(hours=1))
    late = api.push(user, [sale(items[0], utcnow() - timedelta(minutes=5))])[0]
    assert late["status"] == "rejected" and late["code"] == "do_not_call"
    # The call began before the number was flagged (agent was offline): the sale stands.
    _dnc_customer(api.db_url, items[1]["customer"]["id"], ago=timedelta(minutes=1))
    early = api.push(user, [sale(items[1], utcnow() - timedelta(minutes=30))])[0]
    assert early["status"] == "accepted"


def test_do_not_call_closes_items_of_every_agent(api: Api) -> None:
    u1, u2 = api.account("agent", 0)["username"], api.account("agent", 1)["username"]
    item = _queue(api, u1)[0]
    customer_id = item["customer"]["id"]
    # The same customer also sits on agent 2's list in another campaign.
    v2 = api.pull_all(u2)
    other = next(c for c in v2["campaigns"] if c["id"] != item["campaign_id"])
    a2_id = next(iter(v2["queue_items"].values()))["agent_id"]
    engine = make_engine(api.db_url)
    with session_factory(engine)() as s:
        from server import changes

        twin = QueueItem(campaign_id=other["id"], customer_id=customer_id, agent_id=a2_id,
                         status="open", priority=1, attempts=0, recommendations=[],
                         created_at=utcnow(), updated_at=utcnow())
        s.add(twin)
        s.flush()
        changes.emit(s, "queue_item", twin.id, a2_id)
        s.commit()
    engine.dispose()
    c1, c2 = api.pull_all(u1)["cursor"], api.pull_all(u2)
    assert twin.id in c2["queue_items"]

    res = api.push(u1, [outcome(item, "do_not_call", notes="stop calling me")])[0]
    assert res["status"] == "accepted"
    after1, after2 = api.pull_all(u1, since=c1), api.pull_all(u2, since=c2["cursor"])
    assert after1["queue_items"][item["id"]]["status"] == "closed"
    assert after2["queue_items"][twin.id]["status"] == "closed"
    assert item["customer"]["id"] in {d["customer_id"] for d in after2["dnc"]}
    # A fresh desktop of agent 2 never receives the closed item at all.
    assert twin.id not in api.pull_all(u2)["queue_items"]
    # DncAction for an already listed customer is idempotent.
    from tests.server.conftest import outcome as _o

    dnc = {"kind": "dnc", "action_id": _o(item)["action_id"], "customer_id": customer_id,
           "created_at": utcnow().isoformat(), "reason": "again"}
    assert api.push(u1, [dnc])[0]["status"] == "accepted"


def test_dnc_action_checks_ownership(api: Api) -> None:
    u1, u2 = api.account("agent", 0)["username"], api.account("agent", 1)["username"]
    foreign = _queue(api, u2)[0]["customer"]["id"]
    act = {"kind": "dnc", "action_id": "a" * 32, "customer_id": foreign,
           "created_at": utcnow().isoformat()}
    res = api.push(u1, [act])[0]
    assert res["status"] == "rejected" and res["code"] == "not_your_customer"
    res = api.push(u2, [{**act, "action_id": "b" * 32}])[0]
    assert res["status"] == "accepted"
    assert foreign not in {q["customer"]["id"] for q in _queue(api, u2)}


def test_bad_action_in_batch_does_not_affect_others(api: Api) -> None:
    user = api.account("agent")["username"]
    items = _queue(api, user)[:2]
    batch = [outcome(items[0]),
             outcome(items[1], queue_item_id="no-such-item"),
             outcome(items[1], "not_interested", objection="price")]
    res = api.push(user, batch)
    assert [r["status"] for r in res] == ["accepted", "rejected", "accepted"]
    assert res[1]["code"] == "not_your_item"
    assert [r["action_id"] for r in res] == [a["action_id"] for a in batch]
    assert _count(api.db_url, CallOutcome, id=batch[0]["action_id"]) == 1
    assert _count(api.db_url, CallOutcome, id=batch[2]["action_id"]) == 1
    assert _count(api.db_url, ClientAction, action_id=batch[1]["action_id"]) == 1


def test_assignment_skips_dnc_and_busy_customers(api: Api) -> None:
    from server.models import DncEntry, User
    from server.queue import assign

    engine = make_engine(api.db_url)
    with session_factory(engine)() as s:
        agent = s.scalars(select(User).where(User.role == "agent")).first()
        campaign_id = s.scalars(select(QueueItem.campaign_id)).first()
        assert agent is not None and campaign_id is not None
        listed = s.scalars(select(DncEntry.customer_id)).first()
        dnc_customer = s.get(Customer, listed)
        busy_id = s.scalars(select(QueueItem.customer_id).where(QueueItem.status == "open")
                            ).first()
        busy = s.get(Customer, busy_id)
        free = Customer(**{k: getattr(busy, k) for k in [c.key for c in Customer.__table__.columns]
                           if k not in ("id", "external_id", "phone", "phone_hash")})
        free.external_id, free.phone, free.phone_hash = "C-new", "+8613800000000", "x" * 64
        s.add(free)
        s.flush()
        assert dnc_customer and busy and free
        assert assign(s, campaign_id=campaign_id, customer=dnc_customer, agent=agent) is None
        assert assign(s, campaign_id=campaign_id, customer=busy, agent=agent) is None
        assert assign(s, campaign_id=campaign_id, customer=free, agent=agent) is not None
        s.commit()
    engine.dispose()


def test_call_times_are_stored_on_the_server_clock_with_the_desktops_beside(api: Api) -> None:
    """A desktop a day behind (it measured +86400 s) and one an hour ahead (-3600 s): the
    record, the contact history and the team lead's hourly figures use the server's time."""
    from server.lead.models import StatsAgentHour

    user = api.account("agent")["username"]
    items = _queue(api, user)[:2]
    now = utcnow()
    behind, ahead = now - timedelta(days=1), now + timedelta(hours=1)
    ticks = [{"step_id": "disclose-id", "at": (now - timedelta(seconds=50)).isoformat()}]
    a = outcome(items[0], "not_interested", objection="price", created_at=behind.isoformat(),
                call_started_at=(behind - timedelta(minutes=1)).isoformat(),
                clock_offset_seconds=86400.0, talk_seconds=55, disclosure_ticks=ticks)
    b = outcome(items[1], created_at=ahead.isoformat(), call_started_at=ahead.isoformat(),
                clock_offset_seconds=-3600.0)

    def hourly() -> dict[Any, int]:
        eng = make_engine(api.db_url)
        with session_factory(eng)() as s:
            out = {(h.hour, h.agent_id, h.campaign_id, h.disposition): h.calls
                   for h in s.scalars(select(StatsAgentHour))}
        eng.dispose()
        return out

    before = hourly()
    cursor = api.pull_all(user)["cursor"]
    assert [r["status"] for r in api.push(user, [a, b])] == ["accepted", "accepted"]
    after = hourly()
    grown = {k[0] for k, v in after.items() if v != before.get(k, 0)}
    assert grown == {now.replace(minute=0, second=0, microsecond=0)}, "figures on server time"
    engine = make_engine(api.db_url)
    with session_factory(engine)() as s:
        ra, rb = s.get(CallOutcome, a["action_id"]), s.get(CallOutcome, b["action_id"])
        assert ra is not None and rb is not None
        assert abs((ra.created_at - now).total_seconds()) < 1
        assert abs((ra.call_started_at - (now - timedelta(minutes=1))).total_seconds()) < 1
        assert ra.client_created_at is not None
        assert abs((ra.client_created_at - behind).total_seconds()) < 1
        assert ra.clock_offset_seconds == 86400.0
        assert [(t["step_id"], datetime.fromisoformat(t["at"])) for t in ra.disclosure_ticks
                ] == [("disclose-id", now - timedelta(seconds=50))]  # server time, as sent
        assert rb.disclosure_ticks == [] and rb.clock_offset_seconds == -3600.0
        assert abs((rb.created_at - now).total_seconds()) < 1
    engine.dispose()
    history = api.pull_all(user, since=cursor)["queue_items"][items[1]["id"]]["history"]
    assert abs((datetime.fromisoformat(history[0]["at"]) - now).total_seconds()) < 1


def test_a_reached_outcome_without_a_dial_is_rejected_alone(api: Api) -> None:
    user = api.account("agent")["username"]
    items = _queue(api, user)[:3]
    batch = [outcome(items[0], "hung_up", call_started_at=None),
             outcome(items[1], "no_answer", call_started_at=None),  # not reached: fine
             outcome(items[2], "complaint")]
    res = api.push(user, batch)
    assert [r["status"] for r in res] == ["rejected", "accepted", "accepted"]
    assert res[0]["code"] == "dial_required" and "dial" in res[0]["message"]
    assert _count(api.db_url, CallOutcome, id=batch[0]["action_id"]) == 0


def test_disclosure_ticks_are_bounded(api: Api) -> None:
    user = api.account("agent")["username"]
    item = _queue(api, user)[0]
    many = [{"step_id": f"s{i}", "at": utcnow().isoformat()} for i in range(101)]
    long_id = [{"step_id": "x" * 65, "at": utcnow().isoformat()}]
    for ticks in (many, long_id):
        # each such action is rejected alone (issue 15: never the whole batch)
        r = api.client.post("/api/v1/sync/push", headers=api.headers(user),
                            json={"actions": [outcome(item, disclosure_ticks=ticks)]})
        assert r.status_code == 200, r.text
        (result,) = r.json()["results"]
        assert result["status"] == "rejected" and result["code"] == "invalid_action"
        assert "disclosure_ticks" in result["message"]


def test_two_outcomes_of_one_item_in_a_batch_move_it_twice(api: Api) -> None:
    """A batch of plain outcomes reads its items once (as columns, server.sync.Loaded)
    and writes each item once with its rows: the second outcome of an item sees the
    first one's state, and the item is stored, answered and pulled in its last state."""
    user = api.account("agent")["username"]
    item = next(q for q in _queue(api, user) if q["attempts"] == 0)
    cursor = api.pull_all(user)["cursor"]
    batch = [outcome(item), outcome(item)]
    r = api.client.post("/api/v1/sync/push", json={"actions": batch},
                        headers=api.headers(user))
    assert r.status_code == 200, r.text
    body = r.json()
    assert [x["status"] for x in body["results"]] == ["accepted", "accepted"]
    answered = {q["id"]: q for q in body["queue_items"]}[item["id"]]
    assert answered["attempts"] == 2 and answered["status"] == "open"
    assert {h["id"] for h in answered["history"]} >= {a["action_id"] for a in batch}
    pulled = api.pull_all(user, since=cursor)["queue_items"][item["id"]]
    assert pulled["attempts"] == 2 and pulled["next_call_at"] == answered["next_call_at"]
    for a in batch:
        assert _count(api.db_url, CallOutcome, id=a["action_id"]) == 1
    engine = make_engine(api.db_url)
    with session_factory(engine)() as s:
        stored = s.get(QueueItem, item["id"])
        assert stored is not None and stored.attempts == 2
    engine.dispose()
