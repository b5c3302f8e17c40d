"""After one online day the desktop starts with the server down, and everything arrives later.

The real server on a loopback port is stopped and started again on the same port;
the desktop's client core is "restarted" by opening new services on the same data
directory, the way ui/main.py's start path does (AuthService -> Session -> Workspace).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from app.errors import AuthRequired, OfflineUnlockRefused, ServerUnreachable
from app.local_unlock import LocalUnlock
from app.paths import Paths
from app.services.auth import AuthService, Session
from app.services.workspace import Workspace
from app.settings import Settings
from app.tokens import TokenStore
from tests.conftest import account
from tests.e2e.desktop import callable_rows, midday_clock, no_answer
from tests.e2e.test_sync_live import server_outcomes
from tests.support.memory_keyring import MemoryKeyring, memory_keyring


@pytest.fixture
def keyring_backend() -> Iterator[MemoryKeyring]:
    with memory_keyring() as backend:
        yield backend


def open_ws(url: str, data: Path, session: Session) -> Workspace:
    return Workspace.open(paths=Paths.under(data), settings=Settings(sync_interval_seconds=60),
                          server_url=url, user=session.user, token=session.token,
                          key=session.key, clock=midday_clock())


def online_day(url: str, acct: dict[str, Any], data: Path, tokens: TokenStore) -> list[str]:
    """Log in with the server, record one outcome, sync, quit. Returns the action ids."""
    paths = Paths.under(data)
    paths.ensure()
    session = AuthService(url, tokens, paths).open_session(acct["username"], acct["password"])
    assert not session.offline and session.token
    ws = open_ws(url, data, session)
    try:
        ws.sync.run_once()
        action = ws.queue.record_outcome(no_answer(callable_rows(ws)[0])).action_id
        assert ws.sync.run_once().pushed == 1
        return [action]
    finally:
        ws.close()


def expire_tokens(db_url: str) -> None:
    """The server's clock moved past every session's end (a real expiry, not a fake)."""
    eng = create_engine(db_url)
    with eng.begin() as conn:
        conn.execute(text("UPDATE auth_tokens SET expires_at = :t"),
                     {"t": datetime(2001, 1, 1)})  # past, whatever the server's clock says
    eng.dispose()


def file_bytes(ws: Workspace, data: Path) -> bytes:
    db = Paths.under(data).user_db(ws.server_url, ws.user.username)
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))


def test_keyring_session_opens_offline_and_the_outbox_drains_on_return(
    fresh_server: dict[str, Any], tmp_path: Path, keyring_backend: MemoryKeyring
) -> None:
    srv, url = fresh_server["server"], fresh_server["url"]
    acct = account(fresh_server["accounts"], "agent")
    ids = online_day(url, acct, tmp_path, TokenStore())
    assert TokenStore().persistent, "the in-memory keyring counts as a system keyring"

    srv.stop()
    auth = AuthService(url, TokenStore(), Paths.under(tmp_path))  # the next start
    session = auth.resume_session(acct["username"])
    assert session is not None and session.offline and session.token
    ws = open_ws(url, tmp_path, session)
    try:
        rows = callable_rows(ws)
        assert rows, "the local queue opens with the server down"
        detail = ws.queue.detail(rows[0].id)
        name, phone = detail.customer.name, detail.customer.phone
        ids.append(ws.queue.record_outcome(no_answer(rows[0])).action_id)
        with pytest.raises(ServerUnreachable):
            ws.sync.run_once()
        assert ws.queue.pending_count() == 1
        # Customer data at rest: the name and number are in the store, not on the disk.
        raw = file_bytes(ws, tmp_path)
        assert name.encode() not in raw and phone.encode() not in raw
        assert phone[-8:].encode() not in raw

        srv.start()  # the same port again: the same local file is found
        assert srv.url == url
        assert ws.sync.run_once().pushed == 1
        assert ws.queue.pending_count() == 0
        assert server_outcomes(fresh_server["db_url"], ids) == {i: 1 for i in ids}

        # The session expires on the server: one login is needed, the outbox waits intact.
        ids.append(ws.queue.record_outcome(no_answer(callable_rows(ws)[0])).action_id)
        expire_tokens(fresh_server["db_url"])
        with pytest.raises(AuthRequired):
            ws.sync.run_once()
        assert ws.queue.pending_count() == 1
        _, token = auth.login(acct["username"], acct["password"])
        ws.sync.resume_with_token(token)
        assert ws.sync.run_once().pushed == 1
        assert server_outcomes(fresh_server["db_url"], ids) == {i: 1 for i in ids}
    finally:
        ws.close()


def test_password_unlocks_offline_without_a_keyring_and_a_wrong_one_is_refused(
    fresh_server: dict[str, Any], tmp_path: Path
) -> None:
    srv, url, db_url = fresh_server["server"], fresh_server["url"], fresh_server["db_url"]
    acct = account(fresh_server["accounts"], "agent", 1)
    ids = online_day(url, acct, tmp_path, TokenStore(use_keyring=False))
    unlock_file = Paths.under(tmp_path).user_unlock(url, acct["username"])
    assert acct["password"].encode() not in unlock_file.read_bytes()
    assert b"$argon2id$" in unlock_file.read_bytes()

    srv.stop()
    paths = Paths.under(tmp_path)
    waits: list[float] = []
    tokens = TokenStore(use_keyring=False)  # the next start: no token anywhere
    auth = AuthService(url, tokens, paths, unlock=LocalUnlock(paths, url, sleep=waits.append))
    with pytest.raises(ServerUnreachable):
        auth.resume_session(acct["username"])
    assert auth.can_unlock_offline(acct["username"])
    for _ in range(2):
        with pytest.raises(OfflineUnlockRefused) as err:
            auth.open_session(acct["username"], "not-the-password")
        assert err.value.code == "wrong_password" and "does not match" in err.value.message
    assert err.value.retry_after == 2.0
    session = auth.open_session(acct["username"], acct["password"])
    assert waits == [0.0, 1.0, 2.0], "each wrong password makes the next check wait longer"
    assert session.offline and session.token is None

    ws = open_ws(url, tmp_path, session)
    try:
        row = callable_rows(ws)[0]
        ids.append(ws.queue.record_outcome(no_answer(row)).action_id)
        with pytest.raises(ServerUnreachable):
            ws.sync.run_once()  # server down: offline, not "log in"
        srv.start()
        with pytest.raises(AuthRequired):
            ws.sync.run_once()  # the server is back: the password is asked for once
        assert ws.queue.pending_count() == 1, "the outbox waits untouched"
        _, token = auth.login(acct["username"], acct["password"])
        ws.sync.resume_with_token(token)
        assert ws.sync.run_once().pushed == 1
        assert server_outcomes(db_url, ids) == {i: 1 for i in ids}
    finally:
        ws.close()

    # A wrong password cannot open the store even with the verifier bypassed.
    from app.errors import LocalStoreError
    from app.local_unlock import derive_key
    from app.store.database import open_database

    record = LocalUnlock(paths, url).load(acct["username"])
    assert record is not None and record.failures == 0
    with pytest.raises(LocalStoreError):
        open_database(paths.user_db(url, acct["username"]),
                      derive_key("not-the-password", bytes.fromhex(record.salt)))


def set_password(db_url: str, username: str, password: str) -> None:
    """The server's administrator resets the password (its own hasher, its database)."""
    from server.auth import hash_password

    eng = create_engine(db_url)
    with eng.begin() as conn:
        conn.execute(text("UPDATE users SET password_hash = :h WHERE username = :u"),
                     {"h": hash_password(password), "u": username})
    eng.dispose()


