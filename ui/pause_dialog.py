"""Pause with a reason code from the server's list (lunch, break, training, ...):
keyboard first, keys 1-9 pick a reason."""

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

from app.services.presence import default_reasons
from ui import labels
from wire.schema import PauseReasonOut

DIGITS = {getattr(Qt.Key, f"Key_{n}"): n - 1 for n in range(1, 10)}


class PauseDialog(QDialog):
    def __init__(self, reasons: list[PauseReasonOut] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pauseDialog")
        self.setWindowTitle(self.tr("Pause"))
        reasons = reasons or default_reasons()
        intro = QLabel(self.tr("Why do you pause? (keys 1-%1, Enter) No calls are dialled "
                               "until you resume with Ctrl+Shift+P.")
                       .replace("%1", str(min(len(reasons), 9))), self)
        intro.setWordWrap(True)
        # A wrapped label in a dialog gets the height of one line unless told otherwise.
        intro.setFixedWidth(360)
        intro.setMinimumHeight(intro.heightForWidth(360))
        self.group = QButtonGroup(self)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        self.buttons: dict[str, QRadioButton] = {}
        for n, r in enumerate(reasons, start=1):
            prefix = f"{n}  " if n <= 9 else "    "
            b = QRadioButton(prefix + labels.pause_reason_label(r), self)
            b.setProperty("reason", r.code)
            self.group.addButton(b)
            self.buttons[r.code] = b
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

    def keyPressEvent(self, event: QKeyEvent) -> None:
        n = DIGITS.get(Qt.Key(event.key()))
        buttons = list(self.buttons.values())
        if n is not None and n < len(buttons):
            b = buttons[n]
            b.setChecked(True)
            b.setFocus()
            return
        super().keyPressEvent(event)

    def reason(self) -> str:
        b = self.group.checkedButton()
        return str(b.property("reason")) if b is not None else "break"
