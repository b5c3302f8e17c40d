"""The server's migrations, on SQLite and PostgreSQL.

- The models and a database upgraded to head agree (alembic's `compare_metadata`): a
  model changed without a migration, or a migration that forgot a column or an index,
  fails here. The differences that are meant are listed in `EXPECTED_DIFFERENCES`, each
  with its reason.
- A database holding data at each revision (released or not) upgrades to head with its rows
  intact, and the server reads them: the agent logs in and pulls their queue item, its
  customer, the outcome in its history.
- A released migration is never edited (DEVELOPERS.md, "Migrations"): its file's hash is
  pinned in `RELEASED`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import text

import server.aftersale.models
import server.email_outbox
import server.lead.models
import server.planning.models
import server.quality.models
import server.recordings.models
import server.sms
import server.surveys.models
from server.api import create_app
from server.db import MIGRATIONS, alembic_config, make_engine, upgrade
from server.models import Base
from tests.server.conftest import _pg_create, _pg_drop
from wire.schema import phone_hash

# Imported for their tables: the metadata compared is the whole server's.
MODEL_MODULES = (server.lead.models, server.planning.models, server.quality.models,
                 server.recordings.models, server.sms, server.surveys.models,
                 server.email_outbox)

VERSIONS = MIGRATIONS / "versions"

# Released migrations: shipped to servers, so never edited again. A change to the schema
# is a new revision. (The hash is of the file's bytes, with LF line ends.)
RELEASED = {
    "0001_initial.py":
        "61cbfa21638fc654cf6aa943c3421f7f6f423053fcc446fb3b2330053c9ad172",
    "0002_agent_state.py":
        "2f1d9e48519ab33e10d285e63a0c3953369fc40c500665470fe587299ba8b577",
    "0003_planning.py":
        "37f4f245b3b019a617c8d2e698bd8963e857e22ab91bb05a3e2ad274c80351e9",
    "0004_quality.py":
        "fc641a764815fa0fc9d8ce29cf8d93055f3d43dfae9e55f538914ceb5eb56a2a",
    "0005_lead.py":
        "306d95f0b376e2c45f8434ab641428ce80306b7ad7bfd49cac61e18ae4071855",
    "0006_feed_numbered_at_commit.py":
        "7adb402117f4b85925547078363537f8131171172f3b6800ae1ff4e1921f3293",
    "0007_customer_text_bytes.py":
        "ecd3a1937d9f0c76cabfef809bcf2287982198e754b30c34bc83734811cb63da",
    "0008_server_time_calls.py":
        "ac69d1db8daea2527383a2958b2b7ecf6d70ac61f97a292b01d6a602d705c052",
    "0009_generation_retention.py":
        "551ec737d42e88251e4c7820b48d66191003b0d43dc6b5f5916ced3bb608508e",
}

# Differences between the models and a database at head that are meant, per backend.
# SQLite: migration 0007 widened the customers' free-text columns to 4 x n on PostgreSQL
# only (PostgreSQL counts varchar(n) in code points; SQLite enforces no length at all),
# so an SQLite database keeps the old declared lengths, which mean nothing there.
_WIDENED = {"name": (100, 400), "region": (100, 400), "plan_name": (100, 400),
            "handset": (100, 400), "credit_class": (16, 64), "consent_basis": (200, 800)}
EXPECTED_DIFFERENCES: dict[str, set[tuple[str, ...]]] = {
    "sqlite": {("modify_type", "customers", col, f"VARCHAR({old})", f"VARCHAR({new})")
               for col, (old, new) in _WIDENED.items()},
    "postgresql": set(),
}

PASSWORD = "migrated-Agent-7"
T0 = "2026-11-30 09:00:00"
DNC_PHONE = "+8613712345009"


@pytest.fixture
def empty_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """An empty database (no tables) of the test's own."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'server.sqlite3'}"
        return
    url = _pg_create()
    try:
        yield url
    finally:
        _pg_drop(url)


