"""A logging filter that masks phone numbers, for the desktop's and the server's handlers.

Each side brings its own masking function (the desktop keeps the mobile prefix as the
queue shows it, the server its own shape); what the filter masks is the same on both: the
final message, the exception text with its traceback, and the stack (an exception's
message often quotes the value that failed)."""

from __future__ import annotations

import logging
from collections.abc import Callable


class PhoneMaskFilter(logging.Filter):
    def __init__(self, mask: Callable[[str], str]) -> None:
        super().__init__()
        self._mask = mask

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            record.msg = self._mask(record.getMessage())
            record.args = None
        except Exception:  # noqa: BLE001 - a bad format string must not kill logging
            pass
        if record.exc_info and not record.exc_text:
            # The formatter uses exc_text as it is when set: format the traceback here.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._mask(record.exc_text)
        if record.stack_info:
            record.stack_info = self._mask(record.stack_info)
        return True
