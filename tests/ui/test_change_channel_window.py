"""The agent's window on the change channel, against the real server (issue 18): a change
made on the agent's other desktop redraws that one row (no listing of the queue, no model
reset), an item moved to another agent leaves the table, and a save lists nothing and
runs one sync cycle, which brings nothing back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from app.api_client import ApiClient
from app.services.workspace import Workspace
from tests.conftest import account
from tests.e2e.desktop import callable_rows, midday_clock, no_answer, open_desktop
from ui.main_window import MainWindow
from ui.tasks import TaskManager
from wire.schema import AssignRequest, Disposition, QueueItemOut


class Counted:
    """Whole queue listings, sync cycles and model resets of one window."""

    def __init__(self, ws: Workspace, win: MainWindow) -> None:
        self.listings = self.cycles = self.resets = 0
        self.results: list[Any] = []
        list_queue, run_once = ws.queue.list_queue, ws.sync.run_once

        def listing(**kw: Any) -> Any:
            self.listings += 1
            return list_queue(**kw)

        def cycle() -> Any:
            self.cycles += 1
            result = run_once()
            self.results.append(result)
            return result

        ws.queue.list_queue = listing  # type: ignore[method-assign]
        ws.sync.run_once = cycle  # type: ignore[method-assign]
        win.queue_panel.model.modelReset.connect(self._reset)

    def _reset(self) -> None:
        self.resets += 1

    def zero(self) -> None:
        self.listings = self.cycles = self.resets = 0
        self.results.clear()


def started(qtbot: QtBot, tasks: TaskManager, ws: Workspace) -> tuple[MainWindow, Counted]:
    win = MainWindow(ws, tasks)
    qtbot.addWidget(win)
    counted = Counted(ws, win)
    win.show()
    win.start()
    qtbot.waitUntil(lambda: win.queue_panel.model.rowCount() > 0 and not tasks.busy,
                    timeout=20000)
    qtbot.waitUntil(lambda: counted.cycles >= 1 and not tasks.busy, timeout=20000)
    qtbot.wait(600)  # the first cycle's changes drawn
    return win, counted


def test_another_desktops_change_redraws_that_row_only(
        fresh_server: dict[str, Any], tmp_path: Path, qtbot: QtBot, tasks: TaskManager
) -> None:
    agent = account(fresh_server["accounts"], "agent")
    clock = midday_clock()
    other = open_desktop(fresh_server["url"], agent, tmp_path / "other", clock=clock)
    ws = open_desktop(fresh_server["url"], agent, tmp_path / "desk", clock=clock)
    try:
        ws.sync.run_once()
        other.sync.run_once()
        win, counted = started(qtbot, tasks, ws)
        model = win.queue_panel.model
        target = callable_rows(other)[-1]
        before = model.rows()
        assert model.row_at(model.index_of(target.id)).attempts == 0  # type: ignore[union-attr]
        changed: list[int] = []
        model.dataChanged.connect(lambda a, b, *_: changed.extend(range(a.row(), b.row() + 1)))
        model.rowsMoved.connect(lambda *_: changed.append(-1))
        counted.zero()

        other.queue.record_outcome(no_answer(target))  # the agent's other desktop
        other.sync.run_once()  # the watcher wakes this window's engine

        def redrawn() -> bool:
            row = model.row_at(model.index_of(target.id))
            return row is not None and row.attempts == 1
        qtbot.waitUntil(redrawn, timeout=20000)
        qtbot.waitUntil(lambda: not tasks.busy, timeout=5000)
        assert counted.listings == 0 and counted.resets == 0, "no listing, no reset"
        assert {r.id for r in model.rows()} == {r.id for r in before}
        for r in model.rows():  # every other row is the one drawn before
            if r.id != target.id:
                assert r == next(b for b in before if b.id == r.id)
        assert changed, "that row was redrawn (in place or moved to its place)"

        # An item moved to another agent leaves the table, again without a listing.
        gone = next(r for r in model.rows() if r.callable_now and r.id != target.id)
        admin = ApiClient(fresh_server["url"])
        second = ApiClient(fresh_server["url"])
        try:
            creds = account(fresh_server["accounts"], "admin")
            admin.login(creds["username"], creds["password"])
            creds = account(fresh_server["accounts"], "agent", 1)
            second.login(creds["username"], creds["password"])
            admin.post_model(f"/api/v1/queue/{gone.id}/assign",
                             AssignRequest(agent_id=second.me().id), QueueItemOut)
        finally:
            admin.close()
            second.close()
        qtbot.waitUntil(lambda: model.index_of(gone.id) < 0, timeout=20000)
        assert counted.listings == 0 and counted.resets == 0
    finally:
        other.close()


def test_a_save_lists_nothing_and_syncs_once_without_an_echo(
        fresh_server: dict[str, Any], tmp_path: Path, qtbot: QtBot, tasks: TaskManager
) -> None:
    agent = account(fresh_server["accounts"], "agent")
    ws = open_desktop(fresh_server["url"], agent, tmp_path / "desk")
    ws.sync.run_once()
    win, counted = started(qtbot, tasks, ws)
    win.queue_panel.select_next_callable()

    def chosen_shown() -> bool:  # the detail of the row just chosen, not the one before it
        row = win.queue_panel.current_row()
        return row is not None and win.detail is not None \
            and win.detail.queue_item_id == row.id
    qtbot.waitUntil(chosen_shown, timeout=10000)
    first = win.detail
    assert first is not None
    qtbot.waitUntil(lambda: not tasks.busy, timeout=5000)
    counted.zero()

    win.outcome.choose(Disposition.NO_ANSWER)
    win.save_and_next()
    qtbot.waitUntil(lambda: win.detail is not None
                    and win.detail.queue_item_id != first.queue_item_id, timeout=10000)
    qtbot.waitUntil(lambda: ws.queue.pending_count() == 0 and counted.cycles >= 1,
                    timeout=20000)
    qtbot.wait(1500)  # an echo, or a watcher's wake, would run a second cycle by now
    assert counted.cycles == 1, "one cycle: the push; no echo, no second pull"
    assert not counted.results[0].queue_changed, "the pull brought nothing back"
    assert counted.listings == 0 and counted.resets == 0
    model = win.queue_panel.model

    def saved_row() -> Any:
        return model.row_at(model.index_of(first.queue_item_id))

    # The saved row is re-read on the database thread after the save (slow on a busy machine).
    qtbot.waitUntil(lambda: saved_row() is not None and saved_row().attempts == 1,
                    timeout=10000)
    assert not saved_row().callable_now
    assert counted.listings == 0 and counted.resets == 0
    current = win.queue_panel.current_row()
    assert current is not None and current.id == win.detail.queue_item_id  # type: ignore[union-attr]
