"""Synthetic customer files in the default import layout (bench, tests, sample data).

About 12 % of the customers are declining: spend, data and minutes fall in the last month,
some to nothing. Most of the strongly declining ones have left (churned_on set), a few
stable ones left anyway and some declining ones stayed: the label is noisy on purpose, so
the churn model's precision and recall are not trivially 1.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from server.planning import bigcust
from server.planning.fields import NOTICE_FIELDS, PROFILE_FIELDS
from server.planning.importing import FIELDS

PLANS = [("3G 畅聊46元套餐", 150, 300, 46.0, "3G"), ("4G 飞享38元套餐", 100, 1024, 38.0, "4G"),
         ("4G 飞享58元套餐", 200, 2048, 58.0, "4G"), ("4G 飞享88元套餐", 500, 6144, 88.0, "4G"),
         ("5G 智享128元套餐", 800, 20480, 128.0, "5G")]
PREFIXES = ["134", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158",
            "159", "182", "183", "187", "188", "130", "131", "132", "155", "156", "185",
            "186", "133", "153", "180", "181", "189", "177", "199"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"
VAS = ["来电显示", "彩铃", "云盘", "视频会员", "宽带 Broadband 100M"]
REGIONS = ["广东省 广州市", "江苏省 南京市", "浙江省 杭州市", "山东省 济南市", "四川省 成都市",
           "河南省 郑州市", "湖北省 武汉市", "北京市 朝阳区", "上海市 浦东新区"]


def header() -> list[str]:
    # Issue 22's profile fields are left out (the bench's file stays the one it
    # measured), and the account manager: a billing export names no owner.
    return [f for f in FIELDS if f not in PROFILE_FIELDS and f not in NOTICE_FIELDS
            and f != "account_manager"]


def rows(n: int, seed: int = 7, start: int = 0) -> list[list[str]]:
    rng = random.Random(seed)
    big_rng = random.Random(seed * 7919 + 22)  # issue 22's columns: the rest stays as it was
    out = []
    cols = header()
    for i in range(start, start + n):
        plan, p_min, p_mb, fee, gen = rng.choices(PLANS, weights=[3, 3, 4, 3, 2])[0]
        factor = rng.lognormvariate(-0.05, 0.45)
        decline = rng.random() < 0.12
        months = []
        for k in range(3):
            f = factor * rng.uniform(0.85, 1.15)
            if decline and k == 2:
                f *= rng.choice([0.0, 0.0, 0.2, 0.5, 0.7])
            if decline and k == 1 and rng.random() < 0.4:
                f *= 0.6
            data = p_mb * f
            mins = int(p_min * f * rng.uniform(0.6, 1.2))
            spend = 0.0 if f == 0 else fee + max(0.0, data - p_mb) * 0.05 + \
                max(0, mins - p_min) * 0.15
            months.append((round(data, 1), mins, round(spend, 2)))
        drop = 1 - months[2][2] / max((months[0][2] + months[1][2]) / 2, 1)
        p_churn = 0.85 if drop > 0.9 else 0.45 if drop > 0.4 else 0.15 if drop > 0.2 else 0.02
        churned = rng.random() < p_churn
        v = {
            "external_id": f"S{i:08d}", "name": rng.choice(SURNAMES) + rng.choice(GIVEN)
            + rng.choice(GIVEN), "phone": rng.choice(PREFIXES) + f"{rng.randrange(10**8):08d}",
            "region": rng.choice(REGIONS), "timezone": "Asia/Shanghai",
            "star_level": str(rng.choices(range(6), weights=[10, 20, 25, 22, 15, 8])[0]),
            "vip": "0", "tenure_months": str(rng.randint(1, 240)), "arpu_yuan": "",
            "plan_name": plan, "plan_minutes": str(p_min), "plan_data_mb": str(p_mb),
            "contract_end": (f"2027-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                             if rng.random() < 0.4 else ""),
            "handset": "", "network_gen": gen,
            "value_added_services": "|".join(rng.sample(VAS, rng.randint(0, 3))),
            "arrears_yuan": str(round(rng.uniform(10, 200), 2)) if rng.random() < 0.05 else "0",
            "credit_class": "A", "preferred_channel": rng.choices(
                ["phone", "sms", "web", "store"], [55, 25, 12, 8])[0],
            "complaints": str(rng.choices([0, 1, 2, 3], weights=[85, 10, 4, 1])[0]),
            "consent_basis": "Existing customer relationship",
            "churned_on": "2026-11-01" if churned else "",
            "contacts_phone": "", "contacts_sms": "", "contacts_web": "", "contacts_store": "",
        }
        for k, (data, mins, spend) in enumerate(months, start=1):
            v[f"m{k}_data_mb"], v[f"m{k}_minutes"], v[f"m{k}_spend_yuan"] = \
                str(data), str(mins), str(spend)
        _big_customer(v, big_rng)
        out.append([v[c] for c in cols])
    return out


def _big_customer(v: dict[str, str], rng: random.Random) -> None:
    """Issue 22's columns: 1 % big customers (a tier, voice and data fees; a fifth of
    them with a falling voice fee)."""
    big = rng.random() < 0.01
    v["big_tier"] = rng.choice(bigcust.BIG_TIERS) if big else ""
    voice, data = round(rng.uniform(500, 5000), 2), round(rng.uniform(300, 3000), 2)
    last = round(voice * rng.uniform(0.5, 0.95), 2) if rng.random() < 0.2 else voice
    for s in bigcust.FEE_SERVICES:
        for k in range(1, bigcust.FEE_MONTHS + 1):
            fee = ""
            if big and s in ("voice", "data"):
                fee = str(data if s == "data" else last if k == bigcust.FEE_MONTHS else voice)
            v[f"m{k}_{s}_fee_yuan"] = fee


def write_csv(path: Path, n: int, seed: int = 7, chunk: int = 50_000) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header())
        for start in range(0, n, chunk):
            w.writerows(rows(min(chunk, n - start), seed=seed + start, start=start))
    return path
