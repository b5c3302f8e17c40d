"""The agent's screen as an agent meets it: call-backs in both clocks, the keys on view,
controls that say why they are disabled, the notes' limit, pause reasons from the server.

Panel tests need no server; the window tests run against the real one on loopback."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, update
from sqlalchemy.exc import OperationalError

from app.api_client import ApiClient
from app.changes import Changes
from app.services.presence import PresenceService
from app.services.queue import QueueService
from app.store import repo
from app.store import tables as t
from app.store.database import open_database
from app.views import QueueRow
from tests.support import synthetic
from tests.ui.sample import sample_detail
from tests.ui.test_agent_window import window_for  # noqa: F401 - the fixture
from tests.ui.test_i18n import chinese  # noqa: F401 - the fixture
from ui import i18n, labels, shortcuts
from ui.customer_panel import CustomerPanel
from ui.dialer import Dialer
from ui.main_window import MainWindow
from ui.outcome_panel import OutcomePanel
from ui.queue_model import COL_CALLABLE, COL_CALLBACK, QueueModel
from ui.queue_panel import QueuePanel
from ui.tasks import TaskManager
from wire.schema import MAX_NOTES_CHARS, Disposition, PauseReasonOut, QueueStatus

ALT_KEYS = ["Alt+1", "Alt+2", "Alt+3", "Alt+4", "Alt+5", "Alt+6", "Alt+7", "Alt+8", "Alt+9",
            "Alt+0", "Alt+-", "Alt+=",
            # the outcomes of campaigns that are not sales (wire.calltypes)
            *[f"Alt+Shift+{n}" for n in range(1, 9)]]
NOON = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai


# ------------------------------------------------------------------- keys in view


def _f1_text(qtbot: QtBot) -> str:
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    box = shortcuts.show_table(parent, shortcuts.table())
    text = box.text()
    box.close()
    return text


def test_f1_lists_every_outcome_key_in_english(qtbot: QtBot) -> None:
    text = _f1_text(qtbot)
    names = labels.dispositions()
    for d, key in shortcuts.DISPOSITION_KEYS.items():
        assert key in text and f"Outcome: {names[d]}" in text, key
    assert [k for s in shortcuts.table() for k in s.keys if k.startswith("Alt+")] == ALT_KEYS


@pytest.mark.usefixtures("chinese")
def test_f1_lists_every_outcome_key_in_chinese(qtbot: QtBot) -> None:
    text = _f1_text(qtbot)
    assert "键盘快捷键" in QApplication.translate("Keys", "Keyboard shortcuts")
    for key in ALT_KEYS:
        assert key in text
    assert "外呼结果：无人接听" in text and "外呼结果：成功办理" in text


def test_outcome_buttons_show_their_keys(qtbot: QtBot) -> None:
    panel = OutcomePanel()
    qtbot.addWidget(panel)
    for d, key in shortcuts.DISPOSITION_KEYS.items():
        text = panel.buttons[d].text()
        assert text.endswith(key) and labels.dispositions()[d] in text


def test_disabled_outcome_buttons_say_why(qtbot: QtBot) -> None:
    panel = OutcomePanel()
    qtbot.addWidget(panel)
    panel.set_detail(None)
    assert "Choose a customer" in panel.buttons[Disposition.BUSY].toolTip()
    d = replace(sample_detail(), allowed_dispositions=[Disposition.NO_ANSWER])
    panel.set_detail(d)
    assert panel.buttons[Disposition.NO_ANSWER].isEnabled()
    assert "Alt+1" in panel.buttons[Disposition.NO_ANSWER].toolTip()
    assert not panel.buttons[Disposition.ACCEPTED].isEnabled()
    assert "does not allow" in panel.buttons[Disposition.ACCEPTED].toolTip()


def test_notes_show_their_limit_and_count(qtbot: QtBot) -> None:
    panel = OutcomePanel()
    qtbot.addWidget(panel)
    panel.set_detail(sample_detail())
    assert str(MAX_NOTES_CHARS) in panel.notes_edit.placeholderText()
    assert panel.notes_counter.text() == f"Notes 0/{MAX_NOTES_CHARS}"
    panel.notes_edit.setFocus()
    qtbot.keyClicks(panel.notes_edit, "hello")
    assert panel.notes_counter.text() == f"Notes 5/{MAX_NOTES_CHARS}"
    assert panel.notes_counter.property("full") is False
    panel.notes_edit.insertPlainText("x" * (MAX_NOTES_CHARS + 50))  # a paste too long
    assert len(panel.notes_edit.toPlainText()) == MAX_NOTES_CHARS
    assert panel.notes_counter.text() == f"Notes {MAX_NOTES_CHARS}/{MAX_NOTES_CHARS}"
    assert panel.notes_counter.property("full") is True
    panel.set_detail(sample_detail())  # the next customer starts empty
    assert panel.notes_counter.text() == f"Notes 0/{MAX_NOTES_CHARS}"


# ----------------------------------------------------------- call-backs in view


def _callback_panel(qtbot: QtBot, callback_at: datetime, now: datetime) -> CustomerPanel:
    panel = CustomerPanel()
    qtbot.addWidget(panel)
    panel.set_clock(lambda: now)
    d = replace(sample_detail(), status=QueueStatus.CALLBACK, callback_at=callback_at)
    assert d.verdict.allowed  # the dial gate alone would say "callable now"
    panel.show_detail(d)
    return panel


def test_callback_due_later_says_when_and_never_callable_now(qtbot: QtBot) -> None:
    at = NOON + timedelta(days=1)  # tomorrow 12:00 in Shanghai
    panel = _callback_panel(qtbot, at, NOON)
    text = panel.gate_label.text()
    assert "Callable now" not in text
    assert "not due yet" in text
    mine = at.astimezone().strftime("%m-%d %H:%M")
    assert "11-24 12:00 customer time" in text and f"{mine} yours" in text
    assert panel.gate_label.property("ok") is False


def test_callback_due_now_says_so_and_is_callable(qtbot: QtBot) -> None:
    at = NOON - timedelta(minutes=10)
    panel = _callback_panel(qtbot, at, NOON)
    text = panel.gate_label.text()
    assert text.startswith("Call-back due (11:50 customer time / ")
    assert "Callable now" in text and "not due" not in text
    assert panel.gate_label.property("ok") is True


def _row(n: int, callback_at: datetime | None, due: bool, callable_now: bool) -> QueueRow:
    return QueueRow(
        id=f"q{n}", customer_id=f"c{n}", customer_name=f"Customer {n}",
        phone_masked="+86138******78", region="", campaign_id="c", campaign_code="C",
        campaign_name="C", campaign_name_zh="", status=QueueStatus.CALLBACK, priority=1,
        value_tier="A1", attempts=1, callback_at=callback_at, callback_due=due,
        callable_now=callable_now, callable_from=None if callable_now else callback_at,
        blocked_code="" if callable_now else "callback_not_due", top_offer="",
        top_offer_zh="", timezone="Asia/Shanghai")


def test_queue_shows_the_callback_in_both_clocks_among_the_first_columns(qapp: Any) -> None:
    later = NOON + timedelta(hours=3)
    model = QueueModel()
    model.set_rows([_row(0, NOON - timedelta(minutes=5), True, True),
                    _row(1, later, False, False)], NOON)
    assert COL_CALLBACK < 5 and COL_CALLABLE < 5  # fit the queue pane at 1366x768
    assert model.headerData(COL_CALLBACK, Qt_h(), 0) == "Call-back"
    mine = later.astimezone().strftime("%H:%M")
    expected = "15:00" if mine == "15:00" else f"15:00 / {mine}"
    assert model.data(model.index(1, COL_CALLBACK)) == expected
    assert model.data(model.index(1, COL_CALLABLE)) == "later"
    assert model.data(model.index(0, COL_CALLABLE)) == "now"
    tip = model.data(model.index(1, COL_CALLBACK), 3)  # ToolTipRole
    assert "15:00 customer time" in tip and "The call-back is not due yet." in tip
    assert "Call-back due" in model.data(model.index(0, COL_CALLBACK), 3)
    assert model.headerData(COL_CALLBACK, Qt_h(), 3)  # the header says which clock is which


def Qt_h() -> Any:  # noqa: N802 - reads like the Qt constant it returns
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


@pytest.fixture
def local(tmp_path: Path) -> Engine:
    eng = open_database(tmp_path / "local.sqlite3")
    synthetic.build(eng, items=6, history=0, campaigns=1, now=NOON - timedelta(hours=1))
    return eng


def _set_callback(engine: Engine, item: str, at: datetime) -> None:
    with engine.begin() as conn:
        conn.execute(update(t.queue_items).where(t.queue_items.c.id == item)
                     .values(status=QueueStatus.CALLBACK.value, callback_at=repo.to_db(at)))


def test_a_due_callback_leads_the_queue_and_a_later_one_is_not_callable(local: Engine) -> None:
    _set_callback(local, "qi-4", NOON - timedelta(minutes=10))  # due
    _set_callback(local, "qi-2", NOON + timedelta(hours=2))  # later today
    rows = QueueService(local, agent_name="A", clock=lambda: NOON).list_queue()
    assert rows[0].id == "qi-4" and rows[0].callback_due and rows[0].callable_now
    assert rows[0].timezone == "Asia/Shanghai"
    later = next(r for r in rows if r.id == "qi-2")
    assert not later.callback_due and not later.callable_now
    assert later.blocked_code == "callback_not_due"
    assert later.callable_from == NOON + timedelta(hours=2)
    # two hours on, its turn has come: first in the queue
    rows = QueueService(local, agent_name="A", clock=lambda: NOON + timedelta(hours=2)).list_queue()
    assert [r.id for r in rows[:2]] == ["qi-4", "qi-2"] and rows[1].callable_now



def test_a_customer_whose_change_is_still_being_read_is_not_offered_next(
    qtbot: QtBot, local: Engine, tasks: TaskManager, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The row of a customer just saved looks callable until its re-read lands. On a busy
    machine that can be after the next save (CI: the agent was shown the call-back they
    had scheduled two calls before, not due). Save-and-next, the read-ahead and Ctrl+N
    pass over such a row while another is callable; with none, it is still offered. A
    re-read that failed leaves its rows so too, until the next change reads them."""
    service = QueueService(local, agent_name="A", clock=lambda: NOON)
    panel = QueuePanel(service, tasks)
    qtbot.addWidget(panel)
    panel.reload()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 6 and not tasks.busy, timeout=10000)
    first, second, third, *rest = [r for r in panel.model.rows() if r.callable_now]

    def next_id() -> str | None:
        found = panel.next_after(second.id)
        return found.id if found is not None else None

    assert next_id() == first.id  # (the first in calling order)

    # The first was just worked; a listing under way defers its re-read.
    panel.reload()
    panel.apply_changes(Changes.of(items={first.id}))
    assert next_id() == third.id
    panel.show_next(second.id, notify=False)
    current = panel.current_row()
    assert current is not None and current.id == third.id
    qtbot.waitUntil(lambda: not tasks.busy, timeout=10000)  # the listing and re-read land
    assert next_id() == first.id

    # Its re-read failed: still passed over, and read with the next change.
    read = service.rows
    calls: list[set[str]] = []

    def failing(ids: Any, **kw: Any) -> Any:
        calls.append(set(ids))
        if len(calls) == 1:
            raise OperationalError("SELECT", {}, Exception("database is locked"))
        return read(ids, **kw)

    monkeypatch.setattr(service, "rows", failing)
    panel.apply_changes(Changes.of(items={first.id}))
    qtbot.waitUntil(lambda: not tasks.busy and bool(calls), timeout=10000)
    assert next_id() == third.id
    # Every other callable row unsettled too: the first is offered rather than none.
    panel.apply_changes(Changes.of(items={r.id for r in (third, *rest)}))
    assert next_id() == first.id
    qtbot.waitUntil(lambda: not tasks.busy, timeout=10000)
    assert first.id in calls[-1]  # read again with the next change
    assert next_id() == first.id
    for box in panel.findChildren(QMessageBox):  # the failure was shown
        box.close()



