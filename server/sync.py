"""Pull (the change feed, filtered to what the user may see) and push (client actions,
a batch per transaction, idempotent by action id).

The conflict rules are written once, in wire/conflict_rules.py (DEVELOPERS.md's list is
generated from it); what a push may be refused for is decided by the pure functions of
wire/judge.py. This module gathers the facts they need and stores what they decide.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple, cast

from sqlalchemy import Table, bindparam, func, insert, select, true, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from server import audit, auth, changes, json_rows, presence, queue, raw_sql, serialize
from server import models as m
from server.aftersale import verify
from server.db import execute_rows, utcnow
from server.errors import ApiError
from server.lead import stats
from server.lead.models import QueueHold
from server.outcome_extras import after_outcome
from server.planning import training
from server.push_body import InvalidAction
from server.surveys.models import SurveyAnswer
from server.surveys.store import survey_questions
from wire.judge import ItemFacts, judge_dnc, judge_outcome, to_server_time
from wire.rejection import MESSAGES, Rejection
from wire.rules import next_state
from wire.schema import (
    ActionResult,
    AgentStateAction,
    CampaignType,
    Disposition,
    DncAction,
    OutcomeAction,
    PullResponse,
    PushAction,
    QueueControl,
    QueueStatus,
    Role,
)

log = logging.getLogger(__name__)


# -------------------------------------------------------------------------- pull


def queue_audience(session: Session, user: m.User) -> list[str] | None:
    """Whose queue items this user receives: an agent their own, a team lead their
    teams' agents, everyone else none (reference data only)."""
    role = Role(user.role)
    if role is Role.AGENT:
        return [user.id]
    if role is Role.TEAM_LEAD:
        return auth.led_agent_ids(session, user)
    return None


class CursorAhead(ApiError):
    def __init__(self) -> None:
        super().__init__(409, "cursor_ahead",
                         "The server has fewer changes than this desktop has seen; "
                         "start again from the beginning.")


def check_cursor(session: Session, since: int) -> None:
    """A cursor beyond the last seq ever handed out means this is not the database the
    desktop synced with (restored from a backup, reset): 409 cursor_ahead, and the
    desktop starts again from 0 (keeping its outbox)."""
    if since > 0 and since > changes.top_seq(session):
        raise CursorAhead()


# A pull's answer: the page as the wire model but its queue items, which are plain values
# written to JSON as they are (serialize.WithItems).
PulledPage = serialize.WithItems[PullResponse]


def pull(session: Session, user: m.User, since: int, limit: int, *,
         origin: str | None = None,
         confirm: Callable[[str, changes.SessionRow | None], None] | None = None,
         token_digest: str | None = None,
         page: tuple[Sequence[Any], changes.Feed] | None = None) -> PullResponse:
    """`pull_page(...)` as the wire model."""
    return pull_page(session, user, since, limit, origin=origin, confirm=confirm,
                     token_digest=token_digest, page=page).model()


def pull_page(session: Session, user: m.User, since: int, limit: int, *,
              origin: str | None = None,
              confirm: Callable[[str, changes.SessionRow | None], None] | None = None,
              token_digest: str | None = None,
              page: tuple[Sequence[Any], changes.Feed] | None = None) -> PulledPage:
    """`origin`: the pulling desktop's (server.push_state.origin); the rows its own pushes
    made are stepped over (the cursor moves past them): it has their state already.
    `confirm(token_digest, session_row)`: a user taken from the token cache
    (server.auth.Sessions) is checked against its rows as read with the page.
    `page`: the rows and feed state `changes.page_and_top` gave, already read for this
    user (server.quick_pull), and already confirmed and checked (`page_cursor`)."""
    audience = queue_audience(session, user)
    if page is None:
        rows, feed = changes.page_and_top(session, since=since, limit=limit,
                                          user_ids=audience,
                                          token_digest=token_digest if confirm else None)
        if confirm is not None and token_digest is not None:
            confirm(token_digest, feed.session)
    else:
        rows, feed = list(page[0]), page[1]
    has_more, rows, cursor = page_cursor(rows, feed, since, limit)
    wanted: dict[str, dict[str, None]] = {}  # kind -> ordered set of ids (dedupe)
    for row in rows:
        if origin is not None and row.origin == origin:
            continue  # this desktop's own change: answered in its push (no echo)
        kind = "queue_item" if row.kind == "queue_item_removed" else row.kind
        wanted.setdefault(kind, {})[row.entity_id] = None
    resp = PullResponse(cursor=cursor, has_more=has_more, server_time=utcnow(),
                        generation=feed.generation, compacted_through=feed.compacted_through)

    def load(model: Any, kind: str) -> list[Any]:
        ids = list(wanted.get(kind, {}))
        found: dict[str, Any] = {}
        for start in range(0, len(ids), 500):
            for obj in session.scalars(select(model).where(model.id.in_(ids[start : start + 500]))):
                found[obj.id] = obj
        return [found[i] for i in ids if i in found]

    resp.campaigns = [serialize.campaign_out(c) for c in load(m.Campaign, "campaign")]
    resp.offers = [serialize.offer_out(o) for o in load(m.Offer, "offer")]
    scripts: list[m.Script] = load(m.Script, "script")
    if scripts:
        latest: dict[str, int] = {
            cid: int(v)
            for cid, v in session.execute(
                select(m.Script.campaign_id, func.max(m.Script.version))
                .where(m.Script.campaign_id.in_({s.campaign_id for s in scripts}))
                .group_by(m.Script.campaign_id)
            )
        }
        resp.scripts = [serialize.script_out(s) for s in scripts
                        if s.version == latest.get(s.campaign_id)]
    resp.dnc = [serialize.dnc_out(d) for d in load(m.DncEntry, "dnc")]
    held = list(wanted.get("agent_control", {}))
    if held:
        holds = session.execute(
            select(QueueHold, m.User.display_name)
            .join(m.User, m.User.id == QueueHold.changed_by)
            .where(QueueHold.agent_id.in_(held))).all()
        resp.controls = [QueueControl(agent_id=h.agent_id, paused=h.paused, reason=h.reason,
                                      changed_at=h.changed_at, changed_by=name)
                         for h, name in holds]
    mine = set(audience or [])
    upserts: list[Any] = []
    for item in _item_rows(session, list(wanted.get("queue_item", {}))):
        if item.agent_id not in mine:
            resp.removed_queue_items.append(item.id)
        elif item.status == QueueStatus.CLOSED.value and since == 0:
            continue  # a fresh desktop has nothing to drop
        else:
            upserts.append(item)
    if upserts and user.role == Role.AGENT.value:  # training: no queue before the quiz
        gated = training.gated_campaigns(session, user.id, {i.campaign_id for i in upserts})
        if gated:
            resp.removed_queue_items += [i.id for i in upserts if i.campaign_id in gated]
            upserts = [i for i in upserts if i.campaign_id not in gated]
    return PulledPage(resp, serialize.queue_item_dicts(session, upserts))


