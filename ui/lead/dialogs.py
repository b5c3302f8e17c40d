"""Small dialogs of the lead's queue actions; keyboard-first (arrows, Space, Enter)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import i18n
from wire.lead import AgentRow, CampaignRow


class PickAgentDialog(QDialog):
    """Choose one agent (the target of a reassignment)."""

    def __init__(self, agents: list[AgentRow], prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reassign"))
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(prompt, self))
        self.list = QListWidget(self)
        for a in agents:
            item = QListWidgetItem(self.tr("%1 (%2, %3 left)").replace("%1", a.name)
                                   .replace("%2", a.team).replace("%3", str(a.queue_left)))
            item.setData(Qt.ItemDataRole.UserRole, a.agent_id)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _i: self.accept())
        lay.addWidget(self.list)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.list.setFocus()

    def agent_id(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))


class RebalanceDialog(QDialog):
    """Choose a campaign and the agents to spread its open items over (Space ticks)."""

    def __init__(self, campaigns: list[CampaignRow], agents: list[AgentRow],
                 preselect: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Rebalance campaign"))
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("&Campaign:"), self))
        self.campaign = QComboBox(self)
        for c in campaigns:
            name = c.name_zh if i18n.is_chinese() else c.name
            self.campaign.addItem(f"{c.code} · {name}", c.campaign_id)
        if preselect is not None:
            self.campaign.setCurrentIndex(max(self.campaign.findData(preselect), 0))
        lay.addWidget(self.campaign)
        hint = QLabel(self.tr("Spread its open items evenly across the ticked agents "
                              "(Space ticks). Items with a call-back promised by their "
                              "agent stay with that agent."), self)
        hint.setWordWrap(True)
        lay.addWidget(hint)
        self.agents = QListWidget(self)
        for a in agents:
            item = QListWidgetItem(f"{a.name} ({a.team})")
            item.setData(Qt.ItemDataRole.UserRole, a.agent_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.agents.addItem(item)
        self.agents.setCurrentRow(0)
        lay.addWidget(self.agents)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.campaign.setFocus()

    def campaign_id(self) -> str | None:
        data = self.campaign.currentData()
        return None if data is None else str(data)

    def agent_ids(self) -> list[str]:
        return [str(self.agents.item(n).data(Qt.ItemDataRole.UserRole))
                for n in range(self.agents.count())
                if self.agents.item(n).checkState() == Qt.CheckState.Checked]
