"""Passwords (argon2), bearer tokens (only their SHA-256 is stored) and role checks."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from server import audit
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


def authenticate(session: Session, authorization: str | None) -> User:
    """The user behind an `Authorization: Bearer <token>` header, or a 401."""
    if not authorization or not authorization.lower().startswith("bearer "):
        raise ApiError(401, "unauthenticated", "Log in first (no bearer token was sent).")
    token = authorization[7:].strip()
    # One query, built once: every request of every desktop passes here.
    found = session.execute(_BY_TOKEN, {"digest": token_digest(token)}).first()
    if found is None:
        raise ApiError(401, "unauthenticated", "The session is not valid; log in again.")
    expires_at, user = found
    if expires_at <= utcnow():
        raise ApiError(401, "token_expired", "The session has expired; log in again.")
    if user is None or not user.active:
        raise ApiError(401, "unauthenticated", "This account is disabled.")
    return user


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
