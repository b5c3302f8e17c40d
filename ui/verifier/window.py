"""The verifier's window (回访, issue 21): the open items on the left, the sale being
verified and the verification script in the middle, the outcome and a note on the right.

Online, like the lead's and the checker's windows: every call to the server runs through
the TaskManager (the UI never waits). Keyboard-first (ui/verifier/keys.py): Ctrl+N / Ctrl+
Shift+N move through the list, Alt+1 ... Alt+5 choose the outcome, Ctrl+E writes a note,
Ctrl+Enter saves and moves to the next item.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from html import escape

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.services.verification import VerificationService, new_action_id
from app.services.workspace import ServerWorkspace
from app.tokens import TokenStore
from ui import i18n, labels, shortcuts, work_window
from ui.about import show_about
from ui.errors import show_error
from ui.tasks import TaskManager
from ui.verifier import keys
from wire.aftersale import (
    VerificationAnswer,
    VerificationItem,
    VerificationKind,
    VerificationList,
    VerificationOutcome,
)

log = logging.getLogger(__name__)
STYLE = """
QLabel#vfTitle { font-size: 12pt; font-weight: bold; color: #1d4e89; }
QLabel#vfKeys { color: #5a6272; font-size: 9pt; }
QLabel#vfResult { background: #eef5ec; color: #1f4d1a; border: 1px solid #b9d4b3;
                  border-radius: 4px; padding: 6px 8px; }
