"""The server's ORM session factory, with the commit hooks every writer relies on.

Kept apart from server/db.py (engines, the clock, migrations), which the hooks' own
modules import: the lead's statistics (server/lead/stats.py) and the change feed
(server/changes.py) both run in `before_commit`, and this module installs them.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from server import changes
from server.lead import stats


def session_factory(engine: Engine) -> sessionmaker[Session]:
    factory = sessionmaker(engine, expire_on_commit=False)
    stats.install(factory)  # first: its upserts run before the feed locks its counter
    changes.install(factory)
    return factory
