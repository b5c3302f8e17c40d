"""The change channel against the real server on a loopback port (issue 18): a desktop's
own push is answered with the server's state and does not come back in its pull or wake
its long poll; another desktop of the same agent, and changes by anyone else, still
arrive; an item that leaves the agent arrives as removed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select, update

from app.api_client import ApiClient
from app.services.workspace import Workspace
from app.store import repo
from app.store import tables as t
from server import models as sm
from tests.conftest import account
from tests.e2e.desktop import callable_rows, no_answer, open_desktop
from tests.support.items import add_item
from wire.schema import AssignRequest, QueueItemOut


def local_item(ws: Workspace, item_id: str) -> dict[str, Any] | None:
    with ws.engine.connect() as conn:
        row = conn.execute(select(t.queue_items.c.status, t.queue_items.c.attempts)
                           .where(t.queue_items.c.id == item_id)).mappings().first()
    return dict(row) if row is not None else None


def cursor(ws: Workspace) -> int:
    with ws.engine.connect() as conn:
        return repo.cursor(conn)


def test_own_push_is_answered_with_the_state_and_not_pulled_back(
        fresh_server: dict[str, Any], tmp_path: Path) -> None:
    agent = account(fresh_server["accounts"], "agent")
    a = open_desktop(fresh_server["url"], agent, tmp_path / "a")
    b = open_desktop(fresh_server["url"], agent, tmp_path / "b")  # the same agent, elsewhere
    try:
        a.sync.run_once()
        b.sync.run_once()
        row = callable_rows(a)[0]
        saved = a.queue.record_outcome(no_answer(row))
        assert saved.items == {row.id} and saved.day and saved.outbox and saved.action_id
        mine = local_item(a, row.id)

        result = a.sync.run_once()
        assert result.pushed == 1
        assert not result.queue_changed, "the pull brought nothing back: no echo"
        # the server's state arrived in the answer (its retry time is the server's own)
        assert result.changes.items <= {row.id}
        assert local_item(a, row.id) == mine
        since = cursor(a)
        assert not a.client.wait(since, 0.5).changed, "its own push does not wake it"

        # The agent's other desktop gets the change from the feed, as before.
        seen = b.sync.run_once()
        assert seen.queue_changed and row.id in seen.changes.items
        assert local_item(b, row.id) == mine

        # A change made on the other desktop arrives here (and wakes the long poll).
        other = next(r for r in callable_rows(b) if r.id != row.id)
        b.queue.record_outcome(no_answer(other))
        b.sync.run_once()
        assert a.client.wait(since, 5).changed
        came = a.sync.run_once()
        assert came.queue_changed and came.changes.items == {other.id}
        assert local_item(a, other.id) == local_item(b, other.id)
        assert local_item(a, other.id)["attempts"] == 1  # type: ignore[index]
    finally:
        a.close()
        b.close()


def test_push_answer_carries_a_do_not_call_flag_and_closes_every_item(
        fresh_server: dict[str, Any], tmp_path: Path) -> None:
    agent = account(fresh_server["accounts"], "agent")
    ws = open_desktop(fresh_server["url"], agent, tmp_path / "desk")
    try:
        ws.sync.run_once()
        row = callable_rows(ws)[0]
        flagged = ws.queue.flag_dnc(row.id, "asked not to be called")
        assert row.id in flagged.items and len(flagged.dnc) == 1
        assert row.id not in {r.id for r in ws.queue.list_queue()}
        result = ws.sync.run_once()
        assert not result.queue_changed and not result.dnc_changed, "no echo"
        assert result.changes.removed == {row.id}, "the server closed it: it leaves"
        assert local_item(ws, row.id) is None
        with ws.engine.connect() as conn:
            local = conn.execute(select(t.dnc.c.local)
                                 .where(t.dnc.c.phone_hash.in_(flagged.dnc))).scalars().all()
        assert local == [False], "the entry is the server's now"
    finally:
        ws.close()


def test_an_item_moved_to_another_agent_arrives_as_removed(
        fresh_server: dict[str, Any], tmp_path: Path) -> None:
    accounts = fresh_server["accounts"]
    ws = open_desktop(fresh_server["url"], account(accounts, "agent"), tmp_path / "desk")
    admin = ApiClient(fresh_server["url"])
    other = ApiClient(fresh_server["url"])
    try:
        ws.sync.run_once()
        row = callable_rows(ws)[0]
        admin.login(account(accounts, "admin")["username"], account(accounts, "admin")["password"])
        second = account(accounts, "agent", 1)
        other.login(second["username"], second["password"])
        admin.post_model(f"/api/v1/queue/{row.id}/assign",
                         AssignRequest(agent_id=other.me().id), QueueItemOut)
        result = ws.sync.run_once()
        assert result.changes.removed == {row.id} and not result.changes.items
        assert row.id not in {r.id for r in ws.queue.list_queue()}
    finally:
        admin.close()
        other.close()
        ws.close()


def test_a_call_from_another_queue_reaches_the_history_and_the_contact_cap(
        fresh_server: dict[str, Any], tmp_path: Path) -> None:
    """Two agents have the same customer in two campaigns' queues. The first one's call
    reaches the second one's desktop with the next sync, though the second one's item did
    not change: it shows in the history, and the contact cap counts it (one call a day
    here), so the second agent cannot dial the customer again today."""
    accounts = fresh_server["accounts"]
    engine = create_engine(fresh_server["db_url"])
    with engine.begin() as conn:
        conn.execute(update(sm.Campaign).values(max_calls_24h=1))
    engine.dispose()
    first, second = account(accounts, "agent", 0), account(accounts, "agent", 1)
    a = open_desktop(fresh_server["url"], first, tmp_path / "a")
    b = open_desktop(fresh_server["url"], second, tmp_path / "b")
    try:
        a.sync.run_once()
        row = callable_rows(a)[0]
        theirs = add_item(fresh_server["db_url"], row.customer_id, second["username"],
                          not_in_campaign=row.campaign_id)
        b.sync.run_once()
        assert theirs in {r.id for r in callable_rows(b)}

        saved = a.queue.record_outcome(no_answer(row))
        assert a.sync.run_once().pushed == 1
        came = b.sync.run_once()
        assert came.changes.items == {theirs}, "its row is read again"
        [now] = [r for r in b.queue.list_queue() if r.id == theirs]
        assert (now.callable_now, now.blocked_code, now.attempts) == (False, "cap_24h", 0)
        assert saved.action_id in {h.id for h in b.queue.detail(theirs).history}
    finally:
        a.close()
        b.close()
