"""Pictures of the campaign manager's pages for docs/screenshots/manager-*-LANG.png:
import, do-not-call, segments, plan, script (with errors, and clean), approval, training,
pilot, assign, targets. (The big-customer segments and the cause-analysis tasks:
scripts/big_customer_screenshots.py; the script variants: tests/ui/test_script_variants_ui.py.)

Run on a real X display, once per language (a fresh demo server each time):
    Xvfb :66 -screen 0 1366x768x24 &
    DISPLAY=:66 .venv/bin/python scripts/manager_screenshots.py --lang zh_CN
Each page is driven as a manager would (a file with a bad row dry-run, a number searched,
the funnel previewed, a script with an error, the plan submitted and approved by a second
admin, a quiz published, a pilot started and its calls made and verified, the targets
assigned, a team's caps saved), then grabbed. The set-up is scripts/shots.py's.
"""

from __future__ import annotations

import csv
import secrets
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from shots import Step, stage  # noqa: E402 - scripts/shots.py

from app.services.campaign_loop import CampaignLoopService  # noqa: E402
from server import models as m  # noqa: E402
from server.aftersale import verify  # noqa: E402
from server.aftersale.models import Order, Verification  # noqa: E402
from server.planning.models import Pilot  # noqa: E402
from tests.support.accounts import add_admin, logged_in  # noqa: E402
from ui.manager.pages.approval import ApprovalPage  # noqa: E402
from ui.manager.pages.assign import AssignPage  # noqa: E402
from ui.manager.pages.common import Page  # noqa: E402
from ui.manager.pages.dnc import DncPage  # noqa: E402
from ui.manager.pages.importing import ImportPage  # noqa: E402
from ui.manager.pages.pilot import PilotPage  # noqa: E402
from ui.manager.pages.plan import PlanPage  # noqa: E402
from ui.manager.pages.script import ScriptPage  # noqa: E402
from ui.manager.pages.segments import SegmentsPage  # noqa: E402
from ui.manager.pages.targets import TargetsPage  # noqa: E402
from ui.manager.pages.training import TrainingPage  # noqa: E402
from wire.aftersale import VerificationOutcome, VerificationOutcomeIn  # noqa: E402

DATA = ROOT / "tests" / "data" / "planning"
# The pilot's calls, item by item (in turn): an outcome, and for a sale what the verifier
# answered (None: not verified yet).
PILOT_CALLS: list[tuple[str, str | None, VerificationOutcome | None]] = [
    ("accepted", None, VerificationOutcome.CONFIRMED),
    ("not_interested", "price", None),
    ("accepted", None, VerificationOutcome.DENIED),
    ("no_answer", None, None),
    ("accepted", None, None),
    ("not_interested", "already_has", None),
    ("accepted", None, VerificationOutcome.CONFIRMED),
    ("busy", None, None),
]


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


def pilot_calls(db_url: str, pilot_id: str) -> None:
    """The pilot's calls, written as the server stores a push (and its sales' orders, the
    push's own way: verify.on_sale), then the verifier's answers (verify.record): what a
    day of pilot calls and the next morning's verification leave behind."""
    eng = create_engine(db_url)
    try:
        with Session(eng) as s:
            pilot = s.get(Pilot, pilot_id)
            assert pilot is not None
            verifier = s.scalars(select(m.User).where(m.User.username == "verifier1")).one()
            answers: list[tuple[str, VerificationOutcome]] = []
            for n, item_id in enumerate(pilot.item_ids):
                disposition, objection, answer = PILOT_CALLS[n % len(PILOT_CALLS)]
                item = s.get(m.QueueItem, item_id)
                seller = s.get(m.User, item.agent_id) if item is not None else None
                if item is None or seller is None:
                    continue
                now = datetime.now(UTC)
                row: dict[str, Any] = dict(
                    id=secrets.token_hex(8), queue_item_id=item.id,
                    customer_id=item.customer_id, agent_id=item.agent_id,
                    campaign_id=item.campaign_id, disposition=disposition,
                    objection=objection, notes="", steps_taken=[], disclosures_ticked=[],
                    call_started_at=now,
                    talk_seconds=0 if disposition in ("no_answer", "busy") else 95 + 13 * (n % 7),
                    created_at=now, received_at=now,
                    offer_id=item.recommendations[0]["offer_id"]
                    if disposition == "accepted" else None)
                s.add(m.CallOutcome(**row))
                verify.on_sale(s, row, seller)
                if answer is not None:
                    answers.append((row["id"], answer))
            s.flush()
            for call_id, answer in answers:
                item_id = s.scalar(select(Verification.id).join(
                    Order, Order.id == Verification.order_id).where(Order.call_id == call_id))
                if item_id is not None:
                    verify.record(s, verifier, item_id, VerificationOutcomeIn(
                        action_id=secrets.token_hex(8), outcome=answer))
            s.commit()
    finally:
        eng.dispose()


