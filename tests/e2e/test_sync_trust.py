"""Sync you can trust (issue 4): live do-not-call, a server restored from a backup, and
desktops whose clocks are an hour off. Desktop and server are the real ones."""

from __future__ import annotations

import shutil
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.api_client import ApiClient
from app.services.workspace import Workspace
from app.settings import Settings
from app.store import repo
from app.sync import SyncState
from app.views import OutcomeDraft
from tests.conftest import account
from tests.e2e.desktop import dialled, midday_clock, no_answer, open_desktop
from tests.e2e.desktop import wait_until as _until
from tests.e2e.test_sync_live import server_outcomes
from wire.schema import Disposition, DncAction, phone_hash


def test_do_not_call_reaches_another_running_desktop_within_5_seconds(
    fresh_server: dict[str, Any], tmp_path: Path
) -> None:
    slow = Settings(sync_interval_seconds=60)  # only the long poll can make it in time
    accts = fresh_server["accounts"]
    a = open_desktop(fresh_server["url"], account(accts, "agent", 0), tmp_path / "a",
                     settings=slow)
    b = open_desktop(fresh_server["url"], account(accts, "agent", 1), tmp_path / "b",
                     settings=slow)
    try:
        for ws in (a, b):
            ws.sync.run_once()
            ws.sync.start()
        assert _until(lambda: b.sync.status.state is SyncState.IDLE, 10)
        time.sleep(0.5)  # b's first cycle is over; its watcher is waiting
        row = a.queue.list_queue()[0]
        digest = phone_hash(a.queue.detail(row.id).customer.phone)

        def b_has_it() -> bool:
            with b.engine.connect() as conn:
                return repo.is_dnc(conn, digest)

        assert not b_has_it()
        t0 = time.monotonic()
        a.queue.flag_dnc(row.id, "customer asked not to be called")
        arrived = _until(b_has_it, 10)
        took = time.monotonic() - t0
        assert arrived, "the flag never reached the other desktop"
        assert took < 5, f"do-not-call took {took:.2f}s to reach the other desktop"
    finally:
        a.close()
        b.close()


def _files(db_url: str) -> list[Path]:
    main = Path(db_url.removeprefix("sqlite:///"))
    return [main] + [main.with_name(main.name + s) for s in ("-wal", "-shm")]


def _give_item_of_another_agent(db_url: str, agent_id: str) -> str:
    """Reassign one open item of another agent to `agent_id`, through the server's rules."""
    from sqlalchemy import select

    from server import models as m
    from server.db import make_engine
    from server.orm import session_factory
    from server.queue import reassign

    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as s:
            me = s.get(m.User, agent_id)
            item = s.scalars(select(m.QueueItem).where(
                m.QueueItem.agent_id != agent_id, m.QueueItem.status == "open")).first()
            assert me is not None and item is not None
            reassign(s, item, me, actor_id=agent_id)
            s.commit()
            return item.id
    finally:
        engine.dispose()


def test_server_restored_from_backup_desktop_starts_feed_again_keeping_outbox(
    fresh_server: dict[str, Any], tmp_path: Path
) -> None:
    srv, db_url = fresh_server["server"], fresh_server["db_url"]
    ws = open_desktop(fresh_server["url"], account(fresh_server["accounts"], "agent"), tmp_path)
    try:
        ws.sync.run_once()
        rows = ws.queue.list_queue()
        srv.stop()
        backup = tmp_path / "backup"
        backup.mkdir()
        for f in _files(db_url):
            if f.exists():
                shutil.copy2(f, backup / f.name)
        srv.restart()
        for r in rows[:5]:  # the feed moves on past the backup
            ws.queue.record_outcome(no_answer(r))
        moved_in = _give_item_of_another_agent(db_url, ws.user.id)
        ws.sync.run_once()
        assert moved_in in {r.id for r in ws.queue.list_queue()}
        with ws.engine.connect() as conn:
            ahead = repo.cursor(conn)
        srv.stop()
        for f in _files(db_url):
            f.unlink(missing_ok=True)
            if (backup / f.name).exists():
                shutil.copy2(backup / f.name, f)
        srv.restart()
        action = ws.queue.record_outcome(no_answer(rows[6])).action_id  # waits in the outbox
        ws.sync.run_once()  # push, pull -> 409 cursor_ahead -> pull from 0
        with ws.engine.connect() as conn:
            cursor = repo.cursor(conn)
        assert 0 < cursor < ahead
        assert ws.queue.pending_count() == 0
        assert server_outcomes(db_url, [action]) == {action: 1}
        listed = {r.id for r in ws.queue.list_queue()}
        assert listed, "the queue was pulled again"
        assert moved_in not in listed, "the restored server gives that item to its old agent"
    finally:
        ws.close()


