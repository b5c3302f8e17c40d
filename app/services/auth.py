"""Login, resuming a session from the keyring, the offline start, logout.

Every way in ends with a Session: the user, the token (None when the start was
offline with the password only: the sync engine asks for a login once the server
answers) and the key of the encrypted local store.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from app.api_client import ApiClient
from app.errors import (
    AuthRequired,
    CallsheetError,
    LocalStoreError,
    OfflineUnlockRefused,
    ServerUnreachable,
)
from app.local_unlock import (
    KEY_FROM_KEYRING,
    KEY_FROM_PASSWORD,
    LocalUnlock,
    UnlockRecord,
    derive_key,
)
from app.paths import Paths
from app.services.workspace import keeps_local_store
from app.store.database import rekey_database
from app.tokens import TokenStore
from wire.schema import UserInfo

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Session:
    user: UserInfo
    token: str | None
    key: bytes | None  # of the local store; None for a role that keeps none
    offline: bool = False


class AuthService:
    def __init__(self, server_url: str, tokens: TokenStore, paths: Paths | None = None,
                 *, unlock: LocalUnlock | None = None) -> None:
        self.server_url = server_url.rstrip("/")
        self.tokens = tokens
        self.paths = paths
        self.unlock = unlock or (LocalUnlock(paths, self.server_url) if paths else None)

    # ------------------------------------------------------------------ online

    def login(self, username: str, password: str) -> tuple[UserInfo, str]:
        """Check the password with the server; keep the token in the keyring (or memory)
        and refresh this computer's offline verifier."""
        client = ApiClient(self.server_url)
        try:
            client.health()
            resp = client.login(username.strip(), password)
        finally:
            client.close()
        self.tokens.set(self.server_url, resp.user.username, resp.token)
        if self.unlock is not None and keeps_local_store(resp.user.role):
            self.unlock.remember(resp.user, password)
        log.info("logged in as %s (%s)", resp.user.username, resp.user.role.value)
        return resp.user, resp.token

    def resume(self, username: str) -> tuple[UserInfo, str] | None:
        """A stored token that the server still accepts, or None."""
        token = self.tokens.get(self.server_url, username)
        if not token:
            return None
        client = ApiClient(self.server_url, token=token)
        try:
            user = client.me()
        except AuthRequired:
            self.tokens.delete(self.server_url, username)
            return None
        finally:
            client.close()
        if self.unlock is not None and keeps_local_store(user.role):
            self.unlock.remember(user, None)
        return user, token

    def forget(self, username: str) -> None:
        self.tokens.delete(self.server_url, username)

    # ----------------------------------------------------------------- sessions

    def open_session(self, username: str, password: str, *,
                     previous_password: str | None = None) -> Session:
        """Log in with the server; where it cannot be reached, unlock offline instead.

        Without a keyring the store is locked with the password: after a change of
        password on the server, the previous one is asked for once (code
        "password_changed") and the file is re-keyed to the new one, nothing lost.
        """
        username = username.strip()
        try:
            user, token = self.login(username, password)
        except ServerUnreachable:
            if self.unlock is None or not self.unlock.can_unlock(username):
                raise
            known = self.unlock.load(username)  # a lead's or checker's from an older release
            if known is not None and not keeps_local_store(known.user_info.role):
                raise  # no local work to open: the server is needed
            record = self.unlock.check(username, password)
            stored = self.tokens.get(self.server_url, username)
            log.info("server unreachable: unlocked %s offline", username)
            return Session(record.user_info, stored, self._key(username, record, password),
                           offline=True)
        if not keeps_local_store(user.role):
            return Session(user, token, None)  # no local store: no key, nothing to re-key
        record = self._record(username)
        assert self.unlock is not None
        if self.unlock.password_changed(record, password):
            self._carry_over(user, record, password, previous_password)
        return Session(user, token, self._key(username, record, password))

    def _carry_over(self, user: UserInfo, record: UnlockRecord, password: str,
                    previous: str | None) -> None:
        """Re-key a password-locked store from the previous password to the new one."""
        assert self.unlock is not None and self.paths is not None
        db = self.paths.user_db(self.server_url, user.username)
        if db.exists() and db.stat().st_size > 0:
            if previous is None:
                raise LocalStoreError(
                    "Your password was changed since you last worked on this computer, and "
                    "the work kept here is locked with the previous one. Enter the previous "
                    "password as well, once, to carry it over.", code="password_changed")
            try:
                self.unlock.check(user.username, previous)  # wrong: refused, with the delay
            except OfflineUnlockRefused as exc:
                raise OfflineUnlockRefused(
                    "The previous password does not match the one last used on this "
                    "computer. Each wrong try makes the next check wait longer (next: "
                    f"{exc.retry_after:.0f} s).", retry_after=exc.retry_after,
                    code="wrong_previous_password") from None
            salt = bytes.fromhex(record.salt)
            rekey_database(db, derive_key(previous, salt), derive_key(password, salt))
            log.info("local store re-keyed to the new password")
        self.unlock.remember(user, password, rekeyed=True)

    def resume_session(self, username: str) -> Session | None:
        """The keyring's session, online or (server unreachable) offline; None when the
        password is needed. ServerUnreachable when only the password can open it."""
        try:
            if not self.tokens.get(self.server_url, username):
                self._probe()  # no session to resume: is the server there at all?
            got = self.resume(username)
        except ServerUnreachable:
            session = self._offline_from_keyring(username)
            if session is None:
                raise
            return session
        if got is None:
            return None
        if not keeps_local_store(got[0].role):
            return Session(got[0], got[1], None)
        record = self._record(username)
        if record.key_source == KEY_FROM_PASSWORD:
            return None  # the store's key comes from the password: ask for it
        return Session(got[0], got[1], self._key(username, record, None))

    def _probe(self) -> None:
        client = ApiClient(self.server_url)
        try:
            client.health()
        finally:
            client.close()

    def can_unlock_offline(self, username: str) -> bool:
        return self.unlock is not None and self.unlock.can_unlock(username.strip())

    def _offline_from_keyring(self, username: str) -> Session | None:
        token = self.tokens.get(self.server_url, username)
        record = self.unlock.load(username) if self.unlock is not None else None
        if not token or record is None or record.key_source != KEY_FROM_KEYRING:
            return None
        key = self.tokens.database_key(self.server_url, username, create=False)
        if key is None:
            return None
        log.info("server unreachable: resumed %s offline from the keyring", username)
        return Session(record.user_info, token, key, offline=True)

    def _record(self, username: str) -> UnlockRecord:
        record = self.unlock.load(username) if self.unlock is not None else None
        if record is None:
            raise LocalStoreError("No offline unlock record for this account.",
                                  code="no_local_account")
        return record

    def _key(self, username: str, record: UnlockRecord, password: str | None) -> bytes:
        """The store's key: from the keyring where the file was made with one, else
        derived from the password. The first open of a user's store fixes which."""
        assert self.unlock is not None
        if not record.key_source:
            record.key_source = KEY_FROM_KEYRING if self.tokens.persistent else KEY_FROM_PASSWORD
            self.unlock.save(username, record)
        if record.key_source == KEY_FROM_KEYRING:
            key = self.tokens.database_key(self.server_url, username, create=True)
            if key is None:
                err = LocalStoreError(
                    "The key of the local database is no longer in the system keyring, so "
                    "the local copy cannot be opened.", code="corrupt")
                if self.paths is not None:
                    err.path = self.paths.user_db(self.server_url, username)  # type: ignore[attr-defined]
                raise err
            return key
        if password is None:
            raise AuthRequired("The password is needed to open the local data.")
        return derive_key(password, bytes.fromhex(record.salt))

    def log_out(self, client: ApiClient, username: str) -> bool:
        """End the session on the server and forget its token here. Offline the token is
        still forgotten (it expires on the server by itself); True if the server ended it."""
        try:
            client.logout()
            ended = True
        except CallsheetError as exc:
            log.info("logout not confirmed by the server: %s", exc.code or type(exc).__name__)
            ended = False
        self.forget(username)
        return ended
