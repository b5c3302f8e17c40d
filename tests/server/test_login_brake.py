"""The login brake on the real app (SQLite and PostgreSQL), its clock injected: wrong
passwords answer 429 with Retry-After after 5, rising, then a 15-minute lock that also
refuses the right password; other accounts go on; audit rows are written; the lock ends;
refused attempts cost no argon2 hash; an address is braked across usernames."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import select

import server.auth
from server.api import create_app
from server.brake import LoginBrake, address_key
from server.db import make_engine
from server.models import AuditLog
from server.orm import session_factory

LOGIN = "/api/v1/auth/login"


class CountingHasher(PasswordHasher):
    """The test's cheap hasher, counting verifications (the work the brake must spare)."""

    verified = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        CountingHasher.verified += 1
        return super().verify(hash, password)


class Clock:
    def __init__(self) -> None:
        self.now = 10_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def setup(seeded: tuple[str, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
          ) -> Iterator[tuple[TestClient, list[dict[str, Any]], Clock, str]]:
    monkeypatch.setattr(server.auth, "_hasher",
                        CountingHasher(time_cost=1, memory_cost=64, parallelism=1))
    db_url, creds = seeded
    clock = Clock()
    app = create_app(db_url, login_brake=LoginBrake(clock=clock))
    app.state.passwords.tarpit = 0.0  # (test_repeated_refusals_are_slowed checks it)
    with TestClient(app) as client:
        yield client, creds["accounts"], clock, db_url
    app.state.engine.dispose()
    app.state.read_engine.dispose()


def _login(client: TestClient, acct: dict[str, Any], password: str | None = None) -> Any:
    return client.post(LOGIN, json={"username": acct["username"],
                                    "password": password or acct["password"]})


def _audit(db_url: str, action: str) -> list[AuditLog]:
    engine = make_engine(db_url)
    with session_factory(engine)() as s:
        rows = list(s.scalars(select(AuditLog).where(AuditLog.action == action)
                              .order_by(AuditLog.id)))
    engine.dispose()
    return rows


def test_wrong_passwords_slow_then_lock_the_account(setup: Any) -> None:
    client, accounts, clock, db_url = setup
    victim, other = [a for a in accounts if a["role"] == "agent"][:2]
    for _ in range(5):
        assert _login(client, victim, "guess").status_code == 401
    r = _login(client, victim, "guess")
    assert r.status_code == 429 and r.headers["Retry-After"] == "2"
    assert r.json()["code"] == "too_many_attempts" and "2 seconds" in r.json()["message"]
    waits = []
    for _ in range(4):  # each wait honoured, the next one doubles
        clock.now += float(r.headers["Retry-After"])
        assert _login(client, victim, "guess").status_code == 401
        r = _login(client, victim, "guess")
        waits.append(int(r.headers["Retry-After"]))
    assert waits == [4, 8, 16, 32]
    clock.now += 32
    assert _login(client, victim, "guess").status_code == 401  # the 10th failure: locked
    hashed = CountingHasher.verified
    r = _login(client, victim)  # the right password
    assert r.status_code == 429 and r.headers["Retry-After"] == "900"
    assert "15 minutes" in r.json()["message"]
    for _ in range(20):
        assert _login(client, victim, "guess").status_code == 429
    assert CountingHasher.verified == hashed, "a refused attempt costs no argon2 hash"
    # another account from the same address logs in as usual
    assert _login(client, other).status_code == 200
    # the lock ends after 15 minutes, and the count starts again
    clock.now += 899
    assert _login(client, victim).status_code == 429
    clock.now += 1
    assert _login(client, victim, "guess").status_code == 401
    assert _login(client, victim).status_code == 200

    failed = _audit(db_url, "auth.login_failed")
    assert len(failed) == 11 and {f.detail["username"] for f in failed} == {victim["username"]}
    assert failed[0].entity_id is not None and failed[0].detail["address"] == "testclient"
    locked = _audit(db_url, "auth.login_locked")
    assert [(x.detail["kind"], x.detail["failures"], x.detail["seconds"]) for x in locked] == [
        ("account", 10, 900)]
    refused = _audit(db_url, "auth.login_refused")
    # one row per wait, however many attempts it refused (a storm writes few rows)
    assert [r.detail["retry_after"] for r in refused] == [2, 4, 8, 16, 32, 900]
    assert refused[-1].detail["locked"] is True


def test_unknown_usernames_are_braked_the_same(setup: Any) -> None:
    client, _, _, db_url = setup
    ghost = {"username": "nobody-here", "password": "x"}
    codes = [_login(client, ghost).status_code for _ in range(6)]
    assert codes == [401] * 5 + [429]
    failed = _audit(db_url, "auth.login_failed")
    assert len(failed) == 5 and failed[0].entity_id is None


def test_an_address_is_braked_across_usernames(setup: Any) -> None:
    client, accounts, clock, _ = setup
    for n in range(30):
        assert _login(client, {"username": f"user{n}", "password": "x"}).status_code == 401
    r = _login(client, {"username": "user-new", "password": "x"})
    assert r.status_code == 429 and r.headers["Retry-After"] == "1"
    r = _login(client, accounts[0])  # the right password too: this address must wait
    assert r.status_code == 429
    clock.now += 1
    assert _login(client, accounts[0]).status_code == 200


def test_repeated_refusals_are_slowed(setup: Any) -> None:
    """A storm keeps trying during its wait: each further refusal comes after the tarpit,
    so one connection makes about one attempt a second, not a thousand."""
    client, accounts, _, _ = setup
    client.app.state.passwords.tarpit = 0.3  # type: ignore[attr-defined]
    for _ in range(5):
        _login(client, accounts[0], "guess")
    t0 = time.perf_counter()
    assert _login(client, accounts[0], "guess").status_code == 429  # the first: at once
    first = time.perf_counter() - t0
    assert _login(client, accounts[0], "guess").status_code == 429
    second = time.perf_counter() - t0 - first
    assert first < 0.25 and second >= 0.29


def test_a_full_queue_of_checks_answers_busy_at_once(setup: Any) -> None:
    client, accounts, _, _ = setup
    client.app.state.passwords.max_waiting = 0  # type: ignore[attr-defined]
    r = _login(client, accounts[0])
    assert r.status_code == 429 and r.headers["Retry-After"] == "1"
    assert r.json()["code"] == "busy"


def test_openapi_declares_the_429() -> None:
    app = create_app("sqlite://")
    spec = app.openapi()
    answer = spec["paths"]["/api/v1/auth/login"]["post"]["responses"]["429"]
    assert "Retry-After" in answer["headers"]
    app.state.engine.dispose()


def test_address_keys() -> None:
    assert address_key("203.0.113.9") == "203.0.113.9"
    assert address_key("2001:db8:1:2:aaaa::1") == address_key("2001:db8:1:2:bbbb::9") \
        == "2001:db8:1:2::/64"
    assert address_key("::ffff:203.0.113.9") == "203.0.113.9"
    assert address_key("testclient") == "testclient"


def test_keys_are_bounded() -> None:
    clock = Clock()
    brake = LoginBrake(clock=clock, max_keys=10)
    for n in range(50):
        brake.failed(f"u{n}", "203.0.113.9")
    assert len(brake._counts) <= 10
