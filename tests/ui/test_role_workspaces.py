"""A workspace per role opens only what it needs: on one computer and one profile, an
agent, then a team lead, a quality checker and an admin log in through ui/main.py's start
path against the real server. The agent gets the local store and the sync engine; the
lead, the checker and the campaign manager (admin) get their windows over the server's
client alone: no local database, no offline-unlock record, no sync thread."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.services.workspace import OnlineWorkspace, Workspace, keeps_local_store
from tests.conftest import account
from ui.lead.window import LeadWindow
from ui.main import Launcher, parse_args
from ui.main_window import MainWindow
from ui.manager.window import ManagerWindow
from ui.quality.window import QualityWindow
from wire.schema import Role


def sync_threads() -> list[str]:
    return [t.name for t in threading.enumerate()
            if t.name.startswith("callsheet-sync") and t.is_alive()]


def files(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in root.rglob("*") if p.is_file()}


def log_in(qtbot: QtBot, data: Path, url: str, acct: dict[str, Any],
           window_type: type) -> Launcher:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    la = Launcher(app, parse_args(["--data-dir", str(data), "--server", url,
                                   "--demo-time", "12:00"]))
    la.start()
    dialog = la.dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)  # no session to resume
    dialog.user_edit.setText(acct["username"])
    dialog.password_edit.setText(acct["password"])
    dialog.login_button.click()
    qtbot.waitUntil(lambda: isinstance(la.window, window_type), timeout=20000)
    assert la.window is not None
    qtbot.addWidget(la.window)
    return la


def close(la: Launcher) -> None:
    assert la.window is not None
    la.window.close()  # each window closes its workspace
    la.tasks.shutdown()


def test_agent_then_lead_then_checker_on_one_profile(
    qtbot: QtBot, demo_server: dict[str, Any], tmp_path: Path
) -> None:
    url, accts = demo_server["url"], demo_server["accounts"]
    agent, lead, checker = (account(accts, "agent", 3), account(accts, "team_lead"),
                            account(accts, "qa"))
    assert [keeps_local_store(Role(r)) for r in ("agent", "admin", "team_lead", "qa")] == \
        [True, False, False, False]

    la = log_in(qtbot, tmp_path, url, agent, MainWindow)
    assert isinstance(la.window, MainWindow) and isinstance(la.window.ws, Workspace)
    agent_db = la.paths.user_db(url, agent["username"])
    assert agent_db.exists() and la.paths.user_unlock(url, agent["username"]).exists()
    qtbot.waitUntil(lambda: "callsheet-sync" in sync_threads(), timeout=10000)
    close(la)
    # The cycle thread ends with the window; the watcher is a daemon that may sit in its
    # long poll (the agent's own sign-off no longer wakes it) and leaves at its next turn.
    qtbot.waitUntil(lambda: "callsheet-sync" not in sync_threads(), timeout=10000)
    agents_threads = {t for t in threading.enumerate() if t.name.startswith("callsheet-sync")}
    before = files(la.paths.data_dir)

    boss = account(accts, "admin")
    for acct, window_type in ((lead, LeadWindow), (checker, QualityWindow),
                              (boss, ManagerWindow)):
        la = log_in(qtbot, tmp_path, url, acct, window_type)
        window = la.window
        assert isinstance(window, LeadWindow | QualityWindow | ManagerWindow)
        assert isinstance(window.ws, OnlineWorkspace)
        if isinstance(window, LeadWindow):  # the lead's monitor works from the server alone
            qtbot.waitUntil(lambda w=window: w.monitor is not None
                            and w.agent_model.rowCount() > 0, timeout=20000)
        elif isinstance(window, ManagerWindow):  # the campaign manager's pages load
            qtbot.waitUntil(lambda w=window: not w.tasks.busy, timeout=20000)
        else:
            qtbot.waitUntil(lambda w=window: w._run.pending == 0, timeout=20000)
        assert files(la.paths.data_dir) == before, "nothing local was made for this role"
        assert not la.paths.user_db(url, acct["username"]).exists()
        assert not la.paths.user_unlock(url, acct["username"]).exists()
        started = {t for t in threading.enumerate()
                   if t.name.startswith("callsheet-sync") and t.is_alive()} - agents_threads
        assert not started, "no sync engine for this role"
        close(la)

    # The agent's work on this computer is untouched by the other roles' sessions.
    la = log_in(qtbot, tmp_path, url, agent, MainWindow)
    assert isinstance(la.window, MainWindow)
    assert la.paths.user_db(url, agent["username"]) == agent_db
    qtbot.waitUntil(lambda: la.window is not None
                    and la.window.queue_panel.model.rowCount() > 0, timeout=20000)
    close(la)
