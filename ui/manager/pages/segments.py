"""Segmentation: customers per value tier × plan fit (table and stacked bars), customers
on the churn warning line per value tier, the star levels, and the six big-customer tiers
(issue 22: customers per tier and those on either churn warning line), with the
lead's chart helpers (ui/lead/charts.py). The figures are the server's (GET
/admin/segments); the charts draw the same answer as the table."""

from __future__ import annotations

from PySide6.QtCharts import QBarSeries, QBarSet, QHorizontalBarSeries, QStackedBarSeries
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.manager import ManagerService
from ui.lead.charts import CALLS_COLOUR, _axes, _chart, _outside_labels, _view
from ui.manager.pages.common import Page, Progress, fit_columns, number
from ui.tasks import TaskManager
from wire.manager import Segments

TIERS = ["A1", "A2", "B1", "B2", "C", "D"]
FITS = ["A", "B", "C", "D", "-"]
FIT_COLOURS = {"A": "#8ab4f8", "B": "#2e9e5b", "C": "#f0b400", "D": "#d9534f", "-": "#9aa0a6"}
CHURN_COLOUR = "#d9534f"


class SegmentsPage(Page):
    def __init__(self, service: ManagerService, tasks: TaskManager,
                 parent: QWidget | None = None) -> None:
        super().__init__(service, tasks, parent)
        self.data: Segments | None = None
        self.title = QLabel(self.tr("Segments"), self)
        self.title.setObjectName("sectionTitle")
        self.table = QTableWidget(0, 0, self)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setMaximumHeight(250)
        self.fit_view = _view(self)
        self.churn_view = _view(self)
        self.star_view = _view(self)
        self.big_view = _view(self)  # issue 22: big-customer tiers
        self.fit_note = QLabel(self.tr(
            "Plan fit: A far under the plan, B slightly under, C slightly over, D far over; "
            "- no usage on file."), self)
        self.fit_note.setObjectName("mutedLabel")
        self.fit_note.setWordWrap(True)
        grid = QGridLayout()
        grid.addWidget(self.table, 0, 0)
        grid.addWidget(self.fit_view, 0, 1)
        grid.addWidget(self.churn_view, 1, 0)
        grid.addWidget(self.star_view, 1, 1)
        grid.addWidget(self.big_view, 0, 2, 2, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 2)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addLayout(grid, 1)
        lay.addWidget(self.fit_note)
        self.progress_bar = QProgressBar(self)
        self.progress = Progress(self.progress_bar)  # a million customers take seconds
        foot = QHBoxLayout()
        foot.addWidget(self.status, 1)
        foot.addWidget(self.progress_bar)
        lay.addLayout(foot)
        # what the charts show, for tests: (tier, fit) -> customers; tier -> warned
        self.fit_chart: dict[tuple[str, str], int] = {}
        self.churn_chart: dict[str, int] = {}
        self.big_chart: dict[str, tuple[int, int]] = {}  # big tier -> (customers, warned)

    def refresh(self) -> None:
        if self.busy:
            return
        self.say(self.tr("Counting the customers..."))
        self.progress.start()
        self.run(self.service.segments, self.show_segments, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.progress.stop()
        self.show_error(exc)

    def check(self) -> None:
        self.refresh()

    def show_segments(self, s: Segments) -> None:
        self.progress.stop()
        self.data = s
        self.title.setText(self.tr("Segments of %1 customers (%2 VIP, %3 on the churn "
                                   "warning line)").replace("%1", number(s.customers))
                           .replace("%2", number(s.vip)).replace("%3", number(s.churn_warning)))
        tiers = [t for t in TIERS if t in s.tier_fit] + \
            [t for t in s.tier_fit if t not in TIERS]
        fits = [f for f in FITS if any(s.tier_fit[t].get(f) for t in tiers)] or FITS[:4]
        heads = [self.tr("Fit %1").replace("%1", f) for f in fits] + \
            [self.tr("Total"), self.tr("Churn warning")]
        self.table.setRowCount(len(tiers))
        self.table.setColumnCount(len(heads))
        self.table.setHorizontalHeaderLabels(heads)
        fit_columns(self.table)
        self.table.verticalHeader().setVisible(True)  # the tiers
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setVerticalHeaderLabels([self.tr("Tier %1").replace("%1", t) for t in tiers])
        for r, t in enumerate(tiers):
            row = s.tier_fit[t]
            values = [row.get(f, 0) for f in fits] + [sum(row.values()),
                                                       s.churn_by_tier.get(t, 0)]
            for c, v in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(number(v)))
        self.fit_chart = {(t, f): s.tier_fit[t].get(f, 0) for t in tiers for f in fits}
        self.churn_chart = {t: s.churn_by_tier.get(t, 0) for t in tiers}
        self._fit_chart(tiers, fits, s)
        self._churn_chart(tiers, s)
        self._star_chart(s)
        self._big_chart(s)
        self.say(self.tr("Counted on the server in %1 ms.").replace("%1", f"{s.query_ms:.0f}"))

    def _fit_chart(self, tiers: list[str], fits: list[str], s: Segments) -> None:
        series = QStackedBarSeries()
        for f in fits:
            bars = QBarSet(self.tr("Fit %1").replace("%1", f))
            bars.setColor(QColor(FIT_COLOURS.get(f, CALLS_COLOUR)))
            for t in tiers:
                bars.append(s.tier_fit[t].get(f, 0))
            series.append(bars)
        chart = _chart(self.tr("Customers per value tier and plan fit"))
        chart.addSeries(series)
        top = max([sum(s.tier_fit[t].values()) for t in tiers] + [4]) * 1.1
        _axes(chart, series, tiers, top, "%d")
        self.fit_view.setChart(chart)

    def _churn_chart(self, tiers: list[str], s: Segments) -> None:
        bars = QBarSet(self.tr("On the churn warning line"))
        bars.setColor(QColor(CHURN_COLOUR))
        for t in tiers:
            bars.append(s.churn_by_tier.get(t, 0))
        series = QBarSeries()
        series.append(bars)
        _outside_labels(series, bars)
        chart = _chart(self.tr("Churn warning per value tier"))
        chart.legend().hide()
        chart.addSeries(series)
        _axes(chart, series, tiers, max([s.churn_by_tier.get(t, 0) for t in tiers] + [4])
              * 1.25, "%d")
        self.churn_view.setChart(chart)

    def _star_chart(self, s: Segments) -> None:
        stars = sorted(s.star_levels, key=lambda k: int(k) if k.isdigit() else 99)
        bars = QBarSet(self.tr("Customers"))
        bars.setColor(QColor(CALLS_COLOUR))
        for k in stars:
            bars.append(s.star_levels[k])
        series = QBarSeries()
        series.append(bars)
        _outside_labels(series, bars)
        chart = _chart(self.tr("Star levels (big customers: 4-5 stars)"))
        chart.legend().hide()
        chart.addSeries(series)
        _axes(chart, series, [self.tr("%1 stars").replace("%1", k) for k in stars] or ["–"],
              max([*s.star_levels.values(), 4]) * 1.25, "%d")
        self.star_view.setChart(chart)

    # -- issue 22: the big-customer tiers
    def _big_chart(self, s: Segments) -> None:
        names = {"diamond": self.tr("Diamond"), "emerald": self.tr("Emerald"),
                 "platinum": self.tr("Platinum"), "gem": self.tr("Gem"),
                 "gold": self.tr("Gold"), "crystal": self.tr("Crystal")}
        tiers = list(reversed(s.big_tiers))  # a horizontal chart draws from the bottom up
        self.big_chart = {t: (s.big_tiers[t], s.churn_by_big_tier.get(t, 0)) for t in tiers}
        customers = QBarSet(self.tr("Customers"))
        customers.setColor(QColor(CALLS_COLOUR))
        warned = QBarSet(self.tr("On a churn warning line"))
        warned.setColor(QColor(CHURN_COLOUR))
        for t in tiers:
            customers.append(s.big_tiers[t])
            warned.append(s.churn_by_big_tier.get(t, 0))
        series = QHorizontalBarSeries()
        series.append(warned)
        series.append(customers)
        _outside_labels(series, customers)
        _outside_labels(series, warned)
        chart = _chart(self.tr("Big-customer tiers (%1 fee warnings)")
                       .replace("%1", number(s.fee_warning)))
        chart.addSeries(series)
        _axes(chart, series, [names.get(t, t) for t in tiers] or ["–"],
              max([*s.big_tiers.values(), 4]) * 1.25, "%d", horizontal=True)
        self.big_view.setChart(chart)
