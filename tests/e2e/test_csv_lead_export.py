"""The team lead's table export (File > Export table as CSV) against the real server, with
agents whose display names look like formulas: every such cell comes out as text."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from server.db import make_engine
from server.models import User
from server.orm import session_factory
from tests.conftest import account
from tests.e2e.desktop import open_role
from ui.lead.window import LeadWindow
from ui.tasks import TaskManager

HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3",
           "\t=1", "\r=1"]


def test_lead_table_export_quotes_formula_names(fresh_server: dict[str, Any], tmp_path: Path,
                                                qtbot: QtBot) -> None:
    engine = make_engine(fresh_server["db_url"])
    with session_factory(engine)() as s:
        agents = list(s.scalars(select(User.id).where(User.role == "agent").order_by(User.id)))
        for n, agent_id in enumerate(agents):
            s.execute(update(User).where(User.id == agent_id)
                      .values(display_name=HOSTILE[n % len(HOSTILE)]))
        s.commit()
    engine.dispose()
    lead_ws = open_role(fresh_server["url"], account(fresh_server["accounts"], "team_lead"),
                           tmp_path / "lead")
    tasks = TaskManager()
    window = LeadWindow(lead_ws, tasks)
    qtbot.addWidget(window)
    try:
        window.start()
        qtbot.waitUntil(lambda: window.monitor is not None and window.agent_model.rowCount() > 0,
                        timeout=15000)
        out = window.export_current(str(tmp_path / "agents.csv"))
        assert out is not None
        with out.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        names = [r[0] for r in rows[1:]]
        assert names and all(n in ["'" + h for h in HOSTILE] for n in names), names
        shown = {window.agent_model.index(i, 0).data()
                 for i in range(window.agent_model.rowCount())}
        assert shown <= set(HOSTILE), "the window shows the names as they are"
    finally:
        window.close()
        tasks.shutdown()
