"""The two requests every desktop sends every few seconds, served past FastAPI's routing.

A pull or a push whose inputs are well-formed (the query's `since`/`limit` digits within
their bounds; a JSON body the push model accepts) is handed straight to its route's own
handler in the thread pool. FastAPI's routing, dependency solving and parameter
validation cost about half a millisecond of CPU a request on the 2-core bench machine:
a fifth of an empty pull (docs/performance.md). Every other request, among them every
malformed one, goes through FastAPI as before, so the answers (errors included), the
OpenAPI description and the policy table are FastAPI's and unchanged; the handlers are
the routes' own functions, and a request served here carries its route in the scope like
a routed one (`policy.authorize`, the metrics and the access log read it).

Installed innermost of our middlewares (server.api): the request id, the NUL check, the
metrics and FastAPI's own outer layers (the body size limit, the 500 handler) still wrap
it. An `ApiError` is answered here, as FastAPI's handler would answer it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio.to_thread
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import Response

from server.errors import ApiError
from server.push_body import PushBatch

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PullHandler = Callable[[Request, "str | None", int, int], Response]
PushHandler = Callable[[Request, PushBatch, "str | None"], Response]
ErrorAnswer = Callable[[ApiError], Response]


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


def pull_params(query: bytes, *, max_since: int, max_limit: int) -> tuple[int, int] | None:
    """(since, limit) of a well-formed pull query, or None: anything unusual (another key,
    a key twice, not plain digits, out of bounds) is left to FastAPI to answer."""
    since, limit = 0, max_limit
    seen: set[bytes] = set()
    for part in query.split(b"&") if query else ():
        key, eq, value = part.partition(b"=")
        if not eq or key in seen or key not in (b"since", b"limit") or not value.isdigit() \
                or len(value) > 19:
            return None
        seen.add(key)
        if key == b"since":
            since = int(value)
        else:
            limit = int(value)
    if since > max_since or not 1 <= limit <= max_limit:
        return None
    return since, limit


class HotPaths:
    def __init__(self, app: ASGIApp, *, pull_path: str, push_path: str,
                 routes: Callable[[], tuple[Any, Any]], pull: PullHandler, push: PushHandler,
                 error: ErrorAnswer, max_since: int, max_limit: int) -> None:
        self.app = app
        self.pull_path, self.push_path = pull_path, push_path
        self._routes = routes  # (pull route, push route), looked up at the first request
        self._found: tuple[Any, Any] | None = None
        self.pull, self.push, self.error = pull, push, error
        self.max_since, self.max_limit = max_since, max_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path, method = scope["path"], scope["method"]
            if path == self.pull_path and method == "GET":
                params = pull_params(scope.get("query_string", b""),
                                     max_since=self.max_since, max_limit=self.max_limit)
                if params is not None:
                    await self._serve(scope, receive, send, 0, self.pull,
                                      _header(scope, b"authorization"), *params)
                    return
            elif path == self.push_path and method == "POST":
                await self._push(scope, receive, send)
                return
        await self.app(scope, receive, send)

    async def _serve(self, scope: Scope, receive: Receive, send: Send, which: int,
                     handler: Callable[..., Response], *args: Any) -> None:
        if self._found is None:
            self._found = self._routes()
        scope["route"] = self._found[which]
        request = Request(scope, receive)
        try:
            response = await anyio.to_thread.run_sync(handler, request, *args)
        except ApiError as exc:
            response = self.error(exc)
        await response(scope, receive, send)

    async def _push(self, scope: Scope, receive: Receive, send: Send) -> None:
        content_type = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
        chunks: list[bytes] = []
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunks.append(message.get("body", b""))
            more = bool(message.get("more_body", False))
        body = b"".join(chunks)
        batch: PushBatch | None = None
        if content_type == "application/json":
            try:
                batch = PushBatch.model_validate_json(body)
            except ValidationError:
                batch = None
        if batch is not None:
            await self._serve(scope, receive, send, 1, self.push, batch,
                              _header(scope, b"authorization"))
            return
        sent = False

        async def replay() -> Message:  # FastAPI reads the body we already took
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)
