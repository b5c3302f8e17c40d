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


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_a_server_process_runs_few_threads_with_a_connection_each(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CALLSHEET_SERVER_THREADS bounds the blocking routes' threads, and both pools hold a
    connection for each of them (plus two for the event loop's probes)."""
    import anyio.to_thread
    from fastapi.testclient import TestClient

    from server.api import create_app

    monkeypatch.setenv("CALLSHEET_SERVER_THREADS", "3")
    monkeypatch.delenv("CALLSHEET_DB_POOL_SIZE", raising=False)
    app = create_app(db_url)
    try:
        assert app.state.engine.pool.size() == 5
        assert app.state.read_engine.pool.size() == 5
        with TestClient(app) as client:
            assert client.get("/api/v1/health").status_code == 200
            assert client.portal is not None
            tokens = client.portal.call(
                lambda: anyio.to_thread.current_default_thread_limiter().total_tokens)
        assert tokens == 3
    finally:
        app.state.engine.dispose()
        app.state.read_engine.dispose()
