"""Operations on a running centre's database: its generation (restores detected) and the
readiness probe.

The generation is a random id in `server_state` (migration 0009), made when the schema is
created and renewed by `callsheet-server mark-restored` after a backup is put back (and by
`demo --reset`, which migrates from scratch). Every pull carries it (server.sync); a
desktop whose stored generation differs pulls its feed again from 0, keeping its outbox.
Without it a restore is only noticed when the restored counter is *behind* a desktop's
cursor (`409 cursor_ahead`); once writes have carried it past the cursor, the desktop
would silently skip the restored database's rows between the two.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from server.db import make_engine, schema_state_of
from server.models import ServerState
from server.orm import session_factory


def generation(session: Session) -> str | None:
    return session.scalar(select(ServerState.generation).where(ServerState.id == 1))


def renew_generation(session: Session) -> str:
    """A new generation (in the caller's transaction): every desktop pulls from 0 next."""
    new = uuid.uuid4().hex
    row = session.get(ServerState, 1)
    if row is None:
        session.add(ServerState(id=1, generation=new, compacted_through=0))
    else:
        row.generation = new
    return new


def mark_restored(database_url: str) -> tuple[str | None, str]:
    """After a backup was put back: (old generation, new generation)."""
    engine = make_engine(database_url)
    try:
        with session_factory(engine)() as s:
            old = generation(s)
            new = renew_generation(s)
            s.commit()
        return old, new
    finally:
        engine.dispose()


@dataclass(frozen=True)
class Readiness:
    ready: bool
    reason: str  # "" when ready
    revision: str | None
    head: str


def readiness(engine: Engine) -> Readiness:
    """Database reachable and its schema the one this code expects."""
    try:
        with engine.connect() as conn:
            state = schema_state_of(conn)
    except Exception as exc:  # noqa: BLE001 - any failure to reach it means not ready
        from server.db import head_revision

        return Readiness(False, f"database unreachable ({type(exc).__name__})", None,
                         head_revision())
    if not state.up_to_date:
        why = ("database schema is newer than this release" if not state.known else
               "database schema is not migrated to this release (run callsheet-server "
               "migrate)")
        return Readiness(False, why, state.current, state.head)
    return Readiness(True, "", state.current, state.head)
