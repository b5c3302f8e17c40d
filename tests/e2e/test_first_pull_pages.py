"""A long pull shows the queue from its first page (issue 19): each page committed while
more follow is reported, and the items it brought can be listed at that moment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.services.workspace import Workspace
from app.sync import SyncEngine, SyncResult
from tests.conftest import account
from tests.e2e.desktop import open_desktop


def test_each_page_but_the_last_is_reported_with_its_items_listable(
    demo_server: dict[str, Any], tmp_path: Path
) -> None:
    ws: Workspace = open_desktop(demo_server["url"], account(demo_server["accounts"], "agent", 2),
                                 tmp_path)
    try:
        # the same store and client, pulling in pages of 5 instead of the server's 500
        engine = SyncEngine(ws.engine, ws.client, page_limit=5, watch=False)
        seen: list[tuple[SyncResult, int]] = []
        engine.on_page(lambda r: seen.append((r, len(ws.queue.list_queue()))))
        cycle = engine.run_once()
        total = len(ws.queue.list_queue())
    finally:
        ws.close()
    assert len(seen) >= 2, "several pages before the last"
    listed_at_first_item = next(n for r, n in seen if r.queue_changed)
    assert 0 < listed_at_first_item < total, "the queue was listable before the pull ended"
    assert cycle.queue_changed and total > 0
