"""The rebalance dialog: a campaign, the agents to spread its open items over (the online
ones ticked), and a preview of what moves from whom to whom before the lead confirms.

The preview comes from the server (POST /lead/rebalance/preview, the same plan the
rebalance runs), off the UI thread, again each time the campaign or the ticks change.
Items with a call-back promised by their agent stay with that agent.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import i18n
from ui.errors import describe
from ui.tasks import TaskManager
from wire.lead import AgentRow, CampaignRow, LiveState, RebalancePreview

Preview = Callable[[str, list[str]], RebalancePreview]


class RebalanceDialog(QDialog):
    """Choose a campaign and the agents; see the moves; confirm (Space ticks an agent)."""

    def __init__(self, campaigns: list[CampaignRow], agents: list[AgentRow],
                 preselect: str | None, preview: Preview, tasks: TaskManager,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Rebalance campaign"))
        self._preview_fn = preview
        self._tasks = tasks
        self._asked = 0
        self.result_preview: RebalancePreview | None = None
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.campaign = QComboBox(self)
        for c in campaigns:
            name = c.name_zh if i18n.is_chinese() else c.name
            self.campaign.addItem(f"{c.code} · {name}", c.campaign_id)
        if preselect is not None:
            self.campaign.setCurrentIndex(max(self.campaign.findData(preselect), 0))
        form.addRow(self.tr("&Campaign:"), self.campaign)  # the label's buddy: Alt+C
        lay.addLayout(form)
        hint = QLabel(self.tr("Spread its open items evenly across the ticked agents "
                              "(Space ticks). Online agents are ticked; items with a "
                              "call-back promised by their agent stay with that agent."), self)
        hint.setWordWrap(True)
        lay.addWidget(hint)
        self.agents = QListWidget(self)
        for a in agents:
            online = a.state is not LiveState.OFFLINE
            text = f"{a.name} ({a.team})" if online else \
                self.tr("%1 (%2, offline)").replace("%1", a.name).replace("%2", a.team)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, a.agent_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if online else Qt.CheckState.Unchecked)
            self.agents.addItem(item)
        self.agents.setCurrentRow(0)
        self.agents.setMaximumHeight(160)
        lay.addWidget(self.agents)
        self.preview_title = QLabel(self.tr("What will move"), self)
        self.preview_title.setObjectName("subTitle")
        lay.addWidget(self.preview_title)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("rebalancePreview")
        self.table.setHorizontalHeaderLabels([self.tr("From"), self.tr("To"),
                                              self.tr("Items")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        lay.addWidget(self.table, 1)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.confirm = QPushButton(self.tr("&Move items"), self)
        self.confirm.setDefault(True)
        self.buttons.addButton(self.confirm, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.resize(560, 520)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.ask_preview)
        self.campaign.currentIndexChanged.connect(lambda _i: self._changed())
        self.agents.itemChanged.connect(lambda _i: self._changed())
        self.campaign.setFocus()
        self._changed()

    def campaign_id(self) -> str | None:
        data = self.campaign.currentData()
        return None if data is None else str(data)

    def agent_ids(self) -> list[str]:
        return [str(self.agents.item(n).data(Qt.ItemDataRole.UserRole))
                for n in range(self.agents.count())
                if self.agents.item(n).checkState() == Qt.CheckState.Checked]

    def _changed(self) -> None:
        self.result_preview = None
        self.confirm.setEnabled(False)
        self.summary.setText(self.tr("Working out what would move..."))
        self._debounce.start()

    def ask_preview(self) -> None:
        campaign, agents = self.campaign_id(), self.agent_ids()
        self._asked += 1
        mine = self._asked
        if not campaign or not agents:
            self.table.setRowCount(0)
            self.summary.setText(self.tr("Tick at least one agent."))
            return
        self._tasks.run_in_background(
            lambda: self._preview_fn(campaign, agents),
            lambda p: self._show(p) if mine == self._asked else None,
            lambda exc: self._failed(exc) if mine == self._asked else None, network=True)

    def _show(self, p: RebalancePreview) -> None:
        self.result_preview = p
        self.table.setRowCount(len(p.moves))
        for row, mv in enumerate(p.moves):
            count = QTableWidgetItem(str(mv.items))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for col, cell in enumerate((QTableWidgetItem(mv.from_name),
                                        QTableWidgetItem(mv.to_name), count)):
                self.table.setItem(row, col, cell)
        if p.moved:
            text = self.tr("%1 items move; %2 with a promised call-back stay with their "
                           "agent.").replace("%1", str(p.moved)).replace("%2", str(p.kept))
        else:
            text = self.tr("Nothing to move: the queues are already even (%1 with a "
                           "promised call-back stay).").replace("%1", str(p.kept))
        self.summary.setText(text)
        self.confirm.setText(self.tr("&Move %1 items").replace("%1", str(p.moved)))
        self.confirm.setEnabled(p.moved > 0)

    def _failed(self, exc: BaseException) -> None:
        self.table.setRowCount(0)
        self.summary.setText(describe(exc)[1])
