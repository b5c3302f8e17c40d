"""Sending the outboxes (SMS: server/sms_send.py, email: server/email_send.py): one round
of each, shared by the commands (`callsheet-server send-sms`, `send-email`, run from cron
or a timer) and by the optional background sender inside the server process.

The background sender is off by default. `CALLSHEET_SEND_EVERY_SECONDS` (e.g. 30) starts
one thread per server process that sends a round of both outboxes every that many
seconds, with the senders the commands use by default (`CALLSHEET_SMS_SENDER`,
`CALLSHEET_EMAIL_SENDER`) and at most `CALLSHEET_SEND_BATCH` (50) messages of each per
round. Several processes (`serve --workers N`, several machines) may all run it: each
message is locked while it is sent (PostgreSQL: SKIP LOCKED; SQLite: the round's write
transaction), so none is sent twice. On SQLite a round holds the write lock while it
sends, so keep the batch small there. A failed round is logged and the next one runs.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from server import email_send, sms_send

log = logging.getLogger("callsheet.outbox")


@dataclass(frozen=True)
class Round:
    sms_sent: int = 0
    sms_failed: int = 0
    email_sent: int = 0
    email_failed: int = 0


def send_sms(factory: sessionmaker[Session], sender: sms_send.Sender, *,
             limit: int) -> tuple[int, int]:
    """One round of the SMS outbox in its own transaction: (sent, failed for now)."""
    with factory() as s:
        sent, failed = sms_send.send_due(s, sender, limit=limit)
        s.commit()
    return sent, failed


def send_email(factory: sessionmaker[Session], sender: email_send.EmailSender, *,
               limit: int) -> tuple[int, int]:
    """One round of the email outbox in its own transaction: (sent, failed for now)."""
    with factory() as s:
        sent, failed = email_send.send_due(s, sender, limit=limit)
        s.commit()
    return sent, failed


def send_round(factory: sessionmaker[Session], *, sms: sms_send.Sender,
               email: email_send.EmailSender, limit: int) -> Round:
    a, b = send_sms(factory, sms, limit=limit)
    c, d = send_email(factory, email, limit=limit)
    return Round(a, b, c, d)


def _setting(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        log.warning("%s is not a number; %s is used", name, default)
        return default


class BackgroundSender:
    """A daemon thread sending a round every `every` seconds until `stop()`."""

    def __init__(self, factory: sessionmaker[Session], every: float, *,
                 sms: sms_send.Sender, email: email_send.EmailSender, limit: int) -> None:
        self.factory, self.every, self.limit = factory, every, limit
        self.sms, self.email = sms, email
        self.rounds = 0  # rounds finished (tests wait on it)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="outbox-sender", daemon=True)

    def start(self) -> BackgroundSender:
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                r = send_round(self.factory, sms=self.sms, email=self.email, limit=self.limit)
                if r.sms_sent or r.sms_failed or r.email_sent or r.email_failed:
                    log.info("outboxes: %d SMS sent, %d to retry; %d emails sent, %d to retry",
                             r.sms_sent, r.sms_failed, r.email_sent, r.email_failed)
            except Exception:  # a failed round (the database away) must not end the loop
                log.exception("outbox round failed; the next one runs in %.0f s", self.every)
            self.rounds += 1
            self._stop.wait(self.every)

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)


def start_from_settings(factory: sessionmaker[Session]) -> BackgroundSender | None:
    """The background sender when `CALLSHEET_SEND_EVERY_SECONDS` is above 0, else None."""
    every = _setting("CALLSHEET_SEND_EVERY_SECONDS", 0.0)
    if every <= 0:
        return None
    limit = max(1, int(_setting("CALLSHEET_SEND_BATCH", 50)))
    log.info("background sender: the SMS and email outboxes every %.0f s", every)
    return BackgroundSender(factory, max(every, 1.0), sms=sms_send.sender_from_setting(),
                            email=email_send.sender_from_setting(), limit=limit).start()
