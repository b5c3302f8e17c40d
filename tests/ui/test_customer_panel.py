"""The customer panel and the outcome panel render a detail without any server."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel
from pytestqt.qtbot import QtBot

from tests.ui.sample import sample_detail
from ui.customer_panel import CustomerPanel
from ui.outcome_panel import OutcomePanel
from wire.schema import Disposition


def test_profile_history_offers_and_script_show(qtbot: QtBot) -> None:
    panel = CustomerPanel()
    qtbot.addWidget(panel)
    d = sample_detail()
    panel.show_detail(d)
    profile = panel.profile.toPlainText()
    for text in ("+8613812345678", "Guangdong", "★★★★☆", "VIP", "3 year(s) 7 month(s)",
                 "¥128.50", "Tianyi 129", "500 min, 20.0 GB data", "2027-03-31",
                 "Huawei Mate 60", "5G", "Cloud storage", "86 / A1", "D - far over plan",
                 "maturity", "marketing consent", "2026-09", "1.2 GB"):
        assert text in profile, text
    assert not panel.history.toPlainText(), "the hidden history tab renders when opened"
    panel.tabs.setCurrentWidget(panel.history)
    history = panel.history.toPlainText()
    assert "Not interested" in history and "Price" in history and "Li Na" in history
    offers = panel.offers.toPlainText()
    assert "30 yuan 4G data pack" in offers and "over plan by 1.2 GB" in offers
    assert panel.script.mandatory_ids() == ["disc"]
    assert panel.gate_label.text().startswith("Callable now")
    assert panel.script.tick_next() and panel.script.ticked() == ["disc"]
    assert not panel.script.tick_next()


def test_blocked_customer_says_why(qtbot: QtBot) -> None:
    panel = CustomerPanel()
    qtbot.addWidget(panel)
    panel.show_detail(sample_detail(allowed=False))
    assert "calling window" in panel.gate_label.text()


def test_outcome_panel_collects_and_shows_errors_beside_fields(qtbot: QtBot) -> None:
    panel = OutcomePanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.set_detail(sample_detail())
    assert panel.disposition() is None
    panel.choose(Disposition.ACCEPTED)
    assert panel.disposition() is Disposition.ACCEPTED
    assert panel.offer_id() == "o1", "a sale pre-selects the top offer"
    assert panel.callback_at() is None
    panel.choose(Disposition.CALLBACK)
    assert panel.callback_at() is not None
    panel.show_error("callback", "Choose a call-back time.")
    assert panel.errors["callback"].isVisible()
    panel.set_detail(None)
    assert not panel.errors["callback"].isVisible()


def test_the_next_customer_refills_the_same_widgets(qtbot: QtBot) -> None:
    """Save-and-next redraws the profile and the script in place (ui/profile_view.py,
    ScriptView._refill): the new customer's values, nothing of the previous one left, a
    ticked disclosure unticked without announcing a tick, the VIP badge and the over-plan
    marks following the customer."""
    panel = CustomerPanel()
    qtbot.addWidget(panel)
    panel.show()
    first = sample_detail()
    panel.show_detail(first)
    frames = panel.script.findChildren(QFrame)
    assert panel.script.tick_next()
    assert [lab.text() for lab in panel.profile.findChildren(QLabel)
            if lab.property("badge")] == ["VIP"]
    c = first.customer
    second = replace(first, queue_item_id="q2", customer=c.model_copy(update={
        "name": "Zhao Lei", "phone": "+8613900000001", "vip": False, "plan_name": "Tianyi 59",
        "usage": c.usage[:1]}), steps=[
        replace(s, text=s.text.replace("Wang Fang", "Zhao Lei")) for s in first.steps])
    announced: list[bool] = []
    panel.script.disclosures_changed.connect(lambda: announced.append(True))
    panel.show_detail(second)
    assert panel.script.findChildren(QFrame) == frames, "the same frames, refilled"
    assert panel.script.ticked() == [] and not announced
    script_text = " ".join(lab.text() for lab in panel.script.findChildren(QLabel))
    assert "Zhao Lei" in script_text and "Wang Fang" not in script_text
    profile = panel.profile.toPlainText()
    assert "+8613900000001" in profile and "Tianyi 59" in profile
    assert "+8613812345678" not in profile and "Tianyi 129" not in profile
    assert "Not VIP" not in profile and "\tNo" in profile
    assert profile.count("2026-0") == 1, "one month of usage: the other rows are hidden"
    badges = [lab for lab in panel.profile.findChildren(QLabel) if lab.property("badge")]
    assert not badges, "no VIP badge for a customer who is not VIP"
    over = [lab.text() for lab in panel.profile.findChildren(QLabel)
            if lab.property("over") and lab.isVisibleTo(panel)]
    assert over == ["1.2 GB"]
    panel.show_detail(None)
    assert panel.profile.toPlainText() == ""


def test_a_long_history_draws_the_latest_and_shows_all_from_the_keyboard(qtbot: QtBot) -> None:
    """The history tab draws the latest contacts at once (a long history is the slow part
    of showing the next customer); Tab to "Show all" and Enter draws every one."""
    panel = CustomerPanel()
    qtbot.addWidget(panel)
    panel.show()
    d = sample_detail()
    h = d.history[0]
    many = [h.model_copy(update={"id": f"h{n}", "notes": f"note {n}",
                                 "at": h.at - timedelta(days=n)}) for n in range(45)]
    panel.show_detail(replace(d, history=many))
    panel.tabs.setCurrentWidget(panel.history)
    text = panel.history.toPlainText()
    assert "The latest 30 of 45 contacts." in text
    assert "note 0" in text and "note 29" in text and "note 30" not in text
    panel.history.setFocus()
    qtbot.keyClick(panel.history, Qt.Key.Key_Tab)
    qtbot.keyClick(panel.history, Qt.Key.Key_Return)
    text = panel.history.toPlainText()
    assert "note 44" in text and "The latest" not in text
