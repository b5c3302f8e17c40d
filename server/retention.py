"""Retention: what the server may forget, and `callsheet-server purge [--dry-run]`.

Answered action ids (`client_actions`)
    A push's answer is kept so that a desktop resending an action (its answer was lost on
    the way back) gets the same answer, not a second call record. It resends at its next
    push, so an answer is needed only as long as a desktop may stay away after sending.
    Kept `action_age` (default 30 days, CALLSHEET_ACTION_RETENTION_DAYS or --action-age-days),
    never less than MIN_ACTION_AGE: the longest a desktop works offline is its do-not-call
    list's maximum age (app/settings.py `max_dnc_age_hours`, 24 h: beyond it the desktop
    refuses to dial, so it records nothing new), and its session lives 12 h more
    (server.auth.DEFAULT_TOKEN_TTL) - 36 h, rounded up to two days. A desktop that comes
    back later still gets an honest answer: a resent call record or presence change whose
    answer was purged is answered `accepted` (duplicate) from the record itself
    (server.sync `_purged_answer`), and a do-not-call flag is idempotent by number.

The change feed (`sync_changes`)
    Compacted behind the *floor*: the lowest cursor a recently active desktop pulled
    (`user_seen.pull_cursor`, written with the throttled last-seen time; "recently" =
    seen within `action_age`), or the top of the feed when none is. Below the floor:
    1. a row superseded by a later row of the same entity and audience goes (a pull reads
       the entity's current state whichever row names it: harmless to every cursor);
    2. a queue item's last row goes when the item is closed or no longer its audience's
       (a desktop reading from 0 would skip or drop it anyway); a desktop whose cursor is
       below that row still needed it, so `server_state.compacted_through` becomes the
       floor and such a desktop pulls again from 0, keeping its outbox (the pull carries
       `compacted_through`; app.store.repo.cursor_is_stale).
    Call records and the audit log are not touched here.

Recordings (`call_recordings`, issue 20)
    Each is kept until its `retention_until` (its campaign's `recording_retention_days`,
    default two years, past the customer's contract end or the call if later); then the
    row and its file go, with an audit row. An upload left unfinished for STALE_UPLOAD
    goes too (the desktop that made it would have resumed it long before).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, delete, func, literal, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from server import audit, changes
from server import models as m
from server.lead.models import UserSeen
from server.recordings.models import CallRecording
from server.recordings.store import recordings_dir

DEFAULT_ACTION_AGE = timedelta(days=30)
DESKTOP_MAX_OFFLINE = timedelta(hours=24) + timedelta(hours=12)  # DNC max age + token TTL
MIN_ACTION_AGE = timedelta(days=2)
STALE_UPLOAD = timedelta(days=30)
assert MIN_ACTION_AGE >= DESKTOP_MAX_OFFLINE


class RetentionTooShort(ValueError):
    pass


def configured_age(days: float | None, *, env: str, default: timedelta, minimum: timedelta,
                   too_short: type[ValueError], why: str) -> timedelta:
    """A retention age: the argument, else the environment variable `env` (days), else
    `default`; shorter than `minimum` raises `too_short`, saying `why`."""
    if days is None:
        raw = os.environ.get(env, "")
        days = float(raw) if raw else default.days
    age = timedelta(days=days)
    if age < minimum:
        raise too_short(f"{why}; asked: {days:g} days.")
    return age


def action_age(days: float | None = None) -> timedelta:
    """The configured age (argument, else CALLSHEET_ACTION_RETENTION_DAYS, else 30 days);
    shorter than MIN_ACTION_AGE is refused."""
    return configured_age(
        days, env="CALLSHEET_ACTION_RETENTION_DAYS", default=DEFAULT_ACTION_AGE,
        minimum=MIN_ACTION_AGE, too_short=RetentionTooShort,
        why=f"Answered actions must be kept at least {MIN_ACTION_AGE.days} days (a desktop "
            "may work offline 24 h and keep its session 12 h more)")


@dataclass(frozen=True)
class PurgeReport:
    actions: int  # answered action ids older than the cutoff
    action_cutoff: datetime
    floor: int  # feed rows up to this seq were considered
    top: int
    superseded: int  # feed rows superseded by a later row of the same entity
    dead: int  # last rows of items closed or moved away
    compacted_through: int  # the mark after the run (unchanged on a dry run)
    dry_run: bool
    recordings: int = 0  # recordings past their retention date (or stale partial uploads)

    def lines(self) -> list[str]:
        verb = "would be deleted" if self.dry_run else "deleted"
        return [
            f"answered action ids received before {self.action_cutoff:%Y-%m-%d %H:%M} UTC: "
            f"{self.actions} {verb}",
            f"change feed: compacted behind seq {self.floor} (top {self.top}): "
            f"{self.superseded} superseded rows and {self.dead} rows of closed or moved "
            f"items {verb}",
            f"desktops whose cursor is below {self.compacted_through} pull again from the "
            "start" + (" (after this run)" if self.dry_run else ""),
            f"recordings past their retention date: {self.recordings} {verb}",
        ]


def feed_floor(session: Session, now: datetime, age: timedelta) -> int:
    """The lowest cursor pulled by a desktop seen within `age` (0 = a desktop reading from
    the start: no constraint), else the top of the feed."""
    top = changes.top_seq(session)
    lowest = session.scalar(select(func.min(UserSeen.pull_cursor)).where(
        UserSeen.pull_cursor > 0, UserSeen.last_seen_at >= now - age))
    return min(top, int(lowest)) if lowest is not None else top


def _norm_kind() -> ColumnElement[Any]:
    return case((m.SyncChange.kind == "queue_item_removed", literal("queue_item")),
                else_=m.SyncChange.kind)


def _superseded(floor: int) -> ColumnElement[bool]:
    newest = (select(func.max(m.SyncChange.seq))
              .where(m.SyncChange.seq > 0)
              .group_by(_norm_kind(), m.SyncChange.entity_id, m.SyncChange.user_id))
    return and_(m.SyncChange.seq > 0, m.SyncChange.seq <= floor,
                m.SyncChange.seq.not_in(newest.scalar_subquery()))


def _dead(floor: int) -> ColumnElement[bool]:
    gone = select(m.QueueItem.id).where(
        m.QueueItem.id == m.SyncChange.entity_id,
        or_(m.QueueItem.status == "closed", m.QueueItem.agent_id != m.SyncChange.user_id))
    return and_(m.SyncChange.seq > 0, m.SyncChange.seq <= floor,
                m.SyncChange.kind.in_(("queue_item", "queue_item_removed")),
                m.SyncChange.user_id.is_not(None),
                gone.exists())


def purge(session: Session, now: datetime, age: timedelta, *, dry_run: bool) -> PurgeReport:
    """One transaction (the caller commits). Superseded rows first, so that the "dead"
    rows left are each item's last one below the floor."""
    cutoff = now - age
    old_actions = m.ClientAction.received_at < cutoff
    floor = feed_floor(session, now, age)
    top = changes.top_seq(session)
    state = session.get(m.ServerState, 1)
    mark = state.compacted_through if state else 0
    count = select(func.count()).select_from(m.SyncChange)
    if dry_run:
        actions = int(session.scalar(select(func.count()).where(old_actions)) or 0)
        superseded = int(session.scalar(count.where(_superseded(floor))) or 0)
        dead = int(session.scalar(count.where(_dead(floor), ~_superseded(floor))) or 0)
        return PurgeReport(actions, cutoff, floor, top, superseded, dead,
                           max(mark, floor) if dead else mark, True,
                           recordings=len(expired_recordings(session, now)))
    actions = _rowcount(session.execute(delete(m.ClientAction).where(old_actions)))
    superseded = _rowcount(session.execute(
        delete(m.SyncChange).where(_superseded(floor)).execution_options(
            synchronize_session=False)))
    dead = _rowcount(session.execute(
        delete(m.SyncChange).where(_dead(floor)).execution_options(
            synchronize_session=False)))
    if dead and floor > mark:
        session.execute(update(m.ServerState).where(m.ServerState.id == 1)
                        .values(compacted_through=floor))
        mark = floor
    recordings = purge_recordings(session, now)
    return PurgeReport(actions, cutoff, floor, top, superseded, dead, mark, False,
                       recordings=recordings)


def expired_recordings(session: Session, now: datetime) -> list[CallRecording]:
    past = and_(CallRecording.complete.is_(True), CallRecording.retention_until < now.date())
    stale = and_(CallRecording.complete.is_(False),
                 CallRecording.created_at < now - STALE_UPLOAD)
    return list(session.scalars(select(CallRecording).where(or_(past, stale))
                                .order_by(CallRecording.outcome_id)))


def purge_recordings(session: Session, now: datetime) -> int:
    """Delete the recordings past their retention date: the row (with an audit row) and
    the file. A file already gone is no error."""
    rows = expired_recordings(session, now)
    base = recordings_dir()
    for row in rows:
        audit.record(session, actor_id=None, action="recording.purge", entity="call_outcome",
                     entity_id=row.outcome_id, sha256=row.sha256,
                     retention_until=row.retention_until.isoformat())
        (base / row.path).unlink(missing_ok=True)
        session.delete(row)
    session.flush()
    return len(rows)


def _rowcount(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)
