"""The sending round both outboxes share (SMS: server/sms_send.py, email:
server/email_send.py): retries with backoff and the record of what was sent kept on the row.

A failed send is retried after 30 s, 1, 2, 4 ... minutes (at most an hour, with jitter),
MAX_ATTEMPTS times in all; then the row is `failed` with its last error. Each outbox names
its logger and masks its recipients in every log line.
"""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import utcnow
from server.sms import FAILED, QUEUED, SENT

MAX_ATTEMPTS = 8
FIRST_DELAY_S = 30.0
MAX_DELAY_S = 3600.0


class SendFailed(Exception):
    """The sender could not hand the message over; it will be retried."""


class OutboxRow(Protocol):
    """The columns of an outbox row the sending round reads and writes."""

    id: str
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str
    sender: str
    provider_ref: str
    sent_at: datetime | None


Row = TypeVar("Row", bound=OutboxRow)


def append_record(path: Path, record: dict[str, str]) -> str:
    """The file senders' hand-over: `record` and the time appended to `path` as one JSON
    line; returns '' (no provider reference). SendFailed when the file cannot be written."""
    line = json.dumps({**record, "at": utcnow().isoformat()}, ensure_ascii=False)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as f:
            f.write(line + "\n")
    except OSError as exc:
        raise SendFailed(f"cannot write {path}: {exc.strerror}") from exc
    return ""


def backoff(attempts: int, rand: Callable[[], float] = random.random) -> timedelta:
    """The wait after the `attempts`-th failure: truncated exponential with jitter."""
    base = min(MAX_DELAY_S, FIRST_DELAY_S * 2 ** max(0, attempts - 1))
    return timedelta(seconds=base * (0.75 + 0.5 * rand()))


def send_due_rows(session: Session, model: type[Row], send: Callable[[Row], str], *,
                  sender_name: str, log: logging.Logger, kind: str,
                  to: Callable[[Row], str], about: Callable[[Row], str] = lambda _: "",
                  now: datetime | None = None, limit: int = 100) -> tuple[int, int]:
    """Send the queued rows of `model` that are due through `send` (which returns the
    provider's reference or raises SendFailed); returns (sent, failed for now). The caller
    commits. Each row is locked (PostgreSQL: SKIP LOCKED) so two senders never send one
    message twice. Log lines name the message as `kind` and its id (then `about(row)` on
    success) and its recipient as `to(row)`, masked."""
    now = now or utcnow()
    table: Any = model  # its class attributes are columns; OutboxRow types the instances
    q = (select(model).where(table.status == QUEUED, table.next_attempt_at <= now)
         .order_by(table.next_attempt_at).limit(limit))
    if session.get_bind().dialect.name == "postgresql":
        q = q.with_for_update(skip_locked=True)
    sent = failed = 0
    for msg in session.scalars(q):
        msg.attempts += 1
        try:
            ref = send(msg)
        except SendFailed as exc:
            failed += 1
            msg.last_error = str(exc)[:500]
            if msg.attempts >= MAX_ATTEMPTS:
                msg.status = FAILED
                log.warning("%s %s to %s failed for good after %d attempts: %s", kind, msg.id,
                            to(msg), msg.attempts, exc)
            else:
                msg.next_attempt_at = now + backoff(msg.attempts)
                log.info("%s %s to %s not sent (attempt %d), retried later: %s", kind, msg.id,
                         to(msg), msg.attempts, exc)
            continue
        sent += 1
        msg.status, msg.sent_at, msg.sender, msg.provider_ref = SENT, now, sender_name, ref
        msg.last_error = ""
        log.info("%s %s%s sent to %s via %s", kind, msg.id, about(msg), to(msg), sender_name)
    return sent, failed