def test_a_clock_measured_anew_lists_the_queue_again(
    qtbot: QtBot, local: Engine, tasks: TaskManager,
) -> None:
    """Every row's callability is judged at the server's time: when a sync measured it far
    from before (`Changes.clock`), the whole queue is listed again, at the new time."""
    now = [NOON]
    panel = QueuePanel(QueueService(local, agent_name="A", clock=lambda: now[0]), tasks)
    qtbot.addWidget(panel)
    panel.reload()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 6 and not tasks.busy, timeout=10000)
    assert panel.model.callable_count() == 6
    listed = panel.listings
    now[0] = NOON + timedelta(hours=14)  # 02:00 in Shanghai: outside the calling window
    panel.apply_changes(Changes.of(clock=True))
    qtbot.waitUntil(lambda: not tasks.busy and panel.listings == listed + 1, timeout=10000)
    qtbot.waitUntil(lambda: panel.model.callable_count() == 0, timeout=10000)


# ----------------------------------------------------------------- pause reasons


def test_unknown_pause_reason_codes_show_the_servers_label() -> None:
    fire = PauseReasonOut(code="fire_drill", label="Fire drill", label_zh="消防演练")
    assert labels.pause_reason_label(fire) == "Fire drill"
    lunch = PauseReasonOut(code="lunch", label="Server's lunch")
    assert labels.pause_reason_label(lunch) == "&Lunch"  # known here: translated


