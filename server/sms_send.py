"""Sending the SMS outbox (server/sms.py): a pluggable sender, retries with backoff, and the
record of what was sent kept on the row (`sent_at`, `sender`, `provider_ref`).

Senders, chosen by `CALLSHEET_SMS_SENDER` (`sender_from_setting`):
- `file:<path>` (the default, `file:` + `sms-sent.jsonl` in the working directory): each
  message appended as one JSON line (to, text, id, at): a stand-in for a gateway in
  development and tests;
- `http://...` or `https://...`: an HTTP gateway, POST of JSON {"to", "text", "id"} with
  `CALLSHEET_SMS_TOKEN` as a bearer token; a 2xx answer is sent (its JSON `id`, if any, is
  kept), anything else is retried.

A failed send is retried after 30 s, 1, 2, 4 ... minutes (at most an hour, with jitter),
MAX_ATTEMPTS times in all; then the row is `failed` with its last error. Phone numbers are
masked in every log line.
"""

from __future__ import annotations

import json
import logging
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import utcnow
from server.sms import FAILED, QUEUED, SENT, SmsMessage
from wire.quality import mask_e164

log = logging.getLogger("callsheet.sms")

MAX_ATTEMPTS = 8
FIRST_DELAY_S = 30.0
MAX_DELAY_S = 3600.0


class SendFailed(Exception):
    """The sender could not hand the message over; it will be retried."""


class Sender(Protocol):
    name: str

    def send(self, *, message_id: str, to: str, text: str) -> str:
        """Hand one message over; returns the provider's reference ('' if none)."""
        ...


@dataclass
class FileSender:
    path: Path
    name: str = "file"

    def send(self, *, message_id: str, to: str, text: str) -> str:
        line = json.dumps({"id": message_id, "to": to, "text": text,
                           "at": utcnow().isoformat()}, ensure_ascii=False)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as f:
                f.write(line + "\n")
        except OSError as exc:
            raise SendFailed(f"cannot write {self.path}: {exc.strerror}") from exc
        return ""


@dataclass
class HttpSender:
    url: str
    token: str = ""
    timeout: float = 10.0
    name: str = "http"
    transport: httpx.BaseTransport | None = None  # tests give a mock transport

    def send(self, *, message_id: str, to: str, text: str) -> str:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        try:
            with httpx.Client(timeout=self.timeout, transport=self.transport) as c:
                r = c.post(self.url, json={"id": message_id, "to": to, "text": text},
                           headers=headers)
        except httpx.HTTPError as exc:
            raise SendFailed(f"gateway unreachable: {type(exc).__name__}") from exc
        if not r.is_success:
            raise SendFailed(f"gateway answered {r.status_code}")
        try:
            ref = r.json().get("id", "") if r.content else ""
        except (ValueError, AttributeError):
            ref = ""
        return str(ref)[:100]


def sender_from_setting(value: str | None = None) -> Sender:
    raw = (value if value is not None else os.environ.get("CALLSHEET_SMS_SENDER", "")).strip()
    if raw.startswith(("http://", "https://")):
        return HttpSender(raw, os.environ.get("CALLSHEET_SMS_TOKEN", ""))
    path = raw.removeprefix("file:") if raw.startswith("file:") else ""
    return FileSender(Path(path or "sms-sent.jsonl"))


def backoff(attempts: int, rand: Callable[[], float] = random.random) -> timedelta:
    """The wait after the `attempts`-th failure: truncated exponential with jitter."""
    base = min(MAX_DELAY_S, FIRST_DELAY_S * 2 ** max(0, attempts - 1))
    return timedelta(seconds=base * (0.75 + 0.5 * rand()))


def send_due(session: Session, sender: Sender, *, now: datetime | None = None,
             limit: int = 100) -> tuple[int, int]:
    """Send the queued messages that are due; returns (sent, failed for now). The caller
    commits. Each row is locked (PostgreSQL: SKIP LOCKED) so two senders never send one
    message twice."""
    now = now or utcnow()
    q = (select(SmsMessage).where(SmsMessage.status == QUEUED,
                                  SmsMessage.next_attempt_at <= now)
         .order_by(SmsMessage.next_attempt_at).limit(limit))
    if session.get_bind().dialect.name == "postgresql":
        q = q.with_for_update(skip_locked=True)
    sent = failed = 0
    for msg in session.scalars(q):
        msg.attempts += 1
        try:
            ref = sender.send(message_id=msg.id, to=msg.phone, text=msg.body)
        except SendFailed as exc:
            failed += 1
            msg.last_error = str(exc)[:500]
            if msg.attempts >= MAX_ATTEMPTS:
                msg.status = FAILED
                log.warning("SMS %s to %s failed for good after %d attempts: %s", msg.id,
                            mask_e164(msg.phone), msg.attempts, exc)
            else:
                msg.next_attempt_at = now + backoff(msg.attempts)
                log.info("SMS %s to %s not sent (attempt %d), retried later: %s", msg.id,
                         mask_e164(msg.phone), msg.attempts, exc)
            continue
        sent += 1
        msg.status, msg.sent_at, msg.sender, msg.provider_ref = SENT, now, sender.name, ref
        msg.last_error = ""
        log.info("SMS %s (%s) sent to %s via %s", msg.id, msg.template,
                 mask_e164(msg.phone), sender.name)
    return sent, failed