def test_a_password_changed_on_the_server_carries_the_local_work_over(
    fresh_server: dict[str, Any], tmp_path: Path
) -> None:
    url, db_url = fresh_server["url"], fresh_server["db_url"]
    acct = account(fresh_server["accounts"], "agent", 2)
    paths = Paths.under(tmp_path)
    ids = online_day(url, acct, tmp_path, TokenStore(use_keyring=False))
    # Work that never reached the server before the desktop was closed.
    session = AuthService(url, TokenStore(use_keyring=False), paths).open_session(
        acct["username"], acct["password"])
    ws = open_ws(url, tmp_path, session)
    ids.append(ws.queue.record_outcome(no_answer(callable_rows(ws)[0])).action_id)
    ws.close()

    set_password(db_url, acct["username"], "a-new-password-1")
    waits: list[float] = []
    auth = AuthService(url, TokenStore(use_keyring=False), paths,
                       unlock=LocalUnlock(paths, url, sleep=waits.append))
    from app.errors import LocalStoreError

    with pytest.raises(LocalStoreError) as err:
        auth.open_session(acct["username"], "a-new-password-1")
    assert err.value.code == "password_changed"
    with pytest.raises(OfflineUnlockRefused) as refused:
        auth.open_session(acct["username"], "a-new-password-1",
                          previous_password="not-it")
    assert refused.value.code == "wrong_previous_password"
    session = auth.open_session(acct["username"], "a-new-password-1",
                                previous_password=acct["password"])
    assert waits == [0.0, 1.0]
    ws = open_ws(url, tmp_path, session)
    try:
        assert ws.queue.pending_count() == 1, "the unsent work came across"
        assert ws.sync.run_once().pushed == 1
        assert server_outcomes(db_url, ids) == {i: 1 for i in ids}
    finally:
        ws.close()
    # From now on the new password is the one that unlocks it offline.
    fresh_server["server"].stop()
    offline = AuthService(url, TokenStore(use_keyring=False), paths)
    assert offline.open_session(acct["username"], "a-new-password-1").offline
    with pytest.raises(OfflineUnlockRefused):
        LocalUnlock(paths, url, sleep=lambda _s: None).check(acct["username"],
                                                             acct["password"])
