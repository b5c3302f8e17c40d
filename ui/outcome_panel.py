"""Recording the outcome of a call: disposition, objection, offer, call-back, notes.

The panel only collects input and shows validation messages beside the field the
core names (ValidationFailed.field); saving is the window's job.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import domain
from app.views import CustomerDetail
from ui import i18n, labels
from ui.callback_times import both_clocks, quick_picks
from ui.shortcuts import DISPOSITION_KEYS
from ui.survey_form import SurveyForm
from wire.rules import calling_window
from wire.schema import MAX_NOTES_CHARS, CampaignType, Disposition, Objection, SurveyAnswer

FIELDS = ("disposition", "objection", "offer", "callback", "notes", "disclosures", "survey",
          "promise")


class OutcomePanel(QGroupBox):
    disposition_chosen = Signal(object)  # Disposition

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Outcome"))
        self.setObjectName("outcomePanel")
        self._detail: CustomerDetail | None = None
        self._now: Callable[[], datetime] = lambda: datetime.now(UTC)

        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[Disposition, QPushButton] = {}
        grid = self.grid = QGridLayout()
        grid.setSpacing(3)
        names = labels.dispositions()
        for i, d in enumerate(Disposition):
            key = QKeySequence(DISPOSITION_KEYS[d]).toString(
                QKeySequence.SequenceFormat.NativeText)
            # The key on the button itself: the agent learns it by looking.
            b = QPushButton(f"{names[d]}  {key}", self)
            b.setObjectName("disposition")
            b.setCheckable(True)
            b.setProperty("tip", self.tr("%1 (%2)").replace("%1", names[d]).replace("%2", key))
            b.setProperty("disposition", d.value)
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            self.group.addButton(b)
            self.buttons[d] = b
            grid.addWidget(b, i // 4, i % 4)
        self.group.buttonToggled.connect(self._toggled)

        self.objection_combo = QComboBox(self)
        self.objection_combo.addItem(self.tr("- none -"), None)
        for o, text in labels.objections().items():
            self.objection_combo.addItem(text, o.value)
        self.offer_combo = QComboBox(self)
        self.callback_pick = QComboBox(self)
        self.callback_pick.setObjectName("callbackPick")
        self.callback_pick.activated.connect(self._picked)
        self.callback_pick.currentIndexChanged.connect(self._picked)
        # Entered in the customer's local time; the hint adds the agent's own clock.
        self.callback_edit = QDateTimeEdit(self)
        self.callback_edit.setCalendarPopup(True)
        self.callback_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.callback_edit.setToolTip(self.tr("In the customer's local time"))
        self.callback_edit.dateTimeChanged.connect(self._edited)
        self.callback_hint = QLabel(self)
        self.callback_hint.setObjectName("callbackHint")
        self._setting_time = False
        # A payment reminder's promise: the date the customer will pay (promised_to_pay).
        self.promise_edit = QDateEdit(self)
        self.promise_edit.setObjectName("promiseDate")
        self.promise_edit.setCalendarPopup(True)
        self.promise_edit.setDisplayFormat("yyyy-MM-dd")
        self.promise_label = self._label(self.tr("Promised payment date"), self.promise_edit)
        # A satisfaction survey's questions (ui/survey_form.py), shown for survey campaigns.
        self.survey = SurveyForm(self)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setPlaceholderText(
            self.tr("Notes for the record (what was said, what was agreed; up to %1 "
                    "characters)").replace("%1", str(MAX_NOTES_CHARS)))
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(50)  # two lines: the panel fits a 768-pixel screen
        self.notes_counter = QLabel(self)
        self.notes_counter.setObjectName("notesCounter")
        self.notes_counter.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.notes_edit.textChanged.connect(self._notes_changed)

        self.errors: dict[str, QLabel] = {}
        for f in FIELDS:
            lab = QLabel(self)
            lab.setObjectName("fieldError")
            lab.setWordWrap(True)
            lab.hide()
            self.errors[f] = lab

        form = QGridLayout()
        form.setHorizontalSpacing(8)
        form.setVerticalSpacing(4)
        self.objection_label = self._label(self.tr("&Objection"), self.objection_combo)
        form.addWidget(self.objection_label, 0, 0)
        form.addWidget(self.objection_combo, 0, 1)
        self.offer_label = self._label(self.tr("Offer acce&pted"), self.offer_combo)
        form.addWidget(self.offer_label, 0, 2)
        form.addWidget(self.offer_combo, 0, 3)
        form.addWidget(self.errors["objection"], 1, 1)
        form.addWidget(self.errors["offer"], 1, 3)
        form.addWidget(self._label(self.tr("Call &back"), self.callback_pick), 2, 0)
        cb = QHBoxLayout()
        cb.addWidget(self.callback_pick, 2)
        cb.addWidget(self.callback_edit, 2)
        cb.addWidget(self.callback_hint, 3)
        form.addLayout(cb, 2, 1, 1, 3)
        form.addWidget(self.errors["callback"], 3, 1, 1, 3)
        form.addWidget(self.promise_label, 4, 0)
        form.addWidget(self.promise_edit, 4, 1)
        form.addWidget(self.errors["promise"], 4, 2, 1, 2)
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 1)

        self.save_button = QPushButton(self.tr("Save && next"), self)
        self.save_button.setObjectName("primary")
        self.dnc_button = QPushButton(self.tr("Do not call..."), self)
        self.dnc_button.setObjectName("danger")
        buttons = QVBoxLayout()
        buttons.setSpacing(4)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.dnc_button)
        buttons.addWidget(self.notes_counter)
        bottom = QHBoxLayout()
        bottom.addWidget(self.notes_edit, 1)
        bottom.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.setSpacing(3)
        layout.addLayout(grid)
        layout.addWidget(self.errors["disposition"])
        layout.addWidget(self.survey)
        layout.addWidget(self.errors["survey"])
        layout.addLayout(form)
        layout.addLayout(bottom)
        layout.addWidget(self.errors["notes"])
        layout.addWidget(self.errors["disclosures"])
        self._buttons_for: tuple[object, ...] | None = None
        self.set_detail(None)

    def _lay_out_buttons(self, kind: CampaignType, allowed: set[Disposition]) -> None:
        """A sales campaign shows the twelve sales outcomes as always (those it does not
        allow greyed); another type shows only the outcomes it allows, its own among them."""
        shown = [disp for disp in Disposition
                 if (disp in allowed if kind is not CampaignType.SALES
                     else DISPOSITION_KEYS[disp].count("+") == 1)]
        for disp, b in self.buttons.items():
            if disp not in shown:
                b.hide()
        for i, disp in enumerate(shown):
            b = self.buttons[disp]
            bold = QFont(b.font())
            bold.setBold(True)  # a chosen outcome is bold: room for it, never clipped
            b.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(b.text()) + 14)
            self.grid.addWidget(b, i // 4, i % 4)
            b.show()

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        lab = QLabel(text, self)
        lab.setBuddy(buddy)
        return lab

    # --------------------------------------------------------------- content

    def set_detail(self, d: CustomerDetail | None) -> None:
        self._detail = d
        self.clear_errors()
        self.group.setExclusive(False)
        for b in self.buttons.values():
            b.setChecked(False)
        self.group.setExclusive(True)
        allowed = set(d.allowed_dispositions) if d else set()
        why = self.tr("This campaign does not allow this outcome.") if d else \
            self.tr("Choose a customer in the queue first (Ctrl+N).")
        kind = d.campaign.campaign_type if d and d.campaign else CampaignType.SALES
        # The next customer is mostly of the same campaign: the buttons stay as they are.
        buttons = (d is None, kind, frozenset(allowed))
        if buttons != self._buttons_for:
            self._buttons_for = buttons
            for disp, b in self.buttons.items():
                b.setEnabled(disp in allowed)
                b.setToolTip(str(b.property("tip")) if disp in allowed else why)
            self._lay_out_buttons(kind, allowed)
        survey = kind is CampaignType.SATISFACTION_SURVEY and d is not None
        self.survey.set_questions(d.steps if survey and d is not None else [])
        self.survey.setHidden(not self.survey.has_questions())
        paying = kind is CampaignType.PAYMENT_REMINDER
        self.promise_label.setHidden(not paying)
        self.promise_edit.setHidden(not paying)
        # the server's time the detail was read at (a few ms ago), without another read
        today = (d.read_at if d is not None and d.read_at is not None else self._now()).date()
        self.promise_edit.setMinimumDate(QDate(today.year, today.month, today.day))
        self.promise_edit.setDate(QDate(today.year, today.month, today.day).addDays(3))
        sales = kind is CampaignType.SALES
        objections = Disposition.NOT_INTERESTED in allowed or d is None
        self.objection_combo.setHidden(not objections)  # a survey asks no objection
        self.objection_label.setHidden(not objections)
        offers = sales or kind is CampaignType.WIN_BACK  # optional on a win-back
        self.offer_combo.setHidden(not offers)
        self.offer_label.setHidden(not offers)
        self.objection_combo.setCurrentIndex(0)
        self.offer_combo.clear()
        self.offer_combo.addItem(self.tr("- none -"), None)
        zh = i18n.is_chinese()
        for o in d.offers if d else []:
            name = (o.offer.name_zh or o.offer.name) if zh else o.offer.name
            self.offer_combo.addItem(f"{o.rank}. {name}", o.offer.id)
        self.notes_edit.clear()
        self._notes_changed()
        self._fill_picks(d.read_at if d is not None else None)
        self._update_enabled()
        self.setEnabled(d is not None)

    def _notes_changed(self) -> None:
        """Count the characters against the wire's limit; never hold more than it."""
        text = self.notes_edit.toPlainText()
        if len(text) > MAX_NOTES_CHARS:  # typed or pasted past the limit: cut the excess
            cursor = self.notes_edit.textCursor()
            pos = min(cursor.position(), MAX_NOTES_CHARS)
            self.notes_edit.blockSignals(True)
            self.notes_edit.setPlainText(text[:MAX_NOTES_CHARS])
            self.notes_edit.blockSignals(False)
            cursor = self.notes_edit.textCursor()
            cursor.setPosition(pos)
            self.notes_edit.setTextCursor(cursor)
            text = text[:MAX_NOTES_CHARS]
        self.notes_counter.setText(self.tr("Notes %1/%2").replace("%1", str(len(text)))
                                   .replace("%2", str(MAX_NOTES_CHARS)))
        full = len(text) >= MAX_NOTES_CHARS
        if self.notes_counter.property("full") != full:  # re-polish only when it changes
            self.notes_counter.setProperty("full", full)
            self.notes_counter.style().unpolish(self.notes_counter)
            self.notes_counter.style().polish(self.notes_counter)

    def _toggled(self, button: QPushButton, checked: bool) -> None:
        if not checked:
            return
        d = Disposition(button.property("disposition"))
        if d is Disposition.ACCEPTED and self.offer_combo.currentData() is None \
                and self.offer_combo.count() > 1:
            self.offer_combo.setCurrentIndex(1)  # the top recommendation
        self._update_enabled()
        self.errors["disposition"].hide()
        if d is Disposition.PROMISED_TO_PAY:  # the date comes next, from the keyboard
            self.promise_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.disposition_chosen.emit(d)

    def set_clock(self, now: Callable[[], datetime]) -> None:
        """The app's clock (a training clock in demos) for quick picks and checks."""
        self._now = now

    def _tz(self) -> str:
        return self._detail.customer.timezone if self._detail else "Asia/Shanghai"

    def _fill_picks(self, now: datetime | None = None) -> None:
        """`now`: the time the detail was read (a few milliseconds ago), else the clock."""
        self.callback_pick.blockSignals(True)
        self.callback_pick.clear()
        for p in quick_picks(now or self._now(), self._tz()):
            self.callback_pick.addItem(p.label, p.at)
        self.callback_pick.addItem(self.tr("Custom time..."), None)
        self.callback_pick.setCurrentIndex(0)
        self.callback_pick.blockSignals(False)
        self._picked(0)

    def _picked(self, index: int) -> None:
        at = self.callback_pick.itemData(index)
        if isinstance(at, datetime):
            self._set_edit(at)
        elif self.callback_pick.hasFocus() and index == self.callback_pick.count() - 1:
            self.callback_edit.setFocus()  # custom: type the time
        self._update_callback_hint()

    def _set_edit(self, at_utc: datetime) -> None:
        local = at_utc.astimezone(ZoneInfo(self._tz())).replace(tzinfo=None)
        self._setting_time = True
        try:
            self.callback_edit.setDateTime(QDateTime(
                QDate(local.year, local.month, local.day), QTime(local.hour, local.minute)))
        finally:
            self._setting_time = False

    def _edited(self) -> None:
        if not self._setting_time and self.callback_pick.count():
            self.callback_pick.blockSignals(True)
            self.callback_pick.setCurrentIndex(self.callback_pick.count() - 1)  # custom
            self.callback_pick.blockSignals(False)
        self._update_callback_hint()

    def _update_enabled(self) -> None:
        d = self.disposition()
        on = d in (Disposition.CALLBACK, Disposition.CONSIDERING)
        self.callback_edit.setEnabled(on)
        self.callback_pick.setEnabled(on)
        self.promise_edit.setEnabled(d is Disposition.PROMISED_TO_PAY)
        self.objection_combo.setEnabled(d is None or d.reached)
        self._update_callback_hint()

    def _update_callback_hint(self) -> None:
        at = self.callback_at()
        if self._detail is None or at is None:
            self.callback_hint.clear()
            self.errors["callback"].hide()
            return
        now = self._now()
        self.callback_hint.setText(both_clocks(at, self._tz(), now))
        camp = self._detail.campaign
        problem = ""
        if at <= now:
            problem = labels.validation_messages().get("callback_past", "")
        elif camp is not None and not domain.in_window(
                camp, self._tz(), at, region=self._detail.customer.region,
                tier=self._detail.customer.value_tier.value):
            start, end = calling_window(camp.windows, camp.window_start, camp.window_end,
                                        region=self._detail.customer.region,
                                        tier=self._detail.customer.value_tier.value)
            problem = self.tr("Outside the calling window (%1-%2 customer time).") \
                .replace("%1", start.strftime("%H:%M")) \
                .replace("%2", end.strftime("%H:%M"))
        self.errors["callback"].setText(problem)
        self.errors["callback"].setVisible(bool(problem))

    # ------------------------------------------------------------------ input

    def disposition(self) -> Disposition | None:
        b = self.group.checkedButton()
        return Disposition(b.property("disposition")) if b is not None else None

    def choose(self, d: Disposition) -> None:
        b = self.buttons[d]
        if b.isEnabled():
            b.setChecked(True)

    def objection(self) -> str | None:
        value = self.objection_combo.currentData()
        if not self.objection_combo.isEnabled():
            return None
        return str(value) if value else None

    def offer_id(self) -> str | None:
        value = self.offer_combo.currentData()
        return str(value) if value else None

    def callback_at(self) -> datetime | None:
        if not self.callback_edit.isEnabled():
            return None
        local = self.callback_edit.dateTime().toPython()
        assert isinstance(local, datetime)
        return local.replace(tzinfo=ZoneInfo(self._tz())).astimezone(UTC)

    def notes(self) -> str:
        return self.notes_edit.toPlainText().strip()

    def promised_on(self) -> date | None:
        if self.promise_edit.isHidden() or not self.promise_edit.isEnabled():
            return None
        value = self.promise_edit.date().toPython()
        assert isinstance(value, date)
        return value

    def survey_answers(self) -> list[SurveyAnswer]:
        """The survey's answers, with a completed survey only."""
        if self.disposition() is not Disposition.SURVEY_COMPLETED:
            return []
        return self.survey.answers()

    # ----------------------------------------------------------------- errors

    def show_error(self, field: str, message: str) -> None:
        lab = self.errors.get(field) or self.errors["disposition"]
        lab.setText(message)
        lab.show()
        focus = {"objection": self.objection_combo, "offer": self.offer_combo,
                 "callback": self.callback_pick, "notes": self.notes_edit}.get(field)
        if focus is not None:
            focus.setFocus()

    def clear_errors(self) -> None:
        for lab in self.errors.values():
            lab.hide()


__all__ = ["Objection", "OutcomePanel"]
