"""The monitor's charts (QtCharts): calls and confirmed sales per hour, today's outcome mix, and
success by value tier. They are drawn from the same Monitor answer as the tables, so a
chart and its table always agree (tests compare them)."""

from __future__ import annotations

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGridLayout, QWidget

from ui import labels
from ui.resources import is_dark
from wire.lead import Monitor, Rate
from wire.schema import Disposition, ValueTier

CALLS_COLOUR = "#5b8def"
SUCCESS_COLOUR = "#2e9e5b"
AWAITING_COLOUR = "#e0a030"


def tier_totals(mon: Monitor) -> dict[str, Rate]:
    """Successes of reached calls per value tier, over the campaigns shown."""
    out: dict[str, Rate] = {t.value: Rate() for t in ValueTier}
    for c in mon.campaigns:
        for tier, r in c.by_tier.items():
            t = out.setdefault(tier, Rate())
            t.n += r.n
            t.d += r.d
    return out


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setTheme(QChart.ChartTheme.ChartThemeDark if is_dark()
                   else QChart.ChartTheme.ChartThemeLight)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)  # refreshed every 5 s
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def _outside_labels(series: QAbstractBarSeries, bars: QBarSet) -> None:
    """Values just past the end of each bar, in the text colour: never drawn over a bar
    (the axis range leaves room for them)."""
    series.setLabelsVisible(True)
    series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
    bars.setLabelColor(QColor("#e8eaed" if is_dark() else "#1f2430"))


def _view(parent: QWidget) -> QChartView:
    v = QChartView(parent)
    v.setRenderHint(QPainter.RenderHint.Antialiasing)
    v.setMinimumHeight(230)
    return v


def _axes(chart: QChart, series: QAbstractBarSeries, categories: list[str], top: float,
          label_format: str, *, horizontal: bool = False) -> None:
    """Category and value axes of a bar chart; labels are never cut ("不感兴趣" stays whole)."""
    cats = QBarCategoryAxis()
    cats.append(categories)
    values = QValueAxis()
    values.setRange(0, top)
    values.setLabelFormat(label_format)
    left, bottom = (cats, values) if horizontal else (values, cats)
    for axis, where in ((left, Qt.AlignmentFlag.AlignLeft),
                        (bottom, Qt.AlignmentFlag.AlignBottom)):
        axis.setTruncateLabels(False)
        chart.addAxis(axis, where)
        series.attachAxis(axis)
    values.applyNiceNumbers()


class ChartsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hourly_view = _view(self)
        self.mix_view = _view(self)
        self.tier_view = _view(self)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        # One row: on a 1366x768 screen each chart keeps the panel's full height.
        grid.addWidget(self.hourly_view, 0, 0)
        grid.addWidget(self.mix_view, 0, 1)
        grid.addWidget(self.tier_view, 0, 2)
        for col in range(3):
            grid.setColumnStretch(col, 1)
        # What each chart shows, kept for tests and for the export of chart data.
        self.hourly: list[tuple[int, int, int]] = []  # hour, calls, confirmed sales
        self.hourly_awaiting: list[int] = []
        self.mix: list[tuple[Disposition, int]] = []
        self.mix_held: list[tuple[str, int]] = []  # sales awaiting / reversed (labels)
        self.tiers: list[tuple[str, float]] = []

    def show_monitor(self, mon: Monitor) -> None:
        self._hourly(mon)
        self._mix(mon)
        self._tiers(mon)

    def _hourly(self, mon: Monitor) -> None:
        self.hourly = [(h.hour, h.calls, h.successes) for h in mon.hours]
        self.hourly_awaiting = [h.sales_awaiting for h in mon.hours]
        calls = QBarSet(self.tr("Calls"))
        sales = QBarSet(self.tr("Sales (confirmed)"))
        waiting = QBarSet(self.tr("Awaiting verification"))
        calls.setColor(QColor(CALLS_COLOUR))
        sales.setColor(QColor(SUCCESS_COLOUR))
        waiting.setColor(QColor(AWAITING_COLOUR))
        for (_, c, s), w in zip(self.hourly, self.hourly_awaiting, strict=True):
            calls.append(c)
            sales.append(s)
            waiting.append(w)
        series = QBarSeries()
        series.append(calls)
        series.append(sales)
        if any(self.hourly_awaiting):
            series.append(waiting)
        chart = _chart(self.tr("Calls and confirmed sales per hour (today)"))
        chart.addSeries(series)
        _axes(chart, series, [f"{h:02d}" for h, _, _ in self.hourly],
              max([c for _, c, _ in self.hourly] + [4]) * 1.1, "%d")
        self.hourly_view.setChart(chart)

    def _mix(self, mon: Monitor) -> None:
        names = labels.dispositions()
        self.mix = sorted(((d, n) for d, n in mon.outcome_mix.items() if n),
                          key=lambda p: p[1])
        # "Accepted" counts the sales that stand; the others are two bars of their own
        shown = [(names.get(d, d.value), n) for d, n in self.mix]
        self.mix_held = [(self.tr("Sale awaiting verification"), mon.sales_awaiting),
                         (self.tr("Sale reversed by verification"), mon.sales_reversed)]
        shown = sorted(shown + [p for p in self.mix_held if p[1]], key=lambda p: p[1])
        bars = QBarSet(self.tr("Calls"))
        bars.setColor(QColor(CALLS_COLOUR))
        for _, n in shown:
            bars.append(n)
        series = QHorizontalBarSeries()
        series.append(bars)
        _outside_labels(series, bars)
        series.setLabelsFormat("  @value")  # a gap after the bar's end
        chart = _chart(self.tr("Outcome mix (today)"))
        chart.legend().hide()
        chart.addSeries(series)
        _axes(chart, series, [name for name, _ in shown] or ["–"],
              max([n for _, n in shown] + [4]) * 1.25, "%d", horizontal=True)
        self.mix_view.setChart(chart)

    def _tiers(self, mon: Monitor) -> None:
        totals = tier_totals(mon)
        self.tiers = [(t, round(100 * r.n / r.d, 1) if r.d else 0.0) for t, r in totals.items()]
        bars = QBarSet(self.tr("Success rate of reached calls (%)"))
        bars.setColor(QColor(SUCCESS_COLOUR))
        for _, pct in self.tiers:
            bars.append(pct)
        series = QBarSeries()
        series.append(bars)
        _outside_labels(series, bars)
        series.setLabelsFormat("@value%")
        chart = _chart(self.tr("Success by value tier (campaigns to date)"))
        chart.addSeries(series)
        _axes(chart, series, [t for t, _ in self.tiers],
              max([p for _, p in self.tiers] + [10]) * 1.3, "%d%%")
        self.tier_view.setChart(chart)
