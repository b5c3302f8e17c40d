"""The baseline of the load bench: a bare FastAPI app answering the same two routes the
agents call (pull and push), without a database, served the way the sync server is served
(uvicorn with httptools and uvloop, one bound socket, the same thread limit, `def` routes
run in the thread pool). The same generator against it, in the same run, tells how much of
a figure is the framework, the generator and the machine's load rather than our code.

    python -m bench.bare_app --port 0     # prints "Callsheet server listening on ..."
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import threading
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

import anyio.to_thread
from fastapi import FastAPI, Header, Query
from fastapi.responses import Response

from server.db import worker_threads
from tests.support.live_server import LISTENING, ROOT, LiveServer

ITEMS = 4  # a first pull hands each agent this many items, like bench.seeding.add_agents


@asynccontextmanager
async def _threads(_app: FastAPI) -> AsyncIterator[None]:
    anyio.to_thread.current_default_thread_limiter().total_tokens = worker_threads()
    yield


def create_app() -> FastAPI:
    app = FastAPI(lifespan=_threads)
    customer = {"id": "c", "name": "x", "phone": "+8613800000000"}

    @app.get("/api/v1/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/api/v1/sync/pull")
    def pull(authorization: Annotated[str | None, Header()] = None,
             since: Annotated[int, Query(ge=0)] = 0) -> Response:
        items = [] if since else [
            {"id": str(uuid.uuid4()), "status": "open", "campaign_id": "k",
             "customer": customer} for _ in range(ITEMS)]
        body = {"cursor": max(since, 1), "has_more": False, "queue_items": items,
                "user": authorization is not None}
        return Response(json.dumps(body), media_type="application/json")

    @app.post("/api/v1/sync/push")
    def push(batch: dict[str, Any],
             authorization: Annotated[str | None, Header()] = None) -> Response:
        actions = batch["actions"]
        body = {"results": [{"action_id": a["action_id"], "status": "accepted",
                             "duplicate": False} for a in actions]}
        return Response(json.dumps(body), media_type="application/json")

    return app


class BareServer(LiveServer):
    """`LiveServer`'s plumbing (port, output, health wait, stop) around the bare app."""

    def __init__(self) -> None:
        super().__init__("")

    def start(self) -> BareServer:
        self.output = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.bare_app", "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
        self.url = self._read_url()
        self.port = int(self.url.rsplit(":", 1)[1])
        threading.Thread(target=self._drain, daemon=True).start()
        self._wait_healthy()
        return self


def main(argv: list[str] | None = None) -> int:
    import uvicorn

    ap = argparse.ArgumentParser(prog="python -m bench.bare_app")
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args(argv)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    sock.listen(1024)
    print(f"{LISTENING}http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
    config: Any = uvicorn.Config(create_app(), log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())