@pytest.mark.usefixtures("chinese")
def test_pause_reasons_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_current", "zh_CN")  # what i18n.install sets
    fire = PauseReasonOut(code="fire_drill", label="Fire drill", label_zh="消防演练")
    assert labels.pause_reason_label(fire) == "消防演练"
    assert labels.pause_reason("lunch") == "午餐"
    assert labels.pause_reason("technical") == "技术故障"


def test_pause_reasons_come_from_the_server_and_work_offline(
    demo_server: dict[str, Any], tmp_path: Path
) -> None:
    agent = next(a for a in demo_server["accounts"] if a["role"] == "agent")
    client = ApiClient(demo_server["url"])
    client.token = client.login(agent["username"], agent["password"]).token
    engine = open_database(tmp_path / "local.sqlite3")
    online = PresenceService(engine, client=client)
    reasons = online.refresh_pause_reasons()
    codes = [r.code for r in reasons]
    for code in ("lunch", "personal", "technical", "training", "meeting", "break"):
        assert code in codes
    technical = next(r for r in reasons if r.code == "technical")
    assert technical.label == "Technical problem" and technical.label_zh  # the server's
    client.close()

    # Offline (nothing answers on the port): the copy kept locally, not the built-in list.
    dead = ApiClient("http://127.0.0.1:9", token="x")
    offline = PresenceService(engine, client=dead)
    kept = offline.refresh_pause_reasons()
    assert kept == reasons
    assert offline.set_state("paused", "lunch") is not None
    with pytest.raises(Exception, match="Choose why you pause"):
        offline.set_state("paused", "nap")
    dead.close()
    engine.dispose()



