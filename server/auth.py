"""Passwords (argon2), bearer tokens (only their SHA-256 is stored) and role checks."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from server import audit
from server.changes import SessionRow
from server.db import utcnow
from server.errors import ApiError
from server.models import AuthToken, Team, User
from wire.schema import Role, UserInfo

DEFAULT_TOKEN_TTL = timedelta(hours=12)
MAX_SESSIONS = 10  # live tokens per user; a login beyond it ends the oldest session
_hasher = PasswordHasher()
_dummy: tuple[PasswordHasher, str] | None = None
BAD_CREDENTIALS = "Wrong username or password."


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def dummy_hash() -> str:
    """Verified against when the username is unknown, so both failures take equally long
    (made with the current hasher's parameters)."""
    global _dummy
    if _dummy is None or _dummy[0] is not _hasher:
        _dummy = (_hasher, _hasher.hash(secrets.token_urlsafe(16)))
    return _dummy[1]


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Issued:
    token: str
    token_row: AuthToken


def issue_token(session: Session, user: User, ttl: timedelta, *, why: str = "auth.login"
                ) -> Issued:
    """A new session for a user whose password was checked. Beyond MAX_SESSIONS live
    sessions the oldest are revoked (a token copied somewhere long ago does not live on
    because the user keeps logging in elsewhere)."""
    now = utcnow()
    session.execute(delete(AuthToken).where(AuthToken.expires_at < now))
    token = secrets.token_urlsafe(32)
    row = AuthToken(token_sha256=token_digest(token), user_id=user.id, created_at=now,
                    expires_at=now + ttl)
    session.add(row)
    session.flush()
    beyond = list(session.scalars(
        select(AuthToken.token_sha256).where(AuthToken.user_id == user.id)
        .order_by(AuthToken.created_at.desc(), AuthToken.token_sha256).offset(MAX_SESSIONS)))
    if beyond:
        session.execute(delete(AuthToken).where(AuthToken.token_sha256.in_(beyond)))
        audit.record(session, actor_id=user.id, action="auth.sessions_capped", entity="user",
                     entity_id=user.id, revoked=len(beyond), cap=MAX_SESSIONS)
    audit.record(session, actor_id=user.id, action=why, entity="user", entity_id=user.id)
    return Issued(token, row)


def revoke_token(session: Session, authorization: str | None) -> int:
    """End the session of this bearer token (logout); 1 if it existed."""
    token = (authorization or "")[7:].strip()
    result = session.execute(delete(AuthToken).where(AuthToken.token_sha256 == token_digest(token)))
    return int(getattr(result, "rowcount", 0) or 0)


def revoke_user(session: Session, user_id: str) -> int:
    """End every session of a user; returns how many there were."""
    result = session.execute(delete(AuthToken).where(AuthToken.user_id == user_id))
    return int(getattr(result, "rowcount", 0) or 0)


_BY_TOKEN = (select(AuthToken.expires_at, User)
             .join(User, User.id == AuthToken.user_id, isouter=True)
             .where(AuthToken.token_sha256 == bindparam("digest")))


def _bearer(authorization: str | None) -> str:
    if not authorization or not authorization.lower().startswith("bearer "):
        raise ApiError(401, "unauthenticated", "Log in first (no bearer token was sent).")
    return authorization[7:].strip()


def _checked(session: Session, digest: str) -> tuple[User, datetime]:
    # One query, built once: every request of every desktop passes here.
    found = session.execute(_BY_TOKEN, {"digest": digest}).first()
    if found is None:
        raise ApiError(401, "unauthenticated", "The session is not valid; log in again.")
    expires_at, user = found
    if expires_at <= utcnow():
        raise ApiError(401, "token_expired", "The session has expired; log in again.")
    if user is None or not user.active:
        raise ApiError(401, "unauthenticated", "This account is disabled.")
    return user, expires_at


def authenticate(session: Session, authorization: str | None) -> User:
    """The user behind an `Authorization: Bearer <token>` header, or a 401."""
    return _checked(session, token_digest(_bearer(authorization)))[0]


class StaleSession(Exception):
    """A cached session no longer matches its rows (logged out, revoked, expired, the
    account disabled or changed): the request is answered as if it had not been cached."""


class Sessions:
    """The pull's cache of bearer tokens: digest -> (user, expiry), for the token's
    lifetime. A cached token is not trusted alone: the pull's one statement reads the
    token's row and its user's beside the page, in the same snapshot
    (`changes.page_and_top(token_digest=...)`), and `confirm` compares them. A token
    logged out, revoked or expired, or a user disabled, or moved to another role or team,
    by any process or by hand in the database, is noticed by the very next pull, which is
    then answered from scratch (`StaleSession`). What the cache saves is the lookup's own
    round trip and the ORM's loading of the user: a fifth of an empty pull's CPU."""

    MAX = 50_000

    def __init__(self) -> None:
        self._by_digest: dict[str, tuple[User, datetime]] = {}

    def authenticate(self, session: Session, authorization: str | None) -> tuple[User, str]:
        """(user, token digest): from the cache when the token is there and unexpired,
        else checked in the database (and cached)."""
        digest = token_digest(_bearer(authorization))
        hit = self._by_digest.get(digest)
        if hit is not None and hit[1] > utcnow():
            return hit[0], digest
        user, expires_at = _checked(session, digest)
        if len(self._by_digest) >= self.MAX:
            self._by_digest.clear()  # (a day's sessions of a large centre fit well below)
        self._by_digest[digest] = (user, expires_at)
        return user, digest

    def cached(self, authorization: str | None) -> tuple[User, str] | None:
        """(user, token digest) of a well-formed bearer token in the cache and not expired
        by its cached expiry; None otherwise (the caller then authenticates the usual
        way). Still to be confirmed against the token's rows (`confirm`)."""
        if not authorization or not authorization.lower().startswith("bearer "):
            return None
        digest = token_digest(authorization[7:].strip())
        hit = self._by_digest.get(digest)
        if hit is None or hit[1] <= utcnow():
            return None
        return hit[0], digest

    def confirm(self, digest: str, user: User, row: SessionRow | None) -> None:
        """Raise StaleSession (and forget the token) unless `row`, read now, still says
        what the cached entry does."""
        hit = self._by_digest.get(digest)
        if row is None or hit is None or hit[0] is not user or row.user_id != user.id \
                or not row.active or row.role != user.role or row.team_id != user.team_id \
                or row.expires_at != hit[1] or row.expires_at <= utcnow():
            self.forget(digest)
            raise StaleSession()

    def forget(self, digest: str) -> None:
        self._by_digest.pop(digest, None)


def require_role(user: User, *roles: Role) -> None:
    if Role(user.role) not in roles:
        raise ApiError(403, "forbidden", f"A {user.role} account may not do this.")


def user_info(session: Session, user: User) -> UserInfo:
    team = session.get(Team, user.team_id) if user.team_id else None
    return UserInfo(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=Role(user.role),
        team_id=user.team_id,
        team_name=team.name if team else None,
    )


def led_agent_ids(session: Session, lead: User) -> list[str]:
    """Agents of every team this user leads."""
    team_ids = list(session.scalars(select(Team.id).where(Team.lead_user_id == lead.id)))
    if not team_ids:
        return []
    return list(
        session.scalars(
            select(User.id).where(User.team_id.in_(team_ids), User.role == Role.AGENT.value)
        )
    )
