"""When each desktop last talked to the server ("last sync" in the lead's monitor).

Written from the sync routes (pull, push, long poll) at most once per THROTTLE per user
and process, so 500 desktops polling cost a few small writes a second, not one per request.
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

    def touch(self, user_id: str) -> None:
        now = utcnow()
        with self._lock:
            last = self._written.get(user_id)
            # Well inside the delay after which the agent shows offline, however it is set.
            throttle = min(THROTTLE, timedelta(seconds=offline_after_seconds() / 4))
            if last is not None and now - last < throttle:
                return
            self._written[user_id] = now
        try:
            with self._factory() as s:
                dialect = s.get_bind().dialect.name
                ins = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(
                    UserSeen)
                s.execute(ins.values(user_id=user_id, last_seen_at=now).on_conflict_do_update(
                    index_elements=["user_id"], set_={"last_seen_at": now}))
                s.commit()
        except SQLAlchemyError as exc:  # presence is best effort; the sync itself goes on
            log.warning("could not record last sync of a user: %s", type(exc).__name__)
            with self._lock:
                self._written.pop(user_id, None)
