"""Realistic demo data: campaigns, offers, scripts, customers, teams, queues, history.

Deterministic for a given seed except the passwords, which are always random.
Everything goes through bulk inserts: 2,000 customers take a few seconds.
"""

from __future__ import annotations

import json
import os
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import phonenumbers
from faker import Faker
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from server import changes, demo_content, segments
from server import models as m
from server.aftersale import demo as aftersale_demo
from server.db import downgrade_all, make_engine, upgrade, utcnow
from server.demo_people import make_people
from server.lead import stats
from server.models import new_id
from server.orm import session_factory
from server.planning.importing import build_customer
from server.quality import demo as quality_demo
from wire.schema import Disposition, QueueStatus

COMPANY_TZ = ZoneInfo("Asia/Shanghai")
PROVINCES = [  # (province, cities, timezone, weight)
    ("广东省", ["广州市", "深圳市", "佛山市", "东莞市"], "Asia/Shanghai", 14),
    ("江苏省", ["南京市", "苏州市", "无锡市"], "Asia/Shanghai", 10),
    ("浙江省", ["杭州市", "宁波市", "温州市"], "Asia/Shanghai", 9),
    ("山东省", ["济南市", "青岛市", "烟台市"], "Asia/Shanghai", 9),
    ("四川省", ["成都市", "绵阳市"], "Asia/Shanghai", 8),
    ("河南省", ["郑州市", "洛阳市"], "Asia/Shanghai", 8),
    ("湖北省", ["武汉市", "宜昌市"], "Asia/Shanghai", 6),
    ("北京市", ["朝阳区", "海淀区"], "Asia/Shanghai", 6),
    ("上海市", ["浦东新区", "徐汇区"], "Asia/Shanghai", 6),
    ("新疆维吾尔自治区", ["乌鲁木齐市", "喀什市"], "Asia/Urumqi", 2),
]
MOBILE_PREFIXES = ["134", "135", "136", "137", "138", "139", "150", "151", "152", "157",
                   "158", "159", "182", "183", "187", "188", "130", "131", "132", "155",
                   "156", "185", "186", "133", "153", "180", "181", "189", "177", "199"]
PLANS = [  # (name, minutes, data MB, monthly fee, generation)
    ("3G 畅聊46元套餐", 150, 300, 46.0, "3G"),
    ("4G 飞享38元套餐", 100, 1024, 38.0, "4G"),
    ("4G 飞享58元套餐", 200, 2048, 58.0, "4G"),
    ("4G 飞享88元套餐", 500, 6144, 88.0, "4G"),
    ("5G 智享128元套餐", 800, 20480, 128.0, "5G"),
]
HANDSETS = [("Huawei Mate 40", "5G"), ("iPhone 13", "5G"), ("Xiaomi Redmi Note 9", "4G"),
            ("OPPO A5", "4G"), ("vivo Y3", "4G"), ("Huawei Enjoy 7", "4G"),
            ("Samsung Galaxy S4", "3G"), ("Nokia 2720 Flip", "3G")]
VAS = ["来电显示 Caller ID", "彩铃 Ring-back tone", "手机报 Mobile news", "云盘 Cloud storage",
       "视频会员 Video membership"]
BROADBAND = "宽带 Broadband 100M"
CONSENT = ["Existing customer; marketing consent given at contract signing",
           "Existing customer relationship; has not opted out of marketing calls",
           "Opted in to offers via the app"]
NOTES_NO_ANSWER = ["", "rang out", "无人接听", "voicemail full"]


class DemoExists(RuntimeError):
    pass


def _phone(rng: random.Random, used: set[str]) -> str:
    while True:
        raw = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        num = phonenumbers.parse(raw, "CN")
        e164 = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
        if phonenumbers.is_valid_number(num) and e164 not in used:
            used.add(e164)
            return e164


def _months(today: date) -> list[str]:
    out, y, mth = [], today.year, today.month
    for _ in range(3):
        mth -= 1
        if mth == 0:
            y, mth = y - 1, 12
        out.append(f"{y:04d}-{mth:02d}")
    return list(reversed(out))


