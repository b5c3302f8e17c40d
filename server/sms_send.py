"""Sending the SMS outbox (server/sms.py): a pluggable sender, retries with backoff, and the
record of what was sent kept on the row (`sent_at`, `sender`, `provider_ref`).

Senders, chosen by `CALLSHEET_SMS_SENDER` (`sender_from_setting`):
- `file:<path>` (the default, `file:` + `sms-sent.jsonl` in the working directory): each
  message appended as one JSON line (to, text, id, at): a stand-in for a gateway in
  development and tests;
- `http://...` or `https://...`: an HTTP gateway, POST of JSON {"to", "text", "id"} with
  `CALLSHEET_SMS_TOKEN` as a bearer token; a 2xx answer is sent (its JSON `id`, if any, is
  kept), anything else is retried.

A failed send is retried with backoff (server/outbox_send.py, whose MAX_ATTEMPTS,
SendFailed and backoff this module passes on). Phone numbers are masked in every log line.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

import httpx
from sqlalchemy.orm import Session

from server.outbox_send import MAX_ATTEMPTS as MAX_ATTEMPTS
from server.outbox_send import SendFailed as SendFailed
from server.outbox_send import append_record, send_due_rows
from server.outbox_send import backoff as backoff
from server.sms import SmsMessage
from wire.quality import mask_e164

log = logging.getLogger("callsheet.sms")

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
        return append_record(self.path, {"id": message_id, "to": to, "text": text})


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


def send_due(session: Session, sender: Sender, *, now: datetime | None = None,
             limit: int = 100) -> tuple[int, int]:
    """Send the queued messages that are due; returns (sent, failed for now). The caller
    commits (server/outbox_send.py: locking, retries and the record on the row)."""
    return send_due_rows(
        session, SmsMessage,
        lambda msg: sender.send(message_id=msg.id, to=msg.phone, text=msg.body),
        sender_name=sender.name, log=log, kind="SMS", to=lambda msg: mask_e164(msg.phone),
        about=lambda msg: f" ({msg.template})", now=now, limit=limit)
