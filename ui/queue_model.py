"""The queue as a table model over list[QueueRow], in the order the service gave.

Every cell's text, tooltip and colours are computed once in `set_rows`, so `data()`
is a couple of tuple look-ups: it is called thousands of times while scrolling.
A change to a few items updates those rows in place (`upsert`, `remove`): a changed
row moves to its place in the calling order (`QueueRow.order`) with beginMoveRows, so
the view keeps its selection and scroll position, and nothing else is recomputed.
A change touches no other row: a row is found by its id (a dict) and its order (bisect),
and the callable count is kept as rows come and go (issue 19: a change redrawn in well
under 5 ms at 10,000 rows; three scans of the rows took 8-15 ms).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from app.views import QueueRow
from ui import i18n, labels
from ui.callback_times import both_clocks

Index = QModelIndex | QPersistentModelIndex

ROW_ROLE = Qt.ItemDataRole.UserRole + 1

GREY = QBrush(QColor("#8a8f98"))
DUE_BACKGROUND = QBrush(QColor("#fff1cc"))
DUE_FONT = QFont()
DUE_FONT.setBold(True)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

# In the order they matter to an agent: the first five fit the queue pane at 1366x768.
COL_CUSTOMER, COL_PHONE, COL_CALLBACK, COL_CALLABLE, COL_STATUS, COL_CAMPAIGN, COL_TIER, \
    COL_PRIORITY, COL_ATTEMPTS, COL_OFFER = range(10)
NUMERIC = frozenset({COL_PRIORITY, COL_ATTEMPTS})


def local_hhmm(at: datetime, now: datetime | None = None, tz: tzinfo | None = None) -> str:
    """`at` in `tz` (default: this computer's zone): HH:MM today, MM-DD HH:MM another day.

    Formatted by hand: strftime imports the time module at every call, and under
    PySide6's import hook that was half of listing 10,000 rows."""
    local = at.astimezone(tz)
    today = (now or datetime.now(UTC)).astimezone(tz).date()
    if local.date() == today:
        return f"{local.hour:02d}:{local.minute:02d}"
    return f"{local.month:02d}-{local.day:02d} {local.hour:02d}:{local.minute:02d}"


def callback_cell(at: datetime, tz_name: str, now: datetime) -> str:
    """The call-back time in the customer's clock, then the agent's when it differs:
    "13:00 / 05:00" (the header's tooltip says which is which)."""
    try:
        customer_tz: tzinfo | None = ZoneInfo(tz_name) if tz_name else None
    except (ValueError, ZoneInfoNotFoundError):
        customer_tz = None
    mine = local_hhmm(at, now)
    if customer_tz is None:
        return mine
    theirs = local_hhmm(at, now, customer_tz)
    if at.astimezone(customer_tz).utcoffset() == at.astimezone().utcoffset():
        return theirs
    return f"{theirs} / {mine}"


@dataclass(frozen=True)
class _Cells:
    texts: tuple[str, ...]
    tooltip: str
    campaign_tip: str  # the campaign's full name; the cell shows its code
    foreground: QBrush | None
    background: QBrush | None
    font: QFont | None


@dataclass(frozen=True)
class _Words:
    statuses: dict[Any, str]
    reasons: dict[str, str]
    zh: bool
    now: str
    later: str
    from_: str
    callable_from: str
    no: str
    not_callable: str
    due: str
    at: str


class _Keys:
    """The rows' orders as a sequence for bisect, without copying them."""

    def __init__(self, rows: list[QueueRow]) -> None:
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, i: int) -> tuple[Any, ...]:
        return self.key(self._rows[i])

    @staticmethod
    def key(row: QueueRow) -> tuple[Any, ...]:
        return row.order or (9,)  # unordered rows sort last


class QueueModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[QueueRow] = []
        self._cells: list[_Cells] = []
        self._by_id: dict[str, QueueRow] = {}  # the rows shown, by item id
        self._callable = 0  # how many of them are callable now
        self._headers = [
            self.tr("Customer"), self.tr("Phone"), self.tr("Call-back"), self.tr("Callable"),
            self.tr("Status"), self.tr("Campaign"), self.tr("Tier"), self.tr("Priority"),
            self.tr("Attempts"), self.tr("Top offer"),
        ]
        self._header_tips = {
            COL_CALLBACK: self.tr("Call-back time: the customer's clock / yours"),
            COL_CALLABLE: self.tr("When the number may be dialled"),
        }

    # ----------------------------------------------------------------- content

    def set_rows(self, rows: list[QueueRow], now: datetime | None = None) -> None:
        """`now`: the app's clock (the service's), for "today" and the due marks."""
        self.beginResetModel()
        self._rows = list(rows)
        self._by_id = {r.id: r for r in self._rows}
        self._callable = sum(1 for r in self._rows if r.callable_now)
        now = now or datetime.now(UTC)
        words = self._words()
        self._cells = [self._compute(r, now, words) for r in self._rows]
        self.endResetModel()

    def _words(self) -> _Words:
        """The cells' words in the language shown, looked up once per listing (a tr() per
        row and word was a tenth of listing 10,000 rows)."""
        return _Words(
            statuses=labels.statuses(), reasons=labels.dial_block_reasons(),
            zh=i18n.is_chinese(), now=self.tr("now"), later=self.tr("later"),
            from_=self.tr("from %1"), callable_from=self.tr("Callable from %1"),
            no=self.tr("no"), not_callable=self.tr("Not callable now"),
            due=self.tr("Call-back due (%1)"), at=self.tr("Call-back at %1"),
        )

    def _compute(self, r: QueueRow, now: datetime, w: _Words) -> _Cells:
        zh = w.zh
        reasons = w.reasons
        statuses = w.statuses
        if r.callable_now:
            callable_text = w.now
            tooltip = ""
        elif r.blocked_code == "callback_not_due":  # its time is in the call-back column
            callable_text = w.later
            tooltip = reasons.get(r.blocked_code, "")
        elif r.callable_from is not None:
            hhmm = local_hhmm(r.callable_from, now)
            callable_text = w.from_.replace("%1", hhmm)
            tooltip = w.callable_from.replace("%1", hhmm)
            reason = reasons.get(r.blocked_code, "")
            if reason:
                tooltip += "\n" + reason
        else:
            callable_text = w.no
            tooltip = reasons.get(r.blocked_code, w.not_callable)
        callback_text = ""
        if r.callback_at is not None:
            callback_text = callback_cell(r.callback_at, r.timezone, now)
            clocks = both_clocks(r.callback_at, r.timezone, now) if r.timezone else callback_text
            head = w.due if r.callback_due else w.at
            tooltip = head.replace("%1", clocks) + ("\n" + tooltip if tooltip else "")
        texts = (
            r.customer_name,
            r.phone_masked,
            callback_text,
            callable_text,
            statuses.get(r.status, r.status.value),
            r.campaign_code or r.campaign_name,
            r.value_tier,
            str(r.priority),
            str(r.attempts),
            (r.top_offer_zh or r.top_offer) if zh else r.top_offer,
        )
        return _Cells(
            texts=texts,
            tooltip=tooltip,
            campaign_tip=(r.campaign_name_zh or r.campaign_name) if zh else r.campaign_name,
            foreground=None if r.callable_now else GREY,
            background=DUE_BACKGROUND if r.callback_due else None,
            font=DUE_FONT if r.callback_due else None,
        )

    def upsert(self, rows: list[QueueRow], now: datetime | None = None) -> None:
        """Put these rows (re-read by id) in their place in the calling order: a known
        row is replaced and moved if its place changed, a new one inserted."""
        now = now or datetime.now(UTC)
        words = self._words()
        top = QModelIndex()
        for r in rows:
            cells = self._compute(r, now, words)
            i = self.index_of(r.id)
            if i < 0:
                j = self._place(r.order)
                self.beginInsertRows(top, j, j)
                self._rows.insert(j, r)
                self._cells.insert(j, cells)
                self._by_id[r.id] = r
                self._callable += r.callable_now
                self.endInsertRows()
                continue
            self._by_id[r.id] = r
            self._callable += r.callable_now - self._rows[i].callable_now
            old_row, old_cells = self._rows.pop(i), self._cells.pop(i)
            j = self._place(r.order)  # its place among the others
            dest = j if j <= i else j + 1  # in the numbering before the move
            if j == i:
                self._rows.insert(i, r)
                self._cells.insert(i, cells)
                if old_cells != cells:
                    self.dataChanged.emit(self.index(i, 0),
                                          self.index(i, len(self._headers) - 1))
                continue
            self._rows.insert(i, old_row)
            self._cells.insert(i, old_cells)
            self.beginMoveRows(top, i, i, top, dest)
            del self._rows[i], self._cells[i]
            self._rows.insert(j, r)
            self._cells.insert(j, cells)
            self.endMoveRows()

    def remove(self, ids: set[str] | frozenset[str]) -> list[int]:
        """Drop the rows of these items; returns the positions they had (highest first)."""
        gone = sorted((self.index_of(i) for i in ids if i in self._by_id), reverse=True)
        for i in gone:
            self.beginRemoveRows(QModelIndex(), i, i)
            r = self._rows[i]
            del self._rows[i], self._cells[i]
            del self._by_id[r.id]
            self._callable -= r.callable_now
            self.endRemoveRows()
        return gone

    def _place(self, order: tuple[Any, ...]) -> int:
        """Where a row of this order goes (rows without an order go last)."""
        if not order:
            return len(self._rows)
        keys = _Keys(self._rows)
        return bisect_left(keys, order)

    def column_texts(self, col: int, count: int) -> list[tuple[str, bool]]:
        """The first `count` rows' texts in column `col`, each with whether it is drawn
        bold (a due call-back): what the queue panel ranks to size its columns."""
        return [(c.texts[col], c.font is not None) for c in self._cells[:count]]

    def row_at(self, row: int) -> QueueRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[QueueRow]:
        return list(self._rows)

    def row_count(self) -> int:
        return len(self._rows)

    def callable_count(self) -> int:
        return self._callable

    def index_of(self, queue_item_id: str) -> int:
        row = self._by_id.get(queue_item_id)
        if row is None:
            return -1
        # The rows stand in their calling order (the listing's, kept by `upsert`), whose
        # last part is the id: its place by bisect. Rows of equal or no order, or a
        # listing given in another order: looked for among the equal ones, then all.
        keys = _Keys(self._rows)
        key = keys.key(row)
        i = bisect_left(keys, key)
        while i < len(self._rows) and keys[i] == key:
            if self._rows[i].id == queue_item_id:
                return i
            i += 1
        for i, r in enumerate(self._rows):
            if r.id == queue_item_id:
                return i
        return -1

    def next_callable(self, after: int = -1, *, skip_id: str = "",
                      unsettled: Collection[str] = ()) -> int:
        """The first callable row after `after` (wrapping round), or -1. Rows in
        `unsettled` (changed since they were read: a customer just worked, whose new state
        is still being read) come only when no other row is callable."""
        n = len(self._rows)
        for avoid in ((unsettled, ()) if unsettled else ((),)):
            for step in range(1, n + 1):
                i = (after + step) % n
                r = self._rows[i]
                if r.callable_now and r.id != skip_id and r.id not in avoid:
                    return i
        return -1

    # --------------------------------------------------------------- Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = index.row()
        if row >= len(self._cells):
            return None
        cells = self._cells[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return cells.texts[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole:
            return cells.foreground
        if role == Qt.ItemDataRole.BackgroundRole:
            return cells.background
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == COL_CAMPAIGN:
                return "\n".join(t for t in (cells.campaign_tip, cells.tooltip) if t) or None
            return cells.tooltip or None
        if role == Qt.ItemDataRole.FontRole:
            return cells.font
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in NUMERIC:
            return RIGHT
        if role == ROW_ROLE:
            return self._rows[row]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return self._header_tips.get(section)
        return None
