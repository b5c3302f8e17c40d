"""Issue 20's whole recorded call, from the keyboard, in both languages: the agent presses
Ctrl+N and F5 in a campaign that records its calls (the script starts with the recording
notice, ticked with Ctrl+K), SIPp answers and speaks for 3 s then hangs up, the agent
saves "hung up" (Alt+=, Ctrl+Enter); the recording goes up through the outbox; the checker
finds the call (Ctrl+F, the agent's name, Enter) and its replay has the recording.
With CALLSHEET_SHOTS=<folder> the two windows are saved as screenshots."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from app.domain import RECORDING_NOTICE_ID
from app.store import recordings as outbox_recordings
from app.telephony.sip import SipAccount, SipDialer
from tests.conftest import account
from tests.e2e.desktop import open_role
from tests.support.agent_ui import agent_window, shot
from tests.support.demo_server import record_calls, serve_demo
from tests.support.sipp import FarEnd, require_sip_tools
from tests.ui.lang import language
from tests.ui.test_agent_window import key
from ui.quality.window import QualityWindow
from ui.tasks import TaskManager
from wire.schema import Disposition

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


@pytest.fixture(scope="module")
def recording_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    require_sip_tools()
    yield from serve_demo(tmp_path_factory, "recui", customers=60, seed=14,
                          prepare=record_calls)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_recorded_call_from_the_keyboard_is_replayed_by_the_checker(
    qtbot: QtBot, tasks: TaskManager, recording_server: dict[str, Any], tmp_path: Path,
    lang: str,
) -> None:
    srv = recording_server
    with ExitStack() as stack:
        stack.enter_context(language(lang))
        fe = FarEnd("speak", tmp_path)
        stack.callback(fe.stop)
        dialer = SipDialer(SipAccount(uri="sip:agent@127.0.0.1", dial_template=fe.uri))
        win = agent_window(qtbot, tasks, srv, tmp_path / "desktop", dialer,
                           agent=0 if lang == "en" else 1)
        stack.callback(win.close)
        key(qtbot, win, Qt.Key.Key_N, CTRL)
        qtbot.waitUntil(lambda: win.detail is not None, timeout=10000)
        d = win.detail
        assert d is not None and d.steps[0].id == RECORDING_NOTICE_ID
        item_id = d.queue_item_id
        key(qtbot, win, Qt.Key.Key_F5)
        qtbot.waitUntil(lambda: (c := win.ws.queue.current_call()) is not None
                        and c.answered_mono is not None, timeout=10000)
        qtbot.waitUntil(lambda: "录音" in win.status.currentMessage()
                        or "recorded" in win.status.currentMessage(), timeout=5000)
        key(qtbot, win, Qt.Key.Key_K, CTRL)  # the notice read out first
        assert RECORDING_NOTICE_ID in (win.ws.queue.current_call() or d).ticks  # type: ignore[union-attr]
        qtbot.wait(300)
        shot(win, "agent-recorded-call")
        qtbot.waitUntil(lambda: win.timer.in_wrap_up, timeout=10000)  # the far end's BYE
        key(qtbot, win, Qt.Key.Key_Equal, ALT)
        assert win.outcome.disposition() is Disposition.HUNG_UP
        key(qtbot, win, Qt.Key.Key_Return, CTRL)
        qtbot.waitUntil(lambda: win.detail is None or win.detail.queue_item_id != item_id,
                        timeout=15000)

        def uploaded() -> bool:
            with win.ws.engine.connect() as conn:
                waiting = outbox_recordings.pending(conn)
            if waiting:
                win.ws.sync.sync_now()
            return not waiting and win.ws.queue.pending_count() == 0

        qtbot.waitUntil(uploaded, timeout=30000)
        assert fe.finished_ok()
        agent_name = win.ws.user.display_name
        with win.ws.engine.connect() as conn:
            call_id = conn.execute(text("SELECT id FROM calls WHERE queue_item_id = :i"),
                                   {"i": item_id}).scalar_one()

        qa_ws = open_role(srv["url"], account(srv["accounts"], "qa"), tmp_path / "qa")
        qa = QualityWindow(qa_ws, tasks)
        qtbot.addWidget(qa)
        stack.callback(qa.close)
        qa.show()
        qtbot.waitExposed(qa)
        qa.start()
        qtbot.waitUntil(lambda: not tasks.busy and qa.rubric is not None, timeout=30000)
        qa.activateWindow()
        key(qtbot, qa, Qt.Key.Key_F, CTRL)
        qa.search_edit.insert(agent_name)  # a Chinese name: typed through an IME, not keys
        qtbot.keyClick(qa.search_edit, Qt.Key.Key_Return)

        def replayed() -> bool:
            r = qa.replay_data
            current = qa.table.current()
            at = qa.table.index_of(call_id)
            if not tasks.busy and at >= 0 and (current is None or current.outcome_id != call_id):
                # the search's answer replaced the list (and its selection) after the
                # call was chosen from the day's list: choose it again, as a checker would
                qa.table.select_index(at)
            return (not tasks.busy and r is not None and r.recording is not None
                    and r.call.id == call_id
                    and "..." not in qa.replay.audio_label.text()
                    and "…" not in qa.replay.audio_label.text())

        # The agent's calls of the day; the one just made is chosen (the demo's day has
        # another recorded call of theirs).
        qtbot.waitUntil(lambda: not tasks.busy and qa.table.index_of(call_id) >= 0,
                        timeout=20000)
        qa.table.select_index(qa.table.index_of(call_id))
        # the replay fetches the call, then its recording: with two suites' servers on two
        # cores (pytest-xdist) the pair once took over 20 s
        qtbot.waitUntil(replayed, timeout=45000)
        r = qa.replay_data
        assert r is not None and r.recording is not None
        assert r.recording.content_type == "audio/flac"
        assert r.recording.duration_seconds is not None
        assert abs(r.recording.duration_seconds - 3.0) <= 0.5
        assert qa.replay.audio_label.text()  # plays, or says why this computer cannot
        qa.replay.clock.seek(1.5)
        qtbot.wait(300)
        shot(qa, "quality-replay-recorded-call")
