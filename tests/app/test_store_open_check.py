"""How much of the local file is checked at open: every page after a crash or a kill
(a write-ahead log left beside the file), the header, the key and the outbox after a
clean exit; a damaged page elsewhere is still never read as data (SQLCipher's HMAC)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import exc, text

from app.errors import LocalStoreError
from app.store import repo
from app.store.database import closed_cleanly, open_database

KEY = bytes(range(32))
PAGE = 4096  # SQLCipher's page size


def filled_store(path: Path) -> None:
    """A store closed cleanly, with a table of 600 rows of 2 KB (its pages fill the
    middle of the file) and one action in the outbox."""
    engine = open_database(path, KEY)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE filler (id INTEGER PRIMARY KEY, b BLOB)"))
        for i in range(600):
            conn.execute(text("INSERT INTO filler (b) VALUES (:b)"), {"b": bytes([i % 251]) * 2048})
        repo.set_meta(conn, repo.USER_ID, "agent-1")
    engine.dispose()
    assert closed_cleanly(path)


def damage_a_middle_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = len(data) // PAGE // 2
    data[page * PAGE + 100:page * PAGE + 300] = b"\xff" * 200
    path.write_bytes(bytes(data))


def test_the_log_of_an_open_store_is_gone_once_it_is_closed(tmp_path: Path) -> None:
    path = tmp_path / "agent1.sqlite3"
    engine = open_database(path, KEY)
    with engine.begin() as conn:
        repo.set_meta(conn, repo.USER_ID, "agent-1")
    assert not closed_cleanly(path), "open: its write-ahead log is beside it"
    engine.dispose()
    assert closed_cleanly(path)


def test_after_a_crash_every_page_is_checked_before_the_store_opens(tmp_path: Path) -> None:
    path = tmp_path / "agent1.sqlite3"
    filled_store(path)
    damage_a_middle_page(path)
    Path(f"{path}-wal").write_bytes(b"")  # what a killed process leaves (emptied here)
    before = path.read_bytes()
    with pytest.raises(LocalStoreError) as err:
        open_database(path, KEY)
    assert err.value.code == "corrupt" and path.read_bytes() == before


def test_after_a_clean_exit_a_damaged_page_is_refused_when_read(tmp_path: Path) -> None:
    path = tmp_path / "agent1.sqlite3"
    filled_store(path)
    damage_a_middle_page(path)
    engine = open_database(path, KEY)  # header, key and outbox are sound
    try:
        with engine.connect() as conn:
            assert repo.get_meta(conn, repo.USER_ID) == "agent-1"
            with pytest.raises((exc.DatabaseError, sqlcipher3.DatabaseError)):
                conn.execute(text("SELECT sum(length(b)) FROM filler")).scalar()
    finally:
        engine.dispose()


def test_a_wrong_key_and_garbage_are_refused_after_a_clean_exit(tmp_path: Path) -> None:
    path = tmp_path / "agent1.sqlite3"
    filled_store(path)
    with pytest.raises(LocalStoreError) as err:
        open_database(path, bytes(32))
    assert err.value.code == "corrupt"
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database" * 500)
    with pytest.raises(LocalStoreError) as err:
        open_database(garbage, KEY)
    assert err.value.code == "corrupt"
