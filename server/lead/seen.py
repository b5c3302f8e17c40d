"""When each desktop last talked to the server ("last sync" in the lead's monitor).

Written from the sync routes (pull, push, long poll) at most once per THROTTLE per user
and process. With it goes the cursor of the user's latest pull seen by this process
(`pull_cursor`, a lower bound of the desktop's cursor: desktops only move forward), which
tells retention how far the change feed may be compacted (server.retention). A pull
records its cursor in memory only (a dict entry); the throttled write carries it.

The writes of many users go together: a user's first contact with this process is
written at once (with whatever else is due), later ones are collected and written by the
first request after FLUSH has passed since the last write, as one upsert for all of them.
A thousand desktops syncing every few seconds then cost one small transaction a second
per process instead of a hundred (each a pool checkout, an upsert and a commit: under
load they took a quarter of the server's CPU).
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from server.db import execute_rows, utcnow
from server.lead.models import UserSeen
from server.presence import offline_after_seconds

log = logging.getLogger(__name__)
THROTTLE = timedelta(seconds=10)
FLUSH = timedelta(seconds=1)


def _upsert_stmt(dialect: str) -> Any:
    ins = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(UserSeen)
    table = UserSeen.__table__
    return ins.on_conflict_do_update(index_elements=["user_id"], set_={
        "last_seen_at": ins.excluded.last_seen_at,
        # A write without a pull's cursor (a push, a long poll) keeps the stored one.
        "pull_cursor": func.coalesce(ins.excluded.pull_cursor, table.c.pull_cursor)})


# Built once per dialect: constructing and compiling it cost more than running it.
_UPSERT: dict[str, Any] = {}


class SeenTracker:
    def __init__(self, factory: sessionmaker[Session]) -> None:
        self._factory = factory
        self._lock = threading.Lock()
        self._written: dict[str, datetime] = {}
        self._cursors: dict[str, int] = {}
        self._due: dict[str, datetime] = {}  # user -> last contact, not yet written
        self._flushed = datetime.min.replace(tzinfo=utcnow().tzinfo)
        self._flushing = False
        self._timer: threading.Timer | None = None

    def touch(self, user_id: str, cursor: int | None = None, *, inline: bool = True) -> None:
        """`inline=False` (on the event loop): a write due now goes to a thread of its own
        instead of this one."""
        now = utcnow()
        if cursor is not None:
            self._cursors[user_id] = cursor  # one dict store (atomic under the GIL)
        with self._lock:
            last = self._written.get(user_id)
            # Well inside the delay after which the agent shows offline, however it is set.
            throttle = min(THROTTLE, timedelta(seconds=offline_after_seconds() / 4))
            if last is None or now - last >= throttle:
                self._written[user_id] = now
                self._due[user_id] = now
            if not self._due or self._flushing:
                return
            later = last is not None and now - self._flushed < FLUSH
            if later or not inline:
                if self._timer is None:  # written by the next request, or by this timer
                    self._timer = threading.Timer(FLUSH.total_seconds() if later else 0.0,
                                                  self.flush)
                    self._timer.daemon = True
                    self._timer.start()
                return
        self.flush()

    def flush(self) -> None:
        """Write every contact not yet written (one upsert for all users)."""
        with self._lock:
            self._timer = None
            if not self._due or self._flushing:
                return
            self._flushing, self._flushed = True, utcnow()
            due, self._due = self._due, {}
            rows = [{"user_id": uid, "last_seen_at": at,
                     "pull_cursor": self._cursors.get(uid)} for uid, at in due.items()]
        try:
            self._write(rows)
        finally:
            with self._lock:
                self._flushing = False

    def _write(self, rows: list[dict[str, Any]]) -> None:
        rows.sort(key=lambda r: str(r["user_id"]))  # two processes lock rows in one order
        try:
            with self._factory() as s:
                dialect = s.get_bind().dialect.name
                stmt = _UPSERT.get(dialect)
                if stmt is None:
                    stmt = _UPSERT[dialect] = _upsert_stmt(dialect)
                execute_rows(s, stmt, rows)
                s.commit()
        except SQLAlchemyError as exc:  # presence is best effort; the sync itself goes on
            log.warning("could not record last sync of %d users: %s", len(rows),
                        type(exc).__name__)
            with self._lock:
                for r in rows:
                    self._written.pop(r["user_id"], None)
