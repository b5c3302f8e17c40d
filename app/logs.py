"""Logging to the platform's log directory, with phone numbers masked in every record."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from app.domain import mask_phone
from wire.logmask import PhoneMaskFilter


class MaskPhones(PhoneMaskFilter):
    """Rewrites each record's final message, its exception text and traceback, and its
    stack so no full phone number reaches a handler (wire/logmask.py)."""

    def __init__(self) -> None:
        super().__init__(mask_phone)


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
