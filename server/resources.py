"""The resource a route's path names, checked against the caller's scope from the policy
table (server/policy.py) before the route body runs.

A path parameter listed in OWNER names a record owned by one agent (a call, a sample, a
queue item); `check` loads that agent and answers the rule's `out_of_scope` (403, or 404
where existence must not leak) when the caller's scope does not reach them. A record that
does not exist is left to the route (its own 404). The route bodies keep their own scope
checks (defence in depth, and the resources they read from the body or query); this makes
the table's scope true for every route that names its resource in the path, including
routes added later (`policy_check.problems` asks for an OWNER entry for a new path parameter).
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from server import models as m
from server import policy
from server.auth import led_agent_ids
from server.errors import ApiError
from server.policy import Denial, Scope
from server.quality.models import QaSample
from server.quality.sampling import scope_agent_ids

# path parameter -> the statement finding the agent the record belongs to
OWNER: dict[str, Any] = {
    "outcome_id": select(m.CallOutcome.agent_id).where(m.CallOutcome.id == bindparam("id")),
    "sample_id": select(QaSample.agent_id).where(QaSample.id == bindparam("id")),
    "item_id": select(m.QueueItem.agent_id).where(m.QueueItem.id == bindparam("id")),
}


def covers(session: Session, user: m.User, scope: Scope, agent_id: str) -> bool:
    """Whether `scope` (the caller's, on this route) reaches a record of `agent_id`."""
    if scope in (Scope.ALL, Scope.SHARED):
        return True
    if scope in (Scope.SELF, Scope.OWN_ITEMS):
        return agent_id == user.id
    if scope is Scope.OWN_TEAMS:
        return agent_id in led_agent_ids(session, user)
    agents = scope_agent_ids(session, user)  # Scope.CHECKER_TEAMS
    return agents is None or agent_id in agents


def check(session: Session, request: Request, user: m.User, scope: Scope) -> None:
    if scope in (Scope.ALL, Scope.SHARED):
        return
    rule = policy.POLICY.get(policy.route_key(request))
    for name, value in request.path_params.items():
        stmt = OWNER.get(name)
        if stmt is None or rule is None:
            continue
        agent_id = session.execute(stmt, {"id": str(value)}).scalar()
        if agent_id is None or covers(session, user, scope, agent_id):
            continue
        if rule.out_of_scope is Denial.NOT_FOUND:
            raise ApiError(404, "not_found", "No such record in your scope.")
        raise ApiError(403, "forbidden", "This record is outside your scope.")
