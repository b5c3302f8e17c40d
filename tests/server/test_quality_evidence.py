"""Evidence stays evidence: a synced call record can be annotated, never altered - not by
the agent, the checker, an admin or the API - and the database itself refuses it."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import create_engine, delete, select, text, update
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from server import models as m
from server.quality.models import QaAnnotation, QaScore
from tests.server.conftest import Api
from tests.server.quality_support import day_of_calls

Q = "/api/v1/quality"


def _row(api: Api, oid: str) -> dict[str, Any]:
    eng = create_engine(api.db_url)
    with Session(eng) as s:
        o = s.get(m.CallOutcome, oid)
        assert o is not None
        row = {c.key: getattr(o, c.key) for c in m.CallOutcome.__table__.columns}
    eng.dispose()
    return row


def _audit(api: Api, oid: str) -> list[str]:
    eng = create_engine(api.db_url)
    with Session(eng) as s:
        out = list(s.scalars(select(m.AuditLog.action).where(m.AuditLog.entity_id == oid)
                             .order_by(m.AuditLog.id)))
    eng.dispose()
    return out


def test_a_second_push_with_the_same_id_and_other_content_changes_nothing(api: Api) -> None:
    bodies = day_of_calls(api, "agent1")
    first = bodies["sale"]
    before = _row(api, first["action_id"])
    forged = {**first, "disposition": "not_interested", "notes": "never sold anything",
              "disclosures_ticked": [], "talk_seconds": 1, "offer_id": None,
              "objection": "price"}
    result = api.push("agent1", [forged])[0]
    assert result["duplicate"] and result["status"] == "accepted"
    assert _row(api, first["action_id"]) == before
    # Another account re-using the id is refused and changes nothing either.
    other = api.push("agent2", [forged])[0]
    assert other["status"] == "rejected" and other["code"] == "action_id_conflict"
    assert _row(api, first["action_id"]) == before


def test_no_route_alters_a_call_record_and_an_attempt_is_refused_and_audited(api: Api
                                                                             ) -> None:
    bodies = day_of_calls(api, "agent1")
    oid = bodies["sale"]["action_id"]
    before = _row(api, oid)
    for route in api.client.app.routes:  # type: ignore[attr-defined]
        methods: set[str] = getattr(route, "methods", None) or set()
        path = getattr(route, "path", "")
        if methods & {"PUT", "PATCH", "DELETE"}:
            assert path == Q + "/calls/{outcome_id}", f"{methods} {path} could alter records"
    for user in ("agent1", "qa1", "admin", "lead1"):
        for method in ("PUT", "PATCH", "DELETE"):
            r = api.client.request(method, f"{Q}/calls/{oid}", headers=api.headers(user),
                                   json={"disposition": "no_answer", "notes": "edited"})
            assert r.status_code == 405 and r.json()["code"] == "record_immutable", r.text
    assert _row(api, oid) == before
    assert _audit(api, oid).count("call_outcome.alter_refused") == 12


def test_annotations_are_separate_rows_beside_the_unchanged_record(api: Api) -> None:
    bodies = day_of_calls(api, "agent1")
    oid = bodies["dnc"]["action_id"]
    before = _row(api, oid)
    for user, note in (("qa1", "Customer's refusal is clear at 0:35"),
                       ("lead1", "Discussed in coaching")):
        r = api.client.post(f"{Q}/calls/{oid}/annotations", json={"text": note},
                            headers=api.headers(user))
        assert r.status_code == 200, r.text
    r = api.client.post(f"{Q}/calls/{oid}/annotations", json={"text": "mine"},
                        headers=api.headers("agent1"))
    assert r.status_code == 403
    notes = api.client.get(f"{Q}/calls/{oid}/annotations", headers=api.headers("qa1")).json()
    assert [n["text"] for n in notes] == ["Customer's refusal is clear at 0:35",
                                          "Discussed in coaching"]
    replay = api.client.get(f"{Q}/calls/{oid}", headers=api.headers("qa1")).json()
    assert len(replay["annotations"]) == 2 and replay["call"]["notes"] == before["notes"]
    assert _row(api, oid) == before
    assert _audit(api, oid).count("quality.annotate") == 2


@pytest.mark.parametrize("table", ["call_outcomes", "qa_annotations", "qa_scores",
                                   "audit_log"])
def test_the_database_refuses_update_and_delete_of_evidence(api: Api, table: str) -> None:
    bodies = day_of_calls(api, "agent1")
    oid = bodies["sale"]["action_id"]
    api.client.post(f"{Q}/calls/{oid}/annotations", json={"text": "fine"},
                    headers=api.headers("qa1"))
    for s_ in api.client.get(Q + "/samples", headers=api.headers("qa1")).json()["samples"][:1]:
        api.client.post(f"{Q}/samples/{s_['id']}/release", headers=api.headers("qa1"))
    sample = api.client.post(f"{Q}/calls/{oid}/sample", headers=api.headers("qa1")).json()
    rub = api.client.get(Q + "/rubric", headers=api.headers("qa1")).json()
    r = api.client.post(f"{Q}/samples/{sample['id']}/scores", headers=api.headers("qa1"),
                        json={"criteria": [{"criterion_id": c["id"], "rating": 3}
                                           for c in rub["criteria"]]})
    assert r.status_code == 200, r.text
    model: Any = {"call_outcomes": m.CallOutcome, "qa_annotations": QaAnnotation,
                  "qa_scores": QaScore, "audit_log": m.AuditLog}[table]
    column = {"call_outcomes": "notes", "qa_annotations": "text", "qa_scores": "comment",
              "audit_log": "action"}[table]
    eng = create_engine(api.db_url)
    try:
        with eng.connect() as conn:
            n = conn.execute(select(text("count(*)")).select_from(model)).scalar()
            conn.rollback()
            assert n and n > 0
            for stmt in (update(model).values({column: "altered"}), delete(model)):
                with pytest.raises(DatabaseError, match="append-only"), conn.begin():
                    conn.execute(stmt)
            assert conn.execute(select(text("count(*)")).select_from(model)).scalar() == n
    finally:
        eng.dispose()
    assert _row(api, oid)["notes"] == bodies["sale"]["notes"]
