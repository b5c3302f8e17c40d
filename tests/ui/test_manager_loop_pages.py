"""The campaign loop's pages (approval, pilot, training) and the agent's quiz, standalone
against the real server, worked from the keyboard: a plan submitted by one admin is not
approved by the same one (the server's 409 in words), a second admin approves it, a
pilot goes to an agent and is decided "go", a quiz is published, and the agent passes it
in the quiz dialog."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.api_client import ApiClient
from app.services.campaign_loop import CampaignLoopService
from tests.conftest import account
from tests.support.accounts import add_admin, logged_in
from tests.support.keys import press_loop_key
from tests.ui.lang import language
from ui import labels, shortcuts
from ui.lead.pages.common import LiveFigures
from ui.lead.pages.monitor import MonitorPage
from ui.manager.pages import approval, pilot, targets, training
from ui.tasks import TaskManager
from ui.training_quiz import TrainingQuizDialog
from wire import campaign_loop as w
from wire.lead import Monitor, TeamOut
from wire.schema import Objection

SMALL = Path(__file__).resolve().parents[1] / "data" / "planning" / "customers_small.csv"





def _settle(qtbot: QtBot, tasks: TaskManager) -> None:
    qtbot.waitUntil(lambda: not tasks.busy, timeout=15000)


def test_loop_pages_from_the_keyboard(qtbot: QtBot, tasks: TaskManager,
                                      fresh_server: dict[str, Any]) -> None:
    url, accounts = fresh_server["url"], fresh_server["accounts"]
    adm = account(accounts, "admin")
    admin = logged_in(url, adm["username"], adm["password"])
    ag = account(accounts, "agent")
    admin._request("POST", "/api/v1/admin/customers/import", params={"filename": "c.csv"},
                   content=SMALL.read_bytes())  # 4 DATAPK targets (test_planning_campaign)
    r = admin._request("POST", "/api/v1/admin/campaigns/DATAPK/plan", json={})
    assert r["targets"] > 0
    page = approval.Page(CampaignLoopService(admin), tasks)
    qtbot.addWidget(page)
    page.show()
    page.campaign.setText("DATAPK")
    qtbot.keyClick(page.campaign, Qt.Key.Key_Return)
    _settle(qtbot, tasks)
    assert page.table.rowCount() == 1 and page.plans[0].status == "draft"
    page.table.setFocus()
    press_loop_key(qtbot, page, "submit_plan")
    _settle(qtbot, tasks)
    qtbot.waitUntil(lambda: bool(page.plans) and page.plans[0].status == "submitted",
                    timeout=10000)
    page.table.setFocus()
    press_loop_key(qtbot, page, "approve_plan")  # the submitter: refused, in words
    _settle(qtbot, tasks)
    assert "second person" in page.status.text()
    page.table.setFocus()
    press_loop_key(qtbot, page, "reject_plan")  # a rejection without a comment is not sent
    assert "comment" in page.status.text() and page.comment.hasFocus()
    name2, pw2 = add_admin(fresh_server["db_url"])
    page2 = approval.Page(CampaignLoopService(logged_in(url, name2, pw2)), tasks)
    qtbot.addWidget(page2)
    page2.show()
    page2.campaign.setText("DATAPK")
    page2.refresh()
    _settle(qtbot, tasks)
    page2.comment.setText("checked the funnel")
    page2.table.setFocus()
    press_loop_key(qtbot, page2, "approve_plan")
    _settle(qtbot, tasks)
    qtbot.waitUntil(lambda: bool(page2.plans) and page2.plans[0].status == "approved",
                    timeout=10000)
    assert page2.table.item(0, 7).text() == "checked the funnel"

    # the pilot: a small share on one agent, then "go"
    pp = pilot.Page(CampaignLoopService(admin), tasks)
    qtbot.addWidget(pp)
    pp.show()
    pp.campaign.setText("DATAPK")
    pp.refresh()
    _settle(qtbot, tasks)
    assert pp.plan_id == page2.plans[0].plan_id
    pp.name.setText("Pilot 1")
    pp.agents.setText(ag["username"])
    pp.share.setValue(10)
    pp.name.setFocus()
    press_loop_key(qtbot, pp, "start_pilot")
    _settle(qtbot, tasks)
    qtbot.waitUntil(lambda: len(pp.reports) == 1, timeout=10000)
    _settle(qtbot, tasks)
    assert pp.reports[0].items > 0 and pp.reports[0].agents == [ag["username"]]
    pp.table.setFocus()
    pp.table.selectRow(0)
    press_loop_key(qtbot, pp, "pilot_go")
    _settle(qtbot, tasks)
    qtbot.waitUntil(lambda: bool(pp.reports) and pp.reports[0].decision == "go",
                    timeout=10000)

    # the quiz, published from the editor
    tp = training.Page(CampaignLoopService(admin), tasks)
    qtbot.addWidget(tp)
    tp.show()
    tp.campaign.setText("DATAPK")
    tp.editor.setFocus()
    press_loop_key(qtbot, tp, "publish_quiz")
    _settle(qtbot, tasks)
    assert tp.version == 1, tp.status.text()

    # the agent passes it in the quiz dialog
    agent = logged_in(url, ag["username"], ag["password"])
    dialog = TrainingQuizDialog(CampaignLoopService(agent), tasks)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.refresh()
    _settle(qtbot, tasks)
    _settle(qtbot, tasks)
    assert dialog.campaigns.currentData() == "DATAPK" and len(dialog.groups) == 2
    dialog.submit()
    assert "every question" in dialog.state.text()
    for group in dialog.groups:  # the first choice is right in training.EXAMPLE
        group.buttons()[0].setChecked(True)
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    _settle(qtbot, tasks)
    assert "Passed" in dialog.state.text()
    status = CampaignLoopService(agent).my_training()
    assert [(s.campaign_code, s.passed) for s in status if s.campaign_code == "DATAPK"] == \
        [("DATAPK", True)]


@pytest.mark.parametrize("entries", [shortcuts.loop_table()])
def test_loop_keys_are_bound_once(entries: list[shortcuts.Shortcut]) -> None:
    keys = [k for s in entries for k in s.keys]
    assert len(keys) == len(set(keys))


def test_targets_page_saves_and_the_lead_sees_them(qtbot: QtBot, tasks: TaskManager,
                                                   fresh_server: dict[str, Any]) -> None:
    url, accounts = fresh_server["url"], fresh_server["accounts"]
    adm = account(accounts, "admin")
    svc = CampaignLoopService(logged_in(url, adm["username"], adm["password"]))
    team = "Team A / 一组"
    page = targets.Page(svc, tasks)
    qtbot.addWidget(page)
    page.show()
    page.campaign.setText(team)
    qtbot.keyClick(page.campaign, Qt.Key.Key_Return)
    _settle(qtbot, tasks)
    assert page.spins["day_target"].value() == -1  # none yet
    page.spins["agent_daily_cap"].setValue(40)
    page.spins["day_target"].setValue(300)
    page.spins["week_target"].setValue(1500)
    page.spins["day_target"].setFocus()
    press_loop_key(qtbot, page, "save_targets")
    _settle(qtbot, tasks)
    assert svc.targets(team) == w.TeamTargets(agent_daily_cap=40, day_target=300,
                                              week_target=1500)
    # the lead's monitor line, from a monitor answer with those figures
    mp = MonitorPage(LiveFigures())
    qtbot.addWidget(mp)
    now = datetime.now(UTC)
    mp.show_monitor(Monitor(server_time=now, day_start=now, agents=[], campaigns=[],
                            hours=[], teams=[TeamOut(id="t", name="A", calls_today=120,
                                                     calls_week=800, day_target=300,
                                                     week_target=1500,
                                                     agent_daily_cap=40)]), first=True)
    assert mp.targets.text() == ("A: calls today 120 / 300, this week 800 / 1500 "
                                 "(daily caps: 40 per agent, – per team)")


def _report(name: str, success: int, awaiting: int, reversed_: int) -> w.PilotReport:
    return w.PilotReport(pilot_id=name, plan_id="p", campaign_code="DATAPK", name=name,
                         agents=["a1"], items=6, called=5, reached=4, success=success,
                         sales_awaiting=awaiting, sales_reversed=reversed_,
                         objections={"already_has": 2, "price": 3, "from_the_future": 1})


def test_pilot_page_shows_sales_as_verification_left_them(qtbot: QtBot,
                                                          tasks: TaskManager) -> None:
    """Success is the confirmed sales; awaiting and reversed stand beside it, in the table
    and, for the selected pilot, above the decision buttons (in both languages). The
    figures come from the server's report (tests/server/test_campaign_loop.py computes
    them by hand); the page shows them and never adds them up."""
    pp = pilot.Page(CampaignLoopService(ApiClient("http://127.0.0.1:9")), tasks)
    qtbot.addWidget(pp)
    pp._show(("plan", [_report("P1", 1, 1, 1), _report("P2", 3, 0, 2)]))
    heads = [pp.table.horizontalHeaderItem(c).text() for c in range(pp.table.columnCount())]
    col = heads.index("Success\n(confirmed)")  # two lines: the table fits 1366 px
    assert heads[col + 1:col + 3] == ["Awaiting\nverification", "Reversed"]
    assert [pp.table.item(1, c).text() for c in range(col, col + 3)] == ["3", "0", "2"]
    # objections by the agent's own labels; a code this desktop does not know as it came
    assert pp.table.item(1, heads.index("Objections")).text() == (
        f"{labels.objection(Objection.ALREADY_HAS)} 2, {labels.objection(Objection.PRICE)} 3, "
        "from_the_future 1")
    assert "already_has" not in pp.table.item(1, heads.index("Objections")).text()
    pp.table.selectRow(0)
    assert pp.sales.text() == ("P1: 1 sales confirmed by verification (of 4 customers "
                               "reached); 1 awaiting verification, 1 reversed by it.")
    pp.table.selectRow(1)
    assert pp.sales.text().startswith("P2: 3 sales confirmed")
    with language("zh_CN"):
        zh = pilot.Page(CampaignLoopService(ApiClient("http://127.0.0.1:9")), tasks)
        qtbot.addWidget(zh)
        zh._show(("plan", [_report("P1", 1, 1, 1)]))
        heads = [zh.table.horizontalHeaderItem(c).text()
                 for c in range(zh.table.columnCount())]
        assert {"成功\n（回访确认）", "待回访", "回访撤销"} <= set(heads)
        assert zh.table.item(0, heads.index("异议原因")).text().startswith(
            labels.objection(Objection.ALREADY_HAS))
        assert "already_has" not in zh.table.item(0, heads.index("异议原因")).text()
        assert zh.sales.text() == ("P1：经回访确认的成功 1 单（接通客户 4 位）；1 单待回访，"
                                   "1 单被回访撤销。")


def test_a_page_first_shown_asks_for_the_campaign_plainly_then_in_red(
        qtbot: QtBot, tasks: TaskManager, fresh_server: dict[str, Any]) -> None:
    """Opening the approval, pilot or training page with no campaign typed is not an
    error: the page asks for the code in plain words and puts the cursor in its field;
    Load with the field still empty says it in red."""
    adm = account(fresh_server["accounts"], "admin")
    admin = logged_in(fresh_server["url"], adm["username"], adm["password"])
    for make in (approval.Page, pilot.Page, training.Page):
        page = make(CampaignLoopService(admin), tasks)
        qtbot.addWidget(page)
        page.show()
        page.activateWindow()
        page.refresh()  # as the manager's window does when the page is first shown
        assert page.status.text() == "Enter a campaign code."
        assert page.status.styleSheet() == ""
        qtbot.waitUntil(page.campaign.hasFocus, timeout=5000)
        qtbot.mouseClick(page.load_button, Qt.MouseButton.LeftButton)
        assert page.status.text() == "Enter a campaign code."
        assert "#b3261e" in page.status.styleSheet()
        assert not tasks.busy  # nothing was asked of the server
        page.close()
