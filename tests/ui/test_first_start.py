"""Start-up: no known server opens the settings dialog first; a saved one goes to login."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from app.settings import Settings
from ui.main import Launcher, parse_args
from ui.settings_dialog import SettingsDialog


def launcher(tmp_path: Path, *argv: str) -> Launcher:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return Launcher(app, parse_args(["--data-dir", str(tmp_path), *argv]))


def test_no_server_known_asks_for_one_first(qtbot: Any, tmp_path: Path) -> None:
    la = launcher(tmp_path)
    try:
        la.start()
        assert isinstance(la.first_start, SettingsDialog) and la.dialog is None
        qtbot.addWidget(la.first_start)
        assert la.first_start.isVisible()
    finally:
        la.tasks.shutdown()


def test_saved_server_goes_straight_to_login(qtbot: Any, tmp_path: Path) -> None:
    Settings(server_url="http://127.0.0.1:1").save(tmp_path / "config" / "settings.json")
    la = launcher(tmp_path)
    try:
        la.start()
        assert la.dialog is not None and not hasattr(la, "first_start")
        qtbot.addWidget(la.dialog)
    finally:
        la.tasks.shutdown()
