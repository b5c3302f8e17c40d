"""`callsheet`: start the desktop, log in (or resume), open the agent's window."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu

from app.logs import setup_logging
from app.paths import Paths
from app.services.workspace import RoleWorkspace, Workspace, open_for_role
from app.settings import Settings
from app.telephony.account import account_from_settings
from app.telephony.sip import SipDialer
from app.tokens import TokenStore
from ui import detail_html, i18n, qt_messages, tray, window_state
from ui.login_dialog import LoginDialog
from ui.main_window import MainWindow
from ui.resources import app_icon, darken, is_dark, style_sheet
from ui.settings_dialog import SettingsDialog
from ui.tasks import TaskManager
from wire.schema import Role, UserInfo

if TYPE_CHECKING:  # imported when their role logs in (role_window), not at start
    from ui.lead.window import LeadWindow
    from ui.manager.window import ManagerWindow
    from ui.quality.window import QualityWindow
    from ui.verifier.window import VerifierWindow

    AnyWindow = MainWindow | LeadWindow | QualityWindow | VerifierWindow | ManagerWindow

log = logging.getLogger(__name__)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="callsheet", description="Callsheet desktop")
    ap.add_argument("--server", metavar="URL", help="sync server address")
    ap.add_argument("--data-dir", metavar="DIR", help="keep all local files under DIR")
    ap.add_argument("--lang", choices=list(i18n.SUPPORTED), help="user interface language")
    ap.add_argument("--login-file", metavar="FILE",
                    help="demo accounts (JSON written by the server's demo command)")
    ap.add_argument("--user", metavar="NAME", help="account of the login file to log in as")
    ap.add_argument("--screenshot", metavar="FILE",
                    help="save a picture of the window once the queue shows, then quit")
    # Training and screenshots: pretend it is HH:MM in China (inside calling hours).
    ap.add_argument("--demo-time", metavar="HH:MM", help=argparse.SUPPRESS)
    return ap.parse_args(argv)


def load_login_file(path: str | None) -> list[dict[str, Any]]:
    if not path:
        return []
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        accounts = [a for a in data.get("accounts", []) if a.get("username")]
    except (OSError, ValueError, AttributeError) as exc:
        log.warning("login file %s unusable: %s", path, type(exc).__name__)
        return []
    return accounts


def demo_clock(hhmm: str | None) -> Callable[[], datetime]:
    """A running clock shifted so that it reads `hhmm` in Asia/Shanghai now."""
    if not hhmm:
        return lambda: datetime.now(UTC)
    wanted = time.fromisoformat(hhmm)
    tz = ZoneInfo("Asia/Shanghai")
    now = datetime.now(UTC)
    local = now.astimezone(tz)
    target = datetime.combine(local.date(), wanted, tzinfo=tz)
    offset: timedelta = target - local
    return lambda: datetime.now(UTC) + offset


class Launcher:
    """Holds the start-up objects while the login dialog and then the window are open."""

    def __init__(self, app: QApplication, args: argparse.Namespace) -> None:
        self.app = app
        self.args = args
        self.paths = Paths.under(Path(args.data_dir)) if args.data_dir else Paths.default()
        self.paths.ensure()
        self.settings_path = self.paths.config_dir / "settings.json"
        self.settings = Settings.load(self.settings_path)
        self.tasks = TaskManager()
        self.tokens = TokenStore()
        self.clock = demo_clock(args.demo_time)
        self.window: AnyWindow | None = None
        self.dialog: LoginDialog | None = None

    def open_workspace(self, url: str, user: UserInfo, token: str | None,
                       key: bytes | None) -> RoleWorkspace:
        """What the role works with: an agent's local store and sync engine, or only the
        server's client for a team lead or a quality checker (nothing local opened)."""
        return open_for_role(paths=self.paths, settings=self.settings, server_url=url,
                             user=user, token=token, clock=self.clock, key=key)

    def start(self) -> None:
        if not (self.args.server or self.settings.server_url):  # first start: ask for it
            self.first_start = SettingsDialog(self.settings, self.settings_path, self.tasks,
                                              first_start=True)
            self.first_start.accepted.connect(self._start_login)
            self.first_start.rejected.connect(self.app.quit)
            self.first_start.show()
            return
        self._start_login()

    def _start_login(self) -> None:
        self.dialog = LoginDialog(
            tasks=self.tasks,
            tokens=self.tokens,
            open_workspace=self.open_workspace,
            server_url=self.args.server or self.settings.server_url,
            last_username=self.settings.last_username,
            accounts=load_login_file(self.args.login_file),
            auto_user=self.args.user,
            paths=self.paths,
        )
        self.dialog.accepted.connect(self._logged_in)
        self.dialog.rejected.connect(self.app.quit)
        self.dialog.show()
        self.dialog.start()

    def _logged_in(self) -> None:
        assert self.dialog is not None and self.dialog.workspace is not None
        ws = self.dialog.workspace
        self.settings.server_url = ws.server_url
        self.settings.last_username = ws.user.username
        try:
            self.settings.save(self.settings_path)
        except OSError as exc:
            log.warning("could not save settings: %s", exc)
        self.window = role_window(ws, self.tasks, self.tokens, self.settings)
        if not self.args.screenshot:  # pictures keep the default layout
            window_state.restore(self.window, self.paths.config_dir)
            window = self.window
            self.app.aboutToQuit.connect(
                lambda: window_state.save(window, self.paths.config_dir))
        self.window.show()
        bridge = getattr(self.window, "bridge", None)
        self.tray = tray.install(self.window, bridge.status_changed) if bridge else None
        settings_action = QAction(
            QCoreApplication.translate("MainWindow", "S&ettings..."), self.window)
        settings_action.triggered.connect(self.show_settings)
        file_menu = self.window.menuBar().actions()[0].menu()
        if isinstance(file_menu, QMenu):  # File, just above Quit
            file_menu.insertAction(file_menu.actions()[-1], settings_action)
        self.window.start()
        self.app.setQuitOnLastWindowClosed(True)
        if self.args.screenshot:
            from ui.screenshot import grab_when_ready

            grab_when_ready(self.window, Path(self.args.screenshot), self.app.quit)


    def show_settings(self) -> None:
        SettingsDialog(self.settings, self.settings_path, self.tasks, parent=self.window).open()


