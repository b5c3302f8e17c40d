"""The real window opens from ui/main.py's start path with the server down, after one online
login on this computer: by itself with a keyring, with the password without one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QInputDialog
from pytestqt.qtbot import QtBot

from app.sync import SyncState, SyncStatus
from tests.conftest import account
from tests.support.memory_keyring import memory_keyring
from ui.main import Launcher, parse_args
from ui.main_window import MainWindow


def launch(qtbot: QtBot, data: Path, url: str) -> Launcher:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    la = Launcher(app, parse_args(["--data-dir", str(data), "--server", url,
                                   "--demo-time", "12:00"]))
    la.start()
    assert la.dialog is not None
    qtbot.addWidget(la.dialog)
    return la


def log_in_online(qtbot: QtBot, data: Path, url: str, acct: dict[str, Any]) -> None:
    la = launch(qtbot, data, url)
    try:
        assert la.dialog is not None
        la.dialog.user_edit.setText(acct["username"])
        la.dialog.password_edit.setText(acct["password"])
        la.dialog.login_button.click()
        qtbot.waitUntil(lambda: isinstance(la.window, MainWindow), timeout=20000)
        assert la.window is not None
        qtbot.addWidget(la.window)
        la.window.ws.close()
        la.window.close()
    finally:
        la.tasks.shutdown()


def window_rows(qtbot: QtBot, la: Launcher) -> MainWindow:
    qtbot.waitUntil(lambda: isinstance(la.window, MainWindow), timeout=20000)
    window = la.window
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert window.isVisible()
    qtbot.waitUntil(lambda: window.queue_panel.model.rowCount() > 0, timeout=10000)
    return window


def test_without_a_keyring_the_password_unlocks_the_window_offline(
    qtbot: QtBot, fresh_server: dict[str, Any], tmp_path: Path
) -> None:
    acct = account(fresh_server["accounts"], "agent", 2)
    log_in_online(qtbot, tmp_path, fresh_server["url"], acct)
    fresh_server["server"].stop()

    la = launch(qtbot, tmp_path, fresh_server["url"])
    try:
        dialog = la.dialog
        assert dialog is not None
        qtbot.waitUntil(lambda: dialog.offline_label.isVisible(), timeout=15000)
        assert dialog.user_edit.text() == acct["username"]
        assert "Unlock offline" in dialog.login_button.text()
        dialog.password_edit.setText("wrong")
        dialog.login_button.click()
        qtbot.waitUntil(lambda: dialog.error_label.isVisible() and not dialog.busy,
                        timeout=15000)
        assert "Wrong password" in dialog.error_label.text()
        assert la.window is None
        dialog.password_edit.setText(acct["password"])
        dialog.login_button.click()  # waits 1 s: the first wrong try's delay
        window = window_rows(qtbot, la)
        assert window.ws.client.token is None, "no token anywhere without a keyring"
        # The server answers again: sync needs a login, and nothing has expired.
        window.ws.sync.stop()
        window._sync_status(SyncStatus(state=SyncState.AUTH_REQUIRED, pending=1))
        asked = window.reauth_dialog
        assert isinstance(asked, QInputDialog) and asked.isVisible()
        assert asked.windowTitle() == "Log in to sync"
        assert "expired" not in asked.labelText() and acct["username"] in asked.labelText()
        asked.reject()
        window.ws.close()
    finally:
        la.tasks.shutdown()


def test_with_a_keyring_the_window_opens_offline_by_itself(
    qtbot: QtBot, fresh_server: dict[str, Any], tmp_path: Path
) -> None:
    acct = account(fresh_server["accounts"], "agent", 3)
    with memory_keyring():
        log_in_online(qtbot, tmp_path, fresh_server["url"], acct)
        fresh_server["server"].stop()
        la = launch(qtbot, tmp_path, fresh_server["url"])
        try:
            window = window_rows(qtbot, la)
            assert window.ws.client.token, "the keyring's session"
            # The server turns the session down: the password is asked for once, not at
            # every status change that follows.
            window.ws.sync.stop()
            window._sync_status(SyncStatus(state=SyncState.AUTH_REQUIRED, pending=1))
            first = window.reauth_dialog
            assert isinstance(first, QInputDialog) and first.isVisible()
            assert "expired" in first.labelText()
            first.reject()
            window._sync_status(SyncStatus(state=SyncState.AUTH_REQUIRED, pending=2))
            assert window.reauth_dialog is first
            window.ws.close()
        finally:
            la.tasks.shutdown()


def test_after_a_password_change_the_dialog_asks_for_the_previous_one_once(
    qtbot: QtBot, fresh_server: dict[str, Any], tmp_path: Path
) -> None:
    from tests.e2e.test_offline_start import set_password

    acct = account(fresh_server["accounts"], "agent", 4)
    log_in_online(qtbot, tmp_path, fresh_server["url"], acct)
    set_password(fresh_server["db_url"], acct["username"], "changed-by-admin-9")
    la = launch(qtbot, tmp_path, fresh_server["url"])
    try:
        dialog = la.dialog
        assert dialog is not None
        qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
        assert not dialog.previous_edit.isVisible()
        dialog.password_edit.setText("changed-by-admin-9")
        dialog.login_button.click()
        qtbot.waitUntil(lambda: dialog.previous_edit.isVisible() and not dialog.busy,
                        timeout=20000)
        assert "previous password" in dialog.error_label.text()
        dialog.previous_edit.setText(acct["password"])
        dialog.login_button.click()
        window = window_rows(qtbot, la)
        window.ws.close()
    finally:
        la.tasks.shutdown()
