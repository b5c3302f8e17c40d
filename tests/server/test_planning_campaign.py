"""plan-campaign (funnel checked against hand-computed counts), assign (spread, one active
assignment per customer, verification by another agent), DNC import closing queue items,
and the end-to-end path to an agent's pull, on SQLite and PostgreSQL."""

from __future__ import annotations

import multiprocessing
import os
import secrets
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server import models as m
from server.auth import hash_password
from server.db import make_engine, utcnow
from server.orm import session_factory
from server.planning import offers_rules, plan_parts, targeting
from server.planning.dnc_io import import_dnc
from server.planning.importing import import_customers
from server.planning.models import CampaignPlan, CampaignTarget, VerificationCall
from server.planning.targeting import plan_campaign
from tests.server.conftest import Api
from tests.server.loop_support import assign_approved, second_admin
from wire.schema import Role, phone_hash

DATA = Path(__file__).resolve().parents[1] / "data" / "planning"
SMALL = DATA / "customers_small.csv"
TODAY = date(2026, 11, 23)
# Hand-computed from customers_small.csv with the built-in DATAPK rules (see the file):
FUNNEL = [
    ("customers on file", 12, 0),
    ("still in the network", 11, 1),                   # C12 churned
    ("value tier A1-C", 10, 1),                         # C04 is tier D (score 16)
    ("plan fit C or D (over the plan)", 8, 2),          # C05 (A), C06 (B)
    ("over plan by 50 MB a month or more", 7, 1),       # C07: 9 MB a month
    ("not on the do-not-call list", 6, 1),              # C08 (dnc_registry.csv)
    ("not contacted in the last 90 days", 6, 0),
    ("does not hold the product already", 5, 1),        # C09 already on 5G 128
    ("not on an open call list", 5, 0),
    ("an offer matches", 4, 1),                         # C11: no month-on-month overage
]


@pytest.fixture
def session(db_url: str, tmp_path: Path) -> Iterator[Session]:
    engine = make_engine(db_url)
    with session_factory(engine)() as s:
        import_customers(s, SMALL, today=TODAY, report=tmp_path / "e.csv")
        import_dnc(s, DATA / "dnc_registry.csv", report=tmp_path / "d.csv")
        s.commit()
        yield s
    engine.dispose()


def _ext(s: Session, customer_id: str) -> str:
    return str(s.scalar(select(m.Customer.external_id).where(m.Customer.id == customer_id)))


def _team(s: Session, n_agents: int) -> tuple[m.Team, list[m.User]]:
    team = m.Team(name="Planning team")
    s.add(team)
    s.flush()
    agents = [m.User(username=f"pa{i}", display_name=f"Agent {i}", role=Role.AGENT.value,
                     team_id=team.id, password_hash=hash_password("x"), active=True,
                     created_at=utcnow()) for i in range(n_agents)]
    s.add_all(agents)
    s.flush()
    return team, agents


def test_funnel_matches_hand_computed_counts(session: Session) -> None:
    res = plan_campaign(session, offers_rules.builtin("DATAPK"), dry_run=True, today=TODAY)
    assert [(x.name, x.kept, x.dropped) for x in res.funnel] == FUNNEL
    got = [(_ext(session, t["customer_id"]), t["priority"]) for t in res.targets]
    assert got == [("C01", 73), ("C03", 65), ("C02", 63), ("C10", 53)]
    offers = {o.id: o.code for o in session.scalars(select(m.Offer))}
    c01 = res.targets[0]["recommendations"]
    assert [(offers[r["offer_id"]], r["rank"]) for r in c01] == [("DP3G", 1), ("UP128", 2),
                                                                  ("DP1G", 3)]
    assert c01[0]["reason"] == "3 months over plan by 2.1 GB on average -> 30 yuan 4G data pack"
    assert c01[0]["reason_zh"] == "近3个月平均超出套餐2.1GB -> 30元4G流量包"
    assert set(c01[0]) == {"offer_id", "rank", "reason", "reason_zh"}  # the wire shape
    session.rollback()
    assert session.scalar(select(func.count()).select_from(CampaignTarget)) == 0


