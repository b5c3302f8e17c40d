"""During a long pull the sync bridge hands each page's changes to the hub as it is
committed (the queue is usable from the first page), and at the cycle's end only what the
pages did not already show, so no row is drawn twice for one pull."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine

from app.api_client import ApiClient
from app.changes import Changes
from app.sync import SyncEngine, SyncResult
from ui.change_hub import ChangeHub
from ui.sync_bridge import SyncBridge


def test_pages_are_drawn_as_they_come_and_the_end_adds_only_the_rest(qtbot: QtBot) -> None:
    client = ApiClient("http://127.0.0.1:9")  # never started: only its listeners are used
    engine = SyncEngine(create_engine("sqlite://"), client, watch=False)
    hub = ChangeHub()
    bridge = SyncBridge(engine, hub)
    got: list[Changes] = []
    hub.changed.connect(got.append)

    first, second = Changes.of(items={"a", "b"}, day=True), Changes.of(items={"c"})
    for page in (first, second):
        engine._page_applied(_page(), page)  # type: ignore[arg-type]  # as the engine does while more pages follow
    assert got == [first, second], "each page drawn as soon as it was committed"

    whole = first | second | Changes.of(items={"d"}, removed={"x"})
    bridge._from_engine(SyncResult(changes=whole, shown_in_pages=first | second))  # the end
    assert got[2] == Changes.of(items={"d"}, removed={"x"}), "only what no page showed"

    bridge._from_engine(SyncResult(changes=Changes.of(items={"e"})))  # a short pull: all of it
    assert got[3] == Changes.of(items={"e"})
    client.close()


def _page() -> object:
    from datetime import UTC, datetime

    from wire.schema import PullResponse

    return PullResponse(cursor=1, has_more=True, server_time=datetime.now(UTC))


def test_what_the_last_page_touched_again_is_redrawn() -> None:
    shown = Changes.of(items={"a", "b"})
    last = Changes.of(items={"b"})
    assert shown.without(last) == Changes.of(items={"a"})
    assert (shown | last).without(shown.without(last)) == Changes.of(items={"b"})
