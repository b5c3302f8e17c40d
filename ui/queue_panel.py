"""The left-hand queue: campaign and status filters, search, and the table.

Loads through the QueueService in the background; a generation counter drops
answers to queries that a newer one has replaced.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.queue import QueueService
from app.views import QueueRow
from ui import i18n, labels
from ui.errors import show_error
from ui.queue_model import COL_CALLABLE, COL_CUSTOMER, COL_OFFER, COL_STATUS, QueueModel
from ui.tasks import TaskManager
from wire.schema import CampaignOut, QueueStatus

# Column widths are capped by what they are worth: the first five (customer, phone,
# call-back, callable, status) fit the queue pane of a 1366x768 screen.
CAPS = {COL_CUSTOMER: 86, COL_CALLABLE: 96, COL_STATUS: 90, COL_OFFER: 180}
SIZING_SAMPLE = 60  # rows looked at to size the columns: two screenfuls


class QueuePanel(QWidget):
    current_changed = Signal(object)  # QueueRow | None
    loaded = Signal()

    def __init__(self, queue: QueueService, tasks: TaskManager,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._queue = queue
        self._tasks = tasks
        self._generation = 0
        self._quiet = False
        self._want_after_load: tuple[int, str] | None = None  # (row, id) for "next"

        self.campaign_combo = QComboBox(self)
        self.campaign_combo.setObjectName("campaignFilter")
        self.campaign_combo.addItem(self.tr("All campaigns"), None)
        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("statusFilter")
        self.status_combo.addItem(self.tr("All open"), None)
        for st, text in labels.statuses().items():
            if st is not QueueStatus.CLOSED:
                self.status_combo.addItem(text, st.value)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("search")
        self.search_edit.setPlaceholderText(self.tr("Search name or number (Ctrl+F)"))
        self.search_edit.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("muted")

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.reload)
        self.search_edit.textChanged.connect(self._debounce.start)
        self.campaign_combo.currentIndexChanged.connect(self.reload)
        self.status_combo.currentIndexChanged.connect(self.reload)

        self.model = QueueModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("queueTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(26)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)

        filters = QHBoxLayout()
        filters.addWidget(self.campaign_combo, 2)
        filters.addWidget(self.status_combo, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.addLayout(filters)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)

    # ------------------------------------------------------------ campaigns

    def load_campaigns(self) -> None:
        self._tasks.run_in_background(self._queue.campaigns, self._fill_campaigns,
                                      lambda exc: show_error(self, exc))

    def _fill_campaigns(self, campaigns: list[CampaignOut]) -> None:
        current = self.campaign_combo.currentData()
        self.campaign_combo.blockSignals(True)
        self.campaign_combo.clear()
        self.campaign_combo.addItem(self.tr("All campaigns"), None)
        zh = i18n.is_chinese()
        for c in campaigns:
            name = (c.name_zh or c.name) if zh else c.name
            self.campaign_combo.addItem(f"{c.code} · {name}", c.id)
        idx = self.campaign_combo.findData(current)
        self.campaign_combo.setCurrentIndex(max(0, idx))
        self.campaign_combo.blockSignals(False)

    # ---------------------------------------------------------------- rows

    def reload(self, *_: object) -> None:
        self._generation += 1
        gen = self._generation
        campaign = self.campaign_combo.currentData()
        status_value = self.status_combo.currentData()
        status = QueueStatus(status_value) if status_value else None
        search = self.search_edit.text()

        def query() -> list[QueueRow]:
            return self._queue.list_queue(campaign_id=campaign, status=status, search=search)

        self._tasks.run_in_background(query, lambda rows: self._loaded(gen, rows),
                                      lambda exc: show_error(self, exc))

    def _loaded(self, gen: int, rows: list[QueueRow]) -> None:
        if gen != self._generation:
            return  # a newer query is on its way
        keep = self.current_row()
        self.model.set_rows(rows, self._queue.now())
        if keep is None:
            self._vanished_at = None
        callable_now = sum(1 for r in rows if r.callable_now)
        self.count_label.setText(
            self.tr("%n customer(s)", "", len(rows)) + " · "
            + self.tr("%n callable now", "", callable_now))
        if self._want_after_load is not None:
            after, skip_id = self._want_after_load
            self._want_after_load = None
            self.select_row(self.model.next_callable(after - 1, skip_id=skip_id))
        elif keep is not None and self.model.index_of(keep.id) >= 0:
            self.select_row(self.model.index_of(keep.id), notify=False)
        elif keep is not None and self._vanished_at is not None:
            # the customer shown left the queue meanwhile (e.g. do-not-call elsewhere)
            self.select_row(self.model.next_callable(self._vanished_at - 1))
        else:
            self._emit(None)
        if not self._sized and rows:
            self._size_columns()
        self.loaded.emit()

    _sized = False
    _vanished_at: int | None = None

    def _size_columns(self) -> None:
        """Once: each column as wide as its header or the widest of the first rows' cells
        (capped). resizeColumnsToContents looked at 1,000 rows whatever the view showed,
        a third of a second of a cold start."""
        self._sized = True
        header = self.view.horizontalHeader()
        sample = range(min(self.model.rowCount(), SIZING_SAMPLE))
        for col in range(self.model.columnCount()):
            cells = (self.view.sizeHintForIndex(self.model.index(r, col)).width() for r in sample)
            width = max(header.sectionSizeHint(col), *cells)
            self.view.setColumnWidth(col, min(width + 6, CAPS.get(col, 150)))

    def next_after(self, after_id: str) -> QueueRow | None:
        """The customer to work after `after_id`: the first callable one in calling order
        (a due call-back above the one just worked comes first), never `after_id` itself."""
        return self.model.row_at(self.model.next_callable(-1, skip_id=after_id))

    def next_then_reload(self, after_id: str, *, notify: bool = True) -> None:
        """Select the next callable customer at once from the rows on screen, then reload:
        the agent does not wait for the whole queue to be listed again. With
        notify=False the caller shows the customer itself (it fetched the detail already)."""
        row = self.model.index_of(after_id)
        nxt = self.model.next_callable(-1, skip_id=after_id)  # the top of the calling order
        self._vanished_at = max(row, 0)
        if nxt < 0:
            self.select_row(nxt)
            self.reload()
            return
        self.reload_pending = True  # the window reloads once the customer is shown
        self.select_row(nxt, notify=notify)

    reload_pending = False

    def reload_if_pending(self) -> None:
        if self.reload_pending:
            self.reload_pending = False
            self.reload()

    def reload_then_next(self, after_id: str) -> None:
        """Reload, then select the next callable customer after `after_id`'s old place."""
        row = self.model.index_of(after_id)
        self._want_after_load = (max(row, 0), after_id)
        self.reload()

    # ------------------------------------------------------------ selection

    def current_row(self) -> QueueRow | None:
        idx = self.view.currentIndex()
        return self.model.row_at(idx.row()) if idx.isValid() else None

    def select_row(self, row: int, *, notify: bool = True) -> None:
        if row < 0:
            self.view.clearSelection()
            self.view.setCurrentIndex(self.model.index(-1, -1))
            self._emit(None)
            return
        index = self.model.index(row, 0)
        if not notify:  # the caller shows this customer itself
            chosen = self.model.row_at(row)
            self._shown_id = chosen.id if chosen is not None else None
        self._quiet = not notify
        try:
            self.view.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        finally:
            self._quiet = False
        chosen = self.model.row_at(row)
        if notify and chosen is not None and chosen.id != self._shown_id:
            # the row was current already (focus, a reload): no change signal came
            self._emit(chosen)
        self.view.scrollTo(index)

    def select_next_callable(self) -> None:
        """Ctrl+N: the next callable customer after the one shown; with none shown, the
        first in calling order (a due call-back). Counted from the customer on screen, not
        from the view's current row: focus and reloads move that without showing anyone."""
        at = self.model.index_of(self._shown_id) if self._shown_id else -1
        self.select_row(self.model.next_callable(at))

    _shown_id: str | None = None

    def _emit(self, row: QueueRow | None) -> None:
        self._shown_id = row.id if row is not None else None
        self.current_changed.emit(row)

    def _row_changed(self, current: object, _previous: object) -> None:
        idx = self.view.currentIndex()
        if idx.isValid() and not self.view.selectionModel().isRowSelected(idx.row()):
            # Focus gave the view a current row (the first): the one shown is the one marked.
            self.view.selectionModel().select(
                idx, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        if not self._quiet:  # a reload re-selecting the same customer is not a change
            self._emit(self.current_row())
