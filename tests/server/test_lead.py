"""Team lead workspace on the server: the monitor's figures, the queue actions, the role
checks (a lead sees only their own teams; agents and quality checkers are refused)."""

from __future__ import annotations

import secrets
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from server import models as m
from server.auth import hash_password
from server.db import make_engine, utcnow
from server.lead import stats
from server.lead.models import OutcomeConflict, StatsAgentHour, StatsCampaign
from server.orm import session_factory
from tests.server.conftest import Api, outcome

LEAD = "lead1"


def _open_items(api: Api, username: str) -> list[dict[str, Any]]:
    items = api.pull_all(username)["queue_items"].values()
    return sorted((q for q in items if q["status"] == "open"), key=lambda q: q["id"])


def _monitor(api: Api, username: str = LEAD, **params: Any) -> dict[str, Any]:
    r = api.client.get("/api/v1/lead/monitor", params=params, headers=api.headers(username))
    assert r.status_code == 200, r.text
    return dict(r.json())


def _post(api: Api, path: str, body: dict[str, Any], username: str = LEAD) -> Any:
    return api.client.post(f"/api/v1/lead/{path}", json=body, headers=api.headers(username))


def _agent_row(mon: dict[str, Any], username: str, api: Api) -> dict[str, Any]:
    name = next(a["display_name"] for a in api.accounts if a["username"] == username)
    return next(r for r in mon["agents"] if r["name"] == name)


def _ids(api: Api) -> dict[str, str]:
    engine = make_engine(api.db_url)
    with session_factory(engine)() as s:
        ids = dict(tuple(r) for r in s.execute(select(m.User.username, m.User.id)))
    engine.dispose()
    return ids


def _sale(api: Api, item: dict[str, Any]) -> dict[str, Any]:
    offer = item["recommendations"][0]["offer_id"]
    return outcome(item, "accepted", offer_id=offer, talk_seconds=200,
                   disclosures_ticked=["all"])


def test_monitor_counts_what_agents_record_and_matches_a_full_recount(api: Api) -> None:
    before = _agent_row(_monitor(api), "agent1", api)
    items = _open_items(api, "agent1")
    batch = [outcome(items[0], "no_answer"), outcome(items[1], "busy"),
             outcome(items[2], "not_interested", objection="price", talk_seconds=60),
             _sale(api, items[3])]
    assert [r["status"] for r in api.push("agent1", batch)] == ["accepted"] * 4

    after = _agent_row(_monitor(api), "agent1", api)
    assert after["calls"] - before["calls"] == 4
    assert after["reached"] - before["reached"] == 2
    # A sale counts once verified (issue 21): until then it awaits verification.
    assert after["successes"] - before["successes"] == 0
    assert after["sales_awaiting"] - before["sales_awaiting"] == 1
    assert after["talk_seconds"] - before["talk_seconds"] == 260
    # The sale and the refusal close their items (others may close on their last attempt).
    still = [q for q in api.pull_all("agent1")["queue_items"].values() if q["status"] != "closed"]
    assert after["queue_left"] == len(still) <= before["queue_left"] - 2
    assert after["last_sync_at"] is not None and after["state"] == "idle"

    # The incremental roll-ups equal a recount from call_outcomes.
    engine = make_engine(api.db_url)
    with session_factory(engine)() as s:
        def snapshot() -> tuple[set[Any], set[Any]]:
            return (set(s.execute(select(StatsAgentHour.hour, StatsAgentHour.agent_id,
                                         StatsAgentHour.campaign_id, StatsAgentHour.disposition,
                                         StatsAgentHour.calls, StatsAgentHour.talk_seconds))),
                    set(s.execute(select(StatsCampaign.campaign_id, StatsCampaign.agent_id,
                                         StatsCampaign.value_tier, StatsCampaign.offer_id,
                                         StatsCampaign.disposition, StatsCampaign.calls))))
        incremental = snapshot()
        counted = stats.rebuild(s)
        assert counted == s.scalar(select(func.count()).select_from(m.CallOutcome))
        assert snapshot() == incremental
        s.rollback()
    engine.dispose()


