"""A hand-made customer detail for panel tests that need no server."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from app.domain import DialVerdict, RankedOffer, RenderedStep
from app.views import CustomerDetail
from wire.schema import (
    CampaignOut,
    CustomerOut,
    Disposition,
    HistoryEntry,
    Objection,
    OfferOut,
    QueueStatus,
    UsageMonth,
    ValueTier,
)


def sample_detail(*, allowed: bool = True) -> CustomerDetail:
    camp = CampaignOut(
        id="camp1", code="DATA-UP", name="4G data upsell", name_zh="4G流量包推荐",
        window_start=time(9), window_end=time(21), max_attempts=5, retry_spacing_minutes=60,
        allowed_dispositions=list(Disposition),
    )
    cust = CustomerOut(
        id="c1", external_id="X1", name="Wang Fang", phone="+8613812345678",
        region="Guangdong", timezone="Asia/Shanghai", star_level=4, vip=True,
        tenure_months=43, arpu_yuan=128.5, plan_name="Tianyi 129", plan_minutes=500,
        plan_data_mb=20480,
        usage=[UsageMonth(month=f"2026-0{m}", data_mb_in_plan=20480, data_mb_out_of_plan=1200,
                          minutes_in_plan=420, minutes_out_of_plan=0, spend_yuan=148.0)
               for m in (7, 8, 9)],
        contract_end=date(2027, 3, 31), handset="Huawei Mate 60", network_gen="5G",
        value_added_services=["Caller ID", "Cloud storage"], arrears_yuan=0.0,
        credit_class="A", preferred_channel="phone", complaints=1, value_score=86,
        value_tier=ValueTier.A1, plan_fit="D", lifecycle_stage="maturity",
        consent_basis="existing customer, marketing consent 2025-01",
    )
    offer = OfferOut(id="o1", code="DP30", campaign_id="camp1", name="30 yuan 4G data pack",
                     name_zh="30元4G流量包", price_yuan=30, term_months=12,
                     selling_points="5 GB a month, no change of plan",
                     selling_points_zh="每月5GB，无需换套餐")
    history = [HistoryEntry(id="h1", at=datetime.now(UTC) - timedelta(days=9),
                            agent_name="Li Na", campaign_code="DATA-UP",
                            disposition=Disposition.NOT_INTERESTED,
                            objection=Objection.PRICE, notes="Asked to compare prices first")]
    steps = [
        RenderedStep(id="open", kind="say", title="Opening", title_zh="开场白",
                     text="Hello Wang Fang, this is Agent A from China Telecom.",
                     text_zh="王芳您好，我是中国电信的坐席A。", mandatory=False, branches=[],
                     next="disc"),
        RenderedStep(id="disc", kind="disclosure", title="Price and term",
                     title_zh="资费与期限告知",
                     text="The pack costs 30 yuan a month for 12 months; cancel any time.",
                     text_zh="该流量包每月30元，合约12个月，可随时退订。", mandatory=True,
                     branches=[("Customer objects to price", "客户嫌贵", "open")], next=None),
    ]
    return CustomerDetail(
        queue_item_id="q1", status=QueueStatus.OPEN, attempts=1, callback_at=None,
        customer=cust, campaign=camp, history=history,
        offers=[RankedOffer(offer, 1, "3 months over plan by 1.2 GB on average",
                            "近3个月平均超出套餐1.2GB")],
        script=None, steps=steps,
        verdict=DialVerdict.ok() if allowed else DialVerdict(False, "outside_window", "x"),
        on_dnc=False, local_time=datetime.now(UTC),
        allowed_dispositions=list(Disposition),
    )
