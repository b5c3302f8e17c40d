"""The team lead's cause-analysis tasks (issue 22), in the lead's window against the real
server: the manager's widget (ui/churn_tasks.py) as the tab Ctrl+4 shows only the tasks of
the customers this lead manages (not the admin's, not those of customers without an
account manager), and the lead closes one with the finding; the server keeps it,
audited, closed by the lead."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from server import models as m
from server.planning.models import ChurnTask
from tests.conftest import account
from tests.e2e.desktop import open_role
from tests.support.accounts import logged_in
from ui import shortcuts
from ui.churn_tasks import ChurnTasksPage
from ui.lead.window import LeadWindow
from ui.tasks import TaskManager

HEAD = ("external_id,name,phone,big_tier,account_manager,m1_voice_fee_yuan,"
        "m2_voice_fee_yuan,m3_voice_fee_yuan,m1_data_fee_yuan,m2_data_fee_yuan,"
        "m3_data_fee_yuan\n")


def csv_of(lead: str, admin: str) -> bytes:
    """Four big customers on a fee warning (voice -25 %, or all fees -10 %): K1 and K3
    managed by the lead, K2 by the admin, K4 by nobody (its task is the admins')."""
    return (HEAD + f"K1,大客户甲,13900000401,diamond,{lead},800,800,600,400,400,400\n"
            f"K2,大客户乙,13900000402,gold,{admin},800,800,600,400,400,400\n"
            f"K3,大客户丙,13900000403,platinum,{lead},500,500,450,500,500,450\n"
            "K4,大客户丁,13900000404,gem,,800,800,600,,,\n").encode()


def test_lead_sees_own_tasks_and_closes_one(qtbot: QtBot, tasks: TaskManager,
                                            fresh_server: dict[str, Any],
                                            tmp_path: Path) -> None:
    url, accounts = fresh_server["url"], fresh_server["accounts"]
    adm, lead = account(accounts, "admin"), account(accounts, "team_lead")
    rep = logged_in(url, adm["username"], adm["password"])._request(
        "POST", "/api/v1/admin/customers/import", params={"filename": "big.csv"},
        content=csv_of(lead["username"], adm["username"]))
    assert (rep["owners_set"], rep["tasks_opened"]) == (3, 4)

    win = LeadWindow(open_role(url, lead, tmp_path / "lead"), tasks)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.start()
    page = win.churn_page
    assert isinstance(page, ChurnTasksPage)  # the manager's widget, not a copy
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=5000)
    [key] = [QKeySequence(s.keys[0])[0] for s in shortcuts.lead_table()
             if s.action == "tab_churn_tasks"]
    assert key.toCombined() == QKeySequence("Ctrl+4")[0].toCombined()
    qtbot.keyClick(win.focusWidget() or win, key.key(), key.keyboardModifiers())
    assert win.tabs.currentWidget() is page
    qtbot.waitUntil(lambda: len(page.rows) == 2 and not tasks.busy, timeout=20000)
    assert sorted(t.external_id for t in page.rows) == ["K1", "K3"]
    assert {t.manager for t in page.rows} == {lead["username"]}
    page.table.selectRow([t.external_id for t in page.rows].index("K3"))
    assert "K3" in page.detail.text() and page.close_button.isEnabled()
    page.finding.setPlainText("Data moved to a rival's fibre; visit with a bundle on Monday.")
    page.close_button.click()
    qtbot.waitUntil(lambda: "audited" in page.status.text(), timeout=15000)
    closed = next(t for t in page.rows if t.external_id == "K3")
    assert (closed.status, closed.closed_by) == ("closed", lead["username"])
    assert not page.close_button.isEnabled()  # closed once
    win.close()

    eng = create_engine(fresh_server["db_url"])
    with Session(eng) as s:
        rows = s.execute(select(m.Customer.external_id, ChurnTask.status, ChurnTask.finding,
                                m.User.username)
                         .join(ChurnTask, ChurnTask.customer_id == m.Customer.id)
                         .outerjoin(m.User, m.User.id == ChurnTask.closed_by)
                         .order_by(m.Customer.external_id)).all()
        audited = s.scalars(select(m.AuditLog.actor_id).where(
            m.AuditLog.action == "churn_task.close")).all()
        lead_id = s.scalar(select(m.User.id).where(m.User.username == lead["username"]))
    eng.dispose()
    assert [(r[0], r[1]) for r in rows] == [("K1", "open"), ("K2", "open"), ("K3", "closed"),
                                            ("K4", "open")]
    assert rows[2][2].startswith("Data moved") and rows[2][3] == lead["username"]
    assert audited == [lead_id]
