"""The one exception type routes raise (api.py turns it into a wire ErrorBody), the guard
that refuses NUL in a request's address, and the masking of phone numbers in the
server's log (messages, exception text and tracebacks alike)."""

from __future__ import annotations

import json
import logging
from typing import Any

from wire.logmask import PhoneMaskFilter, sub_phone_runs


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


# ------------------------------------------------------------------ NUL guard


class RefuseNul:
    """ASGI middleware: a NUL character in the path or the query string is answered 422
    before any route sees it (PostgreSQL refuses NUL in text; SQLite would store it).
    JSON bodies are checked by the wire models (wire.bounds.Text)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and has_nul(scope.get("path", ""),
                                               scope.get("query_string", b"")):
            body = json.dumps({"code": "invalid_request",
                               "message": "A NUL character is not allowed in the address."})
            await send({"type": "http.response.start", "status": 422,
                        "headers": [(b"content-type", b"application/json"),
                                    (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body.encode()})
            return
        await self.app(scope, receive, send)


def has_nul(path: str, query: bytes) -> bool:
    return "\x00" in path or b"\x00" in query or b"%00" in query.lower()


# ------------------------------------------------------------------ log masking


def mask_phones(text: str) -> str:
    """Every phone-like run of 7+ digits keeps its first 3 (after +86: 5) and last 2."""

    def _mask(s: str) -> str:
        digits = sum(c.isdigit() for c in s)
        head, seen, out = (5 if s.startswith("+86") else 3), 0, []
        for c in s:
            if c.isdigit():
                seen += 1
                out.append("*" if head < seen <= digits - 2 else c)
            else:
                out.append(c)
        return "".join(out)

    return sub_phone_runs(text, _mask)


class MaskPhones(PhoneMaskFilter):
    """On a handler: the final message, the exception text and the stack are masked."""

    def __init__(self) -> None:
        super().__init__(mask_phones)


def mask_log_handlers(*loggers: str) -> None:
    """Add MaskPhones to every handler of the root logger and of `loggers` (uvicorn's
    own handlers print the traceback of a request that failed)."""
    for name in ("", *loggers):
        for handler in logging.getLogger(name).handlers:
            if not any(isinstance(f, MaskPhones) for f in handler.filters):
                handler.addFilter(MaskPhones())