def test_campaign_figures_by_tier_and_offer_add_up(api: Api) -> None:
    mon = _monitor(api)
    assert mon["campaigns"], "the demo has history"
    for c in mon["campaigns"]:
        # "accepted" in the mix = the sales that stand; awaiting and reversed beside it
        assert sum(c["outcome_mix"].values()) + c["sales_awaiting"] + c["sales_reversed"] \
            == c["calls"]
        assert c["outcome_mix"].get("accepted", 0) == c["successes"]
        assert sum(t["d"] for t in c["by_tier"].values()) == c["reached"]
        assert sum(t["n"] for t in c["by_tier"].values()) == c["successes"]
        assert sum(o["n"] for o in c["by_offer"].values()) == c["successes"]
        assert 0 <= c["worked"] <= c["total"]
    agents = {r["name"] for r in mon["agents"]}
    assert len(agents) == 8  # lead1 leads both demo teams
    hours = [h["hour"] for h in mon["hours"]]
    assert hours == sorted(hours) and len(set(hours)) == len(hours)
    # the hourly chart counts what the agents' rows count: confirmed sales, awaiting apart
    assert sum(h["successes"] for h in mon["hours"]) == sum(r["successes"] for r in mon["agents"])
    assert sum(h["sales_awaiting"] for h in mon["hours"]) == mon["sales_awaiting"] == \
        sum(r["sales_awaiting"] for r in mon["agents"])
    assert sum(mon["outcome_mix"].values()) + mon["sales_awaiting"] + mon["sales_reversed"] \
        == sum(h["calls"] for h in mon["hours"])


@pytest.mark.parametrize("role", ["agent", "qa"])
def test_agents_and_quality_checkers_are_refused(api: Api, role: str) -> None:
    user = api.account(role)["username"]
    item = _open_items(api, "agent1")[0]
    ids = _ids(api)
    assert api.client.get("/api/v1/lead/monitor", headers=api.headers(user)).status_code == 403
    assert api.client.get("/api/v1/lead/queue", headers=api.headers(user)).status_code == 403
    for path, body in [("reassign", {"item_ids": [item["id"]], "agent_id": ids["agent2"]}),
                       ("priority", {"item_ids": [item["id"]], "priority": 9}),
                       ("queue-pause", {"agent_id": ids["agent2"], "paused": True}),
                       ("rebalance", {"campaign_id": item["campaign_id"],
                                      "agent_ids": [ids["agent2"]]}),
                       ("rebalance/preview", {"campaign_id": item["campaign_id"],
                                              "agent_ids": [ids["agent2"]]})]:
        assert _post(api, path, body, user).status_code == 403, path
    assert api.client.get("/api/v1/lead/monitor").status_code == 401


def test_a_lead_sees_and_moves_only_their_own_teams(api: Api) -> None:
    # A second lead who takes over Team B.
    engine = make_engine(api.db_url)
    password = secrets.token_urlsafe(8)
    with session_factory(engine)() as s:
        team_b = s.scalars(select(m.Team).where(m.Team.name.like("Team B%"))).one()
        lead2 = m.User(username="lead2", display_name="Lead Two", role="team_lead",
                       password_hash=hash_password(password), active=True,
                       created_at=utcnow())
        s.add(lead2)
        s.flush()
        team_b.lead_user_id = lead2.id
        team_b_id, team_a_id = team_b.id, s.scalars(
            select(m.Team.id).where(m.Team.name.like("Team A%"))).one()
        s.commit()
    engine.dispose()
    api.accounts.append({"username": "lead2", "password": password, "role": "team_lead",
                         "display_name": "Lead Two"})
    ids = _ids(api)

    mine = _monitor(api, "lead2")
    assert [t["id"] for t in mine["teams"]] == [team_b_id]
    assert {r["team"] for r in mine["agents"]} == {"Team B / 二组"}
    r = api.client.get("/api/v1/lead/monitor", params={"team_id": team_a_id},
                       headers=api.headers("lead2"))
    assert r.status_code == 403
    # Team A's agent1 is not lead2's: neither the item nor the agent may be touched.
    a1_item = _open_items(api, "agent1")[0]
    assert _post(api, "reassign", {"item_ids": [a1_item["id"]], "agent_id": ids["agent5"]},
                 "lead2").status_code == 403
    a5_item = _open_items(api, "agent5")[0]
    assert _post(api, "reassign", {"item_ids": [a5_item["id"]], "agent_id": ids["agent1"]},
                 "lead2").status_code == 403
    assert _post(api, "queue-pause", {"agent_id": ids["agent1"], "paused": True},
                 "lead2").status_code == 403
    q = api.client.get("/api/v1/lead/queue", headers=api.headers("lead2")).json()
    assert q["items"] and {i["agent_id"] for i in q["items"]} <= {
        ids[f"agent{n}"] for n in (5, 6, 7, 8)}
    assert all("****" in i["phone_masked"] for i in q["items"])


