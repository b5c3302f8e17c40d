"""PostgreSQL: writers commit concurrently while a desktop pulls; it misses nothing.

Each pushed outcome touches a distinct queue item, so each is exactly one change in the
feed: a change skipped by the puller's cursor would leave that item at attempts 0 in the
puller's accumulated view.
"""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.server.conftest import outcome
from tests.support.live_server import LiveServer


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_concurrent_pushes_pull_sees_every_change(seeded: tuple[str, dict[str, Any]]) -> None:
    db_url, creds = seeded
    accounts = {a["username"]: a for a in creds["accounts"]}
    with LiveServer(db_url) as srv:
        http = httpx.Client(base_url=srv.url, timeout=30)

        def token(username: str) -> dict[str, str]:
            r = http.post("/api/v1/auth/login", json={
                "username": username, "password": accounts[username]["password"]})
            return {"Authorization": f"Bearer {r.json()['token']}"}

        lead = token("lead1")
        writers = [f"agent{i}" for i in range(1, 7)]
        work: dict[str, list[dict[str, Any]]] = {}
        heads: dict[str, dict[str, str]] = {}
        for w in writers:
            heads[w] = token(w)
            items = http.get("/api/v1/sync/pull", headers=heads[w]).json()["queue_items"]
            work[w] = [outcome(q) for q in items if q["attempts"] == 0][:12]
        start = http.get("/api/v1/sync/pull", headers=lead).json()
        view: dict[str, int] = {}
        cursor = start["cursor"]
        while True:  # catch up before the writers start
            page = http.get("/api/v1/sync/pull", params={"since": cursor}, headers=lead).json()
            cursor = page["cursor"]
            if not page["has_more"]:
                break
        errors: list[BaseException] = []

        def write(w: str) -> None:
            try:
                with httpx.Client(base_url=srv.url, timeout=30) as c:
                    for action in work[w]:
                        r = c.post("/api/v1/sync/push", json={"actions": [action]},
                                   headers=heads[w])
                        assert r.json()["results"][0]["status"] == "accepted"
            except BaseException as exc:  # noqa: BLE001 - a thread's failure, assertions too, goes to the test
                errors.append(exc)

        def pull_once() -> None:
            nonlocal cursor
            page = http.get("/api/v1/sync/pull", params={"since": cursor, "limit": 5},
                            headers=lead).json()
            for q in page["queue_items"]:
                view[q["id"]] = q["attempts"]
            cursor = page["cursor"]

        threads = [threading.Thread(target=write, args=(w,)) for w in writers]
        for t in threads:
            t.start()
        pulls = 0
        while any(t.is_alive() for t in threads):
            pull_once()
            pulls += 1
        for t in threads:
            t.join()
        for _ in range(200):  # drain what is left
            before = cursor
            pull_once()
            if cursor == before:
                break
        assert not errors, errors
        assert pulls > 3, "the puller ran while the writers wrote"
        pushed = {a["queue_item_id"] for w in writers for a in work[w]}
        missed = [i for i in pushed if view.get(i) != 1]
        assert not missed, f"{len(missed)} changes never reached the puller"
        http.close()
    eng = create_engine(db_url)
    with eng.connect() as conn:
        n, lo, hi = conn.execute(text("SELECT count(*), min(seq), max(seq) FROM sync_changes")
                                 ).one()
    eng.dispose()
    assert (lo, hi) == (1, n), "seqs are gap-free"


def test_a_transaction_publishes_contiguous_seqs_in_emission_order(db_url: str) -> None:
    """Both backends: the rows of one commit get the next seqs in the order they were
    emitted (on PostgreSQL renumbered at COMMIT from provisional negative seqs), a rolled
    back transaction leaves no gap, and no provisional seq survives a commit."""
    from server import changes
    from server.db import make_engine, upgrade
    from server.orm import session_factory

    upgrade(db_url)
    engine = make_engine(db_url)
    factory = session_factory(engine)
    try:
        with factory() as s:
            changes.ensure_counter(s)
            s.commit()
            before = changes.top_seq(s)
        with factory() as s:
            changes.emit(s, "dnc", "lost")
            s.flush()
            s.rollback()
        names = [f"n{i:04d}" for i in range(1500)]
        with factory() as s:
            for name in names:
                changes.emit(s, "dnc", name)
            s.commit()
        with factory() as s:
            changes.emit(s, "dnc", "d")
            s.commit()
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT seq, entity_id FROM sync_changes WHERE seq > :b "
                                     "OR seq < 0 ORDER BY seq"), {"b": before}).all()
    finally:
        engine.dispose()
    assert [tuple(r) for r in rows] == [(before + i + 1, n)
                                        for i, n in enumerate([*names, "d"])]