def _item_rows(session: Session, ids: list[str]) -> list[Any]:
    """The queue items of these ids (those that exist, in this order) as Core rows with the
    columns the wire needs (serialize.ITEM_ROWS): a first pull reads 10,000."""
    found: dict[str, Any] = {}
    for start in range(0, len(ids), 500):
        for row in session.execute(serialize.ITEM_ROWS.where(
                m.QueueItem.id.in_(ids[start : start + 500]))).all():  # (one fetchall)
            found[row.id] = row
    return [found[i] for i in ids if i in found]


def page_cursor(rows: Sequence[Any], feed: changes.Feed, since: int, limit: int
                ) -> tuple[bool, list[Any], int]:
    """(has_more, the page's rows, its cursor) of the rows `changes.page_and_top` read
    (at most limit+1); 409 cursor_ahead for a cursor the feed never reached."""
    if not rows and since > feed.top:  # see check_cursor (a row after `since` proves it fine)
        raise CursorAhead()
    page = list(rows[:limit])
    return len(rows) > limit, page, page[-1].seq if page else since


# -------------------------------------------------------------------------- push


# The push's lookups, built once with bound parameters (see DEVELOPERS.md, "The server
# under load"): the action ids already answered, and the batch's items with their
# customers and campaigns, whether each was ever assigned to the pushing user, and
# whether another agent recorded a call of it lately (only then can the lead's conflict
# check, server.lead.stats.flag_conflicts, find anything: else it needs no query).
_KNOWN_IDS = select(m.ClientAction.action_id).where(
    m.ClientAction.action_id.in_(bindparam("ids", expanding=True)))


def _token_session() -> Any:
    """A token's session by its digest: expiry, and its user's id, state, role and team."""
    tok, usr = m.AuthToken.__table__.c, m.User.__table__.c
    return (select(tok.expires_at, usr.id.label("user_id"), usr.active, usr.role,
                   usr.team_id)
            .join_from(m.AuthToken.__table__, m.User.__table__, usr.id == tok.user_id)
            .where(tok.token_sha256 == bindparam("digest")).subquery())


def _known_ids_and_session() -> Any:
    """The answered ids as above, beside a token's session (server.auth.Sessions): the
    cached token of a push is confirmed by the batch's first statement, as a pull's is by
    its page's (changes.page_and_top), before anything is written."""
    counter = m.SyncCounter.__table__
    token = _token_session()
    known = _KNOWN_IDS.subquery()
    return (select(token.c.expires_at, token.c.user_id, token.c.active, token.c.role,
                   token.c.team_id, known.c.action_id)
            .select_from(counter).outerjoin(token, true()).outerjoin(known, true())
            .where(counter.c.id == 1))


_KNOWN_IDS_AND_SESSION = _known_ids_and_session()
# (token digest, check): `check(session_row)` raises unless the row confirms the cached user
SessionCheck = tuple[str, Callable[[changes.SessionRow | None], None]]


def _known(session: Session, ids: list[str], check: SessionCheck | None) -> set[str]:
    if check is None:
        return {r[0] for r in raw_sql.rows(session, _KNOWN_IDS, {"ids": ids})}
    found = raw_sql.rows(session, _KNOWN_IDS_AND_SESSION, {"ids": ids, "digest": check[0]})
    first = found[0] if found else None
    # (expires_at, user_id, active, role, team_id, action_id)
    check[1](None if first is None or first[1] is None else changes.SessionRow(
        first[0], first[1], bool(first[2]), first[3], first[4]))
    return {r[5] for r in found if r[5] is not None}
