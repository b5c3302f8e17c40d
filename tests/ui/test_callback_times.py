"""Call-back quick picks, the two clocks, and the calling-window check beside the field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot

from tests.ui.sample import sample_detail
from ui.callback_times import both_clocks, quick_picks
from ui.outcome_panel import OutcomePanel
from wire.schema import Disposition

SH = ZoneInfo("Asia/Shanghai")


def test_quick_picks_in_the_customers_time() -> None:
    fri = datetime(2026, 11, 27, 14, 7, tzinfo=SH)  # a Friday afternoon in Shanghai
    picks = {p.key: p.at for p in quick_picks(fri.astimezone(UTC), "Asia/Shanghai")}
    assert picks["1h"] == datetime(2026, 11, 27, 15, 7, tzinfo=SH)
    assert picks["2h"] == datetime(2026, 11, 27, 16, 7, tzinfo=SH)
    assert picks["tomorrow"] == datetime(2026, 11, 28, 10, 0, tzinfo=SH)
    assert picks["workday"] == datetime(2026, 11, 30, 10, 0, tzinfo=SH)  # Monday


def test_both_clocks_names_the_customers_and_the_agents_time() -> None:
    at = datetime(2026, 11, 27, 19, 30, tzinfo=SH)
    text = both_clocks(at.astimezone(UTC), "Asia/Shanghai", at - timedelta(hours=1))
    mine = at.astimezone().strftime("%H:%M")
    assert text.startswith("19:30 customer time") and text.endswith(f"{mine} yours")


def test_a_time_outside_the_window_shows_beside_the_field(qtbot: QtBot) -> None:
    d = sample_detail()
    assert d.campaign is not None
    noon = datetime.combine(d.local_time.date(), d.campaign.window_start,
                            tzinfo=ZoneInfo(d.customer.timezone)) + timedelta(hours=1)
    panel = OutcomePanel()
    qtbot.addWidget(panel)
    panel.set_clock(lambda: noon.astimezone(UTC))
    panel.show()
    panel.set_detail(d)
    panel.choose(Disposition.CALLBACK)
    assert panel.callback_at() == noon.astimezone(UTC) + timedelta(hours=1)  # "in 1 hour"
    assert not panel.errors["callback"].isVisible()
    panel.callback_pick.setCurrentIndex(2)  # tomorrow 10:00 customer time
    at = panel.callback_at()
    assert at is not None and at.astimezone(ZoneInfo(d.customer.timezone)).hour == 10
    late = datetime.combine(noon.date(), d.campaign.window_end) + timedelta(hours=1)
    panel.callback_edit.setDateTime(late)
    assert panel.callback_pick.currentIndex() == panel.callback_pick.count() - 1  # custom
    assert panel.errors["callback"].isVisible()
    assert "calling window" in panel.errors["callback"].text()
