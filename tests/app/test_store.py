"""The local store: migrations own the schema, damage is reported, not papered over."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from app.errors import LocalStoreError
from app.store import repo
from app.store.database import open_database
from app.store.tables import metadata


def test_migrations_create_exactly_the_declared_tables(tmp_path: Path) -> None:
    engine = open_database(tmp_path / "local.sqlite3")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_reopening_keeps_data_and_does_not_migrate_again(tmp_path: Path) -> None:
    path = tmp_path / "local.sqlite3"
    engine = open_database(path)
    with engine.begin() as conn:
        repo.set_meta(conn, repo.CURSOR, "42")
    engine.dispose()
    engine = open_database(path)
    with engine.connect() as conn:
        assert repo.cursor(conn) == 42
    assert not list(tmp_path.glob("*.bak")), "an up-to-date database needs no backup"


def test_corrupt_database_is_reported_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "local.sqlite3"
    garbage = b"this is not a database" * 100
    path.write_bytes(garbage)
    with pytest.raises(LocalStoreError) as err:
        open_database(path)
    assert err.value.code == "corrupt"
    assert path.read_bytes() == garbage


def test_old_unversioned_file_is_backed_up_before_migrating(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "local.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE leftover (x)")
    con.commit()
    con.close()
    open_database(path)
    backups = list(tmp_path.glob("local.before-*.bak"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("SELECT name FROM sqlite_master").fetchall() == [("leftover",)]
    con.close()


def test_quarantine_moves_damaged_file_aside_and_a_fresh_one_opens(tmp_path: Path) -> None:
    from app.store.database import quarantine

    path = tmp_path / "local.sqlite3"
    path.write_bytes(b"garbage" * 200)
    with pytest.raises(LocalStoreError) as err:
        open_database(path)
    moved = quarantine(err.value.path)  # type: ignore[attr-defined]
    assert moved.read_bytes() == b"garbage" * 200, "the damaged file is kept, not deleted"
    assert not path.exists()
    engine = open_database(path)
    with engine.connect() as conn:
        assert repo.cursor(conn) == 0