_o = m.CallOutcome
_BATCH_FACTS = (
    select(m.QueueAssignment.id).where(
        m.QueueAssignment.queue_item_id == m.QueueItem.id,
        m.QueueAssignment.agent_id == bindparam("user")).exists(),
    select(_o.id).where(
        _o.queue_item_id == m.QueueItem.id, _o.agent_id != bindparam("user"),
        _o.created_at > bindparam("since", type_=_o.created_at.type)).exists())
_BATCH_ITEMS = (
    select(m.QueueItem, m.Customer, m.Campaign, *_BATCH_FACTS)
    .join(m.Customer, m.Customer.id == m.QueueItem.customer_id)
    .join(m.Campaign, m.Campaign.id == m.QueueItem.campaign_id)
    .where(m.QueueItem.id.in_(bindparam("items", expanding=True))))


class Loaded:
    """A row's columns as attributes named as the mapped class names them: what the
    checks, the writes and the answer read of an item, its customer and its campaign in
    a batch of plain outcomes (`_plain_batch`), without the ORM's loading, identity map
    and change tracking (a third of a push's CPU). Not an ORM object: an item's new state
    is written by the batch's statement (`Rows.moved`), nothing else writes these."""

    def __init__(self, names: tuple[str, ...], values: Sequence[Any]) -> None:
        self.__dict__.update(zip(names, values, strict=True))

    def __getattr__(self, name: str) -> Any:  # (only for a name that is not a column)
        raise AttributeError(name)


def _attrs(model: Any) -> tuple[tuple[str, ...], list[Any]]:
    props = list(sa_inspect(model).column_attrs)
    return tuple(p.key for p in props), [p.columns[0] for p in props]


ITEM_ATTRS, ITEM_COLUMNS = _attrs(m.QueueItem)
_ITEM_CUSTOMER = ITEM_ATTRS.index("customer_id")
_CUSTOMER_ATTRS, _customer_cols = _attrs(m.Customer)
_CAMPAIGN_ATTRS, _campaign_cols = _attrs(m.Campaign)
# The same rows as _BATCH_ITEMS, as columns (server.raw_sql on PostgreSQL).
_BATCH_ROWS = (
    select(*ITEM_COLUMNS, *_customer_cols, *_campaign_cols, *_BATCH_FACTS)
    .join(m.Customer, m.Customer.id == m.QueueItem.customer_id)
    .join(m.Campaign, m.Campaign.id == m.QueueItem.campaign_id)
    .where(m.QueueItem.id.in_(bindparam("items", expanding=True))))


def _rows_with_history(dialect: str) -> Any:
    """`_BATCH_ROWS` with two more columns: the pushing user's display name and the
    history of the row's customer (serialize.history_json), so that the answer of a batch
    of plain outcomes needs no read of its own (`_batch_history`)."""
    me = select(m.User.display_name).where(m.User.id == bindparam("user")).scalar_subquery()
    return _BATCH_ROWS.add_columns(
        me.label("me"), serialize.history_json(m.QueueItem.customer_id, dialect).label("history"))


def _known_and_rows_stmt() -> Any:
    """PostgreSQL: `_KNOWN_IDS_AND_SESSION` and `_rows_with_history` in one statement: the
    token's session and the answered ids (an array) beside each of the batch's items."""
    counter = m.SyncCounter.__table__
    token = _token_session()
    known = (select(func.array_agg(m.ClientAction.action_id))
             .where(m.ClientAction.action_id.in_(bindparam("ids", expanding=True)))
             .scalar_subquery())
    items = _rows_with_history("postgresql").subquery()
    return (select(token.c.expires_at, token.c.user_id, token.c.active, token.c.role,
                   token.c.team_id, known, *items.c)
            .select_from(counter).outerjoin(token, true()).outerjoin(items, true())
            .where(counter.c.id == 1))


KNOWN_AND_ROWS = _known_and_rows_stmt()
_ROWS_WITH_HISTORY = _rows_with_history("sqlite")


class Known(NamedTuple):
    """What a batch's first statement found: the answered action ids, the batch's rows
    as `_BATCH_ROWS` gives them, the pushing user's display name and the history of each
    row's customer as serialize.history_json gives it (a batch of plain outcomes)."""

    ids: set[str]
    rows: list[Sequence[Any]]
    name: str | None = None
    history: dict[str, Any] | None = None


def _with_history(ids: set[str], found: Sequence[Sequence[Any]]) -> Known:
    """`Known` of rows of `_rows_with_history`."""
    return Known(ids, [row[:-2] for row in found], found[0][-2] if found else None,
                 {row[_ITEM_CUSTOMER]: row[-1] for row in found})


def _known_and_rows(session: Session, ids: list[str], check: SessionCheck | None,
                    params: dict[str, Any]) -> Known:
    """The answered ids and the batch's rows in one statement; `check` confirms the
    token's session as `_known`'s does."""
    return known_from_rows(raw_sql.rows(session, KNOWN_AND_ROWS, known_and_rows_params(
        ids, check[0] if check is not None else None, params)), check)


