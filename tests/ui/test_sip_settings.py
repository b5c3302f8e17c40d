"""The SIP account in the settings: saved to the settings file, the password to the
keyring only; a malformed address is refused with a message and nothing is saved."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.settings import Settings
from app.telephony.account import SIP_SERVICE, account_from_settings, set_sip_password
from tests.support.memory_keyring import memory_keyring
from ui.settings_dialog import SettingsDialog
from ui.tasks import TaskManager


def _dialog(qtbot: Any, tasks: TaskManager, path: Path) -> SettingsDialog:
    settings = Settings(server_url="http://127.0.0.1:9")  # saved before: counts as tested
    dialog = SettingsDialog(settings, path, tasks)
    qtbot.addWidget(dialog)
    return dialog


def test_sip_account_saved_and_password_in_the_keyring_only(
    qtbot: Any, tasks: TaskManager, tmp_path: Path
) -> None:
    path = tmp_path / "settings.json"
    with memory_keyring() as kr:
        dialog = _dialog(qtbot, tasks, path)
        box = dialog.sip_box
        assert box.isVisibleTo(dialog)
        box.uri_edit.setText(" sip:1001@pbx.example.com ")
        box.registrar_edit.setText("sip:pbx.example.com")
        box.proxy_edit.setText("sip:sbc.example.com;lr")
        box.transport_combo.setCurrentIndex(box.transport_combo.findData("tls"))
        box.srtp_check.setChecked(True)
        box.password_edit.setText("pa55-word")
        dialog.save_button.click()
        assert dialog.result() == SettingsDialog.DialogCode.Accepted
        assert kr.secrets == {(SIP_SERVICE, "sip:1001@pbx.example.com"): "pa55-word"}
        raw = path.read_text(encoding="utf-8")
        assert "pa55-word" not in raw
        saved = json.loads(raw)
        assert (saved["sip_uri"], saved["sip_registrar"], saved["sip_proxy"],
                saved["sip_transport"], saved["sip_srtp"]) == (
            "sip:1001@pbx.example.com", "sip:pbx.example.com", "sip:sbc.example.com;lr",
            "tls", True)
        account = account_from_settings(Settings.load(path))
        assert account is not None and account.password == "pa55-word"
        assert account.transport == "tls" and account.srtp
        assert account.target("+8613800138000") == "sip:+8613800138000@pbx.example.com"


def test_malformed_sip_address_is_refused_and_nothing_saved(
    qtbot: Any, tasks: TaskManager, tmp_path: Path
) -> None:
    path = tmp_path / "settings.json"
    with memory_keyring() as kr:
        dialog = _dialog(qtbot, tasks, path)
        dialog.sip_box.uri_edit.setText("1001 at pbx")
        dialog.sip_box.password_edit.setText("x")
        dialog.save_button.click()
        assert "sip:extension@host" in dialog.result_label.text()
        assert not path.exists() and kr.secrets == {}
        set_sip_password("sip:1@h", "kept")  # an empty password field keeps the saved one
        dialog.sip_box.uri_edit.setText("sip:1@h")
        dialog.sip_box.password_edit.clear()
        dialog.save_button.click()
        assert kr.secrets == {(SIP_SERVICE, "sip:1@h"): "kept"}


def test_no_address_means_tel_links() -> None:
    assert account_from_settings(Settings()) is None
