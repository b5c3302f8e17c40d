"""`callsheet-server add-user`: accounts for a new centre (the first admin above all;
the demo is the only other way accounts come into being)."""

from __future__ import annotations

import argparse
import getpass
import secrets
import sys

from sqlalchemy import select

from server import audit, auth
from server import models as m
from server.db import DB_HELP, SchemaTooNew, default_database_url, make_engine, utcnow
from server.db import upgrade as migrate
from server.orm import session_factory
from wire.schema import Role
from wire.sessions import MIN_PASSWORD_LENGTH


class AccountError(ValueError):
    pass


def add_user(database_url: str, *, username: str, display_name: str, role: Role,
             password: str, team: str | None = None) -> str:
    """A new active account; `team`: its team's name (made when new); a team lead named
    with a team leads it. Returns the user id."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password needs at least {MIN_PASSWORD_LENGTH} characters.")
    if role in (Role.AGENT, Role.TEAM_LEAD) and not team:
        raise AccountError("An agent or team lead needs a team (--team NAME).")
    engine = make_engine(database_url)
    try:
        with session_factory(engine)() as s:
            if s.scalar(select(m.User.id).where(m.User.username == username)):
                raise AccountError(f"The username {username!r} is taken.")
            team_row = None
            if team:
                team_row = s.scalars(select(m.Team).where(m.Team.name == team)).first()
                if team_row is None:
                    team_row = m.Team(name=team)
                    s.add(team_row)
                    s.flush()
            user = m.User(username=username, display_name=display_name, role=role.value,
                          team_id=team_row.id if team_row else None,
                          password_hash=auth.hash_password(password), active=True,
                          created_at=utcnow())
            s.add(user)
            s.flush()
            if role is Role.TEAM_LEAD and team_row is not None:
                team_row.lead_user_id = user.id
            audit.record(s, actor_id=None, action="user.created", entity="user",
                         entity_id=user.id, role=role.value, by="callsheet-server add-user")
            s.commit()
            return user.id
    finally:
        engine.dispose()


def command(args: argparse.Namespace) -> int:
    url = args.database_url or default_database_url()
    try:
        migrate(url)
    except SchemaTooNew as exc:
        print(str(exc), file=sys.stderr)
        return 3
    if args.role in (Role.AGENT.value, Role.TEAM_LEAD.value) and not args.team:
        print("An agent or team lead needs a team (--team NAME).", file=sys.stderr)
        return 2
    if args.random_password:
        password = secrets.token_urlsafe(12)
    elif not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            print("The passwords differ.", file=sys.stderr)
            return 2
    try:
        add_user(url, username=args.username, display_name=args.display_name or args.username,
                 role=Role(args.role), password=password, team=args.team)
    except AccountError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(f"Account {args.username} ({args.role}) created."
          + (f" Password: {password}" if args.random_password else ""))
    return 0


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    a = sub.add_parser("add-user", help="create an account (the password is asked for, "
                       "read from standard input, or made with --random-password)")
    a.add_argument("--database-url", help=DB_HELP)
    a.add_argument("--username", required=True)
    a.add_argument("--display-name")
    a.add_argument("--role", required=True, choices=[r.value for r in Role])
    a.add_argument("--team", help="the team's name (made when new); agents and team leads")
    a.add_argument("--random-password", action="store_true")
    a.set_defaults(func=command)
