"""The campaign loop's steps (issue 22) on SQLite and PostgreSQL: approval by a second
person before anything is assigned, a pilot whose report is checked against hand-computed
figures and whose "go" releases the rest, and training: no queue of a campaign reaches an
agent's pull before they pass its quiz."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from server import models as m
from server.aftersale import verify
from server.aftersale.models import Order, Verification
from server.auth import hash_password
from server.db import make_engine, utcnow
from server.errors import ApiError
from server.lead import monitor
from server.orm import session_factory
from server.planning import approval, caps, offers_rules, pilot
from server.planning.assign import assign_campaign
from server.planning.dnc_io import import_dnc
from server.planning.importing import import_customers
from server.planning.models import CampaignTarget
from server.planning.targeting import plan_campaign
from tests.server.conftest import Api
from wire import campaign_loop as w
from wire.aftersale import VerificationOutcome, VerificationOutcomeIn
from wire.schema import Role

DATA = Path(__file__).resolve().parents[1] / "data" / "planning"
TODAY = date(2026, 11, 23)


@pytest.fixture
def session(db_url: str, tmp_path: Path) -> Iterator[Session]:
    engine = make_engine(db_url)
    with session_factory(engine)() as s:
        import_customers(s, DATA / "customers_small.csv", today=TODAY,
                         report=tmp_path / "e.csv")
        import_dnc(s, DATA / "dnc_registry.csv", report=tmp_path / "d.csv")
        s.commit()
        yield s
    engine.dispose()


def _team(s: Session, n: int) -> tuple[m.Team, list[m.User]]:
    team = m.Team(name="Loop team")
    s.add(team)
    s.flush()
    agents = [m.User(username=f"la{i}", display_name=f"Agent {i}", role=Role.AGENT.value,
                     team_id=team.id, password_hash=hash_password("x"), active=True,
                     created_at=utcnow()) for i in range(n)]
    s.add_all(agents)
    s.flush()
    return team, agents


def _refused(code: str, fn: Any, *a: Any, **kw: Any) -> ApiError:
    with pytest.raises(ApiError) as exc:
        fn(*a, **kw)
    assert exc.value.status == 409 and exc.value.code == code, exc.value.message
    return exc.value


def _audit(s: Session, entity_id: str) -> list[str]:
    return list(s.scalars(select(m.AuditLog.action).where(m.AuditLog.entity_id == entity_id)
                          .order_by(m.AuditLog.id)))


def test_nothing_is_assigned_before_a_second_person_approves(session: Session) -> None:
    plan_id = plan_campaign(session, offers_rules.builtin("DATAPK"), today=TODAY).plan_id
    assert plan_id is not None
    team, _ = _team(session, 2)
    _refused("plan_not_approved", assign_campaign, session, "DATAPK", team.name)
    assert approval.submit(session, plan_id, actor_id="ann").status == "submitted"
    _refused("already_submitted", approval.submit, session, plan_id, actor_id="ann")
    _refused("own_plan", approval.review, session, plan_id, actor_id="ann",
             decision="approve", comment="")
    out = approval.review(session, plan_id, actor_id="bob", decision="reject",
                          comment="too many C-tier customers")
    assert (out.status, out.comment) == ("rejected", "too many C-tier customers")
    _refused("plan_not_approved", assign_campaign, session, "DATAPK", team.name)
    approval.submit(session, plan_id, actor_id="ann", note="C-tier left in on purpose")
    assert approval.review(session, plan_id, actor_id="bob", decision="approve",
                           comment="ok").status == "approved"
    res = assign_campaign(session, "DATAPK", team.name)
    assert sum(res.per_agent.values()) == 4  # the 4 hand-computed DATAPK targets
    assert _audit(session, plan_id) == ["plan.submit", "plan.rejected", "plan.submit",
                                        "plan.approved"]
    [status] = approval.plans_of(session, "DATAPK")
    assert (status.status, status.targets, status.planned) == ("approved", 4, 0)


def _call(s: Session, item_id: str, disposition: str, talk: int,
          objection: str | None = None) -> str:
    """A call record as the push stores it: a sale also gets its order (and, the offers
    verifying every sale, a verification item), the push's own way (verify.on_sale)."""
    item = s.get(m.QueueItem, item_id)
    assert item is not None
    now = datetime.now(UTC)
    row: dict[str, Any] = dict(
        id=secrets.token_hex(8), queue_item_id=item.id, customer_id=item.customer_id,
        agent_id=item.agent_id, campaign_id=item.campaign_id, disposition=disposition,
        objection=objection, steps_taken=[], disclosures_ticked=[], call_started_at=now,
        talk_seconds=talk, created_at=now, received_at=now,
        offer_id=item.recommendations[0]["offer_id"] if disposition == "accepted" else None)
    s.add(m.CallOutcome(**row))
    seller = s.get(m.User, item.agent_id)
    assert seller is not None
    verify.on_sale(s, row, seller)
    return str(row["id"])


