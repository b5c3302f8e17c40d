"""A quality day against the real server on a loopback port: an agent's desktop records
calls and syncs; the day is sampled; a checker replays the sale, scores it with a critical
failure; the agent's desktop sees the feedback (and still does offline); every attempt to
alter the call record is refused and the record is unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, select

from app.api_client import ApiClient
from app.services.feedback import FeedbackService
from app.services.quality import QualityService, build_timeline
from app.services.workspace import Workspace
from app.views import OutcomeDraft
from server import models as m
from server.quality.sampling import company_day
from tests.conftest import account
from tests.e2e.desktop import callable_rows, dialled, no_answer, open_desktop
from wire.quality import CriterionScore, ScoreIn
from wire.schema import Disposition, Objection, OutcomeAction


def _record_sale(ws: Workspace) -> str:
    for row in callable_rows(ws):
        d = ws.queue.detail(row.id)
        if d.offers and d.verdict.allowed:
            break
    else:
        raise AssertionError("no callable customer with an offer")
    mandatory = [s.id for s in d.steps if s.mandatory]
    dialled(ws, row.id)
    ws.queue.record_outcome(OutcomeDraft(
        queue_item_id=row.id, disposition=Disposition.ACCEPTED, offer_id=d.offers[0].offer.id,
        notes="Accepted the pack",
        steps_taken=["open", "identity", "needs", "pitch", *mandatory, "close"]))
    return row.id


def _server_outcome(db_url: str, item_id: str) -> dict[str, Any]:
    eng = create_engine(db_url)
    with eng.connect() as conn:
        row = conn.execute(select(m.CallOutcome).where(m.CallOutcome.queue_item_id == item_id)
                           .order_by(m.CallOutcome.received_at.desc())).mappings().first()
    eng.dispose()
    assert row is not None
    return dict(row)


def test_sampled_replayed_failed_fed_back_and_never_altered(
        fresh_server: dict[str, Any], tmp_path: Path) -> None:
    url, db_url, accounts = fresh_server["url"], fresh_server["db_url"], fresh_server["accounts"]
    agent = open_desktop(url, account(accounts, "agent"), tmp_path / "agent")
    try:
        agent.sync.run_once()
        item_id = _record_sale(agent)
        for row in callable_rows(agent)[:2]:
            agent.queue.record_outcome(no_answer(row))
        agent.sync.run_once()
        assert agent.queue.pending_count() == 0
        stored = _server_outcome(db_url, item_id)
        oid = stored["id"]

        # The checker: make room (the demo dealt qa1 the claim limit), draw the day.
        qa_acct = account(accounts, "qa")
        qa = ApiClient(url)
        qa.login(qa_acct["username"], qa_acct["password"])
        quality = QualityService(qa)
        for s in quality.samples("mine").samples[:3]:
            quality.release(s.id)
        day = company_day(stored["call_started_at"])
        quality.draw(day=day, per_agent=10)
        mine = {s.outcome_id: s for s in quality.samples("mine").samples}
        assert oid in mine, "the sale was sampled and dealt to the checker"
        sample = mine[oid]
        assert sample.stratum == "sale" and "*" in sample.phone_masked

        replay = quality.replay(oid)
        assert replay.call.phone_masked and replay.call.offer is not None
        timeline = build_timeline(replay)
        kinds = [e.kind for e in timeline]
        assert kinds[0] == "start" and "offer" in kinds and "disclosure" in kinds
        # The ticks the desktop timed during the call, at their own times (not estimated).
        ticked = {t.step_id: t.at for t in replay.call.disclosure_ticks}
        assert ticked and set(ticked) == set(replay.call.disclosures_ticked)
        assert replay.call.call_started_at is not None
        assert all(replay.call.call_started_at <= at for at in ticked.values())
        assert {e.ref for e in timeline if e.kind == "disclosure" and not e.estimated} \
            == set(ticked)
        assert kinds.index("hang_up") < kinds.index("disposition")
        rubric = quality.rubric()
        score = quality.submit(sample.id, ScoreIn(
            criteria=[CriterionScore(criterion_id=c.id, rating=4,
                                     comment="Good pitch" if c.id == "pitch" else "")
                      for c in rubric.criteria],
            critical=["misleading"], comment="Promised a free handset that the pack lacks"))
        assert score.total == 0 and not score.passed

        # The agent's desktop sees it, and keeps it for offline use.
        feedback = FeedbackService(agent.client, agent.engine)
        items = feedback.fetch().items
        assert items[0].outcome_id == oid and items[0].total == 0
        assert [c.id for c in items[0].critical] == ["misleading"]
        assert items[0].coaching_task_id and items[0].comment.startswith("Promised")
        fresh_server["server"].stop()
        try:
            assert feedback.fetch().items[0].score_id == score.id  # from the local cache
            assert feedback.offline
        finally:
            fresh_server["server"].restart()

        # Nobody can alter the record: not the API, not a replayed push with other content.
        for user_client in (agent.client, qa):
            for method in ("PUT", "PATCH", "DELETE"):
                r = httpx.request(method, f"{url}/api/v1/quality/calls/{oid}",
                                  headers={"Authorization": f"Bearer {user_client.token}"},
                                  json={"disposition": "no_answer"})
                assert r.status_code == 405 and r.json()["code"] == "record_immutable"
        forged = OutcomeAction(
            action_id=oid, created_at=stored["created_at"], queue_item_id=item_id,
            customer_id=stored["customer_id"], campaign_id=stored["campaign_id"],
            disposition=Disposition.NOT_INTERESTED, objection=Objection.PRICE, notes="never sold")
        result = agent.client.push([forged]).results[0]
        assert result.duplicate
        after = _server_outcome(db_url, item_id)
        assert after == stored
        qa.close()
    finally:
        agent.close()
