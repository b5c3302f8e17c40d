"""Sending the email outbox (server/email_outbox.py): a pluggable sender, retries with the
outboxes' backoff (server/outbox_send.py), and the record of what was sent kept on the row
(`sent_at`, `sender`, `provider_ref`).

Senders, chosen by `CALLSHEET_EMAIL_SENDER` (`sender_from_setting`):
- `file:<path>` (the default, `file:` + `email-sent.jsonl` in the working directory): each
  message appended as one JSON line (to, subject, text, id, at): the stand-in for a mail
  server in development and tests;
- `smtp://host[:port]` (STARTTLS when the server offers it; `CALLSHEET_SMTP_STARTTLS=0`
  never, `=1` always, refusing a server without it) or `smtps://host[:port]` (TLS from the
  start): Python's smtplib. `CALLSHEET_EMAIL_FROM` is the sender address,
  `CALLSHEET_SMTP_USER` the login (none: no login), and the password comes from
  `CALLSHEET_SMTP_PASSWORD_FILE` (a secret file, e.g. a systemd credential or a mounted
  secret) or `CALLSHEET_SMTP_PASSWORD`. The password is never logged, never in an error
  text and never in the sender's repr.

Addresses are masked in every log line (`mask_address`).
"""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage as Mime
from email.utils import make_msgid
from pathlib import Path
from typing import Protocol

from sqlalchemy.orm import Session

from server.email_outbox import EmailMessage
from server.outbox_send import SendFailed, append_record, send_due_rows

log = logging.getLogger("callsheet.email")


def mask_address(address: str) -> str:
    """z***@example.com: enough to tell two apart in a log, not to write to."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


class EmailSender(Protocol):
    name: str

    def send(self, *, message_id: str, to: str, subject: str, text: str) -> str:
        """Hand one message over; returns the provider's reference ('' if none)."""
        ...


@dataclass
class FileEmailSender:
    path: Path
    name: str = "file"

    def send(self, *, message_id: str, to: str, subject: str, text: str) -> str:
        return append_record(self.path, {"id": message_id, "to": to, "subject": subject,
                                         "text": text})


@dataclass
class SmtpSender:
    host: str
    port: int
    sender_address: str
    user: str = ""
    password: str = field(default="", repr=False)  # never shown
    tls: bool = False  # smtps: TLS from the first byte
    starttls: str = "auto"  # auto / always / never
    timeout: float = 20.0
    context: ssl.SSLContext | None = field(default=None, repr=False)  # tests: a test CA
    name: str = "smtp"

    def send(self, *, message_id: str, to: str, subject: str, text: str) -> str:
        msg = Mime()
        msg["From"], msg["To"], msg["Subject"] = self.sender_address, to, subject
        domain = self.sender_address.partition("@")[2] or None
        msg["Message-ID"] = make_msgid(idstring=message_id.replace("-", ""), domain=domain)
        msg.set_content(text)
        context = self.context or ssl.create_default_context()
        try:
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout,
                                                  context=context) if self.tls \
                else smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            with smtp:
                smtp.ehlo()
                if not self.tls and self.starttls != "never":
                    if smtp.has_extn("starttls"):
                        smtp.starttls(context=context)
                        smtp.ehlo()
                    elif self.starttls == "always":
                        raise SendFailed("the mail server offers no STARTTLS")
                if self.user:
                    smtp.login(self.user, self.password)
                smtp.send_message(msg)
        except SendFailed:
            raise
        except smtplib.SMTPAuthenticationError as exc:
            raise SendFailed(f"the mail server refused the login ({exc.smtp_code})") from None
        except smtplib.SMTPResponseException as exc:
            raise SendFailed(f"the mail server answered {exc.smtp_code}") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise SendFailed(f"mail server unreachable: {type(exc).__name__}") from None
        return str(msg["Message-ID"])[:200]


def _password() -> str:
    path = os.environ.get("CALLSHEET_SMTP_PASSWORD_FILE", "").strip()
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            log.warning("CALLSHEET_SMTP_PASSWORD_FILE cannot be read: %s", exc.strerror)
            return ""
    return os.environ.get("CALLSHEET_SMTP_PASSWORD", "")


def sender_from_setting(value: str | None = None) -> EmailSender:
    raw = (value if value is not None else os.environ.get("CALLSHEET_EMAIL_SENDER", "")).strip()
    if raw.startswith(("smtp://", "smtps://")):
        tls = raw.startswith("smtps://")
        hostport = raw.split("://", 1)[1].rstrip("/")
        host, _, port = hostport.rpartition(":") if ":" in hostport else (hostport, "", "")
        mode = {"0": "never", "1": "always"}.get(
            os.environ.get("CALLSHEET_SMTP_STARTTLS", "").strip(), "auto")
        return SmtpSender(host=host or hostport, port=int(port) if port else (465 if tls else 25),
                          sender_address=os.environ.get("CALLSHEET_EMAIL_FROM",
                                                        "noreply@localhost"),
                          user=os.environ.get("CALLSHEET_SMTP_USER", ""), password=_password(),
                          tls=tls, starttls=mode)
    path = raw.removeprefix("file:") if raw.startswith("file:") else ""
    return FileEmailSender(Path(path or "email-sent.jsonl"))


def send_due(session: Session, sender: EmailSender, *, now: datetime | None = None,
             limit: int = 100) -> tuple[int, int]:
    """Send the queued emails that are due; returns (sent, failed for now). The caller
    commits (server/outbox_send.py: locking, retries and the record on the row)."""
    return send_due_rows(
        session, EmailMessage,
        lambda msg: sender.send(message_id=msg.id, to=msg.address, subject=msg.subject,
                                text=msg.body),
        sender_name=sender.name, log=log, kind="email",
        to=lambda msg: mask_address(msg.address), now=now, limit=limit)
