"""The long poll (`/sync/wait`), a cursor ahead of the server, and the client clock offset."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from typing import Any

from server.db import utcnow
from tests.server.conftest import Api, outcome
from tests.server.test_push import _dnc_customer, _queue


def _wait(api: Api, username: str, since: int, timeout: float) -> Any:
    return api.client.get("/api/v1/sync/wait", params={"since": since, "timeout": timeout},
                          headers=api.headers(username))


def test_wait_times_out_when_nothing_changed(api: Api) -> None:
    user = api.account("agent")["username"]
    cursor = api.pull_all(user)["cursor"]
    t0 = time.monotonic()
    r = _wait(api, user, cursor, 0.5)
    took = time.monotonic() - t0
    assert r.status_code == 200, r.text
    assert r.json() == {"changed": False, "cursor": cursor}
    assert 0.4 < took < 3


def test_wait_answers_at_once_when_behind(api: Api) -> None:
    user = api.account("agent")["username"]
    cursor = api.pull_all(user)["cursor"]
    r = _wait(api, user, 0, 10)
    assert r.json() == {"changed": True, "cursor": cursor}


def test_wait_wakes_on_a_visible_change_only(api: Api) -> None:
    u1, u2 = api.account("agent", 0)["username"], api.account("agent", 1)["username"]
    c1 = api.pull_all(u1)["cursor"]
    c2 = api.pull_all(u2)["cursor"]
    item = _queue(api, u1)[0]
    answers: dict[str, tuple[float, Any]] = {}

    def waiter(user: str, since: int) -> None:
        t0 = time.monotonic()
        r = _wait(api, user, since, 2)
        answers[user] = (time.monotonic() - t0, r.json())

    threads = [threading.Thread(target=waiter, args=a) for a in ((u1, c1), (u2, c2))]
    for t in threads:
        t.start()
    time.sleep(0.3)
    api.push(u1, [outcome(item)])  # changes u1's own item: not visible to u2
    for t in threads:
        t.join(10)
    took1, body1 = answers[u1]
    assert body1["changed"] and body1["cursor"] > c1
    assert took1 < 2, f"the waiter should wake on the commit, took {took1:.2f}s"
    took2, body2 = answers[u2]
    assert body2 == {"changed": False, "cursor": c2} and took2 >= 1.8


def test_wait_timeout_is_bounded(api: Api) -> None:
    user = api.account("agent")["username"]
    r = _wait(api, user, 0, 31)
    assert r.status_code == 422


def test_cursor_ahead_of_server_is_a_409(api: Api) -> None:
    user = api.account("agent")["username"]
    cursor = api.pull_all(user)["cursor"]
    for path in ("/api/v1/sync/pull", "/api/v1/sync/wait"):
        r = api.client.get(path, params={"since": cursor + 10_000, "timeout": 0},
                           headers=api.headers(user))
        assert r.status_code == 409, path
        assert r.json()["code"] == "cursor_ahead"


def test_sale_rule_uses_the_clients_clock_offset(api: Api) -> None:
    """The desktop's clock is an hour fast: its call start is mapped back to server time."""
    user = api.account("agent")["username"]
    items = _queue(api, user)
    offers = api.pull_all(user)["offers"]

    def sale(item: dict[str, Any], started_server: timedelta, offset: float) -> dict[str, Any]:
        offer = next(o for o in offers if o["campaign_id"] == item["campaign_id"])
        client_time = utcnow() + started_server - timedelta(seconds=offset)
        return outcome(item, "accepted", offer_id=offer["id"],
                       call_started_at=client_time.isoformat(), clock_offset_seconds=offset)

    for i, offset in enumerate((-3600.0, 3600.0)):
        before, after = items[2 * i], items[2 * i + 1]
        _dnc_customer(api.db_url, before["customer"]["id"], ago=timedelta(minutes=5))
        _dnc_customer(api.db_url, after["customer"]["id"], ago=timedelta(minutes=5))
        ok = api.push(user, [sale(before, -timedelta(minutes=10), offset)])[0]
        assert ok["status"] == "accepted", (offset, ok)
        late = api.push(user, [sale(after, -timedelta(minutes=1), offset)])[0]
        assert late["status"] == "rejected" and late["code"] == "do_not_call", offset
