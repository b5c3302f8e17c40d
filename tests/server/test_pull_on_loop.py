"""The pull that finds nothing new, served on the event loop (server.quick_pull.LoopPage,
PostgreSQL): the same answers as the worker thread's, a page with something in it handed
to the thread, a stale token refused, a lost connection or an unreachable database left
to the thread, and the last-seen write kept off the loop."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from server.db import make_engine
from server.lead.seen import SeenTracker
from server.orm import session_factory
from server.quick_pull import LoopPage, RawPage
from tests.server.conftest import Api

PULL = "/api/v1/sync/pull"


def _loop_page(api: Api) -> LoopPage | None:
    page: LoopPage | None = api.client.app.state.loop_page  # type: ignore[attr-defined]
    return page


def _pull(api: Api, user: str, since: int) -> dict[str, Any]:
    r = api.client.get(PULL, params={"since": since}, headers=api.headers(user))
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    assert body.pop("server_time")
    return body


def test_pulls_on_the_loop_answer_what_the_thread_answers(api: Api) -> None:
    agent, other = api.account("agent", 0)["username"], api.account("agent", 1)["username"]
    whole = api.pull_all(agent)  # (the first pull of a token is regular: it caches it)
    page = _loop_page(api)
    if not api.db_url.startswith("postgresql"):
        assert page is None  # SQLite: every pull on a worker thread, as before
        return
    assert page is not None
    empty = _pull(api, agent, whole["cursor"])
    assert empty["cursor"] == whole["cursor"] and not empty["queue_items"]
    assert len(page._idle) == 1  # (served there: its connection is back, idle)
    # Something new: an item moved to this agent. The loop's page goes to the thread,
    # which answers what a token's first (regular) pull answers from the same cursor.
    theirs = api.pull_all(other)
    item_id = next(iter(theirs["queue_items"]))
    me = api.client.get("/api/v1/me", headers=api.headers(agent)).json()["id"]
    r = api.client.post(f"/api/v1/queue/{item_id}/assign", json={"agent_id": me},
                        headers=api.headers(api.account("team_lead")["username"]))
    assert r.status_code == 200, r.text
    moved = _pull(api, agent, whole["cursor"])
    assert [q["id"] for q in moved["queue_items"]] == [item_id]
    api.tokens.pop(agent)  # a new login: its first pull is the regular path's
    assert _pull(api, agent, whole["cursor"]) == moved
    ahead = api.client.get(PULL, params={"since": moved["cursor"] + 1000},
                           headers=api.headers(agent))
    assert ahead.status_code == 409 and ahead.json()["code"] == "cursor_ahead"


def test_a_logged_out_token_is_refused_and_a_lost_connection_is_replaced(
        api: Api, backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("the loop's connections are PostgreSQL's")
    agent = api.account("agent", 0)["username"]
    whole = api.pull_all(agent)
    page = _loop_page(api)
    assert page is not None
    _pull(api, agent, whole["cursor"])
    pid = page._idle[0].info.backend_pid
    admin = create_engine(api.db_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        assert c.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar()
    admin.dispose()
    # The cut connection fails on the loop; the thread answers, the next pull opens anew.
    assert _pull(api, agent, whole["cursor"])["cursor"] == whole["cursor"]
    _pull(api, agent, whole["cursor"])
    assert page._open == 1 and page._idle[0].info.backend_pid != pid
    token = api.headers(agent)
    assert api.client.post("/api/v1/auth/logout", headers=token).status_code == 200
    r = api.client.get(PULL, params={"since": whole["cursor"]}, headers=token)
    assert r.status_code == 401


def test_an_unreachable_database_is_left_to_the_thread_and_tried_again_later() -> None:
    engine = make_engine("postgresql+psycopg://postgres@127.0.0.1:9/none",
                         isolation_level="AUTOCOMMIT")
    page = LoopPage(RawPage(engine), engine, 2)

    async def twice() -> tuple[Any, float, Any]:
        first = await page.run(since=0, limit=10, user_id=None, token_digest="x")
        retry_at = page._retry_at
        second = await page.run(since=0, limit=10, user_id=None, token_digest="x")
        return first, retry_at, second

    first, retry_at, second = asyncio.run(twice())
    assert first is None and second is None and page._open == 0
    assert retry_at > time.monotonic()  # (the second did not try: no connect before then)
    assert page._retry_at == retry_at
    engine.dispose()


def test_a_last_seen_write_due_on_the_loop_goes_to_another_thread(db_url: str) -> None:
    engine = make_engine(db_url)
    tracker = SeenTracker(session_factory(engine))
    writers: list[int] = []
    write = tracker._write

    def spy(rows: list[dict[str, Any]]) -> None:
        write(rows)
        writers.append(threading.get_ident())  # (after the write: then it is committed)

    tracker._write = spy  # type: ignore[method-assign]
    tracker.touch("u-1", 5, inline=False)  # a first contact: due at once
    deadline = time.monotonic() + 5
    while not writers and time.monotonic() < deadline:
        time.sleep(0.01)
    assert writers and writers[0] != threading.get_ident()
    with engine.connect() as c:
        seen = dict(c.execute(text("SELECT user_id, pull_cursor FROM user_seen")).all())
    assert seen.get("u-1") == 5
    engine.dispose()
