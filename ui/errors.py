"""One place where errors become words for the user (never a traceback on screen)."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from app.errors import CallsheetError
from ui import labels

log = logging.getLogger(__name__)


def describe(exc: BaseException) -> tuple[str, str]:
    """(title, message) to show; unexpected errors are logged with their traceback."""
    if isinstance(exc, CallsheetError):
        return labels.error_title(exc), labels.error_message(exc)
    log.error("unexpected error", exc_info=exc)
    return labels.generic_error()


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """A window-modal message box that does not block the event loop."""
    title, message = describe(exc)
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok,
                      parent)
    box.setObjectName("errorBox")
    box.open()
    return box
