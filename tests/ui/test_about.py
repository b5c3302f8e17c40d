"""Log file and Help → About diagnostics: a real login leaves no secret behind."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import qInstallMessageHandler, qWarning
from PySide6.QtGui import QGuiApplication

from app.logs import setup_logging
from app.paths import Paths
from app.services.auth import AuthService
from app.services.workspace import Workspace
from app.settings import Settings
from app.tokens import TokenStore
from ui import qt_messages
from ui.about import AboutDialog, info_for, scrub

PHONE = "+8613812345678"


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    path = setup_logging(Paths.under(tmp_path).log_dir, level=logging.DEBUG)
    yield path
    for handler in root.handlers[:]:
        if handler not in before:
            handler.close()
            root.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture
def logged_in(demo_server: dict[str, Any], tmp_path: Path, log_file: Path
              ) -> Iterator[tuple[Workspace, dict[str, Any], str]]:
    acct = next(a for a in demo_server["accounts"] if a["role"] == "agent")
    tokens = TokenStore(use_keyring=False)
    user, token = AuthService(demo_server["url"], tokens).login(acct["username"],
                                                                acct["password"])
    paths = Paths.under(tmp_path)
    paths.ensure()
    ws = Workspace.open(paths=paths, settings=Settings(), server_url=demo_server["url"],
                        user=user, token=token)
    ws.sync.run_once()  # pull and push over HTTP with the bearer token, DEBUG logging on
    logging.getLogger("test").info("customer rang back from %s", PHONE)
    yield ws, acct, token
    ws.close()


def test_log_lands_in_the_log_dir_without_token_or_password(
        logged_in: tuple[Workspace, dict[str, Any], str], log_file: Path, tmp_path: Path
) -> None:
    _ws, acct, token = logged_in
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert log_file == tmp_path / "logs" / "callsheet.log"
    text = log_file.read_text(encoding="utf-8")
    assert "logged in as" in text
    assert token not in text
    assert acct["password"] not in text
    assert PHONE not in text and "+86138******78" in text
    if os.name == "posix":
        assert (log_file.parent.stat().st_mode & 0o777) == 0o700


def test_diagnostics_have_versions_and_state_but_no_secret(
        qtbot: Any, logged_in: tuple[Workspace, dict[str, Any], str], tmp_path: Path
) -> None:
    ws, acct, token = logged_in
    dialog = AboutDialog(info_for(ws))
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    for wanted in ("Callsheet ", "Python ", "Qt ", "OS ", ws.server_url,
                   "pending 0", "Last 50 log lines", "logged in as"):
        assert wanted in text
    assert token not in text and acct["password"] not in text
    assert PHONE not in text and "+86138******78" in text
    dialog.copy()
    assert QGuiApplication.clipboard().text() == text
    dialog.resize(760, 520)
    dialog.show()
    dialog.grab().save(str(tmp_path / "about.png"))
    if os.environ.get("CALLSHEET_SHOTS"):
        dialog.grab().save(os.environ["CALLSHEET_SHOTS"] + "/about.png")


def test_scrub_blanks_tokens_that_slip_into_a_log_line() -> None:
    line = 'Authorization: Bearer abc.DEF-123 {"token": "s3cr3t", "password": "hunter2"}'
    out = scrub(line + " call 13812345678")
    assert "abc.DEF-123" not in out and "s3cr3t" not in out and "hunter2" not in out
    assert "13812345678" not in out


def test_qt_messages_reach_the_log_with_numbers_masked(
        log_file: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """Qt's own warnings (here the one a tel: link gives when no softphone answers it) go
    through logging: into the log file, the number masked, and never raw to stderr."""
    qt_messages.route_to_logging()
    try:
        qWarning(f"Unable to detect a web browser to launch 'tel:{PHONE}'")
    finally:
        qInstallMessageHandler(None)
    text = log_file.read_text(encoding="utf-8")
    assert "WARNING qt: Unable to detect a web browser to launch 'tel:+86" in text
    assert PHONE not in text
    assert PHONE not in capfd.readouterr().err
