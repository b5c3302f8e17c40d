"""Qt's own messages through Python's logging, so they get what every record gets: the
log file, and phone numbers masked (app.logs). Without this Qt writes to stderr itself,
e.g. "Unable to detect a web browser to launch 'tel:+86...'" with the whole number when
no softphone answers a call's tel: link."""

from __future__ import annotations

import logging

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("qt")

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _forward(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    category = context.category or ""
    text = f"{category}: {message}" if category and category != "default" else message
    log.log(_LEVELS.get(kind, logging.WARNING), "%s", text)


def route_to_logging() -> None:
    """From now on, Qt's messages are records of the "qt" logger."""
    qInstallMessageHandler(_forward)
