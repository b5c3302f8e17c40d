"""The team lead's window: the shell around its pages (ui/lead/pages/): the agents live
with alerts and charts, the campaigns, the queues; the header's team and idle-limit
filters, the menus and shortcuts (ui/shortcuts.lead_table), the refresh loop, the
wallboard. The cause-analysis tasks of the customers the lead manages are the manager's
widget (ui/churn_tasks.py), loaded when its tab is first shown and on F5 there.

Every server call runs through the TaskManager's network pool; the monitor refreshes every
REFRESH_MS and a refresh never overlaps the previous one, so a slow server costs
freshness, never a frozen window. When the server cannot be reached the last figures stay
on screen, marked with their age. The lead's workspace is online only: no local store.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSpinBox,
    QStatusBar,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.campaign_loop import CampaignLoopService
from app.services.lead import LeadService
from app.services.workspace import ServerWorkspace
from app.tokens import TokenStore
from ui import labels, shortcuts, work_window
from ui.about import show_about
from ui.churn_tasks import ChurnTasksPage
from ui.errors import describe
from ui.lead.charts import ChartsPanel
from ui.lead.pages.actions import CAMPAIGNS_TAB, MONITOR_TAB, QUEUES_TAB, QueueActions
from ui.lead.pages.campaigns import CampaignsPage
from ui.lead.pages.common import ALERT_TONE, LiveFigures, clock
from ui.lead.pages.exports import Exports
from ui.lead.pages.monitor import MonitorPage
from ui.lead.pages.queues import QueuesPage, refill
from ui.lead.table import TableModel
from ui.lead.wallboard import Wallboard
from ui.tasks import TaskManager
from wire.lead import AgentRow, CampaignRow, Monitor, TeamQueue, TeamQueueItem

log = logging.getLogger(__name__)
REFRESH_MS = 5000


class LeadWindow(QMainWindow):
    def __init__(self, workspace: ServerWorkspace, tasks: TaskManager, *,
                 tokens: TokenStore | None = None, keyring_warning: str = "",
                 service: LeadService | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.tasks = tasks
        self.tokens = tokens
        self.service = service or LeadService(workspace.client)
        self.live = LiveFigures()
        self._in_flight = False
        self._closed = False
        self.wallboard: Wallboard | None = None
        work_window.dress(self, self.tr("Callsheet - %1 (%2)"), workspace.user, (1440, 900))

        self.monitor_page = MonitorPage(self.live, self)
        self.campaigns_page = CampaignsPage(self)
        self.queues_page = QueuesPage(self.live, self.service, tasks, self)
        self.churn_page = ChurnTasksPage(CampaignLoopService(workspace.client), tasks, self)
        self._churn_loaded = False
        self._build_layout()
        self.setStatusBar(QStatusBar(self))
        self.queue_actions = QueueActions(
            self, self.tabs, self.live,
            (self.monitor_page, self.campaigns_page, self.queues_page), self.service, tasks,
            self.refresh)
        self.exports = Exports(self, self.service, tasks, self.team_combo.currentData)
        self._build_actions()
        self.live_label = QLabel(self.tr("Connecting..."), self)
        self.statusBar().addWidget(self.live_label, 1)
        if keyring_warning:
            self.statusBar().addPermanentWidget(labels.keyring_notice(self))

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        # Durations ("paused for 12:03") tick every second between refreshes.
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self.monitor_page.tick)

    # ------------------------------------------------- the pages' parts, by name

    @property
    def monitor(self) -> Monitor | None:
        return self.live.monitor

    @property
    def agent_model(self) -> TableModel[AgentRow]:
        return self.monitor_page.agent_model

    @property
    def agent_view(self) -> QTableView:
        return self.monitor_page.agent_view

    @property
    def charts(self) -> ChartsPanel:
        return self.monitor_page.charts

    @property
    def campaign_model(self) -> TableModel[CampaignRow]:
        return self.campaigns_page.campaign_model

    @property
    def campaign_view(self) -> QTableView:
        return self.campaigns_page.campaign_view

    @property
    def queue_model(self) -> TableModel[TeamQueueItem]:
        return self.queues_page.queue_model

    @property
    def queue_view(self) -> QTableView:
        return self.queues_page.queue_view

    @property
    def queue_agent(self) -> QComboBox:
        return self.queues_page.queue_agent

    @property
    def queue_data(self) -> TeamQueue | None:
        return self.queues_page.queue_data

    @property
    def rebalance_dialog(self) -> QDialog | None:
        return self.queue_actions.dialog

    @property
    def summary_written(self) -> Path | None:
        return self.exports.summary_written

    def selected_items(self) -> list[TeamQueueItem]:
        return self.queues_page.selected_items()

    # ----------------------------------------------------------------- set-up

    def _build_layout(self) -> None:
        head = QHBoxLayout()
        self.title = QLabel(self.tr("Team monitor"), self)
        self.title.setObjectName("sectionTitle")
        head.addWidget(self.title)
        head.addStretch(1)
        team_label = QLabel(self.tr("&Team:"), self)
        head.addWidget(team_label)
        self.team_combo = QComboBox(self)
        team_label.setBuddy(self.team_combo)
        self.team_combo.addItem(self.tr("All my teams"), None)
        self.team_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        head.addWidget(self.team_combo)
        idle_label = QLabel(self.tr("&Idle alert after:"), self)
        head.addWidget(idle_label)
        self.idle_spin = QSpinBox(self)
        self.idle_spin.setRange(1, 240)
        self.idle_spin.setValue(10)
        self.idle_spin.setSuffix(self.tr(" min"))
        self.idle_spin.valueChanged.connect(lambda _v: self.refresh())
        idle_label.setBuddy(self.idle_spin)
        head.addWidget(self.idle_spin)
        self.updated_label = QLabel("", self)
        self.updated_label.setObjectName("mutedLabel")
        head.addWidget(self.updated_label)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.monitor_page, self.tr("Agents"))
        self.tabs.addTab(self.campaigns_page, self.tr("Campaigns"))
        self.tabs.addTab(self.queues_page, self.tr("Queues"))
        self.tabs.addTab(self.churn_page, self.tr("Cause analysis"))
        self.tabs.currentChanged.connect(self._tab_changed)

        central = QWidget(self)
        lay = QVBoxLayout(central)
        lay.setContentsMargins(10, 6, 10, 4)
        lay.addLayout(head)
        lay.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

    def _build_actions(self) -> None:
        acts = self.queue_actions
        handlers: dict[str, Callable[[], object]] = {
            "refresh": self.refresh_now,
            "tab_monitor": lambda: self.tabs.setCurrentIndex(MONITOR_TAB),
            "tab_campaigns": lambda: self.tabs.setCurrentIndex(CAMPAIGNS_TAB),
            "tab_queues": lambda: self.tabs.setCurrentIndex(QUEUES_TAB),
            "tab_churn_tasks": lambda: self.tabs.setCurrentWidget(self.churn_page),
            "agent_queue": self.open_agent_queue,
            "reassign": acts.reassign_selected,
            "priority": acts.raise_priority,
            "rebalance": acts.rebalance,
            "pause_queue": acts.toggle_queue_pause,
            "export": lambda: self.export_current(),  # not triggered(checked)
            "wallboard": lambda: self.toggle_wallboard(),
            "help": self.show_shortcuts,
            "quit": self.close,
        }
        texts = {
            "refresh": self.tr("&Refresh now"), "tab_monitor": self.tr("&Agents"),
            "tab_campaigns": self.tr("&Campaigns"), "tab_queues": self.tr("&Queues"),
            "tab_churn_tasks": self.tr("Ca&use-analysis tasks"),
            "agent_queue": self.tr("Open the agent's &queue"),
            "reassign": self.tr("&Reassign selected items..."),
            "priority": self.tr("Raise &priority..."),
            "rebalance": self.tr("Re&balance campaign..."),
            "pause_queue": self.tr("&Pause / release agent's queue..."),
            "export": self.tr("&Export table (CSV or Excel)..."),
            "wallboard": self.tr("&Wallboard (full screen)"),
            "help": self.tr("&Keyboard shortcuts"), "quit": self.tr("&Quit"),
        }
        self.actions_by_id: dict[str, QAction] = {}
        for s in shortcuts.lead_table():
            act = QAction(texts[s.action], self)
            if s.action != "agent_queue":  # Return is the table's own activation key
                act.setShortcuts([QKeySequence(k) for k in s.keys])
                act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(handlers[s.action])
            self.addAction(act)
            self.actions_by_id[s.action] = act
        a = self.actions_by_id
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        file_menu.addAction(a["export"])
        summary = file_menu.addAction(self.tr("Export daily &summary..."))
        summary.triggered.connect(lambda: self.export_summary())
        file_menu.addSeparator()
        file_menu.addAction(a["quit"])
        view_menu = menu.addMenu(self.tr("&View"))
        for k in ("refresh", "tab_monitor", "tab_campaigns", "tab_queues", "tab_churn_tasks",
                  "wallboard"):
            view_menu.addAction(a[k])
        queue_menu = menu.addMenu(self.tr("&Queues"))
        for k in ("agent_queue", "reassign", "priority", "rebalance", "pause_queue"):
            queue_menu.addAction(a[k])
        help_menu = menu.addMenu(self.tr("&Help"))
        help_menu.addAction(a["help"])
        about = help_menu.addAction(self.tr("&About Callsheet / copy diagnostics..."))
        about.triggered.connect(lambda: show_about(self.ws, self))
        self.campaigns_page.rebalance_button.clicked.connect(acts.rebalance)
        self.campaigns_page.survey.bind(self.service.survey, self.tasks)
        self.queues_page.reassign_button.clicked.connect(acts.reassign_selected)
        self.queues_page.priority_button.clicked.connect(acts.raise_priority)
        self.monitor_page.open_queue.connect(self.open_agent_queue)

    # ---------------------------------------------------------------- refresh

    def start(self) -> None:
        self.refresh()
        self.timer.start()
        self.ticker.start()

    def refresh_now(self) -> None:
        """F5: the monitor, and the tasks list when its tab is shown."""
        if self.tabs.currentWidget() is self.churn_page and not self._closed:
            self.refresh_churn_tasks()
        self.refresh()

    def refresh(self) -> None:
        if self._in_flight or self._closed:
            return
        self._in_flight = True
        team = self.team_combo.currentData()
        idle = self.idle_spin.value()
        self.tasks.run_in_background(
            lambda: self.service.monitor(team_id=team, idle_minutes=idle),
            self._monitor_loaded, self._monitor_failed, network=True)

    def _monitor_loaded(self, mon: Monitor) -> None:
        self._in_flight = False
        first = self.live.monitor is None
        self.live.answered(mon)
        self.monitor_page.show_monitor(mon, first=first)
        self.campaigns_page.show_monitor(mon, first=first)
        self.queues_page.show_monitor(mon)
        if self.team_combo.currentData() is None:  # the answer for all teams lists them all
            refill(self.team_combo, [(t.id, t.name) for t in mon.teams])
        if self.wallboard is not None and self.wallboard.isVisible():
            self.wallboard.show_monitor(mon)
        self.updated_label.setText(self.tr("Updated %1").replace("%1", clock(mon.server_time)))
        self.live_label.setText(self.tr("Live: %1 agents, refreshed every %2 s (server %3 ms)")
                                .replace("%1", str(len(mon.agents)))
                                .replace("%2", str(REFRESH_MS // 1000))
                                .replace("%3", f"{mon.query_ms:.0f}"))
        self.live_label.setStyleSheet("")

    def _monitor_failed(self, exc: BaseException) -> None:
        self._in_flight = False
        _title, message = describe(exc)
        mon = self.live.monitor
        text = self.tr("Not live: %1 Showing the figures of %2.").replace("%1", message) \
            .replace("%2", clock(mon.server_time) if mon else "–")
        self.live_label.setText(text)
        self.live_label.setStyleSheet(f"color: {ALERT_TONE};")
        if mon is not None and self.wallboard is not None and self.wallboard.isVisible():
            self.wallboard.show_monitor(mon, live=False)

    def _tab_changed(self, index: int) -> None:
        if index == QUEUES_TAB and self.queues_page.queue_data is None:
            self.queues_page.load_queue()
        if self.tabs.widget(index) is self.churn_page and not self._churn_loaded:
            self.refresh_churn_tasks()

    def refresh_churn_tasks(self) -> None:
        """The tasks list: on the tab's first showing and on F5 there (not every
        REFRESH_MS: a finding being written keeps its row)."""
        self._churn_loaded = True
        self.churn_page.refresh()

    def open_agent_queue(self) -> None:
        agent = self.monitor_page.selected_agent()
        if agent is None:
            return
        self.tabs.setCurrentIndex(QUEUES_TAB)
        self.queues_page.show_agent(agent.agent_id)

    # ------------------------------------------------------------------- misc

    def current_table(self) -> tuple[QTableView, str]:
        index = self.tabs.currentIndex()
        if index == CAMPAIGNS_TAB:
            return self.campaign_view, "campaigns"
        if index == QUEUES_TAB:
            return self.queue_view, "queue"
        return self.agent_view, "agents"

    def export_current(self, path: str | None = None) -> Path | None:
        """The table shown, in its on-screen order and language, as CSV or XLSX."""
        if self.tabs.currentWidget() is self.churn_page:
            self.statusBar().showMessage(self.tr("The cause-analysis tasks have no export."),
                                         5000)
            return None
        view, name = self.current_table()
        return self.exports.export_table(view, name, self.tabs.tabText(self.tabs.currentIndex()),
                                         path)

    def export_summary(self, path: str | None = None,
                       days: tuple[date, date] | None = None) -> None:
        self.exports.export_summary(path, days)

    def toggle_wallboard(self, full_screen: bool = True) -> Wallboard | None:
        """F11: the floor's figures full screen on this display (F11 or Esc: back)."""
        if self.wallboard is not None and self.wallboard.isVisible():
            self.wallboard.close()
            return None
        if self.wallboard is None:
            self.wallboard = Wallboard(self)
            self.wallboard.addAction(self.actions_by_id["quit"])
        if self.live.monitor is not None:
            self.wallboard.show_monitor(self.live.monitor)
        if full_screen:
            self.wallboard.toggle_full_screen()
        else:
            self.wallboard.show()
        self.wallboard.activateWindow()
        self.wallboard.setFocus()
        self.refresh()
        return self.wallboard

    def show_shortcuts(self) -> None:
        shortcuts.show_table(self, shortcuts.lead_table())

    def screenshot_ready(self) -> bool:
        return self.live.monitor is not None and not self.tasks.busy

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed:
            self._closed = True
            self.timer.stop()
            self.ticker.stop()
            if self.wallboard is not None:
                self.wallboard.close()
            self.ws.close()
        super().closeEvent(event)
