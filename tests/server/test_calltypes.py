"""Campaigns that are not sales, on the real server (SQLite and PostgreSQL): a campaign
made by the plan path with its type and no offers, assigned, scripted, worked by an
agent; each type's outcomes accepted and the others rejected alone (rule 15); a survey's
answers stored append-only and rolled up; a sale and a promise to pay queue their SMS."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from server.db import make_engine
from server.orm import session_factory
from server.sms import SmsMessage
from server.surveys.models import SurveyAnswer
from server.surveys.store import rollup
from tests.server.conftest import Api, outcome
from tests.server.loop_support import approve_plans
from wire.calltypes import dispositions_for

ADM = "/api/v1/admin"
SURVEY_SCRIPT = """campaign: {code}
title: Survey
steps:
  - id: open
    kind: say
    title: Opening
    text: "Hello {{customer_name}}, {{agent_name}} here. Check this call at 10000."
    text_zh: "您好，我是{{agent_name}}，您可拨打10000核实本次来电。"
    next: q_overall
  - id: q_overall
    kind: rating
    title: Overall
    text: "How satisfied are you with our service, 1 to 5?"
    next: q_why
  - id: q_why
    kind: free_text
    title: Why
    text: "What should we do better?"
    next: close
  - id: close
    kind: close
    title: Closing
    text: "Thank you."
"""


def make_campaign(api: Api, code: str, kind: str, tmp_path: Path) -> str:
    """Plan (no offers), assign to agent1's team, publish a script; returns the agent."""
    admin = api.headers("admin")
    engine = make_engine(api.db_url)  # the demo's lists hold most customers: free them
    with engine.begin() as conn:
        conn.execute(text("UPDATE queue_items SET status = 'closed'"))
    engine.dispose()
    r = api.client.post(f"{ADM}/campaigns/{code}/plan", headers=admin, json={"rules": {
        "campaign": {"code": code, "type": kind, "name": code, "name_zh": code},
        "targeting": [], "exclusions": {"churned": False}, "offers": []}})
    assert r.status_code == 200, r.text
    assert r.json()["targets"] > 0
    with Session(engine := make_engine(api.db_url)) as s:  # a second person approves it
        approve_plans(s, code)
        s.commit()
    engine.dispose()
    r = api.client.post(f"{ADM}/campaigns/{code}/assign", headers=admin,
                        json={"team": "Team A / 一组", "limit": 40})
    assert r.status_code == 200, r.text
    assert r.json()["per_agent"]["agent1"] >= 5, r.json()
    script = SURVEY_SCRIPT.format(code=code)
    if kind != "satisfaction_survey":
        script = script.replace("kind: rating", "kind: question") \
            .replace("kind: free_text", "kind: question")
    r = api.client.post(f"{ADM}/scripts", headers={**admin, "Content-Type": "text/plain"},
                        params={"filename": "s.yaml"}, content=script.encode())
    assert r.status_code == 200, r.text
    return "agent1"


