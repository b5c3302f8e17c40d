"""A damaged local database: a clear message and a way forward, never silent data loss."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.paths import Paths
from tests.conftest import account
from tests.ui.test_login_dialog import make_dialog
from ui.tasks import TaskManager


def test_damaged_database_is_set_aside_on_request_and_login_continues(
    qtbot: QtBot, tasks: TaskManager, tmp_path: Path, demo_server: dict[str, Any]
) -> None:
    acct = account(demo_server["accounts"], "agent", 3)
    db_path = Paths.under(tmp_path).user_db(demo_server["url"], acct["username"])
    db_path.parent.mkdir(parents=True)
    damaged = b"not a database at all " * 50
    db_path.write_bytes(damaged)

    dialog = make_dialog(qtbot, tasks, tmp_path, demo_server["url"])
    dialog.user_edit.setText(acct["username"])
    dialog.password_edit.setText(acct["password"])
    dialog.login_button.click()
    qtbot.waitUntil(lambda: getattr(dialog, "damaged_box", None) is not None, timeout=15000)
    assert "Local database problem" in dialog.error_label.text()
    assert db_path.read_bytes() == damaged, "nothing is touched before the user decides"

    box: QMessageBox = dialog.damaged_box
    fresh = next(b for b in box.buttons()
                 if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    fresh.click()
    qtbot.waitUntil(lambda: dialog.workspace is not None, timeout=20000)
    kept = list(db_path.parent.glob("*.damaged-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    dialog.workspace.close()
