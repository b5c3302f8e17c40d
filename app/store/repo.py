"""Reads and writes of the local store. Every function takes the connection of the
caller's transaction, so callers decide what commits together.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import (
    Connection,
    String,
    bindparam,
    delete,
    func,
    insert,
    select,
    type_coerce,
    update,
)
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.changes import Changes
from app.store import tables as t
from wire.schema import (
    ActionResult,
    CampaignOut,
    DncEntry,
    OfferOut,
    PullResponse,
    PushResponse,
    QueueItemOut,
    QueueStatus,
    ScriptOut,
    phone_hash,
)

CURSOR = "cursor"
LAST_PULL_AT = "last_pull_at"
LAST_PUSH_AT = "last_push_at"
CLOCK_OFFSET = "clock_offset_seconds"  # server clock minus ours, measured at the last pull
LAST_PULL_MONOTONIC = "last_pull_monotonic"  # the monotonic clock at that pull ...
BOOT_ID = "boot_id"  # ... and the machine's boot it belongs to (app/clock.py)
USER_ID = "user_id"
DEVICE_ID = "device_id"  # this desktop's name to the server (no echo of its own pushes)
GENERATION = "server_generation"  # the server database's generation the cursor belongs to
COMPACTED = "server_compacted_through"  # the feed's compaction mark our cursor has seen
QUEUE_CONTROL = "queue_control"  # the team lead's pause of this agent's queue (JSON)


def as_utc(dt: datetime | None) -> datetime | None:
    """SQLite hands datetimes back naive; everything stored here is UTC."""
    if dt is None:
        return None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def to_db(dt: datetime | None) -> datetime | None:
    return None if dt is None else dt.astimezone(UTC).replace(tzinfo=None)


# ------------------------------------------------------------------------- meta


# Built once (a statement object memoises its cache key): meta is read several times by
# every detail and listing, and building the select cost more than running it.
_GET_META = select(t.meta.c.value).where(t.meta.c.key == bindparam("key"))


def get_meta(conn: Connection, key: str) -> str | None:
    return conn.execute(_GET_META, {"key": key}).scalar_one_or_none()


def set_meta(conn: Connection, key: str, value: str) -> None:
    stmt = sqlite_insert(t.meta).values(key=key, value=value)
    conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


def meta_delete(conn: Connection, key: str) -> None:
    conn.execute(delete(t.meta).where(t.meta.c.key == key))


def cursor(conn: Connection) -> int:
    return int(get_meta(conn, CURSOR) or 0)


def clock_offset(conn: Connection) -> float:
    return float(get_meta(conn, CLOCK_OFFSET) or 0.0)


def reset_cursor(conn: Connection, page: PullResponse | None = None) -> None:
    """The server does not know our cursor (its database was reset or restored, or its
    feed compacted past it): start the feed again from 0, in the generation and after the
    compaction `page` names when given. The outbox and local calls are kept; they are
    pushed as usual."""
    set_meta(conn, CURSOR, "0")
    if page is not None:
        _feed_marks(conn, page)


def _feed_marks(conn: Connection, page: PullResponse) -> None:
    if page.generation is not None:
        set_meta(conn, GENERATION, page.generation)
    set_meta(conn, COMPACTED, str(page.compacted_through))


def generation(conn: Connection) -> str | None:
    return get_meta(conn, GENERATION)


def cursor_is_stale(conn: Connection, since: int, page: PullResponse) -> bool:
    """Whether a page answered to `since` must be thrown away and the feed pulled again
    from 0, keeping the outbox:
    - the server's database is another generation than the one our cursor counts in
      (restored from a backup: its counter may even have climbed past our cursor, so the
      seqs say nothing);
    - the server compacted its feed past our cursor since we last pulled (rows we had not
      read yet may be gone; server.retention). A compaction we already saw is no reason:
      a desktop reading from 0 after it pages through the compacted feed consistently."""
    if since == 0:
        return False
    stored = generation(conn)
    if page.generation is not None and stored is not None and page.generation != stored:
        return True
    seen = int(get_meta(conn, COMPACTED) or 0)
    return since < page.compacted_through and page.compacted_through > seen


def last_pull_at(conn: Connection) -> datetime | None:
    v = get_meta(conn, LAST_PULL_AT)
    return datetime.fromisoformat(v) if v else None


_CLOCK_META = select(t.meta.c.key, t.meta.c.value).where(
    t.meta.c.key.in_([CLOCK_OFFSET, LAST_PULL_AT, LAST_PULL_MONOTONIC, BOOT_ID]))


def clock_meta(conn: Connection) -> tuple[float | None, tuple[datetime, float, str] | None]:
    """In one read: the measured clock offset (None: never measured) and the pull anchor
    (see pull_anchor)."""
    offset, anchor, _ = clock_reading(conn)
    return offset, anchor


def clock_reading(conn: Connection) -> tuple[float | None, tuple[datetime, float, str] | None,
                                             datetime | None]:
    """In one read: clock_meta's offset and anchor, and the last pull's time (last_pull_at)."""
    found = {k: v for k, v in conn.execute(_CLOCK_META)}
    offset = found.get(CLOCK_OFFSET)
    at, mono = found.get(LAST_PULL_AT), found.get(LAST_PULL_MONOTONIC)
    pulled = datetime.fromisoformat(at) if at else None
    anchor = None if pulled is None or mono is None else \
        (pulled, float(mono), found.get(BOOT_ID) or "")
    return (None if offset is None else float(offset)), anchor, pulled


def pull_anchor(conn: Connection) -> tuple[datetime, float, str] | None:
    """(wall clock, monotonic clock, boot id) at the last pull; None before the first."""
    at, mono = last_pull_at(conn), get_meta(conn, LAST_PULL_MONOTONIC)
    if at is None or mono is None:
        return None
    return at, float(mono), get_meta(conn, BOOT_ID) or ""


# ------------------------------------------------------------------------- pull


def _upsert_stmt(table: Any) -> Any:
    """Insert, or on the id's conflict set every other column to the inserted row's."""
    stmt = sqlite_insert(table)
    cols = {c.name: stmt.excluded[c.name] for c in table.columns if not c.primary_key}
    return stmt.on_conflict_do_update(index_elements=["id"], set_=cols)


# An engine's dialect -> (table name, the rows' keys) -> (SQL text, the parameters' keys
# in order, their columns' bind processors): `_upsert`'s statement compiled once per
# engine (its JSON serialiser is the dialect's) and shape of row.
_UPSERTS: WeakKeyDictionary[
    Any, dict[tuple[str, tuple[str, ...]], tuple[str, tuple[str, ...], tuple[Any, ...]]]
] = WeakKeyDictionary()


def _upsert(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    """`_upsert_stmt` for these rows (each with the same keys), handed to the driver as
    tuples with the columns' own bind processors applied: SQLAlchemy's per-row parameter
    handling for an executemany was a fifth of a pull page's apply (10,000 items: about
    0.12 s of CPU). tests/app/test_upsert.py holds the stored rows equal to the
    statement's own execution."""
    if not rows:
        return
    dialect = conn.dialect
    keys = tuple(rows[0])
    compiled_here = _UPSERTS.setdefault(dialect, {})
    found = compiled_here.get((table.name, keys))
    if found is None:
        compiled = _upsert_stmt(table).compile(dialect=dialect, column_keys=list(keys))
        order = tuple(compiled.positiontup or ())
        procs = tuple(table.c[k].type.dialect_impl(dialect).bind_processor(dialect)
                      for k in order)
        found = compiled_here[(table.name, keys)] = (str(compiled), order, procs)
    sql, order, procs = found
    if not set(order) <= set(keys):  # a column the rows leave to its Python-side default
        conn.execute(_upsert_stmt(table), rows)
    elif all(p is None for p in procs):
        conn.exec_driver_sql(sql, [tuple([row[k] for k in order]) for row in rows])
    else:
        conn.exec_driver_sql(sql, [
            tuple([v if p is None else p(v)
                   for p, v in zip(procs, [row[k] for k in order], strict=True)])
            for row in rows])


