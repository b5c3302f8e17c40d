"""Offline unlock: what this computer keeps to open a user's workspace without the server.

One small JSON record per (server, user), next to the local database, written at
every online login:
- the user's own account details (id, name, role) so the workspace can open offline;
- an argon2id verifier of the password (argon2-cffi's PHC string): the password
  itself is never stored, and the verifier is slow to attack by design;
- a random salt for the database key when no keyring exists (the key itself is
  derived from the password with argon2id and never written anywhere);
- where the database key lives ("keyring" or "password"), fixed when the file is made;
- the count of wrong offline passwords in a row: each one makes the next check wait
  longer (1, 2, 4 ... 30 s), and the count survives a restart.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.low_level import Type, hash_secret_raw

from app.errors import OfflineUnlockRefused, StorageUnavailable
from app.paths import Paths
from wire.schema import UserInfo

log = logging.getLogger(__name__)

KEY_FROM_KEYRING = "keyring"
KEY_FROM_PASSWORD = "password"
MAX_DELAY = 30.0
# argon2id for the raw key: RFC 9106's second recommended profile (64 MiB, t=3).
KDF_TIME_COST, KDF_MEMORY_KIB, KDF_PARALLELISM = 3, 64 * 1024, 4


def derive_key(password: str, salt: bytes) -> bytes:
    """The local store's 256-bit key from the password (argon2id raw hash)."""
    return hash_secret_raw(
        password.encode("utf-8"), salt, time_cost=KDF_TIME_COST, memory_cost=KDF_MEMORY_KIB,
        parallelism=KDF_PARALLELISM, hash_len=32, type=Type.ID,
    )


def failure_delay(failures: int) -> float:
    """Seconds the check waits after `failures` wrong passwords in a row."""
    return 0.0 if failures <= 0 else min(MAX_DELAY, 2.0 ** (failures - 1))


@dataclass
class UnlockRecord:
    user: dict[str, object]
    verifier: str = ""  # argon2id PHC string; "" until a password was typed on this computer
    salt: str = ""  # hex; for the password-derived database key
    key_source: str = ""  # KEY_FROM_KEYRING | KEY_FROM_PASSWORD; "" until the file exists
    failures: int = 0

    @property
    def user_info(self) -> UserInfo:
        return UserInfo.model_validate(self.user)


class LocalUnlock:
    """The unlock records of one server's users under one data directory."""

    def __init__(self, paths: Paths, server_url: str, *,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._paths = paths
        self._server_url = server_url
        self._sleep = sleep
        self._hasher = PasswordHasher()  # argon2id

    def path(self, username: str) -> Path:
        return self._paths.user_unlock(self._server_url, username)

    def load(self, username: str) -> UnlockRecord | None:
        try:
            raw = json.loads(self.path(username).read_text(encoding="utf-8"))
            record = UnlockRecord(**raw)
            record.user_info  # noqa: B018 - validates the stored account
            return record
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError) as exc:
            log.warning("offline unlock record unreadable (%s)", type(exc).__name__)
            return None

    def save(self, username: str, record: UnlockRecord) -> None:
        path = self.path(username)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(asdict(record)), encoding="utf-8")
            if os.name == "posix":
                os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except OSError as exc:
            raise StorageUnavailable.at(path.parent, exc.strerror or str(exc)) from exc

    def remember(self, user: UserInfo, password: str | None, *,
                 rekeyed: bool = False) -> UnlockRecord:
        """After the server accepted this user: refresh the account and the verifier.

        Where the store's key comes from the password, the verifier always belongs to the
        password the file is locked with: a new password replaces it only once the file
        has been re-keyed to it (`rekeyed`), see AuthService.open_session.
        """
        record = self.load(user.username) or UnlockRecord(user={})
        record.user = user.model_dump(mode="json")
        if password is not None and (rekeyed or not self.password_changed(record, password)):
            record.verifier = self._hasher.hash(password)
            record.failures = 0
        if not record.salt:
            record.salt = secrets.token_bytes(16).hex()
        self.save(user.username, record)
        return record

    def matches(self, record: UnlockRecord, password: str) -> bool:
        try:
            return bool(record.verifier) and self._hasher.verify(record.verifier, password)
        except (VerificationError, InvalidHashError):
            return False

    def password_changed(self, record: UnlockRecord, password: str) -> bool:
        """A password-keyed store whose key was made from another password than this one."""
        return (record.key_source == KEY_FROM_PASSWORD and bool(record.verifier)
                and not self.matches(record, password))

    def can_unlock(self, username: str) -> bool:
        record = self.load(username)
        return record is not None and bool(record.verifier)

    def check(self, username: str, password: str) -> UnlockRecord:
        """The record if `password` matches the verifier; else OfflineUnlockRefused.

        Each wrong password in a row doubles the wait before the next answer.
        """
        record = self.load(username)
        if record is None or not record.verifier:
            raise OfflineUnlockRefused(
                "This account has never logged in on this computer, so it cannot start "
                "without the server.", code="no_local_account")
        self._sleep(failure_delay(record.failures))
        try:
            self._hasher.verify(record.verifier, password)
        except (VerificationError, InvalidHashError):
            record.failures += 1
            try:
                self.save(username, record)
            except StorageUnavailable:
                log.warning("could not keep the count of wrong offline passwords")
            wait = failure_delay(record.failures)
            log.info("wrong offline password (%d in a row)", record.failures)
            raise OfflineUnlockRefused(
                "The server cannot be reached, so the password was checked against the one "
                "last used on this computer, and it does not match. Each wrong try makes the "
                f"next check wait longer (next: {wait:.0f} s).", retry_after=wait,
                code="wrong_password") from None
        if record.failures:
            record.failures = 0
            self.save(username, record)
        return record