def test_pages_of_a_few_customers_give_the_same_plan(session: Session,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The plan works the customers a page at a time and writes each page's targets while
    it reads the next (on PostgreSQL on a thread of its own): pages of two customers give
    the funnel, the targets and the saved plan that one page of all gives."""
    monkeypatch.setattr(targeting, "POOL_PAGE", 2)
    seen: list[int] = []
    res = plan_campaign(session, offers_rules.builtin("DATAPK"), today=TODAY,
                        progress=seen.append)
    assert [(x.name, x.kept, x.dropped) for x in res.funnel] == FUNNEL
    assert [(_ext(session, t["customer_id"]), t["priority"]) for t in res.targets] == [
        ("C01", 73), ("C03", 65), ("C02", 63), ("C10", 53)]
    assert seen == [0, 2, 4, 6, 8]  # the 8 that pass the SQL steps, by page
    session.commit()
    session.expire_all()
    plan = session.get(CampaignPlan, res.plan_id)
    assert plan is not None and plan.targets == 4
    assert [(f["step"], f["kept"], f["dropped"]) for f in plan.funnel] == FUNNEL
    saved = session.execute(select(CampaignTarget.customer_id, CampaignTarget.priority,
                                   CampaignTarget.recommendations)
                            .where(CampaignTarget.plan_id == plan.id)).all()
    assert sorted((c, p, r) for c, p, r in saved) == sorted(
        (t["customer_id"], t["priority"], t["recommendations"]) for t in res.targets)


def test_a_plan_stopped_after_pages_were_written_keeps_nothing(
        session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cancel (progress raising) after some pages' targets were written: the writes in
    flight end before the error reaches the caller, whose rollback leaves no plan and no
    target, and the session goes on working."""
    monkeypatch.setattr(targeting, "POOL_PAGE", 2)

    class Stop(Exception):
        pass

    def progress(read: int) -> None:
        if read >= 6:  # three pages worked, two of them with targets
            raise Stop

    with pytest.raises(Stop):
        plan_campaign(session, offers_rules.builtin("DATAPK"), today=TODAY,
                      progress=progress)
    session.rollback()
    assert session.scalar(select(func.count()).select_from(CampaignTarget)) == 0
    assert session.scalar(select(func.count()).select_from(CampaignPlan)) == 0
    res = plan_campaign(session, offers_rules.builtin("DATAPK"), today=TODAY)
    session.commit()
    assert session.scalar(select(func.count()).select_from(CampaignTarget)) == \
        len(res.targets) == 4


def test_worker_processes_give_the_same_plan(session: Session,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A large plan works its customers in worker processes, a part of the table each
    (plan_parts): the funnel, the targets and the saved rows are those of one process,
    with the table cut in more parts than it has pages."""
    monkeypatch.setattr(targeting, "POOL_PAGE", 2)
    rules = offers_rules.builtin("DATAPK")
    alone = plan_campaign(session, rules, dry_run=True, today=TODAY, workers=1)
    session.rollback()
    cut = plan_parts.parts(session, 3)
    assert cut is not None and len(cut) == 3
    seen: list[int] = []
    res = plan_campaign(session, rules, today=TODAY, workers=3, progress=seen.append)
    assert [(x.name, x.kept, x.dropped) for x in res.funnel] == FUNNEL
    def plain(targets: list[dict[str, Any]]) -> list[Any]:  # (offers made anew each run)
        return [(t["customer_id"], t["priority"], [(r["rank"], r["reason"], r["reason_zh"])
                                                   for r in t["recommendations"]])
                for t in targets]

    assert plain(res.targets) == plain(alone.targets) and len(res.targets) == 4
    assert seen[0] == 0 and seen[-1] == 8 and seen == sorted(seen)
    session.commit()
    saved = session.execute(select(CampaignTarget.customer_id, CampaignTarget.priority)
                            .where(CampaignTarget.plan_id == res.plan_id)).all()
    assert sorted(saved) == sorted((t["customer_id"], t["priority"]) for t in res.targets)


def test_a_cancel_ends_the_workers_at_once(session: Session,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A cancel while workers work (progress raising): they are stopped before the error
    leaves the plan, not when the caller lets the error go."""
    monkeypatch.setattr(targeting, "POOL_PAGE", 2)

    class Stop(Exception):
        pass

    def progress(read: int) -> None:
        if read:
            raise Stop

    with pytest.raises(Stop) as stopped:
        plan_campaign(session, offers_rules.builtin("DATAPK"), today=TODAY, workers=2,
                      progress=progress)
    assert stopped.value is not None and multiprocessing.active_children() == []
    session.rollback()
    assert session.scalar(select(func.count()).select_from(CampaignTarget)) == 0


def test_the_table_cut_in_parts_covers_every_customer_once(session: Session) -> None:
    customers = set(session.scalars(select(m.Customer.id)))
    for n in (2, 3, 5):
        cut = plan_parts.parts(session, n)
        assert cut is not None
        found = [set(session.scalars(select(m.Customer.id).where(c))) for c in cut]
        assert set().union(*found) == customers
        assert sum(len(f) for f in found) == len(customers)


def _raise(_c: dict[str, Any]) -> None:
    raise ValueError("no features for this one")


def _die(_c: dict[str, Any]) -> None:
    os._exit(9)  # a worker killed (out of memory, say): it sends nothing more


@pytest.mark.parametrize(("fail", "message"), [
    (_raise, "a plan worker failed: ValueError"),
    (_die, "a plan worker failed: it ended without sending its answers")])
def test_a_failing_worker_stops_the_plan_and_keeps_nothing(
        session: Session, monkeypatch: pytest.MonkeyPatch,
        fail: Callable[[dict[str, Any]], None], message: str) -> None:
    """A worker that fails (the features of one customer raise) or dies without a word
    ends the plan with an error in the planning process; the other workers are stopped,
    the writes end, and the caller's rollback keeps nothing."""
    monkeypatch.setattr(targeting, "POOL_PAGE", 2)
    real = targeting.features

    def features(c: dict[str, Any], today: date, **kw: Any) -> dict[str, Any]:
        if c["phone"].endswith("3"):
            fail(c)
        return real(c, today, **kw)

    monkeypatch.setattr(targeting, "features", features)
    with pytest.raises(RuntimeError, match=message):
        plan_campaign(session, offers_rules.builtin("DATAPK"), today=TODAY, workers=2)
    session.rollback()
    assert session.scalar(select(func.count()).select_from(CampaignPlan)) == 0
    assert session.scalar(select(func.count()).select_from(CampaignTarget)) == 0
    assert multiprocessing.active_children() == []


def test_contacted_recently_is_excluded(session: Session) -> None:
    rules = offers_rules.builtin("DATAPK")
    plan_campaign(session, rules, today=TODAY)
    team, _ = _team(session, 2)
    assign_approved(session, "DATAPK", team.name)
    item = session.scalars(select(m.QueueItem).join(m.Customer).where(
        m.Customer.external_id == "C02")).one()
    now = utcnow()
    session.add(m.CallOutcome(
        id=secrets.token_hex(8), queue_item_id=item.id, customer_id=item.customer_id,
        agent_id=item.agent_id, campaign_id=item.campaign_id, disposition="not_interested",
        steps_taken=[], disclosures_ticked=[], created_at=now, received_at=now))
    item.status = "closed"
    session.commit()
    res = plan_campaign(session, rules, dry_run=True, today=TODAY)
    steps = {x.name: (x.kept, x.dropped) for x in res.funnel}
    assert steps["not contacted in the last 90 days"] == (5, 1)
    assert steps["not on an open call list"] == (1, 3)  # C01, C03, C10 are on lists
    res = plan_campaign(session, rules, dry_run=True, today=TODAY, contacted_within_days=0)
    assert "not contacted in the last 0 days" not in {x.name for x in res.funnel}


def test_assign_spreads_evenly_or_weighted_and_never_twice(session: Session) -> None:
    plan_campaign(session, offers_rules.builtin("DATAPK"), today=TODAY)
    team, _agents = _team(session, 2)
    res = assign_approved(session, "DATAPK", team.name, weights={"pa0": 3, "pa1": 1})
    session.commit()
    assert res.per_agent == {"pa0": 3, "pa1": 1}
    # plan again: the customers on lists are dropped, nothing is assigned twice
    res2 = plan_campaign(session, offers_rules.builtin("DATAPK"), today=TODAY)
    assert res2.targets == []
    again = assign_approved(session, "DATAPK", team.name)
    assert sum(again.per_agent.values()) == 0
    open_per_customer = session.execute(
        select(m.QueueItem.customer_id, func.count()).where(m.QueueItem.status != "closed")
        .group_by(m.QueueItem.customer_id)).all()
    assert len(open_per_customer) == 4 and all(n == 1 for _, n in open_per_customer)


def test_even_spread(session: Session) -> None:
    res = plan_campaign(session, offers_rules.builtin("DATAPK"), today=TODAY)
    session.commit()
    session.expire_all()
    plan = session.get(CampaignPlan, res.plan_id)
    stamps = set(session.scalars(select(CampaignTarget.created_at)))
    assert plan is not None and stamps == {plan.created_at}  # bulk rows: same UTC instant
    team, _ = _team(session, 3)
    res = assign_approved(session, "DATAPK", team.name)
    assert res.per_agent == {"pa0": 2, "pa1": 1, "pa2": 1}


def test_sale_verification_goes_to_another_agent(session: Session) -> None:
    plan_campaign(session, offers_rules.builtin("DATAPK"), today=TODAY)
    team, _agents = _team(session, 2)
    assign_approved(session, "DATAPK", team.name, limit=1)
    item = session.scalars(select(m.QueueItem)).one()
    seller = item.agent_id
    now = datetime.now(UTC)
    sale = m.CallOutcome(
        id=secrets.token_hex(8), queue_item_id=item.id, customer_id=item.customer_id,
        agent_id=seller, campaign_id=item.campaign_id, disposition="accepted",
        offer_id=item.recommendations[0]["offer_id"], steps_taken=[],
        disclosures_ticked=[], call_started_at=now - timedelta(minutes=5), created_at=now,
        received_at=now)
    session.add(sale)
    item.status = "closed"
    session.commit()
    res = assign_approved(session, "DATAPK", team.name)
    session.commit()
    assert res.verifications == 1
    v = session.scalars(select(VerificationCall)).one()
    assert v.seller_id == seller and v.verifier_id != seller
    vitem = session.get(m.QueueItem, v.queue_item_id)
    assert vitem is not None and vitem.agent_id == v.verifier_id
    assert vitem.customer_id == item.customer_id and vitem.priority == 95
    assert vitem.recommendations[0]["reason"].startswith("Verification call (回访)")
    # only once
    assert assign_approved(session, "DATAPK", team.name).verifications == 0


def test_dnc_import_closes_open_items(session: Session, tmp_path: Path) -> None:
    plan_campaign(session, offers_rules.builtin("DATAPK"), today=TODAY)
    team, _ = _team(session, 2)
    assign_approved(session, "DATAPK", team.name)
    session.commit()
    f = tmp_path / "complaints.csv"
    f.write_text("phone\n13812340001\n", encoding="utf-8")
    res = import_dnc(session, f, source="complaint")
    session.commit()
    assert res.added == 1 and res.items_closed == 1
    c01 = session.scalars(select(m.Customer).where(m.Customer.external_id == "C01")).one()
    assert session.scalars(select(m.QueueItem.status).where(
        m.QueueItem.customer_id == c01.id)).all() == ["closed"]


# ------------------------------------------------------------------ end to end (HTTP)


def _admin(api: Api) -> dict[str, str]:
    return api.headers(api.account("admin")["username"])


def test_planned_and_assigned_campaign_reaches_agents_pull(api: Api, tmp_path: Path) -> None:
    admin = _admin(api)
    agent = api.account("agent", 0)["username"]
    before = api.pull_all(agent)
    cursor = before["cursor"]
    # an agent may not use the admin API
    r = api.client.post("/api/v1/admin/campaigns/DATAPK/plan", json={"dry_run": True},
                        headers=api.headers(agent))
    assert r.status_code == 403
    r = api.client.post("/api/v1/admin/customers/import", params={"filename": "c.csv"},
                        content=SMALL.read_bytes(), headers=admin)
    assert r.status_code == 200, r.text
    assert (r.json()["inserted"], r.json()["rejected"]) == (12, 5)
    assert r.json()["errors"][0] == {"line": 14, "external_id": "B01",
                                     "reason": "phone: not a valid number (12345)"}
    r = api.client.post("/api/v1/admin/campaigns/DATAPK/plan", json={}, headers=admin)
    assert r.status_code == 200, r.text
    plan = r.json()
    assert plan["funnel"][0]["step"] == "customers on file" and plan["targets"] > 0
    team = api.client.get("/api/v1/me", headers=api.headers(agent)).json()["team_name"]
    r = api.client.post("/api/v1/admin/campaigns/DATAPK/assign", json={"team": team},
                        headers=admin)
    assert r.status_code == 409 and r.json()["code"] == "plan_not_approved"  # not yet
    r = api.client.post(f"/api/v1/admin/plans/{plan['plan_id']}/submit", json={},
                        headers=admin)
    assert r.status_code == 200, r.text
    r = api.client.post(f"/api/v1/admin/plans/{plan['plan_id']}/review",
                        json={"decision": "approve"}, headers=api.headers(second_admin(api)))
    assert r.status_code == 200 and r.json()["status"] == "approved", r.text
    r = api.client.post("/api/v1/admin/campaigns/DATAPK/assign", json={"team": team},
                        headers=admin)
    assert r.status_code == 200, r.text
    mine = r.json()["per_agent"][agent]
    assert mine > 0
    page = api.pull_all(agent, since=cursor)
    new = page["queue_items"]
    assert len(new) == mine
    engine = make_engine(api.db_url)
    with session_factory(engine)() as s:
        targets = {t.queue_item_id: t for t in s.scalars(select(CampaignTarget).where(
            CampaignTarget.status == "assigned"))}
        verify = set(s.scalars(select(VerificationCall.queue_item_id)))
        assert r.json()["verifications"] == len(verify)  # the demo's earlier DATAPK sales
        for item_id, q in new.items():
            if item_id in verify:
                assert q["recommendations"][0]["reason"].startswith("Verification call")
                continue
            assert q["recommendations"] == targets[item_id].recommendations
            assert q["recommendations"][0]["reason_zh"]
        assert len({q["agent_id"] for q in new.values()}) == 1
        datapk = s.scalar(select(m.Campaign.id).where(m.Campaign.code == "DATAPK"))
        assert {q["campaign_id"] for q in new.values()} == {datapk}
    engine.dispose()
    # and a DNC import takes one away from the agent's desktop at its next pull
    victim = next(iter(new.values()))
    f = tmp_path / "dnc.csv"
    f.write_text(f"phone\n{victim['customer']['phone']}\n", encoding="utf-8")
    r = api.client.post("/api/v1/admin/dnc/import", params={"filename": "dnc.csv"},
                        content=f.read_bytes(), headers=admin)
    assert r.status_code == 200 and r.json()["items_closed"] >= 1
    after = api.pull_all(agent, since=page["cursor"])
    assert phone_hash(victim["customer"]["phone"]) in {d["phone_hash"] for d in after["dnc"]}
    assert after["queue_items"][victim["id"]]["status"] == "closed"
    r = api.client.get("/api/v1/admin/dnc/export", params={"masked": True}, headers=admin)
    assert r.status_code == 200 and r.text.startswith("\ufeffphone,source")  # BOM: Excel


def test_admin_api_refuses_unreadable_files(api: Api) -> None:
    admin = _admin(api)
    gbk = SMALL.read_text(encoding="utf-8").encode("gbk")
    r = api.client.post("/api/v1/admin/customers/import", params={"filename": "g.csv"},
                        content=gbk, headers=admin)
    assert r.status_code == 400 and r.json()["code"] == "unreadable_file"
    assert "--encoding gbk" in r.json()["message"]
    r = api.client.post("/api/v1/admin/customers/import",
                        params={"filename": "g.csv", "encoding": "gbk"}, content=gbk,
                        headers=admin)
    assert r.status_code == 200 and r.json()["inserted"] == 12
