"""The pull's upserts go to the driver as tuples (repo._upsert): what they store must be
what SQLAlchemy's own execution of the same statement stores, new rows and conflicts."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from app.store import repo
from app.store import tables as t
from app.store.database import open_database

KEY = b"k" * 32


def _customers(suffix: str) -> list[dict[str, Any]]:
    return [{"id": f"c{i}", "name": f"客户 {i}{suffix}", "phone": f"+861380000{i:04d}",
             "phone_hash": f"{i:064x}", "timezone": "Asia/Shanghai" if i % 2 else "Asia/Urumqi",
             "region": None if i == 3 else "北京 '\"\\",
             "data": t.JsonText(f'{{"id":"c{i}","note":"{suffix}\\u2028"}}')}
            for i in range(7)]


def _items(suffix: str) -> list[dict[str, Any]]:
    return [{"id": f"q{i}", "campaign_id": "camp", "customer_id": f"c{i}",
             "status": "open" if i % 3 else "callback", "priority": i * 10 - 5,
             "attempts": i, "value_tier": "A1",
             "next_call_at": None if i % 2 else datetime(2026, 12, i + 1, 8, 0, 0, 123456 * i),
             "callback_at": None, "data": t.JsonText(f'{{"history":[],"s":"{suffix}"}}'),
             "top_offer_id": None if i == 2 else f"o{i}",
             "contacts": None if i % 2 else f"2026-12-01T00:00:00.000 h{i}\n2026-11-30 g"}
            for i in range(7)]


def _dump(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        return [list(conn.execute(select(table).order_by(table.c.id)))
                for table in (t.customers, t.queue_items)]


def test_the_driver_upsert_stores_what_the_statement_stores(tmp_path: Path) -> None:
    fast = open_database(tmp_path / "fast.sqlite3", KEY)
    slow = open_database(tmp_path / "slow.sqlite3")
    try:
        for suffix in ("", " again", " 再次"):  # inserts, then two rounds of conflicts
            customers, items = _customers(suffix), _items(suffix)
            with fast.begin() as conn:
                repo._upsert(conn, t.customers, customers)
                repo._upsert(conn, t.queue_items, items)
            with slow.begin() as conn:
                conn.execute(repo._upsert_stmt(t.customers), customers)
                conn.execute(repo._upsert_stmt(t.queue_items), items)
            assert _dump(fast) == _dump(slow)
        stored = _dump(fast)
        assert len(stored[0]) == 7 and stored[0][1].name == "客户 1 再次"
        assert stored[1][4].data == {"history": [], "s": " 再次"}
    finally:
        fast.dispose()
        slow.dispose()
