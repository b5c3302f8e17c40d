"""The change feed: every write appends rows to `sync_changes`, desktops pull by seq.

Gap-free ordering
-----------------
A desktop stores the highest seq it has applied and later asks for `seq > cursor`.
That is only correct if a row with a lower seq can never become visible *after* a
row with a higher seq: otherwise the desktop's cursor would jump past a row that was
still uncommitted and the row would be lost to that desktop for ever.

A PostgreSQL SEQUENCE (or SERIAL) gives no such promise: values are handed out at
insert time, not commit time, so transaction A may take 41, B take 42, B commit,
a desktop pull and see 42 (cursor := 42), and only then A commit 41 - missed.

So seq values come from one counter row (`sync_counter`, id=1) with

    UPDATE sync_counter SET value = value + n WHERE id = 1 RETURNING value

inside the writing transaction, as its last statement before COMMIT. The UPDATE
takes the row lock, which is held until the transaction ends; any other writer's
UPDATE waits on that lock and only reads the counter after the first commits (or
rolls back, in which case its numbers are reused, as the update is undone too).
Hence the committed seqs are always the contiguous prefix 1..k and every reader
snapshot sees a prefix: no gaps, no late arrivals. The cost is that publishing
changes is serialised, so the lock must be held as briefly as possible:

- On PostgreSQL the UPDATE runs inside COMMIT itself. The transaction inserts its rows
  with provisional negative seqs (from a sequence; rows nobody else can see), and a
  deferred constraint trigger (`sync_changes_number`, migration 0006) takes the counter
  lock at COMMIT and renumbers them. From lock to end of commit there is no round trip
  to this process: under load a request thread may wait milliseconds for the GIL after
  each round trip, and with the lock held every other writer would wait with it.
- On SQLite every write transaction is serialised anyway (BEGIN IMMEDIATE): the UPDATE
  ... RETURNING and the INSERT run in `before_commit`.

Usage: call `emit(session, kind, entity_id, user_id)` while doing the work; the
`before_commit` hook installed by `install()` on the session factory inserts the rows in
emission order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import Row, bindparam, func, insert, select, text, true, update
from sqlalchemy.orm import Session, sessionmaker

from server.db import utcnow
from server.models import (
    AuthToken,
    QueueItem,
    ServerState,
    SyncChange,
    SyncCounter,
    User,
    UTCDateTime,
)

Kind = Literal["campaign", "offer", "script", "queue_item", "queue_item_removed", "dnc",
               "agent_control", "order"]  # "order": provisioning's feed (server.aftersale)
_PENDING = "callsheet_pending_changes"
_PUBLISHED = "callsheet_published_changes"
_ORIGIN = "callsheet_change_origin"
_CUSTOMERS = "callsheet_customers_touched"  # (emit_customer: an ordered set of ids)


def set_origin(session: Session, origin: str | None) -> None:
    """The desktop whose push this transaction is ("<user id>/<device id>", see
    server.push_state): its rows carry it, and that desktop's pulls leave them out."""
    if origin:
        session.info[_ORIGIN] = origin
    else:
        session.info.pop(_ORIGIN, None)


def emit(session: Session, kind: Kind, entity_id: str, user_id: str | None = None) -> None:
    """Queue one change row for this transaction; `user_id=None` means everyone sees it."""
    session.info.setdefault(_PENDING, []).append((kind, entity_id, user_id))


def emit_customer(session: Session, customer_id: str) -> None:
    """The customer's history changed (a call recorded, a sale's order moved on): each of
    their open queue items in someone's queue is published to its agent with this
    transaction's changes, unless the transaction publishes it anyway. A pulled item
    carries its customer's history, and a desktop's contact caps count the calls in it:
    a call made from another queue must reach it even though the item itself is
    unchanged."""
    session.info.setdefault(_CUSTOMERS, {})[customer_id] = None


def discard(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_CUSTOMERS, None)


def mark(session: Session) -> int:
    """How many changes are queued; `truncate(session, mark)` forgets the ones after it
    (for a SAVEPOINT rolled back: its changes must not be published)."""
    return len(session.info.get(_PENDING, []))


def truncate(session: Session, n: int) -> None:
    del session.info.get(_PENDING, [])[n:]


def allocate(session: Session, n: int) -> int:
    """Reserve n seqs; return the first. Locks the counter row until commit."""
    top = session.execute(
        update(SyncCounter)
        .where(SyncCounter.id == 1)
        .values(value=SyncCounter.value + n)
        .returning(SyncCounter.value)
    ).scalar_one()
    return int(top) - n + 1


