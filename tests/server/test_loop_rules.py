"""Rules corrected from the sources (issue 22), against hand-computed figures, on SQLite
and PostgreSQL: the channel order phone -> no clear preference -> store (no data is "no
preference", not phone), and malicious churn (arrears) never offered a retention
discount."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from server import models as m
from server.db import make_engine
from server.orm import session_factory
from server.planning import segmentation as seg
from server.planning.importing import import_customers
from server.planning.targeting import plan_campaign

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
