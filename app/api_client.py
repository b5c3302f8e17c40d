"""HTTP client of the sync API. Turns every transport failure into a CallsheetError.

Nothing half-parsed leaves this module: an answer either validates against the
wire schema or raises BadServerResponse.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, NoReturn, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from app.errors import (
    AuthRequired,
    BadCredentials,
    BadServerResponse,
    CallsheetError,
    Forbidden,
    ServerUnreachable,
    TooManyAttempts,
)
from wire.schema import (
    DEVICE_HEADER,
    OUTBOX_AGE_PARAM,
    LoginRequest,
    LoginResponse,
    PullResponse,
    PushAction,
    PushRequest,
    PushResponse,
    UserInfo,
    WaitResponse,
)
from wire.sessions import SessionsEnded

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)
DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)


class ApiClient:
    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        # This desktop's id (its local store's, app/sync.py): sent on pull, wait and push
        # so the server leaves this desktop's own changes out of its pulls (no echo).
        self.device: str | None = None
        self._timeout = timeout
        self._client: httpx.Client | None = None
        self._client_lock = threading.Lock()

    @property
    def _http(self) -> httpx.Client:
        """Made at the first request: its TLS context (the CA bundle) costs about 40 ms,
        which at start-up the sync thread pays instead of the window."""
        client = self._client
        if client is None:
            with self._client_lock:
                if self._client is None:
                    self._client = httpx.Client(base_url=self.base_url, timeout=self._timeout)
                client = self._client
        return client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    @property
    def timeout(self) -> httpx.Timeout:
        return self._http.timeout

    @timeout.setter
    def timeout(self, value: httpx.Timeout | float) -> None:
        self._http.timeout = value

    # ------------------------------------------------------------------ calls

    def health(self) -> dict[str, Any]:
        data = self._request("GET", "/api/v1/health", auth=False)
        if not isinstance(data, dict) or data.get("status") != "ok":
            raise BadServerResponse("This address does not answer like a Callsheet server.")
        return data

    def login(self, username: str, password: str) -> LoginResponse:
        body = LoginRequest(username=username, password=password).model_dump(mode="json")
        data = self._request("POST", "/api/v1/auth/login", json=body, auth=False)
        resp = self._parse(LoginResponse, data)
        self.token = resp.token
        return resp

    def logout(self, *, everywhere: bool = False) -> SessionsEnded:
        """End this session on the server (`everywhere`: every session of this user); the
        token stops working at once and is dropped here."""
        path = "/api/v1/auth/logout-all" if everywhere else "/api/v1/auth/logout"
        resp = self._parse(SessionsEnded, self._request("POST", path))
        self.token = None
        return resp

    def me(self) -> UserInfo:
        return self._parse(UserInfo, self._request("GET", "/api/v1/me"))

    def pull(self, since: int, limit: int | None = None, *, mine_too: bool = False,
             outbox_age: int | None = None) -> PullResponse:
        """`mine_too`: also the changes this desktop's own pushes made (not naming the
        device), e.g. when the feed is read again from 0 to rebuild the local copy.
        `outbox_age`: the oldest unsent action's age, for the server's metrics."""
        params: dict[str, int] = {"since": since}
        if limit:
            params["limit"] = limit
        if outbox_age is not None:
            params[OUTBOX_AGE_PARAM] = outbox_age
        # The page is validated from the body's bytes (pydantic's own JSON parser): a
        # 500-item page decoded to Python objects first took twice as long.
        r = self._send("GET", "/api/v1/sync/pull", params=params, anonymous=mine_too)
        return self._parse(PullResponse, r.content)

    def wait(self, since: int, timeout: float) -> WaitResponse:
        """Long poll: returns when a change after `since` exists, or after `timeout` s.
        An older server answers 404 (CallsheetError code "not_found")."""
        read = httpx.Timeout(timeout + 10.0, connect=5.0)
        data = self._request("GET", "/api/v1/sync/wait",
                             params={"since": since, "timeout": timeout}, timeout=read)
        return self._parse(WaitResponse, data)

    def push(self, actions: list[PushAction], *,
             outbox_age: int | None = None) -> PushResponse:
        # Written and read as bytes by pydantic (as a pull's page): an offline day's batch of
        # 500 is answered with every item's history, and decoding it with Python's json
        # module, then validating the objects, was most of the desktop's CPU per batch.
        body = PushRequest(actions=actions).model_dump_json().encode()
        params = {OUTBOX_AGE_PARAM: outbox_age} if outbox_age is not None else None
        r = self._send("POST", "/api/v1/sync/push", content=body, params=params,
                       headers={"Content-Type": "application/json"})
        resp = self._parse(PushResponse, r.content)
        sent = {a.action_id for a in actions}
        got = {r.action_id for r in resp.results}
        if got - sent:
            raise BadServerResponse("The server answered for actions that were not sent.")
        return resp

    # ------------------------------------------------- workspace endpoints

    def get_model(self, path: str, model: type[M], *,
                  timeout: httpx.Timeout | float | None = None, **params: Any) -> M:
        """GET an API path (e.g. "/api/v1/lead/monitor") and validate the answer as `model`.
        Workspace services (lead, quality) use this instead of a method per endpoint.
        `timeout`: for an answer that may take long (segment counts over a million
        customers); the client's own otherwise."""
        clean = {k: v for k, v in params.items() if v is not None}
        kw: dict[str, Any] = {} if timeout is None else {"timeout": timeout}
        return self._parse(model, self._request("GET", path, params=clean, **kw))

    def get_list(self, path: str, model: type[M], **params: Any) -> list[M]:
        """GET an API path that answers a JSON array of `model`."""
        clean = {k: v for k, v in params.items() if v is not None}
        data = self._request("GET", path, params=clean)
        if not isinstance(data, list):
            raise BadServerResponse(
                "The server's answer did not have the expected shape; nothing was applied.")
        return [self._parse(model, x) for x in data]

    def post_model(self, path: str, body: BaseModel | None, model: type[M]) -> M:
        """POST `body` (a wire model) to an API path and validate the answer as `model`."""
        payload = body.model_dump(mode="json") if body is not None else None
        return self._parse(model, self._request("POST", path, json=payload))

    def put_model(self, path: str, body: BaseModel, model: type[M]) -> M:
        """PUT `body` (a wire model) to an API path and validate the answer as `model`."""
        return self._parse(model, self._request("PUT", path, json=body.model_dump(mode="json")))

    def patch_bytes(self, path: str, data: bytes, model: type[M], **params: Any) -> M:
        """PATCH raw bytes (a chunk of a recording) and validate the answer as `model`."""
        return self._parse(model, self._request(
            "PATCH", path, content=data, params=params,
            headers={"Content-Type": "application/offset+octet-stream"}))

    def post_bytes(self, path: str, data: bytes, model: type[M], *,
                   content_type: str = "application/octet-stream",
                   timeout: httpx.Timeout | float | None = None, **params: Any) -> M:
        """POST raw bytes (an import file, a script) and validate the answer as `model`."""
        clean = {k: v for k, v in params.items() if v is not None}
        kw: dict[str, Any] = {} if timeout is None else {"timeout": timeout}
        return self._parse(model, self._request(
            "POST", path, content=data, params=clean,
            headers={"Content-Type": content_type}, **kw))

    def get_bytes(self, path: str) -> bytes:
        """GET a binary resource (a call recording); errors as for JSON calls."""
        if not self.token:
            raise AuthRequired("Not logged in.")
        try:
            r = self._http.get(path, headers={"Authorization": f"Bearer {self.token}"})
        except httpx.HTTPError as exc:
            raise ServerUnreachable(f"Cannot reach the server at {self.base_url}.") from exc
        if r.status_code >= 400:
            try:
                data = r.json()
            except ValueError:
                data = None
            self._raise_for(r.status_code, data)
        return r.content

    # --------------------------------------------------------------- plumbing

    def _request(self, method: str, path: str, *, auth: bool = True, anonymous: bool = False,
                 **kw: Any) -> Any:
        """The answer's JSON, decoded; errors raised as ours."""
        r = self._send(method, path, auth=auth, anonymous=anonymous, **kw)
        try:
            return r.json()
        except ValueError:
            raise BadServerResponse(
                f"The server at {self.base_url} answered with something that is not JSON."
            ) from None

    def _send(self, method: str, path: str, *, auth: bool = True, anonymous: bool = False,
              headers: dict[str, str] | None = None, **kw: Any) -> httpx.Response:
        """A successful answer (2xx/3xx) whose body is left to the caller; errors raised."""
        headers = dict(headers or {})
        if self.device and not anonymous and path.startswith("/api/v1/sync/"):
            headers[DEVICE_HEADER] = self.device
        if auth:
            if not self.token:
                raise AuthRequired("Not logged in.")
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            r = self._http.request(method, path, headers=headers, **kw)
        except httpx.TimeoutException as exc:
            raise ServerUnreachable(
                f"The server did not answer in time ({self.base_url})."
            ) from exc
        except httpx.HTTPError as exc:
            raise ServerUnreachable(f"Cannot reach the server at {self.base_url}.") from exc
        if r.status_code < 400:
            return r
        try:
            data = r.json()
        except ValueError:
            data = None
        if r.status_code == 429:
            self._raise_throttled(r, data)
        self._raise_for(r.status_code, data)

    @staticmethod
    def _raise_throttled(r: httpx.Response, data: Any) -> None:
        """429 from the login brake: how long to wait is in Retry-After (seconds)."""
        try:
            wait = max(1, int(r.headers.get("Retry-After", "60")))
        except ValueError:
            wait = 60
        message = data.get("message", "") if isinstance(data, dict) else ""
        code = data.get("code", "") if isinstance(data, dict) else ""
        raise TooManyAttempts(message or f"Too many attempts; try again in {wait} s.",
                              retry_after=wait, code=code or "too_many_attempts")

    @staticmethod
    def _raise_for(status: int, data: Any) -> NoReturn:
        code = data.get("code", "") if isinstance(data, dict) else ""
        message = data.get("message", "") if isinstance(data, dict) else ""
        if status == 401 and code == "bad_credentials":
            raise BadCredentials(message or "Wrong username or password.", code=code)
        if status == 401:
            raise AuthRequired(message or "Your session has expired.", code=code or "auth")
        if status == 403:
            raise Forbidden(message or "This account may not do that.", code=code)
        if status >= 500:
            raise ServerUnreachable(f"The server had an internal error ({status}).", code=code)
        raise CallsheetError(message or f"The server refused the request ({status}).", code=code)

    @staticmethod
    def _parse(model: type[M], data: Any) -> M:
        """`data`: decoded JSON, or an answer's body as bytes, then read by pydantic's own
        JSON parser (a pull's page, a push's answer)."""
        try:
            if isinstance(data, bytes):
                return model.model_validate_json(data)
            return model.model_validate(data)
        except ValidationError as exc:
            log.warning("invalid %s from server: %d errors", model.__name__, exc.error_count())
            raise BadServerResponse(
                "The server's answer did not have the expected shape; nothing was applied."
            ) from exc
