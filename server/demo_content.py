"""Fixed content of the demo: campaigns, offers and call scripts (EN + zh_CN).

Script placeholders filled in by the desktop: {customer_name}, {agent_name},
{company}, {offer_name}, {offer_price}, {offer_term}.
"""

from __future__ import annotations

from datetime import time
from typing import Any

from wire.calltypes import dispositions_for
from wire.schema import CampaignType, Disposition

# A sales campaign's outcomes (the other types' are wire.calltypes.dispositions_for's).
ALL_DISPOSITIONS = [d.value for d in dispositions_for(CampaignType.SALES)]

CAMPAIGNS: list[dict[str, Any]] = [
    {
        "code": "MIG4G", "name": "4G plan migration", "name_zh": "4G套餐迁移",
        "description": "Move customers still on 3G plans or old tariffs to a 4G plan that "
                       "fits their usage.",
        "allowed_dispositions": ALL_DISPOSITIONS,
    },
    {
        "code": "DATAPK", "name": "Data packs for over-plan users", "name_zh": "流量包",
        "description": "Customers who went over their plan's data in the last 3 months: a "
                       "monthly data pack or a bigger plan costs less than out-of-plan fees.",
        "allowed_dispositions": ALL_DISPOSITIONS,
    },
    {
        "code": "BBRENEW", "name": "Broadband renewal before contract end",
        "name_zh": "宽带续约",
        "description": "Broadband customers whose contract ends within 90 days. No voicemail: "
                       "contract terms are only discussed with the account holder.",
        "allowed_dispositions": [d for d in ALL_DISPOSITIONS if d != Disposition.VOICEMAIL],
    },
]
for _c in CAMPAIGNS:
    _c.update(window_start=time(9, 0), window_end=time(21, 0), max_attempts=3,
              retry_spacing_minutes=120, max_calls_24h=3, max_calls_30d=10, active=True)

ALL_TIERS = ["A1", "A2", "B1", "B2", "C", "D"]

# campaign code -> offers. priority: higher is pushed first.
OFFERS: dict[str, list[dict[str, Any]]] = {
    "MIG4G": [
        {"code": "4G58", "name": "4G Smart 58 plan", "name_zh": "4G飞享58元套餐",
         "price_yuan": 58.0, "term_months": 12, "priority": 60,
         "selling_points": "2 GB national data and 200 minutes; keep your number; 4G speed",
         "selling_points_zh": "全国流量2GB、通话200分钟；号码不变；4G网速",
         "eligible_tiers": ["B1", "B2", "C", "D"]},
        {"code": "4G88", "name": "4G Smart 88 plan", "name_zh": "4G飞享88元套餐",
         "price_yuan": 88.0, "term_months": 12, "priority": 70,
         "selling_points": "6 GB data and 500 minutes; free caller ID and video membership",
         "selling_points_zh": "流量6GB、通话500分钟；免费来电显示和视频会员",
         "eligible_tiers": ["A1", "A2", "B1"]},
        {"code": "4GPHONE", "name": "4G handset upgrade bundle", "name_zh": "4G换机合约",
         "price_yuan": 128.0, "term_months": 24, "priority": 40,
         "selling_points": "A new 4G/5G handset at 0 yuan down with a 24-month plan",
         "selling_points_zh": "0元购4G/5G新机，合约24个月",
         "eligible_tiers": ALL_TIERS},
    ],
    "DATAPK": [
        {"code": "DP1G", "name": "1 GB monthly data pack", "name_zh": "1GB月包",
         "price_yuan": 20.0, "term_months": 6, "priority": 50,
         "selling_points": "1 GB more every month for 20 yuan; cancel any month",
         "selling_points_zh": "每月多1GB，仅20元；可随时退订",
         "eligible_tiers": ALL_TIERS},
        {"code": "DP3G", "name": "30 yuan 4G data pack", "name_zh": "30元4G流量包",
         "price_yuan": 30.0, "term_months": 6, "priority": 80,
         "selling_points": "3 GB 4G data a month; cheaper than paying out-of-plan rates",
         "selling_points_zh": "每月3GB 4G流量，比套餐外流量费便宜",
         "eligible_tiers": ALL_TIERS},
        {"code": "UP128", "name": "Upgrade to 5G 128 plan", "name_zh": "升级5G 128元套餐",
         "price_yuan": 128.0, "term_months": 12, "priority": 65,
         "selling_points": "20 GB 5G data and 800 minutes for heavy users",
         "selling_points_zh": "5G流量20GB、通话800分钟，适合大流量用户",
         "eligible_tiers": ["A1", "A2", "B1", "B2"]},
    ],
    "BBRENEW": [
        {"code": "BB100R", "name": "Renew 100M broadband, 12 months",
         "name_zh": "100M宽带续约12个月", "price_yuan": 100.0, "term_months": 12,
         "priority": 75,
         "selling_points": "Same speed, same price, no installation visit; 1 month free",
         "selling_points_zh": "速率和资费不变，无需上门；赠送1个月",
         "eligible_tiers": ALL_TIERS},
        {"code": "BB300", "name": "Upgrade to 300M fibre", "name_zh": "升级300M光纤宽带",
         "price_yuan": 129.0, "term_months": 24, "priority": 60,
         "selling_points": "3x the speed for 29 yuan more; free Wi-Fi 6 router",
         "selling_points_zh": "速率提升3倍只多29元；免费Wi-Fi 6路由器",
         "eligible_tiers": ["A1", "A2", "B1", "B2"]},
        {"code": "BBFAM", "name": "Broadband + mobile family bundle",
         "name_zh": "宽带+手机融合套餐", "price_yuan": 159.0, "term_months": 24,
         "priority": 55,
         "selling_points": "Broadband, 2 SIM cards and shared 30 GB in one bill",
         "selling_points_zh": "宽带、两张手机卡、共享30GB流量，一张账单",
         "eligible_tiers": ["A1", "A2", "B1"]},
    ],
}


