"""Local retention: customers this desktop no longer needs leave its disk.

A customer stays while any of these holds:
- a queue item of theirs is on this desktop (open or call-back: still assigned);
- an outbox row names them, pending or rejected (nothing the agent did is lost,
  and the rejected list still shows whom it was about);
- this desktop called them within the retention the server sends
  (`PullResponse.local_retention_days`, default 30 days).
Everything else about them (the row with name, number and profile; local call
records past the retention, and at least two days old, that no outbox row holds) is
deleted. Do-not-call
entries are phone digests, kept: they protect, they do not identify.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import Connection, and_, delete, func, not_, or_, select

from app.store import tables as t
from app.store.repo import to_db

log = logging.getLogger(__name__)
CALL_RECORDS_MIN_DAYS = 2


def purge_customers(conn: Connection, *, now: datetime, retention_days: int) -> int:
    """Delete unneeded customers and old call records; returns how many customers left."""
    cutoff = to_db(now - timedelta(days=retention_days))
    # Call records hold no name or number; the last two days of them always stay, so the
    # day's figures are right in every time zone whatever the retention.
    calls_cutoff = to_db(now - timedelta(days=max(retention_days, CALL_RECORDS_MIN_DAYS)))
    outbox_customer = func.json_extract(t.outbox.c.payload, "$.customer_id")
    assigned = select(t.queue_items.c.customer_id)
    in_outbox = select(outbox_customer).where(outbox_customer.is_not(None))
    outbox_calls = select(t.calls.c.customer_id).join(
        t.outbox, t.outbox.c.action_id == t.calls.c.id)
    recent = select(t.calls.c.customer_id).where(t.calls.c.created_at >= cutoff)
    gone = conn.execute(
        delete(t.customers).where(
            not_(t.customers.c.id.in_(assigned)),
            not_(t.customers.c.id.in_(in_outbox)),
            not_(t.customers.c.id.in_(outbox_calls)),
            not_(t.customers.c.id.in_(recent)),
        )
    ).rowcount
    conn.execute(
        delete(t.calls).where(
            and_(t.calls.c.created_at < calls_cutoff,
                 not_(t.calls.c.id.in_(select(t.outbox.c.action_id))),
                 not_(or_(t.calls.c.customer_id.in_(assigned),
                          t.calls.c.customer_id.in_(in_outbox)))))
    )
    conn.execute(delete(t.sale_states).where(  # a sale's state goes with its call record
        not_(t.sale_states.c.call_id.in_(select(t.calls.c.id)))))
    if gone:
        log.info("local retention: %d customers no longer needed were removed", gone)
    return int(gone or 0)
