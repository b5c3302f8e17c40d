"""First-start settings: only a tested http(s) server address is saved, file mode 0600."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from app.settings import Settings
from ui.settings_dialog import SettingsDialog, normalise_url
from ui.tasks import TaskManager


@pytest.mark.parametrize(("text", "expected"), [
    ("https://callsheet.example.com/", "https://callsheet.example.com"),
    (" http://127.0.0.1:8000 ", "http://127.0.0.1:8000"),
    ("ftp://x.example", None),
    ("callsheet.example.com", None),
    ("http://", None),
    ("http://host:99999", None),
    ("http://host/?q=1", None),
    ("", None),
])
def test_only_http_urls_are_accepted(text: str, expected: str | None) -> None:
    assert normalise_url(text) == expected


def make(qtbot: Any, tasks: TaskManager, tmp_path: Path, **kw: Any) -> SettingsDialog:
    dialog = SettingsDialog(Settings(), tmp_path / "config" / "settings.json", tasks,
                            first_start=True, **kw)
    qtbot.addWidget(dialog)
    return dialog


def test_address_is_tested_before_it_is_saved(qtbot: Any, tasks: TaskManager, tmp_path: Path,
                                              demo_server: dict[str, Any]) -> None:
    dialog = make(qtbot, tasks, tmp_path)
    assert not dialog.save_button.isEnabled()
    dialog.server_edit.setText("not a url")
    assert not dialog.test_button.isEnabled() and "https://" in dialog.result_label.text()
    dialog.server_edit.setText(demo_server["url"] + "/")
    assert dialog.test_button.isEnabled() and not dialog.save_button.isEnabled()
    dialog.test()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=10_000)
    assert dialog.result_label.objectName() == "fieldOk"
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("zh_CN"))
    dialog.keep_check.setChecked(False)
    dialog.resize(560, dialog.sizeHint().height())
    if os.environ.get("CALLSHEET_SHOTS"):
        dialog.grab().save(os.environ["CALLSHEET_SHOTS"] + "/settings.png")
    dialog.save_button.click()
    path = tmp_path / "config" / "settings.json"
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["server_url"] == demo_server["url"]
    assert saved["language"] == "zh_CN" and saved["wipe_on_logout"] is True
    if os.name == "posix":
        assert (path.stat().st_mode & 0o777) == 0o600


def test_unreachable_server_is_not_saved(qtbot: Any, tasks: TaskManager, tmp_path: Path
                                         ) -> None:
    dialog = make(qtbot, tasks, tmp_path)
    dialog.server_edit.setText("http://127.0.0.1:1")
    dialog.test()
    qtbot.waitUntil(lambda: dialog.result_label.objectName() == "fieldError"
                    and dialog.test_button.isEnabled(), timeout=20_000)
    assert not dialog.save_button.isEnabled()
    dialog.save()
    assert not (tmp_path / "config" / "settings.json").exists()
