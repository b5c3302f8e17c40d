"""The queue list reads plain columns (0003), never the JSON: the columns must say what
the JSON says, after a pull and after upgrading an older file, and the contact caps must
count the server's history from them exactly as before."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from alembic import command
from sqlalchemy import select

from app.services.queue import QueueService
from app.store import repo
from app.store import tables as t
from app.store.database import open_database
from app.store.migrate import alembic_config
from tests.support import synthetic
from wire.schema import Disposition, HistoryEntry

NOON = datetime(2026, 11, 24, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai, inside the window
EAST8 = timezone(timedelta(hours=8))


def test_contact_lines_compare_instants_whatever_the_offset() -> None:
    contacts = [(datetime(2026, 11, 24, 9, 0, tzinfo=EAST8), "a"),  # 01:00 UTC
                (datetime(2026, 11, 23, 20, 0, tzinfo=UTC), "b"),
                (datetime(2026, 10, 1, 0, 0, tzinfo=UTC), "c")]
    lines = repo.contact_lines(contacts)
    assert lines == ("2026-11-24T01:00:00.000 a\n2026-11-23T20:00:00.000 b\n"
                     "2026-10-01T00:00:00.000 c")
    since = datetime(2026, 11, 24, 8, 30, tzinfo=EAST8)  # 00:30 UTC
    assert repo.recent_contacts(lines, repo.contact_floor(since)) == [
        ("a", datetime(2026, 11, 24, 1, 0, tzinfo=UTC))]
    assert repo.recent_contacts(lines, repo.contact_floor(NOON - timedelta(days=30))) == [
        ("a", datetime(2026, 11, 24, 1, 0, tzinfo=UTC)),
        ("b", datetime(2026, 11, 23, 20, 0, tzinfo=UTC))]
    assert repo.recent_contacts(None, repo.contact_floor(since)) == []
    assert repo.contact_lines([]) is None


def _calls(n: int, hours_ago: float) -> list[HistoryEntry]:
    return [HistoryEntry(id=f"h-{hours_ago}-{k}", at=NOON - timedelta(hours=hours_ago, minutes=k),
                         agent_name="x", campaign_code="C00", disposition=Disposition.NO_ANSWER)
            for k in range(n)]


def test_the_caps_count_the_server_history_from_the_columns(tmp_path: Path) -> None:
    engine = open_database(tmp_path / "local.sqlite3")
    page = synthetic.build(engine, items=3, history=0, campaigns=1, now=NOON)
    cap = page.campaigns[0].max_calls_24h
    items = page.queue_items
    hist = {items[0].id: _calls(cap, 2),                 # the day's cap reached
            items[1].id: _calls(cap, 30),                # the same calls, yesterday
            items[2].id: _calls(cap, 24 * 40)}           # long ago
    page = page.model_copy(update={
        "cursor": 2, "queue_items": [qi.model_copy(update={"history": hist[qi.id]})
                                     for qi in items]})
    with engine.begin() as conn:
        repo.apply_pull(conn, page, now=NOON, clock_offset=0.0)
    q = QueueService(engine, agent_name="a", clock=lambda: NOON, monotonic=lambda: 0.0)
    rows = {r.id: r for r in q.list_queue()}
    assert rows[items[0].id].blocked_code == "cap_24h"
    assert rows[items[1].id].callable_now and rows[items[2].id].callable_now
    assert rows[items[0].id].top_offer == "10 GB data pack"
    assert rows[items[0].id].region == "江苏省 南京市"
    assert rows[items[0].id].timezone == "Asia/Shanghai"


def test_upgrading_fills_the_columns_from_the_json(tmp_path: Path) -> None:
    """A file from before 0003 gets the same columns a pull would have written."""
    old, new = tmp_path / "old.sqlite3", tmp_path / "new.sqlite3"
    command.upgrade(alembic_config(old), "0002")
    # 999.6 ms: SQLite rounds to the next second, a truncation would not (nor agree)
    page = synthetic.build(open_database(new), items=4, history=9, campaigns=2,
                           now=NOON.replace(microsecond=999_600))
    con = sqlite3.connect(old)
    with con:  # the rows as a 0002 desktop stored them (the same JSON, no new columns)
        src = sqlite3.connect(new)
        for table, cols in (("customers", "id, name, phone, phone_hash, data"),
                            ("queue_items", "id, campaign_id, customer_id, status, priority,"
                             " attempts, value_tier, next_call_at, callback_at, data")):
            rows = src.execute(f"SELECT {cols} FROM {table}").fetchall()
            marks = ", ".join("?" * len(rows[0]))
            con.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)
        src.close()
    con.close()
    upgraded = open_database(old)
    expected = open_database(new)
    query = select(t.queue_items.c.id, t.queue_items.c.top_offer_id, t.queue_items.c.contacts,
                   t.customers.c.timezone, t.customers.c.region).join(
        t.customers, t.customers.c.id == t.queue_items.c.customer_id).order_by(t.queue_items.c.id)
    with upgraded.connect() as a, expected.connect() as b:
        got, want = a.execute(query).all(), b.execute(query).all()
    assert got == want and len(got) == len(page.queue_items)
    assert all(row.contacts for row in got), "every item had history"
