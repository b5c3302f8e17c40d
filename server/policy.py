"""Who may call which route: one table, enforced from here, documented from here.

Every route of the app (method + path template) has one `Rule`: the roles that may call it
and, for each role, how far its resources reach (`Scope`). The role part is enforced by
`authorize()`: the `current_user` dependency (server.deps) calls it for the route the
request matched, and so do the few routes that authenticate in their own body (pull,
push, the admin's planning routes; `in_body=True`). A route without a rule is refused
(fail closed), and `server.policy_check.problems(app)` (run by tests/server/test_policy.py
and at start-up) names every route
without a rule, every rule without a route, and every guarded route that neither depends
on `current_user` nor says it authorizes in its body.

The scope part: a record the path names (a call, a sample, a queue item) is checked
against the caller's scope by the same dependency (server/resources.py); resources named in
a body or query are checked where the route loads them (server/quality/sampling.py
`in_scope`, server/lead/monitor.py `led_agent_set`, server/sync.py `apply_dnc`, ...). Out
of scope answers `out_of_scope`: 403, 404 where even the record's existence must not leak,
or a per-action rejection inside a push. The role × route test
(tests/server/test_authz_matrix.py) reads this table to know what each role must get.

docs/security.md shows `markdown_table()`; a test keeps the two in step
(`python -m server.policy` prints it).
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from fastapi import FastAPI, Request
from fastapi.routing import iter_route_contexts

from server.errors import ApiError
from wire.schema import Role

log = logging.getLogger(__name__)
PREFIX = "/api/v1"


class Scope(enum.StrEnum):
    """How far a role's reach goes on one route."""

    SELF = "self"  # the caller's own account, queue or feedback; no one else's resource
    SHARED = "shared"  # reference data every caller of the route reads alike
    OWN_ITEMS = "own items"  # an agent: queue items (and their calls, customers) ever assigned
    OWN_TEAMS = "own teams"  # a team lead: agents of the teams they lead
    CHECKER_TEAMS = "checker's teams"  # a checker: the teams listed for them (none = every team)
    ALL = "all"  # every team


class Denial(enum.StrEnum):
    """What a caller gets for a resource outside their scope."""

    FORBIDDEN = "403"
    NOT_FOUND = "404"  # existence must not leak (call records, samples)
    REJECTED = "rejected"  # inside a push: that action alone is rejected, the rest stored


@dataclass(frozen=True)
class Rule:
    roles: Mapping[Role, Scope] = field(default_factory=lambda: MappingProxyType({}))
    public: bool = False  # no account needed
    out_of_scope: Denial = Denial.FORBIDDEN
    in_body: bool = False  # authenticates in its own body and calls authorize() there
    note: str = ""

    def scope_of(self, role: Role) -> Scope | None:
        return self.roles.get(role)


def public(note: str = "") -> Rule:
    return Rule(public=True, note=note)


def allow(note: str = "", *, out_of_scope: Denial = Denial.FORBIDDEN, in_body: bool = False,
          agent: Scope | None = None, team_lead: Scope | None = None, qa: Scope | None = None,
          admin: Scope | None = None, verifier: Scope | None = None) -> Rule:
    given = {Role.AGENT: agent, Role.TEAM_LEAD: team_lead, Role.QA: qa, Role.ADMIN: admin,
             Role.VERIFIER: verifier}
    roles = MappingProxyType({r: s for r, s in given.items() if s is not None})
    assert roles, "a guarded route needs at least one role"
    return Rule(roles=roles, out_of_scope=out_of_scope, in_body=in_body, note=note)


def lead_route(note: str) -> Rule:
    """The team lead's workspace: the lead's own teams, an admin every team."""
    return allow(note, team_lead=Scope.OWN_TEAMS, admin=Scope.ALL)


def admin_route(note: str = "") -> Rule:
    """Planning: admins only; the route authenticates in its body (server/planning/api.py)."""
    return allow(note, in_body=True, admin=Scope.ALL)


def call_route(note: str = "") -> Rule:
    """A call record as the quality workspace reads it: a checker the teams they cover, a
    lead the teams they lead, an admin all; a call outside that is "not found"."""
    return allow(note, out_of_scope=Denial.NOT_FOUND, qa=Scope.CHECKER_TEAMS,
                 team_lead=Scope.OWN_TEAMS, admin=Scope.ALL)


