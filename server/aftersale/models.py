"""Tables of the after-sale workspace (migration 0014, issue 21).

`orders`: one per sale (an accepted outcome naming an offer), made in the push's own
transaction; its state moves awaiting_verification -> confirmed -> activated / failed, or
to cancelled (verification reversed it, or the customer cancelled later).
`verifications`: the verifier's work items, a sale to confirm or a trial about to end.
`verification_attempts`: every outcome a verifier recorded (id = the client's action id,
so a replay is answered from here). `verification_fallbacks`: the letter, email or SMS
sent when a customer could not be reached (the text as sent).

No foreign key to call_outcomes: a push inserts its call records after the ORM's flush
(server/sync.py `Rows`), so the order written beside a call would be checked first.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.models import Base, new_id


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (Index("ix_orders_seller_sold", "seller_id", "sold_at"),
                      Index("ix_orders_campaign_state", "campaign_id", "state"))
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    call_id: Mapped[str] = mapped_column(String(64), unique=True)
    queue_item_id: Mapped[str] = mapped_column(String(36))
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    offer_id: Mapped[str] = mapped_column(ForeignKey("offers.id"))
    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaigns.id"))
    seller_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    verifier_id: Mapped[str | None] = mapped_column(String(36))
    state: Mapped[str] = mapped_column(String(24))
    price_yuan: Mapped[float] = mapped_column(Float)
    term_months: Mapped[int] = mapped_column(Integer)
    start_on: Mapped[date] = mapped_column(Date)
    trial_days: Mapped[int] = mapped_column(Integer, default=0)
    trial_ends_on: Mapped[date | None] = mapped_column(Date)
    sold_at: Mapped[datetime]
    confirmed_at: Mapped[datetime | None]
    confirmed_by: Mapped[str | None] = mapped_column(String(16))
    activated_at: Mapped[datetime | None]
    activation_reason: Mapped[str] = mapped_column(Text, default="")
    cancel_kind: Mapped[str | None] = mapped_column(String(24))
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    cancelled_on: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime]


class Verification(Base):
    __tablename__ = "verifications"
    __table_args__ = (Index("ix_verifications_open_due", "closed", "due_at"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(16))  # sale / trial_ending
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), index=True)
    seller_id: Mapped[str] = mapped_column(String(36))
    seller_team_id: Mapped[str | None] = mapped_column(String(36))
    due_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    closed: Mapped[bool] = mapped_column(default=False)
    outcome: Mapped[str | None] = mapped_column(String(24))
    verifier_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]


class VerificationAttempt(Base):
    __tablename__ = "verification_attempts"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # the client's action id
    verification_id: Mapped[str] = mapped_column(ForeignKey("verifications.id"), index=True)
    verifier_id: Mapped[str] = mapped_column(String(36))
    outcome: Mapped[str] = mapped_column(String(24))
    notes: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime]


class VerificationFallback(Base):
    __tablename__ = "verification_fallbacks"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    verification_id: Mapped[str] = mapped_column(ForeignKey("verifications.id"), index=True)
    order_id: Mapped[str] = mapped_column(String(36))
    customer_id: Mapped[str] = mapped_column(String(36))
    channel: Mapped[str] = mapped_column(String(8))  # sms / email / letter
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    # Letters: set when the mail room's batch exports it. An SMS or email notice is queued
    # in its outbox (server/sms.py, server/email_outbox.py; reason "verification:<id>"),
    # whose row says when it went.
    sent_at: Mapped[datetime | None]
    # A letter: the mail room's batch it was exported in (server/aftersale/letters.py)
    batch_id: Mapped[str | None] = mapped_column(String(36), index=True)


class LetterBatch(Base):
    """One export of the letters due to the mail room (migration 0020): who took it, when,
    how many; its letters name it (`verification_fallbacks.batch_id`)."""

    __tablename__ = "letter_batches"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_by: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime]
    letters: Mapped[int] = mapped_column(Integer)