def known_and_rows_params(ids: list[str], digest: str | None, params: dict[str, Any]
                          ) -> dict[str, Any]:
    """The parameters of `KNOWN_AND_ROWS` (`params`: `Work.params`)."""
    return {**params, "ids": ids, "digest": digest}


def known_from_rows(found: Sequence[Sequence[Any]], check: SessionCheck | None) -> Known:
    """`Known` of `KNOWN_AND_ROWS`'s rows, the token's session confirmed by `check`."""
    first = found[0] if found else None
    if check is not None:  # (expires_at, user_id, active, role, team_id)
        check[1](None if first is None or first[1] is None else changes.SessionRow(
            first[0], first[1], bool(first[2]), first[3], first[4]))
    known = set(first[5] or ()) if first is not None else set()
    return _with_history(known, [row[6:] for row in found if row[6] is not None])


_SPANS = (len(ITEM_ATTRS), len(ITEM_ATTRS) + len(_CUSTOMER_ATTRS),
          len(ITEM_ATTRS) + len(_CUSTOMER_ATTRS) + len(_CAMPAIGN_ATTRS))
# session.info keys: the customers a batch of plain outcomes loaded, by id, and its items
# in the state the batch leaves them (server.push_state; the items dropped on a rollback)
LOADED_CUSTOMERS = "callsheet.push_customers"
LOADED_ITEMS = "callsheet.push_items"
BATCH_HISTORY = "callsheet.push_history"  # (the answer's history: `_batch_history`)
Batch = dict[str, tuple[Any, Any, Any]]  # item id -> (item, campaign, customer)


def _plain_batch(actions: Sequence[PushAction | InvalidAction]) -> bool:
    """A batch of outcomes that only move their items (the desktops' every push): no
    do-not-call outcome (it writes the customer's items and the list through the ORM),
    no other kind of action. Its items are read as `Loaded` rows."""
    return all(isinstance(a, InvalidAction) or (
        isinstance(a, OutcomeAction) and a.disposition is not Disposition.DO_NOT_CALL)
        for a in actions)


class Rejected(Exception):
    def __init__(self, code: Rejection, message: str | None = None) -> None:
        self.message = message or MESSAGES[code]
        super().__init__(self.message)
        self.code = code


def push(
    factory: sessionmaker[Session], user: m.User,
    actions: Sequence[PushAction | InvalidAction], *, session: Session | None = None,
    origin: str | None = None, answer: Callable[[list[ActionResult]], None] | None = None,
    check: SessionCheck | None = None,
) -> list[ActionResult]:
    """A batch in one transaction, each action in a SAVEPOINT of its own: a rejected
    action leaves nothing but its stored answer, and the batch costs one commit (one
    fsync, one seq allocation) instead of one per action. An unexpected error rolls the
    whole batch back (500); the desktop sends it again and nothing was half-stored.
    An action that failed validation (`InvalidAction`, server.push_body) is rejected alone
    like any other; one whose id could not be read is answered in its position only.
    `session`: a fresh session of `factory` the caller opened (and closes), e.g. the one
    it authenticated in. `origin`: the pushing desktop (server.push_state), recorded with
    the changes so its own pulls leave them out.
    `answer(results)`: called with the results this returns, in the batch's transaction
    just before its commit (reads there see what the batch wrote, and cost no transaction
    of their own: a BEGIN and a ROLLBACK fewer); when the batch fell back to one
    transaction per action, after those committed.
    `check`: a user taken from the token cache is confirmed by the batch's first statement
    (`_known`); what `check` raises ends the batch before it wrote anything."""
    if session is None:
        with factory() as own:
            return push(factory, user, actions, session=own, origin=origin, answer=answer,
                        check=check)
    work = begin_batch(session, user, actions, origin)
    if work.plain and session.get_bind().dialect.name == "postgresql":
        first = _known_and_rows(session, work.ids, check, work.params)
    else:
        known_ids = _known(session, work.ids, check)
        first = _with_history(known_ids, raw_sql.rows(session, _ROWS_WITH_HISTORY,
                                                      work.params)) \
            if work.plain else Known(known_ids, [])
    results = judge_batch(session, user, actions, work, first, answer)
    try:
        session.commit()
    except IntegrityError:
        # An action id of this batch was committed meanwhile by a concurrent request.
        session.rollback()
        for key in (LOADED_ITEMS, BATCH_HISTORY):  # (their state was not committed)
            session.info.pop(key, None)
        results = [push_one(factory, user, a, origin=origin) for a in actions]
        if answer is not None:
            answer(results)
    return results


class Work(NamedTuple):
    """What a batch's first statement asks for (`begin_batch`)."""

    ids: list[str]  # the actions' ids (those that could be read)
    plain: bool  # a batch of plain outcomes (`_plain_batch`)
    params: dict[str, Any]  # the items' statement's parameters (none: no outcome)


def begin_batch(session: Session, user: m.User,
                actions: Sequence[PushAction | InvalidAction], origin: str | None) -> Work:
    """A batch's start in `session`: its origin set, an earlier batch's state dropped."""
    changes.set_origin(session, origin)
    for key in (LOADED_ITEMS, BATCH_HISTORY):  # (a session's earlier batch: not this one's)
        session.info.pop(key, None)
    ids = [a.action_id for a in actions if not isinstance(a, InvalidAction) or a.readable]
    item_ids = {a.queue_item_id for a in actions if isinstance(a, OutcomeAction)}
    params: dict[str, Any] = {}
    if item_ids:
        since = _rivals_since([a for a in actions if isinstance(a, OutcomeAction)])
        params = {"items": list(item_ids), "user": user.id, "since": since}
    return Work(ids, bool(item_ids) and _plain_batch(actions), params)


