"""Accounts for tests and screenshot scripts that need more than the demo's: a second
admin (a plan is approved by someone other than its submitter) and a logged-in client."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from app.api_client import ApiClient
from server import models as m
from server.auth import hash_password
from wire.schema import Role


def logged_in(url: str, username: str, password: str) -> ApiClient:
    """A client of the server at `url` with a token of `username`."""
    token = ApiClient(url).login(username, password).token
    return ApiClient(url, token=token)


def add_admin(db_url: str, username: str = "admin2") -> tuple[str, str]:
    """Another admin, written straight into the server's database; (username, password)."""
    password = secrets.token_urlsafe(10)
    eng = create_engine(db_url)
    try:
        with Session(eng) as s:
            s.add(m.User(id=m.new_id(), username=username, display_name="Second admin",
                         role=Role.ADMIN.value, team_id=None,
                         password_hash=hash_password(password), active=True,
                         created_at=datetime.now(UTC)))
            s.commit()
    finally:
        eng.dispose()
    return username, password
