"""A desktop's local database filled without a server: synthetic reference data, customers,
queue items and history applied through the real `repo.apply_pull`.

For the agent-workspace tests and `bench/agent_bench.py` (1,000 items, 20,000 history rows).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import Engine

from app.store import repo
from wire.schema import (
    CampaignOut,
    CustomerOut,
    Disposition,
    HistoryEntry,
    OfferOut,
    PullResponse,
    QueueItemOut,
    QueueStatus,
    Recommendation,
    ScriptOut,
    ScriptStep,
    UsageMonth,
    ValueTier,
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明"]


def campaign(i: int) -> CampaignOut:
    return CampaignOut(
        id=f"camp-{i}", code=f"C{i:02d}", name=f"Data packs for over-plan users {i}",
        name_zh=f"超套餐用户流量包 {i}", window_start=time(9, 0), window_end=time(21, 0),
        max_attempts=5, retry_spacing_minutes=60, max_calls_24h=3, max_calls_30d=30,
        allowed_dispositions=list(Disposition),
    )


def offer(i: int, camp: str) -> OfferOut:
    return OfferOut(id=f"offer-{camp}-{i}", code=f"DP{i}", campaign_id=camp,
                    name=f"{10 * (i + 1)} GB data pack", name_zh=f"{10 * (i + 1)}GB 流量包",
                    price_yuan=10.0 * (i + 1), term_months=12, priority=10 - i)


def script(camp: str) -> ScriptOut:
    steps = [
        ScriptStep(id="open", kind="say", title="Opening", title_zh="开场白",
                   text="Hello {customer_name}, this is {agent_name} from {company}.",
                   text_zh="{customer_name}您好，我是{company}的{agent_name}。", next="id"),
        ScriptStep(id="id", kind="disclosure", title="Identity and recording",
                   title_zh="身份与录音告知", text="This call is recorded.",
                   text_zh="本次通话将被录音。", mandatory=True, next="pitch"),
        ScriptStep(id="pitch", kind="pitch", title="Pitch", title_zh="推介",
                   text="{offer_name} for {offer_price} yuan a month.",
                   text_zh="{offer_name}，每月{offer_price}元。", next="terms"),
        ScriptStep(id="terms", kind="disclosure", title="Price, term, cancellation",
                   title_zh="价格、期限与退订", text="{offer_term} months, cancel any time.",
                   text_zh="合约{offer_term}个月，可随时退订。", mandatory=True, next="close"),
        ScriptStep(id="close", kind="close", title="Closing", title_zh="结束语",
                   text="Thank you.", text_zh="感谢您的接听。"),
    ]
    return ScriptOut(id=f"script-{camp}", campaign_id=camp, version=1, title="Data packs",
                     steps=steps)


def customer(n: int, rng: random.Random) -> CustomerOut:
    name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if n % 2 else "")
    return CustomerOut(
        id=f"cust-{n}", external_id=f"X{n:06d}", name=name, phone=f"+86139{n:08d}",
        region="江苏省 南京市", timezone="Asia/Shanghai", star_level=n % 6, vip=n % 17 == 0,
        tenure_months=12 + n % 100, arpu_yuan=50 + n % 150, plan_name="4G 畅享 99",
        plan_minutes=500, plan_data_mb=20480,
        usage=[UsageMonth(month=f"2026-{m:02d}", data_mb_in_plan=20000,
                          data_mb_out_of_plan=1200 + n % 500, minutes_in_plan=300,
                          minutes_out_of_plan=0, spend_yuan=120.0) for m in (8, 9, 10)],
        value_score=40 + n % 60, value_tier=list(ValueTier)[n % 6], plan_fit="D",
    )


def build(engine: Engine, *, items: int, history: int, campaigns: int = 3,
          now: datetime | None = None, seed: int = 1) -> PullResponse:
    """Fill `engine`'s local store; `history` rows spread over the items. Returns the page."""
    rng = random.Random(seed)
    now = now or datetime.now(UTC)
    camps = [campaign(i) for i in range(campaigns)]
    offers = [offer(i, c.id) for c in camps for i in range(3)]
    per_item, extra = divmod(history, max(items, 1))
    outcomes = [Disposition.NO_ANSWER, Disposition.BUSY, Disposition.NOT_INTERESTED,
                Disposition.CONSIDERING]
    queue: list[QueueItemOut] = []
    for n in range(items):
        camp = camps[n % campaigns]
        hist = [
            HistoryEntry(id=f"h-{n}-{k}", at=now - timedelta(days=40 + k), agent_name="坐席 01",
                         campaign_code=camp.code, disposition=rng.choice(outcomes),
                         notes="Asked to call later")
            for k in range(per_item + (1 if n < extra else 0))
        ]
        queue.append(QueueItemOut(
            id=f"qi-{n}", campaign_id=camp.id, agent_id="agent-1", status=QueueStatus.OPEN,
            priority=rng.randint(1, 100), attempts=0, customer=customer(n, rng), history=hist,
            recommendations=[Recommendation(
                offer_id=f"offer-{camp.id}-{r}", rank=r + 1,
                reason=f"3 months over plan by {1.0 + r / 10:.1f} GB on average",
                reason_zh=f"近3个月平均超出套餐 {1.0 + r / 10:.1f} GB") for r in range(3)],
        ))
    page = PullResponse(cursor=1, has_more=False, server_time=now, campaigns=camps,
                        offers=offers, scripts=[script(c.id) for c in camps], queue_items=queue)
    with engine.begin() as conn:
        repo.apply_pull(conn, page, now=now, clock_offset=0.0)  # a synced desktop
    return page
