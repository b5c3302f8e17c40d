"""What the server refused: every rejected action with its reason, so an agent sees that
something they recorded did not count (and can tell their team lead)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.views import RejectedAction
from ui import labels
from wire.schema import Disposition


def describe(a: RejectedAction) -> str:
    if a.kind == "outcome" and a.detail in {d.value for d in Disposition}:
        return labels.disposition(Disposition(a.detail))
    if a.kind == "agent_state":
        return labels.agent_states().get(a.detail, a.detail)
    return a.detail


class RejectedDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rejectedDialog")
        self.setWindowTitle(self.tr("Not accepted by the server"))
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels([
            self.tr("Recorded at"), self.tr("What"), self.tr("Customer"), self.tr("Outcome"),
            self.tr("Why the server refused it")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        box.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addWidget(self.table, 1)
        lay.addWidget(box)
        self.resize(860, 380)
        self.show_actions([])

    def show_actions(self, actions: list[RejectedAction]) -> None:
        if actions:
            self.intro.setText(self.tr(
                "These records did not count: the server refused them. They stay here so "
                "that you can tell your team lead."))
        else:
            self.intro.setText(self.tr("The server has accepted everything you recorded."))
        kinds = labels.action_kinds()
        self.table.setRowCount(len(actions))
        for row, a in enumerate(actions):
            when = a.created_at.astimezone().strftime("%Y-%m-%d %H:%M") if a.created_at else ""
            cells = [when, kinds.get(a.kind, a.kind), a.customer_name, describe(a),
                     labels.rejection(a.code, a.message)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 4 and a.code:
                    item.setToolTip(f"{a.code}: {a.message}" if a.message else a.code)
                self.table.setItem(row, col, item)
        self.table.resizeRowsToContents()
