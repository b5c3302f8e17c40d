"""The outbox rows of call recordings (kind "recording"), in the caller's transaction.

A recording's row is written with its call's outcome (same transaction) and names the
call (`call_id`, the outcome's action id) and the WAV the SIP stack records into. It is
not a push action: the sync engine uploads it (app/recordings.py) once the server has
acknowledged its call, and deletes the row when the server holds the whole file.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, select, update

from app.store import repo
from app.store import tables as t

KIND = "recording"


def enqueue(conn: Connection, *, call_id: str, wav: str, now: datetime) -> None:
    # No queue item: a recording waiting to go up must not keep its item's local state
    # against the server's (repo.items_with_pending_actions).
    repo.enqueue(conn, action_id=str(uuid.uuid4()), kind=KIND,
                 payload={"kind": KIND, "call_id": call_id, "wav": wav}, queue_item_id=None,
                 now=now)


def pending(conn: Connection) -> list[dict[str, Any]]:
    q = (select(t.outbox.c.action_id, t.outbox.c.payload)
         .where(t.outbox.c.kind == KIND, t.outbox.c.state == "pending")
         .order_by(t.outbox.c.seq))
    return [dict(r) for r in conn.execute(q).mappings()]


def call_state(conn: Connection, call_id: str) -> str | None:
    """The outbox state of the call's own outcome row: None once the server acknowledged it."""
    q = select(t.outbox.c.state).where(t.outbox.c.action_id == call_id)
    return conn.execute(q).scalar()


def set_payload(conn: Connection, action_id: str, payload: dict[str, Any]) -> None:
    conn.execute(update(t.outbox).where(t.outbox.c.action_id == action_id)
                 .values(payload=payload))


def done(conn: Connection, action_id: str) -> None:
    conn.execute(delete(t.outbox).where(t.outbox.c.action_id == action_id))


def reject(conn: Connection, action_id: str, code: str, message: str) -> None:
    conn.execute(update(t.outbox).where(t.outbox.c.action_id == action_id)
                 .values(state="rejected", error_code=code, error_message=message))
