"""The left-hand queue: campaign and status filters, search, and the table.

Loads through the QueueService in the background; a generation counter drops
answers to queries that a newer one has replaced. After the first listing it follows
the change hub (`apply_changes`): the rows a `Changes` names are re-read alone
(`QueueService.rows`) and updated in place; the whole queue is listed again only for a
new filter, new reference data, or a call-back that became due.
"""

from __future__ import annotations

import heapq
from datetime import datetime

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent
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

from app.changes import Changes
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
SIZING_ASKED = 3  # of those, the widest texts whose cells the view sizes
_TO_MATCHES = (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)  # from the search box


class QueuePanel(QWidget):
    current_changed = Signal(object)  # QueueRow | None
    loaded = Signal()  # a whole listing is shown
    rows_updated = Signal(object)  # list[QueueRow]: rows re-read after a change

    def __init__(self, queue: QueueService, tasks: TaskManager,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._queue = queue
        self._tasks = tasks
        self._generation = 0
        self._quiet = False
        self._listing = False  # a whole listing is on its way
        self._stale: set[str] = set()  # items a change named, to re-read
        self._rereading = False
        self._in_reread: set[str] = set()  # ... being re-read now
        self.listings = 0  # whole listings asked for (benchmarks count them)

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
        # Down, Return or Enter in the search box go to the matches: the first one is
        # shown and the table has the focus (after the listing still pending, if any).
        self.search_edit.installEventFilter(self)
        self._to_matches = False
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
        self.view.pressed.connect(self._chosen)  # (the row focus showed, clicked: chosen)

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

    def _filters(self) -> tuple[str | None, QueueStatus | None, str]:
        status_value = self.status_combo.currentData()
        return (self.campaign_combo.currentData(),
                QueueStatus(status_value) if status_value else None, self.search_edit.text())

    def reload(self, *_: object) -> None:
        """List the whole queue again (a new filter, new reference data, a call-back due)."""
        self._generation += 1
        self.listings += 1
        gen = self._generation
        campaign, status, search = self._filters()
        self._listing = True

        def query() -> tuple[list[QueueRow], datetime]:
            rows = self._queue.list_queue(campaign_id=campaign, status=status, search=search)
            return rows, self._queue.now()

        def failed(exc: BaseException) -> None:
            if gen == self._generation:
                self._listing = False
            show_error(self, exc)

        self._tasks.run_in_background(query, lambda rows: self._loaded(gen, rows), failed)

    def _loaded(self, gen: int, found: tuple[list[QueueRow], datetime]) -> None:
        if gen != self._generation:
            return  # a newer query is on its way
        self._listing = False
        rows, now = found
        shown = self._shown_id
        at = self.model.index_of(shown) if shown else -1
        self.model.set_rows(rows, now)
        self._count()
        self._keep_shown(shown, at)
        if not self._sized and rows:
            self._size_columns()
        self.loaded.emit()
        self._reread()  # changes that arrived while the listing ran
        if self._to_matches:
            self._go_to_matches()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) and event.key() in _TO_MATCHES \
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            if self._debounce.isActive() or self._listing:  # the matches are on their way
                if self._debounce.isActive():
                    self._debounce.stop()
                    self.reload()
                self._to_matches = True
            else:
                self._go_to_matches()
            return True
        return super().eventFilter(watched, event)

    def _go_to_matches(self) -> None:
        self._to_matches = False
        if self.model.row_count() == 0:
            return  # nothing matched: the search box keeps the focus
        current = self.current_row()
        if current is None:
            self.select_row(0)
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    _sized = False

    def _count(self) -> None:
        rows = self.model.row_count()
        callable_now = self.model.callable_count()
        self.count_label.setText(
            self.tr("%n customer(s)", "", rows) + " · "
            + self.tr("%n callable now", "", callable_now))

    def _keep_shown(self, shown: str | None, old_at: int) -> None:
        """After the rows changed: the customer shown stays marked; one who left the queue
        (do-not-call, closed, reassigned) gives way to the next callable from their place."""
        if shown is None:
            return
        at = self.model.index_of(shown)
        if at >= 0:
            current = self.current_row()
            if current is None or current.id != shown:
                self.select_row(at, notify=False)
            return
        self.select_row(self.model.next_callable(max(old_at, 0) - 1,
                                                 unsettled=self._unsettled()))

    # ------------------------------------------------------------ changes

    def apply_changes(self, changes: Changes) -> None:
        """Redraw what `changes` names: removed rows go at once, changed ones are re-read
        alone (one query for all of them) and put back in their place."""
        if changes.reference or changes.clock:
            if changes.reference:
                self.load_campaigns()
            # campaign names and offers show in every row; every row is judged at the time
            self.reload()
            return
        if changes.removed:
            shown = self._shown_id
            at = self.model.index_of(shown) if shown else -1
            self._quiet = True
            try:
                self.model.remove(changes.removed)
            finally:
                self._quiet = False
            self._count()
            self._keep_shown(shown, at)
        if changes.items:
            self._stale |= changes.items
            self._reread()

    def _reread(self) -> None:
        if self._rereading or self._listing or not self._stale:
            return
        ids, self._stale = self._stale, set()
        self._rereading, self._in_reread = True, ids
        gen = self._generation
        campaign, status, search = self._filters()

        def query() -> tuple[list[QueueRow], set[str], datetime]:
            rows, absent = self._queue.rows(ids, campaign_id=campaign, status=status,
                                            search=search)
            return rows, absent, self._queue.now()  # read here, not on the UI thread

        def failed(exc: BaseException) -> None:
            # Still to be read (with the next change), and not offered as the next one
            # meanwhile: the row on screen is older than what the store holds.
            self._stale |= self._in_reread
            self._rereading, self._in_reread = False, set()
            show_error(self, exc)

        self._tasks.run_in_background(query, lambda found: self._reread_done(gen, found),
                                      failed)

    def _reread_done(self, gen: int, found: tuple[list[QueueRow], set[str], datetime]
                     ) -> None:
        self._rereading, self._in_reread = False, set()
        if gen == self._generation:  # else a listing begun since has these rows already
            rows, absent, now = found
            shown = self._shown_id
            at = self.model.index_of(shown) if shown else -1
            self._quiet = True
            try:
                self.model.remove(absent)
                self.model.upsert(rows, now)
            finally:
                self._quiet = False
            self._count()
            self._keep_shown(shown, at)
            if rows:
                self.rows_updated.emit(rows)
        self._reread()

    def _size_columns(self) -> None:
        """Once: each column as wide as its header or the widest of the first rows' cells
        (capped). resizeColumnsToContents looked at 1,000 rows whatever the view showed,
        a third of a second of a cold start; asking the view for 60 rows x 10 cells
        through the style sheet was still a tenth. The cells are ranked by their text's
        width in the view's font (their font for a bold due row) and only the widest
        few of each column are asked: the same widths, a thirtieth of the calls."""
        self._sized = True
        header = self.view.horizontalHeader()
        plain = self.view.fontMetrics()
        bold_font = self.view.font()
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)
        rows = min(self.model.rowCount(), SIZING_SAMPLE)
        for col in range(self.model.columnCount()):
            widths = [((bold if due else plain).horizontalAdvance(text), r)
                      for r, (text, due) in enumerate(self.model.column_texts(col, rows))]
            widest = heapq.nlargest(SIZING_ASKED, widths)
            cells = (self.view.sizeHintForIndex(self.model.index(r, col)).width()
                     for _, r in widest)
            width = max(header.sectionSizeHint(col), *cells)
            self.view.setColumnWidth(col, min(width + 6, CAPS.get(col, 150)))

    def _unsettled(self) -> set[str]:
        """Rows a change named whose new state is not on screen yet: a customer just saved
        still looks callable here until the re-read (on a busy machine, for as long as the
        next call: a save-and-next then offered the customer saved before, Ctrl+N too)."""
        return self._stale | self._in_reread

    def next_after(self, after_id: str) -> QueueRow | None:
        """The customer to work after `after_id`: the first callable one in calling order
        (a due call-back above the one just worked comes first), never `after_id` itself,
        and one whose change is still being read only when there is no other."""
        return self.model.row_at(self.model.next_callable(
            -1, skip_id=after_id, unsettled=self._unsettled()))

    def show_next(self, after_id: str, *, notify: bool = True) -> None:
        """After a save: select the next callable customer at once from the rows on screen
        (the saved row itself is redrawn by the save's Changes). With notify=False the
        caller shows the customer itself (it fetched the detail already)."""
        self.select_row(self.model.next_callable(-1, skip_id=after_id,
                                                 unsettled=self._unsettled()), notify=notify)

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
            self._shown_by_focus = False
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
        """Ctrl+N: the next callable customer after the one shown; with none shown, or
        one the window's focus showed (not the agent's choice), the first in calling
        order (a due call-back). Counted from the customer on screen, not from the view's
        current row: focus and reloads move that without showing anyone."""
        shown = self._shown_id if not self._shown_by_focus else None
        at = self.model.index_of(shown) if shown else -1
        self.select_row(self.model.next_callable(at, unsettled=self._unsettled()))
        self._shown_by_focus = False  # (chosen now: the next Ctrl+N moves on)

    _shown_id: str | None = None
    _shown_by_focus = False  # the customer shown is the first row focus made current

    def _emit(self, row: QueueRow | None, *, by_focus: bool = False) -> None:
        self._shown_id = row.id if row is not None else None
        self._shown_by_focus = by_focus and row is not None
        self.current_changed.emit(row)

    def _chosen(self, _index: object) -> None:
        self._shown_by_focus = False

    def _row_changed(self, current: object, _previous: object) -> None:
        idx = self.view.currentIndex()
        by_focus = idx.isValid() and not self.view.selectionModel().isRowSelected(idx.row())
        if by_focus:
            # Focus gave the view a current row (the first): the one shown is the one marked.
            self.view.selectionModel().select(
                idx, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        if not self._quiet:  # a reload re-selecting the same customer is not a change
            self._emit(self.current_row(), by_focus=by_focus)
