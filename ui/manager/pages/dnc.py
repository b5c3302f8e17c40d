"""Do-not-call lists: import a file of numbers (registry, agents, admin), search one
number (normalised as the server normalises every number), export the list masked, or
with the full numbers (the server audits a full export)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.manager import ManagerService
from ui.manager.pages.common import Page, fit_columns, number
from ui.tasks import TaskManager
from wire.manager import DncLookup
from wire.planning import DncImportReport

SOURCES = ("registry", "agent", "admin")


class DncPage(Page):
    def __init__(self, service: ManagerService, tasks: TaskManager,
                 parent: QWidget | None = None) -> None:
        super().__init__(service, tasks, parent)
        self.lookup: DncLookup | None = None
        self.report: DncImportReport | None = None
        self.written: Path | None = None
        self.file_dialog: QFileDialog | None = None

        search_box = QGroupBox(self.tr("Search a number"), self)
        self.search_edit = QLineEdit(search_box)
        self.search_edit.setPlaceholderText(self.tr("e.g. 138 0013 8000 or +86 138..."))
        self.search_edit.returnPressed.connect(self.check)
        self.search_button = QPushButton(self.tr("&Search"), search_box)
        self.search_button.clicked.connect(self.check)
        self.answer = QLabel("", search_box)
        self.answer.setWordWrap(True)
        self.answer.setObjectName("sectionTitle")
        row = QHBoxLayout()
        row.addWidget(self.search_edit, 1)
        row.addWidget(self.search_button)
        sv = QVBoxLayout(search_box)
        sv.addLayout(row)
        sv.addWidget(self.answer)

        import_box = QGroupBox(self.tr("Import numbers"), self)
        self.source_combo = QComboBox(import_box)
        names = {"registry": self.tr("Registry (营销黑名单)"), "agent": self.tr("Agents"),
                 "admin": self.tr("Administrator")}
        for s in SOURCES:
            self.source_combo.addItem(names[s], s)
        self.import_button = QPushButton(self.tr("Choose file and &import..."), import_box)
        self.import_button.clicked.connect(lambda: self.open_file())
        self.errors_table = QTableWidget(0, 2, import_box)
        self.errors_table.setHorizontalHeaderLabels([self.tr("Line"),
                                                     self.tr("Why the row was refused")])
        fit_columns(self.errors_table, 1)
        self.import_label = QLabel(self.tr("A CSV or XLSX file with a column \"phone\"."),
                                   import_box)
        self.import_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("S&ource:"), self.source_combo)
        iv = QVBoxLayout(import_box)
        iv.addLayout(form)
        iv.addWidget(self.import_button)
        iv.addWidget(self.import_label)
        iv.addWidget(self.errors_table, 1)

        export_box = QGroupBox(self.tr("Export the list"), self)
        self.masked_button = QPushButton(self.tr("Export &masked..."), export_box)
        self.masked_button.clicked.connect(lambda: self.export(masked=True))
        self.full_button = QPushButton(self.tr("Export with f&ull numbers (audited)..."),
                                       export_box)
        self.full_button.clicked.connect(lambda: self.export(masked=False))
        ev = QVBoxLayout(export_box)
        ev.addWidget(self.masked_button)
        ev.addWidget(self.full_button)
        note = QLabel(self.tr("A full export is written to the audit log with your name."),
                      export_box)
        note.setWordWrap(True)
        note.setObjectName("mutedLabel")
        ev.addWidget(note)
        ev.addStretch(1)

        top = QHBoxLayout()
        top.addWidget(search_box, 3)
        top.addWidget(export_box, 2)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(import_box, 1)
        lay.addWidget(self.status)

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def check(self) -> None:
        text = self.search_edit.text().strip()
        if not text:
            self.focus_search()
            return
        self.run(lambda: self.service.search_dnc(text), self._found)

    def _found(self, r: DncLookup) -> None:
        self.lookup = r
        if not r.phone:
            self.answer.setText(self.tr("\"%1\" is not a phone number.").replace("%1", r.query))
        elif r.found:
            when = r.added_at.strftime("%Y-%m-%d") if r.added_at else ""
            self.answer.setText(
                self.tr("%1 is on the do-not-call list (since %2, source: %3). %4")
                .replace("%1", r.phone).replace("%2", when).replace("%3", r.source)
                .replace("%4", r.reason))
        else:
            self.answer.setText(self.tr("%1 is not on the do-not-call list.")
                                .replace("%1", r.phone))

    def open_file(self, path: str | None = None) -> None:
        if path is None:
            self.file_dialog = QFileDialog(self, self.tr("Choose the do-not-call file"))
            self.file_dialog.setNameFilter(self.tr("Number lists (*.csv *.xlsx *.txt)"))
            self.file_dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
            self.file_dialog.fileSelected.connect(lambda p: self.open_file(p))
            self.file_dialog.open()
            return
        p = Path(path)
        source = str(self.source_combo.currentData())
        self.say(self.tr("Importing %1...").replace("%1", p.name))
        self.run(lambda: self.service.import_dnc(p.name, p.read_bytes(), source),
                 self._imported)

    def apply(self) -> None:
        self.open_file()

    def _imported(self, r: DncImportReport) -> None:
        self.report = r
        self.import_label.setText(
            self.tr("%1 rows: %2 added, %3 already listed, %4 refused; %5 open queue items "
                    "closed.").replace("%1", number(r.rows)).replace("%2", number(r.added))
            .replace("%3", number(r.already)).replace("%4", number(r.rejected))
            .replace("%5", number(r.items_closed)))
        self.say("")
        self.errors_table.setRowCount(len(r.errors))
        for i, e in enumerate(r.errors):
            self.errors_table.setItem(i, 0, QTableWidgetItem(str(e.line)))
            self.errors_table.setItem(i, 1, QTableWidgetItem(e.reason))

    def export(self, *, masked: bool, path: str | None = None) -> None:
        if path is None:
            self.file_dialog = QFileDialog(self, self.tr("Export the do-not-call list"))
            self.file_dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            self.file_dialog.setNameFilter(self.tr("CSV (*.csv)"))
            self.file_dialog.setDefaultSuffix("csv")
            self.file_dialog.selectFile("do-not-call-masked.csv" if masked
                                        else "do-not-call.csv")
            self.file_dialog.fileSelected.connect(
                lambda p: self.export(masked=masked, path=p))
            self.file_dialog.open()
            return
        target = Path(path)

        def write() -> Path:
            target.write_bytes(self.service.export_dnc(masked=masked))
            return target

        self.run(write, self._exported)

    def _exported(self, p: Path) -> None:
        self.written = p
        self.say(self.tr("Written: %1").replace("%1", str(p)))
