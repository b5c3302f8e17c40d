"""The lead's agent table at a desk's screen sizes, in English and Chinese: the columns a
lead watches are in view without scrolling, no column is cut short ("…"), and the rest
are reached by scrolling; at 1920x1080 the whole table fits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import account
from tests.e2e.desktop import open_role
from tests.ui import lang
from ui.lead.window import LeadWindow
from ui.tasks import TaskManager


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_agent_table_fits_by_priority(
        qtbot: QtBot, tasks: TaskManager, demo_server: dict[str, Any], tmp_path: Path,
        language: str, size: tuple[int, int]) -> None:
    with lang.language(language):
        ws = open_role(demo_server["url"], account(demo_server["accounts"], "team_lead"),
                          tmp_path / "lead")
        win = LeadWindow(ws, tasks)
        qtbot.addWidget(win)
        win.resize(*size)
        win.show()
        qtbot.waitExposed(win)
        win.start()
        qtbot.waitUntil(lambda: win.monitor is not None and win.agent_model.rowCount() > 0,
                        timeout=20000)
        qtbot.wait(100)
        view, header = win.agent_view, win.agent_view.horizontalHeader()
        visible = view.viewport().width()
        columns = win.agent_model.columns
        try:
            for c, col in enumerate(columns):
                need = max(view.sizeHintForColumn(c), header.sectionSizeHint(c))
                assert header.sectionSize(c) >= need, f"{col.title} cut short"
                right = header.sectionViewportPosition(c) + header.sectionSize(c)
                if col.priority == 0:
                    assert right <= visible, f"{col.title} out of view at {size}"
            bar = view.horizontalScrollBar()
            assert bar.maximum() >= header.length() - visible - 2, "the rest is reachable"
            if size[0] >= 1920:
                assert header.length() <= visible, "everything fits at 1920"
            assert view.height() >= 26 * 8 + header.height(), "eight agents in view"
        finally:
            win.close()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_each_letter_of_a_lead_page_names_one_control(
        qtbot: QtBot, tasks: TaskManager, demo_server: dict[str, Any], tmp_path: Path,
        language: str) -> None:
    from tests.ui.mnemonics import clashes, without_letter

    with lang.language(language):
        ws = open_role(demo_server["url"], account(demo_server["accounts"], "team_lead"),
                       tmp_path / "lead")
        win = LeadWindow(ws, tasks)
        qtbot.addWidget(win)
        win.show()
        win.start()
        qtbot.waitUntil(lambda: win.monitor is not None, timeout=20000)
        try:
            pages = [win.tabs.widget(i) for i in range(win.tabs.count())]
            assert not clashes(pages, win.menuBar())
            assert not without_letter(pages)
        finally:
            win.close()
