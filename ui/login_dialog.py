"""Log in (or resume a stored session) and open the user's workspace, all off the UI thread.

With the server unreachable: a keyring session opens the local workspace at once;
without one the dialog says so and the password unlocks it against this computer's
verifier (app.local_unlock). Either way the work done offline is pushed later.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import LocalStoreError, ServerUnreachable
from app.paths import Paths
from app.services.auth import AuthService, Session
from app.services.workspace import RoleWorkspace, Workspace
from app.tokens import TokenStore
from ui import labels
from ui.errors import describe
from ui.resources import app_icon
from ui.tasks import TaskManager
from wire.schema import UserInfo

log = logging.getLogger(__name__)

# (server address, user, token or None after a password-only offline start, store key)
OpenWorkspace = Callable[[str, UserInfo, str | None, bytes | None], RoleWorkspace]


class LoginDialog(QDialog):
    def __init__(
        self,
        *,
        tasks: TaskManager,
        tokens: TokenStore,
        open_workspace: OpenWorkspace,
        paths: Paths,
        server_url: str = "",
        last_username: str = "",
        accounts: list[dict[str, Any]] | None = None,
        auto_user: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._paths = paths
        self.offline = False  # the server was unreachable: the password unlocks locally
        self._tasks = tasks
        self._tokens = tokens
        self._open_workspace = open_workspace
        self._accounts = accounts or []
        self._auto_user = auto_user
        self._last_username = last_username
        self.workspace: RoleWorkspace | None = None
        self.busy = False
        self._cancelled = False

        self.setWindowTitle(self.tr("Callsheet - log in"))
        self.setWindowIcon(app_icon())
        self.setObjectName("loginDialog")
        self.setMinimumWidth(440)

        heading = QLabel(self.tr("Callsheet"), self)
        heading.setObjectName("loginHeading")
        sub = QLabel(self.tr("Log in to your call list"), self)
        sub.setObjectName("loginSubheading")

        self.account_combo = QComboBox(self)
        self.account_combo.setObjectName("accountPicker")
        self.server_edit = QLineEdit(server_url, self)
        self.server_edit.setPlaceholderText("http://127.0.0.1:8000")
        self.user_edit = QLineEdit(last_username, self)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        # Shown only after a change of password on the server (no keyring): the local
        # work is locked with the previous one and is carried over once.
        self.previous_edit = QLineEdit(self)
        self.previous_edit.setObjectName("previousPassword")
        self.previous_edit.setEchoMode(QLineEdit.EchoMode.Password)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.account_label = QLabel(self.tr("Demo &account"), self)
        self.account_label.setBuddy(self.account_combo)
        form.addRow(self.account_label, self.account_combo)
        form.addRow(self._buddy(self.tr("&Server"), self.server_edit), self.server_edit)
        form.addRow(self._buddy(self.tr("&Username"), self.user_edit), self.user_edit)
        form.addRow(self._buddy(self.tr("&Password"), self.password_edit), self.password_edit)
        self.previous_label = self._buddy(self.tr("P&revious password"), self.previous_edit)
        form.addRow(self.previous_label, self.previous_edit)
        self.previous_label.hide()
        self.previous_edit.hide()

        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.info_label = QLabel(self)
        self.info_label.setObjectName("infoLabel")
        self.info_label.hide()
        self.offline_label = QLabel(self)
        self.offline_label.setObjectName("offlineNotice")
        self.offline_label.setWordWrap(True)
        self.offline_label.hide()
        self.keyring_label = QLabel(self)
        self.keyring_label.setObjectName("keyringWarning")
        self.keyring_label.setWordWrap(True)
        if not tokens.persistent:
            self.keyring_label.setText(self.tr(
                "No system keyring is available: you will be asked for your password at every "
                "start. The session token is kept in memory only."))
        else:
            self.keyring_label.hide()

        self.buttons = QDialogButtonBox(self)
        self.login_button = self.buttons.addButton(
            self.tr("Log in"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.login_button.setObjectName("primary")
        self.login_button.setDefault(True)
        self.login_button.style().unpolish(self.login_button)
        self.login_button.style().polish(self.login_button)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(sub)
        layout.addLayout(form)
        layout.addWidget(self.offline_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.info_label)
        layout.addWidget(self.keyring_label)
        layout.addWidget(self.buttons)

        self._fill_accounts()

    def _buddy(self, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(widget)
        return label

    def _fill_accounts(self) -> None:
        show = bool(self._accounts)
        self.account_combo.setVisible(show)
        self.account_label.setVisible(show)
        if not show:
            return
        roles = labels.roles()
        for acct in self._accounts:
            text = f"{acct.get('display_name') or acct['username']} - " \
                   f"{roles.get(acct.get('role', ''), acct.get('role', ''))} ({acct['username']})"
            self.account_combo.addItem(text, acct)
        self.account_combo.currentIndexChanged.connect(self._pick_account)
        self.account_combo.setCurrentIndex(self._auto_index())
        self._pick_account(self.account_combo.currentIndex())

    def _auto_index(self) -> int:
        for i, acct in enumerate(self._accounts):
            if self._auto_user and acct["username"] == self._auto_user:
                return i
        for i, acct in enumerate(self._accounts):
            if acct.get("role") == "agent":
                return i
        return 0

    def _pick_account(self, index: int) -> None:
        acct = self.account_combo.itemData(index)
        if isinstance(acct, dict):
            self.user_edit.setText(acct["username"])
            self.password_edit.setText(acct.get("password", ""))

    # ------------------------------------------------------------------- flow

    def start(self) -> None:
        """Resume a stored session if there is one; else log in with the demo account."""
        username = self.user_edit.text().strip()
        url = self.server_url()
        if url and username and (self._accounts or username == self._last_username):
            self._set_busy(True, self.tr("Resuming your session..."))
            auth = self._auth(url)
            self._tasks.run_in_background(
                lambda: self._resume(auth, username), self._done,
                lambda exc: self._resume_failed(exc, auth, username), network=True,
            )
        elif self._accounts and url:
            self.try_login()

    def _auth(self, url: str) -> AuthService:
        return AuthService(url, self._tokens, self._paths)

    def _open(self, auth: AuthService, session: Session) -> RoleWorkspace:
        return self._open_workspace(auth.server_url, session.user, session.token, session.key)

    def _resume(self, auth: AuthService, username: str) -> RoleWorkspace | None:
        session = auth.resume_session(username)
        return None if session is None else self._open(auth, session)

    def _resume_failed(self, exc: BaseException, auth: AuthService, username: str) -> None:
        log.info("could not resume the session: %s", type(exc).__name__)
        self._set_busy(False)
        if isinstance(exc, ServerUnreachable) and auth.can_unlock_offline(username):
            self.show_offline_unlock()
            if self._accounts:
                self.try_login()
            return
        if self._accounts:
            self.try_login()
        else:
            self._show_error(exc)

    def show_offline_unlock(self) -> None:
        """The server is unreachable but this account has logged in here before."""
        self.offline = True
        self.offline_label.setText(self.tr(
            "The server cannot be reached. Enter your password to open your work on this "
            "computer; what you do is sent to the server when it is back."))
        self.offline_label.show()
        self.login_button.setText(self.tr("Unlock offline"))
        self.password_edit.setFocus()
        self.adjustSize()  # room for the notice, never squeezing the fields

    def server_url(self) -> str:
        return self.server_edit.text().strip().rstrip("/")

    def try_login(self) -> None:
        if self.busy:
            return
        url, username = self.server_url(), self.user_edit.text().strip()
        password = self.password_edit.text()
        if not url or not username or not password:
            self.error_label.setText(self.tr("Enter the server address, username and password."))
            self.error_label.show()
            return
        self._set_busy(True, self.tr("Checking the password on this computer...")
                       if self.offline else self.tr("Logging in..."))
        auth = self._auth(url)

        previous = self.previous_edit.text() if self.previous_edit.isVisible() else None

        def work() -> RoleWorkspace:
            return self._open(auth, auth.open_session(username, password,
                                                      previous_password=previous or None))

        self._tasks.run_in_background(work, self._done, self._login_failed, network=True)

    def reject(self) -> None:
        self._cancelled = True
        super().reject()

    def _done(self, workspace: RoleWorkspace | None) -> None:
        self._set_busy(False)
        if self._cancelled:  # the user gave up while we were logging in
            if workspace is not None:
                workspace.close()
            return
        if workspace is None:  # no stored session
            if self._accounts:
                self.try_login()
            else:
                self.password_edit.setFocus()
            return
        self.workspace = workspace
        self.accept()

    def _login_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._show_error(exc)
        if isinstance(exc, LocalStoreError) and exc.code == "corrupt":
            self._offer_fresh_start(getattr(exc, "path", None))
            return
        if isinstance(exc, LocalStoreError) and exc.code == "password_changed":
            self.previous_label.show()
            self.previous_edit.show()
            self.adjustSize()
            self.previous_edit.setFocus()
            return
        self.password_edit.setFocus()
        self.password_edit.selectAll()

    def _offer_fresh_start(self, db_path: Any) -> None:
        """The way forward from a damaged local database: set it aside, never delete it."""
        if db_path is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Local database damaged"),
            self.tr("The local database on this computer is damaged. Callsheet can set it "
                    "aside (it is kept, not deleted, so support can recover anything that was "
                    "not yet synced) and download a fresh copy of your queue from the server."),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        fresh = box.addButton(self.tr("Set it aside and start fresh"),
                              QMessageBox.ButtonRole.AcceptRole)
        box.setObjectName("damagedDatabaseBox")
        box.setDefaultButton(fresh)

        def chosen() -> None:
            if box.clickedButton() is fresh:
                Workspace.set_damaged_database_aside(db_path)
                self.error_label.hide()
                self.try_login()

        box.finished.connect(chosen)
        box.open()
        self.damaged_box = box

    def _show_error(self, exc: BaseException) -> None:
        title, message = describe(exc)
        self.error_label.setText(f"<b>{html.escape(title)}</b><br>{html.escape(message)}")
        self.error_label.show()
        self.adjustSize()

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self.busy = busy
        for w in (self.server_edit, self.user_edit, self.password_edit, self.previous_edit,
                  self.account_combo, self.login_button):
            w.setEnabled(not busy)
        self.info_label.setText(message)
        self.info_label.setVisible(busy and bool(message))
        if busy:
            self.error_label.hide()
