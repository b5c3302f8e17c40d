"""The list of samples (or search results) on the left of the quality window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ui import labels
from ui.quality import texts
from wire.quality import SampleOut


class SampleTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qaSamples")
        self.rows: list[SampleOut] = []
        headers = [self.tr("Agent"), self.tr("Customer"), self.tr("Outcome"),
                   self.tr("Sample"), self.tr("Talk"), self.tr("Status")]
        self.setColumnCount(len(headers))
        self.setHorizontalHeaderLabels(headers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.setWordWrap(False)
        head = self.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setStretchLastSection(True)

    def status(self, s: SampleOut) -> str:
        if s.scored_by_me:
            return self.tr("Scored") + (f" ({s.scores})" if s.scores > 1 else "")
        if s.claimed_by_me and s.claim_expires_at is not None:
            return self.tr("Until %1").replace(
                "%1", s.claim_expires_at.astimezone().strftime("%H:%M"))
        if s.claimed_by:
            return self.tr("Taken")
        if not s.id:
            return self.tr("Not sampled")
        return self.tr("In the pool") + (f" · {s.scores}✓" if s.scores else "")

    def set_rows(self, rows: list[SampleOut]) -> None:
        self.rows = list(rows)
        strata = texts.strata()
        self.setRowCount(len(rows))
        for i, s in enumerate(rows):
            cells = [s.agent_name, s.customer_name,
                     labels.disposition(s.disposition), strata.get(s.stratum, s.stratum),
                     texts.mmss(s.talk_seconds), self.status(s)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 1:
                    item.setToolTip(s.phone_masked)
                if col == 3 and s.has_recording:
                    item.setText(text + " ♪")
                    item.setToolTip(self.tr("A recording is on the server"))
                if col == 4:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(i, col, item)

    def current(self) -> SampleOut | None:
        i = self.currentRow()
        return self.rows[i] if 0 <= i < len(self.rows) else None

    def select_index(self, i: int) -> None:
        if self.rows:
            self.selectRow(max(0, min(i, len(self.rows) - 1)))

    def index_of(self, outcome_id: str) -> int:
        return next((i for i, s in enumerate(self.rows) if s.outcome_id == outcome_id), -1)
