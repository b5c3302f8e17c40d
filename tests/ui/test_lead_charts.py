"""The monitor's charts rendered offscreen: the value labels are drawn off the bars and
never on top of each other, at the sizes a lead's screen gives them, in both languages.

Each chart is rendered twice, with and without its value labels: the pixels that differ
are the labels. No label pixel may fall on a pixel the bars cover, and the labels,
projected on the axis the bars stand on, form one separate run per bar."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCharts import QAbstractBarSeries, QChartView
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from tests.ui import lang
from ui.lead.charts import CALLS_COLOUR, SUCCESS_COLOUR, ChartsPanel
from wire.lead import CampaignRow, HourRow, Monitor, Rate
from wire.schema import Disposition


def _monitor() -> Monitor:
    now = datetime.now(UTC)
    tiers = {"A1": Rate(n=9, d=40), "A2": Rate(n=31, d=100), "B1": Rate(n=5, d=80),
             "B2": Rate(n=1, d=3), "C": Rate(n=0, d=25), "D": Rate(n=2, d=60)}
    camp = CampaignRow(campaign_id="c", code="C1", name="Data pack", name_zh="流量包",
                       by_tier=tiers)
    mix = {Disposition.NO_ANSWER: 212, Disposition.BUSY: 41, Disposition.ACCEPTED: 38,
           Disposition.NOT_INTERESTED: 97, Disposition.CALLBACK: 12,
           Disposition.DO_NOT_CALL: 3, Disposition.VOICEMAIL: 1}
    return Monitor(server_time=now, day_start=now, teams=[], agents=[], campaigns=[camp],
                   hours=[HourRow(hour=h, calls=10 * h, successes=h) for h in range(8, 18)],
                   outcome_mix=mix)


def _render(view: QChartView, labels: bool) -> QImage:
    chart = view.chart()
    for series in chart.series():
        assert isinstance(series, QAbstractBarSeries)
        series.setLabelsVisible(labels)
    view.repaint()
    return view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def _runs(positions: list[int], gap: int = 5) -> list[tuple[int, int]]:
    """Runs of positions; glyphs of one label are closer than `gap` pixels."""
    runs: list[tuple[int, int]] = []
    for p in sorted(set(positions)):
        if runs and p <= runs[-1][1] + gap:
            runs[-1] = (runs[-1][0], p)
        else:
            runs.append((p, p))
    return runs


def _check(view: QChartView, bar_colour: str, n_bars: int, horizontal: bool) -> None:
    with_labels, without = _render(view, True), _render(view, False)
    bar = QColor(bar_colour).rgb()
    label_px: list[tuple[int, int]] = []
    on_bar = 0
    for y in range(with_labels.height()):
        for x in range(with_labels.width()):
            if with_labels.pixel(x, y) != without.pixel(x, y):
                label_px.append((x, y))
                if without.pixel(x, y) == bar:
                    on_bar += 1
    assert label_px, "the labels are drawn"
    assert on_bar == 0, f"{on_bar} label pixels drawn over the bars ({horizontal=})"
    along = [y if horizontal else x for x, y in label_px]
    runs = _runs(along)
    assert len(runs) == n_bars, f"labels overlap each other: {runs}"


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("size", [(440, 250), (620, 320)])
def test_value_labels_stay_off_the_bars_and_apart(
        qtbot: QtBot, language: str, size: tuple[int, int]) -> None:
    with lang.language(language) as used:
        assert used == language
        panel = ChartsPanel()
        qtbot.addWidget(panel)
        mon = _monitor()
        panel.show_monitor(mon)
        panel.resize(3 * size[0], size[1])  # three charts side by side
        panel.show()
        qtbot.waitExposed(panel)
        # Qt writes no label on a bar of 0.
        _check(panel.tier_view, SUCCESS_COLOUR, sum(1 for _, p in panel.tiers if p),
               horizontal=False)
        _check(panel.mix_view, CALLS_COLOUR, len(panel.mix), horizontal=True)
