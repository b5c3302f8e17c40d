"""Alt+letter in the agent's, the checker's and the verifier's windows and the desktop's
dialogs, in both languages: each letter on screen reaches one control, counting the menu
bar's menus, whose letters work everywhere in the window (the lead's and the manager's
pages are checked in test_lead_layout.py and test_manager_window.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.settings import Settings
from tests.conftest import account
from tests.e2e.desktop import midday_clock, open_role
from tests.ui.lang import language
from tests.ui.mnemonics import clashes, without_letter
from ui.dnc_dialog import DncDialog
from ui.feedback_dialog import FeedbackDialog
from ui.main_window import MainWindow
from ui.pause_dialog import PauseDialog
from ui.quality.window import QualityWindow
from ui.rejected_dialog import RejectedDialog
from ui.settings_dialog import SettingsDialog
from ui.tasks import TaskManager
from ui.verifier.window import VerifierWindow

LANGS = ["en", "zh_CN"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_agent_window_with_a_customer_open(qtbot: QtBot, tasks: TaskManager,
                                               demo_server: dict[str, Any], tmp_path: Path,
                                               lang: str) -> None:
    with language(lang):
        ws = open_role(demo_server["url"], account(demo_server["accounts"], "agent"),
                       tmp_path / "agent", clock=midday_clock())
        win = MainWindow(ws, tasks)
        qtbot.addWidget(win)
        win.show()
        win.start()
        try:
            qtbot.waitUntil(lambda: win.queue_panel.model.rowCount() > 0, timeout=30000)
            win.queue_panel.select_row(0)
            qtbot.waitUntil(lambda: win.detail is not None, timeout=10000)
            assert not clashes([win.centralWidget()], win.menuBar())
            assert not without_letter([win.centralWidget()])
        finally:
            win.close()


def _online_window(qtbot: QtBot, tasks: TaskManager, server: dict[str, Any], data: Path,
                   lang: str, role: str, window: Any, ready: Callable[[Any], bool]) -> None:
    """A role's online window (no local store) in `lang`, checked once it is `ready`."""
    with language(lang):
        ws = open_role(server["url"], account(server["accounts"], role), data / role)
        win = window(ws, tasks)
        qtbot.addWidget(win)
        win.show()
        win.start()
        try:
            qtbot.waitUntil(lambda: ready(win), timeout=30000)
            assert not clashes([win.centralWidget()], win.menuBar())
            assert not without_letter([win.centralWidget()])
        finally:
            win.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_checker_window(qtbot: QtBot, tasks: TaskManager, fresh_server: dict[str, Any],
                            tmp_path: Path, lang: str) -> None:
    _online_window(qtbot, tasks, fresh_server, tmp_path, lang, "qa", QualityWindow,
                   lambda win: win.screenshot_ready())


@pytest.mark.parametrize("lang", LANGS)
def test_the_verifier_window(qtbot: QtBot, tasks: TaskManager, fresh_server: dict[str, Any],
                             tmp_path: Path, lang: str) -> None:
    _online_window(qtbot, tasks, fresh_server, tmp_path, lang, "verifier", VerifierWindow,
                   lambda win: win.loaded and len(win.items) >= 1)


@pytest.mark.parametrize("lang", LANGS)
def test_the_dialogs(qtbot: QtBot, tasks: TaskManager, tmp_path: Path, lang: str) -> None:
    """The settings (with the SIP box: Registrar and SRTP were both R, Transport and Test
    both T), do-not-call, feedback, pause and rejected-actions dialogs."""
    with language(lang):
        dialogs = [SettingsDialog(Settings(), tmp_path / "settings.json", tasks),
                   DncDialog("张三"), FeedbackDialog(), PauseDialog(), RejectedDialog()]
        for d in dialogs:
            qtbot.addWidget(d)
            d.show()
        try:
            assert not clashes(dialogs)
            assert not without_letter(dialogs)
        finally:
            for d in dialogs:
                d.close()
