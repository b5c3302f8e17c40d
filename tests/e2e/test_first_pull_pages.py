"""A long pull shows the queue from its first page (issue 19): each page committed while
more follow is reported, and the items it brought can be listed at that moment. The next
page is asked for while one is applied: a page that fails on its way leaves the pages
before it committed, each with its cursor, and the next cycle goes on from there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.errors import BadServerResponse, ServerUnreachable
from app.services.workspace import Workspace
from app.store import repo
from app.sync import SyncEngine, SyncResult
from tests.conftest import account
from tests.e2e.desktop import open_desktop
from tests.support.fault_proxy import FaultProxy


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


def _queue(ws: Workspace) -> list[tuple[str, str, int]]:
    return sorted((r.id, r.status.value, r.attempts) for r in ws.queue.list_queue())


def test_a_page_failing_while_the_one_before_is_applied_skips_nothing(
    demo_server: dict[str, Any], tmp_path: Path
) -> None:
    agent = account(demo_server["accounts"], "agent", 3)
    whole = open_desktop(demo_server["url"], agent, tmp_path / "whole")
    try:
        whole.sync.run_once()
        expected = _queue(whole)
    finally:
        whole.close()
    assert len(expected) > 20
    with FaultProxy(demo_server["url"], delay=1.0) as proxy:
        ws = open_desktop(proxy.url, agent, tmp_path / "broken")
        try:
            engine = SyncEngine(ws.engine, ws.client, page_limit=5, watch=False)
            cursors: list[int] = []

            def committed(_r: SyncResult) -> None:
                with ws.engine.connect() as conn:
                    cursors.append(repo.cursor(conn))
                if len(cursors) == 1:  # a request asked for while a page is applied fails
                    proxy.fault("truncate", path="/api/v1/sync/pull", times=1)

            engine.on_page(committed)
            with pytest.raises((BadServerResponse, ServerUnreachable)):
                engine.run_once()
            with ws.engine.connect() as conn:
                stopped_at = repo.cursor(conn)
            assert cursors and stopped_at == cursors[-1], "the pages before were committed"
            assert len(_queue(ws)) < len(expected), "stopped before the end"
            engine.run_once()  # the fault has passed: on from the committed cursor
            assert cursors == sorted(set(cursors)), "pages applied in order, each once"
            assert _queue(ws) == expected, "nothing skipped, nothing twice"
        finally:
            ws.close()
