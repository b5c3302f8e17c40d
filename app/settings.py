"""User settings as a small JSON file in the config directory. Never secrets."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass
class Settings:
    server_url: str = ""
    last_username: str = ""
    language: str = ""  # "" = follow the system locale
    max_dnc_age_hours: int = 24
    sync_interval_seconds: int = 15
    wipe_on_logout: bool = False
    # The embedded SIP user agent (docs/telephony.md); empty sip_uri: the tel: hand-off.
    # Its password is in the keyring (app/telephony/account.py), never here.
    sip_uri: str = ""  # e.g. "sip:1001@pbx.example.com"
    sip_registrar: str = ""  # e.g. "sip:pbx.example.com"
    sip_proxy: str = ""  # outbound proxy, e.g. "sip:sbc.example.com;lr"
    sip_transport: str = "udp"  # udp / tcp / tls
    sip_srtp: bool = False
    sip_no_answer_seconds: int = 30  # ring timeout before "no answer"

    @staticmethod
    def load(path: Path) -> Settings:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return Settings()
        except (OSError, ValueError) as exc:
            log.warning("settings file %s unreadable (%s); using defaults", path, exc)
            return Settings()
        known = {f.name for f in fields(Settings)}
        values = {k: v for k, v in raw.items() if k in known} if isinstance(raw, dict) else {}
        try:
            return Settings(**values)
        except TypeError:
            return Settings()

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        if os.name == "posix":
            os.chmod(tmp, 0o600)  # the server address and username are nobody else's
        os.replace(tmp, path)
