"""The agent window with the embedded SIP user agent against SIPp: F5 goes through the
gate, the call's progress shows in the status bar, a busy far end pre-fills "Busy" and
starts wrap-up, the registration state is shown (no registrar: nothing to show)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog
from pytestqt.qtbot import QtBot

from app.telephony.sip import SipAccount, SipDialer
from tests.support.agent_ui import agent_window
from tests.support.sipp import FarEnd, require_sip_tools
from tests.ui.lang import language
from tests.ui.test_agent_window import key
from ui.main_window import MainWindow
from ui.tasks import TaskManager
from wire.schema import Disposition


@pytest.fixture
def sip_window(request: pytest.FixtureRequest, qtbot: QtBot, tasks: TaskManager,
               tmp_path: Path, demo_server: dict[str, Any]
               ) -> Iterator[tuple[MainWindow, FarEnd]]:
    require_sip_tools()
    param = getattr(request, "param", "busy")
    scenario, lang = param if isinstance(param, tuple) else (param, "en")
    stack = ExitStack()
    stack.enter_context(language(lang))
    fe = FarEnd(scenario, tmp_path)
    dialer = SipDialer(SipAccount(uri="sip:agent@127.0.0.1", dial_template=fe.uri))
    win = agent_window(qtbot, tasks, demo_server, tmp_path / "desktop", dialer)
    try:
        yield win, fe
    finally:
        win.close()
        fe.stop()
        stack.close()


@pytest.mark.parametrize("sip_window", [("busy", "en"), ("busy", "zh_CN")], indirect=True,
                         ids=["en", "zh_CN"])
def test_f5_to_a_busy_far_end_prefills_busy_and_starts_wrap_up(
    qtbot: QtBot, sip_window: tuple[MainWindow, FarEnd]
) -> None:
    win, fe = sip_window
    assert win.sip_label.isHidden(), "no registrar configured: no registration state"
    win.activateWindow()
    win.queue_panel.view.setFocus()
    key(qtbot, win, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: win.detail is not None, timeout=10000)
    key(qtbot, win, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: "486 Busy Here" in win.status.currentMessage(), timeout=10000)
    zh = QLocale().name() == "zh_CN"
    assert win.status.currentMessage() == (
        "忙音/占线 (486 Busy Here)" if zh else "Busy (486 Busy Here)")
    if os.environ.get("CALLSHEET_SHOTS"):
        qtbot.wait(200)
        win.grab().save(os.environ["CALLSHEET_SHOTS"]
                        + f"/agent-sip-busy-{'zh_CN' if zh else 'en'}.png")
    assert win.outcome.disposition() is Disposition.BUSY, "pre-filled; the agent confirms"
    assert win.timer.in_wrap_up and not win.timer.in_call
    call = win.ws.queue.current_call()
    assert call is not None and not call.on_call and call.sip_cause == "486 Busy Here"
    assert fe.finished_ok()


@pytest.mark.parametrize("sip_window", ["talk"], indirect=True)
def test_hold_mute_and_key_presses_from_the_keyboard(
    qtbot: QtBot, sip_window: tuple[MainWindow, FarEnd]
) -> None:
    win, fe = sip_window
    win.activateWindow()
    win.queue_panel.view.setFocus()
    key(qtbot, win, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: win.detail is not None, timeout=10000)
    key(qtbot, win, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: win.status.currentMessage() == "Answered", timeout=10000)
    key(qtbot, win, Qt.Key.Key_F8)
    assert win.muted and win.status.currentMessage() == "Microphone muted (F8 to unmute)"

    def type_five() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("5")
        dialog.accept()

    QTimer.singleShot(200, type_five)
    key(qtbot, win, Qt.Key.Key_F9)  # the far end expects the 5 (as SIP INFO)
    qtbot.wait(300)
    win.activateWindow()  # back from the dialog
    qtbot.waitUntil(win.isActiveWindow, timeout=5000)
    key(qtbot, win, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: win.status.currentMessage() == "On hold", timeout=10000)
    assert win.held
    key(qtbot, win, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: win.status.currentMessage() == "Off hold", timeout=10000)
    key(qtbot, win, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: win.status.currentMessage() == "Hung up", timeout=10000)
    assert win.timer.in_wrap_up and not win.muted and not win.held
    assert fe.finished_ok(), "the far end got the key, the hold, the resume and our BYE"
