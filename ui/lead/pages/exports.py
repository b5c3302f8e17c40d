"""The lead's exports: the table shown (in its on-screen order and language) and the
daily summary of a day or a range, as CSV for Excel or XLSX."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QTableView

from app.services.lead import LeadService
from ui.errors import show_error
from ui.lead.export import write_sheets, write_table
from ui.lead.pages.common import proxy_of
from ui.lead.summary import SummaryRangeDialog, SummaryTables
from ui.lead.table import TableModel
from ui.tasks import TaskManager
from wire.lead import DailySummary


class Exports(QObject):
    def __init__(self, window: QMainWindow, service: LeadService, tasks: TaskManager,
                 team: Callable[[], str | None]) -> None:
        super().__init__(window)
        self.window = window
        self.service = service
        self.tasks = tasks
        self.team = team  # the team chosen in the window's header (None: all)
        self.summary_written: Path | None = None
        self.range_dialog: SummaryRangeDialog | None = None
        self.file_dialog: QFileDialog | None = None  # the save dialog open now (tests)

    def _ask_path(self, title: str, suggested: str, then: Callable[[str], object]) -> None:
        """A save dialog opened window-modal; `then` gets the path chosen (with the
        suffix of the chosen type when the name has none)."""
        xlsx_filter = self.tr("Excel workbook (*.xlsx)")
        csv_filter = self.tr("CSV for Excel (*.csv)")
        dialog = QFileDialog(self.window, title, str(Path.home() / suggested),
                             f"{xlsx_filter};;{csv_filter}")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.selectNameFilter(xlsx_filter)
        self.file_dialog = dialog

        def chosen(path: str) -> None:
            if path and not Path(path).suffix:
                path += ".csv" if dialog.selectedNameFilter() == csv_filter else ".xlsx"
            if path:
                then(path)

        def closed(_result: int) -> None:
            if self.file_dialog is dialog:
                self.file_dialog = None
            dialog.deleteLater()

        dialog.fileSelected.connect(chosen)
        dialog.finished.connect(closed)
        dialog.open()

    def _failed(self, target: Path, exc: OSError) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Export failed"),
                          self.tr("Could not write %1: %2").replace("%1", str(target))
                          .replace("%2", exc.strerror or str(exc)),
                          QMessageBox.StandardButton.Ok, self.window)
        box.open()

    def _written(self, n: int, target: Path) -> None:
        self.window.statusBar().showMessage(
            self.tr("%1 rows exported to %2").replace("%1", str(n))
            .replace("%2", str(target)), 10000)

    def export_table(self, view: QTableView, name: str, sheet: str,
                     path: str | None = None) -> Path | None:
        """`view`'s rows in their on-screen order, as CSV or XLSX; without `path` a save
        dialog asks first (and None is returned: the file is written once chosen)."""
        if path is None:  # asked first; written when a file is chosen
            stamp = datetime.now().strftime("%Y%m%d-%H%M")
            self._ask_path(self.tr("Export table"), f"callsheet-{name}-{stamp}.xlsx",
                           lambda chosen: self.export_table(view, name, sheet, chosen))
            return None
        proxy = proxy_of(view)
        model = proxy.sourceModel()
        assert isinstance(model, TableModel)
        header, rows = model.export()
        ordered = [rows[proxy.mapToSource(proxy.index(n, 0)).row()]
                   for n in range(proxy.rowCount())]
        target = Path(path)
        try:
            n = write_table(target, header, ordered, sheet=sheet)
        except OSError as exc:
            self._failed(target, exc)
            return None
        self._written(n, target)
        return target

    def export_summary(self, path: str | None = None,
                       days: tuple[date, date] | None = None) -> None:
        """Ask for the days (a window-modal dialog) and the file, fetch the summary off the
        UI thread, write it."""
        if days is None:
            dialog = SummaryRangeDialog(self.window)
            self.range_dialog = dialog
            dialog.accepted.connect(lambda: self.export_summary(path, dialog.range()))
            dialog.finished.connect(lambda _r: self._range_closed(dialog))
            dialog.open()
            return
        start, end = days
        if path is None:
            self._ask_path(self.tr("Export daily summary"),
                           f"callsheet-summary-{start}-{end}.xlsx",
                           lambda chosen: self.export_summary(chosen, days))
            return
        target = Path(path)
        team = self.team()

        def write(s: DailySummary) -> None:
            try:
                n = write_sheets(target, SummaryTables(self.window).sheets(s))
            except OSError as exc:
                self._failed(target, exc)
                return
            self._written(n, target)
            self.summary_written = target

        self.window.statusBar().showMessage(self.tr("Adding up the summary..."))
        self.tasks.run_in_background(lambda: self.service.summary(start, end, team), write,
                                     lambda exc: show_error(self.window, exc), network=True)

    def _range_closed(self, dialog: SummaryRangeDialog) -> None:
        if self.range_dialog is dialog:
            self.range_dialog = None
        dialog.deleteLater()
