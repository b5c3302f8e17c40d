"""Rules corrected from the sources (issue 22), against hand-computed figures, on SQLite
and PostgreSQL: the channel order phone -> no clear preference -> store (no data is "no
preference", not phone), malicious churn (arrears) never offered a retention
discount, and customers kept by an account manager left out until released."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from server import models as m
from server.auth import hash_password
from server.db import make_engine, utcnow
from server.errors import ApiError
from server.orm import session_factory
from server.planning import offers_rules, ownership
from server.planning import segmentation as seg
from server.planning.assign import assign_campaign
from server.planning.dnc_io import import_dnc
from server.planning.importing import import_customers
from server.planning.targeting import plan_campaign
from tests.server.loop_support import approve_plans
from wire.schema import Role

TODAY = date(2026, 11, 23)
# Five customers alike in everything the value score reads (so one value tier) but the
# channel columns and arrears:
#   R1 states phone                       -> phone
#   R2 states nothing, no contact counts  -> none (no data is no preference, not phone)
#   R3 states store                       -> store
#   R4 contacted 3 x by phone, 3 x in store: a tie, no clear preference -> none
#   R5 states phone, owes 80 yuan (malicious churn) -> phone, but no retention discount
HEAD = ("external_id,name,phone,star_level,tenure_months,plan_name,m1_spend_yuan,"
        "m2_spend_yuan,m3_spend_yuan,network_gen,preferred_channel,contacts_phone,"
        "contacts_store,arrears_yuan\n")
ROWS = ["R1,甲,13900000001,3,36,4G 58,58,58,58,4G,phone,,,0",
        "R2,乙,13900000002,3,36,4G 58,58,58,58,4G,,,,0",
        "R3,丙,13900000003,3,36,4G 58,58,58,58,4G,store,,,0",
        "R4,丁,13900000004,3,36,4G 58,58,58,58,4G,,3,3,0",
        "R5,戊,13900000005,3,36,4G 58,58,58,58,4G,phone,,,80"]
RULES: dict[str, Any] = {
    "campaign": {"code": "LOOPT", "name": "Loop rules test", "name_zh": "规则测试"},
    "targeting": [], "exclusions": {},
    "offers": [
        {"code": "LTDISC", "name": "Retention discount", "name_zh": "挽留优惠",
         "price_yuan": 0, "priority": 90, "retention_discount": True, "when": {},
         "reason": "stay with us", "reason_zh": "挽留"},
        {"code": "LTCARE", "name": "Care call", "name_zh": "关怀", "price_yuan": 0,
         "priority": 50, "when": {}, "reason": "care", "reason_zh": "关怀"},
    ],
}


@pytest.fixture
def session(db_url: str, tmp_path: Path) -> Iterator[Session]:
    f = tmp_path / "loop.csv"
    f.write_text(HEAD + "\n".join(ROWS) + "\n", encoding="utf-8")
    engine = make_engine(db_url)
    with session_factory(engine)() as s:
        r = import_customers(s, f, today=TODAY, report=tmp_path / "e.csv")
        assert r.inserted == 5, r.errors
        s.commit()
        yield s
    engine.dispose()


def test_channel_preference_rule() -> None:
    assert seg.channel_preference(None) == "none"
    assert seg.channel_preference({}, "") == "none"
    assert seg.channel_preference(None, "store") == "store"
    assert seg.channel_preference({"phone": 3, "store": 3}) == "none"  # a tie
    assert seg.channel_preference({"phone": 1, "sms": 4}) == "sms"


def test_channel_order_and_no_discount_for_arrears(session: Session) -> None:
    chans = dict(session.execute(select(m.Customer.external_id, m.Customer.preferred_channel)
                                 .where(m.Customer.external_id.like("R%"))).all())
    assert chans == {"R1": "phone", "R2": "none", "R3": "store", "R4": "none", "R5": "phone"}
    tiers = set(session.scalars(select(m.Customer.value_tier).where(
        m.Customer.external_id.in_(["R1", "R2", "R3", "R4"]))))
    assert len(tiers) == 1
    res = plan_campaign(session, RULES, dry_run=True, today=TODAY)
    ext = {c.id: c.external_id for c in session.scalars(select(m.Customer))}
    offers = {o.id: o.code for o in session.scalars(select(m.Offer))}
    got = {ext[t["customer_id"]]: (t["priority"], [offers[r["offer_id"]]
                                                   for r in t["recommendations"]])
           for t in res.targets}
    # priority = 40 + 5 x tier rank + channel (phone 10, none 5, other 0) + top offer // 10
    tier = tiers.pop()
    base = 40 + 5 * (len(seg.TIER_ORDER) - 1 - seg.TIER_ORDER.index(tier))
    assert got["R1"] == (base + 10 + 9, ["LTDISC", "LTCARE"])
    assert got["R2"] == (base + 5 + 9, ["LTDISC", "LTCARE"])
    assert got["R4"] == (base + 5 + 9, ["LTDISC", "LTCARE"])
    assert got["R3"] == (base + 0 + 9, ["LTDISC", "LTCARE"])
    # R5 owes money: the discount is never offered; the care call leads (50 // 10 = 5)
    r5_tier = session.scalar(select(m.Customer.value_tier).where(m.Customer.external_id == "R5"))
    r5_base = 40 + 5 * (len(seg.TIER_ORDER) - 1 - seg.TIER_ORDER.index(str(r5_tier)))
    assert got["R5"] == (r5_base + 10 + 5, ["LTCARE"])
    order = [ext[t["customer_id"]] for t in res.targets]
    assert order.index("R1") < order.index("R2") < order.index("R3")
    assert order.index("R4") < order.index("R3")


# ------------------------------------------------- customers kept by an account manager


@pytest.fixture
def small(db_url: str, tmp_path: Path) -> Iterator[Session]:
    data = Path(__file__).resolve().parents[1] / "data" / "planning"
    engine = make_engine(db_url)
    with session_factory(engine)() as s:
        import_customers(s, data / "customers_small.csv", today=TODAY,
                         report=tmp_path / "e.csv")
        import_dnc(s, data / "dnc_registry.csv", report=tmp_path / "d.csv")
        s.commit()
        yield s
    engine.dispose()


def _user(s: Session, name: str, role: Role) -> m.User:
    u = m.User(username=name, display_name=name, role=role.value, team_id=None,
               password_hash=hash_password("x"), active=True, created_at=utcnow())
    s.add(u)
    s.flush()
    return u


def test_customers_of_an_account_manager_wait_for_their_release(small: Session) -> None:
    manager, other = _user(small, "km1", Role.TEAM_LEAD), _user(small, "km2", Role.TEAM_LEAD)
    agent = _user(small, "ag1", Role.AGENT)
    with pytest.raises(ApiError) as exc:
        ownership.set_owner(small, "C01", "ag1", actor_id="adm")
    assert exc.value.code == "not_a_manager" and agent.id
    ownership.set_owner(small, "C01", "km1", actor_id="adm")
    res = plan_campaign(small, offers_rules.builtin("DATAPK"), dry_run=True, today=TODAY)
    # test_planning_campaign.FUNNEL by hand, with C01 (a target there) kept by km1:
    assert [(x.name, x.kept, x.dropped) for x in res.funnel][5:] == [
        ("not on the do-not-call list", 6, 1),
        (ownership.STEP, 5, 1),                             # C01
        ("not contacted in the last 90 days", 5, 0),
        ("does not hold the product already", 4, 1),        # C09
        ("not on an open call list", 4, 0),
        ("an offer matches", 3, 1),                         # C11
    ]
    ext = {c.id: c.external_id for c in small.scalars(select(m.Customer))}
    assert [ext[t["customer_id"]] for t in res.targets] == ["C03", "C02", "C10"]
    with pytest.raises(ApiError) as exc:  # another manager cannot release km1's customer
        ownership.release(small, "C01", actor=other, note="")
    assert exc.value.status == 403
    out = ownership.release(small, "C01", actor=manager, note="ok to offer data packs")
    assert (out.manager, out.released, out.released_by) == ("km1", True, "km1")
    res = plan_campaign(small, offers_rules.builtin("DATAPK"), today=TODAY)
    assert ownership.STEP not in {x.name for x in res.funnel}
    assert [ext[t["customer_id"]] for t in res.targets] == ["C01", "C03", "C02", "C10"]
    # kept again after the plan: assign skips C01 and takes the other three
    ownership.set_owner(small, "C01", "km2", actor_id="adm")
    team = m.Team(name="Keepers")
    small.add(team)
    small.flush()
    agent.team_id = team.id
    approve_plans(small, "DATAPK")
    got = assign_campaign(small, "DATAPK", team.name)
    assert (got.per_agent, got.skipped_kept) == ({"ag1": 3}, 1)
    owner_row = small.scalar(select(m.Customer.id).where(m.Customer.external_id == "C01"))
    assert list(small.scalars(select(m.AuditLog.action).where(
        m.AuditLog.entity_id == owner_row).order_by(m.AuditLog.id))) == [
        "customer.owner", "customer.release", "customer.owner"]