def test_ctrl_n_after_focus_showed_the_first_row_shows_it_not_the_next(
    qtbot: QtBot, window_for: Any, demo_server: dict[str, Any]  # noqa: F811 - the imported fixture
) -> None:
    """On a real display the window's focus makes the queue's first row current, and the
    panel shows that customer: a due call-back leads the queue ("1 call-back due ... at
    the top of your queue"). The agent's first Ctrl+N then stays on that customer, the
    first in calling order; it skipped to the second (seen by hand on Xvfb, 2026-12-05).
    The next Ctrl+N moves on, and a click on the row shown counts as choosing it."""
    win: MainWindow = window_for(demo_server)
    panel = win.queue_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() > 2, timeout=10000)
    rows = panel.model.rows()
    assert rows[0].callable_now
    second = next(r for r in rows[1:] if r.callable_now)
    # what the focus does: the first row current (no selection), and so shown
    panel.view.selectionModel().setCurrentIndex(panel.model.index(0, 0),
                                                QItemSelectionModel.SelectionFlag.NoUpdate)
    qtbot.waitUntil(lambda: win.detail is not None, timeout=10000)
    assert win.detail is not None and win.detail.queue_item_id == rows[0].id
    win.actions_by_id["next"].trigger()
    qtbot.wait(300)
    assert win.detail.queue_item_id == rows[0].id
    assert panel.view.selectionModel().isRowSelected(0)
    win.actions_by_id["next"].trigger()
    qtbot.waitUntil(lambda: win.detail is not None and win.detail.queue_item_id == second.id,
                    timeout=10000)
    # the same by a click: the row shown by focus, pressed, is chosen; Ctrl+N moves on
    panel.view.selectionModel().clearSelection()
    panel.view.selectionModel().setCurrentIndex(panel.model.index(0, 0),
                                                QItemSelectionModel.SelectionFlag.NoUpdate)
    qtbot.waitUntil(lambda: win.detail is not None and win.detail.queue_item_id == rows[0].id,
                    timeout=10000)
    panel.view.pressed.emit(panel.model.index(0, 0))
    win.actions_by_id["next"].trigger()
    qtbot.waitUntil(lambda: win.detail is not None and win.detail.queue_item_id == second.id,
                    timeout=10000)