def judge_batch(session: Session, user: m.User,
                actions: Sequence[PushAction | InvalidAction], work: Work, first: Known,
                answer: Callable[[list[ActionResult]], None] | None) -> list[ActionResult]:
    """Every action of the batch judged and its rows written, given what its first
    statement found (`first`); `answer(results)` called last, before the caller commits.
    A batch of plain outcomes reads its items as `Loaded` rows (on PostgreSQL they came
    with the answered ids and the token); any other as ORM objects, held: the session's
    identity map is weak, and check_outcome's session.get() then needs no query."""
    assigned: set[str] = set()
    held: list[Any] = []
    rivals: set[str] = set()
    rows = Rows(rival_items=rivals)
    batch: Batch | None = None
    known, found = first.ids, first.rows
    if work.plain:
        batch = {}
        end_item, end_customer, end_campaign = _SPANS
        for row in found:
            loaded = Loaded(ITEM_ATTRS, row[:end_item])
            batch[loaded.id] = (
                loaded, Loaded(_CAMPAIGN_ATTRS, row[end_customer:end_campaign]),
                Loaded(_CUSTOMER_ATTRS, row[end_item:end_customer]))
            if row[end_campaign]:
                assigned.add(loaded.id)
            if row[end_campaign + 1]:
                rivals.add(loaded.id)
        session.info[LOADED_CUSTOMERS] = {cu.id: cu for _, _, cu in batch.values()}
        session.info[LOADED_ITEMS] = {it.id: it for it, _, _ in batch.values()}
    elif work.params:
        for item, customer, campaign, mine, rival in session.execute(_BATCH_ITEMS,
                                                                     work.params):
            held += (item, customer, campaign)
            if mine:
                assigned.add(item.id)
            if rival:
                rivals.add(item.id)
    answered: dict[str, ActionResult] = {}
    results: list[ActionResult] = []
    for a in actions:
        if isinstance(a, InvalidAction) and not a.readable:
            results.append(_invalid_result(a))
            continue
        if a.action_id in answered:  # the same id twice in one batch
            results.append(answered[a.action_id].model_copy(update={"duplicate": True}))
            continue
        stored = _stored(session, user, a.action_id) if a.action_id in known \
            else _purged_answer(session, user, a)
        result = stored or _push_in_batch(session, user, a, assigned, rows, batch)
        answered[a.action_id] = result
        results.append(result)
    if batch is not None and answer is not None:  # (the history only an answer needs)
        history = _batch_history(first, rows.outcomes, batch)
        if history is not None:
            session.info[BATCH_HISTORY] = history
    rows.insert(session, last=True)
    if answer is not None:
        answer(results)
    return results


def _batch_history(first: Known, outcomes: list[dict[str, Any]], batch: Batch
                   ) -> dict[str, list[dict[str, Any]]] | None:
    """The history of a plain batch's customers, newest first, as the answer would read
    it after the batch's writes: what its first statement found, and the call records
    the batch is storing. None when the first statement brought none, or a record has an
    offer: a sale's order and its state are the verification's, read back."""
    if first.history is None or first.name is None or any(o["offer_id"] for o in outcomes):
        return None
    out = {cid: serialize.history_from_json(h) for cid, h in first.history.items()}
    for o in outcomes:
        out.setdefault(o["customer_id"], []).append(serialize.new_entry(
            o, first.name, batch[o["queue_item_id"]][1].code))
    for entries in out.values():
        serialize.newest_first(entries)
    return out


def _rivals_since(outcomes: list[OutcomeAction]) -> datetime:
    """From when another agent's call of an item could conflict with this batch's."""
    try:
        return min(to_server_time(a, a.created_at) for a in outcomes) - stats.CONFLICT_WINDOW
    except OverflowError:  # a time at the calendar's edge: then any time
        return datetime.min.replace(tzinfo=UTC)


