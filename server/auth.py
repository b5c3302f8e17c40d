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
_hasher = PasswordHasher()
# Verified against when the username is unknown, so both failures take equally long.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
BAD_CREDENTIALS = "Wrong username or password."


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Issued:
    token: str
    token_row: AuthToken


def login(session: Session, username: str, password: str, ttl: timedelta) -> tuple[User, Issued]:
    user = session.scalars(select(User).where(User.username == username)).first()
    if user is None:
        verify_password(_DUMMY_HASH, password)
        raise ApiError(401, "bad_credentials", BAD_CREDENTIALS)
    if not verify_password(user.password_hash, password) or not user.active:
        raise ApiError(401, "bad_credentials", BAD_CREDENTIALS)
    now = utcnow()
    session.execute(delete(AuthToken).where(AuthToken.expires_at < now))
    token = secrets.token_urlsafe(32)
    row = AuthToken(token_sha256=token_digest(token), user_id=user.id, created_at=now,
                    expires_at=now + ttl)
    session.add(row)
    audit.record(session, actor_id=user.id, action="auth.login", entity="user",
                 entity_id=user.id)
    return user, Issued(token, row)


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
