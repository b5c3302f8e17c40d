"""The agent's SIP account from the settings, its password from the OS keyring."""

from __future__ import annotations

import logging
from typing import cast

import keyring
import keyring.errors

from app.settings import Settings
from app.telephony.sip import SipAccount, Transport

log = logging.getLogger(__name__)

SIP_SERVICE = "callsheet-sip"  # keyring service; the key is the account's SIP URI


def sip_password(uri: str) -> str:
    """The SIP password kept in the keyring for `uri` ("" when none or no keyring)."""
    try:
        return keyring.get_password(SIP_SERVICE, uri) or ""
    except keyring.errors.KeyringError as exc:
        log.warning("no SIP password from the keyring: %s", type(exc).__name__)
        return ""


def set_sip_password(uri: str, password: str) -> None:
    keyring.set_password(SIP_SERVICE, uri, password)


def account_from_settings(settings: Settings, password: str | None = None) -> SipAccount | None:
    """The configured account, or None when the desktop dials through tel: links."""
    uri = settings.sip_uri.strip()
    if not uri:
        return None
    transport = settings.sip_transport if settings.sip_transport in ("udp", "tcp", "tls") \
        else "udp"
    return SipAccount(
        uri=uri, registrar=settings.sip_registrar.strip(), proxy=settings.sip_proxy.strip(),
        transport=cast(Transport, transport), srtp=settings.sip_srtp,
        password=sip_password(uri) if password is None else password,
    )
