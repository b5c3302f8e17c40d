"""The scoring form (rubric criteria, critical items, comments) and, once submitted, the
calibration view: every checker's score and the spread per criterion."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.quality import texts
from wire.quality import CriterionScore, RubricOut, SampleOut, SampleScores, ScoreIn, ScoreOut

MIN_WIDTH = 320  # px: the rating, the critical boxes and the comment side by side


class ScoringPanel(QWidget):
    submit_requested = Signal()
    form_resized = Signal()  # the form's minimum width may have changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rubric: RubricOut | None = None
        self.auto: list[str] = []
        self._results_for: str | None = None  # the call whose calibration is shown
        self._mine_for: str | None = None  # the call whose own score is shown
        self.ratings: dict[str, QComboBox] = {}
        self.comments: dict[str, QLineEdit] = {}
        self.critical: dict[str, QCheckBox] = {}
        self.state = QLabel(self)
        self.state.setObjectName("qaState")
        self.state.setWordWrap(True)
        self.form_box = QGroupBox(self.tr("Score"), self)
        self.form_box.setObjectName("qaForm")
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(4)
        self.crit_box = QGroupBox(self.tr("Critical compliance items (any one scores 0)"), self)
        self.crit_box.setObjectName("qaCritical")
        self.crit_layout = QVBoxLayout(self.crit_box)
        self.comment = QPlainTextEdit(self)
        self.comment.setPlaceholderText(self.tr("Overall comment for the agent"))
        self.comment.setFixedHeight(52)
        self.total = QLabel(self)
        self.total.setObjectName("qaTotal")
        self.submit_button = QPushButton(self.tr("Submit score (Ctrl+Enter)"), self)
        self.submit_button.setObjectName("primary")
        self.submit_button.clicked.connect(self.submit_requested)
        form = QVBoxLayout(self.form_box)
        form.addLayout(self.grid)
        form.addWidget(self.crit_box)
        form.addWidget(self.comment)
        form.addWidget(self.total)
        form.addWidget(self.submit_button)
        self.mine = QLabel(self)  # the checker's own submitted score, read-only
        self.mine.setObjectName("qaMine")
        self.mine.setTextFormat(Qt.TextFormat.RichText)
        self.mine.setWordWrap(True)
        self.mine.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.mine.hide()
        self.results = QLabel(self)
        self.results.setObjectName("qaResults")
        self.results.setTextFormat(Qt.TextFormat.RichText)
        self.results.setWordWrap(True)
        body = QWidget(self)
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 4, 0)
        inner.addWidget(self.state)
        inner.addWidget(self.form_box)
        inner.addWidget(self.mine)
        inner.addWidget(self.results)
        inner.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        # Never clipped: a narrow panel scrolls sideways rather than cutting the form.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        self.form_scroll = scroll
        body.installEventFilter(self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 0, 0, 0)
        lay.addWidget(scroll)
        self.show_sample(None, None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest and watched is self.form_scroll.widget():
            self.updateGeometry()
            self.form_resized.emit()
        return super().eventFilter(watched, event)

    def minimumSizeHint(self) -> QSize:
        """As wide as the form: the splitter never makes the panel clip it."""
        hint = super().minimumSizeHint()
        body = self.form_scroll.widget()
        bar = self.form_scroll.verticalScrollBar().sizeHint().width()
        width = (body.minimumSizeHint().width() if body is not None else 0) + bar + 6 + 2
        return QSize(max(MIN_WIDTH, width, hint.width()), hint.height())

    # -------------------------------------------------------------- set-up

    def set_rubric(self, rubric: RubricOut) -> None:
        if self.rubric is not None and self.rubric.id == rubric.id:
            return
        self.rubric = rubric
        while self.grid.count():
            taken = self.grid.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        self.ratings.clear()
        self.comments.clear()
        for col, text in enumerate((self.tr("Criterion (weight)"), self.tr("Rating"),
                                    self.tr("Comment"))):
            head = QLabel(f"<b>{escape(text)}</b>", self)
            self.grid.addWidget(head, 0, col)
        for row, c in enumerate(rubric.criteria, start=1):
            name = QLabel(f"{escape(texts.pick(c.title, c.title_zh))} "
                          f"<span style='color:#5a6272'>({c.weight:g})</span>", self)
            name.setWordWrap(True)
            name.setToolTip(texts.pick(c.description, c.description_zh))
            combo = QComboBox(self)
            combo.addItem(self.tr("–"), None)
            for v in range(rubric.scale_max, -1, -1):
                combo.addItem(f"{v} / {rubric.scale_max}", v)
            combo.addItem(self.tr("n/a"), -1)
            combo.setAccessibleName(texts.pick(c.title, c.title_zh))
            combo.currentIndexChanged.connect(self._preview)
            name.setBuddy(combo)
            # (the rubric's rows are the server's data, rated in order with Tab: a letter
            # each would run out, and clash with the window's own)
            name.setProperty("tabOnly", True)
            comment = QLineEdit(self)
            comment.setPlaceholderText(self.tr("Comment"))
            comment.setMinimumWidth(120)
            self.grid.addWidget(name, row, 0)
            self.grid.addWidget(combo, row, 1)
            self.grid.addWidget(comment, row, 2)
            self.ratings[c.id] = combo
            self.comments[c.id] = comment
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(2, 4)
        for box in self.critical.values():
            box.deleteLater()
        self.critical.clear()
        for ci in rubric.critical:
            box = QCheckBox(texts.pick(ci.title, ci.title_zh), self)
            box.setObjectName("qaCriticalItem")
            box.toggled.connect(self._preview)
            self.crit_layout.addWidget(box)
            self.critical[ci.id] = box
        self.updateGeometry()  # the form's width changed: the splitter asks again

    def first_field(self) -> QWidget | None:
        return next(iter(self.ratings.values()), None)

    def show_sample(self, sample: SampleOut | None, auto_critical: list[str] | None) -> None:
        """The form for a sample this checker holds; otherwise why it is not offered."""
        self.auto = list(auto_critical or [])
        # The calibration results stay when the same call is shown again: its scores may
        # have been answered (and drawn) before its replay.
        shown = sample.outcome_id if sample else None
        if shown != self._results_for:
            self.results.setText("")
        self._results_for = shown
        editable = bool(sample and sample.claimed_by_me and not sample.scored_by_me)
        self.form_box.setVisible(editable)
        if sample is None or not sample.scored_by_me or shown != self._mine_for:
            self.show_mine(None)
        if sample is None:
            self.state.setText(self.tr("No sample selected."))
        elif sample.scored_by_me:
            self.state.setText(self.tr("You scored this call. Scores are final; the agent "
                                       "sees them as feedback."))
        elif not sample.claimed_by_me:
            self.state.setText(self.tr("Take this call (Ctrl+T) to score it. Several "
                                       "checkers may score the same call blind, for "
                                       "calibration."))
        else:
            self.state.setText(self.tr("Score each criterion, tick any critical item, then "
                                       "submit. Other checkers' scores show after yours."))
        if editable:
            self.reset_form()

    def reset_form(self) -> None:
        for combo in self.ratings.values():
            combo.setCurrentIndex(0)
        for edit in self.comments.values():
            edit.clear()
        for cid, box in self.critical.items():
            found = cid in self.auto
            box.setChecked(found)
            box.setEnabled(not found)  # evidence from the record cannot be unticked
            box.setToolTip(self.tr("Found in the call record by the server.") if found else "")
        self.comment.clear()
        self._preview()

    # -------------------------------------------------------------- values

    def score(self) -> ScoreIn | None:
        """The form as a ScoreIn, or None (and a hint) while a criterion is unrated."""
        crits = []
        for cid, combo in self.ratings.items():
            value = combo.currentData()
            if value is None:
                self.total.setText(self.tr("Rate every criterion (or choose n/a) first."))
                combo.setFocus()
                return None
            crits.append(CriterionScore(criterion_id=cid, rating=None if value < 0 else value,
                                        comment=self.comments[cid].text().strip()))
        return ScoreIn(criteria=crits,
                       critical=[c for c, box in self.critical.items() if box.isChecked()],
                       comment=self.comment.toPlainText().strip())

    def preview_total(self) -> float | None:
        if self.rubric is None:
            return None
        if any(box.isChecked() for box in self.critical.values()):
            return 0.0
        weights = {c.id: c.weight for c in self.rubric.criteria}
        rated: list[tuple[float, int]] = [
            (weights[cid], combo.currentData()) for cid, combo in self.ratings.items()
            if isinstance(combo.currentData(), int) and combo.currentData() >= 0]
        if not rated:
            return None
        return round(sum(w * r / self.rubric.scale_max for w, r in rated)
                     / sum(w for w, _ in rated) * 100, 1)

    def _preview(self) -> None:
        total = self.preview_total()
        if total is None:
            self.total.setText(self.tr("Score: –"))
            return
        mark = self.rubric.pass_mark if self.rubric else 60.0
        failed = total < mark or any(b.isChecked() for b in self.critical.values())
        verdict = self.tr("fail: opens a coaching task") if failed else self.tr("pass")
        colour = "#b3261e" if failed else "#1f6b3f"
        word = escape(self.tr("Score"))
        pass_mark = escape(self.tr("pass mark %1").replace("%1", f"{mark:g}"))
        self.total.setText(f"<span style='font-size:13pt'><b>{word} {total:g}</b></span> / 100"
                           f" &nbsp;<span style='color:{colour}'>{escape(verdict)}</span> "
                           f"<span style='color:#5a6272'>({pass_mark})</span>")

    # -------------------------------------------------------- own score

    def show_mine(self, score: ScoreOut | None) -> None:
        """The score this checker submitted, with every comment, read-only (scores are
        final); None hides it."""
        if score is None:
            self._mine_for = None
            self.mine.clear()
            self.mine.hide()
            return
        self._mine_for = score.outcome_id
        names = {c.id: texts.pick(c.title, c.title_zh) for c in (self.rubric.criteria
                                                                 if self.rubric else [])}
        crit = {c.id: texts.pick(c.title, c.title_zh) for c in (self.rubric.critical
                                                                if self.rubric else [])}
        scale = self.rubric.scale_max if self.rubric else 0
        verdict = self.tr("passed") if score.passed else self.tr(
            "failed: a coaching task was opened for the agent")
        colour = "#1f6b3f" if score.passed else "#b3261e"
        rows = []
        for cs in score.criteria:
            rating = self.tr("n/a") if cs.rating is None else f"{cs.rating} / {scale}"
            rows.append(f"<tr><td>{escape(names.get(cs.criterion_id, cs.criterion_id))}</td>"
                        f"<td><b>{escape(rating)}</b></td>"
                        f"<td>{escape(cs.comment) or '–'}</td></tr>")
        hit = ", ".join(crit.get(c, c) for c in score.critical) or self.tr("none")
        title = self.tr("Your score (final)")
        w_crit, w_rating, w_comment = self.tr("Criterion"), self.tr("Rating"), self.tr("Comment")
        w_items, w_overall = self.tr("Critical items"), self.tr("Overall comment")
        overall = escape(score.comment).replace("\n", "<br>") or "–"
        self.mine.setText(
            f"<b>{escape(title)}: {score.total:g} / 100</b> "
            f"<span style='color:{colour}'>{escape(verdict)}</span>"
            f"<table cellpadding='3'><tr><th align='left'>{escape(w_crit)}</th>"
            f"<th align='left'>{escape(w_rating)}</th><th align='left'>{escape(w_comment)}"
            f"</th></tr>{''.join(rows)}</table>"
            f"<p><b>{escape(w_items)}:</b> {escape(hit)}</p>"
            f"<p><b>{escape(w_overall)}:</b> {overall}</p>")
        self.mine.show()

    # -------------------------------------------------------- calibration

    def show_scores(self, scores: SampleScores, outcome_id: str | None = None) -> None:
        """The calibration view of a sample (`outcome_id`: its call, so that showing the
        same call again keeps it)."""
        self._results_for = outcome_id
        if scores.blind and not scores.submitted:
            self.results.setText("")
            return
        if scores.blind:
            self.results.setText(escape(self.tr(
                "%1 checker(s) scored this call. Their scores stay hidden until you submit "
                "yours (blind calibration).").replace("%1", str(scores.submitted))))
            return
        if not scores.scores:
            self.results.setText("")
            return
        names = {c.id: texts.pick(c.title, c.title_zh) for c in (self.rubric.criteria
                                                                 if self.rubric else [])}
        crit = {c.id: texts.pick(c.title, c.title_zh) for c in (self.rubric.critical
                                                                if self.rubric else [])}
        head = "".join(f"<th align='left'>{escape(s.checker_name)}</th>" for s in scores.scores)
        t_crit, t_spread, t_total = self.tr("Criterion"), self.tr("Spread"), self.tr("Total")
        rows = [f"<tr><th align='left'>{escape(t_crit)}</th>{head}"
                f"<th align='left'>{escape(t_spread)}</th></tr>"]
        spread = {s.criterion_id: s for s in scores.spread}
        for cid, name in names.items():
            cells = ""
            for s in scores.scores:
                cs = next((c for c in s.criteria if c.criterion_id == cid), None)
                v = "n/a" if cs is None or cs.rating is None else str(cs.rating)
                tip = f" title='{escape(cs.comment)}'" if cs and cs.comment else ""
                cells += f"<td{tip}>{v}{' ✎' if tip else ''}</td>"
            sp = spread.get(cid)
            wide = sp is not None and sp.min is not None and sp.max is not None \
                and sp.max - sp.min >= 2
            rng = "–" if sp is None or sp.min is None else f"{sp.min:g}–{sp.max:g}"
            style = " style='color:#b3261e; font-weight:bold'" if wide else ""
            rows.append(f"<tr><td>{escape(name)}</td>{cells}<td{style}>{rng}</td></tr>")
        totals = "".join(f"<td><b>{s.total:g}</b>{' ✗' if not s.passed else ''}</td>"
                         for s in scores.scores)
        ts = scores.total_spread
        rows.append(f"<tr><td><b>{escape(t_total)}</b></td>{totals}<td>"
                    f"{'–' if ts is None or ts.min is None else f'{ts.min:g}–{ts.max:g}'}"
                    "</td></tr>")
        none = self.tr("none")
        notes = [f"<b>{escape(s.checker_name)}</b>: "
                 + escape(", ".join(crit.get(c, c) for c in s.critical) or none)
                 for s in scores.scores]
        title = self.tr("Calibration: %1 checker(s)").replace("%1", str(len(scores.scores)))
        t_items = self.tr("Critical items")
        hint = self.tr("A spread of 2 or more is marked: talk it through so the team "
                       "scores alike.")
        self.results.setText(
            f"<b>{escape(title)}</b><table cellpadding='3'>{''.join(rows)}</table>"
            f"<p><b>{escape(t_items)}</b><br>{'<br>'.join(notes)}</p>"
            f"<p style='color:#5a6272'>{escape(hint)}</p>")
