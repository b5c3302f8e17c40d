"""Plan a campaign: choose the filters and offers of its rule table and how recently a
contact excludes a customer, preview the funnel (a dry run: the server counts every step
and keeps nothing) as a chart with its counts beside a previous plan's, then save the plan.
A preview over a million customers shows its running time and can be cancelled (its
answer is dropped, and the server stops counting: a dry run changes nothing there)."""

from __future__ import annotations

import copy
import re
import uuid
from typing import Any

from PySide6.QtCharts import QBarSet, QHorizontalBarSeries
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.manager import ManagerService
from ui import i18n
from ui.lead.charts import CALLS_COLOUR, _axes, _chart, _outside_labels, _view
from ui.manager.pages.common import Page, Progress, fill_campaigns, fit_columns, number
from ui.tasks import TaskManager
from wire.lead import Monitor
from wire.manager import PlanHistory, RuleTable
from wire.planning import FunnelStep, PlanReport

PLACEHOLDER = re.compile(r"\{[^{}]*\}")
BUILT_IN = ("DATAPK", "MIG4G", "BBRENEW", "RETAIN")
PREVIOUS_COLOUR = "#9aa0a6"


FIXED_STEPS = re.compile(r"^(not contacted in the last|no contract running more than) "
                         r"(\d+) days$")


