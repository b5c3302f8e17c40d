"""Bearer tokens and local database keys in the OS keyring; tokens in memory only
where the OS offers none.

A token never goes to a file, the database, the settings or a log. On a
headless box `keyring` has no backend (NoKeyringError / the fail backend): the
desktop says so once and keeps the token for this session only.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import threading

import keyring
import keyring.errors
from keyring.backends import fail

log = logging.getLogger(__name__)

SERVICE = "callsheet"
DB_KEY_SERVICE = "callsheet-local-db"  # the 256-bit key of the encrypted local store


class TokenStore:
    def __init__(self, *, use_keyring: bool = True) -> None:
        self._lock = threading.Lock()
        self._memory: dict[str, str] = {}
        self.persistent = use_keyring and self._backend_usable()
        self.warning = (
            ""
            if self.persistent
            else "No system keyring is available: you will be asked for your password "
            "at every start. The session token is kept in memory only."
        )

    @staticmethod
    def _backend_usable() -> bool:
        try:
            backend = keyring.get_keyring()
        except Exception:  # noqa: BLE001 - any backend failure means "no keyring"
            return False
        return not isinstance(backend, fail.Keyring)

    @staticmethod
    def _key(server_url: str, username: str) -> str:
        return f"{server_url.rstrip('/')}|{username}"

    def get(self, server_url: str, username: str) -> str | None:
        key = self._key(server_url, username)
        with self._lock:
            if key in self._memory:
                return self._memory[key]
            if not self.persistent:
                return None
            try:
                return keyring.get_password(SERVICE, key)
            except keyring.errors.KeyringError as exc:
                log.warning("keyring read failed: %s", type(exc).__name__)
                return None

    def set(self, server_url: str, username: str, token: str) -> None:
        key = self._key(server_url, username)
        with self._lock:
            self._memory[key] = token
            if not self.persistent:
                return
            try:
                keyring.set_password(SERVICE, key, token)
            except keyring.errors.KeyringError as exc:
                log.warning("keyring write failed (%s); token kept in memory", type(exc).__name__)
                self.persistent = False

    def delete(self, server_url: str, username: str) -> None:
        key = self._key(server_url, username)
        with self._lock:
            self._memory.pop(key, None)
            if not self.persistent:
                return
            with contextlib.suppress(keyring.errors.KeyringError):
                keyring.delete_password(SERVICE, key)

    def database_key(self, server_url: str, username: str, *, create: bool) -> bytes | None:
        """The local store's random 256-bit key from the keyring (made on first use).

        None where no keyring works: the key is then derived from the password
        (app.local_unlock). Never kept in memory past the call, never written elsewhere.
        """
        if not self.persistent:
            return None
        key = self._key(server_url, username)
        with self._lock:
            try:
                stored = keyring.get_password(DB_KEY_SERVICE, key)
                if stored:
                    return bytes.fromhex(stored)
                if not create:
                    return None
                fresh = secrets.token_bytes(32)
                keyring.set_password(DB_KEY_SERVICE, key, fresh.hex())
                return fresh
            except (keyring.errors.KeyringError, ValueError) as exc:
                log.warning("keyring database key unavailable: %s", type(exc).__name__)
                return None
