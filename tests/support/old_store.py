"""Build a local database as an older desktop left it (no committed .sqlite files).

`make_store_at(path, "0001")` runs the real migrations up to that revision and fills
it with raw SQL written against that revision's columns, so the fixture does not
follow later changes to app/store/tables.py.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

from alembic import command

from app.store.migrate import alembic_config


def make_store_at(path: Path, revision: str, *, pending: int = 5, rejected: int = 1
                  ) -> list[str]:
    """Create `path` at `revision` with outbox rows; returns the pending action ids."""
    command.upgrade(alembic_config(path), revision)
    con = sqlite3.connect(path)
    ids = [str(uuid.uuid4()) for _ in range(pending)]
    with con:
        con.execute("INSERT INTO meta (key, value) VALUES ('cursor', '17')")
        for n, action_id in enumerate(ids):
            con.execute(
                "INSERT INTO outbox (action_id, kind, queue_item_id, payload, created_at,"
                " state, attempts) VALUES (?, 'outcome', ?, ?, ?, 'pending', ?)",
                (action_id, f"qi-{n}", json.dumps({"action_id": action_id, "n": n}),
                 f"2026-11-2{n % 3} 09:0{n % 10}:00.000000", n % 2),
            )
            con.execute(
                "INSERT INTO calls (id, queue_item_id, customer_id, phone_hash, disposition,"
                " created_at, data) VALUES (?, ?, ?, ?, 'no_answer', ?, '{}')",
                (action_id, f"qi-{n}", f"cu-{n}", f"h{n}",
                 f"2026-11-2{n % 3} 09:0{n % 10}:00.000000"),
            )
        for _ in range(rejected):
            con.execute(
                "INSERT INTO outbox (action_id, kind, payload, created_at, state, attempts,"
                " error_code, error_message) VALUES (?, 'dnc', '{}', '2026-11-20 08:00:00',"
                " 'rejected', 1, 'invalid', 'bad')",
                (str(uuid.uuid4()),),
            )
    con.close()
    return ids
