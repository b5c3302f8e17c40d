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
