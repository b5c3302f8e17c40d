"""The lead's third tab: the team's open queue items, filtered by agent and campaign,
loaded on demand (only the last of overlapping loads counts)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.lead import LeadService
from ui import labels
from ui.errors import show_error
from ui.lead.pages.common import LiveFigures, make_table, selected
from ui.lead.table import Column, TableModel
from ui.tasks import TaskManager
from wire.lead import Monitor, TeamQueue, TeamQueueItem


class QueuesPage(QWidget):
    def __init__(self, live: LiveFigures, service: LeadService, tasks: TaskManager,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.live = live
        self.service = service
        self.tasks = tasks
        self.queue_data: TeamQueue | None = None
        self._request = 0
        self.queue_model: TableModel[TeamQueueItem] = TableModel(self._columns(), self)
        self.queue_view = make_table(self.queue_model, "queueTable", self)
        self.queue_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Agent:"), self))
        self.queue_agent = QComboBox(self)
        self.queue_agent.addItem(self.tr("All agents"), None)
        row.addWidget(self.queue_agent)
        row.addWidget(QLabel(self.tr("Campaign:"), self))
        self.queue_campaign = QComboBox(self)
        self.queue_campaign.addItem(self.tr("All campaigns"), None)
        row.addWidget(self.queue_campaign)
        self.queue_count = QLabel("", self)
        self.queue_count.setObjectName("mutedLabel")
        row.addWidget(self.queue_count)
        row.addStretch(1)
        self.reassign_button = QPushButton(self.tr("Reassign..."), self)
        self.priority_button = QPushButton(self.tr("Raise priority..."), self)
        row.addWidget(self.reassign_button)
        row.addWidget(self.priority_button)
        lay.addLayout(row)
        lay.addWidget(self.queue_view, 1)
        self.queue_agent.currentIndexChanged.connect(lambda _i: self.load_queue())
        self.queue_campaign.currentIndexChanged.connect(lambda _i: self.load_queue())

    def show_monitor(self, mon: Monitor) -> None:
        refill(self.queue_agent, [(a.agent_id, a.name) for a in mon.agents])
        refill(self.queue_campaign, [(c.campaign_id, c.code) for c in mon.campaigns])

    def load_queue(self) -> None:
        agent = self.queue_agent.currentData()
        campaign = self.queue_campaign.currentData()
        self.queue_count.setText(self.tr("Loading..."))
        # Two loads may overlap (tab opened, then a filter chosen): only the last one counts.
        self._request += 1
        mine = self._request
        self.tasks.run_in_background(
            lambda: self.service.team_queue(agent_id=agent, campaign_id=campaign),
            lambda q: self._loaded(q) if mine == self._request else None,
            lambda exc: self._failed(exc) if mine == self._request else None,
            network=True)

    def show_agent(self, agent_id: str) -> None:
        """The queue of one agent (loads it)."""
        idx = self.queue_agent.findData(agent_id)
        if idx >= 0 and idx != self.queue_agent.currentIndex():
            self.queue_agent.setCurrentIndex(idx)  # loads the queue
        else:
            self.load_queue()
        self.queue_view.setFocus()

    def selected_items(self) -> list[TeamQueueItem]:
        return selected(self.queue_view, self.queue_model)

    def _loaded(self, q: TeamQueue) -> None:
        self.queue_data = q
        self.queue_model.set_rows(q.items)
        shown = len(q.items)
        text = self.tr("%1 open items").replace("%1", str(q.total))
        if shown < q.total:
            text += " " + self.tr("(first %1 shown)").replace("%1", str(shown))
        self.queue_count.setText(text)

    def _failed(self, exc: BaseException) -> None:
        self.queue_count.setText("")
        show_error(self, exc)

    def _columns(self) -> list[Column[TeamQueueItem]]:
        statuses = {k.value: v for k, v in labels.statuses().items()}
        live = self.live
        return [
            Column(self.tr("Agent"), lambda r: live.agent_name(r.agent_id)),
            Column(self.tr("Customer"), lambda r: r.customer_name),
            Column(self.tr("Number"), lambda r: r.phone_masked),
            Column(self.tr("Tier"), lambda r: r.value_tier),
            Column(self.tr("Campaign"), lambda r: live.campaign_code(r.campaign_id)),
            Column(self.tr("Status"), lambda r: statuses.get(r.status, r.status)),
            Column(self.tr("Priority"), lambda r: str(r.priority), key=lambda r: r.priority,
                   numeric=True),
            Column(self.tr("Attempts"), lambda r: str(r.attempts), key=lambda r: r.attempts,
                   numeric=True),
            Column(self.tr("Call-back"), lambda r: r.callback_at.astimezone()
                   .strftime("%m-%d %H:%M") if r.callback_at else ""),
        ]


def refill(combo: QComboBox, pairs: list[tuple[str, str]]) -> None:
    """A filter's choices after "All ...", keeping the chosen one, without a signal."""
    have = [combo.itemData(i) for i in range(1, combo.count())]
    if have == [p[0] for p in pairs]:
        return
    current = combo.currentData()
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for value, text in pairs:
        combo.addItem(text, value)
    idx = combo.findData(current)
    combo.setCurrentIndex(max(idx, 0))
    combo.blockSignals(False)
