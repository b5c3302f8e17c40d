"""The agent's window: queue on the left, the customer and the outcome on the right.

It wires the panels to the services it is given (no global window object): every
QueueService call runs through the TaskManager, sync events arrive via SyncBridge.
What an operation or a sync changed goes through one channel, the ChangeHub: each
widget redraws from there only what the `Changes` names (no hand-ordered reloads).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app import domain, heap
from app.changes import Changes
from app.errors import DialBlocked, ValidationFailed
from app.services.auth import AuthService
from app.services.campaign_loop import CampaignLoopService
from app.services.feedback import FeedbackService
from app.services.presence import default_reasons
from app.services.queue import Prefetched
from app.services.workspace import Workspace
from app.sync import SyncState, SyncStatus
from app.telephony import Dialer as DialerPort
from app.telephony.events import CallEventKind, Registration
from app.telephony.session import CallProgress, GatedCall, NoTransferTarget
from app.telephony.sip import SipDialer, SipUnavailable
from app.tokens import TokenStore
from app.views import CustomerDetail, DayStats, OutcomeDraft, Presence, QueueRow
from ui import labels, shortcuts, work_window
from ui.about import show_about
from ui.agent_bar import AgentBar, Banner
from ui.call_controls import CallBridge, progress_text, registration_text
from ui.call_timer import CallTimer
from ui.change_hub import ChangeHub
from ui.customer_panel import TAB_HISTORY, TAB_PROFILE, CustomerPanel
from ui.dialer import Dialer
from ui.dnc_dialog import DncDialog
from ui.errors import show_error
from ui.feedback_dialog import FeedbackEntry
from ui.notifier import CallbackNotifier
from ui.outcome_panel import OutcomePanel
from ui.pacing_view import PacingView
from ui.pause_dialog import PauseDialog
from ui.queue_panel import QueuePanel
from ui.rejected_dialog import RejectedDialog
from ui.status_bar import SyncStatusBar
from ui.sync_bridge import SyncBridge
from ui.tasks import TaskManager
from ui.training_quiz import TrainingEntry
from wire.schema import CampaignOut, PauseReasonOut, QueueControl, UserInfo

log = logging.getLogger(__name__)
# The next customer is read ahead this long after one is shown (MainWindow._show_detail).
READ_AHEAD_AFTER_MS = 40


def _mmss(seconds: int) -> str:
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace, tasks: TaskManager, *,
                 dialer: DialerPort | None = None,
                 tokens: TokenStore | None = None, keyring_warning: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.tokens = tokens or TokenStore(use_keyring=False)
        self._asking_password = False
        self._last_sync_state: SyncState | None = None
        self.tasks = tasks
        self.dialer: DialerPort = dialer or Dialer()
        self.gated: GatedCall | None = None  # the call placed last (gate, then dialer)
        self.held = False  # as the SIP stack last said (HELD / RESUMED)
        self.muted = False
        self.timer = CallTimer()
        self.detail: CustomerDetail | None = None
        # The next customer's detail read ahead while this one is shown (QueueService
        # .prefetch): Save shows it without a read when nothing it depends on changed.
        self._ahead: Prefetched | None = None
        self._reading_ahead = False
        self.presence: Presence = workspace.presence.current()
        self.pause_reasons: list[PauseReasonOut] = default_reasons()  # the server's, once read
        self._closed = False
        work_window.dress(self, self.tr("Callsheet - %1 (%2)"), workspace.user, (1400, 860))

        self.queue_panel = QueuePanel(workspace.queue, tasks, self)
        self.customer = CustomerPanel(self)
        self.outcome = OutcomePanel(self)
        self.outcome.set_clock(workspace.queue.now)
        self.customer.set_clock(workspace.queue.now)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 0, 0, 0)
        # Progressive dialling's countdown and the wrap-up limit (campaign settings).
        self.pacing = PacingView(workspace.queue.now, self._shown_name, right)
        self.pacing.dial_now.connect(self._progressive_dial)
        self.pacing.wrap_up_over.connect(self._wrap_up_over)
        self.pacing.changed.connect(self._pacing_changed)
        self._pacing_phase = self.pacing.pacer.phase
        right_layout.addWidget(self.pacing.label)
        right_layout.addWidget(self.customer, 1)
        right_layout.addWidget(self.outcome)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.queue_panel)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([530, 870])
        self.splitter = splitter
        splitter.setChildrenCollapsible(False)
        self.agent_bar = AgentBar(self)
        self.banner = Banner(self)
        central = QWidget(self)
        lay = QVBoxLayout(central)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.setSpacing(4)
        lay.addWidget(self.agent_bar)
        lay.addWidget(self.banner)
        lay.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.notifier = CallbackNotifier(self.banner, self)

        self.status = SyncStatusBar(keyring_warning, self)
        self.setStatusBar(self.status)
        # Call progress from the SIP stack's thread; registration state when SIP is set up.
        self.call_bridge = CallBridge(self)
        self.call_bridge.progress.connect(self._call_progress)
        self.call_bridge.registration.connect(self._registration)
        self.sip_label = QLabel(self)
        self.sip_label.setObjectName("sipRegistration")
        self.sip_label.hide()
        self.status.addPermanentWidget(self.sip_label)
        self.hub = ChangeHub(self)
        self.hub.changed.connect(self.queue_panel.apply_changes)
        self.hub.changed.connect(self._changed)
        self.bridge = SyncBridge(workspace.sync, self.hub, parent=self)
        self.bridge.status_changed.connect(self._sync_status)

        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._tick)
        # Every 30 s: call-backs that became due, the pause length, today's figures.
        self.minder = QTimer(self)
        self.minder.setInterval(30000)
        self.minder.timeout.connect(self._mind)

        self.actions_by_id: dict[str, QAction] = {}
        self._rejected_dialog: RejectedDialog | None = None
        self._rejected_seen = 0
        self.day_stats: DayStats | None = None
        self._build_actions()
        self._show_presence()
        self.queue_panel.current_changed.connect(self._select)
        self.outcome.save_button.clicked.connect(self.save_and_next)
        self.outcome.dnc_button.clicked.connect(self.do_not_call)
        self.customer.set_call_actions(self.actions_by_id["call"], self.actions_by_id["hang_up"])
        self.customer.script.disclosure_toggled.connect(self._disclosure_toggled)
        self.agent_bar.pause_button.setDefaultAction(self.actions_by_id["pause"])
        self.queue_panel.loaded.connect(self._queue_loaded)
        self.queue_panel.rows_updated.connect(self.notifier.check)
        self.status.rejected_label.clicked.connect(self.show_rejected)
        self._update_call_ui()
        self.feedback = FeedbackEntry(  # quality scores of my calls (day bar)
            self, self.agent_bar, FeedbackService(self.ws.client, self.ws.engine), tasks)
        self.training = TrainingEntry(  # the campaigns' quizzes (Ctrl+Shift+T)
            self, CampaignLoopService(self.ws.client), tasks)

    # ----------------------------------------------------------------- set-up

    def _build_actions(self) -> None:
        native = QKeySequence.SequenceFormat.NativeText
        handlers: dict[str, Callable[[], object]] = {
            "next": self.queue_panel.select_next_callable,
            "focus_queue": self.queue_panel.view.setFocus,
            "search": self._focus_search,
            "call": self.call,
            "hang_up": self.hang_up,
            "hold": self.toggle_hold,
            "mute": self.toggle_mute,
            "dtmf": self.send_keys,
            "transfer": self.transfer,
            "cancel_dial": self.cancel_countdown,
            "pause_dial": self.pause_countdown,
            "tick": self.tick_disclosure,
            "tab_profile": lambda: self.customer.tabs.setCurrentIndex(TAB_PROFILE),
            "tab_history": lambda: self.customer.tabs.setCurrentIndex(TAB_HISTORY),
            "tab_offers": self.customer.offers.setFocus,
            "tab_script": self.customer.script.setFocus,
            "objection": self.outcome.objection_combo.setFocus,
            "offer": self.outcome.offer_combo.setFocus,
            "callback": self.outcome.callback_pick.setFocus,
            "survey": self.outcome.survey.focus_first,
            "pause": self.toggle_pause,
            "rejected": self.show_rejected,
            "notes": self.outcome.notes_edit.setFocus,
            "save": self.save_and_next,
            "dnc": self.do_not_call,
            "sync": self.ws.sync.sync_now,
            "help": self.show_shortcuts,
            "quit": self.close,
        }
        texts = {
            "next": self.tr("&Next customer"), "call": self.tr("&Call"),
            "hang_up": self.tr("&Hang up"), "save": self.tr("&Save and next"),
            "dnc": self.tr("&Do not call..."), "sync": self.tr("S&ync now"),
            "help": self.tr("&Keyboard shortcuts"), "quit": self.tr("&Quit"),
            "pause": self.tr("&Pause..."), "rejected": self.tr("&Rejected by the server..."),
            "hold": self.tr("Hold / &resume"), "mute": self.tr("&Mute / unmute"),
            "dtmf": self.tr("Send &key presses..."),
            "transfer": self.tr("&Transfer to the verifier / supervisor"),
            "cancel_dial": self.tr("Cancel the automatic call"),
            "pause_dial": self.tr("Pause / go on with the countdown"),
        }
        for sc in shortcuts.table():
            handler = handlers.get(sc.action)
            if handler is None:
                continue
            act = QAction(texts.get(sc.action, sc.description), self)
            act.setShortcuts([QKeySequence(k) for k in sc.keys])
            act.setToolTip(sc.description)
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(lambda _=False, h=handler: h())
            self.addAction(act)
            self.actions_by_id[sc.action] = act
        for d, key in shortcuts.DISPOSITION_KEYS.items():
            act = QAction(labels.disposition(d), self)
            act.setShortcut(QKeySequence(key))
            act.triggered.connect(lambda _=False, d=d: self.outcome.choose(d))
            self.addAction(act)
            self.actions_by_id[f"disposition:{d.value}"] = act
        # what each action does, with its key: the tooltip while it is enabled
        self._tips = {
            sc.action: f"{sc.description} ({QKeySequence(sc.keys[0]).toString(native)})"
            for sc in shortcuts.table() if sc.action in self.actions_by_id
        }
        self.actions_by_id["call"].setIconText(self.tr("Call (F5)"))
        self.actions_by_id["hang_up"].setIconText(self.tr("Hang up (F6)"))
        menu = self.menuBar()
        a = self.actions_by_id
        file_menu = menu.addMenu(self.tr("&File"))
        relogin = QAction(self.tr("&Log in again..."), self)
        relogin.triggered.connect(self.ask_password)
        logout = QAction(self.tr("Log &out"), self)
        logout.setObjectName("logOutAction")
        logout.triggered.connect(self.log_out)
        file_menu.addActions([a["sync"], a["rejected"], relogin, logout, a["quit"]])
        call_menu = menu.addMenu(self.tr("C&all"))
        call_menu.addActions([a["next"], a["call"], a["hang_up"], a["hold"], a["mute"],
                              a["dtmf"], a["transfer"], a["save"], a["dnc"]])
        call_menu.addSeparator()
        call_menu.addActions([a["pause_dial"], a["cancel_dial"]])
        call_menu.addSeparator()
        call_menu.addAction(a["pause"])
        help_menu = menu.addMenu(self.tr("&Help"))
        help_menu.addAction(a["help"])
        about = help_menu.addAction(self.tr("&About Callsheet / copy diagnostics..."))
        about.triggered.connect(lambda: show_about(self.ws, self))

    def start(self) -> None:
        """Show the local queue at once, then sync in the background."""
        self.queue_panel.load_campaigns()
        self.queue_panel.reload()
        self.queue_panel.view.setFocus()  # the agent starts in the list, not in a filter
        if self.ws.presence.resume():  # signed off, or the last session ended mid-call
            self.presence = self.ws.presence.current()
            self._show_presence()
        self.refresh_day()
        self._load_pause_reasons()
        self.tasks.run_in_background(self.ws.queue.queue_control, self._show_control_at_start)
        self.minder.start()
        self._start_sip()
        self.ws.sync.start()
        self.feedback.refresh()

    def _focus_search(self) -> None:
        self.queue_panel.search_edit.setFocus()
        self.queue_panel.search_edit.selectAll()

    # ------------------------------------------------------------------- sync

    def _sync_status(self, status: SyncStatus) -> None:
        self.status.show_status(status)
        if status.state is SyncState.IDLE:
            self._read_ahead_again()
            # After the first sync the heap holds the day's long-lived objects: settle it
            # once (app/heap.py), after this event, so full GC passes stay short.
            QTimer.singleShot(0, heap.settle)
        self._show_dnc_age(status)
        if self._rejected_dialog is not None and self._rejected_dialog.isVisible() \
                and status.rejected != self._rejected_seen:
            self.show_rejected()
        self._rejected_seen = status.rejected
        # Asked once when the server turns the session down, not at every status change;
        # File > Log in again asks later.
        entered = status.state is not self._last_sync_state
        self._last_sync_state = status.state
        if status.state is SyncState.AUTH_REQUIRED and entered and not self._asking_password:
            self.ask_password()

    def ask_password(self) -> None:
        """The token expired, or there was none (an offline unlock without a keyring): ask
        for the password; local work goes on meanwhile."""
        self._asking_password = True
        dialog = QInputDialog(self)
        dialog.setObjectName("reauthDialog")
        if self.ws.client.token:
            dialog.setWindowTitle(self.tr("Please log in again"))
            label = self.tr("Your session has expired. Password for %1:")
        else:  # unlocked offline with no saved session: nothing expired, sync needs a login
            dialog.setWindowTitle(self.tr("Log in to sync"))
            label = self.tr("Work done offline is kept and sent once you log in. "
                            "Password for %1:")
        dialog.setLabelText(label.replace("%1", self.ws.user.username))
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        dialog.textValueSelected.connect(self._relogin)
        dialog.rejected.connect(lambda: setattr(self, "_asking_password", False))
        dialog.open()
        self.reauth_dialog = dialog

    def _relogin(self, password: str) -> None:
        auth = AuthService(self.ws.server_url, self.tokens, self.ws.paths)
        username = self.ws.user.username

        def done(result: tuple[UserInfo, str]) -> None:
            self._asking_password = False
            self.ws.sync.resume_with_token(result[1])

        def failed(exc: BaseException) -> None:
            self._asking_password = False
            show_error(self, exc)

        self.tasks.run_in_background(lambda: auth.login(username, password), done, failed,
                                     network=True)

    def log_out(self) -> None:
        """End the session on the server and forget its token, then close: the next start
        asks for the password. Actions not yet sent stay in the outbox for the next login."""
        auth = AuthService(self.ws.server_url, self.tokens)
        username = self.ws.user.username

        def work() -> bool:
            self.ws.sync.stop()
            return auth.log_out(self.ws.client, username)

        self.tasks.run_in_background(work, lambda _: self.close(),
                                     lambda exc: show_error(self, exc), network=True)

    def _changed(self, changes: Changes) -> None:
        """The window's part of a change (the queue panel redraws its rows itself)."""
        if changes.day:
            self.refresh_day()  # today's calls, and "Left" counts the queue
        if changes.outbox:
            self.tasks.run_in_background(self.ws.sync.refresh_counts)
        if changes.control:
            self.tasks.run_in_background(self.ws.queue.queue_control, self._show_control)
        if changes.clock:
            self._rejudge_shown()

    def _rejudge_shown(self) -> None:
        """The server's time was measured anew, far from before: the customer shown (not
        on a call) is judged again at it, as the queue's rows are ("the clock changed,
        sync before dialling" goes once the sync has measured it)."""
        d, t = self.detail, self.timer
        if d is None or t.in_call or t.in_wrap_up:
            return
        item_id = d.queue_item_id

        def show(fresh: CustomerDetail) -> None:
            if self.detail is d and not (t.in_call or t.in_wrap_up):
                self.detail = fresh
                self.customer.show_detail(fresh)
                self._update_call_ui()

        self.tasks.run_in_background(lambda: self.ws.queue.detail(item_id), show,
                                     lambda exc: log.debug("re-judging failed: %s", exc))

    def _show_control_at_start(self, control: QueueControl | None) -> None:
        if control is not None and control.paused:
            self._show_control(control)

    def _show_control(self, control: QueueControl | None) -> None:
        """The team lead paused or released this queue: say so where the agent looks."""
        if control is not None and control.paused:
            text = self.tr("Your team lead %1 has paused your queue: dialling is stopped.")
            text = text.replace("%1", control.changed_by)
            if control.reason:
                text += " " + self.tr("Reason: %1").replace("%1", control.reason)
            self.banner.show_message(text)
        elif control is not None:
            self.banner.show_message(self.tr("Your team lead has released your queue."))
        self._update_call_ui()

    # ---------------------------------------------------------------- customer

    def _select(self, row: QueueRow | None) -> None:
        call = self.ws.queue.current_call()
        if call is not None and (row is None or row.id != call.queue_item_id):
            self.ws.queue.discard_call()
        self.timer.reset()
        self._update_call_ui()
        if row is None:
            self._show_detail(None)
            return
        item_id = row.id
        self.tasks.run_in_background(
            lambda: self.ws.queue.detail(item_id),
            lambda d: self._detail_loaded(item_id, d),
            lambda exc: show_error(self, exc),
        )

    def _detail_loaded(self, item_id: str, d: CustomerDetail) -> None:
        current = self.queue_panel.current_row()
        if current is None or current.id != item_id:
            return  # the agent has moved on
        self._show_detail(d)

    def _show_detail(self, d: CustomerDetail | None) -> None:
        self.detail = d
        self.customer.show_detail(d)
        self.outcome.set_detail(d)
        self._update_call_ui()
        self._ahead = None
        # A moment later: the read-ahead's thread would take the GIL from the drawing of
        # this customer and of the save's changes (bench/agent_live.py's p99).
        QTimer.singleShot(READ_AHEAD_AFTER_MS, self,
                          lambda: self._read_ahead(d) if self.detail is d else None)

    def _read_ahead(self, d: CustomerDetail | None) -> None:
        """Read the next customer's detail while this one is worked (off the UI thread);
        record_and_next decides after the save whether it still holds."""
        self._ahead = None
        nxt = self.queue_panel.next_after(d.queue_item_id) if d is not None else None
        if d is None or nxt is None:
            return
        queue, shown, next_id = self.ws.queue, d.queue_item_id, nxt.id
        self._reading_ahead = True

        def keep(ahead: Prefetched | None) -> None:
            self._reading_ahead = False
            if self.detail is not None and self.detail.queue_item_id == shown:
                self._ahead = ahead

        def failed(exc: BaseException) -> None:
            self._reading_ahead = False
            log.debug("read ahead failed: %s", exc)

        self.tasks.run_in_background(lambda: queue.prefetch(next_id), keep, failed)

    def _read_ahead_again(self) -> None:
        """A sync cycle ended (its writes, and the presence change after a save, make the
        read-ahead stale): read the next customer again while the agent works."""
        if self.detail is None or self._reading_ahead:
            return
        if self._ahead is None or not self.ws.queue.is_current(self._ahead):
            self._read_ahead(self.detail)

    # -------------------------------------------------------------------- call

    def call(self, *, progressive: bool = False) -> None:
        d = self.detail
        if d is None or self.timer.in_call:
            return
        if self.presence.state == "paused":
            self.status.showMessage(self._paused_text(), 6000)
            return
        if not progressive:
            self.pacing.reset()  # F5 by hand: the countdown has nothing left to do
        item_id = d.queue_item_id
        # The gate first (raises DialBlocked with the reason), then the INVITE / tel: link.
        gated = self.gated = GatedCall(self.ws.queue, self.dialer,
                                       self.call_bridge.progress_from_any_thread,
                                       recordings=self.ws.recordings_dir())
        failed = self._progressive_refused if progressive else lambda exc: show_error(self, exc)
        self.tasks.run_in_background(lambda: gated.gate(item_id),
                                     lambda phone: self._dial(item_id, phone),
                                     failed)

    def _progressive_dial(self) -> None:
        """The countdown ran out: the customer shown is called, through the gate."""
        if self.detail is None or self.timer.in_call or self.presence.state == "paused":
            self.pacing.reset()
            return
        self.call(progressive=True)

    def _progressive_refused(self, exc: BaseException) -> None:
        """The gate said no to the customer the countdown was for: skip to the next one,
        or stop when the reason is this desktop's (the next would be refused alike)."""
        if not isinstance(exc, DialBlocked):
            self.pacing.reset()
            show_error(self, exc)
            return
        reason = labels.error_message(exc)
        name = self._shown_name()
        has_next = self.queue_panel.next_after(self.detail.queue_item_id) is not None \
            if self.detail is not None else False
        if self.pacing.refused(exc.code or "", f"{name}: {reason}", has_next=has_next):
            self.status.showMessage(self.tr("Skipped %1: %2").replace("%1", name)
                                    .replace("%2", reason), 10000)
            self.queue_panel.select_next_callable()
        else:
            self.status.showMessage(self.tr("Automatic calling stopped: %1")
                                    .replace("%1", reason), 0)

    def cancel_countdown(self) -> None:
        if self.pacing.cancel():
            self.status.showMessage(self.tr("Automatic call cancelled: press F5 to call."),
                                    6000)

    def pause_countdown(self) -> None:
        self.pacing.toggle_pause()

    def _shown_name(self) -> str:
        return self.detail.customer.name if self.detail is not None else ""

    def _campaign(self) -> CampaignOut | None:
        return self.detail.campaign if self.detail is not None else None

    def _wrap_up_text(self) -> str:
        return self.tr("The wrap-up time of this campaign is up: choose the outcome and "
                       "save it (Ctrl+Enter).")

    def _wrap_up_over(self) -> None:
        self.banner.show_message(self._wrap_up_text())
        QApplication.alert(self)

    def _end_wrap_up_reminder(self) -> None:
        if self.banner.isVisible() and self.banner.label.text() == self._wrap_up_text():
            self.banner.hide()

    def _pacing_changed(self) -> None:
        """Redraw the call state when the countdown began or ended (its keys are enabled
        only while it counts)."""
        phase = self.pacing.pacer.phase
        if phase is not self._pacing_phase:
            self._pacing_phase = phase
            self._update_call_ui()

    def transfer(self) -> None:
        """Blind transfer (REFER) of the answered call to the campaign's verifier or
        supervisor extension."""
        if not self._sip_call_controls_usable():
            return
        gated = self.gated
        if gated is None:
            return
        try:
            target = gated.transfer()
        except NoTransferTarget:
            self.status.showMessage(self.tr(
                "This campaign has no transfer target; your administrator sets it."), 6000)
            return
        self.status.showMessage(self.tr("Transferring to %1...").replace("%1", target), 0)

    def _dial(self, item_id: str, phone: str) -> None:
        if self.detail is None or self.detail.queue_item_id != item_id or self.gated is None:
            return
        if not self.gated.place(phone) and not self.dialer.reports_progress:
            # Shown masked, as in the queue; the full number goes to the clipboard only.
            QGuiApplication.clipboard().setText(phone)
            self.status.showMessage(
                self.tr("No softphone answered the tel: link; dial %1 by hand "
                        "(the number is on the clipboard: Ctrl+V).")
                .replace("%1", domain.mask_phone(phone)), 10000)
        self.timer.start_call(awaiting_answer=self.dialer.reports_progress)
        self.held = self.muted = False
        self.pacing.dialled()
        self.ticker.start()
        if not self.dialer.reports_progress:
            self._set_presence("on_call")  # a softphone says nothing: on the call from F5
        # With SIP the state follows the call: on_call at the answer (_call_progress).
        self._update_call_ui()

    def hang_up(self) -> None:
        if self.timer.in_call:
            self.timer.hang_up()
            self.ws.queue.end_call()
            self.dialer.hang_up()  # BYE (or CANCEL while ringing) from the SIP stack
            self._set_presence("wrap_up")
            self.pacing.call_ended(self._campaign())
            self._update_call_ui()

    def _sip_call_controls_usable(self) -> bool:
        if not self.dialer.reports_progress:
            self.status.showMessage(self.tr(
                "Hold, mute and key presses are your softphone's own buttons; set up the "
                "SIP telephone in Settings to use them here."), 6000)
            return False
        if not self.timer.in_call:
            self.status.showMessage(self.tr("Only during a call."), 4000)
            return False
        return True

    def toggle_hold(self) -> None:
        if self._sip_call_controls_usable():
            self.dialer.hold(not self.held)  # the status bar follows the SIP stack's answer

    def toggle_mute(self) -> None:
        if self._sip_call_controls_usable():
            self.muted = not self.muted
            self.dialer.mute(self.muted)
            self.status.showMessage(self.tr("Microphone muted (F8 to unmute)") if self.muted
                                    else self.tr("Microphone on"), 0 if self.muted else 4000)

    def send_keys(self) -> None:
        if not self._sip_call_controls_usable():
            return
        dialog = QInputDialog(self)  # window-modal: the call's timers keep running
        dialog.setWindowTitle(self.tr("Send key presses"))
        dialog.setLabelText(self.tr("Keys to send to the call (0-9, * and #):"))

        def send() -> None:
            clean = "".join(c for c in dialog.textValue() if c in "0123456789*#")
            if clean and self._sip_call_controls_usable():
                self.dialer.send_dtmf(clean)

        dialog.accepted.connect(send)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()

    # ------------------------------------------------------------- SIP progress

    def _start_sip(self) -> None:
        if not isinstance(self.dialer, SipDialer):
            return
        self.dialer.on_registration = self.call_bridge.registration_from_any_thread
        if self.dialer.account.registrar:
            self.sip_label.setText(self.tr("SIP: registering..."))
            self.sip_label.show()
        try:
            self.dialer.start()
        except SipUnavailable as exc:
            log.warning("SIP unavailable, dialling through tel: links: %s", exc)
            self.dialer = Dialer()
            self.sip_label.setText(self.tr("SIP: unavailable (tel: links)"))
            self.sip_label.setToolTip(str(exc))
            self.sip_label.show()

    def _registration(self, r: Registration) -> None:
        self.sip_label.setText(registration_text(r))
        self.sip_label.setProperty("state", "online" if r.registered else "offline")
        self.sip_label.show()

    def _call_progress(self, p: CallProgress) -> None:
        """The SIP stack's word on the call: the queue service has its facts already
        (talk time, the end and its cause); this shows them and pre-fills the outcome."""
        if self.gated is None or p.queue_item_id != self.gated.current_item:
            return
        live = self.ws.queue.current_call()
        recorded = live is not None and live.recording is not None
        self.status.showMessage(progress_text(p, recorded=recorded),
                                10000 if p.event.final else 0)
        if p.event.kind is CallEventKind.ANSWERED:
            self.timer.answered()
        if p.presence == "on_call":
            self._set_presence("on_call")  # the far end answered: talk time starts
        if p.event.kind in (CallEventKind.HELD, CallEventKind.RESUMED):
            self.held = p.event.kind is CallEventKind.HELD
        if p.event.final:
            self.held = self.muted = False
        if p.event.final and self.timer.in_call:
            self.timer.hang_up()  # the far end's BYE (or busy, no answer): wrap-up begins
            self._set_presence("wrap_up")
            self.pacing.call_ended(self._campaign())
        d = self.detail
        if p.suggested is not None and d is not None and d.queue_item_id == p.queue_item_id:
            self.outcome.choose(p.suggested)  # the agent confirms with Save
        self._update_call_ui()

    def tick_disclosure(self) -> None:
        if not self.customer.script.tick_next():
            self.status.showMessage(self.tr("Every mandatory disclosure is ticked."), 4000)

    def _disclosure_toggled(self, step_id: str, on: bool) -> None:
        """Ticks count only on the call; the core keeps each one's time (in memory)."""
        d = self.detail
        try:
            if d is None:
                raise ValidationFailed("No customer.", field="disclosures", code="not_on_call")
            self.ws.queue.tick_disclosure(d.queue_item_id, step_id, on)
        except ValidationFailed as exc:
            self.customer.script.set_ticked(step_id, not on)
            self.status.showMessage(labels.error_message(exc), 6000)

    def _tick(self) -> None:
        self._update_call_ui()

    def _update_call_ui(self) -> None:
        t = self.timer
        if t.in_call:
            text = self.tr("On call %1").replace("%1", _mmss(t.talk_seconds()))
        elif t.in_wrap_up:
            text = self.tr("Wrap-up %1 (talk %2)").replace("%1", _mmss(t.wrap_seconds())) \
                .replace("%2", _mmss(t.talk_seconds()))
        else:
            text = ""
            self.ticker.stop()
        self.customer.call_state.setText(text)
        self.status.show_call(text)
        has = self.detail is not None
        paused = self.presence.state == "paused"
        a = self.actions_by_id
        # A disabled control says why, in its tooltip.
        pick = self.tr("Choose a customer in the queue first (Ctrl+N).")
        on_call = self.tr("You are on a call: hang up first (F6).")
        call_why = pick if not has else on_call if t.in_call else \
            self._paused_text() if paused else ""
        tips = self._tips
        self._enable(a["call"], not call_why, tips["call"], call_why)
        self._enable(a["pause"], not t.in_call, tips["pause"], on_call)
        self._enable(a["hang_up"], t.in_call, tips["hang_up"], self.tr("No call in progress."))
        self._enable(a["transfer"], t.in_call and self.dialer.reports_progress,
                     tips["transfer"], self.tr("Only during a call with the SIP telephone."))
        counting = self.pacing.counting
        self._enable(a["cancel_dial"], counting, tips["cancel_dial"],
                     self.tr("No automatic call is counting down."))
        self._enable(a["pause_dial"], counting, tips["pause_dial"],
                     self.tr("No automatic call is counting down."))
        self._enable(a["save"], has, tips["save"], pick)
        self._enable(a["dnc"], has, tips["dnc"], pick)
        self.customer.call_button.setToolTip(a["call"].toolTip())
        self.customer.hangup_button.setToolTip(a["hang_up"].toolTip())
        for button, act in ((self.outcome.save_button, a["save"]),
                            (self.outcome.dnc_button, a["dnc"])):
            button.setEnabled(act.isEnabled())
            button.setToolTip(act.toolTip())

    @staticmethod
    def _enable(act: QAction, on: bool, tip: str, why: str) -> None:
        act.setEnabled(on)
        act.setToolTip(tip if on else why)

    # ------------------------------------------------------------------ saving

    def save_and_next(self) -> None:
        d = self.detail
        if d is None:
            return
        disposition = self.outcome.disposition()
        self.outcome.clear_errors()
        if disposition is None:
            self.outcome.show_error("disposition", self.tr(
                "Choose an outcome first (Alt+1 ... Alt+=)."))
            return
        self.timer.hang_up()
        self.ws.queue.end_call()
        self.dialer.hang_up()  # saving ends the SIP call too (nothing if it has ended)
        draft = OutcomeDraft(
            queue_item_id=d.queue_item_id,
            disposition=disposition,
            notes=self.outcome.notes(),
            objection=self.outcome.objection(),
            offer_id=self.outcome.offer_id(),
            disclosures_ticked=self.customer.script.ticked(),
            steps_taken=self.customer.script.ticked(),
            # the version on screen: a newer one pulled mid-call does not change this call
            script_id=d.script.id if d.script else None,
            script_version=d.script.version if d.script else None,
            call_started_at=self.timer.started_at,
            talk_seconds=self.timer.talk_seconds(),
            wrap_seconds=self.timer.wrap_seconds(),
            callback_at=self.outcome.callback_at(),
            promised_on=self.outcome.promised_on(),
            survey_answers=self.outcome.survey_answers(),
        )
        self.outcome.save_button.setEnabled(False)
        nxt = self.queue_panel.next_after(d.queue_item_id)
        queue, ahead, self._ahead = self.ws.queue, self._ahead, None

        def record_then_fetch_next() -> tuple[Changes, CustomerDetail | None]:
            # One trip for both: the next customer shows as soon as it is saved (read
            # ahead when still valid). A failure of the save is the save's failure; a
            # next customer that cannot be read is None (the selection path reports it).
            return queue.record_and_next(draft, nxt.id if nxt is not None else None, ahead)

        self.tasks.run_in_background(
            record_then_fetch_next,
            lambda done: self._saved(d.queue_item_id, *done),
            self._save_failed,
        )

    def _saved(self, item_id: str, changes: Changes,
               next_detail: CustomerDetail | None = None) -> None:
        """Saved: the next customer shows at once, then the change goes to the hub (the
        saved row, the day's figures, the outbox count each redraw from there)."""
        self.outcome.save_button.setEnabled(True)
        self.timer.reset()
        self.status.showMessage(self.tr("Saved. It will be sent to the server with the next "
                                        "sync."), 5000)
        self.queue_panel.show_next(item_id, notify=next_detail is None)
        if next_detail is not None:
            current = self.queue_panel.current_row()
            if current is not None and current.id == next_detail.queue_item_id:
                self._update_call_ui()
                self._detail_loaded(current.id, next_detail)
            else:
                self._select(current)
        if self.presence.state in ("on_call", "wrap_up"):
            self._set_presence("available")
        self._end_wrap_up_reminder()
        # Progressive campaigns: the next customer is called after a countdown.
        self.pacing.saved(next_detail.campaign if next_detail is not None else None,
                          has_next=next_detail is not None and self.presence.state != "paused")
        self._update_call_ui()
        # The saved row, the day's figures and the outbox count redraw after the next
        # customer is drawn (they read the store again; the agent looks at the customer).
        QTimer.singleShot(0, self, lambda: self.hub.publish(changes))

    def _save_failed(self, exc: BaseException) -> None:
        self.outcome.save_button.setEnabled(True)
        if isinstance(exc, ValidationFailed) and exc.field:
            self.outcome.show_error(exc.field, labels.error_message(exc))
            if exc.field == "disclosures":
                self.customer.script.setFocus()
            return
        show_error(self, exc)

    def do_not_call(self) -> None:
        d = self.detail
        if d is None:
            return
        dialog = DncDialog(d.customer.name, self)
        dialog.accepted.connect(lambda: self._flag_dnc(d.queue_item_id, dialog.reason()))
        dialog.open()
        self.dnc_dialog = dialog

    def _flag_dnc(self, item_id: str, reason: str) -> None:
        self.dialer.hang_up()  # the customer refused: the SIP call ends (recorded below)
        self.tasks.run_in_background(
            lambda: self.ws.queue.flag_dnc(item_id, reason),
            self._flagged,
            lambda exc: show_error(self, exc),
        )

    def _flagged(self, changes: Changes) -> None:
        """The customer's rows leave the queue through the hub; the panel then shows the
        next callable customer from the flagged one's place."""
        self.timer.reset()
        self.status.showMessage(self.tr("Saved. It will be sent to the server with the next "
                                        "sync."), 5000)
        if self.presence.state in ("on_call", "wrap_up"):
            self._set_presence("available")
        self.hub.publish(changes)

    # ------------------------------------------------------- presence and day

    def _paused_text(self) -> str:
        return self.tr("Paused (%1): no calls until you resume with Ctrl+Shift+P.") \
            .replace("%1", self.reason_text(self.presence.reason))

    def reason_text(self, code: str | None) -> str:
        """A pause reason as shown: translated, or the server's label for a new code."""
        for r in self.pause_reasons:
            if r.code == code:
                return labels.pause_reason(code, labels.pause_reason_label(r))
        return labels.pause_reason(code)

    def _load_pause_reasons(self) -> None:
        """The local copy at once, then the server's list (kept for offline starts)."""
        presence = self.ws.presence
        self.tasks.run_in_background(presence.pause_reasons, self._pause_reasons_loaded)
        self.tasks.run_in_background(presence.refresh_pause_reasons, self._pause_reasons_loaded,
                                     network=True)

    def _pause_reasons_loaded(self, reasons: list[PauseReasonOut]) -> None:
        self.pause_reasons = reasons
        self._show_presence()

    def toggle_pause(self) -> None:
        if self.timer.in_call:
            return
        if self.presence.state == "paused":
            self._set_presence("available")
            return
        self.pacing.reset()  # a pause stops automatic calling
        dialog = PauseDialog(self.pause_reasons, self)
        dialog.accepted.connect(lambda: self._set_presence("paused", dialog.reason()))
        dialog.open()
        self.pause_dialog = dialog

    def _set_presence(self, state: str, reason: str | None = None) -> None:
        """Show the new state at once; record it (locally + outbox) in the background."""
        presence = self.ws.presence
        self.presence = Presence(state, reason, self.ws.queue.desktop_now())
        self._show_presence()
        self._update_call_ui()
        self.tasks.run_in_background(lambda: presence.set_state(state, reason),
                                     self._presence_recorded,
                                     lambda exc: show_error(self, exc))

    def _presence_recorded(self, changes: Changes | None) -> None:
        self.presence = self.ws.presence.current()
        self._show_presence()
        self.hub.publish(changes)

    def _show_presence(self) -> None:
        self.agent_bar.show_presence(self.presence, self.ws.queue.desktop_now(),
                                     self.reason_text(self.presence.reason))
        paused = self.presence.state == "paused"
        act = self.actions_by_id["pause"]
        act.setText(self.tr("&Resume") if paused else self.tr("&Pause..."))
        act.setIconText((self.tr("Resume") if paused else self.tr("Pause")) + " (Ctrl+Shift+P)")

    def refresh_day(self) -> None:
        self.tasks.run_in_background(self.ws.queue.day_stats, self._day_loaded)

    def _day_loaded(self, stats: DayStats) -> None:
        self.day_stats = stats
        self.agent_bar.show_day(stats)

    def _queue_loaded(self) -> None:
        self.notifier.check(self.queue_panel.model.rows())

    def _mind(self) -> None:
        now = self.ws.queue.now()
        became_due = any(
            r.callback_at is not None and not r.callback_due and r.callback_at <= now
            for r in self.queue_panel.model.rows()
        )
        if became_due:
            self.queue_panel.reload()  # sorts it to the top; the load notifies
        self._show_presence()
        self.refresh_day()
        self._show_dnc_age(self.ws.sync.status)

    def _show_dnc_age(self, status: SyncStatus) -> None:
        last = status.last_sync_at
        age = None if last is None else self.ws.queue.desktop_now() - last
        self.status.show_dnc_age(age, self.ws.queue.max_dnc_age)

    def show_rejected(self) -> None:
        if self._rejected_dialog is None:
            self._rejected_dialog = RejectedDialog(self)
        dialog = self._rejected_dialog
        self.tasks.run_in_background(self.ws.queue.rejected_actions, dialog.show_actions,
                                     lambda exc: show_error(self, exc))
        dialog.show()
        dialog.raise_()

    # ------------------------------------------------------------------- misc

    def show_shortcuts(self) -> None:
        shortcuts.show_table(self, shortcuts.table())

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed:
            self._closed = True
            self.bridge.detach()
            self.ticker.stop()
            self.minder.stop()
            self.pacing.reset()
            if isinstance(self.dialer, SipDialer):
                self.dialer.close()  # hangs up, unregisters, destroys the library
            self.ws.sign_off()  # "offline", pushed within 2 s; the outbox keeps it otherwise
            self.ws.close()  # stops the sync thread; pending actions stay in the outbox
        super().closeEvent(event)
