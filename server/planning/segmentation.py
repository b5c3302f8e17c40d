"""Segmentation for planning. The value score, tiers and plan fit are `server.segments`
(formulas documented there, shared with the demo); this module adds the rest:

Channel preference (phone / sms / web / store, or none = no clear preference), from
behaviour: the channel with the most contacts in the import's contacts_phone,
contacts_sms, contacts_web, contacts_store columns; a tie for the most is "none" (no clear
preference). Without those counts the imported preferred_channel stands; a customer with
no data at all is "none", not phone (domain brief: call order phone -> no clear
preference -> store; `CHANNEL_PRIORITY`).

Churn warning (流失预警, the domain brief's spend-drop rule), from the 3 usage months
(m1 oldest, m3 the last complete month); the reference is the mean of m1 and m2:
    total spend drop   = 1 - spend(m3) / ref_spend          warn when >= 10 %
    per-service drop   = 1 - usage(m3) / ref_usage           warn when >= 20 %
                         for data (MB, in + out of plan) and voice (minutes)
    months without calls = trailing months with 0 minutes and 0 MB (3 = almost surely gone)

Fee churn warning for big customers (issue 22): `bigcust.fee_signals`; a rule's
churn_warning is either warning (spend_warning: the spend rule alone, fee_warning: the fee
rule alone).

Features (`features`) are the per-customer numbers targeting rules and offer triggers
test against; docs/planning.md lists them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from server import models as m
from server import segments
from server.planning import bigcust
from server.segments import plan_fit, value_score, value_tier

__all__ = [
    "TIER_ORDER",
    "channel_preference",
    "churn_signals",
    "features",
    "plan_fit",
    "value_score",
    "value_tier",
]

CHANNELS = ("phone", "sms", "web", "store")
NO_PREFERENCE = "none"
# Call order by channel (targeting.priority adds these): phone-preferring customers first,
# then those with no clear preference, then the others (store last, with SMS and web).
CHANNEL_PRIORITY = {"phone": 10, NO_PREFERENCE: 5}
TIER_ORDER = ["A1", "A2", "B1", "B2", "C", "D"]  # best first
TOTAL_DROP_WARN = 0.10
SERVICE_DROP_WARN = 0.20

# The customer columns `features` (targeting) and the churn model's training read.
CUSTOMER_COLS = [m.Customer.id, m.Customer.phone, m.Customer.value_score, m.Customer.value_tier,
        m.Customer.plan_fit, m.Customer.arpu_yuan, m.Customer.star_level, m.Customer.vip,
        m.Customer.tenure_months, m.Customer.network_gen, m.Customer.plan_name,
        m.Customer.preferred_channel, m.Customer.usage, m.Customer.contract_end,
        m.Customer.value_added_services, m.Customer.arrears_yuan, m.Customer.complaints,
        m.Customer.lifecycle_stage, m.Customer.region, m.Customer.churned_on,
        m.Customer.big_tier, m.Customer.service_fees]  # issue 22


def channel_preference(counts: dict[str, int] | None, stated: str = NO_PREFERENCE) -> str:
    if not counts or not any(counts.values()):
        return stated if stated in CHANNELS else NO_PREFERENCE
    best = max(counts.get(c, 0) for c in CHANNELS)
    top = [c for c in CHANNELS if counts.get(c, 0) == best]
    return top[0] if len(top) == 1 else NO_PREFERENCE


def _drop(ref: float, last: float) -> float:
    return 0.0 if ref <= 0 else 1.0 - last / ref


def churn_signals(usage: list[dict[str, Any]]) -> dict[str, float]:
    """spend_drop, data_drop, voice_drop (fractions, negative = growth), months_without_calls,
    and churn_warning (1.0 / 0.0) by the spend-drop rule."""
    if len(usage) < 2:
        return {"spend_drop": 0.0, "data_drop": 0.0, "voice_drop": 0.0,
                "months_without_calls": 0.0, "churn_warning": 0.0}
    ref, last = usage[:-1], usage[-1]
    n = len(ref)
    spend = _drop(sum(u["spend_yuan"] for u in ref) / n, last["spend_yuan"])
    data = _drop(sum(u["data_mb_in_plan"] + u["data_mb_out_of_plan"] for u in ref) / n,
                 last["data_mb_in_plan"] + last["data_mb_out_of_plan"])
    voice = _drop(sum(u["minutes_in_plan"] + u["minutes_out_of_plan"] for u in ref) / n,
                  last["minutes_in_plan"] + last["minutes_out_of_plan"])
    silent = 0
    for u in reversed(usage):
        if (u["minutes_in_plan"] + u["minutes_out_of_plan"] == 0
                and u["data_mb_in_plan"] + u["data_mb_out_of_plan"] == 0):
            silent += 1
        else:
            break
    spend, data, voice = round(spend, 4), round(data, 4), round(voice, 4)  # 1 - 0.9 = 0.0999..
    warn = spend >= TOTAL_DROP_WARN or data >= SERVICE_DROP_WARN or voice >= SERVICE_DROP_WARN
    return {"spend_drop": spend, "data_drop": data, "voice_drop": voice,
            "months_without_calls": float(silent),
            "churn_warning": 1.0 if warn else 0.0}


SIGNALS = ("spend_drop", "data_drop", "voice_drop", "months_without_calls", "churn_warning",
           "spend_drop_pct",
           # issue 22: the fee rule for big customers
           "spend_warning", "fee_warning", "fee_drop", "fee_total_drop", "fee_drop_service")


def warnings(usage: list[dict[str, Any]] | None, fees: dict[str, list[float]] | None,
             big_tier: str) -> tuple[bool, bool]:
    """(spend rule, fee rule): the customer's two churn warnings."""
    spend = bool(usage) and churn_signals(usage or [])["churn_warning"] > 0
    return spend, bigcust.fee_signals(fees, big_tier)["fee_warning"] > 0


