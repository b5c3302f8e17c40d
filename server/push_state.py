"""What a push answer carries besides the results: the server's resulting state of what
the accepted actions changed for the pushing user, so the desktop applies it at once and
its pull need not bring its own changes back (no echo).

The changes a push makes are recorded in the feed with the pushing desktop as their
`origin` ("<user id>/<device id>", server.changes); that desktop's pulls and long polls
leave them out (a later change by anyone else, or by the same user on another desktop, is
another row and still arrives). What it would have pulled is therefore answered here:
- an outcome's queue item (its new status, attempts, next call), and
- for a do-not-call flag (an action, or a do-not-call outcome) the entry itself and every
  item of that customer in the user's audience (all of them closed by the flag).
Read in the push's own transaction just before its commit (server.sync.push's `answer`),
so the state is the one it commits, with no transaction of its own; a replayed action
(duplicate) gets the current state too, which covers an answer lost on the way. A batch
of outcomes without offers reads nothing here: its items' history came with its first
statement and the records it stores are added (sync.BATCH_HISTORY).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from server import models as m
from server import raw_sql, serialize, sync
from server.push_body import InvalidAction
from wire.schema import (
    ActionResult,
    Disposition,
    DncAction,
    OutcomeAction,
    PushAction,
    PushResponse,
)


def origin(user: m.User, device: str | None) -> str | None:
    """The feed's `origin` of this user's desktop, or None for a client that names none
    (an older desktop, a script): its changes come back to it as before."""
    return f"{user.id}/{device}" if device else None


# The outcomes' items: one query, built once, its rows read as columns (server.raw_sql;
# sync.Loaded objects, not the ORM's); a batch of plain outcomes needs none, its items
# are the batch's own (sync.LOADED_ITEMS). Their customers are the
# ones the batch loaded (sync.push holds them until it commits): nothing in a push writes
# a customer's row but through the ORM, so the session's objects (or the batch's
# `Loaded` rows, sync.LOADED_CUSTOMERS) are what the commit leaves; any other is loaded
# by queue_items_out.
_ITEMS = select(*sync.ITEM_COLUMNS).where(m.QueueItem.id.in_(bindparam("items", expanding=True)))


def _in_utc(item: sync.Loaded) -> sync.Loaded:
    """A batch's item with its times in UTC, as they are read back (a call-back time
    comes as the desktop sent it, e.g. in +08:00)."""
    return sync.Loaded(sync.ITEM_ATTRS, [
        (v.replace(tzinfo=UTC) if v.tzinfo is None else v.astimezone(UTC))
        if isinstance(v, datetime) else v
        for v in (getattr(item, n) for n in sync.ITEM_ATTRS)])


def answer(session: Session, user: m.User, audience: list[str] | None,
           actions: Sequence[PushAction | InvalidAction],
           results: Sequence[ActionResult]) -> serialize.WithItems[PushResponse]:
    """The push response: `results` and the state of what their accepted actions changed,
    its queue items as plain values (written to JSON without a model each, as a pull's).
    `audience`: whose queue items this user receives (server.sync.queue_audience)."""
    accepted = {r.action_id for r in results if r.status == "accepted"}
    done = [a for a in actions if not isinstance(a, InvalidAction) and a.action_id in accepted]
    item_ids = {a.queue_item_id for a in done if isinstance(a, OutcomeAction)}
    flagged = {a.customer_id for a in done if isinstance(a, DncAction)} | {
        a.customer_id for a in done
        if isinstance(a, OutcomeAction) and a.disposition is Disposition.DO_NOT_CALL}
    mine = set(audience or [])
    items: dict[str, Any] = {}  # m.QueueItem or sync.Loaded
    customers: dict[str, Any] = {}
    if item_ids:
        loaded: dict[str, Any] = session.info.get(sync.LOADED_CUSTOMERS) or {}
        batch: dict[str, Any] = session.info.get(sync.LOADED_ITEMS) or {}
        if item_ids <= batch.keys():  # a batch of plain outcomes: the state it leaves
            states = [_in_utc(batch[i]) for i in item_ids]
        else:
            states = [sync.Loaded(sync.ITEM_ATTRS, row)
                      for row in raw_sql.rows(session, _ITEMS, {"items": list(item_ids)})]
        for state in states:
            items[state.id] = state
            customer = loaded.get(state.customer_id) or session.identity_map.get(
                identity_key(m.Customer, state.customer_id))
            if customer is not None:
                customers[state.customer_id] = customer
    dnc: list[m.DncEntry] = []
    if flagged and mine:
        for item in session.scalars(select(m.QueueItem).where(
                m.QueueItem.customer_id.in_(flagged), m.QueueItem.agent_id.in_(mine))):
            items[item.id] = item
    if flagged:
        phones = select(m.Customer.phone).where(m.Customer.id.in_(flagged))
        dnc = list(session.scalars(select(m.DncEntry).where(m.DncEntry.phone.in_(phones))))
    keep = [i for i in items.values() if i.agent_id in mine]
    removed = sorted(i.id for i in items.values() if i.agent_id not in mine)
    return serialize.WithItems(
        PushResponse(results=list(results), removed_queue_items=removed,
                     dnc=[serialize.dnc_out(d) for d in dnc]),
        serialize.queue_item_dicts(session, sorted(keep, key=lambda i: i.id), customers,
                                   session.info.get(sync.BATCH_HISTORY)))