def make_customer(rng: random.Random, fake: Faker, i: int, used: set[str],
                  today: date) -> dict[str, Any]:
    prov, cities, tz, _ = rng.choices(PROVINCES, weights=[p[3] for p in PROVINCES])[0]
    plan, p_min, p_data, fee, gen = rng.choices(PLANS, weights=[3, 3, 4, 3, 2])[0]
    handset, hs_gen = rng.choice(HANDSETS)
    data_factor = rng.lognormvariate(-0.05, 0.45)
    months = _months(today)
    fields: dict[str, Any] = {}
    for k in range(1, len(months) + 1):
        data = max(0.0, p_data * data_factor * rng.uniform(0.8, 1.2))
        minutes = int(p_min * rng.lognormvariate(-0.2, 0.4))
        out_data, out_min = max(0.0, data - p_data), max(0, minutes - p_min)
        spend = fee + min(out_data * 0.1, 60) + out_min * 0.15
        fields.update({f"m{k}_data_mb": data, f"m{k}_minutes": minutes,
                       f"m{k}_spend_yuan": spend})
    star = rng.choices(range(6), weights=[10, 20, 25, 22, 15, 8])[0]
    tenure = rng.randint(1, 240)
    vas = rng.sample(VAS, rng.randint(0, 3))
    if rng.random() < 0.35:
        vas.append(BROADBAND)
    arrears = round(rng.uniform(10, 200), 2) if rng.random() < 0.06 else 0.0
    complaints = rng.choices([0, 1, 2, 3], weights=[85, 10, 4, 1])[0]
    contract_end = today + timedelta(days=rng.randint(-60, 400)) if rng.random() < 0.7 else None
    if BROADBAND in vas and rng.random() < 0.6:
        contract_end = today + timedelta(days=rng.randint(10, 85))
    phone = _phone(rng, used)
    fields.update({
        "external_id": f"C{10000000 + i}", "name": fake.name(), "phone": phone,
        "region": f"{prov} {rng.choice(cities)}", "timezone": tz, "star_level": star,
        "vip": star >= 4 and rng.random() < 0.6, "tenure_months": tenure,
        "plan_name": plan, "plan_minutes": p_min, "plan_data_mb": p_data,
        "contract_end": contract_end, "handset": handset,
        "network_gen": min(gen, hs_gen),  # what is really used: the lower of plan and handset
        "value_added_services": vas, "arrears_yuan": arrears,
        "credit_class": "C" if arrears else rng.choice(["A", "A", "B"]),
        "preferred_channel": rng.choices(["phone", "sms", "web", "store"], [55, 25, 12, 8])[0],
        "complaints": complaints, "consent_basis": rng.choice(CONSENT),
    })
    # Scored, split and staged by the import's own code: a demo customer is exactly what
    # importing these fields would store (the network generation scored is the stored one).
    return {"id": new_id(), **build_customer(fields, months, today)}


def target_campaign(c: dict[str, Any], today: date) -> str:
    end = c["contract_end"]
    if BROADBAND in c["value_added_services"] and end and 0 < (end - today).days <= 90:
        return "BBRENEW"
    if c["plan_fit"] in ("C", "D") and segments.avg_over_gb(c["usage"]) > 0.05:
        return "DATAPK"
    return "MIG4G"


def _at_local(day: date, hour: int, minute: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=COMPANY_TZ).astimezone(UTC)


def seed(database_url: str, *, customers: int = 2000, seed: int = 7,
         reset: bool = False) -> dict[str, Any]:
    """Create the demo; returns {"server": None, "accounts": [...]} with the passwords."""
    if reset:
        downgrade_all(database_url)
    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        with session_factory(engine)() as session:
            if session.scalar(select(func.count()).select_from(m.User)):
                raise DemoExists("The database already holds data; use --reset to recreate it.")
            accounts = _fill(session, customers, seed)
            session.commit()
    finally:
        engine.dispose()
    return {"server": None, "accounts": accounts}