def _publish(session: Session) -> None:
    # One row per entity and audience: a batch touching an item ten times publishes it once.
    pending = list(dict.fromkeys(session.info.pop(_PENDING, [])))
    customers = list(session.info.pop(_CUSTOMERS, {}))
    if not pending and not customers:
        return
    session.flush()
    if customers:
        pending += _customers_items(session, customers, {e for _, e, _ in pending})
        if not pending:
            return
    now = utcnow()
    origin = session.info.get(_ORIGIN)
    if session.get_bind().dialect.name == "postgresql" and len(pending) < PROVISIONAL_BLOCK:
        _publish_provisional(session, pending, now, origin)
    else:
        first = allocate(session, len(pending))
        rows: list[dict[str, Any]] = [
            {"seq": first + i, "kind": k, "entity_id": e, "user_id": u, "at": now,
             "origin": origin}
            for i, (k, e, u) in enumerate(pending)
        ]
        for start in range(0, len(rows), 5000):
            session.execute(insert(SyncChange), rows[start : start + 5000])
    session.info[_PUBLISHED] = True


_OPEN_ITEMS = (select(QueueItem.id, QueueItem.agent_id)
               .where(QueueItem.customer_id.in_(bindparam("customers", expanding=True)),
                      QueueItem.status != "closed", QueueItem.agent_id.is_not(None))
               .order_by(QueueItem.id))


def _customers_items(session: Session, customers: list[str], published: set[str]
                     ) -> list[tuple[str, str, str | None]]:
    """The change rows of `emit_customer` (the commit hook's way; `pending_part` has the
    same in SQL): the customers' open, assigned items not published otherwise."""
    found: list[tuple[str, str, str | None]] = []
    for start in range(0, len(customers), 500):
        found += [("queue_item", item_id, agent_id) for item_id, agent_id in session.execute(
            _OPEN_ITEMS, {"customers": customers[start : start + 500]})
            if item_id not in published]
    return found


# Provisional seq of a transaction's i-th row (i from 1): -(block * 2**24 + i), block one
# nextval per statement. Distinct across transactions, and in emission order (the trigger
# renumbers by seq descending) without relying on the order nextval is evaluated in.
PROVISIONAL_BLOCK = 2**24
_PUBLISH_PG = text(f"""
WITH b AS (SELECT nextval('sync_changes_provisional') AS v)
INSERT INTO sync_changes (seq, kind, entity_id, user_id, at, origin)
SELECT -(b.v * {PROVISIONAL_BLOCK} + p.ord), p.kind, p.entity_id, p.user_id, :at,
       CAST(:origin AS text)
FROM b, unnest(CAST(:kinds AS text[]), CAST(:ids AS text[]), CAST(:users AS text[]))
     WITH ORDINALITY AS p(kind, entity_id, user_id, ord)
""").bindparams(bindparam("at", type_=UTCDateTime()))


def _publish_provisional(session: Session, pending: list[tuple[str, str, str | None]],
                         now: datetime, origin: str | None) -> None:
    """Insert the rows with provisional seqs (three array parameters, whatever their
    number); the deferred trigger numbers them at COMMIT."""
    session.execute(_PUBLISH_PG, {"at": now, "origin": origin,
                                  "kinds": [k for k, _, _ in pending],
                                  "ids": [e for _, e, _ in pending],
                                  "users": [u for _, _, u in pending]})


# The same rows as _PUBLISH_PG, as a statement that can be one part of another (a CTE of
# a writer's own statement, server.json_rows `also`): the block's nextval is an
# uncorrelated sub-select, evaluated once per statement like the CTE above.
_PUBLISH_PART = f"""
INSERT INTO sync_changes (seq, kind, entity_id, user_id, at, origin)
SELECT -((SELECT nextval('sync_changes_provisional')) * {PROVISIONAL_BLOCK} + p.ord),
       p.kind, p.entity_id, p.user_id, CAST(:ch_at AS timestamp), CAST(:ch_origin AS text)
FROM unnest(CAST(:ch_kinds AS text[]), CAST(:ch_ids AS text[]), CAST(:ch_users AS text[]))
     WITH ORDINALITY AS p(kind, entity_id, user_id, ord)
"""


