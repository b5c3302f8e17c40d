"""A logging filter that masks phone numbers, for the desktop's and the server's handlers.

Each side brings its own masking function (the desktop keeps the mobile prefix as the
queue shows it, the server its own shape); what the filter masks is the same on both: the
final message, the exception text with its traceback, and the stack (an exception's
message often quotes the value that failed)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

# A phone-like run: 7+ digits with spaces or hyphens between (the masking functions count
# the digits). An id is passed whole, its digits are not a number: a UUID (whose hex
# groups can hold a 7-digit run across a hyphen) or a 32-hex token (client action ids).
_RUNS = re.compile(
    r"(?P<id>\b[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\b|\b[0-9a-fA-F]{32}\b)"
    r"|\+?\d[\d \-]{5,}\d")


def sub_phone_runs(text: str, mask_one: Callable[[str], str]) -> str:
    """`text` with each phone-like run replaced by `mask_one(run)`; ids left alone."""
    return _RUNS.sub(lambda m: m.group(0) if m.group("id") else mask_one(m.group(0)), text)


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
