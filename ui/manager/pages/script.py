"""The script editor: Markdown on the left (the format of server/planning/scripts_md.py),
the agent's view of it on the right (the agent's own ScriptView, placeholders filled with
a sample customer), the errors publishing would give shown under the editor with their
lines (and marked in the text), the versions published so far, and the diff of any two.

The checks are the server's (POST /admin/scripts/check): the page never parses the
script itself, so what it shows is what publishing will say."""

from __future__ import annotations

import difflib
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain import RenderedStep, render_placeholders
from app.services.manager import ManagerService
from ui.manager.pages.common import Page, fill_campaigns
from ui.manager.pages.plan import BUILT_IN
from ui.manager.pages.script_sample import SamplePreview
from ui.tasks import TaskManager
from wire.lead import Monitor
from wire.manager import ScriptCheck, ScriptHistory, ScriptVersion
from wire.planning import ScriptPublished
from wire.schema import ScriptStep

CHECK_AFTER_MS = 500
ERROR_LINE = "#fde2e1"
SAMPLE = {"customer_name": "Wang Fang", "agent_name": "Li Na", "company": "Callsheet Telecom",
          "offer_name": "4G data pack 3 GB", "offer_price": "30", "offer_term": "12",
          "plan_name": "4G Smart 58"}
SAMPLE_ZH = dict(SAMPLE, customer_name="王芳", agent_name="李娜", company="通联电信",
                 offer_name="4G流量包3GB", plan_name="4G飞享58")


def step_markdown(s: dict[str, Any]) -> list[str]:
    title = s.get("title", "") + (f" / {s['title_zh']}" if s.get("title_zh") else "")
    attrs = f"#{s['id']} {s['kind']}" + (" mandatory" if s.get("mandatory") else "")
    out = [f"## {title} {{{attrs}}}", "", str(s.get("text", "")), ""]
    if s.get("text_zh"):
        out += [f"> {s['text_zh']}", ""]
    for b in s.get("branches") or []:
        label = b.get("label", "") + (f" / {b['label_zh']}" if b.get("label_zh") else "")
        out.append(f"- [{label}](#{b['goto']})")
    if s.get("branches"):
        out.append("")
    if s.get("next"):
        out += [f"Next: #{s['next']}", ""]
    return out


def version_markdown(code: str, v: ScriptVersion) -> str:
    """A published version written back as Markdown (to edit it or compare two)."""
    lines = ["---", f"campaign: {code}", f"title: {v.title}", "---", ""]
    for s in v.steps:
        lines += step_markdown(s)
    for var in v.variants:  # issue 22: each variant after the default (scripts_md.py)
        title = var.get("title", "") + (f" / {var['title_zh']}" if var.get("title_zh") else "")
        lines += [f"# Variant: {title} {{#{var.get('key', '')}}}", ""]
        for field, value in (var.get("when") or {}).items():
            if value:
                lines.append(f"When: {field} "
                             f"{', '.join(value) if isinstance(value, list) else value}")
        lines.append("")
        for s in var.get("steps") or []:
            lines += step_markdown(s)
    return "\n".join(lines).rstrip() + "\n"


def new_script(code: str) -> str:
    return (f"---\ncampaign: {code}\ntitle: New script / 新话术\n---\n\n"
            "## Opening / 开场白 {#open say}\n\n"
            "Hello {customer_name}, this is {agent_name} from {company}.\n\n"
            "> {customer_name}您好，我是{company}的{agent_name}。\n\n"
            "Next: #terms\n\n"
            "## Terms / 条款 {#terms disclosure mandatory}\n\n"
            "{offer_name} costs {offer_price} yuan a month for {offer_term} months.\n\n"
            "> {offer_name}每月{offer_price}元，合约{offer_term}个月。\n")


def rendered(steps: list[dict[str, Any]]) -> list[RenderedStep]:
    """The steps as the agent sees them, with the sample customer's values."""
    out = []
    for raw in steps:
        s = ScriptStep.model_validate(raw)
        out.append(RenderedStep(
            id=s.id, kind=s.kind, title=s.title, title_zh=s.title_zh or s.title,
            text=render_placeholders(s.text, SAMPLE),
            text_zh=render_placeholders(s.text_zh or s.text, SAMPLE_ZH),
            mandatory=s.mandatory,
            branches=[(b.label, b.label_zh or b.label, b.goto) for b in s.branches],
            next=s.next))
    return out