def _verify(s: Session, verifier: m.User, call_id: str, outcome: VerificationOutcome) -> None:
    """The verifier's answer on the sale of this call (verify.record, as the route does)."""
    s.flush()
    item_id = s.scalar(select(Verification.id).join(Order, Order.id == Verification.order_id)
                       .where(Order.call_id == call_id))
    assert item_id is not None
    verify.record(s, verifier, item_id, VerificationOutcomeIn(
        action_id=secrets.token_hex(8), outcome=outcome))


def test_pilot_report_and_go_before_the_rest(session: Session) -> None:
    plan_id = plan_campaign(session, offers_rules.builtin("DATAPK"), today=TODAY).plan_id
    assert plan_id is not None
    team, agents = _team(session, 3)
    body = w.PilotRequest(plan_id=plan_id, name="pilot 1", agents=["la0", "la1"], share=0.5)
    _refused("plan_not_approved", pilot.start, session, "DATAPK", body, actor_id="ann")
    approval.submit(session, plan_id, actor_id="ann")
    approval.review(session, plan_id, actor_id="bob", decision="approve", comment="")
    rep = pilot.start(session, "DATAPK", body, actor_id="ann")
    # 4 targets x 0.5 = 2, the highest priority first (C01 73, C03 65), alternating agents
    assert (rep.items, rep.agents, rep.called) == (2, ["la0", "la1"], 0)
    items = [session.get(m.QueueItem, i) for i in
             session.scalars(select(CampaignTarget.queue_item_id).where(
                 CampaignTarget.status == "assigned").order_by(CampaignTarget.priority.desc()))]
    assert [(i.agent_id if i else None) for i in items] == [agents[0].id, agents[1].id]
    _refused("pilot_not_go", assign_campaign, session, "DATAPK", team.name)
    _refused("pilot_exists", pilot.start, session, "DATAPK", body, actor_id="ann")
    # Pilot calls, by hand: item 1 no answer, then a sale after 120 s of talk, which the
    # verifier confirms; item 2 not interested (price) after 60 s. Called 2, reached 2,
    # success 1 (item 1), objections {price: 1}, average talk over reached calls
    # (120 + 60) / 2 = 90.0 s.
    assert items[0] is not None and items[1] is not None
    _call(session, items[0].id, "no_answer", 0)
    sale = _call(session, items[0].id, "accepted", 120)
    _call(session, items[1].id, "not_interested", 60, objection="price")
    session.flush()
    rep = pilot.report(session, rep.pilot_id)
    assert (rep.called, rep.reached, rep.success, rep.sales_awaiting) == (2, 2, 0, 1)
    _verify(session, _verifier(session), sale, VerificationOutcome.CONFIRMED)
    rep = pilot.report(session, rep.pilot_id)
    assert (rep.called, rep.reached, rep.success) == (2, 2, 1)
    assert (rep.sales_awaiting, rep.sales_reversed) == (0, 0)
    assert rep.objections == {"price": 1}
    assert (rep.average_talk_seconds, rep.qa_scored, rep.qa_average) == (90.0, 0, None)
    rep = pilot.decide(session, rep.pilot_id, w.PilotDecisionIn(decision="go", comment="fine"),
                       actor_id="bob")
    assert (rep.decision, rep.comment) == ("go", "fine")
    _refused("already_decided", pilot.decide, session, rep.pilot_id,
             w.PilotDecisionIn(decision="stop"), actor_id="bob")
    res = assign_campaign(session, "DATAPK", team.name)
    assert sum(res.per_agent.values()) == 2  # the other two targets
    assert _audit(session, rep.pilot_id) == ["pilot.start", "pilot.go"]


