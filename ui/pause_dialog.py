"""Pause with a reason code (break, training, meeting, coaching): keyboard first."""

from __future__ import annotations

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
        intro = QLabel(self.tr("Why do you pause? No calls are dialled until you resume "
                               "(Ctrl+Shift+P)."), self)
        intro.setWordWrap(True)
        self.group = QButtonGroup(self)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        self.buttons: dict[str, QRadioButton] = {}
        for code, text in labels.pause_reasons().items():
            b = QRadioButton(text, self)
            b.setProperty("reason", code)
            self.group.addButton(b)
            self.buttons[code] = b
            lay.addWidget(b)
        next(iter(self.buttons.values())).setChecked(True)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel, self)
        ok = box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Pause"))
        ok.setDefault(True)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        lay.addWidget(box)
        self.resize(380, 0)

    def reason(self) -> str:
        b = self.group.checkedButton()
        return str(b.property("reason")) if b is not None else "break"
