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
        self._body = QWidget(self)
        self._body.setObjectName("scriptBody")
        self._layout = QVBoxLayout(self._body)
        self._layout.setContentsMargins(8, 8, 8, 8)
        self._layout.setSpacing(8)
        self.setWidget(self._body)
        self.show_steps([])

    def show_steps(self, steps: list[RenderedStep]) -> None:
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
        zh = i18n.is_chinese()
        kinds = labels.step_kinds()
        titles = {s.id: (s.title_zh if zh else s.title) for s in steps}
        for n, step in enumerate(steps, start=1):
            self._layout.addWidget(self._step_frame(n, step, zh, kinds, titles))
        self._layout.addStretch(1)

    def _step_frame(self, n: int, step: RenderedStep, zh: bool, kinds: dict[str, str],
                    titles: dict[str, str]) -> QFrame:
        frame = QFrame(self._body)
        frame.setObjectName("mandatoryStep" if step.mandatory else "scriptStep")
        lay = QVBoxLayout(frame)
        lay.setContentsMargins(10, 8, 10, 8)
        lay.setSpacing(4)
        title = QLabel(f"{n}. {titles[step.id]}  ·  {kinds.get(step.kind, step.kind)}", frame)
        title.setObjectName("stepTitle")
        text = QLabel(step.text_zh if zh else step.text, frame)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.setObjectName("stepText")
        lay.addWidget(title)
        lay.addWidget(text)
        for label, label_zh, goto in step.branches:
            target = titles.get(goto, goto)
            branch = QLabel(f"→ {label_zh if zh else label}:  {target}", frame)
            branch.setObjectName("stepBranch")
            branch.setWordWrap(True)
            lay.addWidget(branch)
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
