"""Upgrading a desktop: an older local database is backed up, migrated, and loses nothing."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from app.store import repo
from app.store.database import SCHEMA_HEAD, open_database
from app.store.migrate import alembic_config, head_revision
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


def test_the_cheap_head_check_names_the_scripts_head(tmp_path: Path) -> None:
    """A file at SCHEMA_HEAD opens without Alembic: the constant must follow db/migrations
    (add a revision there, move the constant with it)."""
    assert head_revision(tmp_path / "any.sqlite3") == SCHEMA_HEAD


def test_a_file_at_head_opens_without_importing_alembic(tmp_path: Path) -> None:
    """Alembic with Mako is a third of a cold start: a file already at the head must not
    import it. Checked in a fresh interpreter (this one has Alembic loaded already)."""
    path = tmp_path / "agent1.sqlite3"
    open_database(path).dispose()
    code = ("import sys; from pathlib import Path; from app.store.database import open_database;"
            f"open_database(Path({str(path)!r})).dispose();"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[2]).stdout
    assert out.strip() == "[]"