def _verifier(s: Session) -> m.User:
    """A verifier (a post separate from sales, in no team)."""
    v = m.User(username="ver1", display_name="Verifier", role=Role.VERIFIER.value,
               password_hash=hash_password("x"), active=True, created_at=utcnow())
    s.add(v)
    s.flush()
    return v


def _more_datapk_customers(s: Session, tmp_path: Path) -> None:
    """Two more customers like C01 (3 months 2.1 GB over a 1 GB plan): DATAPK then has 6
    targets, and a pilot of half of them 3 items."""
    rows = (DATA / "customers_small.csv").read_text(encoding="utf-8").splitlines()
    c01 = next(r for r in rows if r.startswith("C01,"))
    extra = tmp_path / "more.csv"
    extra.write_text("\n".join([rows[0], c01.replace("C01,", "C91,").replace(
        "13812340001", "13812349091"), c01.replace("C01,", "C92,").replace(
        "13812340001", "13812349092")]) + "\n", encoding="utf-8")
    import_customers(s, extra, today=TODAY, report=tmp_path / "e2.csv")


def test_pilot_success_counts_confirmed_sales_only(session: Session, tmp_path: Path) -> None:
    """Issue 22 with issue 21's rule (wire.aftersale.sale_standing): three pilot items with
    a sale each; the verifier confirms the first, the customer of the second denies it,
    the third is not verified yet. By hand: success 1, awaiting 1, reversed 1, reached 3,
    and a fourth, unanswered, call changes nothing of it."""
    _more_datapk_customers(session, tmp_path)
    plan_id = plan_campaign(session, offers_rules.builtin("DATAPK"), today=TODAY).plan_id
    assert plan_id is not None
    _team(session, 2)
    approval.submit(session, plan_id, actor_id="ann")
    approval.review(session, plan_id, actor_id="bob", decision="approve", comment="")
    rep = pilot.start(session, "DATAPK", w.PilotRequest(
        plan_id=plan_id, name="p", agents=["la0", "la1"], share=0.5), actor_id="ann")
    assert rep.items == 3
    items = list(session.scalars(
        select(CampaignTarget.queue_item_id).where(CampaignTarget.status == "assigned")))
    assert len(items) == 3
    sales = [_call(session, str(i), "accepted", 100) for i in items]
    _call(session, str(items[2]), "no_answer", 0)
    verifier = _verifier(session)
    _verify(session, verifier, sales[0], VerificationOutcome.CONFIRMED)
    _verify(session, verifier, sales[1], VerificationOutcome.DENIED)
    session.flush()
    rep = pilot.report(session, rep.pilot_id)
    assert (rep.called, rep.reached) == (3, 3)
    assert (rep.success, rep.sales_awaiting, rep.sales_reversed) == (1, 1, 1)
    # The third is confirmed too: 2 / 0 / 1, and the decision's answer says the same.
    _verify(session, verifier, sales[2], VerificationOutcome.CONFIRMED)
    rep = pilot.decide(session, rep.pilot_id, w.PilotDecisionIn(decision="go"),
                       actor_id="bob")
    assert (rep.success, rep.sales_awaiting, rep.sales_reversed) == (2, 0, 1)


def test_a_stopped_pilot_keeps_the_rest_back(session: Session) -> None:
    plan_id = plan_campaign(session, offers_rules.builtin("DATAPK"), today=TODAY).plan_id
    assert plan_id is not None
    team, _ = _team(session, 1)
    approval.submit(session, plan_id, actor_id="ann")
    approval.review(session, plan_id, actor_id="bob", decision="approve", comment="")
    rep = pilot.start(session, "DATAPK", w.PilotRequest(
        plan_id=plan_id, name="p", agents=["la0"], share=0.25), actor_id="ann")
    assert rep.items == 1  # 4 x 0.25
    pilot.decide(session, rep.pilot_id, w.PilotDecisionIn(decision="stop", comment="no"),
                 actor_id="bob")
    err = _refused("pilot_not_go", assign_campaign, session, "DATAPK", team.name)
    assert "'stop'" in err.message


