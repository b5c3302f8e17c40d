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

A pull is first offered to `pull_first` on the event loop (server.api's `pull_on_loop`,
PostgreSQL): a pull that finds nothing new is answered there, without the hop to the
thread pool (about 0.2 ms of CPU); anything else goes to the thread as above, with what
`pull_first` read. A push is likewise first offered to `push_first` (server.api's
`push_on_loop`, server.quick_push): what it cannot serve goes to the thread as above.

Installed innermost of our middlewares (server.api): the request id, the NUL check, the
metrics and FastAPI's own outer layers (the body size limit, the 500 handler) still wrap
it. An `ApiError` is answered here, as FastAPI's handler would answer it.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio.to_thread
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import Response

from server.errors import ApiError
from server.push_body import PushBatch
from wire.schema import DEVICE_HEADER, DEVICE_PATTERN, OUTBOX_AGE_PARAM

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# (request, authorization, since, limit, device, outbox_age, what pull_first found)
PullHandler = Callable[[Request, "str | None", int, int, "str | None", "int | None", Any],
                       Response]
# (request, authorization, since, limit, device, outbox_age) on the event loop: the answer,
# or what it found for the thread's handler to go on from (None: nothing)
PullFirst = Callable[[Request, "str | None", int, int, "str | None", "int | None"],
                     Awaitable[Any]]
# (request, batch, authorization, device, outbox_age[, None: what push_first found])
PushHandler = Callable[..., Response]
# (request, batch, authorization, device, outbox_age) on the event loop: the answer, or
# None (the thread's handler serves it)
PushFirst = Callable[[Request, PushBatch, "str | None", "str | None", "int | None"],
                     Awaitable["Response | None"]]
_DEVICE = re.compile(DEVICE_PATTERN)
_DEVICE_KEY = DEVICE_HEADER.lower().encode("latin-1")
_AGE_KEY = OUTBOX_AGE_PARAM.encode("ascii")
ErrorAnswer = Callable[[ApiError], Response]


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


def query_params(query: bytes, bounds: dict[bytes, tuple[int, int]]) -> dict[bytes, int] | None:
    """The values of a well-formed query whose keys are all in `bounds` (key -> (lowest,
    highest)), or None: anything unusual (another key, a key twice, not plain digits, out
    of bounds) is left to FastAPI to answer."""
    found: dict[bytes, int] = {}
    for part in query.split(b"&") if query else ():
        key, eq, value = part.partition(b"=")
        if not eq or key in found or key not in bounds or not value.isdigit() \
                or len(value) > 19:
            return None
        low, high = bounds[key]
        number = int(value)
        if not low <= number <= high:
            return None
        found[key] = number
    return found


def pull_params(query: bytes, *, max_since: int, max_limit: int,
                max_outbox_age: int = 0) -> tuple[int, int, int | None] | None:
    """(since, limit, outbox_age) of a well-formed pull query, or None (see query_params)."""
    found = query_params(query, {b"since": (0, max_since), b"limit": (1, max_limit),
                                 _AGE_KEY: (0, max_outbox_age)})
    if found is None:
        return None
    return found.get(b"since", 0), found.get(b"limit", max_limit), found.get(_AGE_KEY)


def device_of(scope: Scope) -> tuple[bool, str | None]:
    """(well-formed, the desktop's id from its header); a malformed id is FastAPI's to
    refuse."""
    device = _header(scope, _DEVICE_KEY)
    return device is None or _DEVICE.fullmatch(device) is not None, device


class HotPaths:
    def __init__(self, app: ASGIApp, *, pull_path: str, push_path: str,
                 routes: Callable[[], tuple[Any, Any]], pull: PullHandler, push: PushHandler,
                 error: ErrorAnswer, max_since: int, max_limit: int,
                 max_outbox_age: int, pull_first: PullFirst | None = None,
                 push_first: PushFirst | None = None) -> None:
        self.app = app
        self.pull_first, self.push_first = pull_first, push_first
        self.pull_path, self.push_path = pull_path, push_path
        self._routes = routes  # (pull route, push route), looked up at the first request
        self._found: tuple[Any, Any] | None = None
        self.pull, self.push, self.error = pull, push, error
        self.max_since, self.max_limit = max_since, max_limit
        self.max_outbox_age = max_outbox_age

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path, method = scope["path"], scope["method"]
            well_formed, device = device_of(scope)
            if path == self.pull_path and method == "GET" and well_formed:
                params = pull_params(scope.get("query_string", b""),
                                     max_since=self.max_since, max_limit=self.max_limit,
                                     max_outbox_age=self.max_outbox_age)
                if params is not None:
                    since, limit, age = params
                    await self._serve(scope, receive, send, 0, self.pull,
                                      _header(scope, b"authorization"), since, limit,
                                      device, age, first=self.pull_first)
                    return
            elif path == self.push_path and method == "POST" and well_formed:
                query = query_params(scope.get("query_string", b""),
                                     {_AGE_KEY: (0, self.max_outbox_age)})
                if query is not None:
                    await self._push(scope, receive, send, device, query.get(_AGE_KEY))
                    return
        await self.app(scope, receive, send)

    async def _serve(self, scope: Scope, receive: Receive, send: Send, which: int,
                     handler: Callable[..., Response], *args: Any,
                     first: PullFirst | PushFirst | None = None) -> None:
        """`first`: tried on the event loop; an answer it gives is sent, anything else is
        handed to `handler` (in the thread pool) as its last argument."""
        if self._found is None:
            self._found = self._routes()
        scope["route"] = self._found[which]
        request = Request(scope, receive)
        try:
            found = None if first is None else await first(request, *args)
            if isinstance(found, Response):
                response = found
            else:
                given = (*args, found) if first is not None else args
                response = await anyio.to_thread.run_sync(handler, request, *given)
        except ApiError as exc:
            response = self.error(exc)
        await response(scope, receive, send)

    async def _push(self, scope: Scope, receive: Receive, send: Send, device: str | None,
                    outbox_age: int | None) -> None:
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
                              _header(scope, b"authorization"), device, outbox_age,
                              first=self.push_first)
            return
        sent = False

        async def replay() -> Message:  # FastAPI reads the body we already took
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)
