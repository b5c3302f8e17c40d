"""Rebalancing from the lead's window against the real server: only online agents are
ticked, the dialog shows what moves from whom to whom before the lead confirms, the
campaign label is a real mnemonic (no literal "&"), and promised call-backs stay."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFormLayout, QLabel
from pytestqt.qtbot import QtBot

from app.services.lead import LeadService
from tests.conftest import account
from tests.e2e.desktop import open_desktop, open_role
from ui.lead.rebalance import RebalanceDialog
from ui.lead.window import LeadWindow
from ui.tasks import TaskManager
from wire.lead import LiveState


@pytest.fixture
def lead(qtbot: QtBot, tasks: TaskManager, fresh_server: dict[str, Any],
         tmp_path: Path) -> Iterator[LeadWindow]:
    online = open_desktop(fresh_server["url"], account(fresh_server["accounts"], "agent", 1),
                          tmp_path / "agent")
    online.sync.run_once()  # this one talks to the server; the others never did
    ws = open_role(fresh_server["url"], account(fresh_server["accounts"], "team_lead"),
                      tmp_path / "lead")
    win = LeadWindow(ws, tasks)
    qtbot.addWidget(win)
    win.show()
    win.start()
    qtbot.waitUntil(lambda: win.monitor is not None, timeout=20000)
    yield win
    win.close()
    online.close()


def test_rebalance_previews_the_moves_of_online_agents_and_confirms_with_enter(
        lead: LeadWindow, qtbot: QtBot) -> None:
    assert lead.monitor is not None
    online = {a.agent_id for a in lead.monitor.agents if a.state is not LiveState.OFFLINE}
    assert len(online) == 1
    lead.tabs.setCurrentIndex(1)
    lead.campaign_view.selectRow(0)
    campaign = lead.monitor.campaigns[0].campaign_id
    before = LeadService(lead.ws.client).team_queue(campaign_id=campaign).items
    seen: dict[str, Any] = {}

    def in_dialog() -> None:
        dialog = lead.rebalance_dialog
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(50, in_dialog)
            return
        form = dialog.findChild(QFormLayout)
        assert form is not None
        label = form.labelForField(dialog.campaign)
        assert isinstance(label, QLabel) and label.buddy() is dialog.campaign
        seen["ticked"] = set(dialog.agent_ids())
        qtbot.waitUntil(lambda: dialog.result_preview is not None, timeout=10000)
        preview = dialog.result_preview
        assert preview is not None
        seen["preview"] = preview
        seen["rows"] = [[(cell.text() if (cell := dialog.table.item(r, c)) else "")
                         for c in range(3)] for r in range(dialog.table.rowCount())]
        seen["confirm"] = dialog.confirm.text()
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)  # the default button: confirm

    QTimer.singleShot(0, in_dialog)
    lead.queue_actions.rebalance()  # opens the dialog window-modal and returns at once
    qtbot.waitUntil(lambda: "confirm" in seen, timeout=15000)
    assert seen["ticked"] == online, "offline agents are not ticked by default"
    preview = seen["preview"]
    assert preview.moved > 0 and len(seen["rows"]) == len(preview.moves)
    assert all(mv.to_agent_id in online for mv in preview.moves)
    assert [r[2] for r in seen["rows"]] == [str(mv.items) for mv in preview.moves]
    assert str(preview.moved) in seen["confirm"]

    def moved() -> Counter[tuple[str, str]]:
        after = LeadService(lead.ws.client).team_queue(campaign_id=campaign).items
        owner = {i.item_id: i.agent_id for i in before}
        return Counter((owner[i.item_id], i.agent_id) for i in after
                       if owner[i.item_id] != i.agent_id)

    qtbot.waitUntil(lambda: sum(moved().values()) == preview.moved, timeout=10000)
    assert moved() == Counter({(mv.from_agent_id, mv.to_agent_id): mv.items
                               for mv in preview.moves})
    kept = [i for i in before if i.callback_at is not None]
    after = {i.item_id: i.agent_id for i in
             LeadService(lead.ws.client).team_queue(campaign_id=campaign).items}
    assert all(after[i.item_id] == i.agent_id for i in kept), "call-backs stay"


def test_escape_moves_nothing(lead: LeadWindow, qtbot: QtBot) -> None:
    assert lead.monitor is not None
    dialog = RebalanceDialog(lead.monitor.campaigns, lead.monitor.agents, None,
                             lead.service.rebalance_preview, lead.tasks, lead)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.result_preview is not None, timeout=10000)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == RebalanceDialog.DialogCode.Rejected
