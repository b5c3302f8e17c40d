"""Roll-ups of call outcomes for the team lead's monitor, kept in the writing transaction.

Every outcome written through the push path is noted with `note_outcome`; a
`before_commit` hook (installed on the server's session factory next to the change feed)
adds the batch's counts to `stats_agent_hour` and `stats_campaign` with one upsert per
distinct key, and flags conflicting outcomes (two agents, one queue item, within a day).
A rolled-back transaction forgets its notes, so the roll-ups always equal what a full
recount of call_outcomes gives (`rebuild` does that recount; a test compares them).

Writers that bulk-insert outcomes without the push path (demo seeding, imports) call
`rebuild` afterwards.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from server import json_rows
from server import models as m
from server.db import execute_rows, utcnow
from server.lead.models import OutcomeConflict, StatsAgentHour, StatsCampaign

_PENDING = "callsheet_pending_stats"
CONFLICT_WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class Noted:
    outcome_id: str
    queue_item_id: str
    agent_id: str
    campaign_id: str
    disposition: str
    talk_seconds: int
    offer_id: str
    value_tier: str
    created_at: datetime


def hour_of(at: datetime) -> datetime:
    """The UTC clock hour of `at` (a desktop may send any offset)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def note_outcome(session: Session, outcome: dict[str, Any], value_tier: str) -> None:
    """Count this outcome (a call_outcomes row) in the roll-ups when (and only if) the
    transaction commits."""
    session.info.setdefault(_PENDING, []).append(Noted(
        outcome["id"], outcome["queue_item_id"], outcome["agent_id"], outcome["campaign_id"],
        outcome["disposition"], int(outcome["talk_seconds"] or 0), outcome["offer_id"] or "",
        value_tier or "", outcome["created_at"],
    ))


_UPSERTS: dict[tuple[str, str], Any] = {}


def _upsert(session: Session, table: Any, keys: list[str], rows: list[dict[str, Any]],
            counters: list[str]) -> None:
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    stmt = _UPSERTS.get((dialect, table.name))
    if stmt is None:  # built once: constructing it cost more than running it
        ins = postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
        stmt = _UPSERTS[(dialect, table.name)] = ins.on_conflict_do_update(
            index_elements=keys,
            set_={c: getattr(table.c, c) + getattr(ins.excluded, c) for c in counters},
        )
    # Sorted keys: two concurrent batches lock the roll-up rows in the same order.
    rows.sort(key=lambda r: tuple(str(r[k]) for k in keys))
    execute_rows(session, stmt, rows)


def _apply(session: Session) -> None:
    noted: list[Noted] = session.info.pop(_PENDING, [])
    if not noted:
        return
    session.flush()
    add_counts(session, noted)
    flag_conflicts(session, noted)


_HOURLY_KEYS = ["hour", "agent_id", "campaign_id", "disposition"]
_CAMPAIGN_KEYS = ["campaign_id", "agent_id", "value_tier", "offer_id", "disposition"]
MERGE = {"stats_agent_hour": (_HOURLY_KEYS, ["calls", "talk_seconds"]),
          "stats_campaign": (_CAMPAIGN_KEYS, ["calls"])}


def pending_rows(session: Session) -> list[tuple[Table, list[dict[str, Any]]]]:
    """The roll-up rows of the outcomes noted so far (PostgreSQL, few enough for one
    statement), for a writer that inserts them with its own rows in one statement
    (server.sync.Rows, json_rows with `add_on_conflict=MERGE`); once it has, it calls
    `taken`. Empty: nothing noted, or too many (the commit hook adds them)."""
    noted: list[Noted] = session.info.get(_PENDING, [])
    if not noted:
        return []
    hour_rows, camp_rows = _count_rows(noted)
    if len(hour_rows) + len(camp_rows) >= 2000:
        return []
    return [(cast(Table, StatsAgentHour.__table__), hour_rows),
            (cast(Table, StatsCampaign.__table__), camp_rows)]


def taken(session: Session, *, items: set[str] | None = None) -> None:
    """The rows of `pending_rows` were written: flag conflicts (as the commit hook does)
    and forget the notes. `items`: the only queue items another agent may have called
    lately (None: any), as the writer found them."""
    noted: list[Noted] = session.info.pop(_PENDING, [])
    if noted:
        flag_conflicts(session, noted, items=items)


def unwritten(session: Session) -> bool:
    """Whether outcomes are noted that only the commit hook would count."""
    return bool(session.info.get(_PENDING))


