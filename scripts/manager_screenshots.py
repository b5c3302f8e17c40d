"""Pictures of the campaign manager's pages for docs/screenshots/manager-*-LANG.png.

Run on a real X display, once per language (a fresh demo server each time):
    Xvfb :66 -screen 0 1366x768x24 &
    DISPLAY=:66 .venv/bin/python scripts/manager_screenshots.py --lang zh_CN
Each page is driven as a manager would (a file with a bad row dry-run, a number searched,
the funnel previewed, a script with an error, the targets assigned), then grabbed.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.services.campaign_loop import CampaignLoopService  # noqa: E402
from app.services.manager import ManagerService  # noqa: E402
from tests.conftest import account  # noqa: E402
from tests.e2e.desktop import midday_shift, open_role  # noqa: E402
from tests.support.accounts import add_admin, logged_in  # noqa: E402
from tests.support.live_server import LiveServer, seed_demo  # noqa: E402
from ui import i18n  # noqa: E402
from ui.manager.pages.assign import AssignPage  # noqa: E402
from ui.manager.pages.common import Page  # noqa: E402
from ui.manager.pages.dnc import DncPage  # noqa: E402
from ui.manager.pages.importing import ImportPage  # noqa: E402
from ui.manager.pages.plan import PlanPage  # noqa: E402
from ui.manager.pages.script import ScriptPage  # noqa: E402
from ui.manager.pages.segments import SegmentsPage  # noqa: E402
from ui.manager.window import ManagerWindow  # noqa: E402
from ui.resources import style_sheet  # noqa: E402
from ui.tasks import TaskManager  # noqa: E402

DATA = ROOT / "tests" / "data" / "planning"
OUT = ROOT / "docs" / "screenshots"


def customers_xlsx(path: Path) -> None:
    with (DATA / "customers_small.csv").open(encoding="utf-8") as f:
        rows = list(csv.reader(f))[:13]
    rows[0][0] = "客户编号"
    rows[5][rows[0].index("phone")] = "12345"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for r in rows:
        ws.append(r)
    wb.save(path)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", default="en", choices=i18n.SUPPORTED)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="manager-shots-"))
    db_url = f"sqlite:///{tmp / 'server.sqlite3'}"
    creds = seed_demo(db_url, customers=2000, seed=5)
    srv = LiveServer(db_url, clock_shift=midday_shift())
    srv.start()
    app = QApplication(sys.argv[:1])
    i18n.install(app, args.lang)
    i18n.apply_font(app)
    app.setStyleSheet(style_sheet())
    tasks = TaskManager()
    ws = open_role(srv.url, account(creds["accounts"], "admin"), tmp / "admin")
    win = ManagerWindow(ws, tasks, service=ManagerService(ws.client, tmp / "maps.json"))
    win.resize(1366, 768)
    win.show()
    win.start()
    xlsx = tmp / "customers-crm.xlsx"
    customers_xlsx(xlsx)
    suffix = args.lang

    def page(kind: type[Page]) -> None:
        win.show_page(kind)

    imp = win.page(ImportPage)
    dnc = win.page(DncPage)
    seg = win.page(SegmentsPage)
    plan = win.page(PlanPage)
    script = win.page(ScriptPage)
    assign = win.page(AssignPage)
    assert isinstance(imp, ImportPage) and isinstance(dnc, DncPage)
    assert isinstance(seg, SegmentsPage) and isinstance(plan, PlanPage)
    assert isinstance(script, ScriptPage) and isinstance(assign, AssignPage)

    def idle() -> bool:
        return not tasks.busy

    def open_file() -> None:
        page(ImportPage)
        imp.open_file(str(xlsx))

    def dry_run() -> None:
        imp.set_column("external_id", "客户编号")
        imp.check()

    def search() -> None:
        page(DncPage)
        dnc.search_edit.setText("138 1234 0002")
        dnc.check()

    def segments() -> None:
        page(SegmentsPage)
        seg.refresh()

    def campaign() -> None:
        page(PlanPage)
        plan.campaign_combo.setCurrentIndex(plan.campaign_combo.findData("DATAPK"))

    def script_text(name: str) -> Callable[[], None]:
        def go() -> None:
            page(ScriptPage)
            script.editor.setPlainText((DATA / name).read_text(encoding="utf-8"))
            script.check()
        return go

    def approve() -> None:
        """Submitted by this admin, approved by a second one (assign waits for approval)."""
        plan_id = plan.saved.plan_id if plan.saved is not None else None
        assert plan_id is not None
        CampaignLoopService(ws.client).submit(plan_id)
        second = logged_in(srv.url, *add_admin(db_url))
        CampaignLoopService(second).review(plan_id, approve=True, comment="")

    def do_assign() -> None:
        assign.campaign_combo.setCurrentIndex(assign.campaign_combo.findData("DATAPK"))
        assign.apply()

    steps: list[tuple[Callable[[], None], Callable[[], bool], str | None]] = [
        (open_file, lambda: imp.preview is not None and idle(), None),
        (dry_run, lambda: imp.dry_report is not None and idle(), "manager-import"),
        (search, lambda: dnc.lookup is not None and idle(), "manager-dnc"),
        (segments, lambda: seg.data is not None and idle(), "manager-segments"),
        (campaign, lambda: plan.rules is not None and idle(), None),
        (plan.check, lambda: plan.report is not None and idle(), "manager-plan"),
        (script_text("script_bad.md"), lambda: script.checked is not None and idle(),
         "manager-script-errors"),
        (script_text("script_good.md"),
         lambda: script.checked is not None and script.checked.ok and idle(),
         "manager-script"),
        (plan.apply, lambda: plan.saved is not None and idle(), None),
        (approve, idle, None),
        (lambda: page(AssignPage), lambda: assign.team_combo.count() > 0 and idle(), None),
        (do_assign, lambda: assign.report is not None and idle(), "manager-assign"),
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
                path = OUT / f"{name}-{suffix}.png"
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
    QTimer.singleShot(3000, timer.start)  # the pages' first answers
    code = app.exec()
    tasks.shutdown()
    srv.stop()
    return code


if __name__ == "__main__":
    sys.exit(main())