QGroupBox#vfOutcome { font-weight: bold; }
"""


class VerifierWindow(QMainWindow):
    def __init__(self, workspace: ServerWorkspace, tasks: TaskManager, *,
                 tokens: TokenStore | None = None, keyring_warning: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.tasks = tasks
        self.tokens = tokens or TokenStore(use_keyring=False)
        self.service = VerificationService(workspace.client)
        self.items: list[VerificationItem] = []
        self.loaded = False
        self.saving = False
        self.last_answer: VerificationAnswer | None = None
        self._run = work_window.Runner(self, tasks)
        self._closed = False
        # (item, outcome, notes) -> action id: a retry of the same save is the same action
        self._pending: tuple[tuple[str, str, str], str] | None = None
        work_window.dress(self, self.tr("Callsheet verification - %1 (%2)"), workspace.user,
                          (1366, 768), STYLE)

        title = QLabel(self.tr("Verification"), self)
        title.setObjectName("vfTitle")
        self.count_label = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.count_label)

        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels([
            self.tr("Due"), self.tr("Check"), self.tr("Customer"), self.tr("Offer"),
            self.tr("Tries")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch)  # the offer's name: the rest fit their text
        self.table.itemSelectionChanged.connect(self._selected)
        left = work_window.list_pane(self, self.table, self._keys_hint(), "vfKeys")

        self.detail = QTextBrowser(self)
        self.detail.setOpenLinks(False)

        names = keys.outcome_names()
        box = QGroupBox(self.tr("Outcome"), self)
        box.setObjectName("vfOutcome")
        box_lay = QVBoxLayout(box)
        self.outcome_group = QButtonGroup(self)
        self.outcome_buttons: dict[VerificationOutcome, QRadioButton] = {}
        for outcome, key in keys.OUTCOME_KEYS.items():
            button = QRadioButton(f"{names[outcome]}  ({key})", box)
            self.outcome_group.addButton(button)
            self.outcome_buttons[outcome] = button
            box_lay.addWidget(button)
        self.notes = QPlainTextEdit(self)
        self.notes.setPlaceholderText(self.tr("Note (Ctrl+E): what the customer said"))
        self.save_button = QPushButton(self.tr("Save and next (Ctrl+Enter)"), self)
        self.save_button.clicked.connect(self.save)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("vfResult")
        self.result_label.setWordWrap(True)
        self.result_label.hide()
        right = QWidget(self)
        right_lay = QVBoxLayout(right)
        right_lay.setContentsMargins(0, 0, 0, 0)
        right_lay.addWidget(box)
        right_lay.addWidget(self.notes, 1)
        right_lay.addWidget(self.save_button)
        right_lay.addWidget(self.result_label)

        work_window.lay_out(self, top, (left, self.detail, right), [430, 560, 330],
                            keyring_warning=keyring_warning)
        self._build_actions()

    # ----------------------------------------------------------------- set-up

    def _keys_hint(self) -> str:
        wanted = ("next", "save", "notes", "help")
        hint = [f"{s.keys[0]} {s.description}" for s in keys.table() if s.action in wanted]
        return "  ·  ".join([*hint, self.tr("Alt+1 ... Alt+5 the outcome")])

    def _build_actions(self) -> None:
        handlers: dict[str, Callable[[], object]] = {
            "next": lambda: self.select_index(self.table.currentRow() + 1),
            "prev": lambda: self.select_index(self.table.currentRow() - 1),
            "notes": self.notes.setFocus,
            "save": self.save,
            "refresh": self.refresh,
            "help": lambda: shortcuts.show_table(self, keys.table()),
            "quit": self.close,
        }
        for outcome in keys.OUTCOME_KEYS:
            handlers[f"outcome:{outcome.value}"] = self._chooser(outcome)
        self.actions_by_id = work_window.bind_keys(self, keys.table(), handlers)
        a = self.actions_by_id
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addActions([a["refresh"], a["quit"]])
        item_menu = self.menuBar().addMenu(self.tr("&Item"))
        item_menu.addActions([a["next"], a["prev"], a["notes"], a["save"]])
        item_menu.addSeparator()
        item_menu.addActions([a[f"outcome:{o.value}"] for o in keys.OUTCOME_KEYS])
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(a["help"])
        about = help_menu.addAction(self.tr("&About Callsheet / copy diagnostics..."))
        about.triggered.connect(lambda: show_about(self.ws, self))

    def _chooser(self, outcome: VerificationOutcome) -> Callable[[], None]:
        def choose() -> None:
            self.outcome_buttons[outcome].setChecked(True)
        return choose

    def start(self) -> None:
        self.refresh()

    # ------------------------------------------------------------------ the list

    def refresh(self) -> None:
        self._run(self.service.items, self._listed)

    def _listed(self, result: VerificationList) -> None:
        current = self.current()
        self.items = list(result.items)
        self.count_label.setText(self.tr("Open items due now: %1").replace(
            "%1", str(result.open_total)))
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.items))
        checks = self.kinds()
        for row, it in enumerate(self.items):
            offer = it.offer_name_zh if i18n.is_chinese() and it.offer_name_zh \
                else it.offer_name
            cells = [it.due_at.astimezone().strftime("%m-%d %H:%M"), checks[it.kind],
                     it.customer_name, offer, f"{it.attempts}/{it.max_attempts}"]
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        for col in (0, 1, 2, 4):
            self.table.resizeColumnToContents(col)
        self.table.blockSignals(False)
        self.loaded = True
        keep = next((i for i, it in enumerate(self.items)
                     if current is not None and it.id == current.id), 0)
        self.select_index(keep if self.items else -1)

    def kinds(self) -> dict[VerificationKind, str]:
        return {VerificationKind.SALE: self.tr("Sale"),
                VerificationKind.TRIAL_ENDING: self.tr("Trial ending")}

    def select_index(self, row: int) -> None:
        if not self.items:
            self.table.clearSelection()
            self._selected()
            return
        row = max(0, min(row, len(self.items) - 1))
        self.table.selectRow(row)
        self._selected()

    def current(self) -> VerificationItem | None:
        row = self.table.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _selected(self) -> None:
        it = self.current()
        self.detail.setHtml(self.item_html(it) if it is not None else
                            "<p>" + escape(self.tr("Nothing to verify now.")) + "</p>")
        for button in self.outcome_buttons.values():
            button.setEnabled(it is not None)
        self.save_button.setEnabled(it is not None)

    # ------------------------------------------------------------------ the sale

    def item_html(self, it: VerificationItem) -> str:
        zh = i18n.is_chinese()
        offer = it.offer_name_zh if zh and it.offer_name_zh else it.offer_name
        sold = it.sold_at.astimezone().strftime("%Y-%m-%d %H:%M")
        trial = self.tr("%1 days, until %2").replace("%1", str(it.trial_days)).replace(
            "%2", it.trial_ends_on.isoformat()) if it.trial_ends_on else self.tr("none")
        rows = [
            (self.tr("Customer"), f"{it.customer_name} · {it.customer_phone}"),
            (self.tr("Region"), it.customer_region),
            (self.tr("Offer"), f"{offer} ({it.offer_code})"),
            (self.tr("Price"), self.tr("%1 yuan a month").replace("%1", f"{it.price_yuan:g}")),
            (self.tr("Term"), self.tr("%1 months").replace("%1", str(it.term_months))),
            (self.tr("Free trial"), trial),
            (self.tr("Sold by"), f"{it.seller_name} · {sold}"),
            (self.tr("Disclosures ticked"), str(len(it.disclosures_ticked))),
            (self.tr("Recording"), self.tr("yes") if it.recording else self.tr("no")),
            (self.tr("Tries"), f"{it.attempts} / {it.max_attempts}"),
        ]
        table = "".join(f"<tr><td style='color:#5a6272;padding-right:12px'>{escape(k)}</td>"
                        f"<td>{escape(v)}</td></tr>" for k, v in rows)
        notes = escape(it.call_notes) if it.call_notes else "-"
        script = "".join(f"<li style='margin-bottom:6px'>{escape(line)}</li>"
                         for line in self.script_lines(it))
        notes_title = self.tr("Seller notes")
        script_title = self.tr("Verification script")
        return (f"<h3 style='margin:0'>{escape(self.kinds()[it.kind])}</h3>"
                f"<table>{table}</table>"
                f"<p><b>{escape(notes_title)}</b><br>{notes}</p>"
                f"<h3>{escape(script_title)}</h3><ol>{script}</ol>")

    def script_lines(self, it: VerificationItem) -> list[str]:
        zh = i18n.is_chinese()
        offer = it.offer_name_zh if zh and it.offer_name_zh else it.offer_name
        price = f"{it.price_yuan:g}"
        lines = [self.tr("Hello, am I speaking with %1? This is %2 of the customer service "
                         "centre, calling back about your order. You can check this call "
                         "through the official hotline 10000.")
                 .replace("%1", it.customer_name).replace("%2", self.ws.user.display_name)]
        if it.kind is VerificationKind.TRIAL_ENDING:
            lines += [self.tr("Your free trial of %1 ends on %2; after that it costs %3 yuan "
                              "a month.").replace("%1", offer).replace(
                                  "%2", it.trial_ends_on.isoformat() if it.trial_ends_on
                                  else "").replace("%3", price),
                      self.tr("Would you like to keep it? (Confirmed: keeps it; or wants to "
                              "cancel)")]
        else:
            lines.append(self.tr("On %1 our colleague %2 called you and you agreed to %3 at "
                                 "%4 yuan a month for %5 months.")
                         .replace("%1", it.sold_at.astimezone().strftime("%Y-%m-%d"))
                         .replace("%2", it.seller_name).replace("%3", offer)
                         .replace("%4", price).replace("%5", str(it.term_months)))
            if it.trial_ends_on is not None:
                lines.append(self.tr("It starts with a free trial until %1: cancel before "
                                     "then and nothing is charged.")
                             .replace("%1", it.trial_ends_on.isoformat()))
            lines.append(self.tr("Do you confirm this order, and are the details right?"))
        lines.append(self.tr("There is nothing to pay on this call: we never ask for card "
                             "numbers, passwords or verification codes. You can cancel at any "
                             "time through 10000."))
        return lines

    # ------------------------------------------------------------------ saving

    def chosen(self) -> VerificationOutcome | None:
        return next((o for o, b in self.outcome_buttons.items() if b.isChecked()), None)

    def save(self) -> None:
        it, outcome = self.current(), self.chosen()
        if it is None or self.saving:
            return
        if outcome is None:
            self.statusBar().showMessage(self.tr("Choose an outcome first (Alt+1 ... Alt+5)."),
                                         8000)
            return
        notes = self.notes.toPlainText().strip()
        key = (it.id, outcome.value, notes)
        if self._pending is None or self._pending[0] != key:
            self._pending = (key, new_action_id())
        action_id = self._pending[1]
        self.saving = True

        def failed(exc: BaseException) -> None:
            self.saving = False
            show_error(self, exc)

        self._run(lambda: self.service.record(it.id, outcome, notes, action_id),
                  self._saved, failed)

    def _saved(self, answer: VerificationAnswer) -> None:
        self.saving = False
        self._pending = None
        self.last_answer = answer
        names = keys.outcome_names()
        outcome = answer.item.outcome or VerificationOutcome.UNREACHABLE
        text = self.tr("Saved: %1. The order is now: %2.").replace(
            "%1", names.get(outcome, outcome.value)).replace(
            "%2", labels.order_states().get(answer.order_state.value, answer.order_state.value))
        if not answer.item.closed:
            text += " " + self.tr("Not reached (%1 of %2 tries): the item comes back later.") \
                .replace("%1", str(answer.item.attempts)).replace(
                    "%2", str(answer.item.max_attempts))
        if answer.fallback is not None:
            text += " " + self.tr("A notice was sent by %1: %2").replace(
                "%1", labels.notice_channels().get(answer.fallback.channel.value,
                                            answer.fallback.channel.value)).replace(
                "%2", answer.fallback.text)
        self.result_label.setText(text)
        self.result_label.show()
        self.notes.clear()
        self.outcome_group.setExclusive(False)
        for button in self.outcome_buttons.values():
            button.setChecked(False)
        self.outcome_group.setExclusive(True)
        self.refresh()

    # ------------------------------------------------------------------- misc

    def screenshot_ready(self) -> bool:
        return self.loaded and self._run.pending == 0 and not self.tasks.busy

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed:
            self._closed = True
            self.ws.close()
        super().closeEvent(event)
