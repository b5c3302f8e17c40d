"""Big customers (大客户, issue 22): the six tiers, the per-service monthly fees and the
fee-based churn warning. Plain data and pure functions: the import (fields, chunks), the
funnel's features (segmentation) and the cause-analysis tasks (churn_tasks) read them.

Tiers (domain brief: 钻石 diamond, 翡翠 emerald, 白金 platinum, 宝石 gem, 黄金 gold, 水晶
crystal, highest first). A tier sets the response time of a cause-analysis task
(RESPONSE_HOURS; the sources name the tiers and say they set the response speed but give
no figures, so these are ours, documented in docs/planning.md) and is separate from the
A1-D value tiers. The import's `big_tier` column takes the English or the Chinese name.

Fees: the import's `m1_<service>_fee_yuan` .. `m3_<service>_fee_yuan` columns (m1 three
months ago, m3 last month, as the usage columns) for each service of FEE_SERVICES, stored
as `customers.service_fees` = {service: [m1, m2, m3]} for the services the row has (a
blank month of a service that has others is 0).

Fee churn warning (流失预警, the brief's line for big customers), only for a customer with
a big tier; the reference is the mean of the two months before the last (as the spend
rule):
    service drop = 1 - fee(m3) / ref_fee       warn when >= 20 % for any one service
    total drop   = 1 - total(m3) / ref_total   warn when >= 10 % (sum over the services)
A service without a reference fee (new) never warns; drops are rounded to 4 decimals
before the comparison (1 - 0.8 is 0.19999..., which is 20 %).
"""

from __future__ import annotations

import json
from typing import Any

BIG_TIERS = ("diamond", "emerald", "platinum", "gem", "gold", "crystal")  # highest first
BIG_TIER_ZH = {"diamond": "钻石", "emerald": "翡翠", "platinum": "白金", "gem": "宝石",
               "gold": "黄金", "crystal": "水晶"}
_TIER_OF = {**{t: t for t in BIG_TIERS}, **{zh: t for t, zh in BIG_TIER_ZH.items()}}
# Hours an account manager has for a cause analysis (and, by the sources, to respond).
RESPONSE_HOURS = {"diamond": 2, "emerald": 4, "platinum": 8, "gem": 24, "gold": 48,
                  "crystal": 72}
OWNED_RESPONSE_HOURS = 120  # an owned (SME) customer without a big tier

FEE_SERVICES = ("voice", "data", "broadband", "tv", "vas")
FEE_MONTHS = 3
FEE_FIELDS = tuple(f"m{i}_{s}_fee_yuan" for i in range(1, FEE_MONTHS + 1)
                   for s in FEE_SERVICES)
SERVICE_FEE_WARN = 0.20
TOTAL_FEE_WARN = 0.10

# The import's fields of this block (field -> (kind, required)); fields.FIELDS adds them.
FIELDS: dict[str, tuple[str, bool]] = {
    "big_tier": ("bigtier", False),
    "account_manager": ("manager", False),  # a username: ownership, not a stored column
    **{f: ("float", False) for f in FEE_FIELDS},
}
# The customers columns of this block, appended to chunks.ROW_COLS in this order.
ROW_COLS = ("big_tier", "service_fees")


def tier_of(text: str) -> str | None:
    """The tier of an import cell (English in any case, or Chinese), None if unknown."""
    return _TIER_OF.get(text.strip().lower()) or _TIER_OF.get(text.strip())


def tier_rank(tier: str) -> int:
    """diamond 6 ... crystal 1; not a big customer 0 (for rules: `big_tier_rank: {min: 4}`)."""
    return len(BIG_TIERS) - BIG_TIERS.index(tier) if tier in BIG_TIERS else 0


def fees_of(values: dict[str, Any]) -> dict[str, list[float]]:
    """{service: [m1, m2, m3]} from converted fee fields (None or absent = blank)."""
    out: dict[str, list[float]] = {}
    for s in FEE_SERVICES:
        cells = [values.get(f"m{i}_{s}_fee_yuan") for i in range(1, FEE_MONTHS + 1)]
        if any(c is not None for c in cells):
            out[s] = [round(float(c), 2) if c is not None else 0.0 for c in cells]
    return out


def fees_json(fees: dict[str, list[float]]) -> str:
    return json.dumps(fees)


def _drop(ref: float, last: float) -> float:
    return 0.0 if ref <= 0 else round(1.0 - last / ref, 4)


def fee_signals(fees: dict[str, list[float]] | None, tier: str) -> dict[str, Any]:
    """fee_drop (the largest single-service drop), fee_drop_service (which), fee_total_drop,
    fee_warning (1.0 / 0.0): the rule of the module's docstring."""
    out: dict[str, Any] = {"fee_drop": 0.0, "fee_drop_service": "", "fee_total_drop": 0.0,
                           "fee_warning": 0.0}
    if tier not in BIG_TIERS or not fees:
        return out
    worst, which = 0.0, ""
    totals = [0.0] * FEE_MONTHS
    for s in FEE_SERVICES:
        vals = fees.get(s)
        if not vals or len(vals) != FEE_MONTHS:
            continue
        for i, v in enumerate(vals):
            totals[i] += v
        ref = sum(vals[:-1]) / (FEE_MONTHS - 1)
        d = _drop(ref, vals[-1])
        if d > worst:
            worst, which = d, s
    total = _drop(sum(totals[:-1]) / (FEE_MONTHS - 1), totals[-1])
    warn = worst >= SERVICE_FEE_WARN or total >= TOTAL_FEE_WARN
    out.update(fee_drop=worst, fee_drop_service=which, fee_total_drop=total,
               fee_warning=1.0 if warn else 0.0)
    return out
