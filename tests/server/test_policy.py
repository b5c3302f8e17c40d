"""The policy table covers every route the app serves, and docs/security.md shows it."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI

from server import policy, policy_check
from server.api import create_app
from server.deps import CurrentUser
from tests.server.conftest import Api

SECURITY_MD = Path(__file__).resolve().parents[2] / "docs" / "security.md"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    # No database is touched: the app is only inspected.
    return create_app(f"sqlite:///{tmp_path_factory.mktemp('policy') / 'none.sqlite3'}")


def test_every_route_has_a_policy_and_every_policy_a_route(app: FastAPI) -> None:
    served = {(method, path) for method, path, _ in policy.app_routes(app)}
    assert len(served) > 40  # the enumeration really found the app's routes
    assert ("DELETE", "/api/v1/quality/calls/{outcome_id}") in served
    assert policy_check.problems(app) == []


def test_a_route_added_without_a_rule_is_named() -> None:
    """What the lead engineer sees when a branch adds a route but no rule."""
    extra = FastAPI()

    @extra.get("/api/v1/new-thing")
    def new_thing(user: CurrentUser) -> dict[str, str]:
        return {"user": user.username}

    @extra.get("/api/v1/open-thing")
    def open_thing() -> dict[str, str]:
        return {}

    found = policy_check.problems(extra)
    assert "no policy for GET /api/v1/new-thing" in found
    assert "no policy for GET /api/v1/open-thing" in found


def test_a_guarded_rule_on_a_route_that_asks_no_user_is_named() -> None:
    """A rule saying "these roles only" on a route that never asks who calls would be a
    lie; the check catches a route that lost its CurrentUser dependency."""
    bare = FastAPI()

    @bare.get("/api/v1/me")
    def me() -> dict[str, str]:
        return {}

    assert any("GET /api/v1/me is guarded in the table" in p for p in policy_check.problems(bare))


def test_a_scoped_route_naming_an_unknown_record_is_named(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    """A new path parameter on a scoped route needs an owner in server/resources.py, or
    the table's scope would silently not be enforced for it."""
    extra = FastAPI()

    @extra.get("/api/v1/things/{thing_id}")
    def thing(thing_id: str, user: CurrentUser) -> dict[str, str]:
        return {}

    rule = policy.allow("a thing", team_lead=policy.Scope.OWN_TEAMS)
    monkeypatch.setattr(policy, "POLICY", {("GET", "/api/v1/things/{thing_id}"): rule})
    assert any("{thing_id}" in p for p in policy_check.problems(extra))


def test_a_route_without_a_rule_refuses_even_an_admin(api: Api) -> None:
    """Fail closed: until someone writes its rule, a new route serves nobody."""
    app = api.client.app
    assert isinstance(app, FastAPI)

    @app.get("/api/v1/unruled")
    def unruled(user: CurrentUser) -> dict[str, str]:
        return {"user": user.username}

    r = api.client.get("/api/v1/unruled", headers=api.headers("admin"))
    assert r.status_code == 403 and r.json()["code"] == "no_policy"


def test_security_doc_shows_the_table() -> None:
    assert policy.markdown_table() in SECURITY_MD.read_text(encoding="utf-8"), (
        "docs/security.md is out of step with server/policy.py: "
        "paste `python -m server.policy` between the policy markers")