def sip_dialer(settings: Settings) -> SipDialer | None:
    """The embedded SIP user agent when an account is set up (None: tel: links). It is
    started by the window; without pjsua2 the window falls back to tel: links."""
    account = account_from_settings(settings)
    if account is None:
        return None
    return SipDialer(account, no_answer_seconds=float(settings.sip_no_answer_seconds))


def role_window(ws: RoleWorkspace, tasks: TaskManager, tokens: TokenStore,
                settings: Settings) -> AnyWindow:
    """The window each role works in: the agent's over the local workspace, the lead's,
    the checker's or the campaign manager's (admin) over the server's client only. Every
    one has File as its first menu (Quit last) and a start() method."""
    if isinstance(ws, Workspace):
        return MainWindow(ws, tasks, tokens=tokens, keyring_warning=tokens.warning,
                          dialer=sip_dialer(settings))
    # The lead's, the checker's, the verifier's and the manager's windows (with their
    # pages, charts and replay) are a tenth of the desktop's imports: an agent's start, the
    # one timed, never loads them.
    window: type[LeadWindow | QualityWindow | VerifierWindow | ManagerWindow]
    if ws.user.role is Role.TEAM_LEAD:
        from ui.lead.window import LeadWindow

        window = LeadWindow
    elif ws.user.role is Role.VERIFIER:
        from ui.verifier.window import VerifierWindow

        window = VerifierWindow
    elif ws.user.role is Role.ADMIN:
        from ui.manager.window import ManagerWindow

        window = ManagerWindow
    else:
        from ui.quality.window import QualityWindow

        window = QualityWindow
    return window(ws, tasks, tokens=tokens, keyring_warning=tokens.warning)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Callsheet")
    app.setOrganizationName("Callsheet")
    app.setWindowIcon(app_icon())
    app.setQuitOnLastWindowClosed(False)  # the login dialog hides before the window shows
    launcher = Launcher(app, args)
    setup_logging(launcher.paths.log_dir)
    qt_messages.route_to_logging()  # (Qt's own messages masked too)
    i18n.install(app, i18n.choose_language(args.lang, launcher.settings.language))
    i18n.apply_font(app)
    app.setStyleSheet(style_sheet())
    if is_dark():  # the customer panels' rich text carries its own light-theme colours
        detail_html.CSS = darken(detail_html.CSS)
    launcher.start()
    code = app.exec()
    launcher.tasks.shutdown()
    return code


if __name__ == "__main__":
    sys.exit(main())
