"""The deployment of deploy/, tested (issue 23): nginx from the Debian package, running
deploy/nginx-callsheet.conf, in front of TWO server processes on PostgreSQL. A desktop's
real sync engine (with its long-poll watcher) and the load script (bench/load.py, short)
go through it; one server process is killed (SIGKILL) mid-run.

Shown: no action is lost or doubled (every pushed action id is stored exactly once, the
desktop's outbox drains, batches the load script saw fail are resent once, as a desktop
would, and then all stand); the other process carries on (it answers pushes after the
kill); the desktop's long polls carry on through it (a do-not-call flag made after the
kill reaches the desktop through the watcher, not the 60 s interval).

Skips with the install line where nginx is missing; under CI=true it fails instead.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import column, create_engine, func, select, table

from app.api_client import ApiClient
from app.settings import Settings
from app.store import repo
from bench.load import Run, play
from bench.seeding import add_agents
from tests.conftest import account
from tests.e2e.desktop import midday_shift, no_answer, open_desktop, wait_until
from tests.e2e.test_sync_live import server_outcomes
from tests.server.conftest import UNREACHABLE, _pg_create, _pg_drop, pg_admin_url
from tests.support.live_server import LiveServer, seed_demo
from tests.support.nginx import INSTALL, SHIPPED, Nginx, binary
from wire.schema import DncAction, phone_hash

pytestmark = pytest.mark.postgres
CI = os.environ.get("CI", "").lower() == "true"


def _require(ok: bool, why: str) -> None:
    if not ok:
        if CI:
            pytest.fail(why + " (CI=true: the balancer test must run)")
        pytest.skip(why)


@pytest.fixture
def pg_url() -> Iterator[str]:
    _require(binary() is not None, f"nginx is not installed: {INSTALL}")
    _require(pg_admin_url() is not None, UNREACHABLE)
    url = _pg_create()
    try:
        yield url
    finally:
        _pg_drop(url)


def _pushes_answered(srv: LiveServer) -> float:
    """Pushes this one process answered 200 (its own /metrics, read on loopback)."""
    text = httpx.get(srv.url + "/metrics", timeout=5).text
    found = re.search(r'^callsheet_http_requests_total\{method="POST",'
                      r'route="/api/v1/sync/push",status="200"\} (\S+)$', text, re.M)
    return float(found[1]) if found else 0.0


def _outcomes_of(url: str, agent_ids: set[str]) -> int:
    eng = create_engine(url)
    outcomes = table("call_outcomes", column("agent_id"))
    with eng.connect() as conn:
        n = conn.scalar(select(func.count()).select_from(outcomes)
                        .where(outcomes.c.agent_id.in_(agent_ids)))
    eng.dispose()
    return int(n or 0)


def _agent_ids(url: str) -> set[str]:
    eng = create_engine(url)
    users = table("users", column("id"), column("username"))
    with eng.connect() as conn:
        ids = set(conn.scalars(select(users.c.id).where(users.c.username.like("load%"))))
    eng.dispose()
    return ids


def test_two_processes_behind_nginx_one_killed_mid_run_lose_and_double_nothing(
    pg_url: str, tmp_path: Path
) -> None:
    url = pg_url
    creds = seed_demo(url, customers=1000, seed=4)  # free customers for the load
    tokens = add_agents(url, 12, 4)
    shift = midday_shift()
    first = LiveServer(url, clock_shift=shift).start()
    second = LiveServer(url, clock_shift=shift).start()
    proxy = Nginx.start(SHIPPED, [first.port, second.port], tmp_path / "nginx")
    slow = Settings(sync_interval_seconds=60)  # only the long poll brings changes early
    agent = account(creds["accounts"], "agent")
    ws = open_desktop(proxy.url, agent, tmp_path / "desk", settings=slow)
    admin = ApiClient(proxy.url)
    boss = account(creds["accounts"], "admin")
    admin.login(boss["username"], boss["password"])
    load: list[Run] = []
    try:
        ws.sync.run_once()
        ws.sync.start()
        rows = ws.queue.list_queue()
        assert len(rows) >= 12, "the demo agent needs a queue"

        runner = threading.Thread(target=lambda: load.append(asyncio.run(play(
            [proxy.url], tokens, seconds=8, think=0.3, max_requests=100_000, seed=2))))
        runner.start()
        time.sleep(2.0)  # the load's agents have their queues and are syncing
        recorded: list[str] = []
        for row in rows[:4]:
            recorded.append(str(ws.queue.record_outcome(no_answer(row)).action_id))
            ws.sync.sync_now()
            time.sleep(0.3)

        assert runner.is_alive(), "the load ended before the kill"
        first.kill()  # a crash: no clean shutdown, connections reset mid-request
        after_kill = _pushes_answered(second)
        for row in rows[4:10]:
            recorded.append(str(ws.queue.record_outcome(no_answer(row)).action_id))
            ws.sync.sync_now()
            time.sleep(0.3)

        # Once the desktop is idle (its outbox sent through the survivor), a flag made
        # now can only reach it early through its long poll (the interval is 60 s),
        # which nginx now sends to the surviving process.
        assert wait_until(lambda: ws.queue.pending_count() == 0, 30), "outbox not drained"
        time.sleep(1.0)  # the last cycle is over; the watcher waits
        target = rows[11]
        digest = phone_hash(ws.queue.detail(target.id).customer.phone)
        res = admin.push([DncAction(action_id=str(uuid.uuid4()), created_at=datetime.now(UTC),
                                    customer_id=target.customer_id, reason="balancer test")])
        assert res.results[0].status == "accepted", res.results[0]

        def flagged() -> bool:
            with ws.engine.connect() as conn:
                return repo.is_dnc(conn, digest)

        assert wait_until(flagged, 15), "the long poll did not carry on after the kill"
        runner.join(60)
        assert not runner.is_alive() and load, "the load script did not finish"
        assert wait_until(lambda: ws.queue.pending_count() == 0, 30), "outbox not drained"
        steady = load[0].steady
        assert steady.accepted, "the load pushed nothing"
        # nginx passed every request the dead process dropped on to the other one
        # (`proxy_next_upstream error`, and `non_idempotent` for pushes only). What it
        # cannot pass on is an answer the dead process had begun to send (its headers are
        # already on their way to the client): that request ends cut short, and its sender
        # tries again (the desktop's ApiClient takes it as "unreachable"; a cut push is in
        # `unanswered` and resent below). Nothing else may fail: no 5xx, no refused
        # connection, no timeout.
        cut = "ClientPayloadError: Response payload is not completed"[:40]
        assert all(what.startswith(cut) for what in steady.errors), steady.errors
        assert sum(steady.errors.values()) <= 4, steady.errors  # those in flight at the kill
        assert _pushes_answered(second) > after_kill, "the surviving process stopped"
        # A push that got no answer (none, when nginx passed it on): a desktop sends the
        # same actions again; each is stored once whichever process had it.
        resent: list[str] = []
        for token, batch in steady.unanswered:
            r = httpx.post(proxy.url + "/api/v1/sync/push", json={"actions": batch},
                           headers={"Authorization": f"Bearer {token}"}, timeout=30)
            assert r.status_code == 200, r.text
            assert {x["status"] for x in r.json()["results"]} == {"accepted"}
            resent += [a["action_id"] for a in batch]
    finally:
        ws.close()
        proxy.stop()
        first.kill()
        second.stop()

    ids = [*recorded, *steady.accepted, *resent]
    assert len(set(ids)) == len(ids)
    stored = server_outcomes(url, ids)
    assert stored == dict.fromkeys(ids, 1), "an action was lost or stored twice"
    # Nothing else was stored for the load's agents: no outcome doubled under another id.
    assert _outcomes_of(url, _agent_ids(url)) == len(steady.accepted) + len(resent)


def test_the_shipped_nginx_file_passes_nginx_t_with_tls_and_the_redirect(
    tmp_path: Path,
) -> None:
    """The parts the balancer test rewrites (TLS, HTTP/2, the port-80 redirect) are
    checked too: the whole file, only its certificate paths and ports changed, passes
    `nginx -t` (a self-signed certificate made here)."""
    exe = binary()
    _require(exe is not None, f"nginx is not installed: {INSTALL}")
    openssl = shutil.which("openssl")
    _require(openssl is not None, "openssl is not installed: apt-get install openssl")
    assert exe is not None and openssl is not None
    key, cert = tmp_path / "k.pem", tmp_path / "c.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=callsheet.example.internal", "-keyout", str(key),
                    "-out", str(cert)], check=True, capture_output=True)
    site = SHIPPED.read_text(encoding="utf-8")
    for old, new in (("/etc/ssl/certs/callsheet.pem", str(cert)),
                     ("/etc/ssl/private/callsheet.key", str(key)),
                     ("listen 443 ssl http2;", "listen 127.0.0.1:1443 ssl http2;"),
                     ("listen 80;", "listen 127.0.0.1:1080;")):
        assert old in site, old
        site = site.replace(old, new)
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"pid {tmp_path}/n.pid;\nerror_log {tmp_path}/e.log;\nevents {{}}\n"
                    f"http {{ include {tmp_path}/site.conf; }}\n", encoding="utf-8")
    r = subprocess.run([exe, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "e.log"),
                        "-c", str(conf)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
