"""Faults between desktop and server: a proxy on loopback breaks answers in the ways real
networks do; the sync engine must fail cleanly, apply nothing half, and deliver each action
exactly once when the fault clears. Also: server down at start, backoff, server SIGKILL."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import column, create_engine, select, table

from app import sync as sync_engine
from app.errors import BadServerResponse, CallsheetError, ServerUnreachable
from app.paths import Paths
from app.services.workspace import Workspace
from app.settings import Settings
from app.store import repo
from app.store import tables as t
from app.sync import Backoff, SyncState, SyncStatus
from tests.conftest import account
from tests.e2e.desktop import midday_clock, no_answer, open_desktop
from tests.e2e.desktop import wait_until as _until
from tests.e2e.test_sync_live import server_outcomes
from tests.support.bulk import queue_outcomes
from tests.support.fault_proxy import Fault, FaultProxy
from tests.support.live_server import LiveServer, seed_demo

CLIENT_TIMEOUT = 1.0


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One server for the fault matrix (each test uses its own desktop and items)."""
    db_url = f"sqlite:///{tmp_path_factory.mktemp('faults') / 'server.sqlite3'}"
    creds = seed_demo(db_url, customers=300, seed=9)
    with LiveServer(db_url) as srv, FaultProxy(srv.url, delay=CLIENT_TIMEOUT + 1.5) as proxy:
        yield {"url": srv.url, "db_url": db_url, "accounts": creds["accounts"], "proxy": proxy}


def _snapshot(ws: Workspace) -> tuple[int, list[tuple[str, str]]]:
    with ws.engine.connect() as conn:
        outbox = conn.execute(
            select(t.outbox.c.action_id, t.outbox.c.state).order_by(t.outbox.c.seq)
        ).all()
        return repo.cursor(conn), [(r[0], r[1]) for r in outbox]


_FAULTS: list[Fault] = ["error500", "delay", "truncate", "drop"]


@pytest.mark.parametrize("target", ["push", "pull"])
@pytest.mark.parametrize("fault", _FAULTS)
def test_fault_fails_cleanly_and_the_next_cycle_delivers_once(
    shared: dict[str, Any], tmp_path: Path, fault: Fault, target: str
) -> None:
    proxy: FaultProxy = shared["proxy"]
    agent = 2 * _FAULTS.index(fault) + (target == "pull")  # a different agent each
    ws = open_desktop(proxy.url, account(shared["accounts"], "agent", agent % 8), tmp_path)
    ws.client.timeout = CLIENT_TIMEOUT
    try:
        ws.sync.run_once()
        rows = ws.queue.list_queue()[:3]
        ids = [ws.queue.record_outcome(no_answer(r)).action_id for r in rows]
        cursor_before, outbox_before = _snapshot(ws)
        proxy.fault(fault, path=f"/api/v1/sync/{target}")
        with pytest.raises((ServerUnreachable, BadServerResponse)) as err:
            ws.sync.run_once()
        assert err.value.message and err.value.title
        cursor_after, outbox_after = _snapshot(ws)
        assert cursor_after == cursor_before, "no page was applied"
        if target == "push":
            assert outbox_after == outbox_before, "no acknowledgement, no change to the outbox"
        else:
            assert outbox_after == [], "the push went through; only the pull failed"
        proxy.clear()
        ws.sync.run_once()
        assert ws.queue.pending_count() == 0
        assert server_outcomes(shared["db_url"], ids) == {i: 1 for i in ids}
        assert _snapshot(ws)[0] > cursor_before
    finally:
        proxy.clear()
        ws.close()


def test_status_goes_offline_then_idle(shared: dict[str, Any], tmp_path: Path) -> None:
    proxy: FaultProxy = shared["proxy"]
    ws = open_desktop(proxy.url, account(shared["accounts"], "agent", 0), tmp_path,
                      settings=Settings(sync_interval_seconds=60))
    seen: list[SyncStatus] = []
    ws.sync.on_status(seen.append)
    try:
        ws.sync.run_once()
        proxy.fault("error500")
        ws.queue.record_outcome(no_answer(ws.queue.list_queue()[0]))
        ws.sync.start()
        assert _until(lambda: ws.sync.status.state is SyncState.OFFLINE, 10)
        offline = ws.sync.status
        assert offline.message and offline.pending == 1
        proxy.clear()
        ws.sync.sync_now()
        assert _until(lambda: ws.sync.status.state is SyncState.IDLE
                      and ws.sync.status.pending == 0, 10)
        states = [s.state for s in seen]
        first_offline = states.index(SyncState.OFFLINE)
        assert SyncState.IDLE in states[first_offline:]
    finally:
        proxy.clear()
        ws.close()