# `_PUBLISH_PART` with the rows of `emit_customer` (`_customers_items`' in SQL), numbered
# after the explicit ones. (As a part of a writer's statement it sees the database as the
# statement began: the writer's own changes to these items are not seen, but the items a
# writer changes are the ones it publishes explicitly, and those are left out here.)
_PUBLISH_PART_WITH_ITEMS = f"""
INSERT INTO sync_changes (seq, kind, entity_id, user_id, at, origin)
SELECT -((SELECT nextval('sync_changes_provisional')) * {PROVISIONAL_BLOCK} + p.ord),
       p.kind, p.entity_id, p.user_id, CAST(:ch_at AS timestamp), CAST(:ch_origin AS text)
FROM (SELECT u.kind, u.entity_id, u.user_id, u.ord
      FROM unnest(CAST(:ch_kinds AS text[]), CAST(:ch_ids AS text[]),
                  CAST(:ch_users AS text[])) WITH ORDINALITY AS u(kind, entity_id, user_id, ord)
      UNION ALL
      SELECT 'queue_item', q.id, q.agent_id,
             cardinality(CAST(:ch_ids AS text[])) + row_number() OVER (ORDER BY q.id)
      FROM queue_items AS q
      WHERE q.customer_id = ANY(CAST(:ch_customers AS text[])) AND q.status <> 'closed'
            AND q.agent_id IS NOT NULL AND q.id <> ALL(CAST(:ch_ids AS text[]))) AS p
"""


def pending_part(session: Session) -> tuple[str, dict[str, Any]] | None:
    """PostgreSQL: this transaction's pending changes as a statement (SQL, parameters) a
    writer runs as part of its own last statement before the commit (server.sync.Rows),
    saving the commit hook's round trip; once it has, it calls `published`. None:
    nothing pending, not PostgreSQL, or too many rows (the commit hook publishes them)."""
    pending = list(dict.fromkeys(session.info.get(_PENDING, [])))
    customers = list(session.info.get(_CUSTOMERS, {}))
    if not (pending or customers) or len(pending) >= PROVISIONAL_BLOCK // 2 \
            or len(customers) >= PROVISIONAL_BLOCK // 1024 \
            or session.get_bind().dialect.name != "postgresql":
        return None
    now = utcnow()
    params: dict[str, Any] = {
        "ch_at": now.astimezone(UTC).replace(tzinfo=None) if now.tzinfo else now,
        "ch_origin": session.info.get(_ORIGIN), "ch_kinds": [k for k, _, _ in pending],
        "ch_ids": [e for _, e, _ in pending], "ch_users": [u for _, _, u in pending]}
    if not customers:
        return _PUBLISH_PART, params
    return _PUBLISH_PART_WITH_ITEMS, {**params, "ch_customers": customers}


def published(session: Session) -> None:
    """The rows of `pending_part` were written: nothing is left for the commit hook, and
    the commit wakes the long polls as if it had published them."""
    session.info.pop(_PENDING, None)
    session.info.pop(_CUSTOMERS, None)
    session.info[_PUBLISHED] = True


def unpublished(session: Session) -> bool:
    """Whether changes are queued that only the commit hook would publish."""
    return bool(session.info.get(_PENDING) or session.info.get(_CUSTOMERS))


def take_published(session: Session) -> bool:
    """Whether `published` was called since this was last asked (what `on_published`'s
    hook asks after a commit: then its wake-up is due)."""
    return bool(session.info.pop(_PUBLISHED, None))


def _after_rollback(session: Session) -> None:
    discard(session)
    session.info.pop(_PUBLISHED, None)


def _after_commit(session: Session) -> None:
    session.info.pop(_ORIGIN, None)  # one push's; the session may go on with other work


def on_published(factory: sessionmaker[Session], fn: Callable[[], None]) -> None:
    """Call `fn` after each commit (of a session of `factory`) that published changes:
    the in-process wake-up of long polls (server.watch). Runs on the committing thread."""
    from sqlalchemy import event

    def _after_commit(session: Session) -> None:
        if take_published(session):
            fn()

    event.listen(factory, "after_commit", _after_commit)


def install(factory: sessionmaker[Session]) -> None:
    from sqlalchemy import event

    event.listen(factory, "before_commit", _publish)
    event.listen(factory, "after_rollback", _after_rollback)
    event.listen(factory, "after_commit", _after_commit)


def ensure_counter(session: Session) -> None:
    if session.execute(select(SyncCounter.id).where(SyncCounter.id == 1)).first() is None:
        session.add(SyncCounter(id=1, value=0))
        session.flush()


def top_seq(session: Session) -> int:
    """The last seq handed out (committed, as seen by this session's snapshot)."""
    value = session.execute(select(SyncCounter.value).where(SyncCounter.id == 1)).scalar()
    return int(value or 0)


def latest_visible(session: Session, *, since: int, user_ids: list[str] | None,
                   origin: str | None = None) -> int | None:
    """The newest seq > since the user may see (same visibility as page_and_top), or None.
    `origin`: the asking desktop's; its own changes do not count (it has them already)."""
    q = select(func.max(SyncChange.seq)).where(SyncChange.seq > since)
    if origin:
        q = q.where(SyncChange.origin.is_(None) | (SyncChange.origin != origin))
    if user_ids:
        q = q.where((SyncChange.user_id.is_(None)) | (SyncChange.user_id.in_(user_ids)))
    else:
        q = q.where(SyncChange.user_id.is_(None))
    value = session.execute(q).scalar()
    return None if value is None else int(value)


