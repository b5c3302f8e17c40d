"""A fault-injecting HTTP proxy between a desktop and the real LiveServer, on loopback.

    with FaultProxy(srv.url) as proxy:
        client = ApiClient(proxy.url)
        proxy.fault("drop", path="/api/v1/sync/push")   # until proxy.clear()

Faults (each for requests whose path starts with `path`, all requests when empty):
- "error500": answer 500 at once; the server never sees the request;
- "not_found": answer 404 like a server that has no such route (an older version);
- "delay":    forward, let the server answer, then hold the answer `delay` seconds
              (longer than the client's timeout), then send it;
- "truncate": forward, then send the headers (with the full Content-Length) and half
              the body, and close the connection;
- "drop":     forward, let the server process it, then close the connection without a
              byte of answer (a lost acknowledgement).
`times` limits a fault to the next n matching requests (None = until cleared); `method`
limits it to requests of that method (e.g. the PATCH chunks of a recording's upload).
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Literal
from urllib.parse import urlsplit

Fault = Literal["error500", "not_found", "delay", "truncate", "drop"]
_HOP = {"connection", "keep-alive", "transfer-encoding", "proxy-connection", "upgrade", "te",
        "date", "server"}


class FaultProxy:
    def __init__(self, upstream: str, *, delay: float = 3.0) -> None:
        u = urlsplit(upstream)
        self.upstream_host = u.hostname or "127.0.0.1"
        self.upstream_port = u.port or 80
        self.delay = delay
        self._lock = threading.Lock()
        self._fault: Fault | None = None
        self._path = ""
        self._times: int | None = None
        self._method = ""
        self._after = 0
        self.seen: list[tuple[str, str, Fault | None]] = []  # (method, path, fault applied)
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    # ------------------------------------------------------------------ control

    def fault(self, kind: Fault, *, path: str = "", times: int | None = None,
              method: str = "", after: int = 0) -> None:
        """`kind` for the requests whose path starts with `path` (and of `method`), `times`
        of them (None: until cleared), once `after` of them went through untouched."""
        with self._lock:
            self._fault, self._path, self._times, self._method = kind, path, times, method
            self._after = after

    def clear(self) -> None:
        with self._lock:
            self._fault, self._path, self._times, self._after = None, "", None, 0

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _take(self, path: str, method: str = "") -> Fault | None:
        with self._lock:
            if self._fault is None or not path.startswith(self._path):
                return None
            if self._method and method != self._method:
                return None
            if self._after > 0:
                self._after -= 1
                return None
            fault = self._fault
            if self._times is not None:
                self._times -= 1
                if self._times <= 0:
                    self._fault, self._times = None, None
            return fault

    # ------------------------------------------------------------------ handler

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                self._relay()

            def do_POST(self) -> None:
                self._relay()

            def do_PUT(self) -> None:
                self._relay()

            def do_PATCH(self) -> None:
                self._relay()

            def _relay(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                fault = proxy._take(urlsplit(self.path).path, self.command)
                proxy.seen.append((self.command, self.path, fault))
                if fault == "error500":
                    self._answer(500, [("Content-Type", "text/plain")], b"Internal Server Error")
                    return
                if fault == "not_found":
                    self._answer(404, [("Content-Type", "application/json")],
                                 b'{"code": "not_found", "message": "Not Found"}')
                    return
                try:
                    status, headers, data = self._forward(body)
                except OSError:
                    self._answer(502, [("Content-Type", "text/plain")], b"Bad Gateway")
                    return
                if fault == "drop":
                    self._cut()
                    return
                if fault == "delay":
                    time.sleep(proxy.delay)
                if fault == "truncate":
                    self.send_response(status)
                    for k, v in headers:
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data[: len(data) // 2])
                    self.wfile.flush()
                    self._cut()
                    return
                with contextlib.suppress(OSError):
                    self._answer(status, headers, data)

            def _forward(self, body: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
                conn = http.client.HTTPConnection(proxy.upstream_host, proxy.upstream_port,
                                                  timeout=60)
                try:
                    headers = {k: v for k, v in self.headers.items()
                               if k.lower() not in _HOP and k.lower() != "host"}
                    conn.request(self.command, self.path, body=body, headers=headers)
                    r = conn.getresponse()
                    data = r.read()
                    kept = [(k, v) for k, v in r.getheaders()
                            if k.lower() not in _HOP and k.lower() != "content-length"]
                    return r.status, kept, data
                finally:
                    conn.close()

            def _answer(self, status: int, headers: list[tuple[str, str]], data: bytes) -> None:
                self.send_response(status)
                for k, v in headers:
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _cut(self) -> None:
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)

        return Handler
