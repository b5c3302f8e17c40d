"""The real server process: announces its port, stops, restarts on the same port."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.support.live_server import LiveServer, seed_demo


def test_live_server_start_stop_restart_kill(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    creds = seed_demo(url, customers=40, seed=2)
    agent = next(a for a in creds["accounts"] if a["role"] == "agent")
    with LiveServer(url) as srv:
        assert srv.url.startswith("http://127.0.0.1:") and srv.port > 0
        r = httpx.post(srv.url + "/api/v1/auth/login",
                       json={"username": agent["username"], "password": agent["password"]})
        token = r.json()["token"]
        port = srv.port
        srv.stop()
        with pytest.raises(httpx.HTTPError):
            httpx.get(srv.url + "/api/v1/health", timeout=1)
        srv.restart()
        assert srv.port == port, "restart keeps the address the desktops know"
        pull = httpx.get(srv.url + "/api/v1/sync/pull",
                         headers={"Authorization": f"Bearer {token}"})
        assert pull.status_code == 200 and pull.json()["queue_items"], "tokens survive"
        srv.kill()
        with pytest.raises(httpx.HTTPError):
            httpx.get(srv.url + "/api/v1/health", timeout=1)