def items_with_pending_actions(conn: Connection) -> set[str]:
    q = select(t.outbox.c.queue_item_id).where(
        t.outbox.c.state == "pending", t.outbox.c.queue_item_id.is_not(None)
    )
    return {r for r in conn.execute(q).scalars() if r}


def queue_item_ids(conn: Connection) -> set[str]:
    return set(conn.execute(select(t.queue_items.c.id)).scalars())


def drop_queue_items(conn: Connection, ids: Iterable[str]) -> None:
    wanted = list(ids)
    if wanted:
        conn.execute(delete(t.queue_items).where(t.queue_items.c.id.in_(wanted)))


def apply_pull(
    conn: Connection, page: PullResponse, *, now: datetime, clock_offset: float | None = None,
    monotonic: float | None = None, boot: str = "",
) -> Changes:
    """Apply one pull page and move the cursor, in the caller's single transaction.
    `clock_offset` (server minus local clock, seconds) is stored with it when given, and
    `monotonic` (with the machine's `boot`), to tell later whether the clock jumped.
    Returns what it changed (app/changes.py).

    Conflict rule (local first): an item with an outcome still waiting in the
    outbox keeps its local status until the server has acknowledged it; its
    customer data and history are refreshed all the same.
    """
    _upsert(
        conn, t.campaigns, [{"id": c.id, "code": c.code, "data": _j(c)} for c in page.campaigns]
    )
    _upsert(
        conn,
        t.offers,
        [{"id": o.id, "campaign_id": o.campaign_id, "data": _j(o)} for o in page.offers],
    )
    _upsert(
        conn,
        t.scripts,
        [
            {"id": s.id, "campaign_id": s.campaign_id, "version": s.version, "data": _j(s)}
            for s in page.scripts
        ],
    )
    changes = apply_items(conn, page.queue_items, page.removed_queue_items, page.dnc)
    me = get_meta(conn, USER_ID)
    control = False
    for c in page.controls:
        if c.agent_id == me:  # a team lead's desktop also pulls its agents' changes
            set_meta(conn, QUEUE_CONTROL, c.model_dump_json())
            control = True
    set_meta(conn, CURSOR, str(page.cursor))
    _feed_marks(conn, page)
    set_meta(conn, LAST_PULL_AT, now.astimezone(UTC).isoformat())
    if clock_offset is not None:
        set_meta(conn, CLOCK_OFFSET, repr(round(clock_offset, 3)))
    if monotonic is not None:
        set_meta(conn, LAST_PULL_MONOTONIC, repr(monotonic))
        set_meta(conn, BOOT_ID, boot)
    # A new campaign or offer renames rows (their campaign code, top offer): re-read them.
    reference = bool(page.campaigns or page.offers)
    return changes | Changes.of(scripts=(s.id for s in page.scripts), reference=reference,
                                control=control)


