"""The daily summary export: the lead picks a day or a range, the server adds up each
agent's and each campaign's day(s), and the file (XLSX: one sheet each; CSV: one table
after the other) carries the columns in the language shown."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate, QObject
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ui import i18n, labels
from wire.lead import SUMMARY_MAX_DAYS, DailySummary, SummaryFigures


class SummaryRangeDialog(QDialog):
    """From and to (today by default); Enter exports, Esc cancels."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export daily summary"))
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("Per agent and per campaign: calls, reached, sales, "
                                     "conversion, average talk, do-not-call flags and pause "
                                     "time by reason."), self))
        form = QFormLayout()
        today = QDate.currentDate()
        self.start = QDateEdit(today, self)
        self.end = QDateEdit(today, self)
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setMaximumDate(today)
            edit.dateChanged.connect(lambda _d: self._check())
        form.addRow(self.tr("&From:"), self.start)
        form.addRow(self.tr("&To:"), self.end)
        lay.addLayout(form)
        self.problem = QLabel(self)
        self.problem.setObjectName("mutedLabel")
        lay.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.start.setFocus()

    def _check(self) -> None:
        days = self.start.date().daysTo(self.end.date()) + 1
        text = ""
        if days < 1:
            text = self.tr("The last day is before the first day.")
        elif days > SUMMARY_MAX_DAYS:
            text = self.tr("At most %1 days at a time.").replace("%1", str(SUMMARY_MAX_DAYS))
        self.problem.setText(text)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(not text)

    def range(self) -> tuple[date, date]:
        return self.start.date().toPython(), self.end.date().toPython()  # type: ignore[return-value]


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.0%}"


def _mmss(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    s = int(seconds)
    return f"{s // 60:02d}:{s % 60:02d}"


class SummaryTables(QObject):
    """The summary as (sheet name, header, rows) tables, in the interface's language."""

    def sheets(self, summary: DailySummary
               ) -> list[tuple[str, list[str], list[Sequence[object]]]]:
        # Sales count once a verifier confirmed them (issue 21); the others beside them.
        figures = [self.tr("Calls"), self.tr("Reached"), self.tr("Sales (confirmed)"),
                   self.tr("Conversion"), self.tr("Avg talk"), self.tr("Do-not-call flags"),
                   self.tr("Awaiting verification"), self.tr("Reversed at verification")]
        reasons = summary.pause_reasons
        pause_head = [self.tr("Paused: %1 (min)").replace("%1", labels.pause_reason(r))
                      for r in reasons]

        def figs(f: SummaryFigures) -> list[object]:
            return [f.calls, f.reached, f.sales, _pct(f.conversion),
                    _mmss(f.avg_talk_seconds), f.dnc_flags, f.sales_awaiting,
                    f.sales_reversed]

        period = f"{summary.start.isoformat()} – {summary.end.isoformat()}"
        agents: list[Sequence[object]] = [
            [a.name, a.team, period, *figs(a),
             *[round(a.pause_seconds.get(r, 0) / 60) for r in reasons]]
            for a in sorted(summary.agents, key=lambda a: (a.team, a.name))]
        campaigns: list[Sequence[object]] = [
            [f"{c.code} · {c.name_zh if i18n.is_chinese() else c.name}", period, *figs(c),
             _pct(c.renewal_rate), c.packs_kept,
             c.survey_calls, "" if c.satisfaction_mean is None else c.satisfaction_mean]
            for c in summary.campaigns]
        return [
            (self.tr("Agents"), [self.tr("Agent"), self.tr("Team"), self.tr("Days"),
                                 *figures, *pause_head], agents),
            (self.tr("Campaigns"), [self.tr("Campaign"), self.tr("Days"), *figures,
                                    self.tr("Renewal rate after trial"),
                                    self.tr("Packs kept"),
                                    self.tr("Survey calls"),
                                    self.tr("Satisfaction (mean 1-5)")], campaigns),
        ]
