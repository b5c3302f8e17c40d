"""A campaign's dialling settings (issue 20): set by the admin route and the CLI, bounded,
and reaching the agents' desktops with the campaign on their next pull (SQLite and
PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest

from server.cli import main
from tests.server.conftest import Api


def _admin(api: Api) -> dict[str, str]:
    return api.headers(api.account("admin")["username"])


def _campaign(page: dict[str, Any], code: str) -> dict[str, Any]:
    return next(c for c in page["campaigns"] if c["code"] == code)


def test_settings_reach_the_agents_pull(api: Api) -> None:
    agent = api.account("agent", 0)["username"]
    first = api.pull_all(agent)
    code = first["campaigns"][0]["code"]
    old = _campaign(first, code)
    assert (old["dial_mode"], old["progressive_delay_s"], old["wrap_up_limit_s"],
            old["ring_timeout_s"], old["transfer_target"]) == ("preview", 5, 0, 30, "")
    body = {"dial_mode": "progressive", "progressive_delay_s": 8, "wrap_up_limit_s": 45,
            "ring_timeout_s": 20, "transfer_target": " 8001 "}
    r = api.client.patch(f"/api/v1/admin/campaigns/{code}/dialling", json=body,
                         headers=_admin(api))
    assert r.status_code == 200, r.text
    assert r.json() == {**body, "code": code, "transfer_target": "8001"}
    page = api.pull_all(agent, since=first["cursor"])
    new = _campaign(page, code)
    assert (new["dial_mode"], new["progressive_delay_s"], new["wrap_up_limit_s"],
            new["ring_timeout_s"], new["transfer_target"]) == ("progressive", 8, 45, 20, "8001")
    # only what is given changes; an unchanged edit writes no change row
    r = api.client.patch(f"/api/v1/admin/campaigns/{code}/dialling",
                         json={"ring_timeout_s": 20}, headers=_admin(api))
    assert r.status_code == 200 and r.json()["dial_mode"] == "progressive"
    assert api.pull_all(agent, since=page["cursor"])["campaigns"] == []


@pytest.mark.parametrize("body", [
    {"dial_mode": "predictive"}, {"progressive_delay_s": -1}, {"progressive_delay_s": 121},
    {"ring_timeout_s": 2}, {"wrap_up_limit_s": 3601}, {"transfer_target": "80 01"},
    {"transfer_target": "x" * 201},
])
def test_bad_values_are_refused_with_a_message(api: Api, body: dict[str, Any]) -> None:
    code = api.pull_all(api.account("agent", 0)["username"])["campaigns"][0]["code"]
    r = api.client.patch(f"/api/v1/admin/campaigns/{code}/dialling", json=body,
                         headers=_admin(api))
    assert r.status_code == 422, r.text
    assert r.text


def test_agents_may_not_and_an_unknown_campaign_is_404(api: Api) -> None:
    agent = api.account("agent", 0)["username"]
    r = api.client.patch("/api/v1/admin/campaigns/DATAPK/dialling",
                         json={"dial_mode": "progressive"}, headers=api.headers(agent))
    assert r.status_code == 403
    r = api.client.patch("/api/v1/admin/campaigns/NO-SUCH/dialling",
                         json={"dial_mode": "progressive"}, headers=_admin(api))
    assert r.status_code == 404


def test_cli_sets_and_shows(api: Api, capsys: pytest.CaptureFixture[str]) -> None:
    code = api.pull_all(api.account("agent", 0)["username"])["campaigns"][0]["code"]
    assert main(["campaign-dialling", code, "--database-url", api.db_url, "--mode",
                 "progressive", "--countdown", "3", "--transfer-to", "sip:qa@pbx"]) == 0
    out = capsys.readouterr().out
    assert "progressive, countdown 3 s" in out and "transfer to sip:qa@pbx" in out
    assert main(["campaign-dialling", code, "--database-url", api.db_url,
                 "--ring-timeout", "1"]) == 2, "out of bounds: refused"
    assert main(["campaign-dialling", "NO-SUCH", "--database-url", api.db_url]) == 2
