"""The desktop against the real server: log in, pull, list, and work a call by keyboard."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.paths import Paths
from app.services.workspace import Workspace
from app.settings import Settings
from app.store import tables as t
from app.tokens import TokenStore
from tests.e2e.desktop import midday_clock
from ui.dialer import Dialer
from ui.login_dialog import LoginDialog
from ui.main_window import MainWindow
from ui.tasks import TaskManager
from wire.schema import Disposition, UserInfo


class RecordingDialer(Dialer):
    """Test double of the OS tel: handler."""

    def __init__(self) -> None:
        self.numbers: list[str] = []

    def dial(self, number: str) -> bool:
        self.numbers.append(number)
        return True


def log_in(qtbot: QtBot, tasks: TaskManager, server: dict[str, Any], data: Path) -> Workspace:
    """Log in the way `make run` does: a login file's first agent, automatically."""
    paths = Paths.under(data)
    paths.ensure()
    clock = midday_clock()

    def open_ws(url: str, user: UserInfo, token: str | None, key: bytes) -> Workspace:
        return Workspace.open(paths=paths, settings=Settings(), server_url=url, user=user,
                              token=token, clock=clock, key=key)

    dialog = LoginDialog(tasks=tasks, tokens=TokenStore(use_keyring=False), paths=paths,
                         open_workspace=open_ws, server_url=server["url"],
                         accounts=server["accounts"])
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        dialog.start()
    assert dialog.workspace is not None
    assert dialog.workspace.user.role.value == "agent"
    return dialog.workspace


@pytest.fixture
def window_for(qtbot: QtBot, tasks: TaskManager, tmp_path: Path) -> Iterator[Any]:
    made: list[MainWindow] = []

    def make(server: dict[str, Any]) -> MainWindow:
        ws = log_in(qtbot, tasks, server, tmp_path / "desktop")
        win = MainWindow(ws, tasks, dialer=RecordingDialer())
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        win.start()
        made.append(win)
        # The first pull lands, the coalesced reload lists it.
        qtbot.waitUntil(lambda: win.queue_panel.model.rowCount() > 0
                        and win.ws.sync.status.last_sync_at is not None, timeout=30000)
        qtbot.waitUntil(lambda: not win.tasks.busy, timeout=10000)
        return win

    yield make
    for win in made:
        win.close()


def test_agent_logs_in_pulls_and_sees_the_first_customer(
    qtbot: QtBot, window_for: Any, demo_server: dict[str, Any]
) -> None:
    win: MainWindow = window_for(demo_server)
    model = win.queue_panel.model
    assert model.rowCount() > 0
    # The day bar's "Left" counts the queue the first pull brought, not the empty start.
    qtbot.waitUntil(lambda: win.day_stats is not None
                    and win.day_stats.queue_left == model.rowCount(), timeout=10000)
    first = model.row_at(0)
    assert first is not None
    win.queue_panel.select_row(0)
    qtbot.waitUntil(lambda: win.detail is not None, timeout=10000)
    d = win.detail
    assert d is not None and d.queue_item_id == first.id
    assert first.customer_name in win.customer.name_label.text()
    profile = win.customer.profile.toPlainText()
    assert d.customer.plan_name in profile and "Tenure in network" in profile
    offers = win.customer.offers.toPlainText()
    assert d.offers and d.offers[0].offer.name in offers and d.offers[0].reason in offers
    assert d.steps, "the campaign has a script"
    assert win.customer.script.findChildren(type(win.customer.name_label))
    assert "Online" in win.status.state_label.text() or "Syncing" in \
        win.status.state_label.text()


