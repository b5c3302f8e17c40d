"""The mail room's letters (issue 21): the notices whose channel is a letter (a customer
who prefers the store, or prefers the web with no email address known) wait in
`verification_fallbacks` until the mail room takes a batch.

`take_batch` is the export: every letter due (not yet in a batch), oldest first, as CSV
with the text to print, and each is marked sent (`sent_at`, `batch_id`) in the same
transaction, with an audit entry naming who took how many: a letter is exported once. A
batch can be read again (`batch_rows`, a lost file or a jammed printer) without changing
anything; that read is audited too (the rows hold names and addresses).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server import audit
from server import models as m
from server.aftersale.models import LetterBatch, Order, VerificationFallback
from server.db import utcnow
from server.errors import ApiError
from wire import csvsafe
from wire.aftersale import FallbackChannel

COLUMNS = ("letter", "batch", "customer", "name", "postal_address", "region", "order",
           "offer", "text", "written_at")
BATCH_MAX = 5000


def _rows(session: Session, letters: list[VerificationFallback]) -> list[list[Any]]:
    if not letters:
        return []
    customers = {c.id: c for c in session.scalars(select(m.Customer).where(
        m.Customer.id.in_({x.customer_id for x in letters})))}
    offers = {oid: code for oid, code in session.execute(select(Order.id, m.Offer.code).join(
        m.Offer, m.Offer.id == Order.offer_id).where(
        Order.id.in_({x.order_id for x in letters})))}
    out = []
    for x in letters:
        c = customers.get(x.customer_id)
        out.append([x.id, x.batch_id or "", c.external_id if c else "", c.name if c else "",
                    c.postal_address if c else "", c.region if c else "", x.order_id,
                    offers.get(x.order_id, ""), x.text, x.created_at.isoformat()])
    return out


def due_count(session: Session) -> int:
    return len(list(session.scalars(_due().with_only_columns(VerificationFallback.id))))


def _due() -> Any:
    f = VerificationFallback
    return (select(f).where(f.channel == FallbackChannel.LETTER.value, f.batch_id.is_(None))
            .order_by(f.created_at, f.id))


def take_batch(session: Session, actor_id: str) -> tuple[str | None, list[list[Any]]]:
    """The letters due, marked sent in a new batch (the caller commits): (batch id or
    None when nothing was due, rows)."""
    letters = list(session.scalars(_due().limit(BATCH_MAX)))
    if not letters:
        return None, []
    now = utcnow()
    batch = LetterBatch(id=m.new_id(), created_by=actor_id, created_at=now,
                        letters=len(letters))
    session.add(batch)
    for x in letters:
        x.batch_id, x.sent_at = batch.id, now
    audit.record(session, actor_id=actor_id, action="letters.batch", entity="letter_batch",
                 entity_id=batch.id, letters=len(letters))
    return batch.id, _rows(session, letters)


def batch_rows(session: Session, batch_id: str, actor_id: str) -> list[list[Any]]:
    """A batch's letters again (audited; nothing else changes)."""
    if session.get(LetterBatch, batch_id) is None:
        raise ApiError(404, "not_found", "No such letter batch.")
    letters = list(session.scalars(select(VerificationFallback).where(
        VerificationFallback.batch_id == batch_id).order_by(
        VerificationFallback.created_at, VerificationFallback.id)))
    audit.record(session, actor_id=actor_id, action="letters.batch_read",
                 entity="letter_batch", entity_id=batch_id, letters=len(letters))
    return _rows(session, letters)


def to_csv(rows: Iterable[list[Any]]) -> bytes:
    return csvsafe.table_bytes(COLUMNS, rows)