@dataclass
class Rows:
    """Append-only rows of a push batch (call records, audit entries, stored answers),
    inserted together with one executemany per table just before the commit instead of
    as an ORM object each: the batch's cost is then its checks, not the unit of work."""

    outcomes: list[dict[str, Any]] = field(default_factory=list)
    audits: list[dict[str, Any]] = field(default_factory=list)
    answers: list[dict[str, Any]] = field(default_factory=list)
    # The batch's items another agent recorded a call of lately (None: not known): only
    # these are looked up for conflicts (server.lead.stats.flag_conflicts).
    rival_items: set[str] | None = None
    surveys: list[dict[str, Any]] = field(default_factory=list)  # survey answers
    # The new state of `Loaded` items (not the ORM's), by id: written with the rows.
    moved: dict[str, dict[str, Any]] = field(default_factory=dict)

    def audit(self, *, actor_id: str | None, action: str, entity: str,
              entity_id: str | None, **detail: Any) -> None:
        self.audits.append({"at": utcnow(), "actor_id": actor_id, "action": action,
                            "entity": entity, "entity_id": entity_id, "detail": detail})

    def answer(self, user: m.User, action: PushAction | InvalidAction,
               result: ActionResult) -> None:
        self.answers.append({"action_id": action.action_id, "user_id": user.id,
                             "kind": action.kind, "result": result.model_dump(mode="json"),
                             "received_at": utcnow()})

    def insert(self, session: Session, *, last: bool = False) -> None:
        """`last`: the batch's final write before its commit (nothing is emitted after
        it): on PostgreSQL the change feed's rows are written by the same statement."""
        batches = [(cast(Table, model.__table__), rows) for model, rows in (
            (m.CallOutcome, self.outcomes), (SurveyAnswer, self.surveys),
            (m.AuditLog, self.audits), (m.ClientAction, self.answers))]
        # PostgreSQL: the three tables in one statement (server.json_rows), with the
        # UPDATE of the items the batch moved when they are the session's only changes
        # (else the ORM flushes them before the inserts, as it always did), and the lead's
        # roll-ups of the batch's outcomes (else upserted by their commit hook).
        done = False
        plain = list(self.moved.values())
        if session.get_bind().dialect.name == "postgresql":
            moved = json_rows.orm_updates(session, m.QueueItem)
            if moved is None:
                session.flush()
            counts = stats.pending_rows(session)
            feed = changes.pending_part(session) if last else None
            updates = [row for _, row in moved or ()] + plain
            done = json_rows.insert_rows(session, batches + counts, updates=(
                cast(Table, m.QueueItem.__table__), updates)
                if updates else None, add_on_conflict=stats.MERGE if counts else None,
                also=feed)
            if done and moved:
                for obj, _ in moved:
                    session.expunge(obj)  # written above; the ORM must not write it again
            if done and counts:
                stats.taken(session, items=self.rival_items)
            if done and feed is not None:
                changes.published(session)
        if not done:
            if plain:  # (the ORM's bulk UPDATE by primary key)
                session.execute(update(m.QueueItem), plain)
            for table, rows in batches:
                if rows:
                    execute_rows(session, insert(table), rows)
        for _, rows in batches:
            rows.clear()
        self.moved.clear()


def _invalid_result(action: InvalidAction) -> ActionResult:
    return ActionResult(action_id=action.action_id, status="rejected", code=action.code,
                        message=action.message)


def _push_in_batch(
    session: Session, user: m.User, action: PushAction | InvalidAction, assigned: set[str],
    rows: Rows, batch: Batch | None = None,
) -> ActionResult:
    if isinstance(action, InvalidAction):
        result = _invalid_result(action)
        rows.audit(actor_id=user.id, action="action.rejected", entity="client_action",
                   entity_id=action.action_id, code=result.code)
        rows.answer(user, action, result)
        return result
    mark = changes.mark(session)
    try:
        if isinstance(action, OutcomeAction) and action.disposition is not Disposition.DO_NOT_CALL:
            # The common case, kept cheap: checks write nothing, so no savepoint is needed,
            # and the rows are inserted together before the commit.
            with session.no_autoflush:
                found = check_outcome(session, user, action, assigned, batch)
                write_outcome(session, user, action, *found, rows=rows)
        else:
            with session.begin_nested():
                _apply(session, user, action)
        result = ActionResult(action_id=action.action_id, status="accepted")
    except Rejected as rej:
        changes.truncate(session, mark)
        result = ActionResult(action_id=action.action_id, status="rejected", code=rej.code,
                              message=rej.message)
        rows.audit(actor_id=user.id, action="action.rejected", entity="client_action",
                   entity_id=action.action_id, code=result.code)
    rows.answer(user, action, result)
    return result


def _apply(session: Session, user: m.User, action: PushAction) -> None:
    if isinstance(action, OutcomeAction):
        apply_outcome(session, user, action)
    elif isinstance(action, AgentStateAction):
        try:
            presence.apply_agent_state(session, user, action)
        except presence.PresenceRejected as exc:
            raise Rejected(exc.code, exc.message) from exc
    else:
        apply_dnc(session, user, action)


def _stored(session: Session, user: m.User, action_id: str) -> ActionResult | None:
    row = session.get(m.ClientAction, action_id)
    if row is None:
        return None
    if row.user_id != user.id:
        return ActionResult(action_id=action_id, status="rejected",
                            code=Rejection.ACTION_ID_CONFLICT,
                            message=MESSAGES[Rejection.ACTION_ID_CONFLICT])
    result = ActionResult.model_validate(row.result)
    result.duplicate = True
    return result


# An action this old may have been answered before its answer was purged (server.retention
# keeps answers at least MIN_ACTION_AGE; half of it leaves room for a desktop clock).
_MAY_BE_PURGED = timedelta(days=1)


