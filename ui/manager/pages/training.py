"""Training (考核), the quiz editor: a campaign's short quiz on the offer's terms and the
mandatory statements, written as YAML next to a preview of what the agent sees. Publishing
makes a new version; every agent passes it before the campaign's queue opens to them."""

from __future__ import annotations

import html

import yaml
from pydantic import ValidationError
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QTextBrowser, QWidget

from app.services.campaign_loop import CampaignLoopService
from ui.loop_page import LoopPage
from ui.tasks import TaskManager
from wire import campaign_loop as w

EXAMPLE = """\
pass_mark: 2
questions:
  - text: What does the pack cost per month, and for how long?
    text_zh: 流量包每月多少钱？合约期多久？
    topic: offer_terms
    choices: ["30 yuan a month, 12 months", "Free", "30 yuan once"]
    choices_zh: ["每月30元，12个月", "免费", "一次性30元"]
    answer: 0
  - text: What do you say before presenting the offer?
    text_zh: 介绍产品前必须说明什么？
    topic: mandatory
    choices: ["My name, the company and the service number", "Nothing"]
    choices_zh: ["我的姓名、公司名称和服务号码", "什么都不用说"]
    answer: 0
"""


class TrainingPage(LoopPage):
    def __init__(self, service: CampaignLoopService, tasks: TaskManager,
                 parent: QWidget | None = None) -> None:
        super().__init__(service, tasks, parent)
        self.setObjectName("trainingPage")
        self.version = 0
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("quizEditor")
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setPlainText(EXAMPLE)
        self.preview = QTextBrowser(self)
        self.preview.setObjectName("quizPreview")
        self.editor.textChanged.connect(self.update_preview)
        self.publish_button = QPushButton(self.tr("&Publish as a new version"), self)
        self.publish_button.clicked.connect(self.publish)
        side = QHBoxLayout()
        side.addWidget(self.editor, 1)
        side.addWidget(self.preview, 1)
        self.body.addLayout(side, 1)
        self.body.addWidget(self.publish_button)
        self._bind("publish_quiz", self.publish)
        self.update_preview()

    def parsed(self) -> w.QuizIn:
        """The editor's quiz; raises ValueError with a readable message."""
        try:
            doc = yaml.safe_load(self.editor.toPlainText())
            return w.QuizIn.model_validate(doc)
        except yaml.YAMLError as exc:
            raise ValueError(self.tr("Not valid YAML: %1").replace("%1", str(exc))) from exc
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise ValueError(f"{where}: {first['msg']}" if where else first["msg"]) from exc

    def update_preview(self) -> None:
        try:
            quiz = self.parsed()
        except ValueError as exc:
            self.preview.setHtml(f"<p style='color:#b3261e'>{html.escape(str(exc))}</p>")
            return
        topics = {"offer_terms": self.tr("Offer terms"), "mandatory": self.tr("Mandatory")}
        mark = self.tr("Pass mark: %1 of %2").replace("%1", str(quiz.pass_mark)) \
            .replace("%2", str(len(quiz.questions)))
        parts = [f"<p><b>{html.escape(mark)}</b></p>"]
        for i, q in enumerate(quiz.questions, 1):
            zh_choices = q.choices_zh or [""] * len(q.choices)
            choices = "".join(f"<li>{'<b>' if j == q.answer else ''}{html.escape(c)}"
                              f"{' / ' + html.escape(z) if z else ''}"
                              f"{'</b> ✓' if j == q.answer else ''}</li>"
                              for j, (c, z) in enumerate(zip(q.choices, zh_choices,
                                                             strict=True)))
            zh = f"<br>{html.escape(q.text_zh)}" if q.text_zh else ""
            parts.append(f"<p>{i}. [{html.escape(topics[q.topic])}] "
                         f"{html.escape(q.text)}{zh}</p><ol type='A'>{choices}</ol>")
        self.preview.setHtml("".join(parts))

    def refresh(self) -> None:
        code = self.code_or_ask()
        if not code:
            return

        def loaded(quiz: w.QuizOut) -> None:
            self.version = quiz.version
            doc = {"pass_mark": quiz.pass_mark,
                   "questions": [q.model_dump(exclude_defaults=True) for q in quiz.questions]}
            self.editor.setPlainText(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))
            self.say(self.tr("Version %1 is in force.").replace("%1", str(quiz.version)))

        self.run(lambda: self.service.quiz(code), loaded)

    def publish(self) -> None:
        code = self.code()
        if not code:
            self.say(self.tr("Enter a campaign code."), error=True)
            return
        try:
            quiz = self.parsed()
        except ValueError as exc:
            self.say(str(exc), error=True)
            return

        def done(out: w.QuizOut) -> None:
            self.version = out.version
            self.say(self.tr("Published version %1: agents take it before their queue of "
                             "this campaign opens.").replace("%1", str(out.version)))

        self.run(lambda: self.service.publish_quiz(code, quiz), done)


Page = TrainingPage  # the shape h6's window builds: Page(service, tasks, parent=None)