def immutable_call_route() -> Rule:
    """PUT/PATCH/DELETE on a call record: always 405, audited for those who may see the
    call (its own agent too: an agent trying to change their own record is the attempt
    most worth a row); anyone else gets 403/404 and leaves no row."""
    return allow("answers 405 (Allow: GET) and audits the attempt: a call record is "
                 "never altered", out_of_scope=Denial.NOT_FOUND, agent=Scope.OWN_ITEMS,
                 qa=Scope.CHECKER_TEAMS, team_lead=Scope.OWN_TEAMS, admin=Scope.ALL)


def sample_route(note: str = "", *, admin: bool = False) -> Rule:
    return allow(note, out_of_scope=Denial.NOT_FOUND, qa=Scope.CHECKER_TEAMS,
                 admin=Scope.ALL if admin else None)


S = Scope
ADM, QUA, LEAD = PREFIX + "/admin", PREFIX + "/quality", PREFIX + "/lead"
VER, ORD = PREFIX + "/verification/items", PREFIX + "/orders"
REC = PREFIX + "/recordings/{outcome_id}"
CALL = QUA + "/calls/{outcome_id}"
SAMPLE = QUA + "/samples/{sample_id}"

POLICY: Mapping[tuple[str, str], Rule] = MappingProxyType({
    # -- documentation and the door
    ("GET", "/openapi.json"): public("the API description"),
    ("GET", "/docs"): public(),
    ("GET", "/docs/oauth2-redirect"): public(),
    ("GET", "/redoc"): public(),
    ("GET", PREFIX + "/health"): public("server time and API version"),
    ("GET", PREFIX + "/ready"): public("database reachable and schema current: 200, else 503"),
    ("GET", "/metrics"): public("Prometheus text; answered to a loopback client only, never "
                                "through a proxy (403 otherwise; server/metrics.py)"),
    ("POST", PREFIX + "/auth/login"): public("username and password"),
    # -- every desktop
    ("POST", PREFIX + "/auth/logout"): allow(
        "ends the caller's own session", in_body=True,
        agent=S.SELF, team_lead=S.SELF, qa=S.SELF, admin=S.SELF, verifier=S.SELF),
    ("POST", PREFIX + "/auth/logout-all"): allow(
        "ends every session of the caller", in_body=True,
        agent=S.SELF, team_lead=S.SELF, qa=S.SELF, admin=S.SELF, verifier=S.SELF),
    ("POST", PREFIX + "/auth/password"): allow(
        "the caller's own password; every old session ends", in_body=True,
        agent=S.SELF, team_lead=S.SELF, qa=S.SELF, admin=S.SELF, verifier=S.SELF),
    ("DELETE", ADM + "/users/{user_id}/sessions"): allow(
        "ends every session of a user (a lost laptop, a leaver)", in_body=True,
        admin=S.ALL),
    ("GET", PREFIX + "/me"): allow(agent=S.SELF, team_lead=S.SELF, qa=S.SELF, admin=S.SELF,
                                   verifier=S.SELF),
    ("GET", PREFIX + "/presence/pause-reasons"): allow(
        "the centre's pause reasons", agent=S.SHARED, team_lead=S.SHARED, qa=S.SHARED,
        admin=S.SHARED),
    ("GET", PREFIX + "/sync/pull"): allow(
        "queue items of the agent / of the lead's teams; others reference data only",
        in_body=True, agent=S.OWN_ITEMS, team_lead=S.OWN_TEAMS, qa=S.SHARED, admin=S.SHARED),
    ("GET", PREFIX + "/sync/wait"): allow(
        "wakes on changes the caller's pull would show",
        agent=S.OWN_ITEMS, team_lead=S.OWN_TEAMS, qa=S.SHARED, admin=S.SHARED),
    ("POST", PREFIX + "/sync/push"): allow(
        "outcomes on items ever assigned to the agent; do-not-call on customers of the "
        "agent's items, of the lead's teams' queues, or any (admin)",
        in_body=True, out_of_scope=Denial.REJECTED,
        agent=S.OWN_ITEMS, team_lead=S.OWN_TEAMS, admin=S.ALL),
    ("POST", PREFIX + "/queue/{item_id}/assign"): lead_route("both agents in the lead's teams"),
    # -- planning (admin)
    ("POST", ADM + "/customers/import"): admin_route(),
    ("PATCH", ADM + "/customers/{external_id}"): admin_route(
        "a new phone on the do-not-call list closes the customer's items"),
    ("POST", ADM + "/dnc/import"): admin_route(),
    ("GET", ADM + "/dnc/export"): admin_route(),
    ("POST", ADM + "/campaigns/{code}/plan"): admin_route(),
    ("POST", ADM + "/campaigns/{code}/assign"): admin_route(),
    ("PATCH", ADM + "/campaigns/{code}/dialling"): admin_route(
        "dialling mode, countdown, wrap-up limit, ring timeout, transfer target"),
    ("POST", ADM + "/scripts"): admin_route(),
    ("POST", ADM + "/churn/train"): admin_route(),
    # -- the campaign manager's desktop (server/planning/manager_api.py)
    ("POST", ADM + "/customers/preview"): admin_route("reads the file, writes nothing"),
    ("GET", ADM + "/segments"): admin_route(),
    ("GET", ADM + "/dnc/search"): admin_route(),
    ("GET", ADM + "/scripts"): admin_route(),
    ("POST", ADM + "/scripts/check"): admin_route("publishes nothing"),
    ("GET", ADM + "/campaigns/{code}/plans"): admin_route(),
    ("GET", ADM + "/campaigns/{code}/rules"): admin_route("the built-in rule table"),
    ("GET", ADM + "/jobs/{job_id}"): admin_route("an import's or a plan's progress"),
    ("POST", ADM + "/jobs/{job_id}/cancel"): admin_route(
        "rolls the import or plan back; audited"),
    # -- the campaign loop (approval, training, pilot; server/planning/loop_api.py)
    ("GET", ADM + "/campaigns/{code}/plan-approvals"): allow(
        "plans and their approval state", admin=S.ALL),
    ("POST", ADM + "/plans/{plan_id}/submit"): allow("audited", admin=S.ALL),
    ("POST", ADM + "/plans/{plan_id}/review"): allow(
        "approve or reject with a comment, audited; never the submitter (409)", admin=S.ALL),
    ("PUT", ADM + "/campaigns/{code}/quiz"): allow("a new quiz version, audited",
                                                  admin=S.ALL),
    ("GET", ADM + "/campaigns/{code}/quiz"): allow("with the answers", admin=S.ALL),
    ("POST", ADM + "/campaigns/{code}/pilot"): allow(
        "a share of an approved plan onto chosen agents, audited", admin=S.ALL),
    ("GET", ADM + "/pilots/{pilot_id}"): allow("the pilot's report", admin=S.ALL),
    ("GET", ADM + "/plans/{plan_id}/pilots"): allow("the plan's pilots' reports",
                                                    admin=S.ALL),
    ("POST", ADM + "/pilots/{pilot_id}/decision"): allow("go / change / stop, audited",
                                                         admin=S.ALL),
    ("PUT", ADM + "/customers/{external_id}/account-manager"): allow(
        "a team lead or admin as the customer's account manager, audited", admin=S.ALL),
    ("POST", PREFIX + "/customers/{external_id}/release"): allow(
        "the customer's own account manager (403 for anyone else) or an admin, audited",
        team_lead=S.SHARED, admin=S.ALL),
    # -- issue 22: cause-analysis tasks (server/planning/churn_tasks.py)
    ("GET", PREFIX + "/churn-tasks"): allow(
        "a team lead: the tasks of the customers they manage; an admin: every task",
        team_lead=S.SELF, admin=S.ALL),
    ("POST", PREFIX + "/churn-tasks/{task_id}/close"): allow(
        "the customer's account manager (403 for anyone else) or an admin, once, audited",
        team_lead=S.SHARED, admin=S.ALL),
    ("PUT", ADM + "/campaigns/{code}/windows"): allow(
        "calling windows per region and audience; reach the desktops' dial gate, audited",
        admin=S.ALL),
    ("PUT", ADM + "/team-targets"): allow(
        "daily volume caps and day / week call targets, audited", admin=S.ALL),
    ("GET", ADM + "/team-targets"): allow("", admin=S.ALL),
    ("GET", PREFIX + "/training"): allow("the caller's own quizzes and passes",
                                         agent=S.SELF),
    ("GET", PREFIX + "/training/{code}/quiz"): allow("without the answers", agent=S.SHARED,
                                                     admin=S.SHARED),
    ("POST", PREFIX + "/training/{code}/answers"): allow(
        "any campaign's quiz; the attempt is the caller's own, and passing opens that "
        "campaign's queue to them", agent=S.SHARED),
    # -- team lead
    ("GET", LEAD + "/monitor"): lead_route("team_id of a team the lead leads"),
    ("GET", LEAD + "/queue"): lead_route("agent_id of the lead's teams"),
    ("POST", LEAD + "/reassign"): lead_route("items and agent of the lead's teams"),
    ("POST", LEAD + "/rebalance"): lead_route("agents of the lead's teams"),
    ("POST", LEAD + "/rebalance/preview"): lead_route("what a rebalance would move"),
    ("GET", LEAD + "/summary"): lead_route("team_id of a team the lead leads"),
    ("GET", LEAD + "/surveys"): lead_route(
        "survey answers of the lead's teams' agents"),
    ("POST", LEAD + "/priority"): lead_route("items of the lead's teams"),
    ("POST", LEAD + "/queue-pause"): lead_route("an agent of the lead's teams"),
    # -- quality
    ("GET", QUA + "/rubric"): allow("the current standard", agent=S.SHARED,
                                    team_lead=S.SHARED, qa=S.SHARED, admin=S.SHARED),
    ("POST", QUA + "/rubric"): allow("publishes a new version", admin=S.ALL),
    ("POST", QUA + "/checkers/{user_id}"): allow("a checker's teams and number rights",
                                                 admin=S.ALL),
    ("POST", QUA + "/samples/draw"): allow(
        "draws the whole centre's day (idempotent); new samples are dealt by scope",
        qa=S.ALL, admin=S.ALL),
    ("GET", QUA + "/samples"): allow("lists only samples in scope", qa=S.CHECKER_TEAMS,
                                     admin=S.ALL),
    ("POST", SAMPLE + "/claim"): sample_route(),
    ("POST", SAMPLE + "/release"): sample_route(),
    ("POST", SAMPLE + "/scores"): sample_route("the checker's own score"),
    ("GET", SAMPLE + "/scores"): sample_route("every checker's scores", admin=True),
    ("GET", QUA + "/calls"): allow("finds only calls in scope", qa=S.CHECKER_TEAMS,
                                   admin=S.ALL),
    ("POST", CALL + "/sample"): sample_route("samples the call if need be and claims it"),
    ("GET", CALL): call_route("the replay"),
    ("PUT", CALL): immutable_call_route(),
    ("PATCH", CALL): immutable_call_route(),
    ("DELETE", CALL): immutable_call_route(),
    ("POST", CALL + "/reveal"): sample_route("the full number, if the checker may see "
                                             "numbers; audited", admin=True),
    ("GET", CALL + "/annotations"): call_route(),
    ("POST", CALL + "/annotations"): call_route(),
    ("POST", CALL + "/recording"): allow("the call's own agent or an admin uploads it",
                                         out_of_scope=Denial.NOT_FOUND, agent=S.OWN_ITEMS,
                                         admin=S.ALL),
    ("GET", CALL + "/recording"): call_route(),
    ("GET", QUA + "/rollup"): allow("team_id in scope", qa=S.CHECKER_TEAMS,
                                    team_lead=S.OWN_TEAMS, admin=S.ALL),
    ("GET", QUA + "/coaching"): allow("lists only tasks in scope", qa=S.CHECKER_TEAMS,
                                      team_lead=S.OWN_TEAMS, admin=S.ALL),
    ("GET", PREFIX + "/feedback"): allow("the agent's own scored calls", agent=S.SELF),
    # -- after the sale (issue 21): the verifier's post and provisioning (an admin token)
    ("GET", VER): allow("open items due now; never the verifier's own sales nor their "
                        "team's unless CALLSHEET_VERIFY_SAME_TEAM", verifier=S.ALL,
                        admin=S.ALL),
    ("GET", VER + "/{verification_id}"): allow("the sale being verified; an item the "
                                               "verifier may not work is not found",
                                               verifier=S.ALL, admin=S.ALL),
    ("POST", VER + "/{verification_id}/outcome"): allow(
        "confirmed / denied / wants_to_cancel / wrong_details / unreachable; replay-safe by "
        "action id", verifier=S.ALL, admin=S.ALL),
    ("GET", ORD): allow("provisioning's feed: orders changed after the cursor (gap-free)",
                        admin=S.ALL),
    ("GET", ORD + "/export"): allow("CSV or XLSX; formula-like cells neutralised",
                                    admin=S.ALL),
    ("POST", ORD + "/{order_id}/activation"): allow(
        "activated / failed with a reason; idempotent, a different answer is 409",
        admin=S.ALL),
    ("POST", ORD + "/{order_id}/cancellation"): allow(
        "the customer cancelled: within or after the trial, by the day", admin=S.ALL),
    ("POST", PREFIX + "/letters/batch"): allow(
        "the mail room's export: letters due as CSV, marked sent in a batch (audited)",
        admin=S.ALL),
    ("GET", PREFIX + "/letters/batches/{batch_id}"): allow(
        "a batch's letters again (audited; changes nothing)", admin=S.ALL),
    # -- recordings made by the desktop (issue 20)
    ("PUT", REC): allow("announces the recording of the agent's own call (idempotent)",
                        out_of_scope=Denial.NOT_FOUND, agent=S.OWN_ITEMS),
    ("PATCH", REC): allow("a chunk at the received offset; SHA-256 checked at the end",
                          out_of_scope=Denial.NOT_FOUND, agent=S.OWN_ITEMS),
    ("GET", REC + "/status"): allow("how far the upload got", out_of_scope=Denial.NOT_FOUND,
                                    agent=S.OWN_ITEMS),
    ("GET", REC): allow("the replay's audio", out_of_scope=Denial.NOT_FOUND,
                        qa=S.CHECKER_TEAMS, admin=S.ALL),
})


