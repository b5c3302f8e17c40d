"""The server's PostgreSQL pool: a connection cut while it sat idle (a database restart)
is replaced at checkout, without a request failing; busy connections are not pinged."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import create_engine, text

from server import db


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_idle_connection_cut_by_the_database_is_replaced_at_checkout(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = db.make_engine(db_url, pool_size=1, max_overflow=0)
    killer = create_engine(db_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            first = conn.execute(text("SELECT pg_backend_pid()")).scalar()
        with killer.connect() as k:  # as a restart would: the pooled connection is cut
            k.execute(text("SELECT pg_terminate_backend(:p)"), {"p": first})
        monkeypatch.setattr(db, "IDLE_PING_SECONDS", 0.0)
        with engine.connect() as conn:
            second = conn.execute(text("SELECT pg_backend_pid()")).scalar()
        assert second != first
    finally:
        killer.dispose()
        engine.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_a_connection_in_steady_use_is_not_pinged(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = db.make_engine(db_url, pool_size=1, max_overflow=0)
    pings: list[object] = []
    real = engine.dialect.do_ping

    def counted(dbapi_connection: Any) -> bool:
        pings.append(dbapi_connection)
        return real(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    try:
        for _ in range(5):
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
    finally:
        engine.dispose()
    assert pings == []
