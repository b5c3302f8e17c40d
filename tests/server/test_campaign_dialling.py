"""A campaign's dialling settings (issue 20): set by the admin route and the CLI, bounded,
and reaching the agents' desktops with the campaign on their next pull (SQLite and
PostgreSQL)."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from server import models as m
from server.cli import main
from server.recordings.models import CallRecording
from server.recordings.store import ENV_DIR
from tests.server.conftest import Api, outcome


@pytest.fixture(autouse=True)
def _own_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_DIR, str(tmp_path / "recordings"))


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
    assert r.json() == {**body, "code": code, "transfer_target": "8001", "record_calls": False,
                        "recording_retention_days": 730}
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
    {"transfer_target": "x" * 201}, {"record_calls": "sometimes"},
    {"recording_retention_days": 29}, {"recording_retention_days": 3651},
    {"recording_retention_days": None, "record_calls": 2},
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


def test_recording_is_switched_on_for_a_campaign_already_running(api: Api) -> None:
    """Recording switched on for a running campaign reaches the agents with the campaign;
    a new retention moves the retention date of the recordings made already by as many
    days (their base, the contract's end, is unchanged)."""
    agent = api.account("agent", 0)["username"]
    first = api.pull_all(agent)
    item = next(i for i in first["queue_items"].values() if i["status"] == "open")
    code = next(c["code"] for c in first["campaigns"] if c["id"] == item["campaign_id"])
    assert _campaign(first, code)["record_calls"] is False
    r = api.client.patch(f"/api/v1/admin/campaigns/{code}/dialling",
                         json={"record_calls": True}, headers=_admin(api))
    assert r.status_code == 200, r.text
    assert (r.json()["record_calls"], r.json()["recording_retention_days"]) == (True, 730)
    page = api.pull_all(agent, since=first["cursor"])
    assert _campaign(page, code)["record_calls"] is True

    call = outcome(item, "not_interested", objection="no_need", talk_seconds=30)
    assert api.push(agent, [call])[0]["status"] == "accepted"
    data = b"fLaC" + bytes(100)
    r = api.client.put(f"/api/v1/recordings/{call['action_id']}", headers=api.headers(agent),
                       json={"sha256": hashlib.sha256(data).hexdigest(), "size_bytes": len(data),
                             "duration_seconds": 2.0, "content_type": "audio/flac"})
    assert r.status_code in (200, 201), r.text
    before = date.fromisoformat(r.json()["retention_until"])

    r = api.client.patch(f"/api/v1/admin/campaigns/{code}/dialling",
                         json={"recording_retention_days": 400}, headers=_admin(api))
    assert r.status_code == 200 and r.json()["recording_retention_days"] == 400
    eng = create_engine(api.db_url)
    with Session(eng) as s:
        after = s.scalar(select(CallRecording.retention_until)
                         .where(CallRecording.outcome_id == call["action_id"]))
        audited = s.scalar(select(func.count()).select_from(m.AuditLog).where(
            m.AuditLog.action == "campaign.dialling"))
    eng.dispose()
    assert after == before - timedelta(days=330)
    assert audited == 2  # switched on, then the retention: each audited

    # Switched off again: new calls are not recorded; the recording made is kept.
    r = api.client.patch(f"/api/v1/admin/campaigns/{code}/dialling",
                         json={"record_calls": False}, headers=_admin(api))
    assert r.json()["record_calls"] is False
    assert _campaign(api.pull_all(agent, since=page["cursor"]), code)["record_calls"] is False


def test_cli_switches_recording(api: Api, capsys: pytest.CaptureFixture[str]) -> None:
    code = api.pull_all(api.account("agent", 0)["username"])["campaigns"][0]["code"]
    assert main(["campaign-dialling", code, "--database-url", api.db_url, "--record",
                 "--recording-retention-days", "365"]) == 0
    assert "calls recorded, kept 365 days past the contract" in capsys.readouterr().out
    assert main(["campaign-dialling", code, "--database-url", api.db_url, "--no-record"]) == 0
    assert "calls not recorded" in capsys.readouterr().out
    assert main(["campaign-dialling", code, "--database-url", api.db_url,
                 "--recording-retention-days", "0"]) == 2, "below a month: refused"
