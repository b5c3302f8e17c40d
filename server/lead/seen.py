"""When each desktop last talked to the server ("last sync" in the lead's monitor).

Written from the sync routes (pull, push, long poll) at most once per THROTTLE per user
and process, so 500 desktops polling cost a few small writes a second, not one per request.
With it goes the cursor of the user's latest pull seen by this process (`pull_cursor`, a
lower bound of the desktop's cursor: desktops only move forward), which tells retention
how far the change feed may be compacted (server.retention). A pull records its cursor
in memory only (a dict entry); the throttled write carries it.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from server.db import utcnow
from server.lead.models import UserSeen
from server.presence import offline_after_seconds

log = logging.getLogger(__name__)
THROTTLE = timedelta(seconds=10)


class SeenTracker:
    def __init__(self, factory: sessionmaker[Session]) -> None:
        self._factory = factory
        self._lock = threading.Lock()
        self._written: dict[str, datetime] = {}
        self._cursors: dict[str, int] = {}

    def touch(self, user_id: str, cursor: int | None = None) -> None:
        now = utcnow()
        if cursor is not None:
            self._cursors[user_id] = cursor  # one dict store (atomic under the GIL)
        with self._lock:
            last = self._written.get(user_id)
            # Well inside the delay after which the agent shows offline, however it is set.
            throttle = min(THROTTLE, timedelta(seconds=offline_after_seconds() / 4))
            if last is not None and now - last < throttle:
                return
            self._written[user_id] = now
            pulled = self._cursors.get(user_id)
        values: dict[str, object] = {"last_seen_at": now}
        if pulled is not None:
            values["pull_cursor"] = pulled
        try:
            with self._factory() as s:
                dialect = s.get_bind().dialect.name
                ins = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(
                    UserSeen)
                s.execute(ins.values(user_id=user_id, **values).on_conflict_do_update(
                    index_elements=["user_id"], set_=values))
                s.commit()
        except SQLAlchemyError as exc:  # presence is best effort; the sync itself goes on
            log.warning("could not record last sync of a user: %s", type(exc).__name__)
            with self._lock:
                self._written.pop(user_id, None)
