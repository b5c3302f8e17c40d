"""Upgrading a desktop: an older local database is backed up, migrated, and loses nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from app.store import repo
from app.store.database import alembic_config, open_database
from tests.support.old_store import make_store_at


def test_store_at_0001_upgrades_to_head_keeping_every_pending_action(tmp_path: Path) -> None:
    path = tmp_path / "agent1.sqlite3"
    pending_ids = make_store_at(path, "0001", pending=7, rejected=2)
    head = ScriptDirectory.from_config(alembic_config(path)).get_current_head()
    assert head != "0001", "this test needs a migration after 0001"

    engine = open_database(path)

    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head
        assert [a["action_id"] for a in repo.pending_actions(conn, 100)] == pending_ids
        assert repo.pending_count(conn) == 7
        assert len(repo.rejected_actions(conn)) == 2
        assert repo.cursor(conn) == 17
    engine.dispose()

    backups = list(tmp_path.glob(f"agent1.before-{head}-*.bak"))
    assert len(backups) == 1, "a migration is preceded by a copy of the file"
    con = sqlite3.connect(backups[0])
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert con.execute("SELECT count(*) FROM outbox WHERE state='pending'").fetchone() == (7,)
    finally:
        con.close()


def test_head_has_the_indexes_the_pending_and_day_queries_use(tmp_path: Path) -> None:
    path = tmp_path / "fresh.sqlite3"
    open_database(path).dispose()
    con = sqlite3.connect(path)
    try:
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        plan = " ".join(str(r) for r in con.execute(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM outbox WHERE state='pending'"))
    finally:
        con.close()
    assert {"ix_outbox_state", "ix_calls_created_at"} <= names
    assert "ix_outbox_state" in plan
