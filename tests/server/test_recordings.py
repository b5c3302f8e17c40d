"""Recordings on the server (issue 20), on SQLite and PostgreSQL: announced, sent in
chunks and resumed from the server's offset, stored once however often it is replayed,
refused when its SHA-256 is not the announced one, read back by the checker, and purged
past the campaign's retention."""

from __future__ import annotations

import hashlib
import os
import secrets
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, update
from sqlalchemy.orm import Session

from server import models as m
from server import retention
from server.recordings.models import CallRecording
from server.recordings.store import ENV_DIR, recordings_dir
from tests.server.conftest import Api, outcome

R = "/api/v1/recordings/"


@pytest.fixture(autouse=True)
def _own_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(ENV_DIR, str(tmp_path / "recordings"))
    return tmp_path / "recordings"


def _call(api: Api, agent: str = "agent1") -> str:
    """A call of `agent`, stored on the server; its id."""
    items = [i for i in api.pull_all(agent)["queue_items"].values() if i["status"] == "open"]
    body = outcome(items[0], "not_interested", objection="no_need", talk_seconds=30)
    assert api.push(agent, [body])[0]["status"] == "accepted"
    return str(body["action_id"])


def _announce(api: Api, agent: str, call_id: str, data: bytes, **kw: Any) -> Any:
    body = {"sha256": hashlib.sha256(data).hexdigest(), "size_bytes": len(data),
            "duration_seconds": 4.0, "content_type": "audio/flac", **kw}
    return api.client.put(R + call_id, json=body, headers=api.headers(agent))


def _chunk(api: Api, agent: str, call_id: str, offset: int, data: bytes) -> Any:
    return api.client.patch(R + call_id, params={"offset": offset}, content=data,
                            headers={**api.headers(agent),
                                     "Content-Type": "application/offset+octet-stream"})


def _rows(api: Api) -> list[CallRecording]:
    eng = create_engine(api.db_url)
    with Session(eng) as s:
        rows = list(s.scalars(select(CallRecording)))
        s.expunge_all()
    eng.dispose()
    return rows


def test_interrupted_upload_resumes_and_a_replay_stores_it_once(api: Api, _own_dir: Path) -> None:
    call_id = _call(api)
    data = os.urandom(250_000)
    r = _announce(api, "agent1", call_id, data)
    assert r.status_code == 200, r.text
    assert r.json()["received_bytes"] == 0 and not r.json()["complete"]
    assert _chunk(api, "agent1", call_id, 0, data[:100_000]).status_code == 200
    # The connection broke; the desktop asks where to resume, and a wrong offset is refused.
    wrong = _chunk(api, "agent1", call_id, 0, data[:100_000])
    assert wrong.status_code == 409 and wrong.json()["code"] == "offset_mismatch"
    st = api.client.get(R + call_id + "/status", headers=api.headers("agent1")).json()
    assert st["received_bytes"] == 100_000
    done = _chunk(api, "agent1", call_id, 100_000, data[100_000:])
    assert done.status_code == 200 and done.json()["complete"], done.text
    # The outbox sends it all again (its acknowledgement was lost): nothing stored twice.
    again = _announce(api, "agent1", call_id, data)
    assert again.status_code == 200 and again.json()["complete"]
    assert _chunk(api, "agent1", call_id, 0, data[:10]).json()["complete"]
    rows = _rows(api)
    assert len(rows) == 1 and rows[0].size_bytes == len(data)
    files = list(_own_dir.iterdir())
    assert len(files) == 1 and files[0].read_bytes() == data
    assert files[0].suffix == ".flac"
    assert files[0].stat().st_mode & 0o222 == 0, "read-only once complete"
    # Another file for the same call is refused: a recording is evidence.
    other = _announce(api, "agent1", call_id, data[:-1])
    assert other.status_code == 409 and other.json()["code"] == "recording_exists"
    # The checker (every team) replays it.
    got = api.client.get(R + call_id, headers=api.headers("qa1"))
    assert got.status_code == 200 and got.content == data
    assert got.headers["content-type"] == "audio/flac"
    assert got.headers["X-Content-SHA256"] == hashlib.sha256(data).hexdigest()
    replay = api.client.get(f"/api/v1/quality/calls/{call_id}",
                            headers=api.headers("qa1")).json()
    assert replay["recording"]["sha256"] == hashlib.sha256(data).hexdigest()


