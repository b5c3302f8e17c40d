"""Quality workspace API: sampling, claims, blind calibration, scoring, feedback, roll-up,
masking, recordings, and who may do what (every role), on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from server import models as m
from server.quality.models import QaClaim, QaCoachingTask
from server.quality.recordings import demo_wav
from tests.server.conftest import Api
from tests.server.quality_support import DAY, add_user, day_of_calls

Q = "/api/v1/quality"


def _get(api: Api, user: str, path: str, **params: Any) -> Any:
    r = api.client.get(path, params=params, headers=api.headers(user))
    assert r.status_code == 200, r.text
    return r.json()


def _post(api: Api, user: str, path: str, body: Any = None, status: int = 200) -> Any:
    r = api.client.post(path, json=body, headers=api.headers(user))
    assert r.status_code == status, r.text
    return r.json()


def _free_claims(api: Api, user: str = "qa1", n: int = 4) -> None:
    """The demo dealt qa1 the claim limit; release a few to make room."""
    for sample in _get(api, user, Q + "/samples")["samples"][:n]:
        _post(api, user, f"{Q}/samples/{sample['id']}/release")


def _rating_all(api: Api, user: str, rating: int | None = 4, comment: str = "") -> list[Any]:
    rub = _get(api, user, Q + "/rubric")
    return [{"criterion_id": c["id"], "rating": rating, "comment": comment}
            for c in rub["criteria"]]



def test_sales_and_dnc_are_always_in_the_sample_and_drawing_again_adds_nothing(api: Api
                                                                               ) -> None:
    bodies = day_of_calls(api, "agent1")
    agent_id = _get(api, "agent1", "/api/v1/me")["id"]

    def agent_samples() -> list[dict[str, Any]]:
        every = _get(api, "qa1", Q + "/samples", scope="all", day=DAY.isoformat())["samples"]
        return [s for s in every if s["agent_id"] == agent_id]

    _post(api, "qa1", Q + "/samples/draw", {"day": DAY.isoformat(), "per_agent": 2})
    samples = agent_samples()
    by_outcome = {s["outcome_id"]: s for s in samples}
    assert len(samples) == 2  # per_agent 2: exactly the sale and the do-not-call
    assert by_outcome[bodies["sale"]["action_id"]]["stratum"] == "sale"
    assert by_outcome[bodies["dnc"]["action_id"]]["stratum"] == "dnc"
    assert all("*" in s["phone_masked"] for s in samples)
    again = _post(api, "qa1", Q + "/samples/draw", {"day": DAY.isoformat(), "per_agent": 2})
    assert again["drawn"] == 0
    _post(api, "qa1", Q + "/samples/draw", {"day": DAY.isoformat(), "per_agent": 3})
    # A top-up takes a reached call before a no-answer.
    assert sorted(s["stratum"] for s in agent_samples()) == ["dnc", "reached", "sale"]


def test_claims_are_limited_and_expire_back_to_the_pool(api: Api) -> None:
    mine = _get(api, "qa1", Q + "/samples")
    assert mine["open_claims"] == 10 == mine["max_open_claims"]  # the demo dealt qa1 ten
    pool = _get(api, "qa1", Q + "/samples", scope="pool")["samples"]
    assert pool, "the rest of the demo's draw waits in the pool"
    r = api.client.post(f"{Q}/samples/{pool[0]['id']}/claim", headers=api.headers("qa1"))
    assert r.status_code == 409 and r.json()["code"] == "claim_limit"
    first = mine["samples"][0]
    _post(api, "qa1", f"{Q}/samples/{first['id']}/release")
    got = _post(api, "qa1", f"{Q}/samples/{pool[0]['id']}/claim")
    assert got["claimed_by_me"] and got["claim_expires_at"]
    # A claim past its time no longer counts and its sample is back in the pool.
    eng = create_engine(api.db_url)
    with Session(eng) as s:
        claim = s.scalars(select(QaClaim).where(QaClaim.sample_id == pool[0]["id"])).one()
        claim.expires_at = claim.claimed_at  # as if 24 h had passed
        s.commit()
    eng.dispose()
    assert _get(api, "qa1", Q + "/samples")["open_claims"] == 9
    assert pool[0]["id"] in {s["id"] for s in
                             _get(api, "qa1", Q + "/samples", scope="pool")["samples"]}


def test_critical_failure_zeroes_the_score_opens_coaching_and_reaches_the_agent(api: Api
                                                                                ) -> None:
    bodies = day_of_calls(api, "agent2")
    _free_claims(api)
    sample = _post(api, "qa1", f"{Q}/calls/{bodies['sale']['action_id']}/sample")
    criteria = _rating_all(api, "qa1", 5)
    criteria[0]["comment"] = "Clear opening"
    score = _post(api, "qa1", f"{Q}/samples/{sample['id']}/scores",
                  {"criteria": criteria, "critical": ["misleading"],
                   "comment": "Promised a free phone that is not in the offer"})
    assert score["total"] == 0 and not score["passed"] and score["critical"] == ["misleading"]
    again = api.client.post(f"{Q}/samples/{sample['id']}/scores", headers=api.headers("qa1"),
                            json={"criteria": criteria})
    assert again.status_code == 409 and again.json()["code"] == "already_scored"
    feedback = _get(api, "agent2", "/api/v1/feedback")["items"]
    assert feedback[0]["score_id"] == score["id"] and feedback[0]["total"] == 0
    assert feedback[0]["critical"][0]["id"] == "misleading"
    assert feedback[0]["criteria"][0]["comment"] == "Clear opening"
    assert feedback[0]["coaching_task_id"]
    assert _get(api, "agent1", "/api/v1/feedback")["items"] == [], "only one's own feedback"
    tasks = _get(api, "lead1", Q + "/coaching")
    assert [t["outcome_id"] for t in tasks] == [bodies["sale"]["action_id"]]


def test_a_good_call_passes_with_the_weighted_mean_and_opens_no_task(api: Api) -> None:
    bodies = day_of_calls(api, "agent3")
    _free_claims(api)
    sample = _post(api, "qa1", f"{Q}/calls/{bodies['sale']['action_id']}/sample")
    criteria = _rating_all(api, "qa1", 4)
    criteria[-1]["rating"] = None  # not applicable: left out of the mean
    score = _post(api, "qa1", f"{Q}/samples/{sample['id']}/scores", {"criteria": criteria})
    assert score["total"] == 80.0 and score["passed"]
    eng = create_engine(api.db_url)
    with Session(eng) as s:
        assert s.scalars(select(QaCoachingTask)).all() == []
    eng.dispose()


def test_a_missing_mandatory_disclosure_is_found_in_the_record_and_cannot_be_unticked(
        api: Api) -> None:
    from tests.server.quality_support import sale

    item = next(i for i in api.pull_all("agent4")["queue_items"].values()
                if i["status"] == "open" and i["recommendations"])
    body = sale(item, disclosures=["disclose_price", "disclose_term"])
    assert api.push("agent4", [body])[0]["status"] == "accepted"
    _free_claims(api)
    replay = _get(api, "qa1", f"{Q}/calls/{body['action_id']}")
    assert replay["mandatory_missing"] == ["disclose_cancel"]
    assert replay["auto_critical"] == ["missing_disclosure"]
    assert replay["call"]["phone_masked"] and "*" in replay["call"]["phone"]
    sample = _post(api, "qa1", f"{Q}/calls/{body['action_id']}/sample")
    score = _post(api, "qa1", f"{Q}/samples/{sample['id']}/scores",
                  {"criteria": _rating_all(api, "qa1", 5), "critical": []})
    assert score["total"] == 0 and score["critical"] == ["missing_disclosure"]


def test_calibration_is_blind_until_submitted_then_shows_the_spread(api: Api) -> None:
    add_user(api, "qa_calibrator", "qa")
    bodies = day_of_calls(api, "agent5")
    _free_claims(api)
    oid = bodies["dnc"]["action_id"]
    sample = _post(api, "qa1", f"{Q}/calls/{oid}/sample")
    _post(api, "qa1", f"{Q}/samples/{sample['id']}/scores",
          {"criteria": _rating_all(api, "qa1", 5)})
    seen = _get(api, "qa_calibrator", f"{Q}/samples/{sample['id']}/scores")
    assert seen["blind"] and seen["submitted"] == 1 and seen["scores"] == []
    _post(api, "qa_calibrator", f"{Q}/calls/{oid}/sample")  # a claim of its own
    _post(api, "qa_calibrator", f"{Q}/samples/{sample['id']}/scores",
          {"criteria": _rating_all(api, "qa_calibrator", 3)})
    seen = _get(api, "qa_calibrator", f"{Q}/samples/{sample['id']}/scores")
    assert not seen["blind"] and len(seen["scores"]) == 2
    spread = {s["criterion_id"]: s for s in seen["spread"]}
    assert spread["needs"]["min"] == 3 and spread["needs"]["max"] == 5
    assert spread["needs"]["stdev"] == 1.0 and seen["total_spread"]["n"] == 2
    admin = _get(api, "admin", f"{Q}/samples/{sample['id']}/scores")
    assert not admin["blind"]


def test_rollup_per_agent_and_team_for_its_lead_qa_and_admin(api: Api) -> None:
    bodies = day_of_calls(api, "agent1")
    _free_claims(api)
    sample = _post(api, "qa1", f"{Q}/calls/{bodies['sale']['action_id']}/sample")
    _post(api, "qa1", f"{Q}/samples/{sample['id']}/scores",
          {"criteria": _rating_all(api, "qa1", 2)})  # 40: below the pass mark
    team_id = sample["team_id"]
    for user in ("lead1", "qa1", "admin"):
        roll = _get(api, user, Q + "/rollup", team_id=team_id)
        a1 = next(a for a in roll["agents"] if a["agent_id"] == sample["agent_id"])
        assert a1["scored"] == 1 and a1["average"] == 40.0 and a1["failed"] == 1
        assert a1["open_coaching"] == 1 and roll["scored"] == 1
    r = api.client.get(Q + "/rollup", params={"team_id": team_id}, headers=api.headers("agent1"))
    assert r.status_code == 403
    other_lead = add_user(api, "qa_lead_other", "team_lead")
    r = api.client.get(Q + "/rollup", params={"team_id": team_id},
                       headers=api.headers(other_lead["username"]))
    assert r.status_code == 403 and r.json()["code"] == "forbidden"


@pytest.mark.parametrize("path,method", [
    (Q + "/samples", "GET"), (Q + "/samples/draw", "POST"), (Q + "/calls", "GET"),
])
def test_agents_and_leads_cannot_use_the_checkers_routes(api: Api, path: str,
                                                         method: str) -> None:
    for user in ("agent1", "lead1"):
        r = api.client.request(method, path, headers=api.headers(user),
                               json={} if method == "POST" else None)
        assert r.status_code == 403, (user, r.text)
    assert api.client.get("/api/v1/feedback", headers=api.headers("qa1")).status_code == 403
    assert api.client.get(Q + "/samples").status_code == 401


def test_rubric_is_published_by_admin_only_as_a_new_version(api: Api) -> None:
    rub = _get(api, "agent1", Q + "/rubric")
    assert rub["version"] == 1 and {c["kind"] for c in rub["critical"]} >= {
        "missing_disclosure", "dnc_number", "outside_window"}
    assert abs(sum(c["weight"] for c in rub["criteria"]) - 100) < 1e-9
    body = {k: rub[k] for k in ("name", "criteria", "critical", "pass_mark", "scale_max")}
    body["pass_mark"] = 70
    _post(api, "qa1", Q + "/rubric", body, status=403)
    new = _post(api, "admin", Q + "/rubric", body)
    assert new["version"] == 2 and _get(api, "qa1", Q + "/rubric")["pass_mark"] == 70


def test_full_numbers_only_for_allowed_checkers_and_every_reveal_is_audited(api: Api) -> None:
    bodies = day_of_calls(api, "agent6")
    oid = bodies["sale"]["action_id"]
    r = api.client.post(f"{Q}/calls/{oid}/reveal", headers=api.headers("qa1"))
    assert r.status_code == 403
    qa1 = _get(api, "qa1", "/api/v1/me")["id"]
    _post(api, "admin", f"{Q}/checkers/{qa1}", {"may_see_numbers": True})
    assert _get(api, "qa1", f"{Q}/calls/{oid}")["may_reveal_number"]
    phone = _post(api, "qa1", f"{Q}/calls/{oid}/reveal")["phone"]
    assert phone.startswith("+86") and "*" not in phone
    eng = create_engine(api.db_url)
    with Session(eng) as s:
        actions = list(s.scalars(select(m.AuditLog.action).where(
            m.AuditLog.entity_id == oid, m.AuditLog.actor_id == qa1)))
    eng.dispose()
    assert "quality.reveal_refused" in actions and "quality.reveal_number" in actions


def test_checker_linked_to_a_team_sees_only_that_team(api: Api) -> None:
    bodies = day_of_calls(api, "agent5")  # team B
    team_a = _get(api, "agent1", "/api/v1/me")["team_id"]
    qa1 = _get(api, "qa1", "/api/v1/me")["id"]
    _post(api, "admin", f"{Q}/checkers/{qa1}", {"team_ids": [team_a]})
    r = api.client.get(f"{Q}/calls/{bodies['sale']['action_id']}", headers=api.headers("qa1"))
    assert r.status_code == 404
    found = _get(api, "qa1", Q + "/calls", day=DAY.isoformat())["calls"]
    assert all(c["team_id"] == team_a for c in found)


def test_recording_is_stored_once_and_read_back(api: Api) -> None:
    bodies = day_of_calls(api, "agent7")
    _free_claims(api)
    oid = bodies["sale"]["action_id"]
    wav = demo_wav(2.0)
    r = api.client.post(f"{Q}/calls/{oid}/recording", content=wav,
                        headers={**api.headers("qa1"), "Content-Type": "audio/wav"})
    assert r.status_code == 403
    r = api.client.post(f"{Q}/calls/{oid}/recording", content=wav,
                        headers={**api.headers("agent7"), "Content-Type": "audio/wav"})
    assert r.status_code == 200, r.text
    assert r.json()["duration_seconds"] == 2.0
    again = api.client.post(f"{Q}/calls/{oid}/recording", content=b"RIFFxxxx" + wav[8:],
                            headers={**api.headers("admin"), "Content-Type": "audio/wav"})
    assert again.status_code == 409 and again.json()["code"] == "recording_exists"
    got = api.client.get(f"{Q}/calls/{oid}/recording", headers=api.headers("qa1"))
    assert got.status_code == 200 and got.content == wav
    assert _get(api, "qa1", f"{Q}/calls/{oid}")["recording"]["size_bytes"] == len(wav)


def test_demo_recording_belongs_to_a_sample_of_qa1(api: Api) -> None:
    mine = _get(api, "qa1", Q + "/samples")["samples"]
    assert any(s["has_recording"] for s in mine + _get(api, "qa1", Q + "/samples",
                                                        scope="pool")["samples"])
