"""The import wizard: pick a CSV or XLSX file, see its first rows read with the encoding
the server detects, map the columns (mappings saved by name), dry run for the bad-row
report (line numbers, the server's reasons), then import with a progress bar and a cancel
that rolls the whole import back (the import is one transaction on the server)."""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.manager import ManagerService
from ui.manager.pages.common import Page, Progress, fit_columns, number
from ui.tasks import TaskManager
from wire.manager import FilePreview, JobProgress
from wire.planning import ImportReport

POLL_MS = 400


class ImportPage(Page):
    def __init__(self, service: ManagerService, tasks: TaskManager,
                 parent: QWidget | None = None) -> None:
        super().__init__(service, tasks, parent)
        self.path: Path | None = None
        self.data = b""
        self.preview: FilePreview | None = None
        self.report: ImportReport | None = None
        self.dry_report: ImportReport | None = None
        self.job: str | None = None
        self.file_dialog: QFileDialog | None = None

        self.file_label = QLabel(self.tr("No file chosen. Ctrl+O chooses a CSV or XLSX file."),
                                 self)
        self.file_label.setObjectName("sectionTitle")
        self.choose_button = QPushButton(self.tr("&Choose file..."), self)
        self.choose_button.clicked.connect(lambda: self.open_file())
        self.mapping_combo = QComboBox(self)
        self.mapping_combo.setMinimumWidth(160)
        self.mapping_combo.activated.connect(self._use_saved)
        saved_label = QLabel(self.tr("Saved &mapping:"), self)
        saved_label.setBuddy(self.mapping_combo)
        self.save_button = QPushButton(self.tr("&Save mapping..."), self)
        self.save_button.clicked.connect(lambda: self.save_mapping())
        self.dry_button = QPushButton(self.tr("&Dry run"), self)
        self.dry_button.clicked.connect(self.check)
        self.import_button = QPushButton(self.tr("&Import"), self)
        self.import_button.clicked.connect(self.apply)
        self.cancel_button = QPushButton(self.tr("Cance&l import"), self)
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        head = QHBoxLayout()
        head.addWidget(self.file_label, 1)
        head.addWidget(self.choose_button)
        head.addWidget(saved_label)
        head.addWidget(self.mapping_combo)
        head.addWidget(self.save_button)

        self.rows_table = QTableWidget(self)
        self.rows_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.map_table = QTableWidget(0, 2, self)
        self.map_table.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Column in file")])
        fit_columns(self.map_table, 1)
        self.errors_table = QTableWidget(0, 3, self)
        self.errors_table.setHorizontalHeaderLabels(
            [self.tr("Line"), self.tr("Customer id"), self.tr("Why the row was refused")])
        fit_columns(self.errors_table, 2)
        self.errors_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)

        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        self.rows_label = QLabel(self.tr("First rows"), left)
        lv.addWidget(self.rows_label)
        lv.addWidget(self.rows_table, 2)
        self.report_label = QLabel(self.tr("Dry run report"), left)
        self.report_label.setWordWrap(True)
        lv.addWidget(self.report_label)
        lv.addWidget(self.errors_table, 1)
        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(QLabel(self.tr("Column mapping"), right))
        rv.addWidget(self.map_table, 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        self.progress_bar = QProgressBar(self)
        self.progress = Progress(self.progress_bar)
        foot = QHBoxLayout()
        foot.addWidget(self.status, 1)
        foot.addWidget(self.progress_bar)
        foot.addWidget(self.dry_button)
        foot.addWidget(self.import_button)
        foot.addWidget(self.cancel_button)
        lay = QVBoxLayout(self)
        lay.addLayout(head)
        lay.addWidget(split, 1)
        lay.addLayout(foot)
        self.poll = QTimer(self)
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self._poll)
        self._fill_saved()
        self._enable()

    # ------------------------------------------------------------------ file
    def open_file(self, path: str | None = None) -> None:
        if path is None:
            self.file_dialog = QFileDialog(self, self.tr("Choose the customer file"))
            self.file_dialog.setNameFilter(self.tr("Customer files (*.csv *.xlsx *.txt)"))
            self.file_dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
            self.file_dialog.fileSelected.connect(lambda p: self.open_file(p))
            self.file_dialog.open()
            return
        self.path = Path(path)
        self.preview = None
        self.dry_report = None
        self.report = None
        self.file_label.setText(self.path.name)
        self.say(self.tr("Reading %1...").replace("%1", self.path.name))
        target = self.path

        def read() -> tuple[bytes, FilePreview]:
            data = target.read_bytes()
            return data, self.service.preview(target.name, data)

        self.run(read, self._previewed, self._failed)
        self._enable()

    def _previewed(self, got: tuple[bytes, FilePreview]) -> None:
        self.data, p = got
        self.preview = p
        self.rows_label.setText(
            self.tr("First rows: %1 of %2, read as %3")
            .replace("%1", str(len(p.rows))).replace("%2", number(p.total_rows))
            .replace("%3", p.encoding))
        self.rows_table.setColumnCount(len(p.header))
        self.rows_table.setHorizontalHeaderLabels(p.header)
        self.rows_table.setRowCount(len(p.rows))
        self.rows_table.setVerticalHeaderLabels(
            [str(p.first_line + i) for i in range(len(p.rows))])
        for r, cells in enumerate(p.rows):
            for c, text in enumerate(cells):
                self.rows_table.setItem(r, c, QTableWidgetItem(text))
        self.rows_table.resizeColumnsToContents()
        self._fill_mapping(p)
        self.errors_table.setRowCount(0)
        self.report_label.setText(self.tr("Dry run report: press Ctrl+Enter for a dry run."))
        self.say(self.tr("%1 rows, %2. Check the mapping, then do a dry run.")
                 .replace("%1", number(p.total_rows)).replace("%2", p.encoding))
        self._enable()

    def _failed(self, exc: BaseException) -> None:
        self.progress.stop()
        self.poll.stop()
        self.job = None
        self.show_error(exc)
        self._enable()

    # --------------------------------------------------------------- mapping
    def _fill_mapping(self, p: FilePreview, chosen: dict[str, str] | None = None) -> None:
        none = self.tr("(not in the file)")
        self.map_table.setRowCount(len(p.fields))
        for r, f in enumerate(p.fields):
            item = QTableWidgetItem(f.name + (" *" if f.required else ""))
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.map_table.setItem(r, 0, item)
            combo = QComboBox(self.map_table)
            combo.addItem(none, "")
            for h in p.header:
                combo.addItem(h, h)
            want = (chosen or {}).get(f.name, f.name)
            combo.setCurrentIndex(max(combo.findData(want), 0))
            self.map_table.setCellWidget(r, 1, combo)

    def columns(self) -> dict[str, str]:
        """field -> header, for the fields whose column is not named like the field."""
        out: dict[str, str] = {}
        if self.preview is None:
            return out
        for r, f in enumerate(self.preview.fields):
            combo = self.map_table.cellWidget(r, 1)
            if isinstance(combo, QComboBox):
                header = str(combo.currentData() or "")
                if header and header != f.name:
                    out[f.name] = header
        return out

    def set_column(self, field: str, header: str) -> None:
        if self.preview is None:
            return
        for r, f in enumerate(self.preview.fields):
            combo = self.map_table.cellWidget(r, 1)
            if f.name == field and isinstance(combo, QComboBox):
                combo.setCurrentIndex(max(combo.findData(header), 0))

    def _fill_saved(self) -> None:
        self.mapping_combo.clear()
        self.mapping_combo.addItem(self.tr("(as the file names them)"), None)
        for name in sorted(self.service.mappings.load()):
            self.mapping_combo.addItem(name, name)

    def _use_saved(self, _index: int = 0) -> None:
        name = self.mapping_combo.currentData()
        if self.preview is not None:
            saved = self.service.mappings.load().get(name, {}) if name else {}
            self._fill_mapping(self.preview, saved)

    def save_mapping(self, name: str | None = None) -> None:
        if name is None:
            box = QInputDialog(self)
            box.setWindowTitle(self.tr("Save the column mapping"))
            box.setLabelText(self.tr("Name of the mapping:"))
            box.textValueSelected.connect(lambda text: self.save_mapping(text))
            box.open()
            return
        if not name.strip():
            return
        self.service.mappings.save(name.strip(), self.columns())
        self._fill_saved()
        self.mapping_combo.setCurrentIndex(self.mapping_combo.findData(name.strip()))
        self.say(self.tr("Mapping \"%1\" saved.").replace("%1", name.strip()))

    # ------------------------------------------------------- dry run, import
    def check(self) -> None:
        if self.preview is None or self.path is None or self.busy:
            return
        name, data, cols = self.path.name, self.data, self.columns()
        self.say(self.tr("Dry run: checking every row; nothing is changed..."))
        self.progress.start()
        self.run(lambda: self.service.import_customers(name, data, dry_run=True, columns=cols),
                 self._dry_done, self._failed)
        self._enable()

    def _dry_done(self, r: ImportReport) -> None:
        self.progress.stop()
        self.dry_report = r
        self._show_report(r, dry=True)
        self._enable()

    def _show_report(self, r: ImportReport, *, dry: bool) -> None:
        head = self.tr("Dry run: %1 rows; %2 new, %3 changed, %4 unchanged, %5 refused. "
                       "Nothing was changed.") if dry else \
            self.tr("Imported: %1 rows; %2 new, %3 changed, %4 unchanged, %5 refused.")
        text = (head.replace("%1", number(r.rows)).replace("%2", number(r.inserted))
                .replace("%3", number(r.updated)).replace("%4", number(r.unchanged))
                .replace("%5", number(r.rejected)))
        self.report_label.setText(text)
        self.say(self.tr("Fix the refused rows in the file, choose it again and do another "
                         "dry run.") if r.rejected else "", alert=bool(r.rejected))
        self.errors_table.setRowCount(len(r.errors))
        for i, e in enumerate(r.errors):
            for c, v in enumerate((str(e.line), e.external_id, e.reason)):
                self.errors_table.setItem(i, c, QTableWidgetItem(v))

    def apply(self) -> None:
        if self.preview is None or self.path is None or self.busy:
            return
        name, data, cols = self.path.name, self.data, self.columns()
        job = self.job = uuid.uuid4().hex
        self.say(self.tr("Importing %1... (Cancel rolls everything back)").replace("%1", name))
        self.progress.start(self.preview.total_rows)
        self.poll.start()
        self.run(lambda: self.service.import_customers(name, data, dry_run=False,
                                                       columns=cols, job=job),
                 self._import_done, self._failed)
        self._enable()

    def _import_done(self, r: ImportReport) -> None:
        self.poll.stop()
        self.progress.stop()
        self.job = None
        self.report = r
        self._show_report(r, dry=False)
        self._enable()

    def _poll(self) -> None:
        job = self.job
        if job is None:
            self.poll.stop()
            return
        self.tasks.run_in_background(lambda: self.service.job(job), self._polled,
                                     lambda _e: None, network=True)

    def _polled(self, p: JobProgress) -> None:
        if p.job_id == self.job:
            self.progress.set_done(p.rows)

    def cancel(self) -> None:
        job = self.job
        if job is None:
            return
        self.say(self.tr("Cancelling: the import is rolled back, nothing of it is kept..."))
        self.tasks.run_in_background(lambda: self.service.cancel_job(job), None,
                                     self.show_error, network=True)

    def _enable(self) -> None:
        ready = self.preview is not None and not self.busy
        self.dry_button.setEnabled(ready)
        self.import_button.setEnabled(ready)
        self.save_button.setEnabled(self.preview is not None)
        self.cancel_button.setEnabled(self.job is not None)
        self.choose_button.setEnabled(not self.busy)