def test_a_bad_checksum_is_refused_and_nothing_is_kept(api: Api, _own_dir: Path) -> None:
    call_id = _call(api)
    data = os.urandom(5000)
    assert _announce(api, "agent1", call_id, data).status_code == 200
    tampered = bytes([data[0] ^ 1]) + data[1:]
    r = _chunk(api, "agent1", call_id, 0, tampered)
    assert r.status_code == 422 and r.json()["code"] == "checksum_mismatch"
    assert _rows(api) == [] and list(_own_dir.iterdir()) == []
    assert api.client.get(R + call_id, headers=api.headers("qa1")).status_code == 404
    # The right bytes may then be sent from the start.
    assert _announce(api, "agent1", call_id, data).status_code == 200
    assert _chunk(api, "agent1", call_id, 0, data).json()["complete"]


def test_only_the_calls_own_agent_uploads(api: Api) -> None:
    call_id = _call(api, "agent1")
    data = b"fLaC" + secrets.token_bytes(40)
    r = _announce(api, "agent2", call_id, data)
    assert r.status_code == 404
    assert _rows(api) == []
    bad = [_announce(api, "agent1", call_id, data, sha256="x" * 64),
           _announce(api, "agent1", call_id, data, size_bytes=0),
           _chunk(api, "agent1", call_id, 0, data)]  # not announced yet
    assert [b.status_code for b in bad] == [422, 422, 409]
    assert _announce(api, "agent1", call_id, data).status_code == 200
    too_much = _chunk(api, "agent1", call_id, 0, data + b"more")
    assert too_much.status_code == 422 and too_much.json()["code"] == "bad_chunk"


def test_purge_removes_recordings_past_their_retention(api: Api, _own_dir: Path) -> None:
    kept, old = _call(api), _call(api)
    for call_id in (kept, old):
        data = os.urandom(1000)
        _announce(api, "agent1", call_id, data)
        assert _chunk(api, "agent1", call_id, 0, data).json()["complete"]
    rows = {r.outcome_id: r for r in _rows(api)}
    # Two years past the contract's end (or the call) by default.
    assert rows[kept].retention_until >= date.today() + timedelta(days=729)
    eng = create_engine(api.db_url)
    with Session(eng) as s:
        s.execute(update(CallRecording).where(CallRecording.outcome_id == old)
                  .values(retention_until=date.today() - timedelta(days=1)))
        s.commit()
        now = datetime.now(UTC)
        dry = retention.purge(s, now, retention.action_age(), dry_run=True)
        assert dry.recordings == 1
        s.rollback()
        report = retention.purge(s, now, retention.action_age(), dry_run=False)
        s.commit()
        assert report.recordings == 1
        assert "recordings past their retention date: 1 deleted" in report.lines()
        left = s.scalars(select(CallRecording.outcome_id)).all()
        purged = s.scalar(select(func.count()).select_from(m.AuditLog).where(
            m.AuditLog.action == "recording.purge", m.AuditLog.entity_id == old))
    eng.dispose()
    assert left == [kept] and purged == 1
    assert [p.name for p in _own_dir.iterdir()] == [rows[kept].path]
    assert recordings_dir() == _own_dir


def test_retention_counts_from_the_contract_end(api: Api) -> None:
    call_id = _call(api)
    eng = create_engine(api.db_url)
    end = date.today() + timedelta(days=400)
    with Session(eng) as s:
        o = s.get(m.CallOutcome, call_id)
        assert o is not None
        s.execute(update(m.Customer).where(m.Customer.id == o.customer_id)
                  .values(contract_end=end))
        s.execute(update(m.Campaign).where(m.Campaign.id == o.campaign_id)
                  .values(recording_retention_days=100))
        s.commit()
    eng.dispose()
    data = os.urandom(10)
    assert _announce(api, "agent1", call_id, data).json()["retention_until"] == \
        (end + timedelta(days=100)).isoformat()