# ------------------------------------------------------------- the whole window


class NoSoftphone(Dialer):
    def dial(self, number: str) -> bool:
        return False


def test_window_starts_in_the_queue_and_says_why_controls_are_off(
    qtbot: QtBot, window_for: Any, demo_server: dict[str, Any]  # noqa: F811 - the imported fixture
) -> None:
    win: MainWindow = window_for(demo_server)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is win.queue_panel.view, timeout=5000)
    assert win.detail is None
    for name in ("dnc", "save", "call"):
        assert not win.actions_by_id[name].isEnabled()
        assert "Choose a customer" in win.actions_by_id[name].toolTip(), name
    assert not win.outcome.dnc_button.isEnabled()
    assert "Choose a customer" in win.outcome.dnc_button.toolTip()
    assert "No call in progress" in win.customer.hangup_button.toolTip()
    # the server's pause reasons reached the window
    qtbot.waitUntil(lambda: "lunch" in [r.code for r in win.pause_reasons], timeout=10000)

    # On a real display, focus and the first load leave row 0 current and selected while
    # no customer is shown; Ctrl+N must then show that row (a due call-back leads the
    # queue), not the one after it.
    panel = win.queue_panel
    assert panel.model.rows()[0].callable_now
    sel = panel.view.selectionModel()
    sel.blockSignals(True)
    sel.setCurrentIndex(panel.model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                        | QItemSelectionModel.SelectionFlag.Rows)
    sel.blockSignals(False)
    assert win.detail is None
    # Ctrl+N from the queue: the first callable row, which a due call-back would lead.
    win.queue_panel.select_next_callable()
    qtbot.waitUntil(lambda: win.detail is not None, timeout=10000)
    first = next(r for r in win.queue_panel.model.rows() if r.callable_now)
    assert win.detail is not None and win.detail.queue_item_id == first.id
    assert win.actions_by_id["dnc"].isEnabled() and win.outcome.dnc_button.isEnabled()
    assert "Ctrl+D" in win.outcome.dnc_button.toolTip()

    # No softphone: the message shows the number masked, as the queue does.
    win.dialer = NoSoftphone()
    win.status.clearMessage()
    win.call()
    qtbot.waitUntil(lambda: "by hand" in win.status.currentMessage(), timeout=10000)
    phone = win.detail.customer.phone
    message = win.status.currentMessage()
    assert phone not in message and first.phone_masked in message
    assert QGuiApplication.clipboard().text() == phone
    win.hang_up()


def test_chinese_script_says_the_brand_in_chinese(local: Engine) -> None:
    d = QueueService(local, agent_name="A", clock=lambda: NOON).detail("qi-0")
    opening = d.steps[0]
    assert "from China Telecom" in opening.text
    assert "我是中国电信的" in opening.text_zh and "China Telecom" not in opening.text_zh