def _page_and_top_stmt(for_users: int, with_session: bool) -> Any:
    """`for_users`: 0 public rows only, 1 also one user's (an agent: a plain `=`, whose
    statement needs no expanding of a list at each run), 2 also a list of users'."""
    # Table columns, not the mapped classes: a plain Core statement skips the ORM's
    # compile and result layers, which cost more than the query on a pull that finds
    # nothing new.
    ch, counter, state = (SyncChange.__table__.c, SyncCounter.__table__.c,
                          ServerState.__table__.c)
    public = ch.user_id.is_(None)
    users = public | ch.user_id.in_(bindparam("users", expanding=True)) \
        if for_users == 2 else public | (ch.user_id == bindparam("user")) \
        if for_users == 1 else public
    page = (select(ch.seq, ch.kind, ch.entity_id, ch.origin)
            .where(ch.seq > bindparam("since"), users)
            .order_by(ch.seq).limit(bindparam("rows")).subquery())
    cols: list[Any] = [counter.value, state.generation, state.compacted_through]
    stmt = select(*cols, page.c.seq, page.c.kind, page.c.entity_id, page.c.origin)
    if with_session:
        tok, usr = AuthToken.__table__.c, User.__table__.c
        session = (select(tok.expires_at, usr.id.label("user_id"), usr.active, usr.role,
                          usr.team_id)
                   .join_from(AuthToken.__table__, User.__table__, usr.id == tok.user_id)
                   .where(tok.token_sha256 == bindparam("digest")).subquery())
        stmt = select(*cols, session.c.expires_at, session.c.user_id, session.c.active,
                      session.c.role, session.c.team_id, page.c.seq, page.c.kind,
                      page.c.entity_id, page.c.origin)
    stmt = stmt.select_from(SyncCounter.__table__).outerjoin(
        ServerState.__table__, state.id == 1)
    if with_session:
        stmt = stmt.outerjoin(session, true())
    return stmt.outerjoin(page, true()).where(counter.id == 1).order_by(page.c.seq)


# Built once, with bound parameters: SQLAlchemy memoises a statement object's cache key,
# and building this one per pull cost more than running it.
_PAGE_AND_TOP = {(u, t): _page_and_top_stmt(u, t) for u in (0, 1, 2) for t in (False, True)}


@dataclass(frozen=True)
class SessionRow:
    """A bearer token's row and its user's, as read beside a page (server.auth.Sessions)."""

    expires_at: datetime
    user_id: str
    active: bool
    role: str
    team_id: str | None


@dataclass(frozen=True)
class Feed:
    """The state of the feed beside a page: the last seq handed out, the database's
    generation (None before migration 0009) and the compaction mark; with a token's
    digest, that token's session as of the same snapshot (None: no such token)."""

    top: int
    generation: str | None
    compacted_through: int
    session: SessionRow | None = None


def page_and_top(
    session: Session, *, since: int, limit: int, user_ids: list[str] | None,
    token_digest: str | None = None,
) -> tuple[list[Row[Any]], Feed]:
    """Rows after `since` visible to a user, as (seq, kind, entity_id, origin): public rows plus
    rows of `user_ids` (None = public rows only), at most limit+1 so the caller can tell
    has_more; and the feed's state (`top_seq`, generation, compaction mark) beside them,
    from one statement and so one snapshot. The desktops' most common request is a pull
    that finds nothing new and must then check its cursor against the counter: one round
    trip instead of two. With `token_digest`, the same statement reads that token's
    session (a pull whose token was taken from the cache checks it there, for free)."""
    params: dict[str, Any] = {"since": since, "rows": limit + 1}
    users = 0
    if user_ids and len(user_ids) == 1:
        params["user"], users = user_ids[0], 1
    elif user_ids:
        params["users"], users = user_ids, 2
    if token_digest is not None:
        params["digest"] = token_digest
    found = session.execute(_PAGE_AND_TOP[(users, token_digest is not None)], params).all()
    if not found:
        return [], Feed(0, None, 0)
    first = found[0]
    row = None
    if token_digest is not None and first[4] is not None:
        row = SessionRow(first[3], first[4], bool(first[5]), first[6], first[7])
    feed = Feed(int(first[0] or 0), first[1], int(first[2] or 0), row)
    return [r for r in found if r.seq is not None], feed