def _purged_answer(session: Session, user: m.User,
                   action: PushAction | InvalidAction) -> ActionResult | None:
    """A resent call record or presence change whose stored answer retention purged: the
    record itself is the answer (accepted, duplicate). Looked up only for actions older
    than _MAY_BE_PURGED, so a day's pushes pay nothing for it."""
    if isinstance(action, InvalidAction) or action.created_at > utcnow() - _MAY_BE_PURGED:
        return None
    model: Any = m.CallOutcome if isinstance(action, OutcomeAction) else \
        m.AgentState if isinstance(action, AgentStateAction) else None
    if model is None:
        return None  # a do-not-call flag is idempotent by number
    row = session.get(model, action.action_id)
    if row is None:
        return None
    owner = getattr(row, "agent_id", None)
    if owner != user.id:
        return ActionResult(action_id=action.action_id, status="rejected",
                            code=Rejection.ACTION_ID_CONFLICT,
                            message=MESSAGES[Rejection.ACTION_ID_CONFLICT])
    return ActionResult(action_id=action.action_id, status="accepted", duplicate=True)


def push_one(factory: sessionmaker[Session], user: m.User,
             action: PushAction | InvalidAction, *, origin: str | None = None) -> ActionResult:
    """One action, one transaction. A rejection is stored too, so a replay gets the same
    answer; an unexpected error propagates (nothing of this action is kept)."""
    if isinstance(action, InvalidAction) and not action.readable:
        return _invalid_result(action)
    with factory() as session:
        changes.set_origin(session, origin)
        stored = _stored(session, user, action.action_id) or \
            _purged_answer(session, user, action)
        if stored is not None:
            return stored
        try:
            if isinstance(action, InvalidAction):
                raise Rejected(action.code, action.message)
            _apply(session, user, action)
            result = ActionResult(action_id=action.action_id, status="accepted")
        except Rejected as rej:
            session.rollback()
            result = ActionResult(action_id=action.action_id, status="rejected", code=rej.code,
                                  message=rej.message)
            audit.record(session, actor_id=user.id, action="action.rejected",
                         entity="client_action", entity_id=action.action_id, code=rej.code)
        session.add(m.ClientAction(action_id=action.action_id, user_id=user.id,
                                   kind=action.kind, result=result.model_dump(mode="json"),
                                   received_at=utcnow()))
        try:
            session.commit()
        except IntegrityError:
            # The same action id arrived twice at once; the other request won.
            session.rollback()
            stored = _stored(session, user, action.action_id)
            if stored is None:
                raise
            return stored
        return result


def apply_outcome(session: Session, user: m.User, a: OutcomeAction) -> None:
    write_outcome(session, user, a, *check_outcome(session, user, a))


def check_outcome(
    session: Session, user: m.User, a: OutcomeAction, assigned: set[str] | None = None,
    batch: Batch | None = None,
) -> tuple[m.QueueItem, m.Campaign, m.Customer]:
    """Every rule an outcome must pass; raises Rejected, and writes nothing (so a batch
    can check an action without a savepoint). `assigned`: the batch's preloaded item ids
    ever assigned to the user. `batch`: the batch's items, campaigns and customers as
    `Loaded` rows (an item not in it does not exist); else they are the ORM's."""
    if batch is not None:
        found = batch.get(a.queue_item_id)
        if found is None:
            raise Rejected(judge_outcome(a, None) or Rejection.NOT_YOUR_ITEM)
        item, campaign, customer = found
    else:
        item = session.get(m.QueueItem, a.queue_item_id)
        if item is None:
            raise Rejected(judge_outcome(a, None) or Rejection.NOT_YOUR_ITEM)
        campaign = session.get(m.Campaign, item.campaign_id)
        customer = session.get(m.Customer, item.customer_id)
        assert campaign is not None and customer is not None
    offer = session.get(m.Offer, a.offer_id) if a.offer_id is not None else None
    dnc_since = session.scalars(select(m.DncEntry.created_at)
                                .where(m.DncEntry.phone == customer.phone)).first() \
        if a.disposition is Disposition.ACCEPTED else None
    verdict = judge_outcome(a, ItemFacts(
        ever_assigned=item.id in assigned if assigned is not None
        else queue.was_assigned(session, item.id, user.id),
        customer_id=item.customer_id, campaign_id=item.campaign_id,
        allowed_dispositions=campaign.allowed_dispositions,
        offer_campaign_id=offer.campaign_id if offer is not None else None,
        dnc_since=dnc_since, campaign_type=CampaignType(campaign.campaign_type),
        survey_questions=survey_questions(session, a.script_id) if a.survey_answers
        else None))
    if verdict is Rejection.OUTCOME_NOT_FOR_TYPE:
        raise Rejected(verdict, f"The campaign {campaign.code} is a "
                                f"{campaign.campaign_type.replace('_', ' ')} campaign: "
                                f"'{a.disposition.value}' is not one of its outcomes.")
    if verdict is Rejection.DISPOSITION_NOT_ALLOWED:
        raise Rejected(verdict, f"The campaign {campaign.code} does not allow "
                                f"'{a.disposition.value}'.")
    if verdict is not None:
        raise Rejected(verdict)
    return item, campaign, customer