# The columns of a queue item a row or the dial gate shows: a server answer that leaves
# them as they are locally changes nothing on screen. (`contacts`: the history's calls,
# which the contact caps count: a call made from another queue can grey the row.)
_SHOWN = ("status", "attempts", "next_call_at", "callback_at", "priority", "campaign_id",
          "customer_id", "contacts")


def apply_items(conn: Connection, queue_items: Iterable[QueueItemOut],
                removed: Iterable[str], dnc: Iterable[DncEntry]) -> Changes:
    """Store the server's state of queue items, removals and do-not-call entries (a pull
    page's, or a push answer's), keeping the local status of items with pending outbox
    rows. Returns the items whose row may look different, the removed ones, the
    customers and the do-not-call digests it changed."""
    digests: list[str] = []
    for entry in dnc:
        stmt = sqlite_insert(t.dnc).values(
            phone_hash=entry.phone_hash,
            customer_id=entry.customer_id,
            added_at=to_db(entry.added_at),
            local=False,
        )
        conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["phone_hash"],
                set_={"local": False, "added_at": stmt.excluded.added_at},
            )
        )
        digests.append(entry.phone_hash)
    queue_items = list(queue_items)
    pending = items_with_pending_actions(conn) if queue_items else set()
    customers: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    drop = list(removed)
    for qi in queue_items:
        c = qi.customer
        customers.append(
            {
                "id": c.id,
                "name": c.name,
                "phone": c.phone,
                "phone_hash": phone_hash(c.phone),
                "data": t.JsonText(c.model_dump_json()),
                "timezone": c.timezone,
                "region": c.region,
            }
        )
        if qi.status is QueueStatus.CLOSED and qi.id not in pending:
            drop.append(qi.id)
            continue
        items.append(_queue_row(qi))
    local = _local_items(conn, [r["id"] for r in items])
    changed: list[str] = []
    counted = False  # whether "left in the queue" may have moved (new or re-statused items)
    for row in items:
        mine = local.get(row["id"])
        if mine is not None and row["id"] in pending:
            for k in ("status", "attempts", "next_call_at", "callback_at"):
                row[k] = mine[k]
        if mine is None or any(row[k] != mine[k] for k in _SHOWN):
            changed.append(row["id"])
            counted = counted or mine is None or row["status"] != mine["status"]
    customer_ids = [c["id"] for c in customers]
    # A customer's name or number shows in the row: their items are re-read too.
    known = _local_customers(conn, customer_ids)
    changed_names = {c["id"] for c in customers
                     if c["id"] in known and known[c["id"]] != (c["name"], c["phone"])}
    _upsert(conn, t.customers, customers)
    _upsert(conn, t.queue_items, items)
    gone: list[str] = []
    if drop:
        gone = list(conn.execute(
            select(t.queue_items.c.id).where(t.queue_items.c.id.in_(drop))).scalars())
        conn.execute(delete(t.queue_items).where(t.queue_items.c.id.in_(drop)))
    hidden = items_of_digests(conn, digests) if digests else set()
    renamed = items_of_customers(conn, changed_names) if changed_names else set()
    sales = note_sale_states(conn, queue_items)
    return Changes.of(items=set(changed) | hidden | renamed, removed=gone,
                      customers=customer_ids, dnc=digests,
                      day=bool(counted or gone or hidden or sales))


