"""The local store at rest: encrypted, migrated once from plain files, purged, and honest
about a full disk or an unwritable folder."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, event, func, select, text

from app.errors import LocalStoreError, StorageUnavailable
from app.services.queue import QueueService
from app.store import purge, repo
from app.store import tables as t
from app.store.database import is_plain, open_database, quarantine
from app.store.migrate import alembic_config
from app.views import OutcomeDraft
from tests.support import synthetic
from tests.support.old_store import make_store_at
from wire.schema import Disposition

NOON = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai
KEY = bytes(range(32))


def on_disk(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def a_customer(engine: Engine) -> tuple[str, str]:
    with engine.connect() as conn:
        row = conn.execute(select(t.customers.c.name, t.customers.c.phone)).first()
    assert row is not None
    return row[0], row[1]


def test_the_file_on_disk_holds_no_customer_name_or_number(tmp_path: Path) -> None:
    plain_path, secret_path = tmp_path / "plain.sqlite3", tmp_path / "secret.sqlite3"
    plain, secret = open_database(plain_path), open_database(secret_path, KEY)
    for eng in (plain, secret):
        synthetic.build(eng, items=10, history=5, campaigns=1, now=NOON)
    name, phone = a_customer(secret)
    assert a_customer(plain) == (name, phone), "both stores hold the same customers"
    plain.dispose()
    secret.dispose()
    # The grep finds them in a plain file (so it would find them anywhere) ...
    assert name.encode() in on_disk(plain_path) and phone.encode() in on_disk(plain_path)
    # ... and not in the encrypted one, not even the subscriber part of the number.
    raw = on_disk(secret_path)
    assert name.encode() not in raw and phone.encode() not in raw
    assert phone[-8:].encode() not in raw and not is_plain(secret_path)


def test_a_plain_file_is_encrypted_once_keeping_the_outbox(tmp_path: Path) -> None:
    path = tmp_path / "agent1.sqlite3"
    pending = make_store_at(path, "0001", pending=4, rejected=1)  # an older release's file
    con = sqlite3.connect(path)
    with con:
        con.execute("INSERT INTO customers (id, name, phone, phone_hash, data) VALUES "
                    "('cu-x', '王秀英', '+8613912345678', 'hx', '{}')")
    con.close()
    assert "王秀英".encode() in on_disk(path)

    engine = open_database(path, KEY)
    head = ScriptDirectory.from_config(alembic_config(path)).get_current_head()
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head
        assert [a["action_id"] for a in repo.pending_actions(conn, 100)] == pending
        assert len(repo.rejected_actions(conn)) == 1
        assert repo.cursor(conn) == 17
    engine.dispose()
    assert "王秀英".encode() not in on_disk(path)
    assert b"13912345678" not in on_disk(path)
    leftovers = [p for p in tmp_path.iterdir() if p.name != path.name and is_plain(p)]
    assert leftovers == [], "no plain copy of the customer data stays behind"

    again = open_database(path, KEY)  # the next start: nothing to encrypt or migrate
    with again.connect() as conn:
        assert repo.pending_count(conn) == 4
    again.dispose()


def test_another_key_cannot_open_it_and_the_damaged_file_path_still_works(
    tmp_path: Path,
) -> None:
    path = tmp_path / "agent1.sqlite3"
    open_database(path, KEY).dispose()
    before = path.read_bytes()
    with pytest.raises(LocalStoreError) as err:
        open_database(path, bytes(32))
    assert err.value.code == "corrupt" and path.read_bytes() == before
    moved = quarantine(err.value.path)  # type: ignore[attr-defined]
    assert moved.read_bytes() == before, "kept, never deleted"
    open_database(path, bytes(32)).dispose()  # a fresh store opens after it


# ------------------------------------------------------------------ retention


def test_purge_keeps_assigned_recent_and_outbox_customers_only(tmp_path: Path) -> None:
    engine = open_database(tmp_path / "local.sqlite3", KEY)
    synthetic.build(engine, items=6, history=0, campaigns=1, now=NOON)
    q = QueueService(engine, agent_name="a", clock=lambda: NOON)
    with engine.connect() as conn:
        items = conn.execute(select(t.queue_items.c.id, t.queue_items.c.customer_id)
                             .order_by(t.queue_items.c.id)).all()
    called, flagged, pending, stale, left = items[0], items[1], items[2], items[3], items[4]
    q.record_outcome(OutcomeDraft(queue_item_id=called[0], disposition=Disposition.NO_ANSWER,
                                  call_started_at=NOON - timedelta(minutes=1)))
    q.record_outcome(OutcomeDraft(queue_item_id=pending[0], disposition=Disposition.BUSY,
                                  call_started_at=NOON - timedelta(minutes=1)))
    q.flag_dnc(flagged[0], "asked")
    with engine.begin() as conn:
        # The server acknowledged the first outcome; the other two are still pending.
        conn.execute(t.outbox.delete().where(t.outbox.c.queue_item_id == called[0]))
        # The stale customer was called here 40 days ago (acknowledged long since).
        conn.execute(t.calls.insert().values(
            id="old-call", queue_item_id=stale[0], customer_id=stale[1], phone_hash="x",
            disposition="no_answer", created_at=repo.to_db(NOON - timedelta(days=40)),
            data={}))
        # None of these items is assigned any more (the pull removed them).
        conn.execute(t.queue_items.delete().where(
            t.queue_items.c.id.in_([called[0], flagged[0], pending[0], stale[0], left[0]])))
        gone = purge.purge_customers(conn, now=NOON, retention_days=30)
    with engine.connect() as conn:
        kept = set(conn.execute(select(t.customers.c.id)).scalars())
        old_calls = conn.execute(select(func.count()).select_from(t.calls)
                                 .where(t.calls.c.id == "old-call")).scalar()
    assert called[1] in kept, "called today: within the retention"
    assert pending[1] in kept and flagged[1] in kept, "an outbox row names them"
    assert items[5][1] in kept, "still assigned"
    assert stale[1] not in kept and left[1] not in kept
    assert gone == 2 and old_calls == 0
    with engine.begin() as conn:  # a server asking for no retention drops the called one too
        purge.purge_customers(conn, now=NOON + timedelta(minutes=1), retention_days=0)
        assert called[1] not in set(conn.execute(select(t.customers.c.id)).scalars())
        assert pending[1] in set(conn.execute(select(t.customers.c.id)).scalars())
    # ... but today's call records (no name, no number) stay: the day's figures hold.
    assert q.day_stats(ZoneInfo("Asia/Shanghai")).calls == 2


def test_pull_response_carries_a_default_retention() -> None:
    from wire.schema import PullResponse

    page = PullResponse.model_validate({"cursor": 1, "has_more": False,
                                        "server_time": NOON.isoformat()})
    assert page.local_retention_days == 30


# ------------------------------------------------------- disk full / read-only


def test_a_full_disk_is_the_apps_own_message_and_nothing_is_half_saved(
    tmp_path: Path,
) -> None:
    engine = open_database(tmp_path / "local.sqlite3", KEY)
    synthetic.build(engine, items=3, history=0, campaigns=1, now=NOON)
    engine.dispose()

    @event.listens_for(engine, "connect")
    def _full(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        # SQLite's own quota: the file cannot grow past its current size (SQLITE_FULL).
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    q = QueueService(engine, agent_name="a", clock=lambda: NOON)
    item = q.list_queue()[0].id
    with pytest.raises(StorageUnavailable) as err:
        q.record_outcome(OutcomeDraft(
            queue_item_id=item, disposition=Disposition.NO_ANSWER,
            call_started_at=NOON - timedelta(minutes=1), notes="x" * 2000))
    assert "Nothing was saved" in err.value.message and "disk" in err.value.message
    assert "sqlite" not in err.value.message.lower()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM outbox")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM calls")).scalar() == 0


def test_a_data_folder_that_cannot_be_written_is_the_apps_own_message(
    tmp_path: Path,
) -> None:
    blocked = tmp_path / "data"
    blocked.write_text("a file where the data folder should be")  # mkdir fails (ENOTDIR)
    with pytest.raises(StorageUnavailable) as err:
        open_database(blocked / "server" / "agent1.sqlite3", KEY)
    assert "Nothing was saved" in err.value.message


@pytest.mark.skipif(os.geteuid() != 0, reason="needs a read-only bind mount (root)")
def test_a_read_only_data_folder_is_the_apps_own_message(tmp_path: Path) -> None:
    import subprocess

    folder = tmp_path / "ro"
    folder.mkdir()
    open_database(folder / "agent1.sqlite3", KEY).dispose()
    mounted = subprocess.run(["mount", "--bind", "-o", "ro", str(folder), str(folder)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("this machine does not allow bind mounts")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=False)
        with pytest.raises(StorageUnavailable) as err:
            open_database(folder / "agent1.sqlite3", KEY)
        assert "Nothing was saved" in err.value.message
    finally:
        subprocess.run(["umount", str(folder)], check=False)
