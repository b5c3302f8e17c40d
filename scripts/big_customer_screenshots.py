"""Pictures of issue 22's pages for docs/screenshots/manager-{segments-big,churn-tasks}-LANG.png:
the segments page with the big-customer tiers, and the cause-analysis tasks.

Run on a real X display, once per language (a fresh demo server each time):
    Xvfb :73 -screen 0 1366x768x24 &
    DISPLAY=:73 .venv/bin/python scripts/big_customer_screenshots.py --lang zh_CN
Big customers are imported over the admin's import route (tiers, fees, account managers),
so their warnings open the tasks; one task is closed with a finding before the picture.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.services.campaign_loop import CampaignLoopService  # noqa: E402
from app.services.manager import ManagerService  # noqa: E402
from server.planning.bigcust import BIG_TIERS, FEE_SERVICES  # noqa: E402
from tests.conftest import account  # noqa: E402
from tests.e2e.desktop import midday_shift, open_role  # noqa: E402
from tests.support.live_server import LiveServer, seed_demo  # noqa: E402
from ui import i18n  # noqa: E402
from ui.churn_tasks import ChurnTasksPage  # noqa: E402
from ui.manager.pages.segments import SegmentsPage  # noqa: E402
from ui.manager.window import ManagerWindow  # noqa: E402
from ui.resources import style_sheet  # noqa: E402
from ui.tasks import TaskManager  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
NAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨"


def big_customers(managers: list[str], n: int = 60, seed: int = 22) -> bytes:
    """n big customers over the six tiers, voice and data fees for three months; about a
    third with a falling fee; every other one kept by one of `managers`."""
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
               managers[i % len(managers)] if i % 2 == 0 else "", str(spend), str(spend),
               str(spend - voice + last_voice)]
        row += [fees[s][k] for k in range(3) for s in FEE_SERVICES]
        lines.append(",".join(row))
    return ("\n".join(lines) + "\n").encode()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", default="en", choices=i18n.SUPPORTED)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="big-shots-"))
    db_url = f"sqlite:///{tmp / 'server.sqlite3'}"
    creds = seed_demo(db_url, customers=2000, seed=5)
    srv = LiveServer(db_url, clock_shift=midday_shift())
    srv.start()
    app = QApplication(sys.argv[:1])
    i18n.install(app, args.lang)
    i18n.apply_font(app)
    app.setStyleSheet(style_sheet())
    tasks = TaskManager()
    admin = account(creds["accounts"], "admin")
    ws = open_role(srv.url, admin, tmp / "admin")
    ws.client._request("POST", "/api/v1/admin/customers/import", params={"filename": "big.csv"},
                       content=big_customers([admin["username"]]))
    win = ManagerWindow(ws, tasks, service=ManagerService(ws.client, tmp / "maps.json"))
    win.resize(1366, 768)
    win.show()
    win.start()
    seg = win.page(SegmentsPage)
    page = next(p for p in win.pages if isinstance(p, ChurnTasksPage))  # a loop page
    assert isinstance(seg, SegmentsPage)
    loop = CampaignLoopService(ws.client)

    def idle() -> bool:
        return not tasks.busy

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
                                  if args.lang == "zh_CN" else
                                  "Data moved to a competitor's fibre; visit on Friday.")

    steps: list[tuple[Callable[[], None], Callable[[], bool], str | None]] = [
        (segments, lambda: seg.data is not None and idle(), "manager-segments-big"),
        (close_one, lambda: len(page.rows) > 1 and idle(), None),
        (select, idle, "manager-churn-tasks"),
    ]
    state = {"i": -1, "waited": 0}

    def tick() -> None:
        i = state["i"]
        if i >= 0:
            _do, ready, name = steps[i]
            state["waited"] += 1
            if not ready() and state["waited"] < 240:
                return
            if name:
                app.processEvents()
                path = OUT / f"{name}-{args.lang}.png"
                win.grab().save(str(path))
                print("saved", path, "ready" if ready() else "TIMED OUT")
        state["i"] = i = i + 1
        state["waited"] = 0
        if i >= len(steps):
            timer.stop()
            win.close()
            app.quit()
            return
        steps[i][0]()

    timer = QTimer()
    timer.setInterval(250)
    timer.timeout.connect(tick)
    QTimer.singleShot(3000, timer.start)
    code = app.exec()
    tasks.shutdown()
    srv.stop()
    return code


if __name__ == "__main__":
    sys.exit(main())