def test_backoff_grows_capped_and_jittered() -> None:
    a, b = Backoff(base=1.0, cap=60.0, rng=random.Random(1)), Backoff(rng=random.Random(2))
    da = [a.next_delay() for _ in range(10)]
    db = [b.next_delay() for _ in range(10)]
    assert da != db, "two desktops do not retry in step"
    for i, d in enumerate(da):
        assert 0 <= d <= min(60.0, 2.0**i)
    # The expected delay grows with the number of failures, up to the cap.
    means = []
    for n in (1, 3, 5, 8):
        samples = []
        for seed in range(300):
            bo = Backoff(base=1.0, cap=60.0, rng=random.Random(seed))
            samples.append([bo.next_delay() for _ in range(n)][-1])
        means.append(sum(samples) / len(samples))
    assert means == sorted(means) and means[-1] > 10 * means[0]
    assert max(samples) <= 60.0
    a.reset()
    assert a.next_delay() <= 1.0


def test_server_down_at_start_then_outcomes_arrive(
    fresh_server: dict[str, Any], tmp_path: Path
) -> None:
    srv = fresh_server["server"]
    acct = account(fresh_server["accounts"], "agent", 3)
    first = open_desktop(fresh_server["url"], acct, tmp_path)
    first.sync.run_once()  # the last pull while the server was up
    user, token = first.user, first.client.token
    first.close()
    srv.stop()
    assert token is not None
    ws = Workspace.open(paths=Paths.under(tmp_path), settings=Settings(sync_interval_seconds=60),
                        server_url=fresh_server["url"], user=user, token=token,
                        clock=midday_clock())
    try:
        ids = [ws.queue.record_outcome(no_answer(r)).action_id for r in ws.queue.list_queue()[:10]]
        ws.sync.start()
        assert _until(lambda: ws.sync.status.state is SyncState.OFFLINE, 10)
        assert ws.queue.pending_count() == 10
        srv.restart()
        ws.sync.sync_now()
        assert _until(lambda: ws.queue.pending_count() == 0, 15)
        assert _until(lambda: ws.sync.status.state is SyncState.IDLE, 5)
        assert server_outcomes(fresh_server["db_url"], ids) == {i: 1 for i in ids}
    finally:
        ws.close()


def test_server_killed_during_a_large_push_then_each_action_once(
    fresh_server: dict[str, Any], tmp_path: Path
) -> None:
    srv, db_url = fresh_server["server"], fresh_server["db_url"]
    ws = open_desktop(fresh_server["url"], account(fresh_server["accounts"], "agent", 4),
                      tmp_path)
    try:
        ws.sync.run_once()
        ids = queue_outcomes(ws.engine, 2000)
        errors: list[BaseException] = []

        def push() -> None:
            try:
                ws.sync.run_once()
            except CallsheetError as exc:
                errors.append(exc)

        pusher = threading.Thread(target=push)
        pusher.start()
        assert _until(lambda: len(server_outcomes(db_url, ids)) >= 600, 60, step=0.02)
        srv.kill()  # mid-push: the batch in flight is rolled back whole, its answer never sent
        pusher.join(30)
        assert errors and isinstance(errors[0], ServerUnreachable)
        stored = server_outcomes(db_url, ids)
        assert 600 <= len(stored) < 2000
        assert ws.queue.pending_count() > 2000 - len(stored) - 1
        srv.restart()
        ws.sync.run_once()
        assert ws.queue.pending_count() == 0
        assert server_outcomes(db_url, ids) == {i: 1 for i in ids}
    finally:
        ws.close()


