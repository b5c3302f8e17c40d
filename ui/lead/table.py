"""A read-only table model over a list of rows with typed columns, sortable by value.

Each column says how to show a row (text), how to sort it (key), and optionally a tone
(a foreground colour for states and alerts). Exports use the same text the lead sees.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass
class Column(Generic[R]):
    title: str
    text: Callable[[R], str]
    key: Callable[[R], Any] | None = None  # sort value; the text when None
    numeric: bool = False  # right-aligned
    tone: Callable[[R], str | None] | None = None  # a colour name, or None
    tip: Callable[[R], str] | None = None
    priority: int = 1  # 0: always in view; higher: further right, reached by scrolling


class TableModel(QAbstractTableModel, Generic[R]):
    def __init__(self, columns: Sequence[Column[R]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[R] = []

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row_at(self, n: int) -> R:
        return self._rows[n]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(row)
        if role == SORT_ROLE:
            value = col.key(row) if col.key else col.text(row)
            return -1e18 if value is None else value
        if role == ROW_ROLE:
            return index.row()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            h = Qt.AlignmentFlag.AlignRight if col.numeric else Qt.AlignmentFlag.AlignLeft
            return int(h | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col.tone is not None:
            tone = col.tone(row)
            return QColor(tone) if tone else None
        if role == Qt.ItemDataRole.ToolTipRole and col.tip is not None:
            return col.tip(row)
        return None

    def export(self) -> tuple[list[str], list[list[str]]]:
        """(header, rows) exactly as shown, in model order."""
        return ([c.title for c in self.columns],
                [[c.text(r) for c in self.columns] for r in self._rows])
