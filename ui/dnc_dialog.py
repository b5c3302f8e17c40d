"""Confirming a do-not-call flag, with the reason that goes on the record."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget


class DncDialog(QDialog):
    def __init__(self, customer_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dncDialog")
        self.setWindowTitle(self.tr("Do not call"))
        text = QLabel(self.tr(
            "Put %1 on the do-not-call list?\nThe number will never be dialled again from any "
            "desktop. This cannot be undone.").replace("%1", customer_name), self)
        text.setWordWrap(True)
        self.reason_edit = QLineEdit(self.tr("Customer asked not to be called"), self)
        self.reason_edit.selectAll()
        reason_label = QLabel(self.tr("&Reason"), self)
        reason_label.setBuddy(self.reason_edit)
        buttons = QDialogButtonBox(self)
        self.confirm_button = buttons.addButton(
            self.tr("Put on do-not-call list"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm_button.setObjectName("danger")
        self.confirm_button.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(reason_label)
        layout.addWidget(self.reason_edit)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def reason(self) -> str:
        return self.reason_edit.text().strip()
