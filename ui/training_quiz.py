"""The agent's training quiz (考核): a campaign with a quiz opens its queue to an agent
only after they pass it (server/planning/training.py). Ctrl+Shift+T opens this dialog:
choose the campaign, answer each question (Tab to a question, arrow keys to a choice,
Ctrl+Enter submits); once passed, the campaign's items arrive with the next sync."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.services.campaign_loop import CampaignLoopService
from ui import i18n, shortcuts
from ui.errors import describe
from ui.tasks import TaskManager
from wire import campaign_loop as w


class TrainingQuizDialog(QDialog):
    def __init__(self, service: CampaignLoopService, tasks: TaskManager,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainingQuizDialog")
        self.setWindowTitle(self.tr("Training quiz"))
        self.resize(640, 560)
        self.service, self.tasks = service, tasks
        self.quiz: w.QuizOut | None = None
        self.groups: list[QButtonGroup] = []
        self.campaigns = QComboBox(self)
        self.campaigns.setObjectName("quizCampaign")
        self.campaigns.activated.connect(lambda _i: self.load_quiz())
        self.state = QLabel(self)
        self.state.setObjectName("quizState")
        self.state.setWordWrap(True)
        self.area = QScrollArea(self)
        self.area.setWidgetResizable(True)
        self.questions = QWidget()
        self.q_layout = QVBoxLayout(self.questions)
        self.area.setWidget(self.questions)
        self.submit_button = QPushButton(self.tr("&Submit answers"), self)
        self.submit_button.setEnabled(False)
        self.submit_button.clicked.connect(self.submit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.submit_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(key), self).activated.connect(self.submit)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("Campaign:"), self))
        lay.addWidget(self.campaigns)
        lay.addWidget(self.state)
        lay.addWidget(self.area, 1)
        lay.addWidget(buttons)

    def refresh(self) -> None:
        self.state.setText(self.tr("Loading..."))
        self.tasks.run_in_background(self.service.my_training, self._show_status, self._failed,
                                     network=True)

    def _failed(self, exc: BaseException) -> None:
        title, message = describe(exc)
        self.state.setText(f"{title}: {message}")

    def _show_status(self, items: list[w.TrainingStatus]) -> None:
        self.campaigns.clear()
        for it in items:
            name = it.campaign_name_zh if i18n.is_chinese() else it.campaign_name
            mark = self.tr("passed") if it.passed else self.tr("to take")
            self.campaigns.addItem(f"{it.campaign_code} · {name} ({mark})", it.campaign_code)
        if not items:
            self.state.setText(self.tr("None of your campaigns has a quiz."))
            return
        todo = next((i for i, it in enumerate(items) if not it.passed), 0)
        self.campaigns.setCurrentIndex(todo)
        self.load_quiz()

    def load_quiz(self) -> None:
        code = self.campaigns.currentData()
        if not code:
            return
        self.tasks.run_in_background(lambda: self.service.quiz_to_take(code), self._show_quiz,
                                     self._failed, network=True)

    def _show_quiz(self, quiz: w.QuizOut) -> None:
        self.quiz = quiz
        while self.q_layout.count():
            item = self.q_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.groups = []
        for i, q in enumerate(quiz.questions, 1):
            text = q.text_zh if (i18n.is_chinese() and q.text_zh) else q.text
            box = QGroupBox(f"{i}. {text}", self.questions)
            box.setObjectName(f"question{i}")
            bl = QVBoxLayout(box)
            group = QButtonGroup(box)
            shown = q.choices_zh if (i18n.is_chinese() and q.choices_zh) else q.choices
            for j, choice in enumerate(shown):
                rb = QRadioButton(choice, box)
                group.addButton(rb, j)
                bl.addWidget(rb)
            self.groups.append(group)
            self.q_layout.addWidget(box)
        self.q_layout.addStretch(1)
        self.submit_button.setEnabled(True)
        self.state.setText(self.tr("Pass mark: %1 of %2 correct.")
                           .replace("%1", str(quiz.pass_mark))
                           .replace("%2", str(len(quiz.questions))))
        if self.groups:
            self.groups[0].buttons()[0].setFocus()

    def answers(self) -> list[int] | None:
        picked = [g.checkedId() for g in self.groups]
        return None if any(p < 0 for p in picked) else picked

    def submit(self) -> None:
        quiz, code = self.quiz, self.campaigns.currentData()
        if quiz is None or not code:
            return
        picked = self.answers()
        if picked is None:
            self.state.setText(self.tr("Answer every question first."))
            return
        self.submit_button.setEnabled(False)
        self.tasks.run_in_background(lambda: self.service.answer(code, quiz.version, picked),
                                     self._result, self._failed, network=True)

    def _result(self, res: w.QuizResult) -> None:
        self.submit_button.setEnabled(True)
        score = self.tr("%1 of %2 correct.").replace("%1", str(res.correct)) \
            .replace("%2", str(res.total))
        if res.passed:
            i = self.campaigns.currentIndex()
            self.campaigns.setItemText(i, self.campaigns.itemText(i).replace(
                self.tr("to take"), self.tr("passed")))
            self.state.setText(score + " " + self.tr(
                "Passed: the campaign's customers arrive with the next sync."))
        else:
            wrong = ", ".join(str(i + 1) for i in res.wrong)
            self.state.setText(score + " " + self.tr(
                "Not passed yet: look again at question(s) %1 and try again.")
                .replace("%1", wrong))


class TrainingEntry(QObject):
    """The agent window's action (Ctrl+Shift+T, File menu) that opens the quiz."""

    def __init__(self, window: QMainWindow, service: CampaignLoopService,
                 tasks: TaskManager) -> None:
        super().__init__(window)
        self.window, self.service, self.tasks = window, service, tasks
        self.dialog: TrainingQuizDialog | None = None
        self.action = QAction(self.tr("&Training quiz..."), window)
        self.action.setObjectName("trainingAction")
        self.action.setShortcuts([QKeySequence(k) for k in shortcuts.keys_for("training")])
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.setStatusTip(QCoreApplication.translate(
            "Keys", "Take a campaign's training quiz (its queue opens after you pass)"))
        self.action.triggered.connect(self.show)
        window.addAction(self.action)
        file_menu = window.menuBar().actions()[0].menu() if window.menuBar().actions() \
            else None
        if isinstance(file_menu, QMenu):
            file_menu.insertAction(file_menu.actions()[-1], self.action)

    def show(self) -> TrainingQuizDialog:
        if self.dialog is None:
            self.dialog = TrainingQuizDialog(self.service, self.tasks, self.window)
        self.dialog.open()
        self.dialog.refresh()
        return self.dialog