def test_older_server_without_long_poll_falls_back_to_interval_polling(
    shared: dict[str, Any], tmp_path: Path
) -> None:
    """/sync/wait answers 404 (an older server): the watcher backs off quietly and the
    interval polling still brings the other desktop's do-not-call flag."""
    from wire.schema import phone_hash

    proxy: FaultProxy = shared["proxy"]
    accts = shared["accounts"]
    a = open_desktop(shared["url"], account(accts, "agent", 6), tmp_path / "a")
    b = open_desktop(proxy.url, account(accts, "agent", 7), tmp_path / "b",
                     settings=Settings(sync_interval_seconds=1))
    proxy.fault("not_found", path="/api/v1/sync/wait")
    try:
        a.sync.run_once()
        b.sync.run_once()
        b.sync.start()
        row = a.queue.list_queue()[0]
        digest = phone_hash(a.queue.detail(row.id).customer.phone)
        a.queue.flag_dnc(row.id, "asked not to be called")
        a.sync.run_once()

        def b_has_it() -> bool:
            with b.engine.connect() as conn:
                return repo.is_dnc(conn, digest)

        assert _until(b_has_it, 10)
        assert any(f == "not_found" for _, _, f in proxy.seen), "the watcher did try"
        assert b.sync.status.state in (SyncState.IDLE, SyncState.SYNCING)
    finally:
        proxy.clear()
        a.close()
        b.close()


def _item_states(rows: Any) -> dict[str, tuple[str, int]]:
    return {r[0]: (r[1], r[2]) for r in rows}


def test_a_backlog_keeps_each_answer_when_a_later_batch_fails(
    shared: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An offline day's backlog goes in batches, each answer stored while the next batch
    is on its way (app.sync's `_push_all`). A batch that fails leaves the answers received
    before it stored and the rest of the outbox as it was, in order; the next cycle sends
    the rest once, and the desktop ends with the server's state of every item: each item
    is called twice, in two batches, so an earlier answer stored after a later one would
    leave it one attempt behind. (Batches of 10 instead of 500: the items stay open.)"""
    monkeypatch.setattr(sync_engine, "MAX_PUSH_BATCH", 10)
    proxy: FaultProxy = shared["proxy"]
    ws = open_desktop(proxy.url, account(shared["accounts"], "agent", 5), tmp_path)
    ws.client.timeout = CLIENT_TIMEOUT
    try:
        ws.sync.run_once()
        with ws.engine.connect() as conn:
            before = _item_states(conn.execute(select(
                t.queue_items.c.id, t.queue_items.c.status, t.queue_items.c.attempts)))
        assert len(before) >= 15
        ids = queue_outcomes(ws.engine, 2 * len(before))
        proxy.fault("error500", path="/api/v1/sync/push", after=1, times=1)
        with pytest.raises((ServerUnreachable, BadServerResponse)):
            ws.sync.run_once()
        assert server_outcomes(shared["db_url"], ids) == {i: 1 for i in ids[:10]}
        _, outbox = _snapshot(ws)
        assert outbox == [(i, "pending") for i in ids[10:]], \
            "the first answer is stored; the rest wait, in the order queued"
        ws.sync.run_once()
        assert ws.queue.pending_count() == 0
        assert server_outcomes(shared["db_url"], ids) == {i: 1 for i in ids}
        with ws.engine.connect() as conn:
            mine = _item_states(conn.execute(select(
                t.queue_items.c.id, t.queue_items.c.status, t.queue_items.c.attempts)))
        server = create_engine(shared["db_url"])
        items = table("queue_items", column("id"), column("status"), column("attempts"))
        with server.connect() as conn:
            theirs = _item_states(conn.execute(select(items.c.id, items.c.status,
                                                      items.c.attempts)
                                               .where(items.c.id.in_(list(before)))))
        server.dispose()
        # (an item whose attempts ran out is closed, and leaves the desktop's queue)
        still_open = {i: s for i, s in theirs.items() if s[0] != "closed"}
        assert mine == still_open
        assert len(mine) >= 10
        assert all(mine[i][1] == before[i][1] + 2 for i in mine), "both calls counted"
    finally:
        proxy.clear()
        ws.close()
