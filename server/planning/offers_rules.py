"""The campaign rule table: targeting filters, exclusions and offer rules.

A rule table is a YAML file (or the built-in one for the demo campaigns, BUILTIN):

    campaign: {code: DATAPK, name: ..., name_zh: ...}   # created if the code is new
    # campaign.type: sales (the default), complaint_follow_up, payment_reminder,
    # satisfaction_survey or win_back; set when the campaign is created (wire/calltypes.py).
    # Only a sales campaign needs offers: without offers every target is kept, unranked.
    targeting:                       # each entry is one funnel step, in this order
      - {label: "tier A1-C", label_zh: "价值等级A1-C", when: {value_tier: [A1, A2, B1, B2, C]}}
      - when: {avg_over_gb: {min: 0.05}}
    exclusions:
      contacted_within_days: 90      # any call outcome in the last N days
      contract_days_left_over: 180   # under a contract ending more than N days ahead
      holds_product: ["5G"]          # plan name or a value-added service contains it
      churned: true                  # customers who left the network (default true)
    offers:                          # matched per customer, ranked by priority (high first)
      - code: DP3G                   # an existing offer of the campaign, or a new one with
        name: ...                    # name, name_zh, price_yuan, term_months, ...
                                     # (trial_days, verify_ratio: after the sale, issue 21)
        priority: 80
        eligible_tiers: [A1, A2, B1, B2, C, D]
        when: {plan_fit: [C, D], avg_over_gb: {min: 0.6}}     # trigger conditions
        reason: "3 months over plan by {avg_over_gb:.1f} GB on average -> 30 yuan pack"
        reason_zh: "近3个月平均超出套餐{avg_over_gb:.1f}GB -> 30元4G流量包"
      - code: RET20
        retention_discount: true     # never offered to malicious churn (arrears > 0)
        ...
    max_offers: 3

Malicious churn (恶意流失, leaving to dodge arrears) is never rewarded with a retention
discount: an offer rule marked `retention_discount: true` does not match a customer with
arrears (`arrears_yuan` > 0), whatever its `when` says (`offer_matcher`).

Conditions (`when`): every key is a feature (server.planning.segmentation.features, plus
churn_risk / churn_reason from the churn model) and all must hold:
    [a, b]            the feature is one of the values
    {min: x, max: y}  x <= feature <= y (either bound may be left out); None never matches
    a scalar          equality
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml

from server.planning.segmentation import SIGNALS, TIER_ORDER
from wire.calltypes import needs_offer
from wire.schema import CampaignType

ALL_TIERS = list(TIER_ORDER)


class RulesError(ValueError):
    pass


def matches(when: Mapping[str, Any] | None, f: Mapping[str, Any]) -> bool:
    for key, cond in (when or {}).items():
        v = f.get(key)
        if isinstance(cond, list):
            if v not in cond:
                return False
        elif isinstance(cond, dict):
            if v is None:
                return False
            if "min" in cond and v < cond["min"]:
                return False
            if "max" in cond and v > cond["max"]:
                return False
        elif v != cond:
            return False
    return True


def matcher(when: Mapping[str, Any] | None) -> Callable[[Mapping[str, Any]], bool]:
    """`matches(when, f)` as a function of f, with the conditions sorted out once (the
    funnel tests every offer rule against every customer)."""
    tests: list[Callable[[Mapping[str, Any]], bool]] = []
    for key, cond in (when or {}).items():
        tests.append(_one(key, cond))
    if not tests:
        return lambda f: True
    if len(tests) == 1:
        return tests[0]
    each = tuple(tests)

    def all_hold(f: Mapping[str, Any]) -> bool:
        return all(t(f) for t in each)

    return all_hold


def _one(key: str, cond: Any) -> Callable[[Mapping[str, Any]], bool]:
    """One condition of `matches`, the same comparisons in the same order."""
    if isinstance(cond, list):
        return lambda f: f.get(key) in cond
    if isinstance(cond, dict):
        has_lo, has_hi = "min" in cond, "max" in cond
        lo, hi = cond.get("min"), cond.get("max")

        def bounds(f: Mapping[str, Any]) -> bool:
            v = f.get(key)
            if v is None:
                return False
            if has_lo and v < lo:
                return False
            return not (has_hi and v > hi)

        return bounds
    return lambda f: f.get(key) == cond


def describe(when: Mapping[str, Any] | None) -> str:
    parts = []
    for key, cond in (when or {}).items():
        if isinstance(cond, list):
            parts.append(f"{key} in {'/'.join(map(str, cond))}")
        elif isinstance(cond, dict):
            lo, hi = cond.get("min"), cond.get("max")
            parts.append(f"{lo} <= {key} <= {hi}" if lo is not None and hi is not None
                         else f"{key} >= {lo}" if lo is not None else f"{key} <= {hi}")
        else:
            parts.append(f"{key} = {cond}")
    return ", ".join(parts) or "everyone"


class _Safe(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, f: Mapping[str, Any]) -> str:
    """The template with features filled in; an unknown name stays visible as {name}."""
    try:
        return template.format_map(f)  # the fast path: every name is a feature
    except (KeyError, ValueError, IndexError, TypeError):
        pass
    try:
        return string.Formatter().vformat(template, (), _Safe(f))
    except (ValueError, IndexError, KeyError, TypeError):
        return template


def template_names(rule: Mapping[str, Any]) -> list[str] | None:
    """The features an offer rule's reason templates fill in (None when a template cannot
    be read that simply: then a reason may depend on anything)."""
    names: dict[str, None] = {}
    for template in (rule.get("reason", ""), rule.get("reason_zh", "")):
        try:
            parsed = list(string.Formatter().parse(str(template)))
        except ValueError:
            return None
        for _, field, spec, _ in parsed:
            if field is None:
                continue
            if not field or "{" in (spec or ""):  # positional, or a nested field
                return None
            names[re.split(r"[.\[]", field, maxsplit=1)[0]] = None
    return list(names)


def offer_matcher(rule: Mapping[str, Any]) -> Callable[[Mapping[str, Any]], bool]:
    """The offer rule's trigger test; a retention discount also needs no arrears."""
    when = matcher(rule.get("when"))
    if not rule.get("retention_discount"):
        return when

    def no_arrears(f: Mapping[str, Any]) -> bool:
        return not (f.get("arrears_yuan") or 0) > 0 and when(f)

    return no_arrears


