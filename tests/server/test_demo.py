"""The demo seed keeps its promises; the CLI writes credentials safely."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import phonenumbers
import pytest
from sqlalchemy import func, select

from server import models as m
from server.cli import main
from server.db import make_engine
from server.demo import DemoExists
from server.orm import session_factory
from tests.support.live_server import seed_demo


def test_demo_shape(db_url: str) -> None:
    creds = seed_demo(db_url, customers=300, seed=3)
    accounts = creds["accounts"]
    assert creds["server"] is None
    roles = sorted(a["role"] for a in accounts)
    assert roles == ["admin", "agent", "agent", "agent", "agent", "agent", "agent", "agent",
                     "agent", "qa", "team_lead", "verifier"]
    assert len({a["password"] for a in accounts}) == len(accounts)
    engine = make_engine(db_url)
    with session_factory(engine)() as s:
        camps = list(s.scalars(select(m.Campaign)))
        assert {c.code for c in camps} == {"MIG4G", "DATAPK", "BBRENEW"}
        assert all(c.window_start.hour == 9 and c.window_end.hour == 21 for c in camps)
        assert all(c.max_attempts == 3 and c.retry_spacing_minutes == 120 for c in camps)
        assert {c.name_zh for c in camps} == {"4G套餐迁移", "流量包", "宽带续约"}
        versions = sorted(s.scalars(select(m.Script.version)))
        assert versions == [1, 1, 1, 2]
        steps = s.scalars(select(m.Script.steps)).first()
        assert steps and {st["kind"] for st in steps} >= {"say", "question", "disclosure",
                                                          "pitch", "objection", "close"}
        assert "{customer_name}" in steps[0]["text"] and "{company}" in steps[0]["text"]
        assert s.scalar(select(func.count()).select_from(m.Offer)) == 9
        customers = list(s.scalars(select(m.Customer)))
        assert len(customers) == 300
        for c in customers[:50]:
            num = phonenumbers.parse(c.phone)
            assert c.phone.startswith("+861") and phonenumbers.is_valid_number(num)
            assert len(c.usage) == 3 and c.plan_fit in "ABCD" and c.value_tier
        assert {c.timezone for c in customers} <= {"Asia/Shanghai", "Asia/Urumqi"}
        teams = list(s.scalars(select(m.Team)))
        lead = s.scalars(select(m.User).where(m.User.role == "team_lead")).one()
        assert len(teams) == 2 and all(t.lead_user_id == lead.id for t in teams)
        agents = list(s.scalars(select(m.User).where(m.User.role == "agent")))
        assert sorted(a.username for a in agents) == [f"agent{i}" for i in range(1, 9)]
        open_items = list(s.scalars(select(m.QueueItem).where(m.QueueItem.status != "closed")))
        per_agent = {a.id: sum(1 for q in open_items if q.agent_id == a.id) for a in agents}
        assert min(per_agent.values()) >= 20
        assert sum(q.status == "callback" for q in open_items) >= 8
        assert all(q.recommendations for q in open_items)
        assert s.scalar(select(func.count()).select_from(m.CallOutcome)) > 0
        dnc = list(s.scalars(select(m.DncEntry)))
        assert dnc and all(d.source == "registry" for d in dnc)
        queued = {q.customer_id for q in s.scalars(select(m.QueueItem))}
        assert not queued & {d.customer_id for d in dnc}, "DNC customers are never queued"
    engine.dispose()
    with pytest.raises(DemoExists):
        seed_demo(db_url, customers=10, seed=3)


def test_cli_demo_writes_private_credentials_and_resets(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    out = tmp_path / "creds.json"
    assert main(["demo", "--database-url", url, "--customers", "60",
                 "--credentials-out", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    first = json.loads(out.read_text(encoding="utf-8"))
    assert first["server"] is None and {"username", "password", "role", "display_name"} <= set(
        first["accounts"][0])
    assert main(["demo", "--database-url", url, "--customers", "60"]) == 1, "refuses twice"
    assert main(["demo", "--database-url", url, "--customers", "60", "--reset",
                 "--credentials-out", str(out)]) == 0
    second = json.loads(out.read_text(encoding="utf-8"))
    assert first["accounts"][0]["password"] != second["accounts"][0]["password"]


def test_demo_customers_are_scored_like_imported_ones(tmp_path: Path) -> None:
    """The stored tier is the formula's over the stored fields (the demo once scored the
    plan's network generation and stored the handset's: 48 of 500 disagreed)."""
    from server.planning import segmentation as seg

    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    seed_demo(url, customers=500, seed=7)
    engine = make_engine(url)
    with session_factory(engine)() as s:
        customers = list(s.scalars(select(m.Customer)))
    engine.dispose()
    assert len(customers) == 500
    wrong = []
    for c in customers:
        score = seg.value_score(arpu=c.arpu_yuan, star=c.star_level, tenure=c.tenure_months,
                                network_gen=c.network_gen, vas=len(c.value_added_services),
                                arrears=c.arrears_yuan, complaints=c.complaints)
        if (c.value_score, c.value_tier, c.plan_fit) != (
                score, seg.value_tier(score), seg.plan_fit(c.usage, c.plan_data_mb)):
            wrong.append(c.external_id)
    assert wrong == []
