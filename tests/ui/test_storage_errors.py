"""A data folder that cannot be written: the app's own words in the login dialog, no crash."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.settings import Settings
from tests.conftest import account
from ui.main import Launcher, parse_args


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """A real read-only folder: a read-only bind mount (root ignores file modes)."""
    if os.geteuid() != 0:
        pytest.skip("a read-only bind mount needs root")
    root = tmp_path / "desk"
    (root / "config").mkdir(parents=True)
    Settings(server_url="http://x").save(root / "config" / "settings.json")
    bound = subprocess.run(["mount", "--bind", str(root), str(root)], capture_output=True)
    if bound.returncode != 0:
        pytest.skip("this machine does not allow bind mounts")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(root)], check=True)
        yield root
    finally:
        subprocess.run(["umount", str(root)], check=False)


def test_a_read_only_data_folder_is_reported_in_words(
    qtbot: QtBot, read_only: Path, demo_server: dict[str, Any]
) -> None:
    with pytest.raises(OSError):
        (read_only / "probe").write_text("x")  # the folder really refuses writes
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    la = Launcher(app, parse_args(["--data-dir", str(read_only), "--server",
                                   demo_server["url"]]))
    try:
        la.start()
        dialog = la.dialog
        assert dialog is not None
        qtbot.addWidget(dialog)
        acct = account(demo_server["accounts"], "agent", 6)
        dialog.user_edit.setText(acct["username"])
        dialog.password_edit.setText(acct["password"])
        dialog.login_button.click()
        qtbot.waitUntil(lambda: dialog.error_label.isVisible() and not dialog.busy,
                        timeout=20000)
        text = dialog.error_label.text()
        assert "Cannot save on this computer" in text and "Nothing was saved" in text
        assert "sqlite" not in text.lower() and la.window is None
    finally:
        la.tasks.shutdown()
