"""The quality checker's window: samples on the left, the replay in the middle, the score
on the right. Every service call runs through the TaskManager (the UI never waits)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QTabBar,
    QWidget,
)

from app.errors import ServerUnreachable
from app.services.quality import QualityService
from app.services.workspace import ServerWorkspace
from app.tokens import TokenStore
from ui import shortcuts, work_window
from ui.about import show_about
from ui.errors import show_error
from ui.quality import keys
from ui.quality.player import AudioTrack
from ui.quality.replay import ReplayPanel
from ui.quality.samples import SampleTable
from ui.quality.scoring import ScoringPanel
from ui.tasks import TaskManager
from wire.quality import ReplayOut, RubricOut, SampleList, SampleOut, SampleScores, ScoreIn

log = logging.getLogger(__name__)
SCOPES = ("mine", "pool", "all")
STYLE = """
QFrame#qaCard { background: #ffffff; border: 1px solid #c4cad3; border-radius: 4px; }
QLabel#qaFindings { background: #fbeceb; color: #8c1d18; border: 1px solid #e6b3ae;
                    border-radius: 4px; padding: 6px 8px; }
QLabel#qaTitle { font-size: 12pt; font-weight: bold; color: #1d4e89; }
QLabel#qaClaims { color: #3a4354; }
QLabel#qaTime { font-family: monospace; }
QLabel#qaKeys { color: #5a6272; font-size: 9pt; }
QLabel#qaState { color: #3a4354; padding: 2px 0 6px 0; }
QGroupBox#qaForm, QGroupBox#qaCritical { font-weight: bold; }
QCheckBox#qaCriticalItem { font-weight: normal; }
QCheckBox#qaCriticalItem:checked { color: #b3261e; font-weight: bold; }
"""


# The recording's type as the server gives it -> the file name the player probes.
_SUFFIX = {"audio/flac": ".flac", "audio/wav": ".wav", "audio/mpeg": ".mp3",
           "audio/ogg": ".ogg"}

def _fetch_problem(exc: BaseException) -> str:
    """Why the recording could not be fetched, as a playback problem code."""
    log.info("recording not fetched: %s", exc)
    if isinstance(exc, ServerUnreachable):
        return "offline"
    if getattr(exc, "code", "") == "not_found":
        return "missing"
    return "failed"


class QualityWindow(QMainWindow):
    def __init__(self, workspace: ServerWorkspace, tasks: TaskManager, *,
                 tokens: TokenStore | None = None, keyring_warning: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.tasks = tasks
        self.tokens = tokens or TokenStore(use_keyring=False)
        self.service = QualityService(workspace.client)
        self.rubric: RubricOut | None = None
        self.replay_data: ReplayOut | None = None
        self.scope = "mine"
        self._loaded = False
        self._run = work_window.Runner(self, tasks)
        self._closed = False
        self.confirm_box: QMessageBox | None = None
        self._shot_step = 0
        work_window.dress(self, self.tr("Callsheet quality - %1 (%2)"), workspace.user,
                          (1440, 880), STYLE)

        title = QLabel(self.tr("Quality workspace"), self)
        title.setObjectName("qaTitle")
        self.claims_label = QLabel(self)
        self.claims_label.setObjectName("qaClaims")
        self.scope_bar = QTabBar(self)
        for text in (self.tr("My samples"), self.tr("Pool"), self.tr("All samples")):
            self.scope_bar.addTab(text)
        self.scope_bar.currentChanged.connect(self._scope_changed)
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(self.tr("Search calls of your teams: agent or "
                                                    "customer (Enter)"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.returnPressed.connect(self.search)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(self.scope_bar)
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.claims_label)

        self.table = SampleTable(self)
        self.table.itemSelectionChanged.connect(self._selected)
        left = work_window.list_pane(self, self.table, self._keys_hint(), "qaKeys")
        self.replay = ReplayPanel(self)
        self.replay.reveal_requested.connect(self.reveal)
        self.replay.annotate_requested.connect(self.annotate)
        self.scoring = ScoringPanel(self)
        self.scoring.submit_requested.connect(self.submit)
        self.scoring.form_resized.connect(self.fit_scoring, Qt.ConnectionType.QueuedConnection)
        self.splitter = work_window.lay_out(self, top, (left, self.replay, self.scoring),
                                            [515, 475, 450], keyring_warning=keyring_warning)
        self._build_actions()

    # ----------------------------------------------------------------- set-up

    def _keys_hint(self) -> str:
        wanted = ("next", "prev", "play", "step", "claim", "submit", "help")
        return "  ·  ".join(f"{s.keys[0]} {s.description}" for s in keys.table()
                            if s.action in wanted)

    def _build_actions(self) -> None:
        handlers: dict[str, Callable[[], object]] = {
            "next": lambda: self.table.select_index(self.table.currentRow() + 1),
            "prev": lambda: self.table.select_index(self.table.currentRow() - 1),
            "play": self.replay.clock.toggle,
            "step": self.replay.step,
            "back": self.replay.step_back,
            "speed": self.replay.cycle_speed,
            "score": self._focus_score,
            "submit": self.submit,
            "claim": self.claim,
            "release": self.release,
            "search": self._focus_search,
            "annotate": self.annotate,
            "reveal": self.reveal,
            "refresh": lambda: self.refresh(draw=True),
            "help": self.show_shortcuts,
            "quit": self.close,
        }
        texts = {"next": self.tr("&Next sample"), "prev": self.tr("&Previous sample"),
                 "play": self.tr("&Play / pause"), "step": self.tr("&Step"),
                 "back": self.tr("Step &back"), "speed": self.tr("Replay s&peed"),
                 "submit": self.tr("S&ubmit score"), "claim": self.tr("&Take call"),
                 "release": self.tr("&Give back"), "annotate": self.tr("&Annotate..."),
                 "reveal": self.tr("Show full &number"),
                 "refresh": self.tr("&Refresh and draw today's samples"),
                 "help": self.tr("&Keyboard shortcuts"), "quit": self.tr("&Quit")}
        self.actions_by_id = work_window.bind_keys(self, keys.table(), handlers, texts)
        a = self.actions_by_id
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        file_menu.addActions([a["refresh"], a["quit"]])
        sample_menu = menu.addMenu(self.tr("&Sample"))
        sample_menu.addActions([a["next"], a["prev"], a["claim"], a["release"], a["submit"],
                                a["annotate"], a["reveal"]])
        replay_menu = menu.addMenu(self.tr("&Replay"))
        replay_menu.addActions([a["play"], a["step"], a["back"], a["speed"]])
        help_menu = menu.addMenu(self.tr("&Help"))
        help_menu.addAction(a["help"])
        about = help_menu.addAction(self.tr("&About Callsheet / copy diagnostics..."))
        about.triggered.connect(lambda: show_about(self.ws, self))

    def start(self) -> None:
        self._run(self.service.rubric, self._rubric_loaded)
        self.refresh(draw=True)

    # ------------------------------------------------------------------ lists

    def refresh(self, *, draw: bool = False) -> None:
        scope = self.scope
        service = self.service

        def work() -> SampleList:
            if draw:
                service.draw()
            return service.samples(scope)

        self._run(work, self._listed)

    def _listed(self, result: SampleList) -> None:
        self.claims_label.setText(self.tr("Open claims: %1 of %2 (each expires after %3 h)")
                                  .replace("%1", str(result.open_claims))
                                  .replace("%2", str(result.max_open_claims))
                                  .replace("%3", str(result.claim_hours)))
        self._show_rows(result.samples)

    def _show_rows(self, rows: list[SampleOut]) -> None:
        current = self.table.current()
        # The selection is set quietly and the replay asked for here: when another call
        # lands on the selected row's index (a search's answer without the call shown),
        # the selection does not change and would not say so, and the old call's replay
        # stayed beside the new call's row.
        self.table.blockSignals(True)
        try:
            self.table.set_rows(rows)
            keep = self.table.index_of(current.outcome_id) if current else -1
            if keep < 0 and rows:
                keep = next((i for i, s in enumerate(rows) if s.has_recording), 0)
            if keep >= 0:
                self.table.select_index(keep)
            else:
                self.table.clearSelection()
        finally:
            self.table.blockSignals(False)
        self._loaded = True
        now = self.table.current()
        if now is None or current is None or now.outcome_id != current.outcome_id:
            self._selected()  # another call (or none): its replay
        elif self.replay_data is not None and self.replay_data.call.id == now.outcome_id:
            # the same call still selected (no new replay is asked): its row may have
            # changed (scored, claim released), and the form follows it
            self.scoring.show_sample(now, self.replay_data.auto_critical)

    def _scope_changed(self, index: int) -> None:
        self.scope = SCOPES[index] if 0 <= index < len(SCOPES) else "mine"
        self.refresh()

    def search(self) -> None:
        text = self.search_edit.text().strip()
        if not text:
            self.refresh()
            return
        self._run(lambda: self.service.search(text), lambda r: self._show_rows(r.calls))

    # ---------------------------------------------------------------- a sample

    def _selected(self) -> None:
        sample = self.table.current()
        if sample is None:
            self.replay_data = None
            self.replay.show_replay(None)
            self.scoring.show_sample(None, None)
            return
        oid = sample.outcome_id
        self._run(lambda: self.service.replay(oid), self._replay_loaded)
        if sample.id:
            sid = sample.id
            self._run(lambda: self.service.scores(sid), self._scores_loaded)

    def _replay_loaded(self, r: ReplayOut) -> None:
        current = self.table.current()
        if current is None or current.outcome_id != r.call.id:
            return  # the checker moved on
        self.replay_data = r
        self.replay.show_replay(r)
        # The row as it is now, not as it was when asked: an answer that arrives after a
        # submission must not reopen the form of a call already scored.
        self.scoring.show_sample(current, r.auto_critical)
        if r.recording is not None:
            oid, suffix = r.call.id, _SUFFIX.get(r.recording.content_type, ".wav")
            self._run(lambda: self.service.recording(oid),
                      lambda data: self._recording_loaded(oid, data, suffix),
                      lambda exc: self.replay.set_audio(None, _fetch_problem(exc)))

    def _recording_loaded(self, outcome_id: str, data: bytes, suffix: str = ".wav") -> None:
        if self.replay_data is None or self.replay_data.call.id != outcome_id:
            return
        # Qt objects: made on the UI thread. A file the player rejects later says so.
        self.replay.set_audio(AudioTrack(data, suffix,
                                         on_problem=lambda t: self.replay.set_audio(t)))

    def _scores_loaded(self, scores: SampleScores) -> None:
        current = self.table.current()
        if current is not None and current.id == scores.sample_id:
            self.scoring.show_scores(scores, current.outcome_id)
            mine = [sc for sc in scores.scores if sc.checker_id == self.ws.user.id]
            if mine and current.scored_by_me:
                self.scoring.show_mine(mine[-1])

    def _rubric_loaded(self, rubric: RubricOut) -> None:
        self.rubric = rubric
        self.scoring.set_rubric(rubric)
        sample = self.table.current()
        if sample is not None and self.replay_data is not None:
            self.scoring.show_sample(sample, self.replay_data.auto_critical)
        for delay in (0, 300):  # once the new form's fields are shown and laid out
            QTimer.singleShot(delay, self.fit_scoring)

    def fit_scoring(self) -> None:
        """Widen the scoring panel to its form (taken from the widest other panel), so the
        form is never clipped, whatever width the splitter was left at."""
        sizes = self.splitter.sizes()
        need = self.scoring.minimumSizeHint().width()
        if not sum(sizes) or sizes[2] >= need:
            return
        widest = 0 if sizes[0] >= sizes[1] else 1
        give = min(need - sizes[2], sizes[widest] - 200)
        if give > 0:
            sizes[widest] -= give
            sizes[2] += give
            self.splitter.setSizes(sizes)

    # ---------------------------------------------------------------- actions

    def claim(self) -> None:
        sample = self.table.current()
        if sample is None or sample.claimed_by_me or sample.scored_by_me:
            return
        fn = (lambda: self.service.claim(sample.id)) if sample.id else \
            (lambda: self.service.check_call(sample.outcome_id))
        self._run(fn, self._replace_row)

    def release(self) -> None:
        sample = self.table.current()
        if sample is None or not sample.claimed_by_me:
            return
        self._run(lambda: self.service.release(sample.id), lambda _s: self.refresh())

    def _replace_row(self, updated: SampleOut) -> None:
        rows = [updated if r.outcome_id == updated.outcome_id else r for r in self.table.rows]
        self._show_rows(rows)
        self._selected()
        self.refresh()  # the claim count

    def submit(self) -> None:
        """Scores are final: ask first (window-modal; Enter submits, Esc returns to the
        form), then send the score off the UI thread."""
        sample = self.table.current()
        if sample is None or not sample.claimed_by_me or sample.scored_by_me:
            return
        score = self.scoring.score()
        if score is None or self.confirm_box is not None:
            return
        self.ask_submit(lambda: self._send(sample, score))

    def _send(self, sample: SampleOut, score: ScoreIn) -> None:
        self.scoring.submit_button.setEnabled(False)

        def done(out: Any) -> None:
            self.scoring.submit_button.setEnabled(True)
            self.scoring.show_mine(out)
            self._replace_row(sample.model_copy(update={"scored_by_me": True,
                                                        "claimed_by_me": False,
                                                        "scores": sample.scores + 1}))
            verdict = self.tr("passed") if out.passed else self.tr(
                "failed: a coaching task was opened for the agent")
            self.statusBar().showMessage(self.tr("Score %1 submitted, %2.")
                                         .replace("%1", f"{out.total:g}")
                                         .replace("%2", verdict), 8000)

        def failed(exc: BaseException) -> None:
            self.scoring.submit_button.setEnabled(True)
            show_error(self, exc)

        self._run(lambda: self.service.submit(sample.id, score), done, failed)

    def ask_submit(self, confirmed: Callable[[], None]) -> QMessageBox:
        """The question before a final score, opened window-modal; `confirmed` runs when
        the checker submits."""
        total = self.scoring.preview_total()
        mark = self.rubric.pass_mark if self.rubric else 60.0
        failed = (total is not None and total < mark) or any(
            b.isChecked() for b in self.scoring.critical.values())
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Submit final score"),
                          self.tr("Submit a score of %1 / 100?").replace(
                              "%1", "–" if total is None else f"{total:g}"),
                          QMessageBox.StandardButton.NoButton, self)
        info = self.tr("Scores are final: you cannot change it afterwards, and the agent "
                       "sees it as feedback.")
        if failed:
            info += "\n" + self.tr("It fails: a coaching task is opened for the agent.")
        box.setInformativeText(info)
        submit = box.addButton(self.tr("&Submit final score"),
                               QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton(self.tr("&Back to the form"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(submit)
        box.setEscapeButton(back)
        self.confirm_box = box  # tests and screenshots reach the open question

        def answered(_result: int) -> None:
            self.confirm_box = None
            box.deleteLater()
            if box.clickedButton() is submit:
                confirmed()

        box.finished.connect(answered)
        box.open()
        return box

    def reveal(self) -> None:
        r = self.replay_data
        if r is None or not r.may_reveal_number:
            self.statusBar().showMessage(self.tr("You may not see full numbers; they stay "
                                                 "masked."), 5000)
            return
        oid = r.call.id

        def shown(out: Any) -> None:
            if self.replay_data is not None and self.replay_data.call.id == oid:
                call = self.replay_data.call.model_copy(update={"phone": out.phone,
                                                                "phone_masked": False})
                self.replay_data = self.replay_data.model_copy(update={"call": call})
                self.replay._header(self.replay_data)
                self.replay.reveal_button.hide()
                self.statusBar().showMessage(self.tr("Full number shown; this was recorded "
                                                     "in the audit log."), 6000)

        self._run(lambda: self.service.reveal(oid), shown)

    def annotate(self) -> None:
        r = self.replay_data
        if r is None:
            return
        dialog = QInputDialog(self)
        dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
        dialog.setWindowTitle(self.tr("Annotate the call record"))
        dialog.setLabelText(self.tr("The record stays as the agent saved it; this note is "
                                    "kept beside it:"))
        oid = r.call.id

        def noted() -> None:
            text = dialog.textValue().strip()
            if text:
                self._run(lambda: self.service.annotate(oid, text),
                          lambda _a: self._run(lambda: self.service.replay(oid),
                                               self._annotated))

        dialog.accepted.connect(noted)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()

    def _annotated(self, r: ReplayOut) -> None:
        if self.replay_data is not None and self.replay_data.call.id == r.call.id:
            self.replay_data = self.replay_data.model_copy(
                update={"annotations": r.annotations})
            self.replay.show_annotations(r)

    def _focus_score(self) -> None:
        field = self.scoring.first_field()
        if field is not None and field.isVisible():
            field.setFocus()

    def _focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def show_shortcuts(self) -> None:
        shortcuts.show_table(self, keys.table())

    # ------------------------------------------------------------------- misc

    def screenshot_ready(self) -> bool:
        """For --screenshot: a sample's replay and the rubric are shown; the replay is
        then moved into the call so the picture shows where it stands."""
        ready = (self._loaded and self.rubric is not None and self.replay_data is not None
                 and self._run.pending == 0 and not self.tasks.busy)
        if not ready:
            return False
        if self._shot_step == 0:
            self._shot_step = 1
            self.replay.clock.seek(self.replay.clock.length * 0.55)
            return False
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed:
            self._closed = True
            self.replay.clock.pause()
            self.replay.set_audio(None)
            self.ws.close()
        super().closeEvent(event)
