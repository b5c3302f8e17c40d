"""Progressive dialling, the wrap-up limit and blind transfer in the agent's window, against
a live server whose campaigns are set progressive (as `callsheet-server campaign-dialling`
does) and SIPp as the far end. Screenshots with CALLSHEET_SHOTS=<folder>
(docs/screenshots/agent-progressive-*.png)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.errors import DialBlocked
from app.telephony.sip import SipAccount, SipDialer
from app.views import CustomerDetail
from tests.support.agent_ui import agent_window, shot
from tests.support.demo_server import serve_demo
from tests.support.sipp import FarEnd, require_sip_tools
from tests.ui.lang import language
from tests.ui.test_agent_window import RecordingDialer, key
from ui.main_window import MainWindow
from ui.tasks import TaskManager
from wire.schema import Disposition

CTRL = Qt.KeyboardModifier.ControlModifier


def _progressive(db_url: str, _folder: Path) -> None:
    """Every campaign dialled progressively, with a short wrap-up limit and a transfer
    target."""
    from server.db import make_engine
    from server.orm import session_factory
    from server.planning.dialling import set_dialling
    from wire.planning import DiallingEdit

    eng = make_engine(db_url)
    edit = DiallingEdit(dial_mode="progressive", progressive_delay_s=3, wrap_up_limit_s=2,
                        ring_timeout_s=20, transfer_target="8001")
    with session_factory(eng)() as s:
        from sqlalchemy import text

        for code in s.execute(text("SELECT code FROM campaigns")).scalars().all():
            set_dialling(s, code, edit)
        s.commit()
    eng.dispose()


@pytest.fixture(scope="module")
def progressive_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    yield from serve_demo(tmp_path_factory, "progressive", customers=120, seed=7,
                          prepare=_progressive)


def _shot(win: MainWindow, name: str) -> None:
    shot(win, f"agent-progressive-{name}")


def _window(qtbot: QtBot, tasks: TaskManager, server: dict[str, Any], data: Path,
            agent: int, dialer: Any) -> MainWindow:
    return agent_window(qtbot, tasks, server, data, dialer, agent=agent)


def _no_answer_then_count(qtbot: QtBot, win: MainWindow) -> None:
    """Ctrl+N, F5, F6, Alt+1 (no answer), Ctrl+Enter: the first customer called and saved
    from the keyboard, and the countdown to the next one running."""
    key(qtbot, win, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: win.detail is not None, timeout=10000)
    key(qtbot, win, Qt.Key.Key_F5)
    key(qtbot, win, Qt.Key.Key_F6)
    key(qtbot, win, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    key(qtbot, win, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: win.pacing.counting, timeout=10000)


def _next_customer(qtbot: QtBot, win: MainWindow, dialer: RecordingDialer) -> CustomerDetail:
    """The customer the countdown will call (not the one called first)."""
    qtbot.waitUntil(lambda: win.pacing.counting and win.detail is not None
                    and win.detail.customer.phone != dialer.numbers[0], timeout=10000)
    assert win.detail is not None
    return win.detail


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_busy_then_save_counts_down_and_dials_the_next_customer(
    qtbot: QtBot, tasks: TaskManager, tmp_path: Path, progressive_server: dict[str, Any],
    lang: str
) -> None:
    require_sip_tools()
    with ExitStack() as stack:
        stack.enter_context(language(lang))
        fe = FarEnd("busy", tmp_path, calls=2)
        stack.callback(fe.stop)
        dialer = SipDialer(SipAccount(uri="sip:agent@127.0.0.1", dial_template=fe.uri))
        win = _window(qtbot, tasks, progressive_server, tmp_path / "d", 0 if lang == "en" else 1,
                      dialer)
        stack.callback(win.close)
        key(qtbot, win, Qt.Key.Key_N, CTRL)
        qtbot.waitUntil(lambda: win.detail is not None, timeout=10000)
        first = win.detail
        assert first is not None and first.campaign is not None
        assert first.campaign.dial_mode.value == "progressive"
        key(qtbot, win, Qt.Key.Key_F5)
        qtbot.waitUntil(lambda: win.timer.in_wrap_up, timeout=10000)
        assert win.outcome.disposition() is Disposition.BUSY
        # the campaign's 2 s of wrap-up count down, then the agent is reminded
        limit = win.pacing.label
        left = "话后处理剩余时间" if lang == "zh_CN" else "Wrap-up time left"
        assert limit.isVisible() and left in limit.text()
        qtbot.waitUntil(lambda: win.banner.isVisible(), timeout=5000)
        over = "已超时" if lang == "zh_CN" else "Wrap-up time is up"
        qtbot.waitUntil(lambda: over in limit.text(), timeout=3000)
        assert limit.property("state") == "overtime"
        assert win.timer.in_wrap_up, "never saved for the agent"
        _shot(win, "wrap-up-over")
        key(qtbot, win, Qt.Key.Key_Return, CTRL)
        qtbot.waitUntil(lambda: win.pacing.counting, timeout=10000)
        qtbot.waitUntil(lambda: win.detail is not None
                        and win.detail.queue_item_id != first.queue_item_id, timeout=10000)
        second = win.detail
        assert second is not None
        label = win.pacing.label
        assert label.isVisible() and second.customer.name in label.text()
        assert not win.banner.isVisible(), "the wrap-up reminder went with the save"
        assert win.actions_by_id["cancel_dial"].isEnabled()
        _shot(win, "countdown")
        # F4 holds the count; F4 again lets it run on; at 0 the second customer is called
        key(qtbot, win, Qt.Key.Key_F4)
        assert win.pacing.pacer.phase.value == "paused"
        qtbot.wait(300)
        _shot(win, "paused")
        key(qtbot, win, Qt.Key.Key_F4)
        qtbot.waitUntil(lambda: win.timer.in_call or win.timer.in_wrap_up, timeout=8000)
        qtbot.waitUntil(lambda: win.timer.in_wrap_up, timeout=10000)
        call = win.ws.queue.current_call()
        assert call is not None and call.queue_item_id == second.queue_item_id
        assert call.sip_cause == "486 Busy Here"
        assert win.pacing.pacer.phase.value == "wrap_up", "the countdown gave way to wrap-up"
        assert fe.finished_ok(), "SIPp took both calls"


def test_esc_cancels_the_countdown_and_nothing_is_dialled(
    qtbot: QtBot, tasks: TaskManager, tmp_path: Path, progressive_server: dict[str, Any]
) -> None:
    dialer = RecordingDialer()  # the tel: hand-off: progressive works with it too
    win = _window(qtbot, tasks, progressive_server, tmp_path / "d", 2, dialer)
    try:
        key(qtbot, win, Qt.Key.Key_N, CTRL)
        qtbot.waitUntil(lambda: win.detail is not None, timeout=10000)
        key(qtbot, win, Qt.Key.Key_F5)
        qtbot.waitUntil(lambda: win.timer.in_call, timeout=10000)
        assert win.presence.state == "on_call"
        key(qtbot, win, Qt.Key.Key_F6)
        key(qtbot, win, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)  # no answer
        key(qtbot, win, Qt.Key.Key_Return, CTRL)
        qtbot.waitUntil(lambda: win.pacing.counting, timeout=10000)
        key(qtbot, win, Qt.Key.Key_Escape)
        assert not win.pacing.counting and not win.pacing.label.isVisible()
        assert not win.actions_by_id["cancel_dial"].isEnabled(), "Esc is free again"
        qtbot.wait(4000)  # past the campaign's 3 s
        assert len(dialer.numbers) == 1, "only the first call: the countdown was cancelled"
    finally:
        win.close()


def test_a_pause_stops_the_countdown(
    qtbot: QtBot, tasks: TaskManager, tmp_path: Path, progressive_server: dict[str, Any]
) -> None:
    dialer = RecordingDialer()
    win = _window(qtbot, tasks, progressive_server, tmp_path / "d", 3, dialer)
    try:
        _no_answer_then_count(qtbot, win)
        key(qtbot, win, Qt.Key.Key_P, CTRL | Qt.KeyboardModifier.ShiftModifier)
        assert not win.pacing.counting, "asking to pause stops automatic calling"
        win.pause_dialog.reject()
        qtbot.wait(4000)
        assert len(dialer.numbers) == 1
    finally:
        win.close()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_ctrl_t_transfers_to_the_campaigns_verifier(
    qtbot: QtBot, tasks: TaskManager, tmp_path: Path, progressive_server: dict[str, Any],
    lang: str
) -> None:
    require_sip_tools()
    with ExitStack() as stack:
        stack.enter_context(language(lang))
        fe = FarEnd("transfer", tmp_path)
        stack.callback(fe.stop)
        dialer = SipDialer(SipAccount(uri="sip:agent@127.0.0.1", dial_template=fe.uri))
        win = _window(qtbot, tasks, progressive_server, tmp_path / "d", 4 if lang == "en" else 5,
                      dialer)
        stack.callback(win.close)
        key(qtbot, win, Qt.Key.Key_N, CTRL)
        qtbot.waitUntil(lambda: win.detail is not None, timeout=10000)
        key(qtbot, win, Qt.Key.Key_F5)
        qtbot.waitUntil(lambda: win.presence.state == "on_call", timeout=10000)
        assert win.actions_by_id["transfer"].isEnabled()
        key(qtbot, win, Qt.Key.Key_T, CTRL)
        qtbot.waitUntil(lambda: win.timer.in_wrap_up, timeout=10000)
        target = f"sip:8001@127.0.0.1:{fe.port}"
        assert win.status.currentMessage() == (
            f"已转接到 {target}" if lang == "zh_CN" else f"Transferred to {target}")
        assert win.presence.state == "wrap_up"
        call = win.ws.queue.current_call()
        assert call is not None and call.transferred_to == target
        _shot(win, "transferred")
        assert fe.finished_ok()


def test_a_customer_flagged_during_the_countdown_is_never_dialled(
    qtbot: QtBot, tasks: TaskManager, tmp_path: Path, progressive_server: dict[str, Any]
) -> None:
    dialer = RecordingDialer()
    win = _window(qtbot, tasks, progressive_server, tmp_path / "d", 6, dialer)
    try:
        _no_answer_then_count(qtbot, win)
        second = _next_customer(qtbot, win, dialer)
        # While the count runs the customer asks, on another channel, not to be called.
        win.ws.queue.flag_dnc(second.queue_item_id, "Asked by e-mail not to be called.")
        qtbot.waitUntil(lambda: len(dialer.numbers) == 2, timeout=10000)
        assert second.customer.phone not in dialer.numbers, "the next customer was called"
    finally:
        win.close()


def test_a_refusal_skips_the_customer_or_stops_the_run(
    qtbot: QtBot, tasks: TaskManager, tmp_path: Path, progressive_server: dict[str, Any]
) -> None:
    """What the window does with the gate's refusal at the end of a countdown (the gate
    itself is tested in tests/app): a customer's reason skips to the next customer and
    counts down again; a reason of the desktop stops automatic calling."""
    dialer = RecordingDialer()
    win = _window(qtbot, tasks, progressive_server, tmp_path / "d", 7, dialer)
    try:
        _no_answer_then_count(qtbot, win)
        second = _next_customer(qtbot, win, dialer)
        win._progressive_refused(DialBlocked("Outside the calling window.",
                                             code="outside_window"))
        assert win.status.currentMessage().startswith(
            f"Skipped {second.customer.name}: Outside the calling window")
        qtbot.waitUntil(lambda: win.detail is not None
                        and win.detail.queue_item_id != second.queue_item_id, timeout=10000)
        assert win.pacing.counting and "Skipped" in win.pacing.label.text()
        win._progressive_refused(DialBlocked("Your team lead has paused your queue.",
                                             code="queue_paused"))
        assert not win.pacing.counting
        assert win.status.currentMessage().startswith("Automatic calling stopped:")
        qtbot.wait(3500)
        assert len(dialer.numbers) == 1
    finally:
        win.close()