def _sale(ws: Workspace, row_id: str) -> OutcomeDraft:
    """Dialled now (the desktop's clock), disclosures read out, the offer accepted."""
    detail = ws.queue.detail(row_id)
    dialled(ws, row_id)
    return OutcomeDraft(queue_item_id=row_id, disposition=Disposition.ACCEPTED,
                        offer_id=detail.offers[0].offer.id)


@pytest.mark.parametrize("shift_hours", [1, -1])
def test_sale_after_do_not_call_is_judged_on_server_time(
    fresh_server: dict[str, Any], tmp_path: Path, shift_hours: int
) -> None:
    shift = timedelta(hours=shift_hours)

    midday = midday_clock()  # the test server's clock reads midday too

    def clock() -> datetime:
        return midday() + shift

    accts = fresh_server["accounts"]
    ws = open_desktop(fresh_server["url"], account(accts, "agent"), tmp_path, clock=clock)
    admin = ApiClient(fresh_server["url"])
    admin.login(account(accts, "admin")["username"], account(accts, "admin")["password"])

    def flag(customer_id: str) -> None:
        res = admin.push([DncAction(action_id=str(uuid.uuid4()), created_at=datetime.now(UTC),
                                    customer_id=customer_id, reason="registry")])
        assert res.results[0].status == "accepted"

    try:
        ws.sync.run_once()  # measures the clock offset
        with ws.engine.connect() as conn:
            assert abs(repo.clock_offset(conn) + shift.total_seconds()) < 5
        rows = [r for r in ws.queue.list_queue() if ws.queue.detail(r.id).offers][:2]
        before, after = rows
        # The call began (desktop clock) before the number was flagged on the server.
        early = ws.queue.record_outcome(_sale(ws, before.id)).action_id
        # The gaps are wider than the offset's error can be (half a round trip, which a
        # loaded machine stretches): either side of a flag is then unambiguous.
        time.sleep(1.5)
        flag(before.customer_id)
        # This one began after the flag (the desktop had not pulled it yet).
        flag(after.customer_id)
        time.sleep(1.5)
        late = ws.queue.record_outcome(_sale(ws, after.id)).action_id
        ws.sync.run_once()
        with ws.engine.connect() as conn:
            rejected = {r["action_id"]: r["error_code"] for r in repo.rejected_actions(conn)}
        assert rejected == {late: "do_not_call"}
        assert server_outcomes(fresh_server["db_url"], [early, late]) == {early: 1}
    finally:
        admin.close()
        ws.close()


NEW_SCRIPT = """\
campaign: DATAPK
title: Data pack offer, with a new mandatory statement
steps:
  - {id: open, kind: say, title: Opening, text: "Hello {customer_name}. Hotline 10000.",
     next: terms}
  - {id: terms, kind: disclosure, title: Terms, mandatory: true,
     text: "{offer_price} yuan a month; cancel within 7 days free.", next: recording}
  - {id: recording, kind: disclosure, title: Recording notice, mandatory: true,
     text: "This call is recorded.", next: close}
  - {id: close, kind: close, title: Closing, text: "Thank you, {customer_name}."}
"""


