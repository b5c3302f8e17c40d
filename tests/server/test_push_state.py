"""No echo (issue 18), on SQLite and PostgreSQL: the push answer carries the state of what
the push changed, the pushing desktop's pull steps over its own changes (cursor past them),
the same agent's other desktop and a desktop without an id still receive them, and a bad
device id is a 422 with a message."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import create_engine, select, text

from server import models as m
from server import serialize, sync
from server.orm import session_factory
from tests.server.conftest import Api, outcome
from tests.support.items import add_item
from wire.schema import DEVICE_HEADER, ActionResult, HistoryEntry, OutcomeAction

DESK_A, DESK_B = "desk-aaaaaaaa", "desk-bbbbbbbb"


def pull(api: Api, user: str, since: int, device: str | None) -> dict[str, Any]:
    headers = api.headers(user) | ({DEVICE_HEADER: device} if device else {})
    r = api.client.get("/api/v1/sync/pull", params={"since": since}, headers=headers)
    assert r.status_code == 200, r.text
    return dict(r.json())


def push(api: Api, user: str, actions: list[dict[str, Any]], device: str) -> dict[str, Any]:
    headers = api.headers(user) | {DEVICE_HEADER: device}
    r = api.client.post("/api/v1/sync/push", json={"actions": actions}, headers=headers)
    assert r.status_code == 200, r.text
    return dict(r.json())


def test_own_changes_come_in_the_answer_and_not_in_the_pull(api: Api) -> None:
    user = api.account("agent")["username"]
    start = api.pull_all(user)
    item = next(q for q in start["queue_items"].values() if q["attempts"] == 0)
    answer = push(api, user, [outcome(item, "no_answer", call_started_at=None)], DESK_A)
    assert answer["results"][0]["status"] == "accepted"
    [state] = answer["queue_items"]
    assert state["id"] == item["id"] and state["attempts"] == 1

    mine = pull(api, user, start["cursor"], DESK_A)
    assert mine["queue_items"] == [] and mine["cursor"] > start["cursor"], \
        "stepped over, cursor past it"
    other = pull(api, user, start["cursor"], DESK_B)
    assert [q["id"] for q in other["queue_items"]] == [item["id"]], "the other desktop"
    plain = pull(api, user, start["cursor"], None)
    assert [q["id"] for q in plain["queue_items"]] == [item["id"]], "a client without an id"

    r = api.client.get("/api/v1/sync/wait", params={"since": start["cursor"], "timeout": 0},
                       headers=api.headers(user) | {DEVICE_HEADER: DESK_A})
    assert r.status_code == 200 and r.json()["changed"] is False
    r = api.client.get("/api/v1/sync/wait", params={"since": start["cursor"], "timeout": 0},
                       headers=api.headers(user) | {DEVICE_HEADER: DESK_B})
    assert r.json()["changed"] is True


def test_a_flag_answers_the_entry_and_the_customers_items(api: Api) -> None:
    user = api.account("agent")["username"]
    start = api.pull_all(user)
    item = next(iter(start["queue_items"].values()))
    flag = {"kind": "dnc", "action_id": "flag-0000000001", "reason": "asked",
            "created_at": "2026-11-23T04:00:00+00:00", "customer_id": item["customer"]["id"]}
    answer = push(api, user, [flag], DESK_A)
    assert answer["results"][0]["status"] == "accepted"
    assert [d["customer_id"] for d in answer["dnc"]] == [item["customer"]["id"]]
    assert item["id"] in {q["id"] for q in answer["queue_items"]}
    assert all(q["status"] == "closed" for q in answer["queue_items"])
    mine = pull(api, user, start["cursor"], DESK_A)
    assert mine["dnc"] == [] and mine["queue_items"] == []
    assert pull(api, user, start["cursor"], DESK_B)["dnc"], "the agent's other desktop"
    lead = api.account("team_lead")["username"]
    assert pull(api, lead, 0, DESK_A)["dnc"], "another user never misses it"


def test_a_bad_device_id_is_refused_with_a_message(api: Api) -> None:
    user = api.account("agent")["username"]
    r = api.client.get("/api/v1/sync/pull", params={"since": 0},
                       headers=api.headers(user) | {DEVICE_HEADER: "no spaces allowed!"})
    assert r.status_code == 422 and r.json()["message"]


def test_the_answer_is_the_state_another_desktop_pulls(api: Api) -> None:
    """Every kind of plain outcome in one batch (a callback given in +08:00, a sale, two
    calls of one customer, a replay of an earlier action, a rejected one): each item in the
    answer is, field for field, what the agent's other desktop then pulls."""
    user = api.account("agent")["username"]
    start = api.pull_all(user)
    items = sorted((q for q in start["queue_items"].values() if q["status"] != "closed"),
                   key=lambda q: (q["attempts"], q["id"]))  # (room for two more calls)
    earlier = outcome(items[3], "no_answer")
    assert push(api, user, [earlier], DESK_A)["results"][0]["status"] == "accepted"
    seen = pull(api, user, start["cursor"], DESK_B)  # the other desktop, after it
    cursor = seen["cursor"]
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).astimezone(timezone(timedelta(hours=8)))
    answer = push(api, user, [
        outcome(items[0], "callback", callback_at=tomorrow.replace(microsecond=123456)
                .isoformat()),
        outcome(items[1], "accepted", offer_id=items[1]["recommendations"][0]["offer_id"]),
        outcome(items[2], "no_answer"),
        outcome(items[2], "busy"),  # the same customer twice, offline: the second counts too
        earlier,
        outcome(items[4], "no_answer") | {"campaign_id": "no-such-campaign"},
    ], DESK_A)
    assert [r["status"] for r in answer["results"]] == ["accepted"] * 5 + ["rejected"]
    assert answer["results"][4]["duplicate"]
    answered = {q["id"]: q for q in answer["queue_items"]}
    assert set(answered) == {i["id"] for i in items[:4]}
    assert answered[items[0]["id"]]["status"] == "callback"
    assert answered[items[2]["id"]]["attempts"] == items[2]["attempts"] + 2
    pulled = {q["id"]: q for q in pull(api, user, cursor, DESK_B)["queue_items"]}
    for item_id, state in answered.items():
        if item_id != items[3]["id"]:  # (unchanged by this batch: not pulled again)
            assert pulled[item_id] == state, item_id
    [replayed] = [q for q in seen["queue_items"] if q["id"] == items[3]["id"]]
    assert answered[items[3]["id"]] == replayed


