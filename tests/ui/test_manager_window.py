"""The campaign manager's window against the real server on loopback: a campaign taken
from an XLSX file to assigned queues, every step from the window's pages.

An XLSX whose id column has another name and one bad row -> the dry run reports that
row's line and changes nothing -> the fixed file, mapped with the saved mapping, is
imported -> the segments count the new customers -> the funnel previewed and saved equals
the server's plan -> a script with an error is shown with its line, the good one is
published -> the plan is submitted and approved by a second admin -> the training quiz is
published -> a pilot on one agent is decided "go" -> the rest of the plan's targets are
assigned to a team's agents."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.services.campaign_loop import CampaignLoopService
from app.services.manager import ManagerService
from tests.conftest import account
from tests.e2e.desktop import open_role
from tests.support.accounts import add_admin, logged_in
from tests.support.keys import press_loop_key
from ui.manager.pages.approval import ApprovalPage
from ui.manager.pages.assign import AssignPage
from ui.manager.pages.dnc import DncPage
from ui.manager.pages.importing import ImportPage
from ui.manager.pages.pilot import PilotPage
from ui.manager.pages.plan import PlanPage
from ui.manager.pages.script import ScriptPage
from ui.manager.pages.segments import SegmentsPage
from ui.manager.pages.training import TrainingPage
from ui.manager.window import ManagerWindow
from ui.tasks import TaskManager

DATA = Path(__file__).resolve().parents[1] / "data" / "planning"
WAIT = 30000


def write_xlsx(path: Path, *, bad_line: int | None) -> None:
    """The good rows of customers_small.csv as XLSX, the id column headed "客户编号"; at the
    file's line `bad_line` a phone number no one can dial."""
    with (DATA / "customers_small.csv").open(encoding="utf-8") as f:
        rows = list(csv.reader(f))[:13]  # C01-C12 (the rows after them are wrong on purpose)
    rows[0][0] = "客户编号"
    phone = rows[0].index("phone")
    if bad_line is not None:
        rows[bad_line - 1][phone] = "12345"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for r in rows:
        ws.append(r)
    wb.save(path)


@pytest.fixture
def manager(qtbot: QtBot, tasks: TaskManager, fresh_server: dict[str, Any],
            tmp_path: Path) -> Iterator[ManagerWindow]:
    ws = open_role(fresh_server["url"], account(fresh_server["accounts"], "admin"),
                   tmp_path / "admin")
    win = ManagerWindow(ws, tasks, service=ManagerService(ws.client, tmp_path / "maps.json"))
    qtbot.addWidget(win)
    win.show()
    win.start()
    qtbot.waitUntil(lambda: not tasks.busy, timeout=WAIT)
    yield win
    win.close()