def test_reassign_moves_items_between_desktops_and_is_audited(api: Api) -> None:
    ids = _ids(api)
    cursor2 = api.pull_all("agent2")["cursor"]
    moving = [i["id"] for i in _open_items(api, "agent1")[:3]]
    r = _post(api, "reassign", {"item_ids": moving, "agent_id": ids["agent2"]})
    assert r.status_code == 200 and r.json()["changed"] == 3
    assert not set(moving) & {i["id"] for i in _open_items(api, "agent1")}
    arrived = api.pull_all("agent2", since=cursor2)["queue_items"]
    assert set(moving) <= set(arrived)
    engine = make_engine(api.db_url)
    with session_factory(engine)() as s:
        audits = s.scalars(select(m.AuditLog).where(m.AuditLog.action == "queue.reassign",
                                                    m.AuditLog.entity_id.in_(moving))).all()
        assert {a.actor_id for a in audits} == {ids[LEAD]} and len(audits) == 3
    engine.dispose()


def test_rebalance_evens_a_campaign_and_keeps_promised_call_backs(api: Api) -> None:
    ids = _ids(api)
    items = _open_items(api, "agent1")
    campaign = items[0]["campaign_id"]
    promised = next(i for i in items if i["campaign_id"] == campaign)
    cb = (datetime.now(UTC) + timedelta(hours=2)).replace(hour=12, minute=0)
    res = api.push("agent1", [outcome(promised, "callback", callback_at=cb.isoformat())])
    assert res[0]["status"] == "accepted"
    chosen = [ids["agent2"], ids["agent3"], ids["agent4"]]
    before = api.client.get("/api/v1/lead/queue", params={"campaign_id": campaign},
                            headers=api.headers(LEAD)).json()["items"]
    pv = _post(api, "rebalance/preview", {"campaign_id": campaign, "agent_ids": chosen})
    assert pv.status_code == 200, pv.text
    preview = pv.json()
    unchanged = api.client.get("/api/v1/lead/queue", params={"campaign_id": campaign},
                               headers=api.headers(LEAD)).json()["items"]
    assert unchanged == before, "a preview changes nothing"
    r = _post(api, "rebalance", {"campaign_id": campaign, "agent_ids": chosen})
    assert r.status_code == 200, r.text
    assert (r.json()["changed"], r.json()["skipped"]) == (preview["moved"], preview["kept"])
    after = api.client.get("/api/v1/lead/queue", params={"campaign_id": campaign},
                           headers=api.headers(LEAD)).json()["items"]
    owner = {i["item_id"]: i["agent_id"] for i in before}
    moved = Counter((owner[i["item_id"]], i["agent_id"]) for i in after
                    if owner.get(i["item_id"]) not in (None, i["agent_id"]))
    assert moved == Counter({(mv["from_agent_id"], mv["to_agent_id"]): mv["items"]
                             for mv in preview["moves"]}), "the preview is what happened"
    assert all(mv["from_name"] and mv["to_name"] for mv in preview["moves"])
    assert r.json()["skipped"] >= 1  # the call-back stays with agent1
    q = api.client.get("/api/v1/lead/queue", params={"campaign_id": campaign},
                       headers=api.headers(LEAD)).json()["items"]
    movable = Counter(i["agent_id"] for i in q if i["callback_at"] is None)
    assert set(movable) <= set(chosen)
    assert max(movable.values()) - min(movable.values()) <= 1
    assert any(i["item_id"] == promised["id"] and i["agent_id"] == ids["agent1"] for i in q)
    # Again: already even, nothing moves.
    again = _post(api, "rebalance", {"campaign_id": campaign, "agent_ids": chosen}).json()
    assert again["changed"] == 0


