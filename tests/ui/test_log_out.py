"""Logging out from the desktop against the real server: File > Log out ends the session on
the server, forgets the token here and closes the window; the client's "log out
everywhere" ends the user's other sessions too; the login brake's 429 reaches the login
dialog as "try again in ...", not as a wrong password."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from app.api_client import ApiClient
from app.errors import AuthRequired, BadCredentials, TooManyAttempts
from app.paths import Paths
from app.services.auth import AuthService
from app.services.workspace import Workspace
from app.settings import Settings
from app.tokens import TokenStore
from tests.conftest import account
from tests.e2e.desktop import midday_clock
from ui import labels
from ui.main_window import MainWindow
from ui.tasks import TaskManager


def _alive(url: str, token: str) -> bool:
    r = httpx.get(url + "/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code in (200, 401)
    return r.status_code == 200


def test_file_log_out_ends_the_session(qtbot: QtBot, tasks: TaskManager, tmp_path: Path,
                                       demo_server: dict[str, Any]) -> None:
    url, acct = demo_server["url"], account(demo_server["accounts"], "agent", 2)
    tokens = TokenStore(use_keyring=False)
    user, token = AuthService(url, tokens).login(acct["username"], acct["password"])
    other = ApiClient(url)
    other_token = other.login(acct["username"], acct["password"]).token
    paths = Paths.under(tmp_path)
    paths.ensure()
    ws = Workspace.open(paths=paths, settings=Settings(), server_url=url, user=user,
                        token=token, clock=midday_clock())
    win = MainWindow(ws, tasks, tokens=tokens)
    qtbot.addWidget(win)
    win.show()
    action = win.findChild(QAction, "logOutAction")
    assert isinstance(action, QAction) and action.text() == "Log &out"
    assert action in win.menuBar().actions()[0].menu().actions()  # type: ignore[union-attr]
    assert _alive(url, token)
    action.trigger()
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=15000)
    assert not _alive(url, token), "the server ended the session"
    assert tokens.get(url, acct["username"]) is None, "and the desktop forgot the token"
    assert _alive(url, other_token), "another desktop of the same user goes on"
    other.close()


def test_client_logout_everywhere(demo_server: dict[str, Any]) -> None:
    url, acct = demo_server["url"], account(demo_server["accounts"], "agent", 3)
    first, second = ApiClient(url), ApiClient(url)
    try:
        first.login(acct["username"], acct["password"])
        kept = second.login(acct["username"], acct["password"]).token
        assert first.logout(everywhere=True).revoked >= 2
        assert first.token is None
        with pytest.raises(AuthRequired):
            second.me()
        assert not _alive(url, kept)
    finally:
        first.close()
        second.close()


def test_log_out_offline_still_forgets_the_token(tmp_path: Path) -> None:
    tokens = TokenStore(use_keyring=False)
    tokens.set("http://127.0.0.1:9", "agent1", "some-token")
    client = ApiClient("http://127.0.0.1:9", token="some-token")  # nothing listens there
    try:
        assert AuthService("http://127.0.0.1:9", tokens).log_out(client, "agent1") is False
    finally:
        client.close()
    assert tokens.get("http://127.0.0.1:9", "agent1") is None


def test_the_login_brake_is_shown_in_the_login_dialog(
    qtbot: QtBot, tasks: TaskManager, tmp_path: Path, demo_server: dict[str, Any]
) -> None:
    from tests.ui.test_login_dialog import make_dialog

    url = demo_server["url"]
    name = f"nobody-{tmp_path.name}"  # unknown: no account of the shared server is locked
    client = ApiClient(url)
    try:
        for _ in range(5):
            with pytest.raises(BadCredentials) as wrong:
                client.login(name, "guess")
            assert not isinstance(wrong.value, TooManyAttempts)
        with pytest.raises(TooManyAttempts) as braked:
            client.login(name, "guess")
    finally:
        client.close()
    assert braked.value.retry_after == 2 and braked.value.code == "too_many_attempts"
    assert labels.error_message(TooManyAttempts("", retry_after=900)) == \
        "Too many failed logins. Try again in 15 minutes."
    dialog = make_dialog(qtbot, tasks, tmp_path, url)
    dialog.user_edit.setText(name)
    dialog.password_edit.setText("guess")
    dialog.login_button.click()
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=15000)
    text = dialog.error_label.text()
    assert "Login failed" in text and "Too many failed logins. Try again in" in text
    assert "Wrong username or password" not in text
