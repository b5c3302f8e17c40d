"""A pull page's and a push answer's queue items are written to JSON without building
their wire models (server.serialize.WithItems.json): what it writes must be what the
validated models write, on both databases, for odd stored values too."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from server import models as m
from server import push_state, serialize, sync
from server.db import make_engine
from server.orm import session_factory
from server.push_body import PushBatch
from tests.server.conftest import Api, outcome
from wire.schema import PullResponse, PushResponse


def _oddities(db_url: str) -> None:
    """Customers with the nullable profile fields empty or full, and odd text."""
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as s:
            ids = list(s.scalars(select(m.QueueItem.customer_id)
                                 .order_by(m.QueueItem.id).limit(12)))
            s.execute(update(m.Customer).where(m.Customer.id == ids[0]).values(
                age_band="", package_history=None, contract_end=None, broadband_mbps=None,
                handset="", usage=[], value_added_services=[]))
            s.execute(update(m.Customer).where(m.Customer.id == ids[1]).values(
                age_band="65+", district="朝阳区", community='"Quoted" \\ 小区\n',
                broadband_mbps=1000, contract_end=date(2030, 12, 31), arpu_yuan=0.0,
                package_history=[{"since": "2024-01-01", "name": "旧套餐"},
                                 {"since": "2025-06-30", "name": "5G 畅享"}],
                value_added_services=["彩铃", "Caller ID \u2028"]))
            s.commit()
    finally:
        engine.dispose()


def _page_json(db_url: str, username: str, limit: int) -> list[tuple[bytes, PullResponse]]:
    engine = make_engine(db_url)
    try:
        out = []
        with session_factory(engine)() as s:
            user = s.scalars(select(m.User).where(m.User.username == username)).one()
            since = 0
            while True:
                page = sync.pull_page(s, user, since, limit)
                out.append((page.json(), page.model()))
                if not page.head.has_more:
                    return out
                since = page.head.cursor
    finally:
        engine.dispose()


def _same(written: bytes, model: PullResponse) -> None:
    assert json.loads(written) == json.loads(model.model_dump_json())
    assert PullResponse.model_validate_json(written) == model


def test_a_page_written_without_models_is_what_the_models_write(api: Api) -> None:
    db_url = api.db_url
    _oddities(db_url)
    agent = api.account("agent")["username"]
    items = list(api.pull_all(agent)["queue_items"].values())
    notes = 'Said "call me later"\nthen hung up \u00e9\u4e2d \\ \u2028'
    results = api.push(agent, [
        outcome(items[0], "not_interested", objection="price", notes=notes),
        outcome(items[1], "accepted", offer_id=items[1]["recommendations"][0]["offer_id"]),
    ])
    assert [r["status"] for r in results] == ["accepted", "accepted"], results
    for role in ("agent", "team_lead", "qa"):
        username = api.account(role)["username"]
        pages = _page_json(db_url, username, limit=7 if role == "agent" else 500)
        for written, model in pages:
            _same(written, model)
        if role != "qa":
            assert any(p.queue_items for _, p in pages), role
    # every item, closed ones too (a fresh desktop is not sent those): histories with
    # the objection, the notes and an order
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as s:
            dicts = serialize.queue_item_dicts(s, s.execute(serialize.ITEM_ROWS).all())
    finally:
        engine.dispose()
    models = serialize.ITEMS_OUT.validate_python(dicts)
    assert json.loads(serialize.items_json(dicts)) == json.loads(
        serialize.ITEMS_OUT.dump_json(models))
    odd = [qi for qi in models if qi.customer.community.startswith('"Quoted"')]
    assert odd and odd[0].customer.package_history[1].name == "5G 畅享"
    assert any(qi.customer.package_history == [] and qi.customer.contract_end is None
               for qi in models)
    history = [h for qi in models for h in qi.history]
    assert any(h.objection == "price" and h.notes == notes.strip() for h in history)
    assert any(h.order_state for h in history)


def test_the_route_answers_the_same_json(api: Api) -> None:
    agent = api.account("agent", 1)["username"]
    r = api.client.get("/api/v1/sync/pull", params={"since": 0, "limit": 500},
                       headers=api.headers(agent))
    assert r.status_code == 200
    served = PullResponse.model_validate_json(r.content)
    (_, model), *_ = _page_json(api.db_url, agent, 500)
    assert served.queue_items == model.queue_items and served.queue_items
    assert served.model_dump(exclude={"server_time"}) == model.model_dump(
        exclude={"server_time"})


def test_history_models_keep_their_order(seeded: tuple[str, dict[str, Any]]) -> None:
    db_url, _ = seeded
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as s:
            ids = list(s.scalars(select(m.CallOutcome.customer_id)))
            found = serialize.history_by_customer(s, ids)
            assert found
            for entries in found.values():
                assert [h.at for h in entries] == sorted((h.at for h in entries), reverse=True)
    finally:
        engine.dispose()


def test_a_push_answer_written_without_models_is_what_the_models_write(api: Api) -> None:
    _oddities(api.db_url)
    agent = api.account("agent")["username"]
    items = sorted(api.pull_all(agent)["queue_items"].values(), key=lambda i: i["id"])
    notes = 'Said "not now"\n\u00e9\u4e2d \\ \u2028'
    later = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    batch = PushBatch.model_validate({"actions": [
        outcome(items[0], "not_interested", objection="price", notes=notes),
        outcome(items[1], "callback", callback_at=later),
        outcome(items[2], "do_not_call"),
        outcome(items[3], "no_answer") | {"queue_item_id": "no-such-item"},
    ]})
    engine = make_engine(api.db_url)
    try:
        factory = session_factory(engine)
        with factory() as s:
            user = s.scalars(select(m.User).where(m.User.username == agent)).one()
            actions = batch.read()
            audience = sync.queue_audience(s, user)
            answers: list[serialize.WithItems[PushResponse]] = []
            sync.push(factory, user, actions, session=s, answer=lambda results: answers.append(
                push_state.answer(s, user, audience, actions, results)))
    finally:
        engine.dispose()
    written, model = answers[-1].json(), answers[-1].model()
    assert [r.status for r in model.results] == ["accepted"] * 3 + ["rejected"]
    assert {i.id for i in model.queue_items} >= {i["id"] for i in items[:3]}
    assert model.dnc, "the do-not-call outcome answers its entry"
    assert json.loads(written) == json.loads(model.model_dump_json())
    assert PushResponse.model_validate_json(written) == model
