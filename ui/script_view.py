"""The call script: rendered steps, mandatory disclosures as checkboxes, branches listed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain import RenderedStep
from ui import i18n, labels


class ScriptView(QScrollArea):
    disclosures_changed = Signal()
    disclosure_toggled = Signal(str, bool)  # step id, ticked (by the agent, not by set_ticked)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setObjectName("scriptView")
        self._boxes: dict[str, QCheckBox] = {}
        self._quiet = False
        # What is on screen, to refill it in place when the next customer's script has
        # the same shape (the usual case: the same campaign): building the frames again
        # was a third of the UI thread's work of showing the next customer.
        self._shape: tuple[object, ...] | None = None
        self._parts: list[tuple[QLabel, QLabel, list[QLabel]]] = []
        self._body = QWidget(self)
        self._body.setObjectName("scriptBody")
        self._layout = QVBoxLayout(self._body)
        self._layout.setContentsMargins(8, 8, 8, 8)
        self._layout.setSpacing(8)
        self.setWidget(self._body)
        self.show_steps([])

    def show_steps(self, steps: list[RenderedStep]) -> None:
        zh = i18n.is_chinese()
        shape = (zh, *((s.id, s.kind, s.mandatory, len(s.branches)) for s in steps))
        if steps and shape == self._shape:
            self._refill(steps, zh)
            return
        self._shape, self._parts = shape, []
        while self._layout.count():
            item = self._layout.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.hide()
                w.deleteLater()
        self._boxes = {}
        if not steps:
            empty = QLabel(self.tr("No script for this campaign."), self._body)
            empty.setObjectName("muted")
            self._layout.addWidget(empty)
            self._layout.addStretch(1)
            return
        kinds = labels.step_kinds()
        titles = {s.id: (s.title_zh if zh else s.title) for s in steps}
        for n, step in enumerate(steps, start=1):
            self._layout.addWidget(self._step_frame(n, step, zh, kinds, titles))
        self._layout.addStretch(1)

    @staticmethod
    def _texts(n: int, step: RenderedStep, zh: bool, kinds: dict[str, str],
               titles: dict[str, str]) -> tuple[str, str, list[str]]:
        title = f"{n}. {titles[step.id]}  ·  {kinds.get(step.kind, step.kind)}"
        branches = [f"→ {label_zh if zh else label}:  {titles.get(goto, goto)}"
                    for label, label_zh, goto in step.branches]
        return title, step.text_zh if zh else step.text, branches

    def _refill(self, steps: list[RenderedStep], zh: bool) -> None:
        """The same frames with the new customer's texts; every box unticked."""
        kinds = labels.step_kinds()
        titles = {s.id: (s.title_zh if zh else s.title) for s in steps}
        for n, (step, (title, text, branches)) in enumerate(zip(steps, self._parts,
                                                                strict=True), start=1):
            new_title, new_text, new_branches = self._texts(n, step, zh, kinds, titles)
            for label, value in ((title, new_title), (text, new_text),
                                 *zip(branches, new_branches, strict=True)):
                if label.text() != value:
                    label.setText(value)
        for box in self._boxes.values():
            box.blockSignals(True)  # a new customer: nothing was ticked, nothing to announce
            box.setChecked(False)
            box.blockSignals(False)
        self.verticalScrollBar().setValue(0)

    def _step_frame(self, n: int, step: RenderedStep, zh: bool, kinds: dict[str, str],
                    titles: dict[str, str]) -> QFrame:
        frame = QFrame(self._body)
        frame.setObjectName("mandatoryStep" if step.mandatory else "scriptStep")
        lay = QVBoxLayout(frame)
        lay.setContentsMargins(10, 8, 10, 8)
        lay.setSpacing(4)
        title_text, body, branch_texts = self._texts(n, step, zh, kinds, titles)
        title = QLabel(title_text, frame)
        title.setObjectName("stepTitle")
        text = QLabel(body, frame)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.setObjectName("stepText")
        lay.addWidget(title)
        lay.addWidget(text)
        branches = []
        for branch_text in branch_texts:
            branch = QLabel(branch_text, frame)
            branch.setObjectName("stepBranch")
            branch.setWordWrap(True)
            lay.addWidget(branch)
            branches.append(branch)
        self._parts.append((title, text, branches))
        if step.mandatory:
            box = QCheckBox(self.tr("Read out (mandatory disclosure)"), frame)
            box.setObjectName("disclosure")
            box.toggled.connect(self.disclosures_changed)
            box.toggled.connect(lambda on, sid=step.id: self._toggled(sid, on))
            self._boxes[step.id] = box
            lay.addWidget(box)
        return frame

    # ------------------------------------------------------------ disclosures

    def mandatory_ids(self) -> list[str]:
        return list(self._boxes)

    def ticked(self) -> list[str]:
        return [sid for sid, box in self._boxes.items() if box.isChecked()]

    def all_ticked(self) -> bool:
        return all(box.isChecked() for box in self._boxes.values())

    def tick_next(self) -> bool:
        """Tick the first unticked disclosure and scroll to it; False when none is left."""
        for box in self._boxes.values():
            if not box.isChecked():
                box.setChecked(True)
                self.ensureWidgetVisible(box)
                return True
        return False

    def _toggled(self, step_id: str, on: bool) -> None:
        if not self._quiet:
            self.disclosure_toggled.emit(step_id, on)

    def set_ticked(self, step_id: str, on: bool) -> None:
        """Set a box without announcing it (e.g. undo a tick the core refused)."""
        box = self._boxes.get(step_id)
        if box is not None:
            self._quiet = True
            try:
                box.setChecked(on)
            finally:
                self._quiet = False

    def reset(self) -> None:
        self._quiet = True
        try:
            for box in self._boxes.values():
                box.setChecked(False)
        finally:
            self._quiet = False