def test_a_campaign_from_an_xlsx_file_to_assigned_queues(
        manager: ManagerWindow, qtbot: QtBot, tasks: TaskManager, tmp_path: Path,
        fresh_server: dict[str, Any]) -> None:
    service = manager.service
    before = service.segments().customers
    bad, good = tmp_path / "customers-bad.xlsx", tmp_path / "customers.xlsx"
    write_xlsx(bad, bad_line=6)
    write_xlsx(good, bad_line=None)

    # Import: preview, map, dry run with the bad row's line; nothing changes.
    imp = manager.page(ImportPage)
    assert isinstance(imp, ImportPage)
    qtbot.keyClick(manager, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert manager.current() is imp
    imp.open_file(str(bad))
    qtbot.waitUntil(lambda: imp.preview is not None and not imp.busy, timeout=WAIT)
    assert imp.preview is not None
    assert imp.preview.encoding == "XLSX" and imp.preview.total_rows == 12
    assert imp.preview.header[0] == "客户编号"
    imp.set_column("external_id", "客户编号")
    imp.save_mapping("crm export")
    qtbot.keyClick(manager, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # dry run
    qtbot.waitUntil(lambda: imp.dry_report is not None, timeout=WAIT)
    assert imp.dry_report is not None
    assert [(e.line, e.external_id) for e in imp.dry_report.errors] == [(6, "C05")]
    assert "phone" in imp.dry_report.errors[0].reason
    assert imp.errors_table.item(0, 0).text() == "6"
    assert service.segments().customers == before  # a dry run keeps nothing

    # The fixed file, with the saved mapping, imported with the progress bar.
    imp.open_file(str(good))
    qtbot.waitUntil(lambda: imp.preview is not None and not imp.busy, timeout=WAIT)
    imp.mapping_combo.setCurrentIndex(imp.mapping_combo.findData("crm export"))
    imp._use_saved()
    assert imp.columns() == {"external_id": "客户编号"}
    imp.apply()
    qtbot.waitUntil(lambda: imp.report is not None, timeout=WAIT)
    assert imp.report is not None
    assert (imp.report.inserted, imp.report.rejected) == (12, 0)

    # Segments: the server's counts, the chart drawing the same figures as the table.
    seg = manager.show_page(SegmentsPage)
    assert isinstance(seg, SegmentsPage)
    seg.refresh()
    qtbot.waitUntil(lambda: seg.data is not None and seg.data.customers == before + 12,
                    timeout=WAIT)
    assert seg.data is not None
    assert sum(seg.fit_chart.values()) == seg.data.customers
    assert seg.churn_chart == {t: seg.data.churn_by_tier.get(t, 0) for t in seg.churn_chart}

    # Plan: the funnel previewed, then saved; both are the server's figures.
    plan = manager.show_page(PlanPage)
    assert isinstance(plan, PlanPage)
    plan.campaign_combo.setCurrentIndex(plan.campaign_combo.findData("DATAPK"))
    qtbot.waitUntil(lambda: plan.rules is not None and plan.offers.count() == 3, timeout=WAIT)
    plan.check()
    qtbot.waitUntil(lambda: plan.report is not None and not plan.planning, timeout=WAIT)
    assert plan.report is not None and plan.report.dry_run
    server = service.plan("DATAPK", dry_run=True, rules=plan.chosen_rules(),
                          contacted_within_days=plan.days_spin.value())
    assert [(s.step, s.kept) for s in plan.funnel] == [(s.step, s.kept) for s in server.funnel]
    assert plan.funnel_table.item(0, 1).text() == f"{server.funnel[0].kept:,}"
    plan.apply()
    qtbot.waitUntil(lambda: plan.saved is not None and plan.history is not None
                    and bool(plan.history.plans)
                    and plan.history.plans[0].plan_id == plan.saved.plan_id, timeout=WAIT)
    assert plan.saved is not None and plan.saved.targets > 0
    saved = service.plans("DATAPK").plans[0]
    assert [(s.step, s.kept) for s in saved.funnel] == [(s.step, s.kept) for s in plan.funnel]

    # Script: an error is shown with its line; the good script is published.
    script = manager.show_page(ScriptPage)
    assert isinstance(script, ScriptPage)
    script.editor.setPlainText((DATA / "script_bad.md").read_text(encoding="utf-8"))
    script.check()
    qtbot.waitUntil(lambda: script.checked is not None and not script.checked.ok,
                    timeout=WAIT)
    assert script.checked is not None and script.checked.errors
    first = script.checked.errors[0]
    assert script.errors.item(0).text().startswith(f"Line {first.line}:")
    script.editor.setPlainText((DATA / "script_good.md").read_text(encoding="utf-8"))
    script.check()
    qtbot.waitUntil(lambda: script.checked is not None and script.checked.ok, timeout=WAIT)
    assert script.preview.mandatory_ids()  # the agent's view, disclosures and all
    versions = len(service.scripts("DATAPK").versions)
    script.apply()
    qtbot.waitUntil(lambda: script.published is not None, timeout=WAIT)
    assert script.published is not None and script.published.version == versions + 1
    qtbot.waitUntil(lambda: script.versions.count() == versions + 1, timeout=WAIT)
    new = script.published.version
    script.versions.item(0).setSelected(True)  # the newest against the editor's text
    assert script.diff_text().startswith(f"--- version {new}\n+++ editor")
    if versions:  # two versions: the older against the newer
        script.versions.item(1).setSelected(True)
        assert script.diff_text().startswith(f"--- version {new - 1}\n+++ version {new}")

    # Approval: the plan is submitted from the window's page; a second admin approves it
    # (the submitter may not: the server's 409, in words on the page).
    url, accounts = fresh_server["url"], fresh_server["accounts"]
    qtbot.keyClick(manager, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    appr = manager.current()
    assert isinstance(appr, ApprovalPage)
    appr.campaign.setText("DATAPK")
    appr.refresh()
    qtbot.waitUntil(lambda: bool(appr.plans) and not tasks.busy, timeout=WAIT)
    assert plan.saved is not None
    assert (appr.plans[0].plan_id, appr.plans[0].status) == (plan.saved.plan_id, "draft")
    appr.table.setFocus()
    appr.table.selectRow(0)
    press_loop_key(qtbot, manager, "submit_plan")
    qtbot.waitUntil(lambda: appr.plans[0].status == "submitted" and not tasks.busy,
                    timeout=WAIT)
    press_loop_key(qtbot, manager, "approve_plan")
    qtbot.waitUntil(lambda: not tasks.busy, timeout=WAIT)
    assert "second person" in appr.status.text()
    second = CampaignLoopService(logged_in(url, *add_admin(fresh_server["db_url"])))
    second.review(plan.saved.plan_id, approve=True, comment="funnel checked")
    appr.refresh()
    qtbot.waitUntil(lambda: appr.plans[0].status == "approved" and not tasks.busy,
                    timeout=WAIT)

    # Training: the quiz published from its page (the editor's example); the agents'
    # queue of the campaign then opens only after they pass it.
    qtbot.keyClick(manager, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    quiz = manager.current()
    assert isinstance(quiz, TrainingPage)
    quiz.campaign.setText("DATAPK")
    quiz.editor.setFocus()
    press_loop_key(qtbot, manager, "publish_quiz")
    qtbot.waitUntil(lambda: quiz.version == 1 and not tasks.busy, timeout=WAIT)

    # Pilot: a share of the approved plan on one agent, then "go".
    pilot_agent = account(accounts, "agent")["username"]
    qtbot.keyClick(manager, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    pp = manager.current()
    assert isinstance(pp, PilotPage)
    pp.campaign.setText("DATAPK")
    pp.refresh()
    qtbot.waitUntil(lambda: pp.plan_id == plan.saved.plan_id and not tasks.busy,  # type: ignore[union-attr]
                    timeout=WAIT)
    pp.name.setText("Pilot 1")
    pp.agents.setText(pilot_agent)
    pp.share.setValue(25)
    pp.name.setFocus()
    press_loop_key(qtbot, manager, "start_pilot")
    qtbot.waitUntil(lambda: len(pp.reports) == 1 and not tasks.busy, timeout=WAIT)
    piloted = pp.reports[0].items
    assert piloted > 0 and pp.reports[0].agents == [pilot_agent]
    pp.table.setFocus()
    pp.table.selectRow(0)
    press_loop_key(qtbot, manager, "pilot_go")
    qtbot.waitUntil(lambda: pp.reports[0].decision == "go" and not tasks.busy, timeout=WAIT)

    # Assign: the rest of the approved plan's targets onto a team's agents.
    assign = manager.show_page(AssignPage)
    assert isinstance(assign, AssignPage)
    assign.refresh()
    qtbot.waitUntil(lambda: assign.team_combo.count() > 0 and not assign.busy, timeout=WAIT)
    assign.campaign_combo.setCurrentIndex(assign.campaign_combo.findData("DATAPK"))
    assign.apply()
    qtbot.waitUntil(lambda: assign.report is not None, timeout=WAIT)
    assert assign.report is not None
    assigned = sum(assign.report.per_agent.values())
    assert assigned > 0
    r = assign.report  # the plan's targets, less the pilot's and those left out, plus
    #                    verification calls
    assert assigned == plan.saved.targets - piloted - r.skipped_busy - r.skipped_dnc \
        - r.skipped_kept - r.capped + r.verifications
    assert assign.table.rowCount() == len(r.per_agent)

    # Rebalance (the lead's dialog): the campaign's open items onto two of the agents.
    qtbot.waitUntil(lambda: assign.monitor is not None and any(
        c.code == "DATAPK" and c.total for c in assign.monitor.campaigns) and not assign.busy,
        timeout=WAIT)
    qtbot.keyClick(manager, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    dialog = assign.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.campaign.currentData() == next(
        c.campaign_id for c in assign.monitor.campaigns if c.code == "DATAPK")
    for n in range(dialog.agents.count()):
        dialog.agents.item(n).setCheckState(Qt.CheckState.Checked if n < 2
                                            else Qt.CheckState.Unchecked)
    qtbot.waitUntil(lambda: dialog.result_preview is not None, timeout=WAIT)
    assert dialog.result_preview is not None
    moving = dialog.result_preview.moved
    dialog.accept()
    qtbot.waitUntil(lambda: assign.rebalanced is not None, timeout=WAIT)
    assert assign.rebalanced is not None and assign.rebalanced.changed == moving > 0


def test_do_not_call_search_and_exports(manager: ManagerWindow, qtbot: QtBot,
                                        tmp_path: Path) -> None:
    dnc = manager.page(DncPage)
    assert isinstance(dnc, DncPage)
    numbers = tmp_path / "dnc.csv"
    numbers.write_text("phone,reason\n138 0013 8888,asked\nnot a number,x\n", encoding="utf-8")
    dnc.open_file(str(numbers))
    qtbot.waitUntil(lambda: dnc.report is not None, timeout=WAIT)
    assert dnc.report is not None and (dnc.report.added, dnc.report.rejected) == (1, 1)
    qtbot.keyClick(manager, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert manager.current() is dnc and dnc.search_edit.hasFocus()
    dnc.search_edit.setText("+86 13800138888")
    dnc.check()
    qtbot.waitUntil(lambda: dnc.lookup is not None, timeout=WAIT)
    assert dnc.lookup is not None and dnc.lookup.found and dnc.lookup.phone == "+8613800138888"
    masked, full = tmp_path / "masked.csv", tmp_path / "full.csv"
    dnc.export(masked=True, path=str(masked))
    qtbot.waitUntil(lambda: dnc.written == masked, timeout=WAIT)
    dnc.export(masked=False, path=str(full))
    qtbot.waitUntil(lambda: dnc.written == full, timeout=WAIT)
    assert "+8613800138888" in full.read_text(encoding="utf-8-sig")
    assert "+8613800138888" not in masked.read_text(encoding="utf-8-sig")


def test_a_cancelled_import_keeps_nothing(manager: ManagerWindow, qtbot: QtBot,
                                          tmp_path: Path) -> None:
    service = manager.service
    before = service.segments().customers
    good = tmp_path / "customers.xlsx"
    write_xlsx(good, bad_line=None)
    imp = manager.page(ImportPage)
    assert isinstance(imp, ImportPage)
    imp.open_file(str(good))
    qtbot.waitUntil(lambda: imp.preview is not None and not imp.busy, timeout=WAIT)
    imp.set_column("external_id", "客户编号")
    job = "test-cancel-job"
    service.cancel_job(job)  # cancelled before the first chunk: it stops there
    imp.job = job
    name, data, cols = good.name, imp.data, imp.columns()
    imp.run(lambda: service.import_customers(name, data, dry_run=False, columns=cols,
                                             job=job), imp._import_done, imp._failed)
    qtbot.waitUntil(lambda: not imp.busy, timeout=WAIT)
    assert imp.report is None and "cancelled" in imp.last_error
    assert service.segments().customers == before


def test_a_cancelled_funnel_preview_keeps_nothing(manager: ManagerWindow, qtbot: QtBot,
                                                  tasks: TaskManager) -> None:
    """Cancel during the preview: the page is ready again at once, the late answer is
    dropped, the server was told (the preview's job), no plan was kept, and the next
    preview runs."""
    service = manager.service
    plan = manager.show_page(PlanPage)
    assert isinstance(plan, PlanPage)
    plan.campaign_combo.setCurrentIndex(plan.campaign_combo.findData("DATAPK"))
    qtbot.waitUntil(lambda: plan.rules is not None and plan.history is not None
                    and not tasks.busy, timeout=WAIT)
    saved_before = len(service.plans("DATAPK").plans)
    plan.check()
    job = plan.job
    assert plan.planning and job is not None and plan.cancel_button.isEnabled()
    assert not plan.preview_button.isEnabled() and plan.progress_bar.isVisible()
    qtbot.keyClick(plan.cancel_button, Qt.Key.Key_Space)
    assert not plan.planning and plan.job is None and not plan.progress_bar.isVisible()
    assert plan.preview_button.isEnabled() and not plan.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: not tasks.busy and not plan.busy, timeout=WAIT)
    assert plan.report is None and plan.funnel == []  # the answer, if any, was dropped
    assert "Cancelled" in plan.status.text()
    told = service.job(job)
    assert told.known and (told.cancelled or told.done)
    assert len(service.plans("DATAPK").plans) == saved_before  # a preview keeps no plan
    plan.check()
    qtbot.waitUntil(lambda: plan.report is not None and not plan.planning, timeout=WAIT)
    assert plan.report is not None and plan.report.dry_run and plan.funnel


def test_every_page_and_the_help_by_keyboard(manager: ManagerWindow, qtbot: QtBot) -> None:

    from ui.shortcuts import ShortcutsDialog, manager_table

    for n, key in enumerate((Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4,
                             Qt.Key.Key_5, Qt.Key.Key_6)):
        qtbot.keyClick(manager, key, Qt.KeyboardModifier.ControlModifier)
        assert manager.tabs.currentIndex() == n
    qtbot.keyClick(manager, Qt.Key.Key_F1)
    box = next(w for w in QApplication.topLevelWidgets()
               if isinstance(w, ShortcutsDialog) and w.isVisible())
    assert all(s.description in box.text() for s in manager_table())
    box.close()
    assert manager.menuBar().actions()[0].menu().actions()[-1] is \
        manager.actions_by_id["quit"]  # File first, Quit last


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_each_letter_of_a_page_names_one_control(qtbot: QtBot, tasks: TaskManager,
                                                 fresh_server: dict[str, Any],
                                                 tmp_path: Path, lang: str) -> None:
    """Alt+letter reaches one control on every page, in both languages (the plan page had
    two labels on W), and every field a label names has one (the pilot's name, agents and
    share, and the do-not-call import's source, were reached only with Tab)."""
    from tests.ui.lang import language
    from tests.ui.mnemonics import clashes, without_letter

    with language(lang):
        ws = open_role(fresh_server["url"], account(fresh_server["accounts"], "admin"),
                       tmp_path / "admin")
        win = ManagerWindow(ws, tasks, service=ManagerService(ws.client,
                                                              tmp_path / "maps.json"))
        qtbot.addWidget(win)
        win.show()
        win.start()
        qtbot.waitUntil(lambda: not tasks.busy, timeout=WAIT)
        found = clashes(win.pages, win.menuBar())
        unlettered = without_letter(win.pages)
        win.close()
    assert not found
    assert not unlettered
