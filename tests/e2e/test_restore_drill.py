"""The restore drill (issue 23), on SQLite and PostgreSQL: back the server's database up
while it runs, write more, put the backup back, `callsheet-server mark-restored`, and
write on until the restored counter has climbed PAST the desktop's cursor. The desktop
must miss no change of the restored database and lose no action of its outbox.

Without the database generation the desktop would ask for `seq > cursor`, get only the
newest rows and silently skip the restored database's rows below its cursor (here: the
first do-not-call flags made after the restore). And the same for a feed compacted past
a desktop's cursor (`callsheet-server purge`)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text, update
from sqlalchemy.engine import make_url

from app.api_client import ApiClient
from app.services.workspace import Workspace
from app.store import repo
from app.store import tables as t
from server import models as m
from server.cli import main as server_cli
from server.db import make_engine
from server.lead.models import UserSeen
from server.orm import session_factory
from tests.conftest import account
from tests.e2e.desktop import midday_shift, no_answer, open_desktop
from tests.e2e.test_sync_live import server_outcomes
from tests.e2e.test_sync_trust import _give_item_of_another_agent
from tests.server.conftest import _pg_create, _pg_drop, backend  # noqa: F401 - fixture
from tests.support.live_server import LiveServer, seed_demo
from wire.schema import DncAction


@pytest.fixture
def drill_db(backend: str, tmp_path: Path) -> Iterator[str]:  # noqa: F811
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'server.sqlite3'}"
        return
    url = _pg_create()
    try:
        yield url
    finally:
        _pg_drop(url)


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def backup(url: str, to: Path) -> None:
    """Online, while the server runs: SQLite's backup API, or pg_dump."""
    if url.startswith("sqlite"):
        src = sqlite3.connect(url.removeprefix("sqlite:///"))
        dst = sqlite3.connect(to)
        with dst:
            src.backup(dst)
        src.close()
        dst.close()
    else:
        subprocess.run(["pg_dump", "-Fc", "-f", str(to), _libpq(url)], check=True)


def restore(url: str, frm: Path) -> None:
    """With the server stopped: the backup file put back, or pg_restore into a new
    database of the same name."""
    if url.startswith("sqlite"):
        main = Path(url.removeprefix("sqlite:///"))
        for f in (main.with_name(main.name + "-wal"), main.with_name(main.name + "-shm")):
            f.unlink(missing_ok=True)
        shutil.copyfile(frm, main)
        return
    name = make_url(url).database
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    subprocess.run(["pg_restore", "--no-owner", "-d", _libpq(url), str(frm)], check=True)


def _server_state(url: str) -> tuple[int, set[str], dict[str, str]]:
    """(top seq, do-not-call phone hashes, open items of every agent: id -> agent)."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            top = int(conn.scalar(select(m.SyncCounter.value)) or 0)
            dnc = set(conn.scalars(select(m.DncEntry.phone_hash)))
            items = {i: a for i, a in conn.execute(
                select(m.QueueItem.id, m.QueueItem.agent_id)
                .where(m.QueueItem.status == "open"))}
        return top, dnc, items
    finally:
        engine.dispose()


def _local(ws: Workspace) -> tuple[set[str], set[str]]:
    """A desktop's do-not-call hashes and open items."""
    with ws.engine.connect() as conn:
        return (set(conn.scalars(select(t.dnc.c.phone_hash))),
                set(conn.scalars(select(t.queue_items.c.id)
                                 .where(t.queue_items.c.status == "open"))))