def key(qtbot: QtBot, win: MainWindow, k: Qt.Key,
        mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    target = QApplication.focusWidget() or win
    qtbot.keyClick(target, k, mod)


def test_a_whole_call_without_the_mouse(
    qtbot: QtBot, window_for: Any, fresh_server: dict[str, Any]
) -> None:
    win: MainWindow = window_for(fresh_server)
    dialer = win.dialer
    assert isinstance(dialer, RecordingDialer)
    win.activateWindow()
    win.queue_panel.view.setFocus()

    key(qtbot, win, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # next callable
    qtbot.waitUntil(lambda: win.detail is not None, timeout=10000)
    d = win.detail
    assert d is not None and d.verdict.allowed
    item_id = d.queue_item_id

    key(qtbot, win, Qt.Key.Key_F5)  # call
    qtbot.waitUntil(lambda: dialer.numbers == [d.customer.phone], timeout=10000)
    assert win.timer.in_call

    mandatory = win.customer.script.mandatory_ids()
    for _ in mandatory:
        key(qtbot, win, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert win.customer.script.all_ticked()

    key(qtbot, win, Qt.Key.Key_F6)  # hang up: wrap-up starts
    assert win.timer.in_wrap_up

    sale = Disposition.ACCEPTED in d.allowed_dispositions and bool(d.offers)
    if sale:
        key(qtbot, win, Qt.Key.Key_6, Qt.KeyboardModifier.AltModifier)
        expected = Disposition.ACCEPTED
    else:
        key(qtbot, win, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
        expected = Disposition.NO_ANSWER
    assert win.outcome.disposition() is expected

    key(qtbot, win, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # save & next
    qtbot.waitUntil(lambda: win.detail is not None and win.detail.queue_item_id != item_id,
                    timeout=15000)
    assert not any(lab.isVisible() for lab in win.outcome.errors.values())

    with win.ws.engine.connect() as conn:
        rows = conn.execute(select(t.calls.c.disposition, t.calls.c.data)
                            .where(t.calls.c.queue_item_id == item_id)).all()
    assert [r.disposition for r in rows] == [expected.value]
    action = rows[0].data["action"]
    assert set(action["disclosures_ticked"]) == set(mandatory)
    assert action["call_started_at"] is not None and action["talk_seconds"] >= 0
    if sale:
        assert action["offer_id"] == d.offers[0].offer.id
    # Recorded locally first; then pushed by the sync engine (acknowledged => not pending).
    qtbot.waitUntil(lambda: win.ws.queue.pending_count() == 0, timeout=20000)


def test_validation_shows_beside_the_field_and_dnc_removes_the_customer(
    qtbot: QtBot, window_for: Any, fresh_server: dict[str, Any]
) -> None:
    win: MainWindow = window_for(fresh_server)
    win.queue_panel.select_next_callable()
    qtbot.waitUntil(lambda: win.detail is not None, timeout=10000)
    d = win.detail
    assert d is not None
    win.customer.script.tick_next()  # before F5: not on a call, the tick is refused
    assert not win.customer.script.ticked()
    if Disposition.NOT_INTERESTED in d.allowed_dispositions:
        win.outcome.choose(Disposition.NOT_INTERESTED)  # no dial yet
        win.save_and_next()
        qtbot.waitUntil(lambda: win.outcome.errors["disposition"].isVisible(), timeout=10000)
        assert "dial" in win.outcome.errors["disposition"].text()
        win.call()
        qtbot.waitUntil(lambda: win.timer.in_call, timeout=10000)
        win.outcome.choose(Disposition.NOT_INTERESTED)  # no objection chosen
        win.save_and_next()
        qtbot.waitUntil(lambda: win.outcome.errors["objection"].isVisible(), timeout=10000)
        assert "objection" in win.outcome.errors["objection"].text()
        assert win.detail is d, "nothing saved, still on the same customer"
    else:
        win.call()
        qtbot.waitUntil(lambda: win.timer.in_call, timeout=10000)

    before = win.queue_panel.model.rowCount()
    win.do_not_call()
    dialog = win.dnc_dialog
    assert dialog.isVisible() and dialog.reason()
    dialog.confirm_button.click()
    qtbot.waitUntil(lambda: win.queue_panel.model.index_of(d.queue_item_id) == -1,
                    timeout=15000)
    assert win.queue_panel.model.rowCount() == before - 1
    assert d.queue_item_id not in {r.id for r in win.ws.queue.list_queue()}
    # flagged during the call: the call is recorded too (it counts)
    with win.ws.engine.connect() as conn:
        calls = conn.execute(select(t.calls.c.disposition)
                             .where(t.calls.c.queue_item_id == d.queue_item_id)).scalars().all()
    assert calls == ["do_not_call"]


def test_search_then_return_opens_the_first_match_and_the_call_button_tells_the_gate(
    qtbot: QtBot, window_for: Any, demo_server: dict[str, Any]
) -> None:
    """Keyboard-first search: Ctrl+F, the name, Return (before the listing has even run)
    shows the first match with the focus in the table. The call button reads as "go"
    only for a customer the gate lets through (it stays enabled: F5 says why not)."""
    win: MainWindow = window_for(demo_server)
    panel = win.queue_panel
    rows = [panel.model.row_at(i) for i in range(panel.model.rowCount())]
    names = Counter(r.customer_name for r in rows if r is not None)
    blocked = next(r for r in rows
                   if r is not None and not r.callable_now and names[r.customer_name] == 1)
    win.activateWindow()
    key(qtbot, win, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is panel.search_edit
    panel.search_edit.insert(blocked.customer_name)  # (a Chinese name comes through an IME)
    key(qtbot, win, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.detail is not None
                    and win.detail.customer.name == blocked.customer_name, timeout=10000)
    assert QApplication.focusWidget() is panel.view
    assert win.customer.call_button.property("ok") is False
    assert win.actions_by_id["call"].isEnabled()

    key(qtbot, win, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    panel.search_edit.clear()
    qtbot.waitUntil(lambda: panel.model.rowCount() == len(rows), timeout=10000)
    free = next(r for r in rows
                if r is not None and r.callable_now and names[r.customer_name] == 1)
    panel.search_edit.insert(free.customer_name)
    qtbot.waitUntil(lambda: not panel._debounce.isActive() and not panel._listing,
                    timeout=10000)
    key(qtbot, win, Qt.Key.Key_Down)  # the listing is there: straight to it
    qtbot.waitUntil(lambda: win.detail is not None
                    and win.detail.customer.name == free.customer_name, timeout=10000)
    assert win.customer.call_button.property("ok") is True

    key(qtbot, win, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    panel.search_edit.setText("no such customer at all")
    key(qtbot, win, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0, timeout=10000)
    assert QApplication.focusWidget() is panel.search_edit, "nothing matched: it stays"
