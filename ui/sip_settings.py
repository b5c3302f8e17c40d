"""The SIP account in the settings dialog: address, registrar, proxy, transport, SRTP,
and the password, which goes to the OS keyring (app/telephony/account.py), never to the
settings file. An empty address keeps the tel: hand-off."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.settings import Settings


def _is_sip_uri(text: str, *, user: bool) -> bool:
    scheme, _, rest = text.partition(":")
    if scheme not in ("sip", "sips") or not rest or " " in text:
        return False
    return ("@" in rest and rest.split("@", 1)[0] != "" and rest.split("@", 1)[1] != "") \
        if user else True


class SipSettingsBox(QGroupBox):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Telephone (SIP)"))
        self.uri_edit = QLineEdit(settings.sip_uri, self)
        self.uri_edit.setPlaceholderText("sip:1001@pbx.example.com")
        self.uri_edit.setToolTip(self.tr(
            "Your extension at the call centre's phone system. Leave empty to dial through "
            "the softphone that opens tel: links."))
        self.registrar_edit = QLineEdit(settings.sip_registrar, self)
        self.registrar_edit.setPlaceholderText("sip:pbx.example.com")
        self.proxy_edit = QLineEdit(settings.sip_proxy, self)
        self.proxy_edit.setPlaceholderText("sip:sbc.example.com;lr")
        self.transport_combo = QComboBox(self)
        for code in ("udp", "tcp", "tls"):
            self.transport_combo.addItem(code.upper(), code)
        self.transport_combo.setCurrentIndex(
            max(self.transport_combo.findData(settings.sip_transport), 0))
        self.srtp_check = QCheckBox(self.tr("&Encrypt the voice (SRTP)"), self)
        self.srtp_check.setChecked(settings.sip_srtp)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("unchanged"))
        self.password_edit.setToolTip(self.tr(
            "Kept in the system keyring, never in the settings file. Leave empty to keep "
            "the saved one."))
        form = QFormLayout(self)
        for text, field in ((self.tr("SIP &address"), self.uri_edit),
                            (self.tr("&Registrar"), self.registrar_edit),
                            (self.tr("Outbound &proxy"), self.proxy_edit),
                            (self.tr("Tra&nsport"), self.transport_combo),
                            (self.tr("SIP pass&word"), self.password_edit)):
            label = QLabel(text, self)
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow("", self.srtp_check)

    def error(self) -> str | None:
        """Why the entries cannot be saved, or None."""
        uri = self.uri_edit.text().strip()
        if uri and not _is_sip_uri(uri, user=True):
            return self.tr("Enter the SIP address as sip:extension@host, e.g. "
                           "sip:1001@pbx.example.com")
        for text in (self.registrar_edit.text().strip(), self.proxy_edit.text().strip()):
            if text and not _is_sip_uri(text, user=False):
                return self.tr("Enter the registrar and the proxy as sip:host, e.g. "
                               "sip:pbx.example.com")
        return None

    def apply(self, settings: Settings) -> None:
        settings.sip_uri = self.uri_edit.text().strip()
        settings.sip_registrar = self.registrar_edit.text().strip()
        settings.sip_proxy = self.proxy_edit.text().strip()
        settings.sip_transport = str(self.transport_combo.currentData())
        settings.sip_srtp = self.srtp_check.isChecked()

    def new_password(self) -> str:
        """The password typed here ("" = keep the saved one)."""
        return self.password_edit.text()