# ------------------------------------------------------------------ enforcement


def route_key(request: Request) -> tuple[str, str]:
    """(method, path template) of the route this request matched."""
    route = request.scope.get("route")
    path = getattr(route, "path_format", None) or getattr(route, "path", "")
    return request.method, str(path)


def authorize(request: Request, user: Any) -> Scope:
    """The caller's scope on the matched route, or 403 when their role has none there.
    `user`: an authenticated server.models.User."""
    key = route_key(request)
    rule = POLICY.get(key)
    if rule is None:  # fail closed: a route nobody wrote a rule for is nobody's
        log.error("no policy for %s %s; refused", *key)
        raise ApiError(403, "no_policy", "This route has no access policy; it is refused.")
    if rule.public:
        return Scope.SHARED
    scope = rule.scope_of(Role(user.role))
    if scope is None:
        raise ApiError(403, "forbidden", f"A {user.role} account may not do this.")
    return scope


# ------------------------------------------------------------------ consistency


def app_routes(app: FastAPI) -> Iterator[tuple[str, str, Any]]:
    """(method, path template, route) of every route the app serves (HEAD beside GET is
    Starlette's and not listed)."""
    for ctx in iter_route_contexts(app.routes):
        methods = set(ctx.methods or ())
        if "GET" in methods:
            methods.discard("HEAD")
        path = ctx.path_format or ctx.path or ""
        for method in sorted(methods):
            yield method, path, ctx


# ------------------------------------------------------------------ documentation


_ROLE_ORDER = (Role.AGENT, Role.TEAM_LEAD, Role.QA, Role.VERIFIER, Role.ADMIN)


def markdown_table() -> str:
    """docs/security.md's policy table."""
    lines = ["| method | path | " + " | ".join(r.value for r in _ROLE_ORDER)
             + " | out of scope | note |",
             "|---|---|" + "---|" * len(_ROLE_ORDER) + "---|---|"]
    for (method, path), rule in POLICY.items():
        if rule.public:
            cells = ["public"] * len(_ROLE_ORDER)
            denial = "-"
        else:
            cells = [str(rule.scope_of(r) or "403") for r in _ROLE_ORDER]
            narrowed = any(sc not in (Scope.ALL, Scope.SHARED) for sc in rule.roles.values())
            denial = rule.out_of_scope.value if narrowed else "-"
        lines.append(f"| {method} | `{path}` | " + " | ".join(cells)
                     + f" | {denial} | {rule.note} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown_table())
