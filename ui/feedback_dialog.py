"""The agent's quality feedback: a button in the day bar ("Feedback (n)") and a non-modal
list of scores and comments, newest first. Fetched in the background when online; the
last answer is kept locally and shown offline (app/services/feedback.py)."""

from __future__ import annotations

import logging
from datetime import datetime
from html import escape

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.services.feedback import FeedbackService
from ui import i18n, labels, shortcuts
from ui.tasks import TaskManager
from wire.quality import FeedbackItem, FeedbackList

log = logging.getLogger(__name__)


def _when(at: datetime | None) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M") if at else "–"


def _pick(pair: list[str], fallback: str) -> str:
    en = pair[0] if pair else fallback
    zh = pair[1] if len(pair) > 1 else ""
    return zh if (i18n.is_chinese() and zh) else en


class FeedbackDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedbackDialog")
        self.setWindowTitle(self.tr("Quality feedback on my calls"))
        self.resize(720, 560)
        self.state = QLabel(self)
        self.state.setObjectName("muted")
        self.view = QTextBrowser(self)
        self.view.setOpenLinks(False)
        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.refresh_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.state)
        lay.addWidget(self.view, 1)
        lay.addWidget(buttons)

    def show_items(self, items: FeedbackList | None, *, offline: bool = False) -> None:
        if items is None:
            self.state.setText(self.tr("Loading..."))
            self.view.setHtml("")
            return
        self.state.setText(self.tr("Shown from this computer: the server cannot be reached "
                                   "now.") if offline else
                           self.tr("%1 scored call(s), newest first.")
                           .replace("%1", str(len(items.items))))
        if not items.items:
            self.view.setHtml("<p>" + escape(self.tr(
                "No call of yours has been scored yet.")) + "</p>")
            return
        self.view.setHtml("".join(self._item_html(it) for it in items.items))

    def _item_html(self, it: FeedbackItem) -> str:
        colour = "#1f6b3f" if it.passed else "#b3261e"
        verdict = self.tr("passed") if it.passed else self.tr("below standard")
        t_call, t_by = self.tr("Call"), self.tr("checked by")
        t_crit, t_comment = self.tr("Critical:"), self.tr("Comment:")
        head = (f"<h3 style='margin-bottom:2px'>{escape(it.customer_name)} · "
                f"{escape(labels.disposition(it.disposition))} · "
                f"<span style='color:{colour}'>{it.total:g} / 100 {escape(verdict)}</span></h3>"
                f"<div style='color:#5a6272'>{escape(t_call)} {_when(it.call_started_at)}"
                f" · {escape(it.campaign_code)} · {escape(t_by)} "
                f"{escape(it.checker_name)} {_when(it.submitted_at)}</div>")
        parts = [head]
        if it.critical:
            names = ", ".join(_pick([c.title, c.title_zh], c.id) for c in it.critical)
            parts.append(f"<p style='color:#b3261e'><b>{escape(t_crit)}</b> "
                         f"{escape(names)}</p>")
        rows = []
        for c in it.criteria:
            title = _pick(it.criteria_titles.get(c.criterion_id, []), c.criterion_id)
            rating = "n/a" if c.rating is None else str(c.rating)
            rows.append(f"<tr><td>{escape(title)}</td><td align='center'>{rating}</td>"
                        f"<td>{escape(c.comment)}</td></tr>")
        parts.append("<table cellpadding='3'>" + "".join(rows) + "</table>")
        if it.comment:
            parts.append(f"<p><b>{escape(t_comment)}</b> {escape(it.comment)}</p>")
        if it.coaching_task_id:
            parts.append("<p style='color:#7a4b00'>" + escape(self.tr(
                "A coaching session was opened for this call; your team lead will set it "
                "up.")) + "</p>")
        return "<div>" + "".join(parts) + "</div><hr>"


class FeedbackEntry(QObject):
    """The day bar's "Feedback" button, its action (with its shortcut) and the dialog."""

    def __init__(self, window: QMainWindow, day_bar: QWidget, service: FeedbackService,
                 tasks: TaskManager) -> None:
        super().__init__(window)
        self.window = window
        self.tasks = tasks
        self.service = service
        self.dialog: FeedbackDialog | None = None
        self.items: FeedbackList | None = None
        self.action = QAction(self.tr("Quality &feedback..."), window)
        self.action.setShortcuts([QKeySequence(k) for k in shortcuts.keys_for("feedback")])
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        # The F1 table's words, here too so that this catalogue translates them.
        self.action.setStatusTip(QCoreApplication.translate(
            "Keys", "Show the quality feedback on my calls"))
        self.action.triggered.connect(self.show)
        window.addAction(self.action)
        self.button = QToolButton(day_bar)
        self.button.setObjectName("feedbackButton")
        self.button.setDefaultAction(self.action)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._label(None)
        bar_layout = day_bar.layout()
        if bar_layout is not None:
            bar_layout.addWidget(self.button)
        file_menu = window.menuBar().actions()[0].menu()
        if isinstance(file_menu, QMenu):
            file_menu.insertAction(file_menu.actions()[-1], self.action)

    def _label(self, items: FeedbackList | None) -> None:
        text = self.tr("Feedback")
        if items is not None and items.items:
            text += f" ({len(items.items)})"
        self.action.setIconText(text)
        self.button.setText(text)
        self.button.setToolTip(self.tr("Quality feedback on my calls (%1)")
                               .replace("%1", " / ".join(shortcuts.keys_for("feedback"))))

    def refresh(self) -> None:
        """Show the cached list at once, then ask the server (in the background)."""
        service = self.service
        self.tasks.run_in_background(service.cached, self._cached, self._failed)
        self.tasks.run_in_background(service.fetch, self._fetched, self._failed, network=True)

    def _cached(self, items: FeedbackList | None) -> None:
        if items is not None and self.items is None:
            self._show(items, offline=False)

    def _fetched(self, items: FeedbackList) -> None:
        self._show(items, offline=self.service.offline)

    def _failed(self, exc: BaseException) -> None:
        log.info("feedback not fetched: %s", type(exc).__name__)
        if self.dialog is not None and self.items is None:
            self.dialog.state.setText(self.tr("Feedback cannot be fetched now (offline)."))
        elif self.dialog is not None and self.items is not None:
            self.dialog.show_items(self.items, offline=True)

    def _show(self, items: FeedbackList, *, offline: bool) -> None:
        self.items = items
        self._label(items)
        if self.dialog is not None:
            self.dialog.show_items(items, offline=offline)

    def show(self) -> None:
        if self.dialog is None:
            self.dialog = FeedbackDialog(self.window)
            self.dialog.refresh_button.clicked.connect(self.refresh)
        self.dialog.show_items(self.items)
        self.dialog.show()
        self.dialog.raise_()
        self.refresh()