def note_sale_states(conn: Connection, queue_items: list[QueueItemOut]) -> bool:
    """Keep how this desktop's own sales stand (the order state in the history of the
    items received, closed ones too, before those are dropped): the day figures count
    confirmed sales only (issue 21). Returns whether a stored state changed."""
    seen: dict[str, tuple[str | None, bool]] = {}
    for qi in queue_items:
        for h in qi.history:
            if h.order_state is not None:
                seen[h.id] = (h.order_state, h.order_confirmed)
    if not seen:
        return False
    s = t.sale_states.c
    ids = list(seen)
    mine: set[str] = set()
    known: dict[str, tuple[str | None, bool]] = {}
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        mine.update(conn.execute(select(t.calls.c.id).where(t.calls.c.id.in_(part))).scalars())
        known.update({r[0]: (r[1], bool(r[2])) for r in conn.execute(
            select(s.call_id, s.order_state, s.confirmed).where(s.call_id.in_(part)))})
    rows = [{"call_id": cid, "order_state": seen[cid][0], "confirmed": seen[cid][1]}
            for cid in ids if cid in mine and known.get(cid) != seen[cid]]
    if not rows:
        return False
    stmt = sqlite_insert(t.sale_states)
    conn.execute(stmt.on_conflict_do_update(
        index_elements=["call_id"],
        set_={"order_state": stmt.excluded.order_state, "confirmed": stmt.excluded.confirmed}),
        rows)
    return True


# Built once with an expanding parameter: a 500-item page's `in_(ids)` made 500 bound
# parameters each time.
_LOCAL_ITEMS = select(t.queue_items.c.id, *(t.queue_items.c[k] for k in _SHOWN)).where(
    t.queue_items.c.id.in_(bindparam("ids", expanding=True)))
_LOCAL_CUSTOMERS = select(t.customers.c.id, t.customers.c.name, t.customers.c.phone).where(
    t.customers.c.id.in_(bindparam("ids", expanding=True)))