def _step(id_: str, kind: str, title: str, title_zh: str, text: str, text_zh: str,
          **kw: Any) -> dict[str, Any]:
    return {"id": id_, "kind": kind, "title": title, "title_zh": title_zh, "text": text,
            "text_zh": text_zh, "mandatory": kw.get("mandatory", False),
            "branches": kw.get("branches", []), "next": kw.get("next")}


def _branch(label: str, label_zh: str, goto: str) -> dict[str, str]:
    return {"label": label, "label_zh": label_zh, "goto": goto}


def script_steps(campaign_code: str, version: int) -> list[dict[str, Any]]:
    """The call flow: opening, identity check, needs, pitch, disclosures, objections, close."""
    needs = {
        "MIG4G": ("Are you happy with the speed of mobile internet on your phone?",
                  "您平时用手机上网，觉得网速够用吗？"),
        "DATAPK": ("I see you used more data than your plan includes lately. Do you mostly "
                   "watch videos or use maps and chat?",
                   "我看到您最近流量超出了套餐，您主要是看视频，还是用地图和聊天？"),
        "BBRENEW": ("Your broadband contract ends soon. How is the connection working for "
                    "your family?", "您的宽带合约快到期了，家里用着网速怎么样？"),
    }[campaign_code]
    # The trust script (server/planning/scripts_trust.py): the opening names the hotline.
    opening = ("Hello {customer_name}, this is {agent_name} from {company}. You can check "
               "this call through our official hotline 10000. ",
               "{customer_name}您好，我是{company}的客户经理{agent_name}。"
               "您可拨打官方客服热线10000核实本次来电。")
    if version >= 2:
        opening = (opening[0] + "This call is recorded for service quality. ",
                   opening[1] + "为保证服务质量，本次通话将被录音。")
    return [
        _step("open", "say", "Opening", "开场白",
              opening[0] + "Do you have two minutes?", opening[1] + "请问您现在方便接听吗？",
              branches=[_branch("Yes", "方便", "identity"),
                        _branch("Call back later", "稍后再打", "close")],
              next="identity"),
        _step("identity", "question", "Identity check", "身份核实",
              "To be sure I am speaking with the account holder: may I confirm your name "
              "is {customer_name}?", "为确认是机主本人，请问您是{customer_name}吗？",
              next="needs"),
        _step("needs", "question", "Needs discovery", "需求挖掘", needs[0], needs[1],
              next="pitch"),
        _step("pitch", "pitch", "Offer", "产品推荐",
              "Based on your usage I recommend {offer_name} at {offer_price} yuan a month.",
              "根据您的使用情况，推荐您办理{offer_name}，每月{offer_price}元。",
              branches=[_branch("Interested", "感兴趣", "disclose_price"),
                        _branch("Too expensive", "太贵了", "obj_price"),
                        _branch("No need", "不需要", "obj_noneed"),
                        _branch("Already has it", "已经有了", "obj_already")],
              next="disclose_price"),
        _step("obj_price", "objection", "Objection: price", "异议：价格",
              "I understand. Compared with what you paid out of plan, {offer_name} saves "
              "money from the first month.",
              "理解您的顾虑。和您套餐外的费用相比，{offer_name}第一个月就能省钱。",
              next="disclose_price"),
        _step("obj_noneed", "objection", "Objection: no need", "异议：不需要",
              "No problem. May I ask what would be useful to you instead?",
              "没关系。请问有什么业务是您更需要的吗？", next="close"),
        _step("obj_already", "objection", "Objection: already has it", "异议：已办理",
              "Thank you, I will note that so we do not call you about it again.",
              "好的，我记录下来，以后不再就此打扰您。", next="close"),
        _step("disclose_price", "disclosure", "Price", "资费告知",
              "{offer_name} costs {offer_price} yuan a month; there is no other charge.",
              "{offer_name}每月{offer_price}元，没有其他费用。", mandatory=True,
              next="disclose_term"),
        _step("disclose_term", "disclosure", "Term", "合约期告知",
              "The term is {offer_term} months and starts next month.",
              "合约期{offer_term}个月，从下月起生效。", mandatory=True,
              next="disclose_cancel"),
        _step("disclose_cancel", "disclosure", "Cancellation rights", "退订权利",
              "You can cancel within 7 days free of charge by calling 10000 or in any store.",
              "7天内可免费退订，拨打10000或到任一营业厅办理。", mandatory=True,
              next="close"),
        _step("close", "close", "Closing", "结束语",
              "Thank you, {customer_name}. Have a good day. This was {agent_name} from "
              "{company}.", "感谢您的接听，{customer_name}，祝您生活愉快！{company}{agent_name}。"),
    ]
