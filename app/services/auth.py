"""Login, resuming a session from the keyring, logout."""

from __future__ import annotations

import logging

from app.api_client import ApiClient
from app.errors import AuthRequired, CallsheetError
from app.tokens import TokenStore
from wire.schema import UserInfo

log = logging.getLogger(__name__)


class AuthService:
    def __init__(self, server_url: str, tokens: TokenStore) -> None:
        self.server_url = server_url.rstrip("/")
        self.tokens = tokens

    def login(self, username: str, password: str) -> tuple[UserInfo, str]:
        """Check the password with the server; keep the token in the keyring (or memory)."""
        client = ApiClient(self.server_url)
        try:
            client.health()
            resp = client.login(username.strip(), password)
        finally:
            client.close()
        self.tokens.set(self.server_url, resp.user.username, resp.token)
        log.info("logged in as %s (%s)", resp.user.username, resp.user.role.value)
        return resp.user, resp.token

    def resume(self, username: str) -> tuple[UserInfo, str] | None:
        """A stored token that the server still accepts, or None."""
        token = self.tokens.get(self.server_url, username)
        if not token:
            return None
        client = ApiClient(self.server_url, token=token)
        try:
            return client.me(), token
        except AuthRequired:
            self.tokens.delete(self.server_url, username)
            return None
        finally:
            client.close()

    def forget(self, username: str) -> None:
        self.tokens.delete(self.server_url, username)

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