class PlanPage(Page):
    def __init__(self, service: ManagerService, tasks: TaskManager,
                 parent: QWidget | None = None) -> None:
        super().__init__(service, tasks, parent)
        self.rules: dict[str, Any] | None = None
        self.history: PlanHistory | None = None
        self.report: PlanReport | None = None
        self.saved: PlanReport | None = None
        self._generation = 0
        self.planning = False  # a preview or save is waiting for its answer
        self._dry = True
        self.job: str | None = None  # the running preview's job id
        self.monitor: Monitor | None = None

        self.campaign_combo = QComboBox(self)
        for code in BUILT_IN:
            self.campaign_combo.addItem(code, code)
        self.campaign_combo.currentIndexChanged.connect(lambda _i: self._load_campaign())
        self.days_spin = QSpinBox(self)
        self.days_spin.setRange(0, 365)
        self.days_spin.setValue(90)
        self.days_spin.setSuffix(self.tr(" days"))
        self.filters = QListWidget(self)
        self.offers = QListWidget(self)
        self.offers.setWordWrap(True)
        self.compare_combo = QComboBox(self)
        self.compare_combo.currentIndexChanged.connect(lambda _i: self._draw())
        form = QFormLayout()
        form.addRow(self.tr("&Campaign:"), self.campaign_combo)
        form.addRow(self.tr("Leave out if contacted with&in:"), self.days_spin)
        form.addRow(self.tr("Compare &with:"), self.compare_combo)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(QLabel(self.tr("Filters (each is one step of the funnel)"), self))
        left.addWidget(self.filters, 1)
        left.addWidget(QLabel(self.tr("Offers"), self))
        left.addWidget(self.offers, 1)

        self.funnel_view = _view(self)
        self.funnel_table = QTableWidget(0, 5, self)
        self.funnel_table.setHorizontalHeaderLabels(
            [self.tr("Step"), self.tr("Kept"), self.tr("Dropped"), self.tr("Previous plan"),
             self.tr("Difference")])
        fit_columns(self.funnel_table, 0)
        self.funnel_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.funnel_table.setMaximumHeight(230)
        right = QVBoxLayout()
        right.addWidget(self.funnel_view, 1)
        right.addWidget(self.funnel_table)

        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addLayout(right, 3)
        self.preview_button = QPushButton(self.tr("&Preview the funnel"), self)
        self.preview_button.clicked.connect(self.check)
        self.save_button = QPushButton(self.tr("&Save the plan"), self)
        self.save_button.clicked.connect(self.apply)
        self.cancel_button = QPushButton(self.tr("Cance&l"), self)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress_bar = QProgressBar(self)
        self.progress = Progress(self.progress_bar)
        foot = QHBoxLayout()
        foot.addWidget(self.status, 1)
        foot.addWidget(self.progress_bar)
        foot.addWidget(self.preview_button)
        foot.addWidget(self.save_button)
        foot.addWidget(self.cancel_button)
        lay = QVBoxLayout(self)
        lay.addLayout(body, 1)
        lay.addLayout(foot)
        self.funnel: list[FunnelStep] = []  # what the chart shows (tests compare it)
        self._enable()

    @property
    def code(self) -> str:
        return str(self.campaign_combo.currentData() or "")

    def refresh(self) -> None:
        self.run(self.service.campaigns, self._campaigns)

    def _campaigns(self, mon: Monitor) -> None:
        self.monitor = mon
        fill_campaigns(self.campaign_combo, mon, BUILT_IN)
        self._load_campaign()

    def _load_campaign(self) -> None:
        code = self.code
        if not code:
            return
        self.run(lambda: self.service.rules(code), self._rules, lambda _e: self._rules(None))
        self.run(lambda: self.service.plans(code), self._history)

    def _rules(self, table: RuleTable | None) -> None:
        self.rules = table.rules if table is not None else None
        self.filters.clear()
        self.offers.clear()
        if self.rules is None:
            self.filters.addItem(self.tr("(the server's rule table for this campaign)"))
        else:
            for n, step in enumerate(self.rules.get("targeting", [])):
                label = self._label(step) or ", ".join(step.get("when", {}))
                self._checkable(self.filters, label, n)
            for n, offer in enumerate(self.rules.get("offers", [])):
                reason = PLACEHOLDER.sub("…", str(offer.get(
                    "reason_zh" if i18n.is_chinese() and offer.get("reason_zh") else "reason",
                    "")))
                self._checkable(self.offers, f"{offer['code']}: {reason}", n)
            days = self.rules.get("exclusions", {}).get("contacted_within_days")
            if isinstance(days, int):
                self.days_spin.setValue(days)
        self._enable()

    @staticmethod
    def _checkable(lst: QListWidget, text: str, n: int) -> None:
        item = QListWidgetItem(text, lst)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked)
        item.setData(Qt.ItemDataRole.UserRole, n)

    def _history(self, h: PlanHistory) -> None:
        self.history = h
        self.compare_combo.blockSignals(True)
        self.compare_combo.clear()
        self.compare_combo.addItem(self.tr("(no comparison)"), None)
        for p in h.plans:
            self.compare_combo.addItem(
                self.tr("%1: %2 targets").replace("%1", p.created_at.strftime("%Y-%m-%d %H:%M"))
                .replace("%2", number(p.targets)), p.plan_id)
        self.compare_combo.setCurrentIndex(1 if h.plans else 0)
        self.compare_combo.blockSignals(False)
        self._draw()

    def chosen_rules(self) -> dict[str, Any] | None:
        """The rule table with the unticked filters and offers left out."""
        if self.rules is None:
            return None
        rules = copy.deepcopy(self.rules)

        def kept(lst: QListWidget) -> set[int]:
            return {int(lst.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(lst.count())
                    if lst.item(i).checkState() == Qt.CheckState.Checked}

        f, o = kept(self.filters), kept(self.offers)
        rules["targeting"] = [s for n, s in enumerate(rules.get("targeting", [])) if n in f]
        rules["offers"] = [s for n, s in enumerate(rules.get("offers", [])) if n in o]
        return rules

    def set_checked(self, which: str, n: int, on: bool) -> None:
        lst = self.filters if which == "filters" else self.offers
        lst.item(n).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    # ---------------------------------------------------------------- funnel
    def check(self) -> None:
        self._plan(dry_run=True)

    def apply(self) -> None:
        self._plan(dry_run=False)

    def _plan(self, *, dry_run: bool) -> None:
        if self.planning or not self.code:
            return
        self.planning = True
        self._dry = dry_run
        code, rules, days = self.code, self.chosen_rules(), self.days_spin.value()
        self._generation += 1
        gen = self._generation
        # a preview's id: its cancel stops the server's count too (server/planning/jobs.py)
        job = self.job = uuid.uuid4().hex if dry_run else None
        self.say(self.tr("Counting the funnel over every customer...") if dry_run
                 else self.tr("Saving the plan..."))
        self.progress.start()
        self.run(lambda: self.service.plan(code, dry_run=dry_run, rules=rules,
                                           contacted_within_days=days, job=job),
                 lambda r: self._planned(gen, r), lambda e: self._plan_failed(gen, e))
        self._enable()

    def _planned(self, gen: int, r: PlanReport) -> None:
        if gen != self._generation:  # cancelled: a dry run kept nothing, drop the answer
            return
        self.planning = False
        self.job = None
        self.progress.stop()
        self.report = r
        if not r.dry_run:
            self.saved = r
            self.say(self.tr("Plan saved: %1 targets. Assign them on the Assign page.")
                     .replace("%1", number(r.targets)))
            self.run(lambda: self.service.plans(r.campaign_code), self._history)
        else:
            self.say(self.tr("Preview: %1 targets. Nothing was saved.")
                     .replace("%1", number(r.targets)))
        self._draw()
        self._enable()

    def _plan_failed(self, gen: int, exc: BaseException) -> None:
        if gen == self._generation:
            self.planning = False
            self.job = None
            self.progress.stop()
            self.show_error(exc)
            self._enable()

    def cancel(self) -> None:
        if not self.planning:
            return
        if not self._dry:  # a plan being saved is one transaction: it lands whole or not
            self.say(self.tr("The plan is being saved; it cannot be cancelled now."))
            return
        self.planning = False
        self._generation += 1
        self.progress.stop()
        job, self.job = self.job, None
        if job is not None:  # the server stops counting at its next 10,000 customers
            self.tasks.run_in_background(lambda: self.service.cancel_job(job), None,
                                         lambda _e: None, network=True)
        self.say(self.tr("Cancelled: the preview's answer is dropped."))
        self._enable()

    def previous(self) -> list[FunnelStep]:
        pid = self.compare_combo.currentData()
        if self.history is None or pid is None:
            return []
        plan = next((p for p in self.history.plans if p.plan_id == pid), None)
        return plan.funnel if plan else []

    @staticmethod
    def _label(step: dict[str, Any]) -> str:
        """A targeting step's label in the language shown: the rule table's `label_zh`
        in Chinese when its author wrote one, else its `label`."""
        zh = step.get("label_zh")
        return str(zh if i18n.is_chinese() and zh else step.get("label") or "")

    def step_name(self, name: str) -> str:
        """The funnel's steps in the language shown: its own steps translated, a rule
        table's step by its `label_zh` (the server names a step by its `label`); any
        other as the server named it."""
        fixed = {
            "customers on file": self.tr("customers on file"),
            "still in the network": self.tr("still in the network"),
            "not on the do-not-call list": self.tr("not on the do-not-call list"),
            "does not hold the product already": self.tr("does not hold the product already"),
            "not on an open call list": self.tr("not on an open call list"),
            "an offer matches": self.tr("an offer matches"),
        }
        if name in fixed:
            return fixed[name]
        m = FIXED_STEPS.match(name)
        if m:
            text = self.tr("not contacted in the last %1 days") \
                if m.group(1).startswith("not contacted") \
                else self.tr("no contract running more than %1 days")
            return text.replace("%1", m.group(2))
        for step in (self.rules or {}).get("targeting", []) or []:
            if isinstance(step, dict) and step.get("label") == name:
                return self._label(step) or name
        return name

    def _draw(self) -> None:
        steps = self.report.funnel if self.report else []
        before = {s.step: s.kept for s in self.previous()}
        self.funnel = list(steps)
        rows = steps or self.previous()
        self.funnel_table.setRowCount(len(rows))
        for i, s in enumerate(rows):
            prev = before.get(s.step)
            cells = [self.step_name(s.step), number(s.kept) if steps else "",
                     number(s.dropped) if steps else "",
                     number(prev) if prev is not None else "",
                     f"{s.kept - prev:+,}" if prev is not None and steps else ""]
            for c, v in enumerate(cells):
                item = QTableWidgetItem(v)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.funnel_table.setItem(i, c, item)
        chart = _chart(self.tr("Funnel: customers kept at each step"))
        series = QHorizontalBarSeries()
        names = [s.step for s in reversed(rows)]
        shown = [self.step_name(n) for n in names]
        if steps:
            now = QBarSet(self.tr("This plan"))
            now.setColor(QColor(CALLS_COLOUR))
            for s in reversed(steps):
                now.append(s.kept)
            series.append(now)
            _outside_labels(series, now)
        if before:
            old = QBarSet(self.tr("Previous plan"))
            old.setColor(QColor(PREVIOUS_COLOUR))
            for n in names:
                old.append(before.get(n, 0))
            series.append(old)
        chart.addSeries(series)
        top = max([s.kept for s in rows] + [4]) * 1.3
        _axes(chart, series, shown or ["–"], top, "%d", horizontal=True)
        self.funnel_view.setChart(chart)

    def _enable(self) -> None:
        self.preview_button.setEnabled(not self.planning)
        self.save_button.setEnabled(not self.planning)
        self.cancel_button.setEnabled(self.planning)
