"""What the campaign loop's pages (ui/manager/pages/: approval, training, pilot, targets;
and ui/churn_tasks.py, in the manager's and the team lead's windows) share: the campaign
they work on, a status line for answers and errors, background calls through the window's
TaskManager (the UI thread never waits on the network), and their keys from the one
shortcut table (ui/shortcuts.py `loop_table`); Enter in the campaign field loads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.campaign_loop import CampaignLoopService
from ui import shortcuts
from ui.errors import describe
from ui.manager.pages.common import Progress
from ui.tasks import TaskManager

T = TypeVar("T")
SIZE_ROWS = 200  # rows measured for a column's width


class LoopPage(QWidget):
    """A page over CampaignLoopService: a campaign code field and a status line on top;
    subclasses add their widgets to `self.body` and implement `refresh()`."""

    def __init__(self, service: CampaignLoopService, tasks: TaskManager,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service, self.tasks = service, tasks
        self._asked = False  # whether refresh() ran before (code_or_ask)
        self.campaign = QLineEdit(self)
        self.campaign.setObjectName("campaignCode")
        self.campaign.setPlaceholderText(self.tr("Campaign code, e.g. DATAPK"))
        self.campaign.returnPressed.connect(self.refresh)
        self.load_button = QPushButton(self.tr("&Load"), self)
        self.load_button.clicked.connect(self.refresh)
        self.status = QLabel(self)
        self.status.setObjectName("loopStatus")
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        self.field_label = QLabel(self.tr("&Campaign:"), self)  # Alt+C
        self.field_label.setBuddy(self.campaign)
        top.addWidget(self.field_label)
        top.addWidget(self.campaign, 1)
        top.addWidget(self.load_button)
        self.body = QVBoxLayout(self)
        self.body.addLayout(top)
        # running: a busy bar with the seconds spent (the churn tasks of a million
        # customers take a second to come)
        self.progress_bar = QProgressBar(self)
        self.progress = Progress(self.progress_bar)
        self.running = 0
        line = QHBoxLayout()
        line.addWidget(self.status, 1)
        line.addWidget(self.progress_bar)
        self.body.addLayout(line)

    def refresh(self) -> None:  # pragma: no cover - every page has its own
        raise NotImplementedError

    def code(self) -> str:
        return self.campaign.text().strip().upper()

    def code_or_ask(self) -> str:
        """The campaign code, or "" after asking for it in the field: as a plain hint when
        the page is first shown (nobody has asked for anything yet), in red after that
        (Load, Return or F5 with the field empty)."""
        code = self.code()
        if not code:
            self.say(self.tr("Enter a campaign code."), error=self._asked)
            self.campaign.setFocus()
        self._asked = True
        return code

    def _bind(self, action: str, slot: Callable[[], object]) -> None:
        for key in shortcuts.loop_keys(action):
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(sc.context().WidgetWithChildrenShortcut)
            sc.activated.connect(slot)

    def say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b3261e" if error else "")

    def run(self, fn: Callable[[], T], done: Callable[[T], object]) -> None:
        """`fn` off the UI thread; `done(result)` on it, or the error on the status line.
        The busy bar runs while any call is out."""
        def ended() -> None:
            self.running -= 1
            if self.running == 0:
                self.progress.stop()

        def ok(value: T) -> None:
            ended()
            done(value)

        def failed(exc: BaseException) -> None:
            ended()
            title, message = describe(exc)
            self.say(f"{title}: {message}", error=True)

        self.running += 1
        if self.running == 1:
            self.progress.start()
        self.tasks.run_in_background(fn, ok, failed, network=True)

    @property
    def busy(self) -> bool:
        return self.running > 0


def fill_table(table: QTableWidget, headers: list[str], rows: list[list[Any]]) -> None:
    """Read-only cells; keeps the selected row where it was. Thousands of rows (the churn
    tasks of a million customers) fill in a fraction of the time: no repaint per cell,
    and the columns sized by their first rows, not by measuring every cell."""
    keep = table.currentRow()
    table.setUpdatesEnabled(False)
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
    table.horizontalHeader().setResizeContentsPrecision(SIZE_ROWS)
    table.resizeColumnsToContents()
    table.setUpdatesEnabled(True)
    if rows:
        table.selectRow(min(max(keep, 0), len(rows) - 1))


def make_table(parent: QWidget, name: str) -> QTableWidget:
    t = QTableWidget(parent)
    t.setObjectName(name)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    t.verticalHeader().setVisible(False)
    return t