def _local_items(conn: Connection, ids: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for start in range(0, len(ids), 500):
        rows = conn.execute(_LOCAL_ITEMS, {"ids": ids[start:start + 500]}).mappings()
        out.update({r["id"]: r for r in rows})
    return out


def _local_customers(conn: Connection, ids: list[str]) -> dict[str, tuple[str, str]]:
    """(name, phone) of these customers as stored locally."""
    out: dict[str, tuple[str, str]] = {}
    for start in range(0, len(ids), 500):
        rows = conn.execute(_LOCAL_CUSTOMERS, {"ids": ids[start:start + 500]})
        out.update({r[0]: (r[1], r[2]) for r in rows})
    return out


def items_of_digests(conn: Connection, digests: Iterable[str]) -> set[str]:
    """Local queue items of the customers with these phone digests."""
    wanted, out = list(digests), set[str]()
    for start in range(0, len(wanted), 500):
        q = (select(t.queue_items.c.id)
             .join(t.customers, t.customers.c.id == t.queue_items.c.customer_id)
             .where(t.customers.c.phone_hash.in_(wanted[start:start + 500])))
        out.update(conn.execute(q).scalars())
    return out


def items_of_customers(conn: Connection, customer_ids: Iterable[str]) -> set[str]:
    wanted, out = list(customer_ids), set[str]()
    for start in range(0, len(wanted), 500):
        q = select(t.queue_items.c.id).where(
            t.queue_items.c.customer_id.in_(wanted[start:start + 500]))
        out.update(conn.execute(q).scalars())
    return out


def apply_push_state(conn: Connection, response: PushResponse) -> Changes:
    """A push answer: clean the acknowledged outbox rows, then store the server's state of
    the items (and do-not-call entries) the push changed. The pull does not bring these
    back (server.sync skips a desktop's own changes), so this is where they arrive."""
    apply_results(conn, response.results)
    # (the outbox counts are redrawn by the engine's status after every cycle)
    return apply_items(conn, response.queue_items, response.removed_queue_items,
                       response.dnc)


_ITEM_DATA = {"history", "recommendations", "agent_id"}


def _queue_row(qi: QueueItemOut) -> dict[str, Any]:
    return {
        "id": qi.id,
        "campaign_id": qi.campaign_id,
        "customer_id": qi.customer.id,
        "status": qi.status.value,
        "priority": qi.priority,
        "attempts": qi.attempts,
        "value_tier": qi.customer.value_tier.value,
        "next_call_at": to_db(qi.next_call_at),
        "callback_at": to_db(qi.callback_at),
        # history, recommendations and agent_id, serialised in one call (not one per entry)
        "data": t.JsonText(qi.model_dump_json(include=_ITEM_DATA)),
        "top_offer_id": qi.recommendations[0].offer_id if qi.recommendations else None,
        "contacts": contact_lines((h.at, h.id) for h in qi.history),
    }


_HALF_MS = timedelta(microseconds=500)


def _contact_at(at: datetime) -> str:
    """UTC to the millisecond, rounded half up as SQLite's strftime('%Y-%m-%dT%H:%M:%f')
    rounds (migration 0003 writes the same text), so the lines compare as strings."""
    return (at.astimezone(UTC) + _HALF_MS).isoformat(timespec="milliseconds")[:23]


def contact_lines(contacts: Iterable[tuple[datetime, str]]) -> str | None:
    """The server history's contacts as "<UTC at> <id>" lines, newest first: the queue
    list reads only the lines of the last 30 days, comparing them as strings."""
    lines = sorted((f"{_contact_at(at)} {hid}" for at, hid in contacts), reverse=True)
    return "\n".join(lines) if lines else None


def contact_floor(since: datetime) -> str:
    """`since` as the lines' text: `recent_contacts` compares it with each line."""
    return _contact_at(since)


def recent_contacts(lines: str | None, floor: str) -> list[tuple[str, datetime]]:
    """(id, at) of the `contact_lines` at or after `floor` (`contact_floor`)."""
    if not lines:
        return []
    out = []
    for line in lines.split("\n"):
        at, _, hid = line.partition(" ")
        if at < floor:
            break  # newest first: the rest are older
        out.append((hid, datetime.fromisoformat(at).replace(tzinfo=UTC)))
    return out


def _j(model: Any) -> dict[str, Any]:
    return model.model_dump(mode="json")  # type: ignore[no-any-return]


# ------------------------------------------------------------------ reference data


# Reference data is read as its stored JSON text and parsed once per text: the text is the
# cache key, so a row changed by a pull is parsed again and a stale model is never returned
# (reading the rows costs one statement; parsing every campaign and offer for each detail
# cost more than the rest of it). The models are shared between readers: nothing mutates
# them. The statements are built once (a statement object memoises its cache key).
_CAMPAIGNS = select(type_coerce(t.campaigns.c.data, String))
_OFFERS = select(type_coerce(t.offers.c.data, String))
_LATEST_SCRIPT = (select(type_coerce(t.scripts.c.data, String))
                  .where(t.scripts.c.campaign_id == bindparam("campaign_id"))
                  .order_by(t.scripts.c.version.desc()).limit(1))
_SCRIPT_BY_ID = select(type_coerce(t.scripts.c.data, String)).where(
    t.scripts.c.id == bindparam("script_id"))
_IS_DNC = select(func.count()).select_from(t.dnc).where(
    t.dnc.c.phone_hash == bindparam("digest"))


@lru_cache(maxsize=8)
def _campaign_map(texts: tuple[str, ...]) -> dict[str, CampaignOut]:
    out = [CampaignOut.model_validate(json.loads(d)) for d in texts]
    return {c.id: c for c in out}


@lru_cache(maxsize=8)
def _offer_map(texts: tuple[str, ...]) -> dict[str, OfferOut]:
    return {o.id: o for o in (OfferOut.model_validate(json.loads(d)) for d in texts)}


@lru_cache(maxsize=256)
def _script(text: str) -> ScriptOut:
    return ScriptOut.model_validate(json.loads(text))


def campaigns(conn: Connection) -> dict[str, CampaignOut]:
    return dict(_campaign_map(tuple(conn.execute(_CAMPAIGNS).scalars())))


def offers(conn: Connection) -> dict[str, OfferOut]:
    return dict(_offer_map(tuple(conn.execute(_OFFERS).scalars())))


def latest_script(conn: Connection, campaign_id: str) -> ScriptOut | None:
    text = conn.execute(_LATEST_SCRIPT, {"campaign_id": campaign_id}).scalar_one_or_none()
    return _script(text) if text else None


def script_by_id(conn: Connection, script_id: str) -> ScriptOut | None:
    text = conn.execute(_SCRIPT_BY_ID, {"script_id": script_id}).scalar()
    return _script(text) if text else None


def is_dnc(conn: Connection, digest: str) -> bool:
    return bool(conn.execute(_IS_DNC, {"digest": digest}).scalar())


# ----------------------------------------------------------------------- outbox


_INSERT_OUTBOX = insert(t.outbox)  # built once, as the reads above


def enqueue(
    conn: Connection,
    *,
    action_id: str,
    kind: str,
    payload: dict[str, Any],
    queue_item_id: str | None,
    now: datetime,
) -> None:
    # The server judges times on its own clock; the action carries how far ours was off
    # when it was made (measured at the last pull).
    payload = {**payload, "clock_offset_seconds": clock_offset(conn)}
    conn.execute(_INSERT_OUTBOX, {
        "action_id": action_id, "kind": kind, "queue_item_id": queue_item_id,
        "payload": payload, "created_at": to_db(now), "state": "pending", "attempts": 0,
    })


def pending_actions(conn: Connection, limit: int, after: int | None = None
                    ) -> list[dict[str, Any]]:
    """The oldest pending actions (action_id, payload, seq), in the order they were
    queued; `after`: only those queued after the action of that seq (the batch before
    them is still on its way: app.sync's `_push_all`)."""
    q = (
        select(t.outbox.c.action_id, t.outbox.c.payload, t.outbox.c.seq)
        # Recordings are uploaded, not pushed (app/recordings.py).
        .where(t.outbox.c.state == "pending", t.outbox.c.kind != "recording")
        .order_by(t.outbox.c.seq)
        .limit(limit)
    )
    if after is not None:
        q = q.where(t.outbox.c.seq > after)
    return [dict(r) for r in conn.execute(q).mappings()]


def oldest_pending_at(conn: Connection) -> datetime | None:
    """When the oldest action still waiting for the server's answer was queued."""
    q = select(func.min(t.outbox.c.created_at)).where(t.outbox.c.state == "pending")
    return as_utc(conn.execute(q).scalar())


def pending_count(conn: Connection) -> int:
    q = select(func.count()).select_from(t.outbox).where(t.outbox.c.state == "pending")
    return int(conn.execute(q).scalar() or 0)


def rejected_actions(conn: Connection) -> list[dict[str, Any]]:
    q = select(t.outbox).where(t.outbox.c.state == "rejected").order_by(t.outbox.c.seq)
    return [dict(r) for r in conn.execute(q).mappings()]


def mark_attempted(conn: Connection, action_ids: Iterable[str]) -> None:
    ids = list(action_ids)
    if ids:
        conn.execute(
            update(t.outbox)
            .where(t.outbox.c.action_id.in_(ids))
            .values(attempts=t.outbox.c.attempts + 1)
        )


def apply_results(conn: Connection, results: Iterable[ActionResult]) -> None:
    """Clean only on acknowledgement: accepted rows leave, rejected ones stay visible."""
    results = list(results)
    accepted = [r.action_id for r in results if r.status == "accepted"]
    for start in range(0, len(accepted), 500):
        conn.execute(delete(t.outbox).where(t.outbox.c.action_id.in_(accepted[start:start + 500])))
    for r in results:
        if r.status != "accepted":
            conn.execute(
                update(t.outbox)
                .where(t.outbox.c.action_id == r.action_id)
                .values(state="rejected", error_code=r.code, error_message=r.message)
            )
