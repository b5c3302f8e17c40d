"""The verifier's window worked from the keyboard against the real server (issue 21): the
demo's sales awaiting verification are listed, Alt+1 confirms one, Alt+2 denies the next
with a note, and the server's orders follow; the keys are in the README and none twice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from server.aftersale.models import Order
from server.db import make_engine
from server.orm import session_factory
from tests.conftest import account
from tests.e2e.desktop import open_role
from ui.tasks import TaskManager
from ui.verifier.keys import markdown_table, table
from ui.verifier.window import VerifierWindow

README = Path(__file__).resolve().parents[2] / "README.md"
ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


def test_readme_lists_the_verifier_keys_and_none_is_bound_twice() -> None:
    assert markdown_table() in README.read_text(encoding="utf-8")
    keys = [k for s in table() for k in s.keys]
    assert len(keys) == len(set(keys))


def _order(db_url: str, order_id: str) -> Order:
    engine = make_engine(db_url)
    with session_factory(engine)() as s:
        order = s.scalars(select(Order).where(Order.id == order_id)).one()
        s.expunge(order)
    engine.dispose()
    return order


def _key(qtbot: QtBot, win: VerifierWindow, key: Qt.Key,
         mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget() or win, key, mod)


def test_verifier_confirms_and_denies_from_the_keyboard(
        fresh_server: dict[str, Any], tmp_path: Path, qtbot: QtBot) -> None:
    ws = open_role(fresh_server["url"], account(fresh_server["accounts"], "verifier"),
                   tmp_path / "verifier")
    tasks = TaskManager()
    win = VerifierWindow(ws, tasks)
    qtbot.addWidget(win)
    try:
        win.show()
        win.start()
        qtbot.waitUntil(lambda: win.loaded and len(win.items) >= 2, timeout=15000)
        win.table.setFocus()
        first = win.current()
        assert first is not None and first.kind.value == "sale"
        html = win.detail.toHtml()
        assert first.customer_name in html and "10000" in html, "the sale and the script"
        total = len(win.items)
        _key(qtbot, win, Qt.Key.Key_1, ALT)  # confirmed
        assert win.chosen() is not None and win.chosen().value == "confirmed"
        _key(qtbot, win, Qt.Key.Key_Return, CTRL)
        qtbot.waitUntil(lambda: win.last_answer is not None and not win.saving
                        and len(win.items) == total - 1, timeout=15000)
        assert win.last_answer is not None and win.last_answer.order_state.value == "confirmed"
        assert _order(fresh_server["db_url"], first.order_id).state == "confirmed"
        assert win.result_label.isVisible() and win.chosen() is None

        second = win.current()
        assert second is not None and second.id != first.id
        _key(qtbot, win, Qt.Key.Key_2, ALT)  # denied
        _key(qtbot, win, Qt.Key.Key_E, CTRL)
        assert QApplication.focusWidget() is win.notes
        qtbot.keyClicks(win.notes, "Says she never agreed")
        _key(qtbot, win, Qt.Key.Key_Return, CTRL)
        qtbot.waitUntil(lambda: len(win.items) == total - 2 and not win.saving, timeout=15000)
        order = _order(fresh_server["db_url"], second.order_id)
        assert order.state == "cancelled" and order.cancel_kind == "denied"
        # Ctrl+Enter without an outcome saves nothing
        before = len(win.items)
        _key(qtbot, win, Qt.Key.Key_Return, CTRL)
        assert not win.saving and len(win.items) == before
    finally:
        win.close()
        tasks.shutdown()


def test_the_contact_history_shows_a_sales_order_state(qtbot: QtBot) -> None:
    """The agent's history line of a sale carries its order's state, in both languages."""
    from datetime import UTC, datetime
    from types import SimpleNamespace

    from tests.ui import lang
    from ui.detail_html import history_html
    from wire.schema import Disposition, HistoryEntry

    entry = HistoryEntry(id="c1", at=datetime(2026, 12, 1, 3, 0, tzinfo=UTC),
                         agent_name="A", campaign_code="DATAPK",
                         disposition=Disposition.ACCEPTED, offer_code="DP1G",
                         order_state="awaiting_verification")
    detail: Any = SimpleNamespace(history=[entry])
    assert "order: awaiting verification" in history_html(detail)
    with lang.language("zh_CN"):
        assert "订单：待回访" in history_html(detail)


def test_a_verifier_login_opens_the_verifier_window_without_a_local_store(
        demo_server: dict[str, Any], tmp_path: Path, qtbot: QtBot) -> None:
    from app.services.workspace import OnlineWorkspace
    from app.settings import Settings
    from app.tokens import TokenStore
    from ui.main import role_window

    ws = open_role(demo_server["url"], account(demo_server["accounts"], "verifier"),
                   tmp_path / "verifier")
    assert isinstance(ws, OnlineWorkspace)
    tasks = TaskManager()
    win = role_window(ws, tasks, TokenStore(use_keyring=False), Settings())
    qtbot.addWidget(win)
    try:
        assert isinstance(win, VerifierWindow)
        assert not list((tmp_path / "verifier").rglob("*.sqlite3")), "no local store"
    finally:
        win.close()
        tasks.shutdown()
