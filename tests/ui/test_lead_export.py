"""The lead's exports from the keyboard: Ctrl+E asks for a file and writes the table shown,
as CSV for Excel (BOM, formulas neutralised) or as XLSX, in the language on screen."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMenu
from pytestqt.qtbot import QtBot

from tests.conftest import account
from tests.e2e.desktop import open_role
from ui.lead.export import write_table
from ui.lead.window import LeadWindow
from ui.tasks import TaskManager


@pytest.fixture
def lead(qtbot: QtBot, tasks: TaskManager, demo_server: dict[str, Any],
         tmp_path: Path) -> Iterator[LeadWindow]:
    ws = open_role(demo_server["url"], account(demo_server["accounts"], "team_lead"),
                      tmp_path / "lead")
    win = LeadWindow(ws, tasks)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.start()
    qtbot.waitUntil(lambda: win.monitor is not None, timeout=20000)
    yield win
    win.close()


def _answer(qtbot: QtBot, lead: LeadWindow, path: Path, chosen: str) -> str:
    """The save dialog the export opened (window-modal, the window live behind it): pick
    the file type and name, and accept. Returns the name it suggested."""
    qtbot.waitUntil(lambda: lead.exports.file_dialog is not None
                    and lead.exports.file_dialog.isVisible(), timeout=5000)
    dialog = lead.exports.file_dialog
    assert isinstance(dialog, QFileDialog)
    suggested = dialog.selectedFiles()[0]
    dialog.selectNameFilter(chosen)
    dialog.selectFile(str(path))
    dialog.accept()
    return suggested


def test_ctrl_e_asks_for_a_file_and_writes_csv(
        lead: LeadWindow, qtbot: QtBot, tmp_path: Path) -> None:
    target = tmp_path / "agents"  # no suffix: the chosen filter decides
    qtbot.keyClick(lead, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    suggested = _answer(qtbot, lead, target, lead.tr("CSV for Excel (*.csv)"))
    assert "callsheet-agents-" in suggested, "Ctrl+E opened the save dialog"
    out = tmp_path / "agents.csv"
    qtbot.waitUntil(out.exists, timeout=5000)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][0] == "Agent" and len(rows) == 1 + lead.agent_model.rowCount()


def test_file_menu_export_writes_xlsx_with_the_shown_columns(
        lead: LeadWindow, qtbot: QtBot, tmp_path: Path) -> None:
    target = tmp_path / "agents.xlsx"
    lead.actions_by_id["export"].trigger()  # File › Export: triggered(checked=False)
    _answer(qtbot, lead, target, lead.tr("Excel workbook (*.xlsx)"))
    qtbot.waitUntil(target.exists, timeout=5000)
    sheet = load_workbook(target).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    model = lead.agent_model
    assert list(values[0]) == [model.headerData(c, Qt.Orientation.Horizontal)
                               for c in range(model.columnCount())]
    assert len(values) == 1 + model.rowCount()
    calls = next(c for c in range(model.columnCount()) if values[0][c] == "Calls")
    assert all(isinstance(r[calls], int) for r in values[1:]), "counts stay numbers"


def test_cells_excel_would_run_are_text(tmp_path: Path) -> None:
    rows = [["=HYPERLINK(\"x\")", "+1", "-3", "@SUM(A1)", "12", "007", "张三"]]
    write_table(tmp_path / "t.csv", ["a", "b", "c", "d", "e", "f", "g"], rows)
    text = (tmp_path / "t.csv").read_bytes().decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM" in text and "张三" in text
    write_table(tmp_path / "t.xlsx", ["a", "b", "c", "d", "e", "f", "g"], rows)
    sheet = load_workbook(tmp_path / "t.xlsx").active
    assert sheet is not None
    cells = [c for c in next(sheet.iter_rows(min_row=2, values_only=True))]
    assert cells[0] == "'=HYPERLINK(\"x\")" and cells[3] == "'@SUM(A1)"
    assert sheet.cell(row=2, column=1).data_type == "s", "stored as text, not a formula"
    assert cells[4] == 12 and cells[5] == "007" and cells[6] == "张三"


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_daily_summary_exports_agents_and_campaigns(
        lead: LeadWindow, qtbot: QtBot, tmp_path: Path, suffix: str) -> None:
    from datetime import UTC, datetime, timedelta

    from ui.lead.summary import SummaryRangeDialog

    today = datetime.now(UTC).date()
    target = tmp_path / f"summary.{suffix}"
    lead.export_summary(str(target), (today - timedelta(days=6), today))
    qtbot.waitUntil(lambda: lead.summary_written == target, timeout=15000)
    assert lead.monitor is not None
    n_agents = len(lead.monitor.agents)
    if suffix == "xlsx":
        book = load_workbook(target)
        assert book.sheetnames == ["Agents", "Campaigns"]
        agents = list(book["Agents"].iter_rows(values_only=True))
        camps = list(book["Campaigns"].iter_rows(values_only=True))
        assert agents[0][:11] == ("Agent", "Team", "Days", "Calls", "Reached",
                                  "Sales (confirmed)", "Conversion", "Avg talk",
                                  "Do-not-call flags", "Awaiting verification",
                                  "Reversed at verification")  # issue 21
        assert camps[0][-4:] == ("Renewal rate after trial", "Packs kept",  # issue 21
                                 "Survey calls", "Satisfaction (mean 1-5)")
        assert any(str(h).startswith("Paused: Break") for h in agents[0])
        assert len(agents) == 1 + n_agents and len(camps) > 1
        assert sum(r[3] for r in agents[1:]) == sum(r[2] for r in camps[1:]) > 0
    else:
        rows = list(csv.reader(target.read_bytes().decode("utf-8-sig").splitlines()))
        assert rows[0][0] == "Agent" and rows[1 + n_agents] == []
        assert rows[2 + n_agents][0] == "Campaign"
    # The range dialog refuses an upside-down range.
    dialog = SummaryRangeDialog(lead)
    qtbot.addWidget(dialog)
    dialog.end.setDate(dialog.start.date().addDays(-1))
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok is not None and not ok.isEnabled() and dialog.problem.text()


def test_summary_from_the_menu_asks_the_days_then_the_file(
        lead: LeadWindow, qtbot: QtBot, tmp_path: Path) -> None:
    """Both questions open window-modal, one after the other; Enter takes today."""
    file_menu = lead.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    summary = next(a for a in file_menu.actions() if "summary" in a.text())
    summary.trigger()
    dialog = lead.exports.range_dialog
    assert dialog is not None and dialog.isVisible() and dialog.isModal()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    target = tmp_path / "today.csv"
    assert "callsheet-summary-" in _answer(qtbot, lead, target, lead.tr("CSV for Excel (*.csv)"))
    qtbot.waitUntil(lambda: lead.summary_written == target, timeout=15000)
    assert lead.exports.range_dialog is None and lead.exports.file_dialog is None