def check(rules: dict[str, Any]) -> dict[str, Any]:
    camp = rules.get("campaign")
    if not isinstance(camp, dict) or not camp.get("code"):
        raise RulesError("the rule table needs campaign.code")
    for i, step in enumerate(rules.setdefault("targeting", []) or []):
        if not isinstance(step, dict) or not isinstance(step.get("when"), dict):
            raise RulesError(f"targeting[{i}] needs a `when` mapping")
        for key in ("label", "label_zh"):  # (the funnel's step; label_zh: in Chinese)
            if not isinstance(step.get(key, ""), str):
                raise RulesError(f"targeting[{i}].{key} must be text")
    kind = camp.setdefault("type", CampaignType.SALES.value)
    if kind not in set(CampaignType):
        raise RulesError(f"campaign.type {kind!r} is not one of "
                         f"{', '.join(t.value for t in CampaignType)}")
    offers = rules.setdefault("offers", []) or []
    if not offers and needs_offer(kind):  # only a sales campaign needs offers
        raise RulesError("the rule table needs at least one offer (a sales campaign; "
                         "other types may have none)")
    for o in offers:
        if not o.get("code") or not o.get("reason"):
            raise RulesError("every offer rule needs code and reason")
        bad = [t for t in o.get("eligible_tiers", []) if t not in ALL_TIERS]
        if bad:
            raise RulesError(f"offer {o['code']}: unknown tiers {bad}")
        _after_sale_terms(o)
    rules.setdefault("exclusions", {})
    rules.setdefault("max_offers", 3)
    return rules


def _after_sale_terms(o: dict[str, Any]) -> None:
    """A new offer may carry a free trial (`trial_days`, 0-366) and the share of its sales
    a verifier confirms (`verify_ratio`, 0-1; default 1: every sale). Issue 21."""
    try:
        trial = int(o.get("trial_days", 0))
        ratio = float(o.get("verify_ratio", 1.0))
    except (TypeError, ValueError) as exc:
        raise RulesError(f"offer {o['code']}: trial_days and verify_ratio are numbers") \
            from exc
    if not 0 <= trial <= 366 or not 0.0 <= ratio <= 1.0:
        raise RulesError(f"offer {o['code']}: trial_days is 0-366 and verify_ratio 0-1")


