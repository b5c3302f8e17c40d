"""Fixtures of the server tests: a database per test on SQLite and on PostgreSQL.

PostgreSQL: the tests start a throwaway cluster of their own (tests/support/pg_cluster.py:
initdb + pg_ctl on a free loopback port, removed at exit) when PostgreSQL's server
binaries are installed; otherwise they use a running server at 127.0.0.1:5432 (trust auth,
user postgres, else root). CALLSHEET_TEST_PG=running skips the own cluster. Each test
gets a throwaway database callsheet_test_<random> that is dropped after. No PostgreSQL
-> those params are skipped, unless CI=true, where they fail.
"""

from __future__ import annotations

import copy
import os
import secrets
import shutil
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
from sqlalchemy.orm import Session

from server.api import create_app
from server.db import make_engine, upgrade
from server.orm import session_factory
from tests.support.live_server import seed_demo

PG_HOST = "127.0.0.1:5432"
UNREACHABLE = f"PostgreSQL: no server binaries to start a cluster, none at {PG_HOST}"
_pg_admin: str | bool | None = False  # False = not probed yet


def pg_admin_url() -> str | None:
    """URL of the maintenance database with a user that may CREATE DATABASE, or None."""
    global _pg_admin
    if _pg_admin is False:
        _pg_admin = None
        if os.environ.get("CALLSHEET_TEST_PG", "own") != "running":
            from tests.support.pg_cluster import PgCluster

            cluster = PgCluster.start()
            if cluster is not None:
                _pg_admin = cluster.admin_url
                return _pg_admin
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


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 at production cost takes ~150 ms a hash here; tests use the same code with
    the smallest parameters (verification reads them from the stored hash)."""
    import server.auth

    monkeypatch.setattr(server.auth, "_hasher",
                        PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))


def _pg_create(template: str | None = None) -> str:
    admin = pg_admin_url()
    assert admin is not None
    name = f"callsheet_test_{secrets.token_hex(6)}"
    eng = create_engine(admin, isolation_level="AUTOCOMMIT")
    with eng.connect() as conn:
        clause = f' TEMPLATE "{template.rsplit("/", 1)[1]}"' if template else ""
        conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
    eng.dispose()
    return admin.rsplit("/", 1)[0] + "/" + name


def _pg_drop(url: str) -> None:
    admin = pg_admin_url()
    assert admin is not None
    eng = create_engine(admin, isolation_level="AUTOCOMMIT")
    with eng.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    eng.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql" and pg_admin_url() is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(UNREACHABLE + " (CI=true: PostgreSQL tests must run)")
        pytest.skip(UNREACHABLE)
    return str(request.param)


@pytest.fixture
def db_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """An empty, migrated database of its own for the test, on each backend."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
        upgrade(url)
        yield url
        return
    url = _pg_create()
    try:
        upgrade(url)
        yield url
    finally:
        _pg_drop(url)


# Seeding is the slow part of a test; each backend is seeded once per session and
# every test gets a copy (a file copy, or CREATE DATABASE ... TEMPLATE).
_TEMPLATES: dict[str, tuple[str, dict[str, Any]]] = {}


@pytest.fixture(scope="session", autouse=True)
def _drop_templates() -> Iterator[None]:
    yield
    for backend, (url, _) in _TEMPLATES.items():
        if backend == "postgresql":
            _pg_drop(url)


def _template(backend: str, tmp_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    if backend not in _TEMPLATES:
        if backend == "sqlite":
            url = f"sqlite:///{tmp_factory.mktemp('template') / 'template.sqlite3'}"
        else:
            url = _pg_create()
        creds = seed_demo(url, customers=120, seed=11)
        if backend == "sqlite":  # fold the WAL into the main file before copying it
            eng = create_engine(url)
            with eng.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            eng.dispose()
        _TEMPLATES[backend] = (url, creds)
    return _TEMPLATES[backend]


@pytest.fixture
def seeded(
    backend: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(database url, credentials) of a demo database of the test's own. The credentials
    are the test's own copy too: a test that adds an account to them (a second lead, a
    second admin) adds it to its own database only, and a later test that logs in every
    account it is given must not meet that one (401)."""
    template, shared = _template(backend, tmp_path_factory)
    creds = copy.deepcopy(shared)
    if backend == "sqlite":
        path = tmp_path / "server.sqlite3"
        shutil.copyfile(template.removeprefix("sqlite:///"), path)
        yield f"sqlite:///{path}", creds
        return
    url = _pg_create(template)
    try:
        yield url, creds
    finally:
        _pg_drop(url)


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    """A session on an empty database of the test's own (a module that needs data in it
    defines its own `session`)."""
    engine = make_engine(db_url)
    with session_factory(engine)() as s:
        yield s
    engine.dispose()


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
def api(seeded: tuple[str, dict[str, Any]]) -> Iterator[Api]:
    db_url, creds = seeded
    app = create_app(db_url)
    with TestClient(app) as client:
        yield Api(client, db_url, creds["accounts"])
    app.state.engine.dispose()
    app.state.read_engine.dispose()


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
