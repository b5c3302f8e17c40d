"""The login dialog shows failures as a clear message and never crashes."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from app.paths import Paths
from app.services.workspace import Workspace
from app.settings import Settings
from app.tokens import TokenStore
from tests.conftest import account
from ui.login_dialog import LoginDialog
from ui.tasks import TaskManager
from wire.schema import UserInfo


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def make_dialog(qtbot: QtBot, tasks: TaskManager, tmp_path: Path, url: str,
                **kw: Any) -> LoginDialog:
    paths = Paths.under(tmp_path)
    paths.ensure()

    def open_ws(server_url: str, user: UserInfo, token: str | None, key: bytes) -> Workspace:
        return Workspace.open(paths=paths, settings=Settings(), server_url=server_url,
                              user=user, token=token, key=key)

    dialog = LoginDialog(tasks=tasks, tokens=TokenStore(use_keyring=False), paths=paths,
                         open_workspace=open_ws, server_url=url, **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_unreachable_server_is_reported_in_the_dialog(
    qtbot: QtBot, tasks: TaskManager, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, tasks, tmp_path, f"http://127.0.0.1:{closed_port()}")
    dialog.user_edit.setText("agent1")
    dialog.password_edit.setText("whatever")
    dialog.login_button.click()
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=15000)
    assert "Server unreachable" in dialog.error_label.text()
    assert dialog.workspace is None and dialog.isVisible()
    assert dialog.login_button.isEnabled(), "the user can try again"


def test_missing_fields_are_asked_for(qtbot: QtBot, tasks: TaskManager, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, tasks, tmp_path, "")
    dialog.login_button.click()
    assert dialog.error_label.isVisible()
    assert not dialog.busy


def test_keyring_warning_and_account_picker(
    qtbot: QtBot, tasks: TaskManager, tmp_path: Path
) -> None:
    accounts = [
        {"username": "lead1", "password": "p1", "role": "team_lead", "display_name": "Lead"},
        {"username": "agent1", "password": "p2", "role": "agent", "display_name": "Agent"},
    ]
    dialog = make_dialog(qtbot, tasks, tmp_path, "http://127.0.0.1:1", accounts=accounts)
    assert dialog.keyring_label.isVisible()
    assert "keyring" in dialog.keyring_label.text()
    assert dialog.account_combo.isVisible() and dialog.account_combo.count() == 2
    assert dialog.user_edit.text() == "agent1", "the first agent is picked by default"
    dialog.account_combo.setCurrentIndex(0)
    assert dialog.user_edit.text() == "lead1" and dialog.password_edit.text() == "p1"


def test_bad_credentials_are_reported(
    qtbot: QtBot, tasks: TaskManager, tmp_path: Path, demo_server: dict[str, Any]
) -> None:
    dialog = make_dialog(qtbot, tasks, tmp_path, demo_server["url"])
    dialog.user_edit.setText(account(demo_server["accounts"], "agent")["username"])
    dialog.password_edit.setText("not-the-password")
    dialog.login_button.click()
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=15000)
    assert "Login failed" in dialog.error_label.text()
    assert "Wrong username or password" in dialog.error_label.text()
    assert dialog.workspace is None


def test_good_credentials_open_the_workspace(
    qtbot: QtBot, tasks: TaskManager, tmp_path: Path, demo_server: dict[str, Any]
) -> None:
    acct = account(demo_server["accounts"], "agent")
    dialog = make_dialog(qtbot, tasks, tmp_path, demo_server["url"])
    dialog.user_edit.setText(acct["username"])
    dialog.password_edit.setText(acct["password"])
    with qtbot.waitSignal(dialog.accepted, timeout=15000):
        dialog.login_button.click()
    assert dialog.workspace is not None
    assert dialog.workspace.user.username == acct["username"]
    dialog.workspace.close()
