"""Assign and rebalance: a saved plan's targets onto a team's agents (POST
/admin/campaigns/{code}/assign: the server's rules, DNC and busy customers left out), and
the lead's rebalance (its dialog, ui/lead/rebalance.py, over the same lead routes an admin
may call for every team)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.manager import ManagerService
from ui.lead.rebalance import RebalanceDialog
from ui.manager.pages.common import Page, campaign_id, fill_campaigns, fit_columns, number
from ui.manager.pages.plan import BUILT_IN
from ui.tasks import TaskManager
from wire.lead import ActionDone, Monitor
from wire.planning import AssignReport


class AssignPage(Page):
    def __init__(self, service: ManagerService, tasks: TaskManager,
                 parent: QWidget | None = None) -> None:
        super().__init__(service, tasks, parent)
        self.monitor: Monitor | None = None
        self.report: AssignReport | None = None
        self.dialog: RebalanceDialog | None = None
        self.rebalanced: ActionDone | None = None
        self.campaign_combo = QComboBox(self)
        for code in BUILT_IN:
            self.campaign_combo.addItem(code, code)
        self.team_combo = QComboBox(self)
        self.limit_spin = QSpinBox(self)
        self.limit_spin.setRange(0, 1_000_000)
        self.limit_spin.setSpecialValueText(self.tr("all planned targets"))
        form = QFormLayout()
        form.addRow(self.tr("&Campaign:"), self.campaign_combo)
        form.addRow(self.tr("&Team:"), self.team_combo)
        form.addRow(self.tr("At &most:"), self.limit_spin)
        self.assign_button = QPushButton(self.tr("Assi&gn the planned targets"), self)
        self.assign_button.clicked.connect(self.apply)
        self.rebalance_button = QPushButton(self.tr("&Rebalance..."), self)
        self.rebalance_button.clicked.connect(self.rebalance)
        buttons = QHBoxLayout()
        buttons.addWidget(self.assign_button)
        buttons.addWidget(self.rebalance_button)
        buttons.addStretch(1)
        self.result_label = QLabel("", self)
        self.result_label.setWordWrap(True)
        self.result_label.setObjectName("sectionTitle")
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("Agent"), self.tr("Items assigned")])
        fit_columns(self.table, 0)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        lay = QVBoxLayout(self)
        form_box = QWidget(self)
        form_box.setLayout(form)
        form_box.setMaximumWidth(640)
        lay.addWidget(form_box)
        lay.addLayout(buttons)
        lay.addWidget(self.result_label)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.status)

    @property
    def code(self) -> str:
        return str(self.campaign_combo.currentData() or "")

    def refresh(self) -> None:
        self.run(self.service.campaigns, self._campaigns)

    def _campaigns(self, mon: Monitor) -> None:
        self.monitor = mon
        fill_campaigns(self.campaign_combo, mon, BUILT_IN)
        current = self.team_combo.currentData()
        self.team_combo.clear()
        for t in mon.teams:
            self.team_combo.addItem(t.name, t.id)
        self.team_combo.setCurrentIndex(max(self.team_combo.findData(current), 0))

    def apply(self) -> None:
        code, team = self.code, self.team_combo.currentData()
        if self.busy:
            return
        if not code or not team:
            self.say(self.tr("Choose a campaign and a team first."), alert=True)
            return
        limit = self.limit_spin.value() or None
        self.say(self.tr("Assigning..."))
        self.run(lambda: self.service.assign(code, str(team), limit=limit), self._assigned)

    def _assigned(self, r: AssignReport) -> None:
        self.report = r
        total = sum(r.per_agent.values())
        self.result_label.setText(
            self.tr("%1 items assigned to %2 agents; left out: %3 busy with another "
                    "campaign, %4 on the do-not-call list.")
            .replace("%1", number(total)).replace("%2", str(len(r.per_agent)))
            .replace("%3", number(r.skipped_busy)).replace("%4", number(r.skipped_dnc)))
        self.table.setRowCount(len(r.per_agent))
        for i, (agent, n) in enumerate(sorted(r.per_agent.items())):
            self.table.setItem(i, 0, QTableWidgetItem(agent))
            self.table.setItem(i, 1, QTableWidgetItem(number(n)))
        self.say("")
        self.refresh()  # the campaign now has items: rebalance can list it

    def rebalance(self) -> None:
        mon = self.monitor
        if mon is None:
            return
        dialog = self.dialog = RebalanceDialog(
            mon.campaigns, mon.agents, campaign_id(mon, self.code),
            self.service.rebalance_preview, self.tasks, self)

        def confirmed() -> None:
            campaign, agents = dialog.campaign_id(), dialog.agent_ids()
            if dialog.result_preview is None or not campaign or not agents:
                return
            self.run(lambda: self.service.rebalance(campaign, agents), self._rebalanced)

        dialog.accepted.connect(confirmed)
        dialog.open()

    def _rebalanced(self, r: ActionDone) -> None:
        self.rebalanced = r
        self.say(self.tr("%1 items moved; %2 with a promised call-back stayed.")
                 .replace("%1", number(r.changed)).replace("%2", number(r.skipped)))
        self.refresh()


