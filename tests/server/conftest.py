"""Fixtures of the server tests: a database per test on SQLite and on PostgreSQL.

PostgreSQL is looked for at 127.0.0.1:5432 (trust auth, user postgres, else root);
each test gets a throwaway database callsheet_test_<random> that is dropped after.
Unreachable -> those params are skipped, unless CI=true, where they fail.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from server.api import create_app
from server.db import upgrade
from tests.support.live_server import seed_demo

PG_HOST = "127.0.0.1:5432"
UNREACHABLE = f"PostgreSQL not reachable at {PG_HOST}"
_pg_admin: str | None | bool = False  # False = not probed yet


def pg_admin_url() -> str | None:
    """URL of the maintenance database with a user that may CREATE DATABASE, or None."""
    global _pg_admin
    if _pg_admin is False:
        _pg_admin = None
        for user in ("postgres", "root"):
            url = f"postgresql+psycopg://{user}@{PG_HOST}/postgres"
            eng = create_engine(url, connect_args={"connect_timeout": 3})
            try:
                with eng.connect() as conn:
                    conn.execute(text("SELECT 1"))
                _pg_admin = url
                break
            except OperationalError:
                continue
            finally:
                eng.dispose()
    return _pg_admin if isinstance(_pg_admin, str) else None


@pytest.fixture
def pg_url() -> Iterator[str]:
    admin = pg_admin_url()
    if admin is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(UNREACHABLE + " (CI=true: PostgreSQL tests must run)")
        pytest.skip(UNREACHABLE)
    name = f"callsheet_test_{secrets.token_hex(6)}"
    eng = create_engine(admin, isolation_level="AUTOCOMMIT")
    with eng.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.rsplit("/", 1)[0] + "/" + name
    finally:
        with eng.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        eng.dispose()


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 at production cost takes ~150 ms a hash here; tests use the same code with
    the smallest parameters (verification reads them from the stored hash)."""
    import server.auth

    monkeypatch.setattr(server.auth, "_hasher",
                        PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty, migrated database on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    else:
        url = request.getfixturevalue("pg_url")
    upgrade(url)
    return url


@dataclass
class Api:
    """A TestClient with the demo accounts and a token per username."""

    client: TestClient
    db_url: str
    accounts: list[dict[str, Any]]
    tokens: dict[str, str] = field(default_factory=dict)

    def account(self, role: str, index: int = 0) -> dict[str, Any]:
        return [a for a in self.accounts if a["role"] == role][index]

    def headers(self, username: str) -> dict[str, str]:
        if username not in self.tokens:
            acct = next(a for a in self.accounts if a["username"] == username)
            r = self.client.post("/api/v1/auth/login",
                                 json={"username": username, "password": acct["password"]})
            assert r.status_code == 200, r.text
            self.tokens[username] = r.json()["token"]
        return {"Authorization": f"Bearer {self.tokens[username]}"}

    def pull_all(self, username: str, since: int = 0, limit: int = 500) -> dict[str, Any]:
        """Follow has_more to the end; returns the merged pages and the last cursor."""
        merged: dict[str, Any] = {"queue_items": {}, "removed": [], "dnc": [], "cursor": since,
                                  "campaigns": [], "offers": [], "scripts": [], "pages": 0}
        while True:
            r = self.client.get("/api/v1/sync/pull", params={"since": merged["cursor"],
                                                              "limit": limit},
                                headers=self.headers(username))
            assert r.status_code == 200, r.text
            page = r.json()
            merged["pages"] += 1
            for q in page["queue_items"]:
                merged["queue_items"][q["id"]] = q
            for rid in page["removed_queue_items"]:
                merged["queue_items"].pop(rid, None)
                merged["removed"].append(rid)
            for k in ("dnc", "campaigns", "offers", "scripts"):
                merged[k] += page[k]
            assert page["cursor"] >= merged["cursor"]
            merged["cursor"] = page["cursor"]
            if not page["has_more"]:
                return merged

    def push(self, username: str, actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
        r = self.client.post("/api/v1/sync/push", json={"actions": actions},
                             headers=self.headers(username))
        assert r.status_code == 200, r.text
        return list(r.json()["results"])


@pytest.fixture
def api(db_url: str) -> Iterator[Api]:
    creds = seed_demo(db_url, customers=120, seed=11)
    app = create_app(db_url)
    with TestClient(app) as client:
        yield Api(client, db_url, creds["accounts"])
    app.state.engine.dispose()


def outcome(item: dict[str, Any], disposition: str = "no_answer", **kw: Any) -> dict[str, Any]:
    """An OutcomeAction body for a pulled queue item."""
    body = {
        "kind": "outcome", "action_id": secrets.token_hex(16),
        "created_at": datetime.now(UTC).isoformat(), "queue_item_id": item["id"],
        "customer_id": item["customer"]["id"], "campaign_id": item["campaign_id"],
        "disposition": disposition, "call_started_at": datetime.now(UTC).isoformat(),
    }
    body.update(kw)
    return body
