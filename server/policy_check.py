"""The policy table held against the app: `problems(app)` names every route without a rule,
every rule without a route, and every guarded route that neither depends on
`current_user` nor says it authorizes in its body.

Apart from server/policy.py because it reads the dependency (server/deps.py) and the
resource owners (server/resources.py), which themselves use the table.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI

from server import policy
from server.deps import current_user
from server.resources import OWNER


def _depends_on(dependant: Any, call: Any) -> bool:
    if dependant is None:
        return False
    return any(d.call is call or _depends_on(d, call) for d in dependant.dependencies)


def problems(app: FastAPI) -> list[str]:
    """Everything that makes the table and the app disagree (empty when they agree)."""
    found: list[str] = []
    served = set()
    for method, path, ctx in policy.app_routes(app):
        served.add((method, path))
        rule = policy.POLICY.get((method, path))
        if rule is None:
            found.append(f"no policy for {method} {path}")
            continue
        guarded = _depends_on(getattr(ctx, "dependant", None), current_user)
        if not rule.public and not guarded and not rule.in_body:
            found.append(f"{method} {path} is guarded in the table but neither depends on "
                         "current_user nor is marked in_body")
        if rule.public and guarded:
            found.append(f"{method} {path} is public in the table but asks for a user")
        if rule.in_body and guarded:
            found.append(f"{method} {path} is marked in_body but depends on current_user")
        scoped = any(sc not in (policy.Scope.ALL, policy.Scope.SHARED)
                     for sc in rule.roles.values())
        for name in re.findall(r"{(\w+)", path):
            if scoped and name not in OWNER:
                found.append(f"{method} {path}: a scoped route names {{{name}}}, which "
                             "server/resources.py OWNER cannot resolve to its agent")
    for key in policy.POLICY:
        if key not in served:
            found.append(f"a policy for {key[0]} {key[1]}, which the app does not serve")
    return found