def items_of(api: Api, user: str, code: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    pulled = api.pull_all(user)
    camp = next(c for c in pulled["campaigns"] if c["code"] == code)
    items = [q for q in pulled["queue_items"].values() if q["campaign_id"] == camp["id"]]
    return camp, items


def test_a_type_without_offers_is_planned_and_pulled_with_its_outcomes(
        api: Api, tmp_path: Path) -> None:
    user = make_campaign(api, "PAYREM", "payment_reminder", tmp_path)
    camp, items = items_of(api, user, "PAYREM")
    assert camp["campaign_type"] == "payment_reminder"
    assert camp["allowed_dispositions"] == [d.value for d in
                                            dispositions_for("payment_reminder")]
    assert items and all(q["recommendations"] == [] for q in items)


@pytest.mark.parametrize(("kind", "good", "bad"), [
    ("complaint_follow_up", ["issue_resolved", "still_unhappy"],
     ["accepted", "paid_already"]),
    ("payment_reminder", ["promised_to_pay", "paid_already", "disputed"],
     ["accepted", "survey_completed"]),
    ("satisfaction_survey", ["survey_completed", "survey_declined"],
     ["accepted", "won_back"]),
    ("win_back", ["won_back", "not_interested"], ["accepted", "issue_resolved"]),
])
def test_each_type_accepts_its_outcomes_and_rejects_others_alone(
        api: Api, tmp_path: Path, kind: str, good: list[str], bad: list[str]) -> None:
    code = kind[:8].upper().replace("_", "")
    user = make_campaign(api, code, kind, tmp_path)
    _, items = items_of(api, user, code)
    extra = {"promised_on": (date.today() + timedelta(days=5)).isoformat()}
    actions = [outcome(items[i], d, objection="price", **extra)
               for i, d in enumerate(good + bad)]
    results = api.push(user, actions)
    assert [r["status"] for r in results] == ["accepted"] * len(good) + \
        ["rejected"] * len(bad)
    assert {r["code"] for r in results[len(good):]} == {"outcome_not_for_type"}
    assert "campaign" in results[-1]["message"]


def test_a_promise_to_pay_needs_its_date_and_queues_its_sms(api: Api,
                                                            tmp_path: Path) -> None:
    user = make_campaign(api, "PAYREM", "payment_reminder", tmp_path)
    _, items = items_of(api, user, "PAYREM")
    day = (date.today() + timedelta(days=3)).isoformat()
    results = api.push(user, [outcome(items[0], "promised_to_pay"),
                              outcome(items[1], "promised_to_pay", promised_on=day)])
    assert [(r["status"], r.get("code")) for r in results] == [
        ("rejected", "promise_date_required"), ("accepted", None)]
    engine = make_engine(api.db_url)
    with session_factory(engine)() as s:
        sms = s.scalars(select(SmsMessage)).all()
        assert [(x.template, x.status, x.customer_id) for x in sms] == [
            ("payment_reminder", "queued", items[1]["customer"]["id"])]
        assert day in sms[0].body
    engine.dispose()


def test_survey_answers_are_stored_append_only_and_rolled_up(api: Api,
                                                             tmp_path: Path) -> None:
    user = make_campaign(api, "SURV", "satisfaction_survey", tmp_path)
    camp, items = items_of(api, user, "SURV")
    pulled = api.pull_all(user)
    script = next(s for s in pulled["scripts"] if s["campaign_id"] == camp["id"])

    def done(item: dict[str, Any], score: int, why: str) -> dict[str, Any]:
        return outcome(item, "survey_completed", script_id=script["id"],
                       script_version=script["version"],
                       survey_answers=[{"question_id": "q_overall", "score": score},
                                       {"question_id": "q_why", "text": why}])

    results = api.push(user, [
        done(items[0], 5, "quick"), done(items[1], 3, "slow line"),
        outcome(items[2], "survey_declined"),
        # answers to a question the script does not ask: rejected alone
        outcome(items[3], "survey_completed", script_id=script["id"],
                survey_answers=[{"question_id": "q_nope", "score": 2}]),
    ])
    assert [r["status"] for r in results] == ["accepted"] * 3 + ["rejected"]
    assert results[3]["code"] == "survey_answers_invalid"
    engine = make_engine(api.db_url)
    with session_factory(engine)() as s:
        rows = s.scalars(select(SurveyAnswer).order_by(SurveyAnswer.created_at)).all()
        assert sorted((r.question_id, r.score, r.text) for r in rows) == [
            ("q_overall", 3, ""), ("q_overall", 5, ""), ("q_why", None, "quick"),
            ("q_why", None, "slow line")]
        [whole] = rollup(s, camp["id"], "campaign")
        assert whole.calls == 2
        assert whole.questions["q_overall"] == {"answers": 2, "scored": 2, "mean": 4.0,
                                                "counts": [0, 0, 1, 0, 1]}
        assert whole.questions["q_why"]["answers"] == 2
        by_agent = rollup(s, camp["id"], "agent")
        assert [g.calls for g in by_agent] == [2]
        assert sum(g.calls for g in rollup(s, camp["id"], "region")) == 2
        _refused(s, "UPDATE survey_answers SET score = 1")
        _refused(s, "DELETE FROM survey_answers")
    engine.dispose()
    # the lead's figures (their teams' agents), with the questions' titles in order
    r = api.client.get("/api/v1/lead/surveys", headers=api.headers("lead1"),
                       params={"campaign_id": camp["id"], "by": "agent"})
    assert r.status_code == 200, r.text
    [group] = r.json()["groups"]
    assert (group["calls"], [q["question_id"] for q in group["questions"]]) == (
        2, ["q_overall", "q_why"])
    assert (group["questions"][0]["title"], group["questions"][0]["mean"]) == ("Overall", 4.0)
    assert group["label"] != group["key"]  # the agent's name
    r = api.client.get("/api/v1/lead/surveys", headers=api.headers(user),
                       params={"campaign_id": camp["id"]})
    assert r.status_code == 403


def _refused(s: Session, sql: str) -> None:
    with pytest.raises(DBAPIError, match="append-only"):
        s.execute(text(sql))
    s.rollback()


def test_the_dial_gate_rules_apply_to_every_type(api: Api, tmp_path: Path) -> None:
    """No dial, no contact; do-not-call closes the item, whatever the type."""
    user = make_campaign(api, "WINB", "win_back", tmp_path)
    _, items = items_of(api, user, "WINB")
    results = api.push(user, [
        outcome(items[0], "won_back", call_started_at=None),
        outcome(items[1], "do_not_call"),
        outcome(items[2], "busy", call_started_at=None),
    ])
    assert [(r["status"], r.get("code")) for r in results] == [
        ("rejected", "dial_required"), ("accepted", None), ("accepted", None)]
    pulled = api.pull_all(user)
    assert pulled["dnc"], "the flag travels to the desktops"


def test_a_customer_still_unhappy_is_escalated_to_the_lead(api: Api, tmp_path: Path) -> None:
    user = make_campaign(api, "CFU", "complaint_follow_up", tmp_path)
    _, items = items_of(api, user, "CFU")
    assert [r["status"] for r in api.push(user, [
        outcome(items[0], "still_unhappy"), outcome(items[1], "still_unhappy"),
        outcome(items[2], "issue_resolved")])] == ["accepted"] * 3
    r = api.client.get("/api/v1/lead/monitor", headers=api.headers("lead1"))
    assert r.status_code == 200, r.text
    esc = [a for a in r.json()["alerts"] if a["kind"] == "escalation"]
    assert [(a["value"], bool(a["agent_name"])) for a in esc] == [(2, True)]
