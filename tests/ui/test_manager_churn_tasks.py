"""Issue 22 in the manager's window, against the real server: big customers imported with
their tiers, fees and account manager show in the segments page's big-tier chart, and the
cause-analysis tasks their warnings opened are listed and one is closed with a finding
(the server keeps it, audited)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from app.api_client import ApiClient
from app.services.campaign_loop import CampaignLoopService
from app.services.manager import ManagerService
from server import models as m
from server.planning.models import ChurnTask
from tests.conftest import account
from ui.churn_tasks import ChurnTasksPage
from ui.manager.pages.segments import SegmentsPage
from ui.tasks import TaskManager

HEAD = ("external_id,name,phone,big_tier,account_manager,m1_voice_fee_yuan,"
        "m2_voice_fee_yuan,m3_voice_fee_yuan,m1_data_fee_yuan,m2_data_fee_yuan,"
        "m3_data_fee_yuan\n")


def big_customers_csv(manager: str) -> bytes:
    """Three big customers of `manager`: K1 voice -25 % (a fee task), K2 steady, K3 (no
    manager) total -10 % (a task for the admins)."""
    return (HEAD + f"K1,大客户甲,13900000301,diamond,{manager},800,800,600,400,400,400\n"
            f"K2,大客户乙,13900000302,gold,{manager},300,300,300,,,\n"
            "K3,大客户丙,13900000303,白金,,500,500,450,500,500,450\n").encode()


def test_big_tiers_and_tasks_in_the_manager_pages(qtbot: QtBot, tasks: TaskManager,
                                                  fresh_server: dict[str, Any],
                                                  tmp_path: Path) -> None:
    url, accounts = fresh_server["url"], fresh_server["accounts"]
    adm = account(accounts, "admin")
    client = ApiClient(url, token=ApiClient(url).login(adm["username"], adm["password"]).token)
    rep = client._request("POST", "/api/v1/admin/customers/import",
                          params={"filename": "big.csv"},
                          content=big_customers_csv(adm["username"]))
    assert (rep["inserted"], rep["owners_set"], rep["tasks_opened"]) == (3, 2, 2)

    seg = SegmentsPage(ManagerService(client, tmp_path / "maps.json"), tasks)
    qtbot.addWidget(seg)
    seg.refresh()
    qtbot.waitUntil(lambda: seg.data is not None and not tasks.busy, timeout=30000)
    assert seg.big_chart["diamond"] == (1, 1)
    assert seg.big_chart["gold"] == (1, 0)
    assert seg.big_chart["platinum"] == (1, 1)

    page = ChurnTasksPage(CampaignLoopService(client), tasks)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    assert page.busy and page.progress_bar.isVisible()  # the busy bar while it loads
    qtbot.waitUntil(lambda: len(page.rows) == 2 and not tasks.busy, timeout=15000)
    assert not page.busy and not page.progress_bar.isVisible()
    assert sorted(t.external_id for t in page.rows) == ["K1", "K3"]
    page.table.selectRow([t.external_id for t in page.rows].index("K1"))
    assert "-25.0 %" in page.detail.text() and page.close_button.isEnabled()
    page.apply()  # no finding yet: refused on the page, nothing sent
    assert "finding" in page.status.text().lower()
    page.finding.setPlainText("Moved voice lines to a rival's group plan; visit on Friday.")
    page.close_button.click()
    qtbot.waitUntil(lambda: "audited" in page.status.text(), timeout=15000)
    eng = create_engine(fresh_server["db_url"])
    with Session(eng) as s:
        closed = s.scalar(select(func.count()).select_from(ChurnTask).where(
            ChurnTask.status == "closed", ChurnTask.finding.like("Moved voice%")))
        audits = s.scalar(select(func.count()).select_from(m.AuditLog).where(
            m.AuditLog.action == "churn_task.close"))
    eng.dispose()
    assert (closed, audits) == (1, 1)