def test_restored_database_whose_counter_climbed_past_the_cursor_misses_nothing(
    drill_db: str, tmp_path: Path
) -> None:
    url = drill_db
    creds = seed_demo(url, customers=120, seed=5)
    accts = creds["accounts"]
    srv = LiveServer(url, clock_shift=midday_shift()).start()
    ws = open_desktop(srv.url, account(accts, "agent"), tmp_path / "desk")
    admin = ApiClient(srv.url)
    admin.login(account(accts, "admin")["username"], account(accts, "admin")["password"])

    def flag(customer_id: str) -> None:
        res = admin.push([DncAction(action_id=str(uuid.uuid4()), created_at=datetime.now(UTC),
                                    customer_id=customer_id, reason="restore drill")])
        assert res.results[0].status == "accepted", res.results[0]

    try:
        ws.sync.run_once()
        rows = ws.queue.list_queue()
        dump = tmp_path / "backup.dump"
        backup(url, dump)  # while the server runs
        for r in rows[:4]:  # the feed moves on past the backup
            ws.queue.record_outcome(no_answer(r))
        _give_item_of_another_agent(url, ws.user.id)
        ws.sync.run_once()
        with ws.engine.connect() as conn:
            cursor = repo.cursor(conn)
            generation = repo.generation(conn)
        assert generation

        srv.stop()
        restore(url, dump)
        assert server_cli(["mark-restored", "--database-url", url]) == 0
        srv.restart()
        admin.login(account(accts, "admin")["username"], account(accts, "admin")["password"])

        waiting = ws.queue.record_outcome(no_answer(rows[5])).action_id  # in the outbox meanwhile
        # On the restored database: do-not-call flags on this agent's customers (each
        # closes their items) until its counter is past the desktop's cursor.
        flagged: list[str] = []
        for r in rows[6:]:
            top = _server_state(url)[0]
            if top > cursor + 2:
                break
            flag(ws.queue.detail(r.id).customer.id)
            flagged.append(r.id)
        top, dnc, open_items = _server_state(url)
        assert top > cursor + 2, "the restored counter must climb past the desktop's cursor"
        assert flagged

        ws.sync.run_once()
        with ws.engine.connect() as conn:
            assert repo.generation(conn) != generation
        local_dnc, local_open = _local(ws)
        assert dnc <= local_dnc, "every do-not-call flag of the restored database arrived"
        assert not set(flagged) & local_open, "items closed after the restore closed here"
        # The oracle: a desktop that never saw the old database holds the same.
        fresh = open_desktop(srv.url, account(accts, "agent"), tmp_path / "fresh")
        try:
            fresh.sync.run_once()
            assert _local(fresh) == (local_dnc, local_open)
        finally:
            fresh.close()
        assert set(open_items) & local_open == local_open
        assert ws.queue.pending_count() == 0
        assert server_outcomes(url, [waiting]) == {waiting: 1}, "the outbox was kept"
    finally:
        ws.close()
        srv.stop()



def _move_item_away(url: str, agent_id: str, item_id: str) -> None:
    """Reassign the desktop's item to another agent, through the server's rules."""
    from server.queue import reassign

    engine = make_engine(url)
    try:
        with session_factory(engine)() as s:
            item = s.get(m.QueueItem, item_id)
            other = s.scalars(select(m.User).where(m.User.role == "agent",
                                                   m.User.id != agent_id)).first()
            assert item is not None and other is not None
            reassign(s, item, other, actor_id=agent_id)
            s.commit()
    finally:
        engine.dispose()


def test_desktop_behind_a_compacted_feed_reads_again_from_zero(
    fresh_server: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, srv = fresh_server["db_url"], fresh_server["server"]
    ws = open_desktop(fresh_server["url"], account(fresh_server["accounts"], "agent"),
                      tmp_path / "desk")
    try:
        ws.sync.run_once()
        rows = ws.queue.list_queue()
        moved = rows[0].id
        _move_item_away(url, ws.user.id, moved)  # the desktop is away meanwhile
        waiting = ws.queue.record_outcome(no_answer(rows[1])).action_id
        # It was last seen long ago: the purge does not wait for it.
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(update(UserSeen).values(last_seen_at=datetime.now(UTC)
                                                 - timedelta(days=90)))
        engine.dispose()
        assert server_cli(["purge", "--database-url", url]) == 0
        assert "rows of closed or moved items deleted" in capsys.readouterr().out

        ws.sync.run_once()
        local_dnc, local_open = _local(ws)
        assert moved not in local_open, "the item moved away while the feed was compacted"
        assert server_outcomes(url, [waiting]) == {waiting: 1}, "the outbox was kept"
        fresh = open_desktop(srv.url, account(fresh_server["accounts"], "agent"),
                             tmp_path / "fresh")
        try:
            fresh.sync.run_once()
            assert _local(fresh) == (local_dnc, local_open)
        finally:
            fresh.close()
    finally:
        ws.close()
