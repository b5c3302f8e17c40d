"""The sync bridge lists the queue once during a long pull (from its first page that
brought items) and again when the pull is complete, not after every page."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine

from app.api_client import ApiClient
from app.sync import SyncEngine, SyncResult, SyncState, SyncStatus
from ui.sync_bridge import SyncBridge


def test_one_reload_per_long_pull_from_its_first_queue_page(qtbot: QtBot) -> None:
    client = ApiClient("http://127.0.0.1:9")  # never started: only its listeners are used
    engine = SyncEngine(create_engine("sqlite://"), client, watch=False)
    bridge = SyncBridge(engine, coalesce_ms=10_000)
    reloads: list[int] = []
    bridge.queue_dirty.connect(lambda: reloads.append(1))
    bridge.page_applied.emit(SyncResult(reference_changed=True))  # campaigns only
    assert reloads == []
    for _ in range(3):
        bridge.page_applied.emit(SyncResult(queue_changed=True))
    assert reloads == [1], "listed at the first page with items, not at every page"
    bridge.changes.emit(SyncResult(queue_changed=True))  # the cycle ends (coalesced timer)
    bridge.status_changed.emit(SyncStatus(state=SyncState.IDLE))
    bridge.page_applied.emit(SyncResult(queue_changed=True))  # the next long pull
    assert reloads == [1, 1]
    bridge.status_changed.emit(SyncStatus(state=SyncState.OFFLINE))  # it broke off
    bridge.page_applied.emit(SyncResult(queue_changed=True))
    assert reloads == [1, 1, 1]
    client.close()
