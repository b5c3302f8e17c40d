"""Small dialogs of the lead's queue actions; keyboard-first (arrows, Space, Enter)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wire.lead import AgentRow


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