def _revisions() -> list[str]:
    script = ScriptDirectory(str(MIGRATIONS))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def _difference(diff: Any) -> tuple[str, ...]:
    """One compare_metadata entry, as plain words (for the expected list)."""
    if isinstance(diff, list):  # column modifications come as a list of one
        assert len(diff) == 1, diff
        diff = diff[0]
    kind = diff[0]
    if kind == "modify_type":
        _, _, table, column, _, old, new = diff
        return (kind, table, column, str(old.compile()), str(new.compile()))
    return (kind, *(str(getattr(part, "name", part)) for part in diff[1:]))


def test_the_released_migrations_are_the_whole_history() -> None:
    files = sorted(p.name for p in VERSIONS.glob("[0-9]*.py"))
    assert files[: len(RELEASED)] == sorted(RELEASED)
    assert _revisions()[: len(RELEASED)] == [name[:4] for name in sorted(RELEASED)]


@pytest.mark.parametrize("name", sorted(RELEASED))
def test_a_released_migration_is_never_edited(name: str) -> None:
    # Line ends normalised, so a Windows checkout (CRLF) hashes the same.
    digest = hashlib.sha256((VERSIONS / name).read_bytes().replace(b"\r\n", b"\n")).hexdigest()
    assert digest == RELEASED[name], (
        f"{name} is released: servers already ran it, so an edit never reaches them. "
        "Write a new revision instead (DEVELOPERS.md, 'Migrations').")


def test_models_and_migrations_agree(empty_url: str, backend: str) -> None:
    upgrade(empty_url)
    engine = make_engine(empty_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            found = {_difference(d) for d in compare_metadata(context, Base.metadata)}
    finally:
        engine.dispose()
    assert found == EXPECTED_DIFFERENCES[backend]


def _insert_data(conn: Any, revision: str) -> None:
    """A team, an agent, a campaign, a customer, a do-not-call entry, a queue item assigned
    to the agent, an outcome of an earlier call, and the change-feed rows that publish
    them: the rows a server at `revision` holds, in that revision's schema."""
    hashed = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1).hash(PASSWORD)

    def run(sql: str, **params: Any) -> None:
        conn.execute(text(sql), params)

    run("INSERT INTO teams (id, name, lead_user_id) VALUES ('t1', 'Team one', NULL)")
    run("INSERT INTO users (id, username, display_name, role, team_id, password_hash, active,"
        " created_at) VALUES ('u1', 'agent1', 'Agent One', 'agent', 't1', :h, :yes, :t)",
        h=hashed, yes=True, t=T0)
    run("INSERT INTO campaigns (id, code, name, name_zh, description, window_start, window_end,"
        " max_attempts, retry_spacing_minutes, max_calls_24h, max_calls_30d,"
        " allowed_dispositions, active) VALUES ('c1', 'DATAPK', 'Data pack', '流量包', '',"
        " '09:00:00', '21:00:00', 3, 60, 2, 6, '[]', :yes)", yes=True)
    run("INSERT INTO customers (id, external_id, name, phone, phone_hash, region, timezone,"
        " star_level, vip, tenure_months, arpu_yuan, plan_name, plan_minutes, plan_data_mb,"
        " usage, contract_end, handset, network_gen, value_added_services, arrears_yuan,"
        " credit_class, preferred_channel, complaints, value_score, value_tier, plan_fit,"
        " lifecycle_stage, consent_basis) VALUES ('k1', 'B001', 'Wang Fang', '+8613712345001',"
        " :h, 'Beijing', 'Asia/Shanghai', 3, :no, 24, 88.5, 'Plan 88', 300, 2048, '[]',"
        " NULL, 'P40', '4G', '[]', 0, 'A', 'phone', 0, 70, 'B1', 'A', 'mature', 'contract')",
        h=phone_hash("+8613712345001"), no=False)
    run("INSERT INTO dnc_entries (id, phone, phone_hash, customer_id, reason, source,"
        " created_by, created_at) VALUES ('d1', '+8613712345009', :h, NULL, 'asked',"
        " 'registry', NULL, :t)", h=phone_hash(DNC_PHONE), t=T0)
    run("INSERT INTO queue_items (id, campaign_id, customer_id, agent_id, status, priority,"
        " attempts, next_call_at, callback_at, recommendations, created_at, updated_at)"
        " VALUES ('q1', 'c1', 'k1', 'u1', 'open', 5, 1, NULL, NULL, '[]', :t, :t)", t=T0)
    run("INSERT INTO queue_assignments (queue_item_id, agent_id, assigned_at, assigned_by)"
        " VALUES ('q1', 'u1', :t, NULL)", t=T0)
    run("INSERT INTO call_outcomes (id, queue_item_id, customer_id, agent_id, campaign_id,"
        " disposition, objection, notes, offer_id, script_id, script_version, steps_taken,"
        " disclosures_ticked, call_started_at, talk_seconds, wrap_seconds, callback_at,"
        " created_at, received_at) VALUES ('o1', 'q1', 'k1', 'u1', 'c1', 'no_answer', NULL,"
        " 'rang out', NULL, NULL, NULL, '[]', '[]', :t, 0, 5, NULL, :t, :t)", t=T0)
    feed = [("campaign", "c1", None), ("dnc", "d1", None), ("queue_item", "q1", "u1")]
    if revision >= "0002":
        run("INSERT INTO agent_states (id, agent_id, state, reason, at, received_at)"
            " VALUES ('s1', 'u1', 'ready', NULL, :t, :t)", t=T0)
    if revision >= "0005":
        run("INSERT INTO queue_holds (agent_id, paused, reason, changed_by, changed_at)"
            " VALUES ('u1', :yes, 'coaching', 'u1', :t)", yes=True, t=T0)
        feed.append(("agent_control", "u1", "u1"))
    for seq, (kind, entity, user) in enumerate(feed, start=1):
        run("INSERT INTO sync_changes (seq, kind, entity_id, user_id, at)"
            " VALUES (:s, :k, :e, :u, :t)", s=seq, k=kind, e=entity, u=user, t=T0)
    run("UPDATE sync_counter SET value = :n WHERE id = 1", n=len(feed))


