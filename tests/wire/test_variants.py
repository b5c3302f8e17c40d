"""Which script variant a customer gets (wire/variants.py), row by row against hand-made
customers: the first variant whose rule holds, else the default (None)."""

from __future__ import annotations

import pytest

from wire.schema import CustomerOut, ScriptOut, ScriptStep, ScriptVariant, ValueTier, VariantRule
from wire.variants import choose_variant, parse_range, rule_matches, variant_key

STEP = ScriptStep(id="open", kind="say", title="Hi", text="Hello")


def customer(**kw: object) -> CustomerOut:
    base: dict[str, object] = dict(
        id="c", external_id="E", name="N", phone="+8613812345678", region="广东省 广州市",
        timezone="Asia/Shanghai", star_level=3, vip=False, tenure_months=12, arpu_yuan=58.0,
        plan_name="4G 58", plan_minutes=100, plan_data_mb=1024)
    base.update(kw)
    return CustomerOut.model_validate(base)


def script(*rules: tuple[str, VariantRule]) -> ScriptOut:
    return ScriptOut(id="s", campaign_id="k", version=1, title="T", steps=[STEP], variants=[
        ScriptVariant(key=k, title=k, when=r, steps=[STEP]) for k, r in rules])


SCRIPT = script(
    ("seniors", VariantRule(age="60+")),
    ("young5g", VariantRule(age="18-34", region="广东省", network=["5G"], plan_fit=["C", "D"])),
    ("slow_bb", VariantRule(broadband="1-99", district=["天河区"])),
    ("gold", VariantRule(tier=["A1", "A2"])),
)

# (customer fields, the variant key chosen; "" = the default)
ROWS = [
    ({"age_band": "65+"}, "seniors"),
    ({"age_band": "60-69"}, "seniors"),
    ({"age_band": "55-64"}, ""),  # straddles 60: not inside 60+
    ({"age_band": "65+", "value_tier": ValueTier.A1}, "seniors"),  # first match wins
    ({"age_band": "25-34", "network_gen": "5G", "plan_fit": "D"}, "young5g"),
    ({"age_band": "25-34", "network_gen": "5g", "plan_fit": "C"}, "young5g"),
    ({"age_band": "25-34", "network_gen": "4G", "plan_fit": "D"}, ""),  # network
    ({"age_band": "25-34", "network_gen": "5G", "plan_fit": "B"}, ""),  # plan fit
    ({"age_band": "25-34", "network_gen": "5G", "plan_fit": "D", "region": "浙江省 杭州市"},
     ""),  # region prefix
    ({"age_band": "30-39", "network_gen": "5G", "plan_fit": "D"}, ""),  # band past 34
    ({"age_band": "", "network_gen": "5G", "plan_fit": "D"}, ""),  # no band: no age rule
    ({"broadband_mbps": 50, "district": "天河区"}, "slow_bb"),
    ({"broadband_mbps": 50, "community": "天河区"}, "slow_bb"),  # either field
    ({"broadband_mbps": 100, "district": "天河区"}, ""),  # 100 is past 1-99
    ({"broadband_mbps": None, "district": "天河区"}, ""),  # no broadband is 0
    ({"broadband_mbps": 50, "district": "越秀区"}, ""),
    ({"value_tier": ValueTier.A2}, "gold"),
    ({"value_tier": ValueTier.B1}, ""),
    ({}, ""),
]


@pytest.mark.parametrize(("fields", "key"), ROWS)
def test_the_first_matching_variant_is_chosen(fields: dict[str, object], key: str) -> None:
    c = customer(**fields)
    assert variant_key(SCRIPT, c) == key
    chosen = choose_variant(SCRIPT, c)
    assert (chosen.key if chosen else "") == key


def test_no_script_and_no_variants_give_the_default() -> None:
    assert choose_variant(None, customer(age_band="65+")) is None
    assert variant_key(script(), customer(age_band="65+")) == ""


@pytest.mark.parametrize(("text", "want"), [
    ("60+", (60, 10**6)), ("18-34", (18, 34)), (" 18 ~ 34 ", (18, 34)), ("34-18", None),
    ("old", None), ("", None), ("60", None)])
def test_ranges(text: str, want: tuple[int, int] | None) -> None:
    assert parse_range(text) == want


def test_an_unreadable_rule_range_matches_nobody() -> None:
    assert not rule_matches(VariantRule(age="old"), customer(age_band="65+"))
    assert rule_matches(VariantRule(), customer())