def features(c: dict[str, Any], today: date, *, signals: bool = True) -> dict[str, Any]:
    """Everything a rule may test, for one customer row (a dict of customer columns).
    signals=False leaves out the churn signals (SIGNALS), for a rule table that names
    none of them: they are a third of the cost."""
    usage = c["usage"] or []
    over = segments.avg_over_gb(usage) if usage else 0.0
    outs = [u["data_mb_out_of_plan"] for u in usage]
    min_over_mb = min(outs, default=0.0)
    end = c.get("contract_end")
    plan = c.get("plan_name") or ""
    out: dict[str, Any] = {
        "value_score": c["value_score"], "value_tier": c["value_tier"],
        "plan_fit": c["plan_fit"], "arpu_yuan": c["arpu_yuan"],
        "star_level": c["star_level"], "vip": bool(c["vip"]),
        "tenure_months": c["tenure_months"], "network_gen": c["network_gen"],
        "plan_gen": plan[:2] if plan[:2] in ("3G", "4G", "5G") else "",
        "plan_name": plan, "preferred_channel": c["preferred_channel"],
        "avg_over_gb": round(over, 3), "min_over_mb": min_over_mb,
        "contract_days_left": (end - today).days if end else None,
        "has_broadband": any("broadband" in v.lower() or "宽带" in v
                             for v in c["value_added_services"] or []),
        "arrears_yuan": c["arrears_yuan"], "complaints": c["complaints"],
        "lifecycle_stage": c["lifecycle_stage"], "region": c["region"],
        "churned": c.get("churned_on") is not None,
        # issue 22: the big-customer tier (diamond 6 ... crystal 1, none 0)
        "big_tier": c.get("big_tier") or "",
        "big_tier_rank": bigcust.tier_rank(c.get("big_tier") or ""),
    }
    if signals:
        out.update(churn_signals(usage))
        fee = bigcust.fee_signals(c.get("service_fees"), out["big_tier"])
        out.update(fee, spend_warning=out["churn_warning"],
                   churn_warning=max(out["churn_warning"], fee["fee_warning"]))
    out["max_over_mb"] = max(outs, default=0.0)
    if signals:
        out["spend_drop_pct"] = round(out["spend_drop"] * 100, 1)
    return out
