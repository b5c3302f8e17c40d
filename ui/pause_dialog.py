"""Pause with a reason code (break, training, meeting, coaching): keyboard first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ui import labels


class PauseDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pauseDialog")
        self.setWindowTitle(self.tr("Pause"))
        intro = QLabel(self.tr("Why do you pause? (keys 1-4, Enter) No calls are dialled "
                               "until you resume with Ctrl+Shift+P."), self)
        intro.setWordWrap(True)
        # A wrapped label in a dialog gets the height of one line unless told otherwise.
        intro.setFixedWidth(360)
        intro.setMinimumHeight(intro.heightForWidth(360))
        self.group = QButtonGroup(self)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        self.buttons: dict[str, QRadioButton] = {}
        for n, (code, text) in enumerate(labels.pause_reasons().items(), start=1):
            b = QRadioButton(f"{n}  {text}", self)
            b.setProperty("reason", code)
            self.group.addButton(b)
            self.buttons[code] = b
            lay.addWidget(b)
        first = next(iter(self.buttons.values()))
        first.setChecked(True)
        first.setFocus()
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel, self)
        ok = box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Pause"))
        ok.setDefault(True)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        lay.addWidget(box)
        self.resize(380, 0)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        digits = {Qt.Key.Key_1: 0, Qt.Key.Key_2: 1, Qt.Key.Key_3: 2, Qt.Key.Key_4: 3}
        n = digits.get(Qt.Key(event.key()))
        if n is not None:
            b = list(self.buttons.values())[n]
            b.setChecked(True)
            b.setFocus()
            return
        super().keyPressEvent(event)

    def reason(self) -> str:
        b = self.group.checkedButton()
        return str(b.property("reason")) if b is not None else "break"