def write_outcome(session: Session, user: m.User, a: OutcomeAction, item: m.QueueItem,
                  campaign: m.Campaign, customer: m.Customer, *, rows: Rows | None = None
                  ) -> None:
    """Store the call record and move the item. With `rows` (a push batch) the record and
    its audit entry are inserted with the batch's other rows; without, right here."""
    now = utcnow()
    batch = rows if rows is not None else Rows()
    batch.outcomes.append({
        "id": a.action_id, "queue_item_id": item.id, "customer_id": customer.id,
        "agent_id": user.id, "campaign_id": campaign.id, "disposition": a.disposition.value,
        "objection": a.objection.value if a.objection else None, "notes": a.notes,
        "offer_id": a.offer_id, "script_id": a.script_id, "script_version": a.script_version,
        "script_variant": a.script_variant,
        "steps_taken": list(a.steps_taken), "disclosures_ticked": list(a.disclosures_ticked),
        # Times are the server's: the desktop's are corrected by its offset (and kept raw).
        "call_started_at": to_server_time(a, a.call_started_at) if a.call_started_at else None,
        "talk_seconds": a.talk_seconds,
        "wrap_seconds": a.wrap_seconds, "callback_at": _aware(a.callback_at),
        "created_at": to_server_time(a, a.created_at), "received_at": now,
        "client_created_at": _aware(a.created_at),
        "client_call_started_at": _aware(a.call_started_at),
        "clock_offset_seconds": a.clock_offset_seconds,
        "disclosure_ticks": [t.model_dump(mode="json") for t in a.disclosure_ticks],
    })
    stats.note_outcome(session, batch.outcomes[-1], customer.value_tier)
    verify.on_sale(session, batch.outcomes[-1], user)  # a sale's order (issue 21)
    # The SIP cause lives in the audit entry's JSON (no column: no migration needed).
    extra = {"sip_cause": a.sip_cause} if a.sip_cause else {}
    if a.transferred_to:
        extra["transferred_to"] = a.transferred_to
    if a.promised_on is not None:  # a payment reminder's promise (no column either)
        extra["promised_on"] = a.promised_on.isoformat()
    batch.surveys += after_outcome(session, a, campaign, customer, agent_id=user.id,
                                   at=batch.outcomes[-1]["created_at"])
    batch.audit(actor_id=user.id, action="outcome.record", entity="call_outcome",
                entity_id=a.action_id, queue_item_id=item.id, disposition=a.disposition.value,
                **extra)
    if rows is None:
        batch.insert(session)
    if item.status != QueueStatus.CLOSED.value:
        st = next_state(disposition=a.disposition, attempts_before=item.attempts,
                        max_attempts=campaign.max_attempts,
                        retry_spacing_minutes=campaign.retry_spacing_minutes,
                        callback_at=a.callback_at, now=now)
        item.status = st.status.value
        item.attempts = st.attempts
        item.next_call_at = st.next_call_at
        item.callback_at = st.callback_at
        item.updated_at = now
        if isinstance(item, Loaded):  # (not the ORM's: the batch's statement writes it)
            batch.moved[item.id] = {
                "id": item.id, "status": item.status, "attempts": item.attempts,
                "next_call_at": item.next_call_at, "callback_at": item.callback_at,
                "updated_at": now}
    # The item's history changed even when the call came after it closed (an offline
    # desktop's, replayed): it is published to its agent's other desktops all the same,
    # and so is every open item of the customer (changes.emit_customer).
    if item.agent_id is not None:
        changes.emit(session, "queue_item", item.id, item.agent_id)
    changes.emit_customer(session, customer.id)
    if a.disposition is Disposition.DO_NOT_CALL:
        queue.add_dnc(session, customer, source="agent",
                      reason=a.notes or "Customer refused marketing calls.", actor_id=user.id)


def _aware(at: datetime | None) -> datetime | None:
    return at.replace(tzinfo=UTC) if at is not None and at.tzinfo is None else at


def apply_dnc(session: Session, user: m.User, a: DncAction) -> None:
    """Who may flag whom (server/policy.py, the push's rule): an agent a customer of an
    item ever assigned to them, a team lead a customer in their teams' queues, an admin
    anyone; otherwise this action alone is rejected."""
    role = Role(user.role)
    customer = session.get(m.Customer, a.customer_id) if role is not Role.QA else None
    verdict = judge_dnc(role, customer_exists=customer is not None,
                        in_reach=customer is not None and _may_flag(session, user, role,
                                                                    customer))
    if verdict is not None or customer is None:
        raise Rejected(verdict or Rejection.FORBIDDEN)
    source = "agent" if role is Role.AGENT else "admin"
    queue.add_dnc(session, customer, source=source,
                  reason=a.reason or "Customer refused marketing calls.", actor_id=user.id)
    audit.record(session, actor_id=user.id, action="dnc.request", entity="customer",
                 entity_id=customer.id, action_id=a.action_id)


def _may_flag(session: Session, user: m.User, role: Role, customer: m.Customer) -> bool:
    """An agent: a customer of an item ever assigned to them; a team lead: one in the
    queues of the teams they lead; an admin: anyone."""
    if role is Role.AGENT:
        return session.scalars(
            select(m.QueueAssignment.id)
            .join(m.QueueItem, m.QueueItem.id == m.QueueAssignment.queue_item_id)
            .where(m.QueueItem.customer_id == customer.id, m.QueueAssignment.agent_id == user.id)
        ).first() is not None
    if role is Role.TEAM_LEAD:
        agents = auth.led_agent_ids(session, user)
        return session.scalars(
            select(m.QueueItem.id).where(m.QueueItem.customer_id == customer.id,
                                         m.QueueItem.agent_id.in_(agents or [""]))
        ).first() is not None
    return role is Role.ADMIN
