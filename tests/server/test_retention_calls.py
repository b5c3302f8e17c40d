"""Retention of call records (`callsheet-server purge`, server/retention_calls.py) on
SQLite and PostgreSQL: past the policy (two years; a sale two years past its contract's
end) a call record's notes are erased and the record itself kept; within it nothing
changes; `--dry-run` counts and touches nothing; less than two years is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import DatabaseError

from server import models as m
from server.cli import main as server_cli
from server.db import make_engine
from tests.server.conftest import Api, outcome
from tests.server.test_retention import _count, _run


def _days_ago(days: int) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


def _scalars(url: str, stmt: Any) -> list[Any]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.scalars(stmt))
    finally:
        engine.dispose()


def _insert(url: str, rows: list[dict[str, Any]]) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(insert(m.CallOutcome), rows)
    finally:
        engine.dispose()


def _notes(url: str) -> dict[str, str]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return dict(conn.execute(select(m.CallOutcome.id, m.CallOutcome.notes)).all())
    finally:
        engine.dispose()


def test_call_records_past_the_policy_lose_their_notes_and_stay(
    api: Api, capsys: pytest.CaptureFixture[str]
) -> None:
    agent = api.account("agent")["username"]
    item = next(iter(api.pull_all(agent)["queue_items"].values()))
    template = outcome(item, notes="customer said: call my wife Li Na after six")
    assert api.push(agent, [template])[0]["status"] == "accepted"
    offers = _scalars(api.db_url, select(m.Offer.id).order_by(m.Offer.id).limit(2))
    offer, other = offers[0], offers[1]
    _run(api.db_url, update(m.Offer).where(m.Offer.id == offer).values(term_months=12),
         update(m.Offer).where(m.Offer.id == other).values(term_months=0))
    # Calls of long ago, written as the server would have stored them then (the table is
    # append-only: they are inserted, not back-dated).
    engine = make_engine(api.db_url)
    with engine.connect() as conn:
        base = dict(conn.execute(select(m.CallOutcome.__table__).where(
            m.CallOutcome.id == template["action_id"])).mappings().one())
    engine.dispose()
    plan = {"old": (800, "no_answer", None), "recent": (700, "no_answer", None),
            "sale_in_term": (800, "accepted", offer),
            "sale_after_term": (1200, "accepted", offer),
            "no_term_sale": (800, "accepted", other)}
    ids = {name: f"old-call-{name}" for name in plan}
    _insert(api.db_url, [
        {**base, "id": ids[name], "created_at": _days_ago(d), "received_at": _days_ago(d),
         "disposition": disp, "offer_id": off, "notes": f"{name}: call my wife Li Na"}
        for name, (d, disp, off) in plan.items()])
    before = _notes(api.db_url)
    # the seeded history is younger than two years: only ours are candidates
    expected = {"old", "sale_after_term", "no_term_sale"}

    assert server_cli(["purge", "--dry-run", "--database-url", api.db_url]) == 0
    out = capsys.readouterr().out
    assert "Dry run: nothing deleted." in out
    assert f": {len(expected)} would have their notes erased" in out, out
    assert _notes(api.db_url) == before

    assert server_cli(["purge", "--database-url", api.db_url]) == 0
    assert f": {len(expected)} had their notes erased" in capsys.readouterr().out
    after = _notes(api.db_url)
    assert set(after) == set(before), "no call record is deleted"
    for name, action_id in ids.items():
        assert (after[action_id] == "") == (name in expected), name
    assert {k: v for k, v in after.items() if k not in ids.values()} == \
        {k: v for k, v in before.items() if k not in ids.values()}
    assert _count(api.db_url, select(func.count()).select_from(m.AuditLog).where(
        m.AuditLog.action == "retention.call_notes_erased")) == 1

    # a second run finds nothing left to do
    assert server_cli(["purge", "--database-url", api.db_url]) == 0
    assert ": 0 had their notes erased" in capsys.readouterr().out
    # the calls of today keep their notes
    assert after[template["action_id"]] == template["notes"]


def test_a_call_retention_under_two_years_is_refused(
    api: Api, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert server_cli(["purge", "--database-url", api.db_url, "--call-age-days", "365"]) == 2
    assert "at least 730 days" in capsys.readouterr().err
    monkeypatch.setenv("CALLSHEET_CALL_RETENTION_DAYS", "100")
    assert server_cli(["purge", "--dry-run", "--database-url", api.db_url]) == 2


def test_the_database_lets_only_the_erasing_of_notes_through(api: Api) -> None:
    """The append-only guard (migrations 0004, 0010): every column but the notes is
    refused, notes set to anything but '' are refused, erasing them is allowed."""
    agent = api.account("agent")["username"]
    item = next(iter(api.pull_all(agent)["queue_items"].values()))
    body = outcome(item, notes="to be erased")
    assert api.push(agent, [body])[0]["status"] == "accepted"
    oid = body["action_id"]
    engine = make_engine(api.db_url)
    try:
        with engine.connect() as conn:
            row = conn.execute(select(m.CallOutcome.__table__)
                               .where(m.CallOutcome.id == oid)).mappings().one()
            conn.rollback()
            for col in m.CallOutcome.__table__.columns:
                if col.key == "notes":
                    continue
                stmt = (update(m.CallOutcome).where(m.CallOutcome.id == oid)
                        .values({col.key: row[col.key]}))  # even unchanged
                with pytest.raises(DatabaseError, match="append-only"), conn.begin():
                    conn.execute(stmt)
            with pytest.raises(DatabaseError, match="append-only"), conn.begin():
                conn.execute(update(m.CallOutcome).where(m.CallOutcome.id == oid)
                             .values(notes="rewritten"))
            with conn.begin():
                conn.execute(update(m.CallOutcome).where(m.CallOutcome.id == oid)
                             .values(notes=""))
            assert conn.scalar(select(m.CallOutcome.notes)
                               .where(m.CallOutcome.id == oid)) == ""
            conn.rollback()
            with pytest.raises(DatabaseError, match="append-only"), conn.begin():
                conn.execute(delete(m.CallOutcome).where(m.CallOutcome.id == oid))
    finally:
        engine.dispose()
