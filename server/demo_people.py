"""Demo accounts: two teams of four agents, one team lead for both, a QA, a verifier, an
admin.
Passwords are random every time (secrets.token_urlsafe); nothing is ever fixed."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from faker import Faker
from sqlalchemy import insert
from sqlalchemy.orm import Session

from server import models as m
from server.auth import hash_password
from server.models import new_id
from wire.schema import Role


def make_people(
    session: Session, fake: Faker, now: datetime
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Insert teams and users; return (accounts with passwords, agent rows)."""
    teams: list[dict[str, str | None]] = [
        {"id": new_id(), "name": "Team A / 一组", "lead_user_id": None},
        {"id": new_id(), "name": "Team B / 二组", "lead_user_id": None},
    ]
    people: list[tuple[str, Role, str | None, str]] = [
        ("admin", Role.ADMIN, None, "Administrator / 管理员"),
        ("lead1", Role.TEAM_LEAD, teams[0]["id"], fake.name()),
        ("qa1", Role.QA, None, fake.name()),
        ("verifier1", Role.VERIFIER, None, fake.name()),  # 回访: a post of its own, no team
    ]
    for i in range(8):
        people.append((f"agent{i + 1}", Role.AGENT, teams[i // 4]["id"], fake.name()))
    users: list[dict[str, Any]] = []
    accounts: list[dict[str, Any]] = []
    for username, role, team_id, display in people:
        password = secrets.token_urlsafe(12)
        users.append({"id": new_id(), "username": username, "display_name": display,
                      "role": role.value, "team_id": team_id,
                      "password_hash": hash_password(password), "active": True,
                      "created_at": now})
        accounts.append({"username": username, "password": password, "role": role.value,
                         "display_name": display})
    lead_id = users[1]["id"]
    for t in teams:
        t["lead_user_id"] = lead_id
    session.execute(insert(m.Team), teams)
    session.execute(insert(m.User), users)
    return accounts, [u for u in users if u["role"] == Role.AGENT.value]