# ------------------------------------------------------------------ over HTTP


QUIZ: dict[str, Any] = {"pass_mark": 2, "questions": [
    {"text": "What does the 30 yuan pack cost per month?", "topic": "offer_terms",
     "choices": ["10 yuan", "30 yuan", "free"], "answer": 1},
    {"text": "What must you say before the pitch?", "topic": "mandatory",
     "choices": ["Your name, the company and the service number", "Nothing"], "answer": 0},
]}


def test_training_gates_the_agents_queue(api: Api) -> None:
    admin = api.headers(api.account("admin")["username"])
    agent = api.account("agent", 0)["username"]
    first = api.pull_all(agent)
    camps = {q["campaign_id"] for q in first["queue_items"].values()}
    code = next(c["code"] for c in first["campaigns"] if c["id"] in camps)
    cid = next(c["id"] for c in first["campaigns"] if c["code"] == code)
    of_campaign = {i for i, q in first["queue_items"].items() if q["campaign_id"] == cid}
    assert of_campaign
    bad = {**QUIZ, "questions": QUIZ["questions"][:1], "pass_mark": 1}
    r = api.client.put(f"/api/v1/admin/campaigns/{code}/quiz", json=bad, headers=admin)
    assert r.status_code == 422  # only the offer's terms: the mandatory statements missing
    r = api.client.put(f"/api/v1/admin/campaigns/{code}/quiz", json=QUIZ, headers=admin)
    assert r.status_code == 200 and r.json()["version"] == 1, r.text
    # the campaign's items leave the untrained agent's desktop, and a fresh desktop gets none
    after = api.pull_all(agent, since=first["cursor"])
    assert of_campaign <= set(after["removed"])
    fresh = api.pull_all(agent)
    assert not of_campaign & set(fresh["queue_items"])
    status = api.client.get("/api/v1/training", headers=api.headers(agent)).json()
    assert {"campaign_code": code, "passed": False, "version": 1}.items() <= \
        next(x for x in status if x["campaign_code"] == code).items()
    r = api.client.get(f"/api/v1/training/{code}/quiz", headers=api.headers(agent))
    assert r.status_code == 200 and all(q["answer"] is None for q in r.json()["questions"])
    answers = f"/api/v1/training/{code}/answers"
    r = api.client.post(answers, json={"version": 1, "answers": [0, 0]},
                        headers=api.headers(agent))
    assert r.json() == {"correct": 1, "total": 2, "pass_mark": 2, "passed": False,
                        "wrong": [0]}
    assert not of_campaign & set(api.pull_all(agent, since=after["cursor"])["queue_items"])
    r = api.client.post(answers, json={"version": 2, "answers": [1, 0]},
                        headers=api.headers(agent))
    assert r.status_code == 409 and r.json()["code"] == "quiz_changed"
    r = api.client.post(answers, json={"version": 1, "answers": [1, 0]},
                        headers=api.headers(agent))
    assert r.json()["passed"] is True
    back = api.pull_all(agent, since=after["cursor"])
    assert of_campaign <= set(back["queue_items"])  # the queue opens
    assert of_campaign <= set(api.pull_all(agent)["queue_items"])  # and a fresh desktop's
    r = api.client.post(answers, json={"version": 1, "answers": [1, 0]}, headers=admin)
    assert r.status_code == 403  # the quiz is the agents'


