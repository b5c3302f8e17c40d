"""Pictures of issue 22's big-customer pages for docs/screenshots/:
manager-{segments-big,churn-tasks}-LANG.png (the segments page with the big-customer tiers,
the cause-analysis tasks) and lead-churn-tasks-LANG.png (the team lead's tab of the same
page: the tasks of the customers the lead manages).

Run on a real X display, once per language (a fresh demo server each time):
    Xvfb :73 -screen 0 1366x768x24 &
    DISPLAY=:73 .venv/bin/python scripts/big_customer_screenshots.py --lang zh_CN
Big customers are imported over the admin's import route (tiers, fees, account managers:
the admin and the lead), so their warnings open the tasks; one task is closed with a
finding before the picture. The set-up is scripts/shots.py's.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from shots import Step, stage  # noqa: E402 - scripts/shots.py

from app.services.campaign_loop import CampaignLoopService  # noqa: E402
from server.planning.bigcust import BIG_TIERS, FEE_SERVICES  # noqa: E402
from ui.churn_tasks import ChurnTasksPage  # noqa: E402
from ui.lead.window import LeadWindow  # noqa: E402
from ui.manager.pages.segments import SegmentsPage  # noqa: E402

NAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨"


def big_customers(managers: list[str], n: int = 60, seed: int = 22) -> bytes:
    """n big customers over the six tiers, voice and data fees for three months; about a
    third with a falling fee; every other one kept by one of `managers` in turn."""
    rng = random.Random(seed)
    head = ["external_id", "name", "phone", "big_tier", "account_manager", "m1_spend_yuan",
            "m2_spend_yuan", "m3_spend_yuan"]
    head += [f"m{k}_{s}_fee_yuan" for k in (1, 2, 3) for s in FEE_SERVICES]
    lines = [",".join(head)]
    for i in range(n):
        tier = BIG_TIERS[min(int(rng.expovariate(0.6)), 5)]
        voice, data = round(rng.uniform(800, 6000)), round(rng.uniform(500, 4000))
        fall = rng.random() < 0.35
        last_voice = round(voice * rng.uniform(0.6, 0.85)) if fall else voice
        spend = voice + data
        fees: dict[str, list[str]] = {s: ["", "", ""] for s in FEE_SERVICES}
        fees["voice"] = [str(voice), str(voice), str(last_voice)]
        fees["data"] = [str(data)] * 3
        row = [f"BIG{i:03d}", NAMES[i % len(NAMES)] + "氏集团", f"1390001{i:04d}", tier,
               managers[(i // 2) % len(managers)] if i % 2 == 0 else "", str(spend), str(spend),
               str(spend - voice + last_voice)]
        row += [fees[s][k] for k in range(3) for s in FEE_SERVICES]
        lines.append(",".join(row))
    return ("\n".join(lines) + "\n").encode()


def main() -> int:
    st = stage("big-shots-")
    admin, lead = st.account("admin"), st.account("team_lead")
    ws = st.open("admin")
    ws.client._request("POST", "/api/v1/admin/customers/import", params={"filename": "big.csv"},
                       content=big_customers([admin["username"], *[lead["username"]] * 2]))
    win = st.manager_window(ws)
    seg = win.page(SegmentsPage)
    page = next(p for p in win.pages if isinstance(p, ChurnTasksPage))  # a loop page
    assert isinstance(seg, SegmentsPage)
    loop = CampaignLoopService(ws.client)
    lead_win = LeadWindow(st.open("team_lead"), st.tasks)
    zh = st.lang == "zh_CN"

    def segments() -> None:
        win.show_page(SegmentsPage)
        seg.refresh()

    def close_one() -> None:
        first = loop.churn_tasks()[0]
        loop.close_churn_task(first.id, "Voice lines moved to a rival's group plan; "
                                        "visit with a family pack offer on Friday.")
        win.tabs.setCurrentWidget(page)
        page.status_filter.setCurrentIndex(2)  # all tasks

    def select() -> None:
        page.table.selectRow(1)
        page.finding.setPlainText("客户称语音费用被竞争对手的集团套餐吸引；周五上门拜访。"
                                  if zh else
                                  "Data moved to a competitor's fibre; visit on Friday.")

    def lead_tasks() -> None:
        win.hide()
        st.show(lead_win)
        lead_win.start()
        lead_win.actions_by_id["tab_churn_tasks"].trigger()

    def lead_select() -> None:
        lead_win.churn_page.table.selectRow(0)
        lead_win.churn_page.finding.setPlainText(
            "大客户语音业务转至竞争对手；本周内上门拜访并推荐集团融合套餐。" if zh else
            "Voice moved to a rival; visit this week with a group bundle.")

    lead_rows = lead_win.churn_page
    st.run([
        Step(segments, lambda: seg.data is not None and st.idle(), "manager-segments-big"),
        Step(close_one, lambda: len(page.rows) > 1 and st.idle()),
        Step(select, st.idle, "manager-churn-tasks"),
        Step(lead_tasks, lambda: bool(lead_rows.rows) and lead_win.monitor is not None
             and st.idle()),
        Step(lead_select, st.idle, "lead-churn-tasks", lead_win),
    ])
    return 0


if __name__ == "__main__":
    sys.exit(main())
