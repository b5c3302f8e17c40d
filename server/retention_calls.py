"""Retention of call records (`call_outcomes`), part of `callsheet-server purge`.

The policy (docs/deployment.md "Retention", from the domain brief's compliance rules):
call records are evidence in disputes, kept unaltered (only annotated) while they may be
needed; for a sale of a product with a term (an insurance-type contract, `offers.
term_months`) that is at least two years past the contract's end. So:

- a call record is kept whole for `call_age` (default 730 days = two years,
  CALLSHEET_CALL_RETENTION_DAYS or `--call-age-days`; never less than MIN_CALL_AGE) after
  the call; a sale of an offer with a term, for the term plus `call_age` (a month counted
  as 31 days: never shorter than the calendar);
- past that it is **anonymised, not deleted**: the agent's free-text notes (the one part
  of the record that may name or describe the person beyond the customer link) are
  erased (and the run counted in the audit log). The row stays: the disposition, times and talk
  seconds still count in the team figures, QA scores and verification calls still point
  at it, and a desktop resending that action still gets its honest duplicate answer.

Recordings have their own retention (their own part of purge); customer
records belong to the operator's import (planning) and are not touched here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, false, func, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from server import audit
from server import models as m
from server.retention import configured_age

DEFAULT_CALL_AGE = timedelta(days=730)
MIN_CALL_AGE = timedelta(days=730)  # the brief's floor: two years
DAYS_PER_MONTH = 31


class CallRetentionTooShort(ValueError):
    pass


def call_age(days: float | None = None) -> timedelta:
    """The configured age (argument, else CALLSHEET_CALL_RETENTION_DAYS, else 730 days);
    shorter than MIN_CALL_AGE is refused."""
    return configured_age(
        days, env="CALLSHEET_CALL_RETENTION_DAYS", default=DEFAULT_CALL_AGE,
        minimum=MIN_CALL_AGE, too_short=CallRetentionTooShort,
        why=f"Call records must be kept at least {MIN_CALL_AGE.days} days (two years: they "
            "are evidence in disputes)")


@dataclass(frozen=True)
class CallRecordReport:
    anonymised: int
    cutoff: datetime  # calls before this (plus a sale's term) are past retention
    dry_run: bool

    def lines(self) -> list[str]:
        verb = "would have" if self.dry_run else "had"
        return [f"call records made before {self.cutoff:%Y-%m-%d} UTC (a sale: plus its "
                f"contract's term): {self.anonymised} {verb} their notes erased "
                "(records kept, anonymised)"]


def past_retention(session: Session, now: datetime, age: timedelta) -> ColumnElement[bool]:
    """Call records past their retention whose notes are not erased yet. One condition
    per distinct offer term (a handful), so it runs the same on SQLite and PostgreSQL."""
    cutoff = now - age
    terms = sorted({int(t or 0) for t in session.scalars(
        select(m.Offer.term_months).distinct())})
    by_term: list[ColumnElement[bool]] = []
    for term in terms:
        offers = select(m.Offer.id).where(func.coalesce(m.Offer.term_months, 0) == term)
        by_term.append(and_(
            m.CallOutcome.offer_id.in_(offers.scalar_subquery()),
            m.CallOutcome.created_at < cutoff - timedelta(days=term * DAYS_PER_MONTH)))
    no_contract = or_(m.CallOutcome.offer_id.is_(None),
                      m.CallOutcome.disposition != "accepted")
    sale = and_(m.CallOutcome.offer_id.is_not(None), m.CallOutcome.disposition == "accepted")
    return and_(
        m.CallOutcome.notes != "",
        or_(and_(no_contract, m.CallOutcome.created_at < cutoff),
            and_(sale, or_(*by_term) if by_term else false())))


def purge_call_records(session: Session, now: datetime, age: timedelta, *,
                       dry_run: bool) -> CallRecordReport:
    """In the caller's transaction (the caller commits)."""
    cutoff = now - age
    condition = past_retention(session, now, age)
    if dry_run:
        n = int(session.scalar(select(func.count()).select_from(m.CallOutcome)
                               .where(condition)) or 0)
        return CallRecordReport(n, cutoff, True)
    result: Any = session.execute(update(m.CallOutcome).where(condition).values(notes="")
                                  .execution_options(synchronize_session=False))
    n = int(getattr(result, "rowcount", 0) or 0)
    if n:
        audit.record(session, actor_id=None, action="retention.call_notes_erased",
                     entity="call_outcome", entity_id=None, count=n,
                     before=cutoff.isoformat())
    return CallRecordReport(n, cutoff, False)