def test_daily_caps_hold_back_the_rest_and_targets_reach_the_monitor(session: Session) -> None:
    plan_id = plan_campaign(session, offers_rules.builtin("DATAPK"), today=TODAY).plan_id
    assert plan_id is not None
    approval.submit(session, plan_id, actor_id="ann")
    approval.review(session, plan_id, actor_id="bob", decision="approve", comment="")
    team, _ = _team(session, 2)
    caps.put(session, team.name, w.TeamTargets(agent_daily_cap=1, day_target=300),
             actor_id="ann")
    # 4 targets, 2 agents with a cap of 1 new item a day each: 2 assigned, 2 wait
    res = assign_campaign(session, "DATAPK", team.name)
    assert (res.per_agent, res.capped) == ({"la0": 1, "la1": 1}, 2)
    planned = select(CampaignTarget.id).where(CampaignTarget.status == "planned")
    assert len(session.scalars(planned).all()) == 2
    # the team's cap of 3 a day (no agent cap): 2 used today, so 1 more
    caps.put(session, team.name, w.TeamTargets(team_daily_cap=3, day_target=300,
                                               week_target=1500), actor_id="ann")
    res = assign_campaign(session, "DATAPK", team.name)
    assert (sum(res.per_agent.values()), res.capped) == (1, 1)
    lead = m.User(username="lead9", display_name="Lead", role=Role.TEAM_LEAD.value,
                  team_id=None, password_hash=hash_password("x"), active=True,
                  created_at=utcnow())
    session.add(lead)
    session.flush()
    team.lead_user_id = lead.id
    session.flush()
    [t] = monitor.build(session, lead).teams
    assert (t.day_target, t.week_target, t.team_daily_cap, t.agent_daily_cap) == \
        (300, 1500, 3, None)
    assert (t.calls_today, t.calls_week) == (0, 0)  # no calls yet
    assert _audit(session, team.id) == ["team.targets", "team.targets"]


def test_the_cli_submits_and_reviews_as_two_people(db_url: str, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from server.cli import main

    base = ["--database-url", db_url]
    assert main(["import-customers", str(DATA / "customers_small.csv"), *base,
                 "--errors", str(tmp_path / "e.csv")]) == 0
    assert main(["plan-campaign", "DATAPK", *base]) == 0
    plan_id = capsys.readouterr().out.split("(plan ", 1)[1].split(")", 1)[0]
    engine = make_engine(db_url)
    with session_factory(engine)() as s:
        for name in ("ann", "bob"):
            s.add(m.User(username=name, display_name=name, role=Role.ADMIN.value,
                         password_hash=hash_password("x"), active=True, created_at=utcnow()))
        s.commit()
    engine.dispose()
    assert main(["submit-plan", plan_id, "--by", "ann", *base]) == 0
    assert main(["review-plan", plan_id, "approve", "--by", "ann", *base]) == 2
    assert "second person" in capsys.readouterr().err
    assert main(["review-plan", plan_id, "reject", "--by", "bob", *base]) == 2  # no comment
    assert main(["review-plan", plan_id, "approve", "--by", "bob", "--comment", "ok",
                 *base]) == 0
    assert "approved by bob (ok)" in capsys.readouterr().out


def test_calling_windows_reach_the_agents_pull(api: Api) -> None:
    admin = api.headers(api.account("admin")["username"])
    agent = api.account("agent", 0)["username"]
    first = api.pull_all(agent)
    code = first["campaigns"][0]["code"]
    body = {"windows": [{"region": "广东省", "start": "14:00", "end": "16:00"},
                        {"tiers": ["A1"], "start": "18:00", "end": "20:00"}]}
    r = api.client.put(f"/api/v1/admin/campaigns/{code}/windows", json=body, headers=admin)
    assert r.status_code == 200, r.text
    r = api.client.put(f"/api/v1/admin/campaigns/{code}/windows",
                       json={"windows": [{"tiers": ["Z9"], "start": "25:00", "end": "x"}]},
                       headers=admin)
    assert r.status_code == 422
    after = api.pull_all(agent, since=first["cursor"])
    [camp] = [c for c in after["campaigns"] if c["code"] == code]
    assert camp["windows"] == [
        {"region": "广东省", "tiers": [], "start": "14:00:00", "end": "16:00:00"},
        {"region": "", "tiers": ["A1"], "start": "18:00:00", "end": "20:00:00"}]