def _open_items(api: Api, user: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    start = api.pull_all(user)
    return start, sorted((q for q in start["queue_items"].values()
                          if q["status"] != "closed" and q["recommendations"]),
                         key=lambda q: (q["attempts"], q["id"]))


def test_a_plain_batch_answers_the_history_it_leaves(api: Api) -> None:
    """A batch of outcomes without offers, whose customers already have history (a
    call-back with an offer, a call without a start time) and whose agent was renamed
    since the token was cached: each answered item, history included, is what another
    desktop pulls (the history is not read back but built: the next test)."""
    user = api.account("agent")["username"]
    start, items = _open_items(api, user)
    later = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
    offered = outcome(items[0], "callback", callback_at=later,
                      offer_id=items[0]["recommendations"][0]["offer_id"])
    earlier = outcome(items[1], "no_answer", call_started_at=None)
    assert [r["status"] for r in push(api, user, [offered, earlier], DESK_A)["results"]] == \
        ["accepted"] * 2
    cursor = pull(api, user, start["cursor"], DESK_B)["cursor"]
    with create_engine(api.db_url).begin() as conn:
        conn.execute(text("UPDATE users SET display_name = 'Renamed Agent' "
                          "WHERE username = :u"), {"u": user})
    east = datetime.now(UTC).astimezone(timezone(timedelta(hours=8)))
    answer = push(api, user, [
        outcome(items[0], "busy"),
        outcome(items[1], "no_answer", call_started_at=east.replace(microsecond=654321)
                .isoformat()),
        outcome(items[2], "no_answer"), outcome(items[2], "busy"),
        outcome(items[3], "no_answer") | {"campaign_id": "no-such-campaign"},
    ], DESK_A)
    assert [r["status"] for r in answer["results"]] == ["accepted"] * 4 + ["rejected"]
    answered = {q["id"]: q for q in answer["queue_items"]}
    assert set(answered) == {i["id"] for i in items[:3]}
    pulled = {q["id"]: q for q in pull(api, user, cursor, DESK_B)["queue_items"]}
    for item_id, state in answered.items():
        assert pulled[item_id] == state, item_id
    first = answered[items[0]["id"]]["history"]
    assert [(h["disposition"], h["agent_name"]) for h in first[:2]] == [
        ("busy", "Renamed Agent"), ("callback", "Renamed Agent")]  # (names as they are now)
    assert first[1]["offer_code"] and not first[0]["offer_code"]
    assert [h["disposition"] for h in answered[items[2]["id"]]["history"][:2]] in (
        ["busy", "no_answer"], ["no_answer", "busy"])


def test_a_plain_batch_knows_its_history_without_reading_it_back(api: Api) -> None:
    """A batch of plain outcomes reads its customers' history in its first statement
    (on PostgreSQL and SQLite, whose JSON differ) and adds the records it stores
    (sync._batch_history): in its transaction, after its writes, that is exactly what
    reading the history gives, its times on the server's clock (this desktop's is a day
    fast). A batch with a sale reads it back (its order's state is the verification's)."""
    username = api.account("agent")["username"]
    _, items = _open_items(api, username)
    push(api, username, [outcome(items[0], "accepted",
                                 offer_id=items[0]["recommendations"][0]["offer_id"])], DESK_A)
    factory = session_factory(api.client.app.state.engine)  # type: ignore[attr-defined]
    customers = {i["customer"]["id"] for i in items[:3]}

    def batch(actions: list[dict[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        with factory() as s:
            user = s.scalars(select(m.User).where(m.User.username == username)).one()

            def answer(results: list[ActionResult]) -> None:
                assert all(r.status == "accepted" for r in results), results
                seen["built"] = s.info.get(sync.BATCH_HISTORY)
                seen["read"] = serialize.history_by_customer(s, customers)

            sync.push(factory, user, [OutcomeAction.model_validate(a) for a in actions],
                      session=s, answer=answer)
        return seen

    day_ahead = datetime.now(UTC) + timedelta(days=1)  # a desktop whose clock is a day fast
    seen = batch([outcome(items[0], "busy"),
                  outcome(items[1], "no_answer", created_at=day_ahead.isoformat(),
                          call_started_at=day_ahead.isoformat(), clock_offset_seconds=-86400.0),
                  outcome(items[2], "callback", callback_at=(
                      datetime.now(UTC) + timedelta(days=1)).isoformat()),
                  outcome(items[2], "no_answer", call_started_at=None)])
    built = {cid: [HistoryEntry(**h) for h in entries]
             for cid, entries in seen["built"].items()}
    assert set(built) == customers
    for cid in customers:
        assert [h.at for h in built[cid]] == sorted((h.at for h in built[cid]), reverse=True)
        assert sorted(built[cid], key=lambda h: (h.at, h.id)) == \
            sorted(seen["read"][cid], key=lambda h: (h.at, h.id)), cid
    assert sum(len(v) for v in built.values()) == 5, "the sale and the batch's four"
    with_sale = batch([outcome(items[1], "accepted",
                               offer_id=items[1]["recommendations"][0]["offer_id"])])
    assert with_sale["built"] is None


def test_a_call_on_a_closed_item_reaches_the_agents_other_desktop(api: Api) -> None:
    """An offline desktop's call replayed after the item closed (a sale made meanwhile)
    changes the item's history, not its state: the other desktop still pulls it."""
    user = api.account("agent")["username"]
    start = api.pull_all(user)
    item = next(q for q in start["queue_items"].values() if q["status"] != "closed")
    sold = push(api, user, [outcome(item, "not_interested")], DESK_A)
    assert sold["queue_items"][0]["status"] == "closed"
    cursor = pull(api, user, start["cursor"], DESK_B)["cursor"]
    late = outcome(item, "busy")
    answer = push(api, user, [late], DESK_A)
    assert answer["results"][0]["status"] == "accepted"
    [state] = answer["queue_items"]
    assert late["action_id"] in {h["id"] for h in state["history"]}
    [pulled] = pull(api, user, cursor, DESK_B)["queue_items"]
    assert pulled == state
    assert pull(api, user, cursor, DESK_A)["queue_items"] == [], "no echo"


def _second_item(api: Api, item: dict[str, Any], username: str, *, status: str = "open"
                 ) -> str:
    """A queue item of the same customer in another campaign, in `username`'s queue."""
    return add_item(api.db_url, item["customer"]["id"], username,
                    not_in_campaign=item["campaign_id"], status=status)


def test_a_call_reaches_the_customers_items_in_other_queues(api: Api) -> None:
    """The history is the customer's: a call made from one queue is pulled with every open
    item of the customer in anyone's queue (their contact caps count it), even though those
    items did not change; a closed one is not sent again."""
    first, second = api.account("agent", 0), api.account("agent", 1)
    start = api.pull_all(first["username"])
    item = next(q for q in start["queue_items"].values() if q["status"] != "closed")
    theirs = _second_item(api, item, second["username"])
    closed = _second_item(api, item, second["username"], status="closed")
    mine_too = _second_item(api, item, first["username"])
    cursor2 = api.pull_all(second["username"])["cursor"]
    cursor1 = pull(api, first["username"], start["cursor"], DESK_B)["cursor"]

    call = outcome(item, "no_answer")
    answer = push(api, first["username"], [call], DESK_A)
    assert answer["results"][0]["status"] == "accepted"

    got = pull(api, second["username"], cursor2, None)["queue_items"]
    assert [q["id"] for q in got] == [theirs], "the open item only, not the closed one"
    assert call["action_id"] in {h["id"] for h in got[0]["history"]}
    assert got[0]["attempts"] == 0, "its own state is unchanged"
    other_desk = {q["id"]: q for q in pull(api, first["username"], cursor1, DESK_B)
                  ["queue_items"]}
    assert set(other_desk) == {item["id"], mine_too}, "the caller's other desktop"
    assert all(call["action_id"] in {h["id"] for h in q["history"]}
               for q in other_desk.values())
    assert closed not in other_desk
