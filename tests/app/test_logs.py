"""The desktop's log masks phone numbers in messages, exception text and tracebacks."""

from __future__ import annotations

import logging
from pathlib import Path

from app.logs import setup_logging


def test_exception_text_and_traceback_are_masked(tmp_path: Path) -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    path = setup_logging(tmp_path)
    added = [h for h in root.handlers if h not in before]
    try:
        log = logging.getLogger("callsheet.test.exc")
        try:
            number = "+8613812345678"
            raise ValueError(f"cannot dial {number}; also 13912345678")
        except ValueError:
            log.exception("dialling %s failed", "+8613812345678")
        for h in added:
            h.flush()
    finally:
        for h in added:
            root.removeHandler(h)
            h.close()
    text = path.read_text(encoding="utf-8")
    assert "Traceback" in text and "ValueError: cannot dial" in text
    assert "13812345678" not in text and "13912345678" not in text
    assert "+86138******78" in text and "139******78" in text
