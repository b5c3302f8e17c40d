"""The email outbox (migration 0020): what is to be, and what was, emailed to a customer;
today the notice to a customer the verifier could not reach (server/aftersale/verify.py).

Like the SMS outbox (server/sms.py): `queue_email` writes a message in the caller's
transaction (it exists exactly when what caused it was committed), `server.email_send`
sends what is due through a pluggable sender and keeps the record of what was sent on
the row. A row is never deleted: it is the record. The same rule holds: a text with a
link that asks for payment is refused (`server.sms.asks_payment_by_link`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, Session, mapped_column

from server.db import utcnow
from server.models import Base, Customer, new_id
from server.sms import QUEUED, SmsRefused, asks_payment_by_link


class EmailMessage(Base):
    __tablename__ = "email_outbox"
    __table_args__ = (Index("ix_email_outbox_status_next", "status", "next_attempt_at"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    customer_id: Mapped[str] = mapped_column(String(36), index=True)
    address: Mapped[str] = mapped_column(String(254))  # as sent
    subject: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(String(200))  # e.g. "verification:<id>"
    body: Mapped[str] = mapped_column(Text)  # exactly as sent
    status: Mapped[str] = mapped_column(String(16))  # queued / sent / failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str] = mapped_column(Text, default="")
    sender: Mapped[str] = mapped_column(String(32), default="")
    provider_ref: Mapped[str] = mapped_column(String(200), default="")  # e.g. Message-ID
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


def queue_email(session: Session, *, customer: Customer, subject: str, body: str,
                reason: str) -> EmailMessage:
    """Write a message to the outbox in the caller's transaction (nothing is sent here).
    Raises SmsRefused (the shared rule) and ValueError when the customer has no address."""
    if not customer.email:
        raise ValueError("the customer has no email address")
    if asks_payment_by_link(subject) or asks_payment_by_link(body):
        raise SmsRefused("the email would hold a link asking for payment")
    now = utcnow()
    row = EmailMessage(id=new_id(), customer_id=customer.id, address=customer.email,
                       subject=subject[:200], reason=reason[:200], body=body, status=QUEUED,
                       attempts=0, next_attempt_at=now, last_error="", sender="",
                       provider_ref="", created_at=now, sent_at=None)
    session.add(row)
    return row