class ScriptPage(Page):
    def __init__(self, service: ManagerService, tasks: TaskManager,
                 parent: QWidget | None = None) -> None:
        super().__init__(service, tasks, parent)
        self.checked: ScriptCheck | None = None
        self.history: ScriptHistory | None = None
        self.published: ScriptPublished | None = None
        self._checking = False
        self._again = False

        self.campaign_combo = QComboBox(self)
        for code in BUILT_IN:
            self.campaign_combo.addItem(code, code)
        self.campaign_combo.currentIndexChanged.connect(lambda _i: self._load_history())
        self.new_button = QPushButton(self.tr("&New script"), self)
        self.new_button.clicked.connect(self.new)
        self.publish_button = QPushButton(self.tr("&Publish"), self)
        self.publish_button.clicked.connect(self.apply)
        head = QHBoxLayout()
        label = QLabel(self.tr("&Campaign:"), self)
        label.setBuddy(self.campaign_combo)
        head.addWidget(label)
        head.addWidget(self.campaign_combo)
        head.addWidget(self.new_button)
        head.addStretch(1)
        head.addWidget(self.publish_button)

        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("scriptEditor")
        self.editor.setTabChangesFocus(True)
        self.editor.textChanged.connect(self._changed)
        self.errors = QListWidget(self)
        self.errors.setMaximumHeight(120)
        self.errors.setWordWrap(True)
        self.errors.itemActivated.connect(self._go_to_error)
        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.editor, 1)
        self.errors_label = QLabel(self.tr("Checks"), left)
        lv.addWidget(self.errors_label)
        lv.addWidget(self.errors)

        self.sample = SamplePreview(rendered, self)  # issue 22: the variant per sample
        self.preview = self.sample.view
        self.versions = QListWidget(self)
        self.versions.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.versions.itemSelectionChanged.connect(self._show_diff)
        self.versions.itemActivated.connect(self._edit_version)
        self.diff = QTextEdit(self)
        self.diff.setReadOnly(True)
        self.diff.setObjectName("scriptDiff")
        hist = QWidget(self)
        hv = QVBoxLayout(hist)
        hv.setContentsMargins(0, 0, 0, 0)
        hv.addWidget(QLabel(self.tr("Versions (select two to compare; Enter edits one)"),
                            hist))
        hv.addWidget(self.versions, 1)
        hv.addWidget(self.diff, 2)
        self.side = QTabWidget(self)
        self.side.addTab(self.sample, self.tr("Agent's view"))
        self.side.addTab(hist, self.tr("History and diff"))
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(self.side)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(head)
        lay.addWidget(split, 1)
        lay.addWidget(self.status)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(CHECK_AFTER_MS)
        self.timer.timeout.connect(self.check)

    @property
    def code(self) -> str:
        return str(self.campaign_combo.currentData() or "")

    def refresh(self) -> None:
        self.run(self.service.campaigns, self._campaigns)

    def _campaigns(self, mon: Monitor) -> None:
        fill_campaigns(self.campaign_combo, mon, BUILT_IN)
        self._load_history()

    def _load_history(self) -> None:
        code = self.code
        if code:
            self.run(lambda: self.service.scripts(code), self._history)

    def _history(self, h: ScriptHistory) -> None:
        self.history = h
        self.versions.clear()
        for v in h.versions:
            item = QListWidgetItem(self.tr("Version %1 – %2 (%3 steps)")
                                   .replace("%1", str(v.version))
                                   .replace("%2", v.created_at.strftime("%Y-%m-%d %H:%M"))
                                   .replace("%3", str(len(v.steps))), self.versions)
            item.setData(Qt.ItemDataRole.UserRole, v.version)
        if not self.editor.toPlainText().strip():
            if h.versions:
                self.editor.setPlainText(version_markdown(h.campaign_code, h.versions[0]))
            else:
                self.new()

    def new(self) -> None:
        self.editor.setPlainText(new_script(self.code or "DATAPK"))

    def text(self) -> str:
        return self.editor.toPlainText()

    # ----------------------------------------------------------------- check
    def _changed(self) -> None:
        self.timer.start()

    def check(self) -> None:
        if self._checking:  # one at a time; the last text is checked after
            self._again = True
            return
        self._checking = True
        text = self.text()
        self.run(lambda: self.service.check_script(text), self._checked, self._check_failed)

    def _check_failed(self, exc: BaseException) -> None:
        self._checking = False
        self.show_error(exc)

    def _checked(self, r: ScriptCheck) -> None:
        self._checking = False
        if self._again:
            self._again = False
            self.check()
            return
        self.checked = r
        self.errors.clear()
        marks = []
        for e in r.errors:
            item = QListWidgetItem(self.tr("Line %1: %2").replace("%1", str(e.line))
                                   .replace("%2", e.message), self.errors)
            item.setData(Qt.ItemDataRole.UserRole, e.line)
            marks.append(self._mark(e.line))
        self.editor.setExtraSelections(marks)
        if r.ok:
            text = self.tr("Checks: no errors; %1 steps, ready to publish.").replace(
                "%1", str(len(r.steps)))
            if r.variants:  # issue 22
                text += " " + self.tr("%1 variants by segment.").replace(
                    "%1", str(len(r.variants)))
            self.errors_label.setText(text)
            self.sample.set_script(r.steps, r.variants)
            self.say("")
        else:
            self.errors_label.setText(self.tr("Checks: %1 errors (Enter on one goes to its "
                                              "line)").replace("%1", str(len(r.errors))))
        self.publish_button.setEnabled(r.ok)

    def _mark(self, line: int) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        block = self.editor.document().findBlockByNumber(max(line - 1, 0))
        cursor = QTextCursor(block)
        sel.cursor = cursor
        fmt = sel.format
        fmt.setBackground(QColor(ERROR_LINE))
        fmt.setProperty(QTextFormat.Property.FullWidthSelection, True)
        sel.format = fmt
        return sel

    def _go_to_error(self, item: QListWidgetItem) -> None:
        line = int(item.data(Qt.ItemDataRole.UserRole))
        block = self.editor.document().findBlockByNumber(max(line - 1, 0))
        self.editor.setTextCursor(QTextCursor(block))
        self.editor.setFocus()

    # --------------------------------------------------------------- publish
    def apply(self) -> None:
        text = self.text()
        self.say(self.tr("Publishing..."))
        self.run(lambda: self.service.publish_script(text), self._published)

    def _published(self, r: ScriptPublished) -> None:
        self.published = r
        self.say(self.tr("Published version %1 of %2's script (%3 steps); agents get it with "
                         "their next sync.").replace("%1", str(r.version))
                 .replace("%2", r.campaign_code).replace("%3", str(r.steps)))
        i = self.campaign_combo.findData(r.campaign_code)
        if i >= 0 and i != self.campaign_combo.currentIndex():
            self.campaign_combo.setCurrentIndex(i)
        else:
            self._load_history()

    # --------------------------------------------------------------- history
    def _selected_versions(self) -> list[ScriptVersion]:
        if self.history is None:
            return []
        wanted = {int(i.data(Qt.ItemDataRole.UserRole)) for i in self.versions.selectedItems()}
        return sorted((v for v in self.history.versions if v.version in wanted),
                      key=lambda v: v.version)

    def diff_text(self) -> str:
        chosen = self._selected_versions()
        if self.history is None or not chosen:
            return ""
        code = self.history.campaign_code
        if len(chosen) == 1:  # one version: against the text being edited
            a, b = version_markdown(code, chosen[0]), self.text()
            names = (self.tr("version %1").replace("%1", str(chosen[0].version)),
                     self.tr("editor"))
        else:
            a, b = version_markdown(code, chosen[0]), version_markdown(code, chosen[-1])
            names = (self.tr("version %1").replace("%1", str(chosen[0].version)),
                     self.tr("version %1").replace("%1", str(chosen[-1].version)))
        return "".join(difflib.unified_diff(a.splitlines(True), b.splitlines(True),
                                            fromfile=names[0], tofile=names[1]))

    def _show_diff(self) -> None:
        text = self.diff_text()
        self.diff.setPlainText(text or self.tr("No difference."))

    def _edit_version(self, item: QListWidgetItem) -> None:
        if self.history is None:
            return
        n = int(item.data(Qt.ItemDataRole.UserRole))
        v = next((v for v in self.history.versions if v.version == n), None)
        if v is not None:
            self.editor.setPlainText(version_markdown(self.history.campaign_code, v))
            self.side.setCurrentIndex(0)
