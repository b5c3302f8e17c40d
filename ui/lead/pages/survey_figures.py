"""The survey answers of the campaign chosen on the lead's campaigns page, rolled up per
campaign, region or agent (GET /api/v1/lead/surveys): per group the survey calls, and
per question the mean score (1 very dissatisfied ... 5 very satisfied) and how many gave
each score. Loaded off the UI thread when the campaign or the grouping changes."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QTextBrowser, QWidget

from ui import i18n
from ui.errors import describe
from ui.tasks import TaskManager
from wire.surveys import SurveyFigures

Load = Callable[[str, str], SurveyFigures]


class SurveyFiguresBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Survey answers of the selected campaign"))
        self.setObjectName("surveyFigures")
        self.by_combo = QComboBox(self)
        for key, text in (("campaign", self.tr("Whole campaign")),
                          ("region", self.tr("Per region")), ("agent", self.tr("Per agent"))):
            self.by_combo.addItem(text, key)
        self.by_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.view = QTextBrowser(self)
        self.view.setObjectName("surveyFiguresView")
        lay = QHBoxLayout(self)
        side = QLabel(self.tr("&Group by"), self)
        side.setBuddy(self.by_combo)
        lay.addWidget(side)
        lay.addWidget(self.by_combo)
        lay.addWidget(self.view, 1)
        self._load: Load | None = None
        self._tasks: TaskManager | None = None
        self._campaign: str | None = None
        self.figures: SurveyFigures | None = None
        self.view.setPlainText(self.tr("Choose a campaign above."))

    def bind(self, load: Load, tasks: TaskManager) -> None:
        self._load, self._tasks = load, tasks

    def show_campaign(self, campaign_id: str | None) -> None:
        if campaign_id != self._campaign:
            self._campaign = campaign_id
            self.reload()

    def reload(self) -> None:
        campaign, by, load, tasks = (self._campaign, str(self.by_combo.currentData()),
                                     self._load, self._tasks)
        if campaign is None or load is None or tasks is None:
            return
        tasks.run_in_background(lambda: load(campaign, by), self._loaded, self._failed,
                                network=True)

    def _loaded(self, figures: SurveyFigures) -> None:
        if figures.campaign_id != self._campaign:
            return  # an answer for a campaign no longer selected
        self.figures = figures
        if not figures.groups:
            self.view.setPlainText(self.tr("No survey answers for this campaign."))
            return
        zh = i18n.is_chinese()
        parts = []
        calls = self.tr("%1 survey calls")
        mean = self.tr("mean %1")
        answers = self.tr("%1 answers")
        for g in figures.groups:
            lines = [f"<b>{html.escape(g.label)}</b> · {calls.replace('%1', str(g.calls))}"]
            for q in g.questions:
                title = html.escape((q.title_zh or q.title) if zh else q.title) or q.question_id
                if q.mean is not None:
                    spread = " ".join(f"{i + 1}:{n}" for i, n in enumerate(q.counts))
                    lines.append(f"&nbsp;&nbsp;{title}: {mean.replace('%1', f'{q.mean:.2f}')}"
                                 f" ({spread})")
                else:
                    lines.append(f"&nbsp;&nbsp;{title}: "
                                 f"{answers.replace('%1', str(q.answers))}")
            parts.append("<br>".join(lines))
        self.view.setHtml("<p>" + "</p><p>".join(parts) + "</p>")

    def _failed(self, exc: BaseException) -> None:
        self.view.setPlainText(describe(exc)[1])
