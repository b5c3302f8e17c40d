"""The agent queue's SQL: what app/services/queue.py reads and writes, as plain functions
of a connection. The service decides (with app/domain.py's rules); these only fetch and
store, inside the transaction the caller holds.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Connection,
    RowMapping,
    String,
    bindparam,
    case,
    func,
    insert,
    or_,
    select,
    type_coerce,
    update,
)

from app.store import repo
from app.store import tables as t
from wire.aftersale import SaleStanding, sale_standing
from wire.rules import ItemState
from wire.schema import CustomerOut, Disposition, HistoryEntry, OutcomeAction, QueueStatus

# ------------------------------------------------------------------ the queue list


@dataclass(frozen=True)
class ItemFacts:
    """What a queue row needs beyond the item's and customer's plain columns."""

    tz: str
    region: str
    top_offer_id: str | None
    history: list[tuple[str, datetime]]  # (id, at) of the server's contacts since `floor`


def item_facts(row: RowMapping, floor: str) -> ItemFacts:
    """`floor`: `repo.contact_floor` of the oldest contact that counts."""
    return ItemFacts(tz=row["tz"] or "Asia/Shanghai", region=row["region"] or "",
                     top_offer_id=row["top_offer_id"],
                     history=repo.recent_contacts(row["contacts"], floor))


def _not_closed_nor_dnc() -> Any:
    return (
        t.queue_items.join(t.customers, t.customers.c.id == t.queue_items.c.customer_id),
        t.queue_items.c.status != QueueStatus.CLOSED.value,
        t.customers.c.phone_hash.not_in(select(t.dnc.c.phone_hash)),
    )


def open_queue(conn: Connection, *, campaign_id: str | None, status: QueueStatus | None,
               search: str, ids: Collection[str] | None = None) -> Sequence[RowMapping]:
    """The open items (never a do-not-call customer's), filtered; each row with the
    columns `item_facts` reads. `ids`: only these items (a re-read of the rows a change
    names)."""
    qi, cu = t.queue_items.c, t.customers.c
    # Plain columns only (0003): reading every item's and customer's JSON to pick out
    # four values was most of the time of a 10,000-item list.
    joined, open_, not_dnc = _not_closed_nor_dnc()
    q = (
        select(
            qi.id, qi.customer_id, qi.campaign_id, qi.status, qi.priority, qi.attempts,
            qi.value_tier, qi.next_call_at, qi.callback_at, qi.top_offer_id, qi.contacts,
            cu.name, cu.phone, cu.phone_hash, cu.timezone.label("tz"), cu.region,
        )
        .select_from(joined)
        .where(open_)
        .where(not_dnc)
    )
    if ids is not None:
        q = q.where(qi.id.in_(list(ids)))
    if campaign_id:
        q = q.where(qi.campaign_id == campaign_id)
    if status is not None:
        q = q.where(qi.status == status.value)
    if search:
        digits = "".join(ch for ch in search if ch.isdigit())
        conds = [cu.name.contains(search, autoescape=True)]
        if len(digits) >= 3:
            conds.append(cu.phone.contains(digits, autoescape=True))
        q = q.where(or_(*conds))
    return conn.execute(q).mappings().all()


_RECENT_OF = select(t.calls.c.phone_hash, t.calls.c.id, t.calls.c.created_at).where(
    t.calls.c.created_at >= bindparam("since"),
    t.calls.c.phone_hash.in_(bindparam("digests", expanding=True)))
_RECENT_ONE = select(t.calls.c.phone_hash, t.calls.c.id, t.calls.c.created_at).where(
    t.calls.c.created_at >= bindparam("since"), t.calls.c.phone_hash == bindparam("digest"))


def recent_calls_by_hash(conn: Connection, now: datetime,
                         digests: Collection[str] | None = None
                         ) -> dict[str, list[tuple[str, datetime]]]:
    """This desktop's calls of the last 30 days per number: (action id, server time).
    `digests`: only these numbers'."""
    since = repo.to_db(now - timedelta(days=30))
    out: dict[str, list[tuple[str, datetime]]] = defaultdict(list)
    c = t.calls.c
    if digests is not None and len(digests) == 1:  # a detail's: no IN list to expand
        rows = conn.execute(_RECENT_ONE, {"since": since, "digest": next(iter(digests))})
    elif digests is not None:
        rows = conn.execute(_RECENT_OF, {"since": since, "digests": list(digests)})
    else:
        rows = conn.execute(select(c.phone_hash, c.id, c.created_at)
                            .where(c.created_at >= since))
    for digest, cid, at in rows:
        dt = repo.as_utc(at)
        if dt is not None:
            out[digest].append((cid, dt))
    return out


def day_figures(conn: Connection, start: datetime, end: datetime) -> tuple[int, int, int, int, int]:
    """(calls, reached, sales, talk seconds) of the calls in [start, end), and the items left
    in the queue. Two aggregate queries over indexed columns; no per-row Python work."""
    c = t.calls.c
    reached = [d.value for d in Disposition if d.reached]
    talk = func.coalesce(func.json_extract(c.data, "$.action.talk_seconds"), 0)
    q = select(
        func.count(),
        func.coalesce(func.sum(case((c.disposition.in_(reached), 1), else_=0)), 0),
        func.coalesce(func.sum(case((c.disposition == Disposition.ACCEPTED.value, 1),
                                    else_=0)), 0),
        func.coalesce(func.sum(talk), 0),
    ).where(c.created_at >= repo.to_db(start), c.created_at < repo.to_db(end))
    joined, open_, not_dnc = _not_closed_nor_dnc()
    left = select(func.count()).select_from(joined).where(open_).where(not_dnc)
    n, n_reached, n_sales, talk_s = conn.execute(q).one()
    queue_left = int(conn.execute(left).scalar() or 0)
    return int(n), int(n_reached), int(n_sales), int(talk_s), queue_left


def day_sales(conn: Connection, start: datetime, end: datetime) -> tuple[int, int, int]:
    """(confirmed, awaiting, reversed): the sales recorded in [start, end) by how they
    stand after verification
    (wire.aftersale.sale_standing, from the order states the pulls brought: sale_states).
    A sale the server rejected counts nowhere; one not known to the server yet awaits.
    One query over the day's sales (a handful), joined on primary keys."""
    c, s, o = t.calls.c, t.sale_states.c, t.outbox.c
    q = (select(s.order_state, s.confirmed, o.state)
         .select_from(t.calls.outerjoin(t.sale_states, s.call_id == c.id)
                      .outerjoin(t.outbox, o.action_id == c.id))
         .where(c.created_at >= repo.to_db(start), c.created_at < repo.to_db(end),
                c.disposition == Disposition.ACCEPTED.value))
    out = dict.fromkeys(SaleStanding, 0)
    for order_state, confirmed, outbox_state in conn.execute(q):
        if outbox_state == "rejected":
            continue
        out[sale_standing(order_state, bool(confirmed))] += 1
    return (out[SaleStanding.CONFIRMED], out[SaleStanding.AWAITING],
            out[SaleStanding.REVERSED])


# ------------------------------------------------------------------ one item


# Built once (a statement object memoises its cache key): each detail runs them all.
_QUEUE_ITEM = select(t.queue_items).where(t.queue_items.c.id == bindparam("id"))
_CUSTOMER = select(type_coerce(t.customers.c.data, String)).where(
    t.customers.c.id == bindparam("id"))
_LOCAL_CALLS = select(t.calls.c.id, t.calls.c.data).where(
    t.calls.c.customer_id == bindparam("customer_id"))


def queue_item(conn: Connection, queue_item_id: str) -> RowMapping | None:
    return conn.execute(_QUEUE_ITEM, {"id": queue_item_id}).mappings().first()


@lru_cache(maxsize=64)
def _customer(text: str) -> CustomerOut:
    return CustomerOut.model_validate(json.loads(text))


def customer(conn: Connection, customer_id: str) -> CustomerOut:
    """The customer as pulled, parsed once per stored text (the text is the key, so a
    changed row is parsed again: validating an outcome reads the customer just shown).
    Shared between readers: nothing mutates it."""
    return _customer(conn.execute(_CUSTOMER, {"id": customer_id}).scalar_one())


def item_customer(conn: Connection, queue_item_id: str) -> tuple[str, str] | None:
    """(customer id, phone) of a queue item, or None when the item is gone."""
    customer_id = conn.execute(
        select(t.queue_items.c.customer_id).where(t.queue_items.c.id == queue_item_id)
    ).scalar_one_or_none()
    if customer_id is None:
        return None
    phone = conn.execute(
        select(t.customers.c.phone).where(t.customers.c.id == customer_id)
    ).scalar_one()
    return str(customer_id), str(phone)


def local_calls(conn: Connection, customer_id: str) -> list[tuple[str, dict[str, Any]]]:
    """(action id, stored data) of this desktop's calls of a customer."""
    rows = conn.execute(_LOCAL_CALLS, {"customer_id": customer_id}).all()
    return [(str(cid), data) for cid, data in rows]


def customer_names(conn: Connection, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    q = select(t.customers.c.id, t.customers.c.name).where(t.customers.c.id.in_(ids))
    return {r[0]: r[1] for r in conn.execute(q)}


# ------------------------------------------------------------------ writes


# Built once (a statement object memoises its cache key): one of each per save.
_INSERT_CALL = insert(t.calls)
_UPDATE_ITEM = update(t.queue_items).where(t.queue_items.c.id == bindparam("item_id")).values(
    status=bindparam("new_status"), attempts=bindparam("new_attempts"),
    next_call_at=bindparam("new_next_call_at"), callback_at=bindparam("new_callback_at"))


def store_call(conn: Connection, action: OutcomeAction, *, state: ItemState,
               history: HistoryEntry, digest: str, now: datetime) -> None:
    """The call, the item's new state and the outbox row, in the caller's transaction (and
    the number on the local do-not-call list for a do-not-call outcome)."""
    a = action
    wire = a.model_dump(mode="json")
    conn.execute(_INSERT_CALL, {
        "id": a.action_id,
        "queue_item_id": a.queue_item_id,
        "customer_id": a.customer_id,
        "phone_hash": digest,
        "disposition": a.disposition.value,
        "created_at": repo.to_db(now),  # the server's time, like every rule's
        "data": {"action": wire, "history": history.model_dump(mode="json")},
    })
    conn.execute(_UPDATE_ITEM, {
        "item_id": a.queue_item_id,
        "new_status": state.status.value,
        "new_attempts": state.attempts,
        "new_next_call_at": repo.to_db(state.next_call_at),
        "new_callback_at": repo.to_db(state.callback_at),
    })
    repo.enqueue(
        conn,
        action_id=a.action_id,
        kind="outcome",
        payload=wire,
        queue_item_id=a.queue_item_id,
        now=now,
    )
    if a.disposition is Disposition.DO_NOT_CALL:
        add_local_dnc(conn, digest, a.customer_id, now)


def add_local_dnc(conn: Connection, digest: str, customer_id: str, now: datetime) -> None:
    if not repo.is_dnc(conn, digest):
        conn.execute(
            insert(t.dnc).values(
                phone_hash=digest, customer_id=customer_id, added_at=repo.to_db(now), local=True
            )
        )