@pytest.mark.parametrize("revision", _revisions())
def test_data_of_each_released_revision_survives_the_upgrade(
    empty_url: str, revision: str
) -> None:
    cfg = alembic_config(empty_url)
    command.upgrade(cfg, revision)
    engine = make_engine(empty_url)
    try:
        with engine.begin() as conn:
            _insert_data(conn, revision)
        command.upgrade(cfg, "head")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT username, role FROM users")).all() == [
                ("agent1", "agent")]
            assert conn.execute(text("SELECT name, phone FROM customers")).all() == [
                ("Wang Fang", "+8613712345001")]
            assert conn.execute(text("SELECT status, attempts FROM queue_items")).all() == [
                ("open", 1)]
            assert conn.execute(text("SELECT disposition, notes FROM call_outcomes")).all() == [
                ("no_answer", "rang out")]
            assert conn.execute(text("SELECT phone FROM dnc_entries")).scalars().all() == [
                "+8613712345009"]
    finally:
        engine.dispose()

    with TestClient(create_app(empty_url)) as client:
        r = client.post("/api/v1/auth/login", json={"username": "agent1", "password": PASSWORD})
        assert r.status_code == 200, r.text
        headers = {"Authorization": f"Bearer {r.json()['token']}"}
        r = client.get("/api/v1/sync/pull", params={"since": 0, "limit": 100}, headers=headers)
        assert r.status_code == 200, r.text
        page = r.json()
    (item,) = page["queue_items"]
    assert (item["id"], item["customer"]["name"]) == ("q1", "Wang Fang")
    assert [h["disposition"] for h in item["history"]] == ["no_answer"]
    assert [c["code"] for c in page["campaigns"]] == ["DATAPK"]
    assert [d["phone_hash"] for d in page["dnc"]] == [phone_hash(DNC_PHONE)]
    if revision >= "0005":
        assert [(c["agent_id"], c["paused"]) for c in page["controls"]] == [("u1", True)]
