"""Structured logs: one JSON object a line, each with the id of the request it belongs to.

`serve --log-format json` (or CALLSHEET_LOG_FORMAT=json) puts `JsonFormatter` on the root
handler; phone numbers are masked before it formats (server.errors.MaskPhones, a filter on
the same handler). The request id comes from the `X-Request-Id` header when the balancer
set a sane one (nginx: `proxy_set_header X-Request-Id $request_id;`), else it is made
here; it is sent back in the answer's `X-Request-Id` and lives in a context variable for
the request's duration, so every log line written while serving it carries it (worker
threads too: Starlette copies the context into them).

With `--log-level info` each request also logs one `request` line (method, route template,
status, milliseconds): the access log, in the same format.
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import time
from datetime import UTC, datetime
from typing import Any

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
access = logging.getLogger("callsheet.access")
_SANE = re.compile(r"[A-Za-z0-9._-]{1,64}")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = request_id.get()
        if rid:
            entry["request_id"] = rid
        for key in ("method", "route", "status", "ms"):
            if key in record.__dict__:
                entry[key] = record.__dict__[key]
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


def default_format() -> str:
    return "json" if os.environ.get("CALLSHEET_LOG_FORMAT", "").lower() == "json" else "text"


def configure(log_format: str, level: str, *loggers: str) -> None:
    """JSON on every handler of the root logger and of `loggers` when asked; the access
    line at `level`."""
    access.setLevel(level.upper())
    if log_format != "json":
        return
    for name in ("", *loggers):
        for handler in logging.getLogger(name).handlers:
            handler.setFormatter(JsonFormatter())


class RequestIds:
    """ASGI middleware: the request's id (the balancer's, else a new one) in a context
    variable and in the answer's X-Request-Id; the access line at INFO."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = next((v for k, v in scope["headers"] if k == b"x-request-id"), b"")
        text = given.decode("latin-1")
        rid = text if _SANE.fullmatch(text) else os.urandom(8).hex()
        token = request_id.set(rid)
        header = (b"x-request-id", rid.encode())
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if access.isEnabledFor(logging.INFO):
                route = getattr(scope.get("route"), "path", "(unmatched)")
                access.info("request %s %s %d", scope["method"], route, status, extra={
                    "method": scope["method"], "route": route, "status": status,
                    "ms": round((time.perf_counter() - started) * 1000, 1)})
            request_id.reset(token)
