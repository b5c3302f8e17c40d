"""The right-hand customer panel: a header with the call controls, then everything a
call needs at once: profile / contact history (tabs) and the recommended offers with
their reasons on the left, the script with its disclosures on the right."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.views import CustomerDetail
from ui import detail_html, i18n, labels
from ui.callback_times import both_clocks
from ui.profile_view import ProfileView
from ui.script_view import ScriptView
from wire.schema import QueueStatus
from wire.variants import choose_variant

TAB_PROFILE, TAB_HISTORY = range(2)


class CustomerPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: CustomerDetail | None = None
        self._now: Callable[[], datetime] = lambda: datetime.now(UTC)

        self.name_label = QLabel(self)
        self.name_label.setObjectName("customerName")
        self.facts_label = QLabel(self)
        self.facts_label.setObjectName("customerFacts")
        self.facts_label.setWordWrap(True)
        self.gate_label = QLabel(self)
        self.gate_label.setObjectName("gate")
        self.gate_label.setWordWrap(True)
        self.gate_label.setTextFormat(Qt.TextFormat.PlainText)
        self.call_state = QLabel(self)
        self.call_state.setObjectName("callState")

        self.call_button = QToolButton(self)
        self.call_button.setObjectName("callButton")
        self.hangup_button = QToolButton(self)
        self.hangup_button.setObjectName("hangupButton")

        head = QHBoxLayout()
        who = QVBoxLayout()
        who.setSpacing(2)
        who.addWidget(self.name_label)
        who.addWidget(self.facts_label)
        who.addWidget(self.gate_label)
        head.addLayout(who, 1)
        head.addWidget(self.call_state)
        head.addWidget(self.call_button)
        head.addWidget(self.hangup_button)

        self.tabs = QTabWidget(self)
        self.profile = ProfileView(self)
        self.history = self._browser("historyView")
        self.tabs.addTab(self.profile, self.tr("Profile"))
        self.tabs.addTab(self.history, self.tr("Contact history"))
        self.tabs.currentChanged.connect(self._render_history)
        self.history.anchorClicked.connect(self._history_link)
        self._history_for: CustomerDetail | None = None
        self._offers_html = ""
        self.offers = self._browser("offersView")
        self.offers_box = self._box(self.tr("Recommended offers"), self.offers, "offersBox")
        self.script = ScriptView(self)
        self.script_box = self._box(self.tr("Script"), self.script, "scriptBox")

        left = QSplitter(Qt.Orientation.Vertical, self)
        left.addWidget(self.tabs)
        left.addWidget(self.offers_box)
        # Even halves: on a 768-pixel screen the offers pane still shows a whole offer.
        left.setStretchFactor(0, 1)
        left.setStretchFactor(1, 1)
        left.setChildrenCollapsible(False)
        body = QSplitter(Qt.Orientation.Horizontal, self)
        body.addWidget(left)
        body.addWidget(self.script_box)
        body.setStretchFactor(0, 5)
        body.setStretchFactor(1, 4)
        body.setSizes([500, 400])  # the same split in every language
        left.setSizes([225, 225])
        body.setChildrenCollapsible(False)
        self.left_splitter, self.body = left, body

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(head)
        layout.addWidget(body, 1)
        self.show_detail(None)

    def _script_title(self, d: CustomerDetail, zh: bool) -> None:
        """The script box names the variant by segment read to this customer (issue 22;
        the same rule the outcome records, wire.variants)."""
        v = choose_variant(d.script, d.customer)
        title = self.tr("Script") if v is None else self.tr("Script: %1").replace(
            "%1", (v.title_zh or v.title) if zh else v.title)
        if self.script_box.title() != title:
            self.script_box.setTitle(title)

    def _browser(self, name: str) -> QTextBrowser:
        b = QTextBrowser(self)
        b.setObjectName(name)
        b.setOpenLinks(False)
        b.setMinimumHeight(44)  # the window fits a 1366x768 screen; the text scrolls
        return b

    def _box(self, title: str, content: QWidget, name: str) -> QGroupBox:
        box = QGroupBox(title, self)
        box.setObjectName(name)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(content)
        return box

    def _render_history(self, *_: object) -> None:
        d = self.detail
        if d is None or self._history_for is d or self.tabs.currentWidget() is not self.history:
            return
        self._history_for = d
        self.history.setHtml(detail_html.history_html(d, detail_html.HISTORY_SHOWN))

    def _history_link(self, url: QUrl) -> None:
        """"Show all": the whole contact history of the customer shown."""
        if url.toString() == detail_html.SHOW_ALL and self.detail is not None:
            self.history.setHtml(detail_html.history_html(self.detail))
            self.history.setFocus()

    def set_call_actions(self, call: QAction, hang_up: QAction) -> None:
        self.call_button.setDefaultAction(call)
        self.hangup_button.setDefaultAction(hang_up)

    def set_clock(self, now: Callable[[], datetime]) -> None:
        """The app's clock (the service's): when a call-back falls due."""
        self._now = now

    def gate_text(self, d: CustomerDetail) -> tuple[str, bool]:
        """The header's line under the name and whether it reads as "go": a call-back
        says when it is due in both clocks, and is never "callable now" before then."""
        attempt = self.tr("attempt %1").replace("%1", str(d.attempts))
        status = labels.statuses().get(d.status, d.status.value)
        if d.verdict.allowed:
            verdict, ok = self.tr("Callable now"), True
        else:
            verdict = labels.dial_block_reasons().get(d.verdict.code, d.verdict.reason)
            ok = False
        at = d.callback_at
        if d.status is QueueStatus.CALLBACK and at is not None:
            now = d.read_at or self._now()
            clocks = both_clocks(at, d.customer.timezone, now)
            if at > now:
                return "  ·  ".join([
                    self.tr("Call-back at %1: not due yet").replace("%1", clocks),
                    attempt]), False
            return "  ·  ".join([self.tr("Call-back due (%1)").replace("%1", clocks),
                                 verdict, attempt]), ok
        return "  ·  ".join([verdict, status, attempt]), ok

    def show_detail(self, d: CustomerDetail | None) -> None:
        self.detail = d
        if d is None:
            self.name_label.setText(self.tr("No customer selected"))
            self.facts_label.setText(self.tr("Choose a customer in the queue (Ctrl+N: next)."))
            self.gate_label.clear()
            self.profile.clear()
            self._offers_html = ""
            for b in (self.history, self.offers):
                b.clear()
            self.script.show_steps([])
            return
        c = d.customer
        zh = i18n.is_chinese()
        camp = ""
        if d.campaign is not None:
            camp = (d.campaign.name_zh or d.campaign.name) if zh else d.campaign.name
        self.name_label.setText(c.name)
        facts = [
            detail_html.stars(c.star_level),
            self.tr("VIP") if c.vip else "",
            c.value_tier.value,
            c.region,
            self.tr("local time %1").replace("%1", d.local_time.strftime("%H:%M")),
            camp,
        ]
        self.facts_label.setText("  ·  ".join(f for f in facts if f))
        text, ok = self.gate_text(d)
        self.gate_label.setText(text)
        # The call button reads as "go" only when the gate says so; it stays enabled, and
        # F5 on a blocked customer says why (the gate is asked again at that moment).
        for shown in (self.gate_label, self.call_button):
            if shown.property("ok") != ok:  # re-polish only when it changes
                shown.setProperty("ok", ok)
                shown.style().unpolish(shown)
                shown.style().polish(shown)
        self.profile.show_profile(d)
        self._history_for = None
        self.history.clear()
        self._render_history()  # now if its tab is showing, else when it is opened
        offers = detail_html.offers_html(d)
        if offers != self._offers_html:  # the same campaign's offers: often the same text
            self._offers_html = offers
            self.offers.setHtml(offers)
        else:
            self.offers.verticalScrollBar().setValue(0)  # as a new text starts
        self.script.show_steps(d.steps)
        self._script_title(d, zh)
