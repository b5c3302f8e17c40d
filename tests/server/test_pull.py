"""Pull: who sees what, pagination and cursors, reassignment."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from server.db import make_engine
from server.models import Script
from server.orm import session_factory
from server.quick_pull import empty_answer
from tests.server.conftest import Api
from wire.schema import PullResponse


def test_agent_pulls_only_own_queue_with_customer_history_and_reasons(api: Api) -> None:
    a1, a2 = api.account("agent", 0), api.account("agent", 1)
    me1 = api.client.get("/api/v1/me", headers=api.headers(a1["username"])).json()
    view1, view2 = api.pull_all(a1["username"]), api.pull_all(a2["username"])
    items1, items2 = view1["queue_items"], view2["queue_items"]
    assert items1 and items2
    assert {q["agent_id"] for q in items1.values()} == {me1["id"]}
    assert not set(items1) & set(items2), "no agent receives another agent's item"
    assert all(q["status"] != "closed" for q in items1.values())
    assert len(view1["campaigns"]) == 3 and len(view1["offers"]) == 9
    assert view1["dnc"] and all(len(d["phone_hash"]) == 64 for d in view1["dnc"])
    assert all(q["recommendations"] and q["recommendations"][0]["reason_zh"]
               for q in items1.values())
    with_history = [q for q in items1.values() if q["history"]]
    assert with_history, "the demo has earlier attempts"
    h = with_history[0]["history"]
    assert [e["at"] for e in h] == sorted((e["at"] for e in h), reverse=True)
    assert h[0]["agent_name"] and h[0]["campaign_code"]


def test_scripts_only_latest_version_is_sent_older_kept(api: Api) -> None:
    view = api.pull_all(api.account("agent")["username"])
    by_campaign = {s["campaign_id"]: s for s in view["scripts"]}
    assert len(view["scripts"]) == len(by_campaign) == 3
    assert sorted(s["version"] for s in view["scripts"]) == [1, 1, 2]
    assert any(st["mandatory"] for st in view["scripts"][0]["steps"])
    engine = make_engine(api.db_url)
    with session_factory(engine)() as s:
        assert s.scalar(select(func.count()).select_from(Script)) == 4
    engine.dispose()


def test_qa_gets_reference_data_only_lead_gets_teams(api: Api) -> None:
    qa = api.pull_all(api.account("qa")["username"])
    assert qa["queue_items"] == {} and qa["campaigns"] and qa["dnc"]
    lead = api.pull_all(api.account("team_lead")["username"])
    agents = {api.client.get("/api/v1/me", headers=api.headers(a["username"])).json()["id"]
              for a in api.accounts if a["role"] == "agent"}
    assert {q["agent_id"] for q in lead["queue_items"].values()} == agents


def test_pagination_cursor_covers_everything_exactly(api: Api) -> None:
    user = api.account("agent", 2)["username"]
    whole = api.pull_all(user)
    paged = api.pull_all(user, limit=7)
    assert paged["pages"] > 3
    assert paged["cursor"] == whole["cursor"]
    assert set(paged["queue_items"]) == set(whole["queue_items"])
    assert len(paged["offers"]) == len(whole["offers"])
    # Nothing new: an empty page that keeps the cursor.
    r = api.client.get("/api/v1/sync/pull", params={"since": whole["cursor"]},
                       headers=api.headers(user)).json()
    assert r["cursor"] == whole["cursor"] and not r["has_more"] and not r["queue_items"]


def test_reassignment_removes_from_old_and_adds_to_new(api: Api) -> None:
    a1, a2, a3 = (api.account("agent", i)["username"] for i in range(3))
    v1, v2 = api.pull_all(a1), api.pull_all(a2)
    item_id = next(iter(v1["queue_items"]))
    a2_id = api.client.get("/api/v1/me", headers=api.headers(a2)).json()["id"]
    r = api.client.post(f"/api/v1/queue/{item_id}/assign", json={"agent_id": a2_id},
                        headers=api.headers(api.account("team_lead")["username"]))
    assert r.status_code == 200, r.text
    assert r.json()["agent_id"] == a2_id
    after1 = api.pull_all(a1, since=v1["cursor"])
    assert after1["removed"] == [item_id] and not after1["queue_items"]
    after2 = api.pull_all(a2, since=v2["cursor"])
    assert list(after2["queue_items"]) == [item_id]
    # The old agent's call made offline before the move still counts; a stranger's doesn't.
    from tests.server.conftest import outcome

    item = v1["queue_items"][item_id]
    assert api.push(a1, [outcome(item)])[0]["status"] == "accepted"
    res = api.push(a3, [outcome(item)])[0]
    assert res["status"] == "rejected" and res["code"] == "not_your_item"


def test_a_cached_tokens_pull_answers_what_the_regular_pull_answers(api: Api) -> None:
    """The second pull of a token is served from the cache in one raw statement
    (server.quick_pull); its answers, with and without something new, are the regular
    path's (the first pull of a token is regular: it puts the token in the cache)."""
    user = api.account("agent", 1)["username"]
    regular = api.client.get("/api/v1/sync/pull", params={"since": 0, "limit": 5},
                             headers=api.headers(user)).json()
    quick = api.client.get("/api/v1/sync/pull", params={"since": 0, "limit": 5},
                           headers=api.headers(user)).json()
    assert regular.pop("server_time") and quick.pop("server_time")
    assert quick == regular and quick["has_more"]
    whole = api.pull_all(user)
    empty = api.client.get("/api/v1/sync/pull", params={"since": whole["cursor"]},
                           headers=api.headers(user))
    assert empty.status_code == 200 and empty.headers["content-type"] == "application/json"
    body = empty.json()
    assert PullResponse.model_validate(body).model_dump(mode="json") == body
    assert body["cursor"] == whole["cursor"] and not body["has_more"]
    ahead = api.client.get("/api/v1/sync/pull", params={"since": whole["cursor"] + 1000},
                           headers=api.headers(user))
    assert ahead.status_code == 409 and ahead.json()["code"] == "cursor_ahead"


@pytest.mark.parametrize("generation", [None, "0123456789abcdef0123456789abcdef"])
@pytest.mark.parametrize("at", [datetime(2026, 12, 3, 16, 7, 31, 79262, tzinfo=UTC),
                                datetime(2026, 12, 3, 16, 7, 31, tzinfo=UTC)])
def test_the_empty_answer_is_written_as_the_model_writes_it(
        generation: str | None, at: datetime) -> None:
    for cursor, has_more, compacted in ((0, False, 0), (812, True, 17)):
        model = PullResponse(cursor=cursor, has_more=has_more, server_time=at,
                             generation=generation, compacted_through=compacted)
        assert empty_answer(cursor=cursor, has_more=has_more, server_time=at,
                            generation=generation, compacted_through=compacted
                            ) == model.model_dump_json().encode()
