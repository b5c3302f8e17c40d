"""FastAPI dependencies shared by every router: the authenticated user and a read session.

Routers of the workspaces (server.lead.api, server.quality.api, server.planning.api)
import these from here, not from server.api, so that server.api can include them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session, sessionmaker

from server import auth, policy, resources
from server import models as m


def read_session(request: Request) -> Iterator[Session]:
    with request.app.state.reads() as s:
        yield s


def current_user(
    request: Request, authorization: Annotated[str | None, Header()] = None
) -> m.User:
    """The authenticated caller, whose role the policy table (server/policy.py) allows on
    the route the request matched and whose scope there reaches the record the path names
    (server/resources.py): 401 without a valid token, 403 for a role the table does not
    list there, 403 or 404 (as the table says) for someone else's record."""
    with request.app.state.reads() as s:
        user = auth.authenticate(s, authorization)
        scope = policy.authorize(request, user)
        resources.check(s, request, user, scope)
    return user


def writes(request: Request) -> sessionmaker[Session]:
    """The session factory for writing transactions (one `with writes() as s:` each)."""
    return request.app.state.writes  # type: ignore[no-any-return]


CurrentUser = Annotated[m.User, Depends(current_user)]
ReadSession = Annotated[Session, Depends(read_session)]
Writes = Annotated[sessionmaker[Session], Depends(writes)]
