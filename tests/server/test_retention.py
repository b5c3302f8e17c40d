"""Retention (`callsheet-server purge`, server/retention.py) on SQLite and PostgreSQL:
answered action ids past their age go (a resend after that is still answered honestly),
and the change feed is compacted behind the desktops' cursors without changing what any
desktop ends up with."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update

from server import models as m
from server.cli import main as server_cli
from server.db import make_engine
from server.lead.models import UserSeen
from server.orm import session_factory
from tests.server.conftest import Api, outcome

ADMIN_AGE = ["--action-age-days", "30"]


def _count(url: str, stmt: Any) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.scalar(stmt) or 0)
    finally:
        engine.dispose()


def _run(url: str, *sql: Any) -> None:
    engine = make_engine(url)
    try:
        with session_factory(engine)() as s:
            for stmt in sql:
                s.execute(stmt)
            s.commit()
    finally:
        engine.dispose()


def _user_id(api: Api, role: str, index: int = 0) -> str:
    return str(api.client.get("/api/v1/me", headers=api.headers(
        api.account(role, index)["username"])).json()["id"])


def test_answered_actions_past_their_age_go_and_a_late_resend_is_still_a_duplicate(
    api: Api, capsys: pytest.CaptureFixture[str]
) -> None:
    agent = api.account("agent")["username"]
    items = list(api.pull_all(agent)["queue_items"].values())
    long_ago = (datetime.now(UTC) - timedelta(days=40)).isoformat()
    old = [outcome(items[0], created_at=long_ago), outcome(items[1], created_at=long_ago)]
    new = [outcome(items[2])]
    assert [r["status"] for r in api.push(agent, old + new)] == ["accepted"] * 3
    _run(api.db_url, update(m.ClientAction)  # as if received 40 days ago
         .where(m.ClientAction.action_id.in_([a["action_id"] for a in old]))
         .values(received_at=datetime.now(UTC) - timedelta(days=40)))
    total = _count(api.db_url, select(func.count()).select_from(m.ClientAction))

    assert server_cli(["purge", "--dry-run", "--database-url", api.db_url, *ADMIN_AGE]) == 0
    out = capsys.readouterr().out
    assert "Dry run" in out and ": 2 would be deleted" in out
    assert _count(api.db_url, select(func.count()).select_from(m.ClientAction)) == total

    assert server_cli(["purge", "--database-url", api.db_url, *ADMIN_AGE]) == 0
    assert ": 2 deleted" in capsys.readouterr().out
    assert _count(api.db_url, select(func.count()).select_from(m.ClientAction)) == total - 2
    # The desktop never heard the answer and sends both again: the records answer.
    again = api.push(agent, old + new)
    assert [(r["status"], r["duplicate"]) for r in again] == [("accepted", True)] * 3
    assert _count(api.db_url, select(func.count()).select_from(m.CallOutcome).where(
        m.CallOutcome.id.in_([a["action_id"] for a in old]))) == 2


def test_action_age_below_the_desktops_offline_limit_is_refused(
    api: Api, capsys: pytest.CaptureFixture[str]
) -> None:
    assert server_cli(["purge", "--database-url", api.db_url, "--action-age-days", "1"]) == 2
    assert "at least 2 days" in capsys.readouterr().err


def test_a_pull_records_its_cursor_for_retention(api: Api) -> None:
    agent = api.account("agent", 1)["username"]
    r = api.client.get("/api/v1/sync/pull", params={"since": 3},  # its first request
                       headers=api.headers(agent))
    assert r.status_code == 200
    uid = _user_id(api, "agent", 1)
    assert _count(api.db_url, select(UserSeen.pull_cursor).where(UserSeen.user_id == uid)) == 3


def _state(api: Api, username: str) -> dict[str, Any]:
    """What a desktop reading from 0 ends with: open items and their states, DNC."""
    got = api.pull_all(username, limit=37)  # several pages
    return {"items": {i: (q["status"], q["attempts"]) for i, q in got["queue_items"].items()
                      if q["status"] != "closed"},
            "dnc": sorted(d["phone_hash"] for d in got["dnc"])}


def test_feed_compaction_keeps_every_desktops_result_and_sends_laggards_to_zero(
    api: Api, capsys: pytest.CaptureFixture[str]
) -> None:
    a1, a2 = api.account("agent", 0)["username"], api.account("agent", 1)["username"]
    id1, id2 = _user_id(api, "agent", 0), _user_id(api, "agent", 1)
    admin = api.headers(api.account("admin")["username"])
    start = api.pull_all(a1)
    laggard_cursor = start["cursor"]
    items = list(start["queue_items"].values())
    # Items move back and forth (superseded rows), one ends with agent 2 (agent 1's row
    # for it is dead), and outcomes change others.
    for item in items[:3]:
        for to in (id2, id1, id2):
            r = api.client.post(f"/api/v1/queue/{item['id']}/assign", json={"agent_id": to},
                                headers=admin)
            assert r.status_code == 200, r.text
    api.push(a1, [outcome(q) for q in items[3:6]])
    before = {u: _state(api, u) for u in (a1, a2)}
    top = api.pull_all(a1)["cursor"]
    now = datetime.now(UTC)
    # Agent 1's desktop pulled up to the top just now; agent 2's desktop was last seen
    # long ago (beyond the age: not waited for); the laggard is a third desktop of agent 1
    # that stopped at `laggard_cursor` (its row was written over by the newer pull).
    _run(api.db_url,
         update(UserSeen).where(UserSeen.user_id == id1).values(pull_cursor=top,
                                                                 last_seen_at=now),
         update(UserSeen).where(UserSeen.user_id == id2).values(
             pull_cursor=1, last_seen_at=now - timedelta(days=90)))
    rows = _count(api.db_url, select(func.count()).select_from(m.SyncChange))

    assert server_cli(["purge", "--dry-run", "--database-url", api.db_url, *ADMIN_AGE]) == 0
    dry = capsys.readouterr().out
    assert _count(api.db_url, select(func.count()).select_from(m.SyncChange)) == rows
    assert server_cli(["purge", "--database-url", api.db_url, *ADMIN_AGE]) == 0
    done = capsys.readouterr().out
    assert dry.replace("would be deleted", "deleted").splitlines()[1:3] == \
        done.splitlines()[:2], (dry, done)
    left = _count(api.db_url, select(func.count()).select_from(m.SyncChange))
    assert left < rows
    assert f"behind seq {top}" in done

    assert {u: _state(api, u) for u in (a1, a2)} == before, "reading from 0: same result"
    # The laggard's cursor is below the compaction: the pull says so (the desktop then
    # reads again from 0: app.store.repo.cursor_is_stale); a current desktop's is not.
    r = api.client.get("/api/v1/sync/pull", params={"since": laggard_cursor},
                       headers=api.headers(a1))
    assert r.json()["compacted_through"] == top > laggard_cursor
    # Running it again finds nothing more to do.
    assert server_cli(["purge", "--database-url", api.db_url, *ADMIN_AGE]) == 0
    assert " 0 superseded rows and 0 rows" in capsys.readouterr().out
