"""publish-script: a valid YAML script becomes a new version (and reaches desktops);
an invalid one is refused with every error's line, and nothing is published."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server import models as m
from server.db import make_engine, session_factory
from server.planning import offers_rules
from server.planning.scripts_io import ScriptInvalid, publish, validate
from server.planning.targeting import ensure_campaign
from tests.server.conftest import Api

DATA = Path(__file__).resolve().parents[1] / "data" / "planning"


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    engine = make_engine(db_url)
    with session_factory(engine)() as s:
        ensure_campaign(s, offers_rules.builtin("DATAPK"))
        s.commit()
        yield s
    engine.dispose()


def test_publish_creates_new_versions(session: Session) -> None:
    first = publish(session, DATA / "script_good.yaml")
    session.commit()
    second = publish(session, DATA / "script_good.yaml")
    session.commit()
    assert (first.version, second.version, first.steps) == (1, 2, 5)
    row = session.get(m.Script, second.script_id)
    assert row is not None and row.title == "Data pack offer / 流量包推荐 (file)"
    assert [s["id"] for s in row.steps] == ["open", "pitch", "obj_price", "disclose", "close"]
    assert row.steps[3]["mandatory"] is True
    assert row.steps[0]["branches"][1] == {"label": "Call back later", "label_zh": "稍后再打",
                                           "goto": "close"}
    published = set(session.scalars(select(m.SyncChange.entity_id).where(
        m.SyncChange.kind == "script")))
    assert {first.script_id, second.script_id} <= published


def test_errors_carry_their_line(session: Session) -> None:
    with pytest.raises(ScriptInvalid) as exc:
        publish(session, DATA / "script_bad.yaml")
    assert [(ln, msg.split(":")[0]) for ln, msg in exc.value.errors] == [
        (7, "step open"), (14, "step pitch"), (16, "step orphan"), (22, "step kind")]
    msgs = [msg for _, msg in exc.value.errors]
    assert "unknown placeholder {balance} in text" in msgs[0]
    assert "goto to unknown step 'nowhere'" in msgs[1]
    assert "unreachable from the first step 'open'" in msgs[2]
    assert "line 7:" in str(exc.value)
    session.rollback()
    assert session.scalar(select(func.count()).select_from(m.Script)) == 0


def test_yaml_syntax_error_has_a_line(tmp_path: Path) -> None:
    f = tmp_path / "s.yaml"
    f.write_text("campaign: X\ntitle: t\nsteps:\n  - id: a\n    kind: [say\n", encoding="utf-8")
    with pytest.raises(ScriptInvalid) as exc:
        validate(f)
    assert exc.value.errors[0][0] in (5, 6)


def test_publish_over_http_reaches_a_desktop(api: Api) -> None:
    admin = api.headers(api.account("admin")["username"])
    agent = api.account("agent", 0)["username"]
    cursor = api.pull_all(agent)["cursor"]
    bad = (DATA / "script_bad.yaml").read_bytes()
    r = api.client.post("/api/v1/admin/scripts", content=bad, headers=admin)
    assert r.status_code == 422 and "line 14" in r.json()["message"]
    r = api.client.post("/api/v1/admin/scripts", content=(DATA / "script_good.yaml")
                        .read_bytes(), headers=admin)
    assert r.status_code == 200, r.text
    version = r.json()["version"]
    assert version == 3  # the demo has DATAPK v1 and v2
    scripts = api.pull_all(agent, since=cursor)["scripts"]
    assert [(s["version"], s["title"]) for s in scripts] == [
        (3, "Data pack offer / 流量包推荐 (file)")]
