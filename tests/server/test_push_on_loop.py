"""PostgreSQL: a desktop's plain push is served on the event loop (server.quick_push),
and it answers, stores and wakes exactly what the worker thread's push does.

The server runs as it does in production (uvicorn, its own event loop and the loop's
connections). Whether a push was served on the loop is read from /metrics
(`callsheet_push_on_loop_total`). A token that only logged in is not in the token cache
(only a pull caches one), so its pushes are the thread's: the same agent's two tokens
give both paths side by side.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import psycopg
import pytest
from sqlalchemy import create_engine, text

from server import changes
from server.api import create_app
from server.lead import stats
from server.quick_pull import TextArrayDumper
from tests.server.conftest import outcome
from tests.support.live_server import LiveServer

PULL, PUSH, WAIT = "/api/v1/sync/pull", "/api/v1/sync/push", "/api/v1/sync/wait"


def _on_loop(http: httpx.Client) -> float:
    found = [line for line in http.get("/metrics").text.splitlines()
             if line.startswith("callsheet_push_on_loop_total ")]
    return float(found[0].split()[-1])


def _login(http: httpx.Client, account: dict[str, Any], device: str) -> dict[str, str]:
    r = http.post("/api/v1/auth/login", json={"username": account["username"],
                                              "password": account["password"]})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}", "X-Callsheet-Device": device}


def _pull_all(http: httpx.Client, head: dict[str, str], since: int = 0
              ) -> tuple[int, dict[str, dict[str, Any]]]:
    items: dict[str, dict[str, Any]] = {}
    while True:
        page = http.get(PULL, params={"since": since}, headers=head).json()
        assert "queue_items" in page, page
        items.update({q["id"]: q for q in page["queue_items"]})
        since = page["cursor"]
        if not page["has_more"]:
            return since, items


def _push(http: httpx.Client, head: dict[str, str], actions: list[dict[str, Any]]
          ) -> dict[str, Any]:
    r = http.post(PUSH, json={"actions": actions}, headers=head)
    assert r.status_code == 200, r.text
    return dict(r.json())


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_the_loop_and_the_thread_answer_and_store_the_same(
        seeded: tuple[str, dict[str, Any]]) -> None:
    db_url, creds = seeded
    agent = next(a for a in creds["accounts"] if a["role"] == "agent")
    with LiveServer(db_url) as srv, httpx.Client(base_url=srv.url, timeout=30) as http:
        loop_head = _login(http, agent, "desk-loop")
        thread_head = _login(http, agent, "desk-thread")  # (never pulls: not cached)
        other = _login(http, agent, "desk-other")
        cursor, items = _pull_all(http, loop_head)
        _pull_all(http, other)
        open_items = sorted((q for q in items.values() if q["status"] != "closed"),
                            key=lambda q: (q["attempts"], q["id"]))[:6]
        assert len(open_items) == 6
        tomorrow = (datetime.now(UTC) + timedelta(days=1)).isoformat()
        count = _on_loop(http)

        by_thread = [outcome(open_items[0], "no_answer"),
                     outcome(open_items[1], "callback", callback_at=tomorrow)]
        thread_answer = _push(http, thread_head, by_thread)
        assert _on_loop(http) == count, "an uncached token's push is the thread's"
        by_loop = [outcome(open_items[2], "no_answer"),
                   outcome(open_items[3], "callback", callback_at=tomorrow),
                   outcome(open_items[3], "busy")]  # (the same item twice in a batch)
        loop_answer = _push(http, loop_head, by_loop)
        assert _on_loop(http) == count + 1, "a plain batch of a cached token: the loop's"

        for answer, batch in ((thread_answer, by_thread), (loop_answer, by_loop)):
            assert [r["status"] for r in answer["results"]] == ["accepted"] * len(batch)
            assert not any(r["duplicate"] for r in answer["results"])
        # Field for field what another desktop of the agent then pulls.
        _, pulled = _pull_all(http, other, cursor)
        answered = {q["id"]: q for a in (thread_answer, loop_answer) for q in a["queue_items"]}
        assert set(answered) == {q["id"] for q in open_items[:4]}
        for item_id, state in answered.items():
            assert pulled[item_id] == state, item_id
        assert answered[open_items[3]["id"]]["attempts"] == open_items[3]["attempts"] + 2
        assert answered[open_items[2]["id"]]["history"][0]["id"] == by_loop[0]["action_id"]

        # Sent again (an answer lost on the way): duplicates, answered on the thread.
        again = _push(http, loop_head, by_loop)
        assert [r["duplicate"] for r in again["results"]] == [True] * 3
        assert _on_loop(http) == count + 1
        # A sale needs reads of its own (its offer, the do-not-call list): the thread's.
        offered = next(q for q in open_items[4:] if q["recommendations"])
        sale = _push(http, loop_head, [outcome(offered, "accepted",
                                               offer_id=offered["recommendations"][0]["offer_id"])])
        assert sale["results"][0]["status"] == "accepted"
        assert _on_loop(http) == count + 1
        # One bad action is rejected alone, on the loop too.
        mixed = [outcome(open_items[5], "no_answer"),
                 outcome(open_items[5], "no_answer") | {"campaign_id": "no-such-campaign"}]
        answer = _push(http, loop_head, mixed)
        assert [r["status"] for r in answer["results"]] == ["accepted", "rejected"]
        assert _on_loop(http) == count + 2

        # A token whose session ended meanwhile: refused, nothing stored.
        eng = create_engine(db_url)
        with eng.begin() as conn:
            conn.execute(text("UPDATE auth_tokens SET expires_at = :past"),
                         {"past": datetime.now(UTC).replace(tzinfo=None) - timedelta(hours=1)})
        late = outcome(open_items[5], "busy")
        r = http.post(PUSH, json={"actions": [late]}, headers=loop_head)
        assert r.status_code == 401, r.text
    ids = [a["action_id"] for a in by_thread + by_loop + mixed + [late]]
    with eng.connect() as conn:
        stored: dict[str, int] = dict(conn.execute(text(
            "SELECT id, count(*) FROM call_outcomes WHERE id = ANY(:ids) GROUP BY id"),
            {"ids": ids}).all())
        answers = conn.execute(text(
            "SELECT count(*) FROM client_actions WHERE action_id = ANY(:ids)"),
            {"ids": ids}).scalar()
        n, lo, hi = conn.execute(text("SELECT count(*), min(seq), max(seq) FROM sync_changes")
                                 ).one()
    eng.dispose()
    # Each call stored once; the rejected one and the refused one not at all.
    assert stored == {a["action_id"]: 1 for a in by_thread + by_loop + mixed[:1]}
    assert answers == len(by_thread) + len(by_loop) + len(mixed)
    assert (lo, hi) == (1, n), "seqs are gap-free"


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_a_push_on_the_loop_wakes_the_long_polls(seeded: tuple[str, dict[str, Any]]) -> None:
    db_url, creds = seeded
    agent = next(a for a in creds["accounts"] if a["role"] == "agent")
    with LiveServer(db_url) as srv, httpx.Client(base_url=srv.url, timeout=30) as http:
        pusher = _login(http, agent, "desktop-a")
        watcher = _login(http, agent, "desktop-b")
        cursor, items = _pull_all(http, pusher)
        _pull_all(http, watcher)
        item = next(q for q in items.values() if q["status"] != "closed")
        count = _on_loop(http)
        woke: dict[str, Any] = {}

        def wait() -> None:
            with httpx.Client(base_url=srv.url, timeout=40) as c:
                started = time.monotonic()
                r = c.get(WAIT, params={"since": cursor, "timeout": 20}, headers=watcher)
                woke.update(r.json(), seconds=time.monotonic() - started)

        waiting = threading.Thread(target=wait)
        waiting.start()
        time.sleep(1.0)  # (the long poll is open)
        _push(http, pusher, [outcome(item, "no_answer")])
        waiting.join(30)
        assert _on_loop(http) == count + 1
        assert woke["changed"] is True
        assert woke["seconds"] < 10, "woken by the push, not by its timeout"


def test_the_loop_push_knows_every_commit_hook(tmp_path: Any) -> None:
    """server.quick_push commits without the Session: it checks itself for what these
    two hooks would still write (changes.unpublished, stats.unwritten). A new hook on the
    write sessions must be taught to it first."""
    app = create_app(f"sqlite:///{tmp_path / 'hooks.sqlite3'}")
    with app.state.writes() as session:
        before = set(session.dispatch.before_commit)
    assert before == {changes._publish, stats._apply}


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_the_loops_text_arrays_reach_postgresql_unchanged(db_url: str) -> None:
    """The loop's connections write lists as text[] themselves (quick_pull.TextArrayDumper):
    quotes, backslashes, commas, braces, the word NULL and None arrive as they were."""
    values = ['a', None, 'b"c', 'd\\e', '', 'NULL', 'x,y', '{z}', ' sp ', 'ü中', '\\"']
    dsn = db_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.adapters.register_dumper(list, TextArrayDumper)
        stored, empty, found = conn.execute(
            "SELECT CAST(%s AS text[]), CAST(%s AS text[]), 'b\"c' = ANY(%s)",
            [values, [], ["x", 'b"c']]).fetchone() or ()
        assert (stored, empty, found) == (values, [], True)
        with pytest.raises(psycopg.DataError):  # (then the thread serves the request)
            conn.execute("SELECT CAST(%s AS text[])", [[1, 2]])


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_the_loop_corrects_a_wrong_desktop_clock_and_answers_every_role_as_the_thread(
        seeded: tuple[str, dict[str, Any]]) -> None:
    """A desktop a day and an hour ahead sends its offset: both paths store the server's
    time. Every other role's cached token pushing an agent's item gets what an uncached
    token of the same role gets (a lead's token is never the loop's: its audience is a
    query of its own)."""
    db_url, creds = seeded
    accounts = creds["accounts"]
    agent = next(a for a in accounts if a["role"] == "agent")
    with LiveServer(db_url) as srv, httpx.Client(base_url=srv.url, timeout=30) as http:
        loop_head = _login(http, agent, "desktop-loop")
        thread_head = _login(http, agent, "desktop-thread")
        _, items = _pull_all(http, loop_head)
        open_items = sorted((q for q in items.values() if q["status"] != "closed"),
                            key=lambda q: q["id"])[:2]
        ahead = timedelta(days=1, hours=1)
        desk_now = datetime.now(UTC) + ahead
        skewed = [outcome(q, "busy", created_at=desk_now.isoformat(),
                          call_started_at=desk_now.isoformat(),
                          clock_offset_seconds=-ahead.total_seconds()) for q in open_items]
        count = _on_loop(http)
        assert _push(http, thread_head, [skewed[0]])["results"][0]["status"] == "accepted"
        assert _push(http, loop_head, [skewed[1]])["results"][0]["status"] == "accepted"
        assert _on_loop(http) == count + 1

        answers: dict[str, list[tuple[int, Any]]] = {}
        for other in (a for a in accounts if a["role"] != "agent"):
            cached = _login(http, other, "desktop-cached")
            http.get(PULL, params={"since": 0}, headers=cached)  # (caches the token)
            fresh = _login(http, other, "desktop-fresh")
            for head in (fresh, cached):
                r = http.post(PUSH, json={"actions": [outcome(open_items[0], "no_answer")]},
                              headers=head)
                body = r.json()
                answers.setdefault(other["role"], []).append((r.status_code, [
                    (x["status"], x.get("code")) for x in body.get("results", [])]
                    if r.status_code == 200 else body.get("code")))
        for role, (by_thread, by_loop) in answers.items():
            assert by_thread == by_loop, role
            assert by_thread != (200, [("accepted", None)]), role  # not their item to call
        count_after = _on_loop(http)
    eng = create_engine(db_url)
    with eng.connect() as conn:
        stored = conn.execute(text(
            "SELECT created_at, call_started_at FROM call_outcomes WHERE id = ANY(:ids)"),
            {"ids": [a["action_id"] for a in skewed]}).all()
    eng.dispose()
    now = datetime.now(UTC).replace(tzinfo=None)
    for created, started in stored:  # the server's time, not the desktop's
        assert abs(created - now) < timedelta(minutes=5)
        assert abs(started - now) < timedelta(minutes=5)
    assert len(stored) == 2
    # On the loop: the skewed push and the admin's (rejected: not theirs); the lead's went
    # to a thread, and the checker's and verifier's were refused (403) before any write.
    assert count_after == count + 2


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_pushes_go_on_when_the_database_cuts_every_connection(
        seeded: tuple[str, dict[str, Any]]) -> None:
    """A database restart (every backend terminated): the push that meets a cut loop
    connection is served on a thread, nothing is lost or stored twice, and the loop
    serves the next ones on connections of its own again."""
    db_url, creds = seeded
    agent = next(a for a in creds["accounts"] if a["role"] == "agent")
    with LiveServer(db_url) as srv, httpx.Client(base_url=srv.url, timeout=30) as http:
        head = _login(http, agent, "desktop-loop")
        _, items = _pull_all(http, head)
        open_items = [q for q in items.values() if q["status"] != "closed"][:4]
        batches = [[outcome(q, "no_answer")] for q in open_items]
        assert _push(http, head, batches[0])["results"][0]["status"] == "accepted"
        count = _on_loop(http)
        eng = create_engine(db_url, isolation_level="AUTOCOMMIT")
        with eng.connect() as conn:
            cut = conn.execute(text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar()
        assert cut and cut >= 1
        for batch in batches[1:]:
            # A pooled connection of the threads the cut reached fails its request (a 500,
            # server.db's `_ping_when_idle`): the desktop sends it again, as here.
            r: httpx.Response | None = None
            for _ in range(5):
                try:
                    with httpx.Client(base_url=srv.url, timeout=30) as once:
                        r = once.post(PUSH, json={"actions": batch}, headers=head)
                except httpx.TransportError:
                    continue
                if r.status_code == 200:
                    break
            assert r is not None and r.status_code == 200, r.text if r else "no answer"
            assert r.json()["results"][0]["status"] == "accepted"
        assert _on_loop(http) > count, "the loop serves pushes again after the cut"
        with eng.connect() as conn:
            stored = conn.execute(text(
                "SELECT count(*), count(DISTINCT id) FROM call_outcomes WHERE id = ANY(:ids)"),
                {"ids": [b[0]["action_id"] for b in batches]}).one()
        eng.dispose()
    assert tuple(stored) == (4, 4)
