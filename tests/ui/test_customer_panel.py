"""The customer panel and the outcome panel render a detail without any server."""

from __future__ import annotations

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
