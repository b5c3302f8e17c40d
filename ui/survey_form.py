"""The survey form: a satisfaction survey's questions (the script's rating and free_text
steps) with their answers, shown in the outcome panel during a survey campaign's call.

Keyboard-first: Ctrl+U goes to the first question; on a rating question the digits 1-5
give the score (1 very dissatisfied ... 5 very satisfied), and Tab goes to the next
question; a free-text question is a line to type in. The answers go with the outcome
(`answers()`, the draft's survey_answers), in the same local transaction and outbox row.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.domain import RenderedStep
from ui import i18n
from wire.calltypes import SURVEY_STEP_KINDS
from wire.schema import MAX_SURVEY_TEXT_CHARS, SurveyAnswer


class RatingRow(QWidget):
    """One rating question: five buttons; the digits 1-5 choose while it has the focus."""

    changed = Signal()

    def __init__(self, question_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question_id = question_id
        self.setObjectName("surveyRating")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(2, 1, 2, 1)
        row.setSpacing(2)
        tips = scale_labels()
        for score in range(1, 6):
            b = QPushButton(str(score), self)
            b.setObjectName("surveyScore")
            b.setCheckable(True)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes question to question
            b.setToolTip(tips[score])
            b.setFixedSize(30, 24)
            self.group.addButton(b, score)
            row.addWidget(b)
        self.hint = QLabel(self)
        self.hint.setObjectName("surveyHint")
        row.addWidget(self.hint, 1)
        self.group.idToggled.connect(self._toggled)

    def score(self) -> int | None:
        sid = self.group.checkedId()
        return sid if sid > 0 else None

    def set_score(self, score: int) -> None:
        button = self.group.button(score)
        if button is not None:
            button.setChecked(True)

    def _toggled(self, score: int, on: bool) -> None:
        if on:
            self.hint.setText(scale_labels()[score])
            self.changed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text in {"1", "2", "3", "4", "5"} and not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            self.set_score(int(text))
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        self.setProperty("current", True)
        self.style().unpolish(self)
        self.style().polish(self)
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        self.setProperty("current", False)
        self.style().unpolish(self)
        self.style().polish(self)
        super().focusOutEvent(event)


def scale_labels() -> dict[int, str]:
    """The 5-point scale's words (1 very dissatisfied ... 5 very satisfied)."""
    tr = QCoreApplication.translate
    return {1: tr("SurveyForm", "1 very dissatisfied"), 2: tr("SurveyForm", "2 dissatisfied"),
            3: tr("SurveyForm", "3 neutral"), 4: tr("SurveyForm", "4 satisfied"),
            5: tr("SurveyForm", "5 very satisfied")}


class SurveyForm(QWidget):
    """The questions of the call's script; empty (and hidden by the panel) otherwise."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("surveyForm")
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(1)
        self.ratings: dict[str, RatingRow] = {}
        self.texts: dict[str, QLineEdit] = {}
        self._order: list[str] = []
        self._widgets: list[QWidget] = []

    def set_questions(self, steps: list[RenderedStep]) -> None:
        for w in self._widgets:
            self.grid.removeWidget(w)
            w.deleteLater()
        self._widgets, self._order = [], []
        self.ratings, self.texts = {}, {}
        zh = i18n.is_chinese()
        previous: QWidget | None = None
        for i, s in enumerate(x for x in steps if x.kind in SURVEY_STEP_KINDS):
            text = (s.text_zh or s.text) if zh else s.text
            label = QLabel(f"{i + 1}. {text}", self)
            label.setWordWrap(True)
            label.setObjectName("surveyQuestion")
            answer: QWidget
            if s.kind == "rating":
                answer = self.ratings[s.id] = RatingRow(s.id, self)
            else:
                edit = QLineEdit(self)
                edit.setMaxLength(MAX_SURVEY_TEXT_CHARS)
                edit.setPlaceholderText(self.tr("The customer's words"))
                answer = self.texts[s.id] = edit
            label.setBuddy(answer)
            self.grid.addWidget(label, i, 0)
            self.grid.addWidget(answer, i, 1)
            if previous is not None:
                QWidget.setTabOrder(previous, answer)
            previous = answer
            self._widgets += [label, answer]
            self._order.append(s.id)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 2)

    def has_questions(self) -> bool:
        return bool(self._order)

    def focus_first(self) -> None:
        first = self._order[0] if self._order else None
        if first is not None:
            (self.ratings.get(first) or self.texts[first]).setFocus(
                Qt.FocusReason.ShortcutFocusReason)

    def answers(self) -> list[SurveyAnswer]:
        """The questions answered so far, in the script's order."""
        out = []
        for qid in self._order:
            if qid in self.ratings:
                score = self.ratings[qid].score()
                if score is not None:
                    out.append(SurveyAnswer(question_id=qid, score=score))
            else:
                text = self.texts[qid].text().strip()
                if text:
                    out.append(SurveyAnswer(question_id=qid, text=text))
        return out

    def unanswered_ratings(self) -> list[str]:
        return [q for q, row in self.ratings.items() if row.score() is None]