def test_script_changed_mid_call_does_not_change_that_call(
    fresh_server: dict[str, Any], tmp_path: Path
) -> None:
    """Conflict rule: the call keeps the script version it began with. A newer version
    (with a mandatory statement the agent never saw) arrives mid-call; the sale is checked
    against, and recorded with, the version on the agent's screen."""
    import httpx

    accts = fresh_server["accounts"]
    ws = open_desktop(fresh_server["url"], account(accts, "agent"), tmp_path)
    admin = account(accts, "admin")
    try:
        ws.sync.run_once()
        shown = next(d for d in (ws.queue.detail(r.id) for r in ws.queue.list_queue())
                     if d.campaign and d.campaign.code == "DATAPK" and d.offers and d.script)
        assert shown.script is not None
        ws.queue.start_call(shown.queue_item_id)
        for step in shown.steps:
            if step.mandatory:
                ws.queue.tick_disclosure(shown.queue_item_id, step.id)
        with httpx.Client(base_url=fresh_server["url"]) as http:
            token = http.post("/api/v1/auth/login", json={
                "username": admin["username"], "password": admin["password"]}).json()["token"]
            r = http.post("/api/v1/admin/scripts", content=NEW_SCRIPT.encode(),
                          headers={"Authorization": f"Bearer {token}"})
            assert r.status_code == 200, r.text
        ws.sync.run_once()  # mid-call: the new version arrives
        newer = ws.queue.detail(shown.queue_item_id).script
        assert newer is not None and newer.version > shown.script.version
        ws.queue.end_call()
        sale = OutcomeDraft(
            queue_item_id=shown.queue_item_id, disposition=Disposition.ACCEPTED,
            offer_id=shown.offers[0].offer.id,
            script_id=shown.script.id, script_version=shown.script.version,
        )
        action = ws.queue.record_outcome(sale).action_id  # not refused for the new statement
        ws.sync.run_once()
        assert ws.queue.pending_count() == 0
    finally:
        ws.close()
    from sqlalchemy import create_engine, text

    eng = create_engine(fresh_server["db_url"])
    with eng.connect() as conn:
        stored = conn.execute(text("SELECT script_id, script_version FROM call_outcomes "
                                   "WHERE id = :a"), {"a": action}).one()
    eng.dispose()
    assert tuple(stored) == (shown.script.id, shown.script.version)


def test_a_restart_with_the_clock_set_right_is_judged_again_once_the_sync_measures_it(
    fresh_server: dict[str, Any], tmp_path: Path
) -> None:
    """The desktop ran an hour fast, then restarts with its clock set right (seen by hand,
    2026-12-05: every row "not callable: the clock changed, sync before dialling", and
    still so once back online, Ctrl+N finding no one). Until a sync measures the server's
    clock again no row is callable; the sync that does says so (`Changes.clock`), which
    lists the queue again; a sync that measures the same offset says nothing."""
    midday = midday_clock()
    fast = open_desktop(fresh_server["url"], account(fresh_server["accounts"], "agent"),
                        tmp_path, clock=lambda: midday() + timedelta(hours=1))
    try:
        first = fast.sync.run_once()  # the first measurement: the queue is listed anyway
        again = fast.sync.run_once()
        assert not first.changes.clock and not again.changes.clock
        assert any(r.callable_now for r in fast.queue.list_queue())
    finally:
        fast.close()
    right = open_desktop(fresh_server["url"], account(fresh_server["accounts"], "agent"),
                         tmp_path, clock=midday)
    try:
        rows = right.queue.list_queue()
        assert rows and {r.blocked_code for r in rows} == {"clock_jumped"}
        result = right.sync.run_once()
        assert result.changes.clock
        assert any(r.callable_now for r in right.queue.list_queue())
        assert not right.sync.run_once().changes.clock
    finally:
        right.close()