def _count_rows(noted: Iterable[Noted]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    hourly: dict[tuple[datetime, str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    camp: dict[tuple[str, str, str, str, str], int] = defaultdict(int)
    for n in noted:
        h = hourly[(hour_of(n.created_at), n.agent_id, n.campaign_id, n.disposition)]
        h[0] += 1
        h[1] += n.talk_seconds
        camp[(n.campaign_id, n.agent_id, n.value_tier, n.offer_id, n.disposition)] += 1
    hour_rows = [{"hour": k[0], "agent_id": k[1], "campaign_id": k[2], "disposition": k[3],
                  "calls": v[0], "talk_seconds": v[1]} for k, v in hourly.items()]
    camp_rows = [{"campaign_id": k[0], "agent_id": k[1], "value_tier": k[2], "offer_id": k[3],
                  "disposition": k[4], "calls": v} for k, v in camp.items()]
    # Sorted keys: two concurrent batches lock the roll-up rows in the same order.
    hour_rows.sort(key=lambda r: tuple(str(r[k]) for k in _HOURLY_KEYS))
    camp_rows.sort(key=lambda r: tuple(str(r[k]) for k in _CAMPAIGN_KEYS))
    return hour_rows, camp_rows


def add_counts(session: Session, noted: Iterable[Noted]) -> None:
    hour_rows, camp_rows = _count_rows(noted)
    # PostgreSQL: both upserts in one statement, one round trip (server.json_rows).
    if len(hour_rows) + len(camp_rows) < 2000 and session.get_bind().dialect.name == \
            "postgresql" and json_rows.insert_rows(
                session, [(cast(Table, StatsAgentHour.__table__), hour_rows),
                          (cast(Table, StatsCampaign.__table__), camp_rows)],
                add_on_conflict=MERGE):
        return
    _upsert(session, StatsAgentHour.__table__, _HOURLY_KEYS, hour_rows,
            ["calls", "talk_seconds"])
    _upsert(session, StatsCampaign.__table__, _CAMPAIGN_KEYS, camp_rows, ["calls"])


def _others_stmt(one_agent: bool) -> Any:
    o = m.CallOutcome
    q = select(o.id, o.queue_item_id, o.agent_id, o.created_at).where(
        o.queue_item_id.in_(bindparam("items", expanding=True)),
        o.created_at > bindparam("since", type_=o.created_at.type))
    return q.where(o.agent_id != bindparam("agent")) if one_agent else q


# Built once with bound parameters: every push batch runs one (see _UPSERTS).
_OTHERS = {False: _others_stmt(False), True: _others_stmt(True)}


def flag_conflicts(session: Session, noted: list[Noted], *,
                   items: set[str] | None = None) -> None:
    """Both outcomes stay; the later call of the two is flagged (once).

    One indexed lookup by queue item for the whole batch (call_outcomes.queue_item_id);
    the time window and the other-agent test are applied here. `items`: only these
    queue items can have a conflict (None: any); none, no lookup."""
    by_item: dict[str, list[Noted]] = defaultdict(list)
    for n in noted:
        if items is None or n.queue_item_id in items:
            by_item[n.queue_item_id].append(n)
    if not by_item:
        return
    earliest = min(n.created_at for n in noted) - CONFLICT_WINDOW
    agents = {n.agent_id for n in noted}
    # A push batch is one agent's: their own earlier outcomes need not be read at all.
    one = len(agents) == 1
    params: dict[str, Any] = {"since": earliest}
    if one:
        params["agent"] = next(iter(agents))
    flags: dict[str, dict[str, Any]] = {}
    now = utcnow()
    ids = list(by_item)
    for start in range(0, len(ids), 500):
        found = session.execute(_OTHERS[one], {**params, "items": ids[start : start + 500]})
        for oid, item_id, agent_id, created in found:
            for n in by_item[item_id]:
                if agent_id == n.agent_id or abs(created - n.created_at) >= CONFLICT_WINDOW:
                    continue
                later, earlier = ((n.outcome_id, n.agent_id), (oid, agent_id)) \
                    if n.created_at >= created else ((oid, agent_id), (n.outcome_id, n.agent_id))
                flags.setdefault(later[0], {
                    "outcome_id": later[0], "earlier_outcome_id": earlier[0],
                    "queue_item_id": item_id, "agent_id": later[1],
                    "other_agent_id": earlier[1], "at": now,
                })
    if not flags:
        return
    known = set(session.scalars(select(OutcomeConflict.outcome_id)
                                .where(OutcomeConflict.outcome_id.in_(list(flags)))))
    fresh = [row for oid, row in flags.items() if oid not in known]
    if fresh:
        session.execute(insert(OutcomeConflict), fresh)


def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


def install(factory: sessionmaker[Session]) -> None:
    from sqlalchemy import event

    event.listen(factory, "before_commit", _apply)
    event.listen(factory, "after_rollback", _after_rollback)


def rebuild(session: Session) -> int:
    """Recount both roll-ups from call_outcomes (after bulk loads, and in tests to prove
    the incremental counts right). Returns the number of outcomes counted."""
    session.execute(delete(StatsAgentHour))
    session.execute(delete(StatsCampaign))
    o, c = m.CallOutcome, m.Customer
    q = (select(o.id, o.queue_item_id, o.agent_id, o.campaign_id, o.disposition,
                o.talk_seconds, o.offer_id, c.value_tier, o.created_at)
         .join(c, c.id == o.customer_id)
         .execution_options(yield_per=20000))
    total = 0
    batch: list[Noted] = []
    for row in session.execute(q):
        batch.append(Noted(row[0], row[1], row[2], row[3], row[4], int(row[5] or 0),
                           row[6] or "", row[7] or "", row[8]))
        if len(batch) >= 50000:
            add_counts(session, batch)
            total += len(batch)
            batch = []
    add_counts(session, batch)
    return total + len(batch)
