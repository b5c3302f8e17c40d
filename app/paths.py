"""Where the desktop keeps its files: the platform's user directories, or --data-dir."""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import platformdirs

APP_NAME = "callsheet"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Paths:
    data_dir: Path  # local databases, one per server and user
    config_dir: Path  # settings.json
    log_dir: Path

    @staticmethod
    def default() -> Paths:
        return Paths(
            data_dir=Path(platformdirs.user_data_dir(APP_NAME)),
            config_dir=Path(platformdirs.user_config_dir(APP_NAME)),
            log_dir=Path(platformdirs.user_log_dir(APP_NAME)),
        )

    @staticmethod
    def under(root: Path) -> Paths:
        """Everything below one folder: keeps several desktops apart on one machine."""
        return Paths(data_dir=root / "data", config_dir=root / "config", log_dir=root / "logs")

    def ensure(self) -> None:
        """Create the folders. One that cannot be made or written is left for the first
        write to report in words (StorageUnavailable), not a crash at start-up."""
        for d in (self.data_dir, self.config_dir, self.log_dir):
            try:
                d.mkdir(parents=True, exist_ok=True)
                # One OS user's customer data is never readable by another.
                if os.name == "posix" and (d.stat().st_mode & 0o777) != 0o700:
                    os.chmod(d, 0o700)
            except OSError as exc:
                log.warning("folder %s unusable: %s", d, exc.strerror or exc)

    def user_db(self, server_url: str, username: str) -> Path:
        """One local database per (server, user): never mix two users' outboxes."""
        return self._user_dir(server_url) / f"{_safe(username)}.sqlite3"

    def user_unlock(self, server_url: str, username: str) -> Path:
        """The offline-unlock record next to the database (no secret: see app.local_unlock)."""
        return self._user_dir(server_url) / f"{_safe(username)}.unlock.json"

    def _user_dir(self, server_url: str) -> Path:
        server_key = hashlib.sha256(server_key_text(server_url).encode()).hexdigest()[:12]
        return self.data_dir / server_key


def server_key_text(server_url: str) -> str:
    """The server address as the local files are keyed: the same address in another
    spelling (upper-case host, trailing slash) finds the same files."""
    parts = urlsplit(server_url.strip())
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def _safe(username: str) -> str:
    return "".join(c for c in username if c.isalnum() or c in "-_.") or "user"
