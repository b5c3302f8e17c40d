"""Segmentation and recommendation rules used to build call lists (documented formulas).

Plan fit (data packages), from the last 3 months:
    ratio = mean(data_mb_in_plan + data_mb_out_of_plan) / plan_data_mb
    A: ratio < 0.5        far under the plan  -> a cheaper plan would do
    B: 0.5 <= ratio <= 1  slightly under      -> the plan fits
    C: 1 < ratio <= 1.3   slightly over       -> fits, an add-on pack may help
    D: ratio > 1.3        far over            -> suggest an upgrade

Value score (0-100) = current value (60) + potential value (40):
    ARPU         min(arpu / 200, 1) * 40
    star level   star / 5 * 20
    tenure       min(tenure_months / 120, 1) * 15
    network      5G 10, 4G 6, 3G 2
    VAS share    min(len(vas) / 4, 1) * 10
    credit       - min(arrears / 10, 10)   (arrears weigh against)
    complaints   - 3 per complaint (at most -9)
Tiers: A1 >= 80, A2 >= 65, B1 >= 50, B2 >= 38, C >= 25, D below.
"""

from __future__ import annotations

from datetime import date
from typing import Any

TIER_FLOORS = [(80, "A1"), (65, "A2"), (50, "B1"), (38, "B2"), (25, "C")]


def plan_fit(usage: list[dict[str, Any]], plan_data_mb: int) -> str:
    if not usage or plan_data_mb <= 0:
        return ""
    return fit_of_mean_use(
        sum(u["data_mb_in_plan"] + u["data_mb_out_of_plan"] for u in usage) / len(usage),
        plan_data_mb)


def fit_of_mean_use(used: float, plan_data_mb: int) -> str:
    """plan_fit from the months' mean use in MB (in + out of plan); plan_data_mb > 0."""
    ratio = used / plan_data_mb
    if ratio < 0.5:
        return "A"
    if ratio <= 1.0:
        return "B"
    if ratio <= 1.3:
        return "C"
    return "D"


def value_score(*, arpu: float, star: int, tenure: int, network_gen: str, vas: int,
                arrears: float, complaints: int) -> int:
    score = (
        min(arpu / 200, 1) * 40
        + star / 5 * 20
        + min(tenure / 120, 1) * 15
        + {"5G": 10, "4G": 6}.get(network_gen, 2)
        + min(vas / 4, 1) * 10
        - min(arrears / 10, 10)
        - min(complaints * 3, 9)
    )
    return max(0, min(100, round(score)))


def value_tier(score: int) -> str:
    for floor, tier in TIER_FLOORS:
        if score >= floor:
            return tier
    return "D"


def lifecycle_stage(tenure: int, usage: list[dict[str, Any]]) -> str:
    return stage_of_spend(tenure, usage[0]["spend_yuan"], usage[-1]["spend_yuan"])


def stage_of_spend(tenure: int, first: float, last: float) -> str:
    """lifecycle_stage from the first and last month's spend."""
    if tenure < 6:
        return "acquisition"
    if first > 0 and last < first * 0.9:
        return "decline"  # total monthly spend fell 10 %: the churn-warning rule
    return "growth" if tenure < 24 else "maturity"


def avg_over_gb(usage: list[dict[str, Any]]) -> float:
    out_of_plan_mb = sum(float(u["data_mb_out_of_plan"]) for u in usage)
    return out_of_plan_mb / max(len(usage), 1) / 1024


def recommend(campaign: str, c: dict[str, Any], offers: dict[str, dict[str, Any]],
              today: date) -> list[dict[str, Any]]:
    """Ranked offers with the reason in plain words (EN + ZH). `offers` by code."""
    picks: list[tuple[str, str, str]] = []  # (offer code, reason, reason_zh)
    over = avg_over_gb(c["usage"])
    if campaign == "DATAPK":
        if over > 2.0:
            picks.append(("UP128", f"3 months over plan by {over:.1f} GB on average -> "
                          "5G 128 plan includes 20 GB",
                          f"近3个月平均超出套餐{over:.1f}GB -> 5G 128元套餐含20GB"))
        if over > 0.6:
            picks.append(("DP3G", f"3 months over plan by {over:.1f} GB on average -> "
                          "30 yuan 4G data pack",
                          f"近3个月平均超出套餐{over:.1f}GB -> 30元4G流量包"))
        picks.append(("DP1G", f"Over plan by {over:.1f} GB a month on average -> "
                      "1 GB pack for 20 yuan", f"月均超出套餐{over:.1f}GB -> 20元1GB月包"))
    elif campaign == "MIG4G":
        if c["plan_name"].startswith("3G"):
            picks.append(("4G58", f"Still on a 3G plan ({c['plan_name']}) -> 4G Smart 58: "
                          "more data at 4G speed", f"仍在使用3G套餐（{c['plan_name']}）-> "
                          "4G飞享58元，流量更多、网速更快"))
        if c["network_gen"] == "3G" and not c["plan_name"].startswith("3G"):
            picks.append(("4GPHONE", f"Pays for a 4G plan but the handset {c['handset']} is "
                          "3G-only -> 0-down 4G/5G handset", f"已是4G套餐，但手机{c['handset']}"
                          "只支持3G -> 0元购4G/5G新机"))
        if c["arpu_yuan"] >= 80:
            picks.append(("4G88", f"Spends {c['arpu_yuan']:.0f} yuan a month -> 4G Smart 88 "
                          "gives 6 GB for about the same", f"月均消费{c['arpu_yuan']:.0f}元 -> "
                          "4G飞享88元含6GB，花费相当"))
        if not any(p[0] == "4GPHONE" for p in picks):
            picks.append(("4GPHONE", f"{c['tenure_months']} months with us, handset "
                          f"{c['handset']} -> 0-down new 4G/5G handset on a 24-month plan",
                          f"在网{c['tenure_months']}个月，手机{c['handset']} -> "
                          "0元购4G/5G新机，合约24个月"))
    else:
        end = c["contract_end"]
        days = (end - today).days if end else 0
        picks.append(("BB100R", f"Broadband contract ends on {end} (in {days} days) -> "
                      "renew 100M for 12 months, 1 month free",
                      f"宽带合约{end}到期（还有{days}天）-> 续约100M 12个月，赠1个月"))
        if c["star_level"] >= 3:
            picks.append(("BB300", f"Star level {c['star_level']} household -> 300M fibre for "
                          "29 yuan more", f"{c['star_level']}星级家庭 -> 多29元升级300M光纤"))
        if over > 0.5:
            picks.append(("BBFAM", f"Mobile data over plan by {over:.1f} GB -> family bundle "
                          "with shared 30 GB", f"手机流量超出{over:.1f}GB -> 融合套餐共享30GB"))
    eligible = [p for p in picks if c["value_tier"] in offers[p[0]]["eligible_tiers"]]
    chosen = eligible or picks[:1]
    return [
        {"offer_id": offers[code]["id"], "rank": i + 1, "reason": r, "reason_zh": rz}
        for i, (code, r, rz) in enumerate(chosen)
    ]
