"""Help → About Callsheet: version and a diagnostics text support can ask for.

The text is built from what is safe to hand around: versions, OS, server URL,
folders, sync state and the last log lines (already phone-masked by app.logs,
masked again here). Never the token or the password: neither is passed in, and
anything that looks like a bearer token or a password field is blanked anyway.
"""

from __future__ import annotations

import logging
import logging.handlers
import platform
import re
import sys
from collections import deque
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import mask_phone
from app.services.workspace import ServerWorkspace, Workspace
from app.version import is_frozen, version

LOG_LINES = 50
_SECRETS = [
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+"), r"\1[hidden]"),
    (re.compile(r"(?i)((?:token|password|secret)[\"']?\s*[:=]\s*[\"']?)[^\s\"',}]+"),
     r"\1[hidden]"),
]


@dataclass(frozen=True)
class DiagnosticsInfo:
    server_url: str
    username: str
    data_dir: Path | None
    log_file: Path | None
    sync_state: str
    pending: int
    rejected: int
    last_sync_at: datetime | None


_STAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ")


def scrub(text: str) -> str:
    """Phone numbers masked, bearer tokens and password/token fields blanked.

    A log line's leading timestamp is kept readable (it is no phone number).
    """
    out = []
    for line in text.split("\n"):
        stamp = _STAMP.match(line)
        head, rest = (line[:stamp.end()], line[stamp.end():]) if stamp else ("", line)
        for pattern, repl in _SECRETS:
            rest = pattern.sub(repl, rest)
        out.append(head + mask_phone(rest))
    return "\n".join(out)


def current_log_file() -> Path | None:
    """The file the root logger writes to (set up by app.logs.setup_logging)."""
    files = [Path(h.baseFilename) for h in logging.getLogger().handlers
             if isinstance(h, logging.FileHandler)]
    ours = [f for f in files if f.name == "callsheet.log"] or files
    return ours[-1] if ours else None


def last_lines(path: Path | None, n: int = LOG_LINES) -> list[str]:
    if path is None:
        return []
    try:
        with path.open(encoding="utf-8", errors="replace") as f:
            return [line.rstrip("\n") for line in deque(f, maxlen=n)]
    except OSError:
        return []


def diagnostics_text(info: DiagnosticsInfo) -> str:
    last = info.last_sync_at.isoformat(timespec="seconds") if info.last_sync_at else "never"
    lines = [
        f"Callsheet {version()}{' (bundle)' if is_frozen() else ''}",
        f"Python {platform.python_version()} ({sys.implementation.name})",
        f"Qt {qVersion()}, PySide6 {PySide6.__version__}",
        f"OS {platform.platform()}",
        f"Server {info.server_url}",
        f"User {info.username}",
        f"Data folder {info.data_dir or '-'}",
        f"Log file {info.log_file or '-'}",
        f"Sync {info.sync_state}, last sync {last}, pending {info.pending}, "
        f"rejected {info.rejected}",
        "",
        f"Last {LOG_LINES} log lines:",
        *last_lines(info.log_file),
    ]
    return scrub("\n".join(lines))


class AboutDialog(QDialog):
    def __init__(self, info: DiagnosticsInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Callsheet"))
        self.resize(720, 520)
        title = QLabel(self.tr("<b>Callsheet %1</b>").replace("%1", version()))
        blurb = QLabel(self.tr(
            "Offline-first desktop for outbound calling. If support asks for diagnostics, "
            "copy them below: they hold no password or token, and phone numbers are masked."))
        blurb.setWordWrap(True)
        self.text = QPlainTextEdit(diagnostics_text(info))
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("&Copy diagnostics"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(blurb)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
        self.copy_button.setText(self.tr("Copied"))


def info_for(ws: Workspace | ServerWorkspace) -> DiagnosticsInfo:
    """What the About dialog shows for an open workspace (no token: it is not read)."""
    if not isinstance(ws, Workspace):  # a lead's or checker's: no local store, no sync
        return DiagnosticsInfo(server_url=ws.server_url, username=ws.user.username,
                               data_dir=None,
                               log_file=current_log_file(), sync_state="online only",
                               pending=0, rejected=0, last_sync_at=None)
    status = ws.sync.status
    db = ws.engine.url.database
    return DiagnosticsInfo(
        server_url=ws.server_url,
        username=ws.user.username,
        data_dir=Path(db).parent if db else None,
        log_file=current_log_file(),
        sync_state=status.state.value,
        pending=status.pending,
        rejected=status.rejected,
        last_sync_at=status.last_sync_at,
    )


def show_about(ws: Workspace | ServerWorkspace, parent: QWidget) -> AboutDialog:
    dialog = AboutDialog(info_for(ws), parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