def _fill(session: Session, n_customers: int, seed_: int) -> list[dict[str, Any]]:
    rng = random.Random(seed_)
    fake = Faker("zh_CN")
    fake.seed_instance(seed_)
    now = utcnow()
    today = now.astimezone(COMPANY_TZ).date()

    camps = {c["code"]: {**c, "id": new_id()} for c in demo_content.CAMPAIGNS}
    session.execute(insert(m.Campaign), list(camps.values()))
    offers: dict[str, dict[str, Any]] = {}
    for code, lst in demo_content.OFFERS.items():
        for o in lst:
            offers[o["code"]] = {**o, "id": new_id(), "campaign_id": camps[code]["id"]}
    session.execute(insert(m.Offer), list(offers.values()))
    scripts: dict[str, dict[str, Any]] = {}  # campaign code -> latest script
    script_rows = []
    for code, camp in camps.items():
        for version in (1, 2) if code == "DATAPK" else (1,):
            row = {"id": new_id(), "campaign_id": camp["id"], "version": version,
                   "title": f"{camp['name']} / {camp['name_zh']} v{version}",
                   "steps": demo_content.script_steps(code, version),
                   "created_at": now - timedelta(days=30 - 10 * version)}
            script_rows.append(row)
            scripts[code] = row
    session.execute(insert(m.Script), script_rows)

    accounts, agents = make_people(session, fake, now)

    used: set[str] = set()
    custs = [make_customer(rng, fake, i, used, today) for i in range(n_customers)]
    session.execute(insert(m.Customer), custs)

    pool = list(custs)
    rng.shuffle(pool)
    n_dnc = max(3, n_customers // 200)
    dnc_custs, pool = pool[:n_dnc], pool[n_dnc:]
    session.execute(insert(m.DncEntry), [
        {"id": new_id(), "phone": c["phone"], "phone_hash": c["phone_hash"],
         "customer_id": c["id"], "reason": "National do-not-call registry (营销黑名单)",
         "source": "registry", "created_by": None,
         "created_at": now - timedelta(days=rng.randint(30, 300))} for c in dnc_custs])

    per_agent = [min(rng.randint(60, 120), len(pool) // len(agents)) for _ in agents]
    items, assigns, outcomes = [], [], []
    pos = 0
    for agent, count in zip(agents, per_agent, strict=True):
        for k in range(count):
            c = pool[pos]
            pos += 1
            camp_code = target_campaign(c, today)
            camp = camps[camp_code]
            recs = segments.recommend(camp_code, c, offers, today)
            prio = 40 + 5 * ["D", "C", "B2", "B1", "A2", "A1"].index(c["value_tier"]) \
                + (10 if c["preferred_channel"] == "phone" else 0) + rng.randint(0, 10)
            item = {"id": new_id(), "campaign_id": camp["id"], "customer_id": c["id"],
                    "agent_id": agent["id"], "status": QueueStatus.OPEN.value,
                    "priority": prio, "attempts": 0, "next_call_at": None,
                    "callback_at": None, "recommendations": recs,
                    "created_at": now - timedelta(days=21), "updated_at": now}
            history: list[tuple[datetime, Disposition]] = []
            if k < 3:  # a few call-backs due today
                history.append((now - timedelta(days=1, hours=rng.randint(0, 5)),
                                Disposition.CALLBACK))
                item["callback_at"] = _at_local(today, rng.randint(13, 19), rng.choice([0, 30]))
                item["status"] = QueueStatus.CALLBACK.value
            elif rng.random() < 0.25:  # earlier attempts on previous days
                for _ in range(rng.randint(1, 2)):
                    ago = timedelta(days=rng.randint(2, 20), hours=rng.randint(0, 8))
                    history.append((now - ago, rng.choice([
                        Disposition.NO_ANSWER, Disposition.BUSY, Disposition.CONSIDERING])))
            history.sort()
            for at, disp in history:
                outcomes.append(_outcome(rng, item, agent, scripts[camp_code], at, disp))
            if history:
                item["attempts"] = len(history)
                if item["status"] == QueueStatus.OPEN.value:
                    item["next_call_at"] = history[-1][0] + timedelta(minutes=120)
            items.append(item)
            assigns.append({"queue_item_id": item["id"], "agent_id": agent["id"],
                            "assigned_at": item["created_at"], "assigned_by": None})
    # Customers worked in earlier campaigns and closed (history for QA and the team lead).
    for c in pool[pos : pos + max(5, n_customers // 20)]:
        agent = rng.choice(agents)
        camp_code = target_campaign(c, today)
        at = now - timedelta(days=rng.randint(25, 60))
        disp = rng.choice([Disposition.ACCEPTED, Disposition.NOT_INTERESTED,
                           Disposition.NOT_INTERESTED, Disposition.HUNG_UP])
        item = {"id": new_id(), "campaign_id": camps[camp_code]["id"], "customer_id": c["id"],
                "agent_id": agent["id"], "status": QueueStatus.CLOSED.value, "priority": 0,
                "attempts": 1, "next_call_at": None, "callback_at": None,
                "recommendations": [], "created_at": at, "updated_at": at}
        items.append(item)
        assigns.append({"queue_item_id": item["id"], "agent_id": agent["id"],
                        "assigned_at": at, "assigned_by": None})
        offer = next(o for o in offers.values() if o["campaign_id"] == item["campaign_id"])
        outcomes.append(_outcome(rng, item, agent, scripts[camp_code], at, disp, offer["id"]))
    session.execute(insert(m.QueueItem), items)
    session.execute(insert(m.QueueAssignment), assigns)
    session.execute(insert(m.CallOutcome), outcomes)
    quality_demo.seed(session, now, seed_)  # rubric, yesterday's calls, samples for qa1
    aftersale_demo.seed(session, now, rng)  # the sales' orders, the verifier's list
    stats.rebuild(session)  # the outcomes above bypassed the push path's roll-up

    for camp in camps.values():
        changes.emit(session, "campaign", camp["id"])
    for o in offers.values():
        changes.emit(session, "offer", o["id"])
    for s in script_rows:
        changes.emit(session, "script", s["id"])
    for dnc_id in session.scalars(select(m.DncEntry.id)):
        changes.emit(session, "dnc", dnc_id)
    for item in items:
        if item["status"] != QueueStatus.CLOSED.value:
            changes.emit(session, "queue_item", item["id"], item["agent_id"])
    session.add(m.AuditLog(at=now, actor_id=None, action="demo.seed", entity="database",
                           entity_id=None, detail={"customers": n_customers, "seed": seed_}))
    return accounts


def _outcome(rng: random.Random, item: dict[str, Any], agent: dict[str, Any],
             script: dict[str, Any], at: datetime, disp: Disposition,
             offer_id: str | None = None) -> dict[str, Any]:
    reached = disp.reached
    notes = {Disposition.CALLBACK: "Asked to be called back tomorrow afternoon / 明天下午再联系",
             Disposition.CONSIDERING: "Will think about it / 考虑一下",
             Disposition.NOT_INTERESTED: "Not interested for now / 暂不需要",
             Disposition.ACCEPTED: "Accepted after disclosures / 已告知并同意办理",
             }.get(disp, rng.choice(NOTES_NO_ANSWER))
    return {
        "id": new_id(), "queue_item_id": item["id"], "customer_id": item["customer_id"],
        "agent_id": agent["id"], "campaign_id": item["campaign_id"], "disposition": disp.value,
        "objection": "price" if disp is Disposition.NOT_INTERESTED else None, "notes": notes,
        "offer_id": offer_id if disp is Disposition.ACCEPTED else None,
        "script_id": script["id"], "script_version": script["version"],
        "steps_taken": ["open", "identity", "needs"] if reached else [],
        "disclosures_ticked": (["disclose_price", "disclose_term", "disclose_cancel"]
                               if disp is Disposition.ACCEPTED else []),
        "call_started_at": at, "talk_seconds": rng.randint(40, 400) if reached else 0,
        "wrap_seconds": rng.randint(5, 60), "callback_at": None, "created_at": at,
        "received_at": at + timedelta(seconds=rng.randint(1, 300)),
    }


def write_credentials(path: Path, creds: dict[str, Any]) -> None:
    """JSON with mode 0600 from the start (never world-readable, not even briefly)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(creds, fh, ensure_ascii=False, indent=2)
    os.chmod(path, 0o600)
