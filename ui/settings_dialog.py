"""Settings: the sync server's address (tested before it is saved), language, local data.

Shown at the first start when no server address is known (no --server, none saved)
and from File → Settings. The address must be an http(s) URL that answers
GET /api/v1/health like a Callsheet server; the test runs off the UI thread.
The file lands in the config folder with mode 0600 (app.settings.Settings.save).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import keyring.errors
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.api_client import ApiClient
from app.settings import Settings
from app.telephony.account import set_sip_password
from ui.errors import describe
from ui.sip_settings import SipSettingsBox
from ui.tasks import TaskManager

log = logging.getLogger(__name__)


def normalise_url(text: str) -> str | None:
    """`text` as a server base URL (no trailing slash), or None when it is not http(s)."""
    text = text.strip().rstrip("/")
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if parts.query or parts.fragment or " " in text:
        return None
    return text


def check_server(url: str) -> None:
    client = ApiClient(url)
    try:
        client.health()
    finally:
        client.close()


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, path: Path, tasks: TaskManager, *,
                 first_start: bool = False, parent: QWidget | None = None,
                 store_sip_password: Callable[[str, str], None] = set_sip_password) -> None:
        super().__init__(parent)
        self.settings, self.path, self.tasks = settings, path, tasks
        self._store_sip_password = store_sip_password
        self._tested_url: str | None = None
        self.setWindowTitle(self.tr("Callsheet - settings"))
        self.setMinimumWidth(480)
        intro = QLabel(self.tr(
            "Welcome. Enter the address of your team's Callsheet server; ask your team lead "
            "or IT if you do not know it.") if first_start else self.tr(
            "Changes to the server, language or telephone take effect at the next start."))
        intro.setWordWrap(True)

        self.server_edit = QLineEdit(settings.server_url, self)
        self.server_edit.setPlaceholderText("https://callsheet.example.com")
        self.server_edit.textChanged.connect(self._url_changed)
        self.test_button = QPushButton(self.tr("&Test"), self)
        self.test_button.clicked.connect(self.test)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("fieldError")
        self.result_label.setWordWrap(True)

        self.language_combo = QComboBox(self)
        for code, name in (("", self.tr("System language")), ("en", "English"),
                           ("zh_CN", "简体中文")):
            self.language_combo.addItem(name, code)
        index = self.language_combo.findData(settings.language)
        self.language_combo.setCurrentIndex(max(index, 0))

        self.keep_check = QCheckBox(
            self.tr("&Keep customer data on this computer between sessions"), self)
        self.keep_check.setChecked(not settings.wipe_on_logout)
        self.keep_check.setToolTip(self.tr(
            "When off, the local copy of your queue is deleted when you log out. Actions "
            "not yet sent to the server are never deleted."))

        form = QFormLayout()
        server_label = QLabel(self.tr("&Server address"), self)
        server_label.setBuddy(self.server_edit)
        form.addRow(server_label, self.server_edit)
        form.addRow("", self.test_button)
        form.addRow("", self.result_label)
        lang_label = QLabel(self.tr("&Language"), self)
        lang_label.setBuddy(self.language_combo)
        form.addRow(lang_label, self.language_combo)
        form.addRow("", self.keep_check)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        self.sip_box = SipSettingsBox(settings, self)
        if first_start:
            self.sip_box.hide()  # the first start asks only for the server
        layout.addWidget(self.sip_box)
        layout.addWidget(self.buttons)
        self._url_changed()

    @property
    def save_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def _url_changed(self) -> None:
        url = normalise_url(self.server_edit.text())
        self.test_button.setEnabled(url is not None)
        # Saving needs a tested address; the one saved before counts as tested.
        self.save_button.setEnabled(url is not None and url in (self._tested_url,
                                                               self.settings.server_url))
        if self.server_edit.text().strip() and url is None:
            self._say(self.tr("Enter an address starting with http:// or https://, e.g. "
                              "https://callsheet.example.com"), error=True)
        else:
            self.result_label.clear()

    def test(self) -> None:
        url = normalise_url(self.server_edit.text())
        if url is None:
            return
        self.test_button.setEnabled(False)
        self._say(self.tr("Testing %1...").replace("%1", url), error=False)
        self.tasks.run_in_background(lambda: check_server(url),
                                     lambda _r: self._tested(url, None),
                                     lambda exc: self._tested(url, exc), network=True)

    def _tested(self, url: str, exc: BaseException | None) -> None:
        if normalise_url(self.server_edit.text()) != url:
            return  # the address changed while it was tested
        self.test_button.setEnabled(True)
        if exc is None:
            self._tested_url = url
        self._url_changed()
        self._say(self.tr("The server answered.") if exc is None else describe(exc)[1],
                  error=exc is not None)

    def _say(self, text: str, *, error: bool) -> None:
        self.result_label.setObjectName("fieldError" if error else "fieldOk")
        self.result_label.style().unpolish(self.result_label)
        self.result_label.style().polish(self.result_label)
        self.result_label.setText(text)

    def save(self) -> None:
        url = normalise_url(self.server_edit.text())
        if url is None or url not in (self._tested_url, self.settings.server_url):
            return
        sip_error = self.sip_box.error()
        if sip_error is not None:
            self._say(sip_error, error=True)
            return
        password = self.sip_box.new_password()
        if password and self.sip_box.uri_edit.text().strip():
            try:
                self._store_sip_password(self.sip_box.uri_edit.text().strip(), password)
            except keyring.errors.KeyringError as exc:
                log.warning("SIP password not stored: %s", type(exc).__name__)
                self._say(self.tr("The SIP password could not be stored: no system keyring "
                                  "is available."), error=True)
                return
        self.sip_box.apply(self.settings)
        self.settings.server_url = url
        self.settings.language = str(self.language_combo.currentData() or "")
        self.settings.wipe_on_logout = not self.keep_check.isChecked()
        try:
            self.settings.save(self.path)
        except OSError as exc:
            log.warning("could not save settings: %s", exc)
            self._say(str(exc), error=True)
            return
        self.accept()