def test_priority_and_queue_pause_reach_the_agents_pull(api: Api) -> None:
    ids = _ids(api)
    cursor = api.pull_all("agent3")["cursor"]
    item = _open_items(api, "agent3")[-1]
    r = _post(api, "priority", {"item_ids": [item["id"]], "priority": 99})
    assert r.status_code == 200 and r.json()["changed"] == 1
    r = _post(api, "queue-pause", {"agent_id": ids["agent3"], "paused": True,
                                   "reason": "coaching at 3"})
    assert r.status_code == 200
    page = api.client.get("/api/v1/sync/pull", params={"since": cursor},
                          headers=api.headers("agent3")).json()
    assert [q["priority"] for q in page["queue_items"] if q["id"] == item["id"]] == [99]
    (control,) = page["controls"]
    assert control["paused"] and control["reason"] == "coaching at 3"
    assert control["agent_id"] == ids["agent3"] and control["changed_by"]
    assert _agent_row(_monitor(api), "agent3", api)["queue_paused"] is True
    # agent4 does not get agent3's control.
    assert not api.client.get("/api/v1/sync/pull", params={"since": cursor},
                              headers=api.headers("agent4")).json()["controls"]
    _post(api, "queue-pause", {"agent_id": ids["agent3"], "paused": False})
    assert _agent_row(_monitor(api), "agent3", api)["queue_paused"] is False
    engine = make_engine(api.db_url)
    with session_factory(engine)() as s:
        acts = [a.action for a in s.scalars(select(m.AuditLog).where(
            m.AuditLog.entity_id.in_([item["id"], ids["agent3"]]),
            m.AuditLog.action.like("queue.%")).order_by(m.AuditLog.id))]
        assert acts == ["queue.priority", "queue.pause", "queue.resume"]
    engine.dispose()


def test_presence_paused_with_its_length_and_idle_alert(api: Api) -> None:
    t0 = datetime.now(UTC) - timedelta(minutes=7)
    pause = {"kind": "agent_state", "action_id": secrets.token_hex(16),
             "created_at": t0.isoformat(), "state": "paused", "reason": "training"}
    assert api.push("agent2", [pause])[0]["status"] == "accepted"
    row = _agent_row(_monitor(api), "agent2", api)
    assert row["state"] == "paused" and row["state_reason"] == "training"
    since = datetime.fromisoformat(row["state_since"])
    assert abs((since - t0).total_seconds()) < 2
    # Available for 30 minutes without a call: an idle alert at the default 10 minutes.
    back = dict(pause, action_id=secrets.token_hex(16), state="available", reason=None,
                created_at=(datetime.now(UTC) - timedelta(minutes=30)).isoformat())
    api.push("agent6", [back])
    mon = _monitor(api)
    idle = [a for a in mon["alerts"] if a["kind"] == "idle"]
    assert any(a["agent_name"] == _agent_row(mon, "agent6", api)["name"] for a in idle)
    assert not [a for a in _monitor(api, idle_minutes=60)["alerts"]
                if a["kind"] == "idle" and a["agent_name"] ==
                _agent_row(mon, "agent6", api)["name"]]
    # Never synced: offline.
    assert _agent_row(mon, "agent8", api)["state"] == "offline"


def test_two_agents_on_one_item_are_both_kept_and_the_later_flagged(api: Api) -> None:
    ids = _ids(api)
    # An untouched item: one "no answer" must not use up its last attempt and close it.
    item = next(i for i in _open_items(api, "agent1") if i["attempts"] == 0)
    earlier = outcome(item, "no_answer",
                      created_at=(datetime.now(UTC) - timedelta(minutes=5)).isoformat())
    assert api.push("agent1", [earlier])[0]["status"] == "accepted"
    assert _post(api, "reassign", {"item_ids": [item["id"]],
                                   "agent_id": ids["agent2"]}).status_code == 200
    later = outcome(item, "busy")
    assert api.push("agent2", [later])[0]["status"] == "accepted"
    engine = make_engine(api.db_url)
    with session_factory(engine)() as s:
        kept = s.scalars(select(m.CallOutcome.id).where(
            m.CallOutcome.queue_item_id == item["id"])).all()
        assert {earlier["action_id"], later["action_id"]} <= set(kept)
        (flag,) = s.scalars(select(OutcomeConflict).where(
            OutcomeConflict.queue_item_id == item["id"])).all()
        assert flag.outcome_id == later["action_id"]
        assert flag.earlier_outcome_id == earlier["action_id"]
    engine.dispose()
    alerts = [a for a in _monitor(api)["alerts"] if a["kind"] == "conflict"]
    assert alerts and alerts[-1]["agent_name"] == _agent_row(_monitor(api), "agent2",
                                                             api)["name"]


