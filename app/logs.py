"""Logging to the platform's log directory, with phone numbers masked in every record."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from app.domain import mask_phone


class MaskPhones(logging.Filter):
    """Rewrites each record's final message, its exception text and traceback, and its
    stack so no full phone number reaches a handler (an exception's message often quotes
    the value that failed)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            record.msg = mask_phone(record.getMessage())
            record.args = None
        except Exception:  # noqa: BLE001 - a bad format string must not kill logging
            pass
        if record.exc_info and not record.exc_text:
            # The formatter uses exc_text as it is when set: format the traceback here.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_phone(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_phone(record.stack_info)
        return True


def setup_logging(log_dir: Path, *, level: int = logging.INFO) -> Path:
    path = log_dir / "callsheet.log"
    handler: logging.Handler | None
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:  # a full disk or read-only folder: the console still logs
        handler = None
    console = logging.StreamHandler()
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    console.addFilter(MaskPhones())
    root = logging.getLogger()
    root.setLevel(level)
    if handler is not None:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.addFilter(MaskPhones())
        root.addHandler(handler)
    root.addHandler(console)
    return path