def load(path: Path) -> dict[str, Any]:
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RulesError(f"{path}: {exc}") from exc
    if not isinstance(doc, dict):
        raise RulesError(f"{path}: not a mapping")
    return check(doc)


def builtin(code: str) -> dict[str, Any]:
    import copy

    if code not in BUILTIN:
        raise RulesError(f"no built-in rule table for {code!r} (give one with --rules FILE; "
                         f"built in: {', '.join(BUILTIN)})")
    return check(copy.deepcopy(BUILTIN[code]))


def uses_churn(rules: dict[str, Any]) -> bool:
    return "churn_" in yaml.safe_dump(rules, allow_unicode=True)


def uses_signals(rules: dict[str, Any]) -> bool:
    """Whether the table names a churn signal anywhere (a condition or a template): only
    then does the funnel compute them (segmentation.SIGNALS)."""
    text = yaml.safe_dump(rules, allow_unicode=True)
    return any(k in text for k in SIGNALS)


_EXCL = {"contacted_within_days": 90, "churned": True}
BUILTIN: dict[str, dict[str, Any]] = {
    "DATAPK": {
        "campaign": {"code": "DATAPK", "name": "Data packs for over-plan users",
                     "name_zh": "流量包"},
        "targeting": [
            {"label": "value tier A1-C", "label_zh": "价值等级A1-C",
             "when": {"value_tier": ["A1", "A2", "B1", "B2", "C"]}},
            {"label": "plan fit C or D (over the plan)",
             "label_zh": "套餐匹配度C或D（超出套餐）", "when": {"plan_fit": ["C", "D"]}},
            {"label": "over plan by 50 MB a month or more", "label_zh": "每月超出套餐50MB及以上",
             "when": {"avg_over_gb": {"min": 0.05}}},
        ],
        "exclusions": {**_EXCL, "holds_product": ["5G 智享128"]},
        "offers": [
            {"code": "DP3G", "priority": 80, "when": {"avg_over_gb": {"min": 0.6}},
             "reason": "3 months over plan by {avg_over_gb:.1f} GB on average -> "
                       "30 yuan 4G data pack",
             "reason_zh": "近3个月平均超出套餐{avg_over_gb:.1f}GB -> 30元4G流量包"},
            {"code": "UP128", "priority": 65, "eligible_tiers": ["A1", "A2", "B1", "B2"],
             "when": {"avg_over_gb": {"min": 2.0}},
             "reason": "3 months over plan by {avg_over_gb:.1f} GB on average -> "
                       "5G 128 plan includes 20 GB",
             "reason_zh": "近3个月平均超出套餐{avg_over_gb:.1f}GB -> 5G 128元套餐含20GB"},
            {"code": "DP1G", "priority": 50, "when": {"min_over_mb": {"min": 10}},
             "reason": "Over plan in each of the last 3 months ({avg_over_gb:.1f} GB on "
                       "average) -> 1 GB pack for 20 yuan",
             "reason_zh": "近3个月每月都超出套餐（平均{avg_over_gb:.1f}GB）-> 20元1GB月包"},
        ],
    },
    "MIG4G": {
        "campaign": {"code": "MIG4G", "name": "4G plan migration", "name_zh": "4G套餐迁移"},
        "targeting": [
            {"label": "on a 3G plan or a 3G handset", "label_zh": "使用3G套餐或3G终端",
             "when": {"network_gen": ["2G", "3G"]}},
            {"label": "prefers phone or SMS", "label_zh": "偏好渠道为电话或短信",
             "when": {"preferred_channel": ["phone", "sms"]}},
        ],
        "exclusions": {**_EXCL, "contract_days_left_over": 90},
        "offers": [
            {"code": "4G88", "priority": 70, "when": {"arpu_yuan": {"min": 80}},
             "reason": "Spends {arpu_yuan:.0f} yuan a month -> 4G Smart 88 gives 6 GB for "
                       "about the same",
             "reason_zh": "月均消费{arpu_yuan:.0f}元 -> 4G飞享88元含6GB，花费相当"},
            {"code": "4G58", "priority": 60, "when": {"plan_gen": ["3G", ""]},
             "reason": "Still on a 3G plan ({plan_name}) -> 4G Smart 58: more data at 4G speed",
             "reason_zh": "仍在使用3G套餐（{plan_name}）-> 4G飞享58元，流量更多、网速更快"},
            {"code": "4GPHONE", "priority": 40, "when": {},
             "reason": "{tenure_months} months with us on a 3G network -> 0-down new 4G/5G "
                       "handset on a 24-month plan",
             "reason_zh": "在网{tenure_months}个月，仍在3G网络 -> 0元购4G/5G新机，合约24个月"},
        ],
    },
    "BBRENEW": {
        "campaign": {"code": "BBRENEW", "name": "Broadband renewal before contract end",
                     "name_zh": "宽带续约"},
        "targeting": [
            {"label": "has broadband", "label_zh": "已有宽带", "when": {"has_broadband": True}},
            {"label": "contract ends within 90 days", "label_zh": "合约90天内到期",
             "when": {"contract_days_left": {"min": 1, "max": 90}}},
        ],
        "exclusions": dict(_EXCL),
        "offers": [
            {"code": "BB100R", "priority": 75, "when": {},
             "reason": "Broadband contract ends in {contract_days_left} days -> renew 100M "
                       "for 12 months, 1 month free",
             "reason_zh": "宽带合约还有{contract_days_left}天到期 -> 续约100M 12个月，赠1个月"},
            {"code": "BB300", "priority": 60, "when": {"star_level": {"min": 3}},
             "reason": "Star level {star_level} household -> 300M fibre for 29 yuan more",
             "reason_zh": "{star_level}星级家庭 -> 多29元升级300M光纤"},
            {"code": "BBFAM", "priority": 55, "when": {"avg_over_gb": {"min": 0.5}},
             "reason": "Mobile data over plan by {avg_over_gb:.1f} GB -> family bundle with "
                       "shared 30 GB",
             "reason_zh": "手机流量超出{avg_over_gb:.1f}GB -> 融合套餐共享30GB"},
        ],
    },
    "RETAIN": {
        "campaign": {"code": "RETAIN", "name": "Retention of at-risk customers",
                     "name_zh": "维系挽留",
                     "description": "Customers the churn warning or the churn model marks "
                                    "at risk: call before they leave, with a retention offer."},
        "targeting": [
            {"label": "churn warning (spend drop) or model risk >= 0.5",
             "label_zh": "流失预警（消费下降）或模型风险≥0.5",
             "when": {"churn_flag": True}},
            {"label": "tenure 6 months or more", "label_zh": "在网时长6个月及以上",
             "when": {"tenure_months": {"min": 6}}},
        ],
        "exclusions": {**_EXCL, "contacted_within_days": 30},
        "offers": [
            {"code": "RET20", "name": "Loyalty discount: 20 yuan off for 12 months",
             "name_zh": "老用户回馈：每月减免20元，12个月", "price_yuan": 0.0,
             "term_months": 12, "priority": 90, "eligible_tiers": ["A1", "A2", "B1"],
             "retention_discount": True,
             "selling_points": "20 yuan off the monthly fee for 12 months, same plan",
             "selling_points_zh": "套餐不变，每月减免20元，共12个月",
             "when": {"churn_risk": {"min": 0.5}},
             "reason": "{churn_reason} -> 20 yuan off for 12 months",
             "reason_zh": "{churn_reason_zh} -> 每月减免20元，12个月"},
            {"code": "RETDATA", "name": "Free 5 GB a month for 3 months",
             "name_zh": "赠送每月5GB流量，3个月", "price_yuan": 0.0, "term_months": 3,
             "priority": 70, "selling_points": "5 GB extra data each month for 3 months, free",
             "selling_points_zh": "连续3个月每月免费多5GB流量", "when": {},
             "reason": "Monthly spend down {spend_drop_pct:.0f}% -> 5 GB free for 3 months",
             "reason_zh": "月消费下降{spend_drop_pct:.0f}% -> 连续3个月每月赠5GB"},
        ],
    },
}