def main() -> int:
    st = stage("manager-shots-")
    ws = st.open("admin")
    win = st.manager_window(ws)
    loop = CampaignLoopService(ws.client)
    xlsx = st.tmp / "customers-crm.xlsx"
    customers_xlsx(xlsx)
    zh = st.lang == "zh_CN"
    idle = st.idle

    def page(kind: type[Page]) -> None:
        win.show_page(kind)

    imp = win.page(ImportPage)
    dnc = win.page(DncPage)
    seg = win.page(SegmentsPage)
    plan = win.page(PlanPage)
    script = win.page(ScriptPage)
    assign = win.page(AssignPage)
    approval, training, pilot, targets = (  # the loop's pages (ui/loop_page.py)
        next(p for p in win.pages if isinstance(p, kind))
        for kind in (ApprovalPage, TrainingPage, PilotPage, TargetsPage))
    assert isinstance(imp, ImportPage) and isinstance(dnc, DncPage)
    assert isinstance(seg, SegmentsPage) and isinstance(plan, PlanPage)
    assert isinstance(script, ScriptPage) and isinstance(assign, AssignPage)
    assert isinstance(approval, ApprovalPage) and isinstance(training, TrainingPage)
    assert isinstance(pilot, PilotPage) and isinstance(targets, TargetsPage)

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

    def script_checked(ok: bool) -> Callable[[], bool]:
        return lambda: script.checked is not None and script.checked.ok == ok and idle()

    def save_plan() -> None:
        page(PlanPage)
        plan.apply()

    def approve() -> None:
        """Submitted by this admin, approved by a second one, with a comment."""
        plan_id = plan.saved.plan_id if plan.saved is not None else None
        assert plan_id is not None
        loop.submit(plan_id, note="C-tier customers left in on purpose" if not zh
                    else "有意保留C类客户")
        second = logged_in(st.server.url, *add_admin(st.db_url))
        CampaignLoopService(second).review(
            plan_id, approve=True, comment="Funnel checked" if not zh else "已核对漏斗")
        win.tabs.setCurrentWidget(approval)
        approval.campaign.setText("DATAPK")
        approval.refresh()

    def quiz() -> None:
        win.tabs.setCurrentWidget(training)
        training.campaign.setText("DATAPK")
        training.publish()

    def load_pilot() -> None:
        win.tabs.setCurrentWidget(pilot)
        pilot.campaign.setText("DATAPK")
        pilot.refresh()

    def start_pilot() -> None:
        pilot.name.setText("Pilot 1 / 试呼一")
        pilot.agents.setText("agent1, agent2")
        pilot.share.setValue(5)
        pilot.start()

    def pilot_done() -> None:
        pilot_calls(st.db_url, pilot.reports[0].pilot_id)
        pilot.refresh()
        pilot.comment.setText("销售经回访站得住：继续" if zh else
                              "Sales hold up at verification: go")

    def decide() -> None:
        pilot.decide("go")

    def do_assign() -> None:
        assign.campaign_combo.setCurrentIndex(assign.campaign_combo.findData("DATAPK"))
        assign.apply()

    def caps() -> None:
        win.tabs.setCurrentWidget(targets)
        targets.campaign.setText("Team A / 一组")
        for field, value in (("agent_daily_cap", 40), ("team_daily_cap", 150),
                             ("day_target", 300), ("week_target", 1500)):
            targets.spins[field].setValue(value)
        targets.say("")
        targets.save()

    st.run([
        Step(open_file, lambda: imp.preview is not None and idle()),
        Step(dry_run, lambda: imp.dry_report is not None and idle(), "manager-import"),
        Step(search, lambda: dnc.lookup is not None and idle(), "manager-dnc"),
        Step(segments, lambda: seg.data is not None and idle(), "manager-segments"),
        Step(campaign, lambda: plan.rules is not None and idle()),
        Step(plan.check, lambda: plan.report is not None and idle(), "manager-plan"),
        Step(script_text("script_bad.md"), script_checked(False), "manager-script-errors"),
        Step(script_text("script_good.md"), script_checked(True), "manager-script"),
        Step(save_plan, lambda: plan.saved is not None and idle()),
        Step(approve, lambda: bool(approval.plans) and idle(), "manager-approval"),
        Step(quiz, lambda: training.version > 0 and idle(), "manager-training"),
        Step(load_pilot, lambda: bool(pilot.plan_id) and idle()),
        Step(start_pilot, lambda: bool(pilot.reports) and idle()),
        Step(pilot_done, lambda: bool(pilot.reports) and pilot.reports[0].called > 0
             and idle(), "manager-pilot"),
        Step(decide, lambda: pilot.reports[0].decision == "go" and idle()),
        Step(lambda: page(AssignPage), lambda: assign.team_combo.count() > 0 and idle()),
        Step(do_assign, lambda: assign.report is not None and idle(), "manager-assign"),
        Step(caps, lambda: "Saved" in targets.status.text() or ("保存" in
             targets.status.text() and idle()), "manager-targets"),
    ])
    return 0


if __name__ == "__main__":
    sys.exit(main())