def test_bad_requests_are_rejected_whole(api: Api) -> None:
    ids = _ids(api)
    items = [i["id"] for i in _open_items(api, "agent1")[:2]]
    r = _post(api, "reassign", {"item_ids": [*items, "no-such-item"], "agent_id": ids["agent2"]})
    assert r.status_code == 404
    assert set(items) <= {i["id"] for i in _open_items(api, "agent1")}, "nothing half-moved"
    assert _post(api, "reassign", {"item_ids": items,
                                   "agent_id": ids["qa1"]}).status_code == 403
    assert _post(api, "priority", {"item_ids": items, "priority": 1000}).status_code == 422
    assert _post(api, "reassign", {"item_ids": [], "agent_id": ids["agent2"]}).status_code == 422


def _summary(api: Api, username: str = LEAD, **params: Any) -> Any:
    return api.client.get("/api/v1/lead/summary", params=params, headers=api.headers(username))


def test_daily_summary_per_agent_and_campaign_with_pause_time(api: Api) -> None:
    from server.lead.monitor import centre_tz

    t0 = datetime.now(UTC) - timedelta(minutes=30)
    # The pause may start on the centre's previous day (shortly after its midnight), so the
    # summary spans from the pause's day to today.
    start = t0.astimezone(centre_tz()).date().isoformat()
    today = datetime.now(UTC).astimezone(centre_tz()).date()
    day = today.isoformat()
    before = _summary(api, start=start, end=day).json()
    items = _open_items(api, "agent2")[:4]
    state = {"kind": "agent_state", "created_at": t0.isoformat(), "state": "paused",
             "reason": "break", "action_id": secrets.token_hex(16)}
    back = {**state, "created_at": (t0 + timedelta(minutes=12)).isoformat(),
            "state": "available", "reason": None, "action_id": secrets.token_hex(16)}
    batch = [_sale(api, items[0]), outcome(items[1], "not_interested", talk_seconds=40),
             outcome(items[2], "do_not_call", talk_seconds=20), outcome(items[3]),
             state, back]
    assert [r["status"] for r in api.push("agent2", batch)] == ["accepted"] * 6
    r = _summary(api, start=start, end=day)
    assert r.status_code == 200, r.text
    after = r.json()
    name = next(a["display_name"] for a in api.accounts if a["username"] == "agent2")

    def agent(doc: dict[str, Any]) -> dict[str, Any]:
        return next(a for a in doc["agents"] if a["name"] == name)

    a0, a1 = agent(before), agent(after)
    assert (a1["calls"] - a0["calls"], a1["reached"] - a0["reached"],
            a1["sales_awaiting"] - a0["sales_awaiting"], a1["dnc_flags"] - a0["dnc_flags"]
            ) == (4, 3, 1, 1)  # a sale counts in "sales" once verified (issue 21)
    assert a1["sales"] == a0["sales"]
    assert a1["talk_seconds"] - a0["talk_seconds"] == 260
    assert a1["pause_seconds"].get("break", 0) - a0["pause_seconds"].get("break", 0) == 720
    assert sum(c["calls"] for c in after["campaigns"]) == sum(a["calls"]
                                                              for a in after["agents"])
    camp = items[0]["campaign_id"]
    c1 = next(c for c in after["campaigns"] if c["campaign_id"] == camp)
    c0 = next((c for c in before["campaigns"] if c["campaign_id"] == camp),
              {"sales_awaiting": 0})
    assert c1["sales_awaiting"] - c0["sales_awaiting"] == 1 and c1["code"]
    # A range, and the bounds.
    week = _summary(api, start=(today - timedelta(days=6)).isoformat(), end=day).json()
    assert agent(week)["calls"] >= a1["calls"]
    assert _summary(api, start=day, end=(today - timedelta(days=1)).isoformat()
                    ).status_code == 422
    assert _summary(api, start=(today - timedelta(days=200)).isoformat(), end=day
                    ).status_code == 422
    assert _summary(api, "agent1", start=day, end=day).status_code == 403
    assert _summary(api, "qa1", start=day, end=day).status_code == 403
