"""What every page of the manager's window shares: the service and task manager, a status
line that says what is running and what went wrong, and the actions the window's keys
reach (check, apply, cancel, open a file; a page does those it has)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTableWidget,
    QWidget,
)

from app.services.manager import ManagerService
from ui import i18n
from ui.errors import describe
from ui.lead.pages.common import ALERT_TONE
from ui.tasks import TaskManager
from wire.lead import Monitor

T = TypeVar("T")


class Page(QWidget):
    """A page: built as Page(service, tasks, parent), refreshed by refresh()."""

    def __init__(self, service: ManagerService, tasks: TaskManager,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.tasks = tasks
        self.running = 0
        self.status = QLabel("", self)
        self.status.setObjectName("mutedLabel")
        self.status.setWordWrap(True)
        self.last_error = ""

    # the window's keys: a page overrides those it has
    def refresh(self) -> None:
        pass

    def check(self) -> None:
        pass

    def apply(self) -> None:
        pass

    def cancel(self) -> None:
        pass

    def open_file(self, path: str | None = None) -> None:
        pass

    @property
    def busy(self) -> bool:
        return self.running > 0

    def run(self, fn: Callable[[], T], done: Callable[[T], object],
            failed: Callable[[BaseException], object] | None = None) -> None:
        """`fn` on the network pool; `done` or the error on this page, on the UI thread."""
        self.running += 1

        def ok(value: T) -> None:
            self.running -= 1
            self.last_error = ""
            done(value)

        def bad(exc: BaseException) -> None:
            self.running -= 1
            if failed is not None:
                failed(exc)
            else:
                self.show_error(exc)

        self.tasks.run_in_background(fn, ok, bad, network=True)

    def show_error(self, exc: BaseException) -> None:
        _title, message = describe(exc)
        self.last_error = message
        self.say(message, alert=True)

    def say(self, text: str, *, alert: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {ALERT_TONE};" if alert else "")


class Progress:
    """A progress bar for a request that may take long: a share when the rows are known,
    else running with the seconds spent; hidden when idle."""

    def __init__(self, bar: QProgressBar) -> None:
        self.bar = bar
        self.bar.hide()
        self._t0 = 0.0
        self.timer = QTimer(bar)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self._tick)
        self._total = 0

    def start(self, total: int = 0) -> None:
        self._t0 = time.monotonic()
        self._total = total
        self.bar.setRange(0, total if total else 0)
        self.bar.setValue(0)
        self.bar.show()
        self.timer.start()
        self._tick()

    def set_done(self, n: int) -> None:
        if self._total:
            self.bar.setValue(min(n, self._total))

    def _tick(self) -> None:
        secs = time.monotonic() - self._t0
        if self._total:
            self.bar.setFormat(f"%v / %m  ({secs:.0f} s)")
        else:
            self.bar.setFormat(f"{secs:.0f} s")

    def stop(self) -> None:
        self.timer.stop()
        self.bar.hide()


def fill_campaigns(combo: QComboBox, mon: Monitor, extra: tuple[str, ...] = ()) -> None:
    """Campaign codes (with their names) from the monitor, then `extra` codes not there;
    the current choice stays."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    seen: set[str] = set()
    for c in mon.campaigns:
        combo.addItem(f"{c.code} – {c.name_zh if i18n.is_chinese() else c.name}", c.code)
        seen.add(c.code)
    for code in extra:
        if code not in seen:
            combo.addItem(code, code)
    i = combo.findData(current)
    combo.setCurrentIndex(max(i, 0))
    combo.blockSignals(False)


def campaign_id(mon: Monitor | None, code: str) -> str | None:
    if mon is None:
        return None
    return next((c.campaign_id for c in mon.campaigns if c.code == code), None)


def number(n: Any) -> str:
    return f"{int(n):,}"


def fit_columns(table: QTableWidget, stretch: int | None = None, *,
                row_numbers: bool = False) -> None:
    """Every column as wide as its header and cells (nothing cut), `stretch` taking the
    rest; the row numbers shown only where they mean something (a file's lines)."""
    h = table.horizontalHeader()
    for c in range(table.columnCount()):
        h.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch if c == stretch
                               else QHeaderView.ResizeMode.ResizeToContents)
    table.verticalHeader().setVisible(row_numbers)
