"""server.raw_sql: a statement on the DBAPI connection of a Session's transaction gives
what `Session.execute` gives (PostgreSQL; other dialects run through the Session)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from server import models as m
from server import raw_sql, serialize, sync
from server.db import make_engine, utcnow
from server.orm import session_factory


def test_rows_are_what_the_session_reads(seeded: tuple[str, dict[str, Any]]) -> None:
    db_url, _ = seeded
    engine = make_engine(db_url)
    with session_factory(engine)() as s:
        items = list(s.scalars(select(m.QueueItem.id).order_by(m.QueueItem.id).limit(5)))
        agent = s.scalars(select(m.QueueItem.agent_id).where(
            m.QueueItem.id == items[0])).one()
        params = {"items": items, "user": agent, "since": utcnow() - timedelta(days=400)}
        raw = sorted(tuple(r) for r in raw_sql.rows(s, sync._BATCH_ROWS, params))
        orm = sorted(tuple(r) for r in s.execute(sync._BATCH_ROWS, params).all())
        assert raw == orm and len(raw) == 5
        assert any(r[-2] for r in raw), "the agent's own items are found assigned"
        # times come back aware (UTCDateTime's processor), JSON parsed
        assert all(r[sync.ITEM_ATTRS.index("updated_at")].tzinfo is not None for r in raw)
        assert isinstance(raw[0][sync.ITEM_ATTRS.index("recommendations")], list)
        customers = list(s.scalars(select(m.CallOutcome.customer_id).limit(40)))
        history = raw_sql.rows(s, serialize._HISTORY, {"customers": customers})
        assert history and sorted(map(tuple, history)) == sorted(
            map(tuple, s.execute(serialize._HISTORY, {"customers": customers}).all()))
        assert raw_sql.rows(s, sync._BATCH_ROWS, {**params, "items": []}) == []
    engine.dispose()


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_a_database_error_is_sqlalchemys(seeded: tuple[str, dict[str, Any]]) -> None:
    """A duplicate key is an IntegrityError as through the Session (sync.push's fallback
    to one transaction per action catches it), and the transaction is rolled back."""
    db_url, _ = seeded
    engine = make_engine(db_url)
    insert = text("INSERT INTO client_actions (action_id, user_id, kind, result, received_at)"
                  " SELECT action_id, user_id, kind, result, received_at FROM client_actions"
                  " WHERE action_id = :id")
    with session_factory(engine)() as s:
        user = s.scalars(select(m.User.id).limit(1)).one()
        s.add(m.ClientAction(action_id="raw-sql-test-1", user_id=user, kind="outcome",
                             result={}, received_at=datetime.now(UTC)))
        s.commit()
        with pytest.raises(IntegrityError) as raised:
            raw_sql.rows(s, insert, {"id": "raw-sql-test-1"})
        # (the parameters never in its text, as through server.db's engines)
        assert "parameters hidden" in str(raised.value)
        s.rollback()
        assert s.get(m.ClientAction, "raw-sql-test-1") is not None
    engine.dispose()
