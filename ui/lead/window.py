"""The team lead's window: agents live with alerts and charts, campaigns, and the queues.

Every server call runs through the TaskManager's network pool; the monitor refreshes every
REFRESH_MS and a refresh never overlaps the previous one, so a slow server costs
freshness, never a frozen window. When the server cannot be reached the last figures stay
on screen, marked with their age.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QElapsedTimer, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStatusBar,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.lead import LeadService
from app.services.workspace import ServerWorkspace
from app.tokens import TokenStore
from ui import i18n, labels, shortcuts, window_state
from ui.about import show_about
from ui.errors import describe, show_error
from ui.lead.charts import ChartsPanel
from ui.lead.dialogs import PickAgentDialog
from ui.lead.export import write_sheets, write_table
from ui.lead.rebalance import RebalanceDialog
from ui.lead.summary import SummaryRangeDialog, SummaryTables
from ui.lead.table import SORT_ROLE, Column, TableModel
from ui.lead.wallboard import Wallboard
from ui.resources import app_icon
from ui.tasks import TaskManager
from wire.lead import (
    ActionDone,
    AgentRow,
    Alert,
    AlertKind,
    CampaignRow,
    DailySummary,
    LiveState,
    Monitor,
    TeamQueue,
    TeamQueueItem,
)

log = logging.getLogger(__name__)
REFRESH_MS = 5000
STATE_TONES = {LiveState.OFFLINE: "#8a8f98", LiveState.IDLE: "#b26a00",
               LiveState.ON_CALL: "#1f7a3d", LiveState.WRAP_UP: "#2d6cdf",
               LiveState.PAUSED: "#7d4cc2"}
ALERT_TONE = "#b3261e"


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.0%}"


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    s = max(0, int(seconds))
    h, rest = divmod(s, 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60:02d}:{rest % 60:02d}"


def _clock(at: datetime | None) -> str:
    return "–" if at is None else at.astimezone().strftime("%H:%M:%S")


class LeadWindow(QMainWindow):
    def __init__(self, workspace: ServerWorkspace, tasks: TaskManager, *,
                 tokens: TokenStore | None = None, keyring_warning: str = "",
                 service: LeadService | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.tasks = tasks
        self.tokens = tokens
        self.service = service or LeadService(workspace.client)
        self.monitor: Monitor | None = None
        self.queue_data: TeamQueue | None = None
        self._in_flight = False
        self._answered_at = QElapsedTimer()  # since the monitor's last answer
        self._queue_request = 0
        self._closed = False
        self.rebalance_dialog: RebalanceDialog | None = None
        self.wallboard: Wallboard | None = None
        self.summary_written: Path | None = None
        user = workspace.user
        role = labels.roles().get(user.role.value, user.role.value)
        self.setWindowTitle(self.tr("Callsheet - %1 (%2)").replace("%1", user.display_name)
                            .replace("%2", role))
        self.setWindowIcon(app_icon())
        window_state.fit_default_size(self, 1440, 900)

        self._build_tables()
        self._build_layout()
        self._build_actions()
        self.setStatusBar(QStatusBar(self))
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
        self.ticker.timeout.connect(self._tick)

    # ----------------------------------------------------------------- set-up

    def _build_tables(self) -> None:
        self.agent_model: TableModel[AgentRow] = TableModel(self._agent_columns(), self)
        self.campaign_model: TableModel[CampaignRow] = TableModel(self._campaign_columns(), self)
        self.queue_model: TableModel[TeamQueueItem] = TableModel(self._queue_columns(), self)
        self.agent_view = self._table(self.agent_model, "agentTable")
        self.campaign_view = self._table(self.campaign_model, "campaignTable")
        self.queue_view = self._table(self.queue_model, "queueTable")
        self.queue_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.agent_view.activated.connect(lambda _i: self.open_agent_queue())

    def _table(self, model: TableModel[Any], name: str) -> QTableView:
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(model)
        proxy.setSortRole(SORT_ROLE)
        view = QTableView(self)
        view.setObjectName(name)
        view.setModel(proxy)
        view.setSortingEnabled(True)
        view.setAlternatingRowColors(True)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(26)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        return view

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

        self.alert_list = QListWidget(self)
        self.alert_list.setObjectName("alertList")
        self.alert_list.itemActivated.connect(self._alert_activated)

        self.charts = ChartsPanel(self)
        monitor_page = QWidget(self)
        mlay = QVBoxLayout(monitor_page)
        mlay.setContentsMargins(0, 6, 0, 0)
        self.alert_title = QLabel(self.tr("Alerts"), monitor_page)
        self.alert_title.setObjectName("subTitle")
        mlay.addWidget(self.alert_title)
        mlay.addWidget(self.alert_list)
        split = QSplitter(Qt.Orientation.Vertical, monitor_page)
        split.addWidget(self.agent_view)
        split.addWidget(self.charts)
        split.setStretchFactor(0, 1)  # the agents get what the charts leave
        split.setStretchFactor(1, 0)
        split.setSizes([300, 320])
        split.setChildrenCollapsible(False)
        mlay.addWidget(split, 1)

        camp_page = QWidget(self)
        clay = QVBoxLayout(camp_page)
        clay.setContentsMargins(0, 6, 0, 0)
        crow = QHBoxLayout()
        self.rebalance_button = QPushButton(self.tr("&Rebalance campaign..."), camp_page)
        crow.addWidget(self.rebalance_button)
        crow.addStretch(1)
        clay.addLayout(crow)
        clay.addWidget(self.campaign_view, 1)

        queue_page = QWidget(self)
        qlay = QVBoxLayout(queue_page)
        qlay.setContentsMargins(0, 6, 0, 0)
        qrow = QHBoxLayout()
        qrow.addWidget(QLabel(self.tr("Agent:"), queue_page))
        self.queue_agent = QComboBox(queue_page)
        self.queue_agent.addItem(self.tr("All agents"), None)
        qrow.addWidget(self.queue_agent)
        qrow.addWidget(QLabel(self.tr("Campaign:"), queue_page))
        self.queue_campaign = QComboBox(queue_page)
        self.queue_campaign.addItem(self.tr("All campaigns"), None)
        qrow.addWidget(self.queue_campaign)
        self.queue_count = QLabel("", queue_page)
        self.queue_count.setObjectName("mutedLabel")
        qrow.addWidget(self.queue_count)
        qrow.addStretch(1)
        self.reassign_button = QPushButton(self.tr("Reassign..."), queue_page)
        self.priority_button = QPushButton(self.tr("Raise priority..."), queue_page)
        qrow.addWidget(self.reassign_button)
        qrow.addWidget(self.priority_button)
        qlay.addLayout(qrow)
        qlay.addWidget(self.queue_view, 1)
        self.queue_agent.currentIndexChanged.connect(lambda _i: self.load_queue())
        self.queue_campaign.currentIndexChanged.connect(lambda _i: self.load_queue())

        self.tabs = QTabWidget(self)
        self.tabs.addTab(monitor_page, self.tr("Agents"))
        self.tabs.addTab(camp_page, self.tr("Campaigns"))
        self.tabs.addTab(queue_page, self.tr("Queues"))
        self.tabs.currentChanged.connect(self._tab_changed)

        central = QWidget(self)
        lay = QVBoxLayout(central)
        lay.setContentsMargins(10, 6, 10, 4)
        lay.addLayout(head)
        lay.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

    def _build_actions(self) -> None:
        handlers: dict[str, Callable[[], object]] = {
            "refresh": self.refresh,
            "tab_monitor": lambda: self.tabs.setCurrentIndex(0),
            "tab_campaigns": lambda: self.tabs.setCurrentIndex(1),
            "tab_queues": lambda: self.tabs.setCurrentIndex(2),
            "agent_queue": self.open_agent_queue,
            "reassign": self.reassign_selected,
            "priority": self.raise_priority,
            "rebalance": self.rebalance,
            "pause_queue": self.toggle_queue_pause,
            "export": lambda: self.export_current(),  # not triggered(checked)
            "wallboard": lambda: self.toggle_wallboard(),
            "help": self.show_shortcuts,
            "quit": self.close,
        }
        texts = {
            "refresh": self.tr("&Refresh now"), "tab_monitor": self.tr("&Agents"),
            "tab_campaigns": self.tr("&Campaigns"), "tab_queues": self.tr("&Queues"),
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
        for k in ("refresh", "tab_monitor", "tab_campaigns", "tab_queues", "wallboard"):
            view_menu.addAction(a[k])
        queue_menu = menu.addMenu(self.tr("&Queues"))
        for k in ("agent_queue", "reassign", "priority", "rebalance", "pause_queue"):
            queue_menu.addAction(a[k])
        help_menu = menu.addMenu(self.tr("&Help"))
        help_menu.addAction(a["help"])
        about = help_menu.addAction(self.tr("&About Callsheet / copy diagnostics..."))
        about.triggered.connect(lambda: show_about(self.ws, self))
        self.rebalance_button.clicked.connect(self.rebalance)
        self.reassign_button.clicked.connect(self.reassign_selected)
        self.priority_button.clicked.connect(self.raise_priority)

    # ---------------------------------------------------------------- columns

    def _agent_columns(self) -> list[Column[AgentRow]]:
        """Left to right by priority: who, what they are doing and since when, today's
        figures; the columns a lead glances at least come last (reached by scrolling
        on a narrow screen, never cut short)."""
        return [
            Column(self.tr("Agent"), lambda r: r.name, priority=0),
            Column(self.tr("State"), self._state_text, priority=0,
                   tone=lambda r: STATE_TONES.get(r.state)),
            Column(self.tr("For"), lambda r: _duration(self._state_seconds(r)),
                   key=lambda r: self._state_seconds(r) or 0, numeric=True, priority=0,
                   tone=lambda r: ALERT_TONE if self._alerted(r.agent_id, AlertKind.IDLE)
                   else None),
            Column(self.tr("Last contact"), self._contact_text, priority=0,
                   key=lambda r: -(self._contact_age(r) or 1e9), numeric=True,
                   tone=lambda r: STATE_TONES[LiveState.OFFLINE]
                   if r.state is LiveState.OFFLINE else None,
                   tip=lambda r: self.tr("Last contact with the server at %1")
                   .replace("%1", _clock(r.last_sync_at))),
            Column(self.tr("Calls"), lambda r: str(r.calls), key=lambda r: r.calls,
                   numeric=True, priority=0),
            Column(self.tr("Reached"), lambda r: str(r.reached), key=lambda r: r.reached,
                   numeric=True),
            Column(self.tr("Successes"), lambda r: str(r.successes),
                   key=lambda r: r.successes, numeric=True, priority=0),
            Column(self.tr("Conversion"), lambda r: _pct(r.conversion),
                   key=lambda r: r.conversion, numeric=True, priority=0,
                   tone=lambda r: ALERT_TONE if self._alerted(r.agent_id,
                                                              AlertKind.LOW_CONVERSION)
                   else None),
            Column(self.tr("Avg talk"), lambda r: _duration(r.avg_talk_seconds),
                   key=lambda r: r.avg_talk_seconds, numeric=True),
            Column(self.tr("Queue left"), lambda r: str(r.queue_left),
                   key=lambda r: r.queue_left, numeric=True, priority=0),
            Column(self.tr("Do-not-call today"), lambda r: str(r.dnc_today),
                   key=lambda r: r.dnc_today, numeric=True),
            Column(self.tr("Team"), lambda r: r.team, priority=2),
            Column(self.tr("Queue"), lambda r: self.tr("paused by lead") if r.queue_paused
                   else self.tr("running"), tone=lambda r: ALERT_TONE if r.queue_paused
                   else None, priority=2),
        ]

    def _campaign_columns(self) -> list[Column[CampaignRow]]:
        def tiers(r: CampaignRow) -> str:
            return "  ".join(f"{t} {_pct(v.rate)}" for t, v in sorted(r.by_tier.items())
                             if v.d)

        def offers(r: CampaignRow) -> str:
            best = sorted(r.by_offer.items(), key=lambda kv: -(kv[1].rate or 0))
            return "  ".join(f"{code} {_pct(v.rate)}" for code, v in best if v.d)

        def mix(r: CampaignRow) -> str:
            names = labels.dispositions()
            top = sorted(r.outcome_mix.items(), key=lambda kv: -kv[1])[:3]
            return ", ".join(f"{names.get(d, d.value)} {n}" for d, n in top)

        return [
            Column(self.tr("Campaign"),
                   lambda r: f"{r.code} · {r.name_zh if i18n.is_chinese() else r.name}"),
            Column(self.tr("Worked"), lambda r: f"{r.worked} / {r.total}",
                   key=lambda r: r.worked / r.total if r.total else 0, numeric=True),
            Column(self.tr("Calls"), lambda r: str(r.calls), key=lambda r: r.calls,
                   numeric=True),
            Column(self.tr("Connect rate"), lambda r: _pct(r.connect_rate),
                   key=lambda r: r.connect_rate, numeric=True),
            Column(self.tr("Success rate"), lambda r: _pct(r.success_rate),
                   key=lambda r: r.success_rate, numeric=True),
            Column(self.tr("Success by tier"), tiers),
            Column(self.tr("Success by offer"), offers),
            Column(self.tr("Outcome mix"), mix),
        ]

    def _queue_columns(self) -> list[Column[TeamQueueItem]]:
        statuses = {k.value: v for k, v in labels.statuses().items()}
        return [
            Column(self.tr("Agent"), lambda r: self._agent_name(r.agent_id)),
            Column(self.tr("Customer"), lambda r: r.customer_name),
            Column(self.tr("Number"), lambda r: r.phone_masked),
            Column(self.tr("Tier"), lambda r: r.value_tier),
            Column(self.tr("Campaign"), lambda r: self._campaign_code(r.campaign_id)),
            Column(self.tr("Status"), lambda r: statuses.get(r.status, r.status)),
            Column(self.tr("Priority"), lambda r: str(r.priority), key=lambda r: r.priority,
                   numeric=True),
            Column(self.tr("Attempts"), lambda r: str(r.attempts), key=lambda r: r.attempts,
                   numeric=True),
            Column(self.tr("Call-back"), lambda r: r.callback_at.astimezone()
                   .strftime("%m-%d %H:%M") if r.callback_at else ""),
        ]

    def live_states(self) -> dict[LiveState, str]:
        return {LiveState.OFFLINE: self.tr("Offline"), LiveState.IDLE: self.tr("Idle"),
                LiveState.ON_CALL: self.tr("On a call"), LiveState.WRAP_UP: self.tr("Wrap-up"),
                LiveState.PAUSED: self.tr("Paused")}

    def _state_text(self, r: AgentRow) -> str:
        text = self.live_states().get(r.state, r.state.value)
        if r.state is LiveState.PAUSED and r.state_reason:
            text += " · " + labels.pause_reason(r.state_reason)
        return text

    def _contact_age(self, r: AgentRow) -> float | None:
        """Seconds since the agent's desktop last talked to the server, now."""
        if r.contact_age_seconds is None:
            return None
        return r.contact_age_seconds + self._since_answer()

    def _contact_text(self, r: AgentRow) -> str:
        age = self._contact_age(r)
        if age is None:
            return self.tr("never")
        if age < 60:
            return self.tr("%1 s ago").replace("%1", str(int(age)))
        if age < 3600:
            return self.tr("%1 min ago").replace("%1", str(int(age // 60)))
        return self.tr("%1 h ago").replace("%1", str(int(age // 3600)))

    def _state_seconds(self, r: AgentRow) -> float | None:
        if r.state_since is None or self.monitor is None:
            return None
        return (self._server_now() - r.state_since).total_seconds()

    def _server_now(self) -> datetime:
        """The server's clock now, from its last answer (the desktop's clock may be off)."""
        assert self.monitor is not None
        return self.monitor.server_time + timedelta(seconds=self._since_answer())

    def _since_answer(self) -> float:
        return self._answered_at.elapsed() / 1000 if self._answered_at.isValid() else 0.0

    def _alerted(self, agent_id: str, kind: AlertKind) -> bool:
        return self.monitor is not None and any(
            a.kind is kind and a.agent_id == agent_id for a in self.monitor.alerts)

    def _agent_name(self, agent_id: str) -> str:
        if self.monitor is not None:
            for a in self.monitor.agents:
                if a.agent_id == agent_id:
                    return a.name
        return agent_id[:8]

    def _campaign_code(self, campaign_id: str) -> str:
        if self.monitor is not None:
            for c in self.monitor.campaigns:
                if c.campaign_id == campaign_id:
                    return c.code
        return campaign_id[:8]

    # --------------------------------------------------------------- refresh

    def start(self) -> None:
        self.refresh()
        self.timer.start()
        self.ticker.start()

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
        first = self.monitor is None
        self.monitor = mon
        self._answered_at.start()
        self._keep_selection(self.agent_view, self.agent_model,
                             lambda: self.agent_model.set_rows(mon.agents),
                             key=lambda r: r.agent_id)
        self._keep_selection(self.campaign_view, self.campaign_model,
                             lambda: self.campaign_model.set_rows(mon.campaigns),
                             key=lambda r: r.campaign_id)
        self.charts.show_monitor(mon)
        if self.wallboard is not None and self.wallboard.isVisible():
            self.wallboard.show_monitor(mon)
        self._show_alerts(mon.alerts)
        self._fill_filters(mon)
        self.updated_label.setText(self.tr("Updated %1").replace("%1", _clock(mon.server_time)))
        self.live_label.setText(self.tr("Live: %1 agents, refreshed every %2 s (server %3 ms)")
                                .replace("%1", str(len(mon.agents)))
                                .replace("%2", str(REFRESH_MS // 1000))
                                .replace("%3", f"{mon.query_ms:.0f}"))
        self.live_label.setStyleSheet("")
        if first:
            self.agent_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
            self.campaign_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
            if self.agent_model.rowCount():
                self.agent_view.selectRow(0)
            self.agent_view.setFocus()

    def _monitor_failed(self, exc: BaseException) -> None:
        self._in_flight = False
        _title, message = describe(exc)
        text = self.tr("Not live: %1 Showing the figures of %2.").replace("%1", message) \
            .replace("%2", _clock(self.monitor.server_time) if self.monitor else "–")
        self.live_label.setText(text)
        self.live_label.setStyleSheet(f"color: {ALERT_TONE};")
        if self.monitor is not None and self.wallboard is not None \
                and self.wallboard.isVisible():
            self.wallboard.show_monitor(self.monitor, live=False)

    def _keep_selection(self, view: QTableView, model: TableModel[Any],
                        reset: Callable[[], None], key: Callable[[Any], str]) -> None:
        """Refresh rows without losing the lead's selected row."""
        proxy = view.model()
        assert isinstance(proxy, QSortFilterProxyModel)
        chosen = None
        rows = view.selectionModel().selectedRows() if view.selectionModel() else []
        if rows:
            chosen = key(model.row_at(proxy.mapToSource(rows[0]).row()))
        reset()
        if chosen is None:
            return
        for n, r in enumerate(model.rows()):
            if key(r) == chosen:
                view.selectRow(proxy.mapFromSource(model.index(n, 0)).row())
                return

    def _tick(self) -> None:
        if self.monitor is None or not self.agent_model.rowCount():
            return
        last = self.agent_model.rowCount() - 1
        for col in (2, 3):  # "For" and "Last contact" tick between refreshes
            self.agent_model.dataChanged.emit(self.agent_model.index(0, col),
                                              self.agent_model.index(last, col),
                                              [Qt.ItemDataRole.DisplayRole])

    def _show_alerts(self, alerts: list[Alert]) -> None:
        self.alert_list.clear()
        for a in alerts:
            item = QListWidgetItem("⚠  " + self.alert_text(a))
            item.setData(Qt.ItemDataRole.UserRole, a.agent_id)
            self.alert_list.addItem(item)
        if not alerts:
            self.alert_list.addItem(QListWidgetItem(self.tr("No alerts: every agent is "
                                                            "working within the limits.")))
        self.alert_title.setText(self.tr("Alerts (%1)").replace("%1", str(len(alerts))))
        rows = min(max(self.alert_list.count(), 1), 4)  # as tall as its alerts, up to 4
        self.alert_list.setFixedHeight(rows * (self.alert_list.fontMetrics().height() + 8) + 6)

    def alert_text(self, a: Alert) -> str:
        if a.kind is AlertKind.IDLE:
            return self.tr("%1 has been idle for %2 minutes (limit %3).") \
                .replace("%1", a.agent_name).replace("%2", f"{a.value or 0:.0f}") \
                .replace("%3", f"{a.reference or 0:.0f}")
        if a.kind is AlertKind.LOW_CONVERSION:
            return self.tr("%1 converts %2 of reached calls today; the team converts %3.") \
                .replace("%1", a.agent_name).replace("%2", _pct(a.value)) \
                .replace("%3", _pct(a.reference))
        if a.kind is AlertKind.DNC_RISE:
            return self.tr("%1 do-not-call flags today; usually %2 a day.") \
                .replace("%1", f"{a.value or 0:.0f}").replace("%2", f"{a.reference or 0:.1f}")
        return self.tr("Conflict: %1 recorded an outcome for a customer %2 had already "
                       "called (both kept).").replace("%1", a.agent_name) \
            .replace("%2", a.detail)

    def _alert_activated(self, item: QListWidgetItem) -> None:
        agent_id = item.data(Qt.ItemDataRole.UserRole)
        if not agent_id:
            return
        for n, r in enumerate(self.agent_model.rows()):
            if r.agent_id == agent_id:
                proxy = self.agent_view.model()
                assert isinstance(proxy, QSortFilterProxyModel)
                self.agent_view.selectRow(proxy.mapFromSource(self.agent_model.index(n, 0)).row())
                self.agent_view.setFocus()
                return

    def _fill_filters(self, mon: Monitor) -> None:
        def refill(combo: QComboBox, pairs: list[tuple[str, str]]) -> None:
            have = [combo.itemData(i) for i in range(1, combo.count())]
            if have == [p[0] for p in pairs]:
                return
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value, text in pairs:
                combo.addItem(text, value)
            idx = combo.findData(current)
            combo.setCurrentIndex(max(idx, 0))
            combo.blockSignals(False)

        if self.team_combo.currentData() is None:  # the answer for all teams lists them all
            refill(self.team_combo, [(t.id, t.name) for t in mon.teams])
        refill(self.queue_agent, [(a.agent_id, a.name) for a in mon.agents])
        refill(self.queue_campaign, [(c.campaign_id, c.code) for c in mon.campaigns])

    def _tab_changed(self, index: int) -> None:
        if index == 2 and self.queue_data is None:
            self.load_queue()

    # ----------------------------------------------------------------- queues

    def load_queue(self) -> None:
        agent = self.queue_agent.currentData()
        campaign = self.queue_campaign.currentData()
        self.queue_count.setText(self.tr("Loading..."))
        # Two loads may overlap (tab opened, then a filter chosen): only the last one counts.
        self._queue_request += 1
        mine = self._queue_request
        self.tasks.run_in_background(
            lambda: self.service.team_queue(agent_id=agent, campaign_id=campaign),
            lambda q: self._queue_loaded(q) if mine == self._queue_request else None,
            lambda exc: self._queue_failed(exc) if mine == self._queue_request else None,
            network=True)

    def _queue_loaded(self, q: TeamQueue) -> None:
        self.queue_data = q
        self.queue_model.set_rows(q.items)
        shown = len(q.items)
        text = self.tr("%1 open items").replace("%1", str(q.total))
        if shown < q.total:
            text += " " + self.tr("(first %1 shown)").replace("%1", str(shown))
        self.queue_count.setText(text)

    def _queue_failed(self, exc: BaseException) -> None:
        self.queue_count.setText("")
        show_error(self, exc)

    def selected_agent(self) -> AgentRow | None:
        rows = self.agent_view.selectionModel().selectedRows()
        if not rows:
            return None
        proxy = self.agent_view.model()
        assert isinstance(proxy, QSortFilterProxyModel)
        return self.agent_model.row_at(proxy.mapToSource(rows[0]).row())

    def selected_items(self) -> list[TeamQueueItem]:
        proxy = self.queue_view.model()
        assert isinstance(proxy, QSortFilterProxyModel)
        return [self.queue_model.row_at(proxy.mapToSource(i).row())
                for i in self.queue_view.selectionModel().selectedRows()]

    def open_agent_queue(self) -> None:
        agent = self.selected_agent()
        if agent is None:
            return
        idx = self.queue_agent.findData(agent.agent_id)
        self.tabs.setCurrentIndex(2)
        if idx >= 0 and idx != self.queue_agent.currentIndex():
            self.queue_agent.setCurrentIndex(idx)  # loads the queue
        else:
            self.load_queue()
        self.queue_view.setFocus()

    def _need_items(self) -> list[TeamQueueItem] | None:
        items = self.selected_items()
        if self.tabs.currentIndex() != 2 or not items:
            self.tabs.setCurrentIndex(2)
            self.queue_view.setFocus()
            self.statusBar().showMessage(
                self.tr("Select queue items first (Shift/Ctrl with the arrow keys or the "
                        "mouse)."), 6000)
            return None
        return items

    def reassign_selected(self) -> None:
        items = self._need_items()
        if items is None or self.monitor is None:
            return
        owners = {i.agent_id for i in items}
        choices = [a for a in self.monitor.agents if a.agent_id not in owners or len(owners) > 1]
        dialog = PickAgentDialog(
            choices, self.tr("Reassign %1 items to:").replace("%1", str(len(items))), self)
        if dialog.exec() != PickAgentDialog.DialogCode.Accepted or (
                target := dialog.agent_id()) is None:
            return
        ids = [i.item_id for i in items]
        self._act(lambda: self.service.reassign(ids, target),
                  self.tr("%1 items reassigned to %2."), self._agent_name(target))

    def raise_priority(self) -> None:
        items = self._need_items()
        if items is None:
            return
        current = max(i.priority for i in items)
        value, ok = QInputDialog.getInt(
            self, self.tr("Raise priority"),
            self.tr("New priority for %1 items (higher is called first, 0-100):")
            .replace("%1", str(len(items))), min(current + 10, 100), 0, 100)
        if not ok:
            return
        ids = [i.item_id for i in items]
        self._act(lambda: self.service.set_priority(ids, value),
                  self.tr("Priority of %1 items set to %2."), str(value))

    def rebalance(self) -> None:
        if self.monitor is None:
            return
        camp_rows = self.campaign_view.selectionModel().selectedRows()
        preselect = None
        if camp_rows:
            proxy = self.campaign_view.model()
            assert isinstance(proxy, QSortFilterProxyModel)
            preselect = self.campaign_model.row_at(
                proxy.mapToSource(camp_rows[0]).row()).campaign_id
        dialog = RebalanceDialog(self.monitor.campaigns, self.monitor.agents, preselect,
                                 self.service.rebalance_preview, self.tasks, self)
        self.rebalance_dialog = dialog  # tests and screenshots reach the open dialog
        accepted = dialog.exec() == RebalanceDialog.DialogCode.Accepted
        self.rebalance_dialog = None
        campaign, agents = dialog.campaign_id(), dialog.agent_ids()
        if not accepted or dialog.result_preview is None or not campaign or not agents:
            return
        self._act(lambda: self.service.rebalance(campaign, agents),
                  self.tr("%1 items moved; %2 with a promised call-back stayed."), None)

    def toggle_queue_pause(self) -> None:
        agent = self.selected_agent()
        if agent is None:
            self.tabs.setCurrentIndex(0)
            self.agent_view.setFocus()
            self.statusBar().showMessage(self.tr("Select an agent first."), 6000)
            return
        if agent.queue_paused:
            answer = QMessageBox.question(
                self, self.tr("Release queue"),
                self.tr("Release %1's queue so they can dial again?").replace("%1", agent.name))
            if answer != QMessageBox.StandardButton.Yes:
                return
            self._act(lambda: self.service.pause_queue(agent.agent_id, False),
                      self.tr("%2's queue is released."), agent.name)
            return
        reason, ok = QInputDialog.getText(
            self, self.tr("Pause queue"),
            self.tr("Pause %1's queue: their desktop stops dialling at its next sync.")
            .replace("%1", agent.name) + "\n" + self.tr("Reason (shown to the agent):"))
        if not ok:
            return
        self._act(lambda: self.service.pause_queue(agent.agent_id, True, reason.strip()),
                  self.tr("%2's queue is paused."), agent.name)

    def _act(self, fn: Callable[[], ActionDone], template: str, name: str | None) -> None:
        def done(res: ActionDone) -> None:
            text = template.replace("%1", str(res.changed)).replace("%2", name or
                                                                     str(res.skipped))
            self.statusBar().showMessage(text, 10000)
            if self.tabs.currentIndex() == 2:
                self.load_queue()
            self.refresh()

        self.tasks.run_in_background(fn, done, lambda exc: show_error(self, exc), network=True)

    # ------------------------------------------------------------------- misc

    def current_table(self) -> tuple[QTableView, str]:
        index = self.tabs.currentIndex()
        if index == 1:
            return self.campaign_view, "campaigns"
        if index == 2:
            return self.queue_view, "queue"
        return self.agent_view, "agents"

    def export_current(self, path: str | None = None) -> Path | None:
        """The table shown, in its on-screen order and language, as CSV or XLSX."""
        view, name = self.current_table()
        if path is None:
            stamp = datetime.now().strftime("%Y%m%d-%H%M")
            csv_filter = self.tr("CSV for Excel (*.csv)")
            xlsx_filter = self.tr("Excel workbook (*.xlsx)")
            path, chosen = QFileDialog.getSaveFileName(
                self, self.tr("Export table"),
                str(Path.home() / f"callsheet-{name}-{stamp}.xlsx"),
                f"{xlsx_filter};;{csv_filter}", xlsx_filter)
            if not path:
                return None
            if not Path(path).suffix:
                path += ".csv" if chosen == csv_filter else ".xlsx"
        proxy = view.model()
        assert isinstance(proxy, QSortFilterProxyModel)
        model = proxy.sourceModel()
        assert isinstance(model, TableModel)
        header, rows = model.export()
        ordered = [rows[proxy.mapToSource(proxy.index(n, 0)).row()]
                   for n in range(proxy.rowCount())]
        target = Path(path)
        try:
            n = write_table(target, header, ordered, sheet=self.tabs.tabText(
                self.tabs.currentIndex()))
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Export failed"),
                                self.tr("Could not write %1: %2").replace("%1", str(target))
                                .replace("%2", exc.strerror or str(exc)))
            return None
        self.statusBar().showMessage(self.tr("%1 rows exported to %2").replace("%1", str(n))
                                     .replace("%2", str(target)), 10000)
        return target

    def export_summary(self, path: str | None = None,
                       days: tuple[date, date] | None = None) -> None:
        """Ask for the days and the file, fetch the summary off the UI thread, write it."""
        if days is None:
            dialog = SummaryRangeDialog(self)
            if dialog.exec() != SummaryRangeDialog.DialogCode.Accepted:
                return
            days = dialog.range()
        start, end = days
        if path is None:
            xlsx_filter = self.tr("Excel workbook (*.xlsx)")
            csv_filter = self.tr("CSV for Excel (*.csv)")
            path, chosen = QFileDialog.getSaveFileName(
                self, self.tr("Export daily summary"),
                str(Path.home() / f"callsheet-summary-{start}-{end}.xlsx"),
                f"{xlsx_filter};;{csv_filter}", xlsx_filter)
            if not path:
                return
            if not Path(path).suffix:
                path += ".csv" if chosen == csv_filter else ".xlsx"
        target = Path(path)
        team = self.team_combo.currentData()

        def write(s: DailySummary) -> None:
            try:
                n = write_sheets(target, SummaryTables(self).sheets(s))
            except OSError as exc:
                QMessageBox.warning(self, self.tr("Export failed"),
                                    self.tr("Could not write %1: %2")
                                    .replace("%1", str(target))
                                    .replace("%2", exc.strerror or str(exc)))
                return
            self.statusBar().showMessage(self.tr("%1 rows exported to %2")
                                         .replace("%1", str(n)).replace("%2", str(target)),
                                         10000)
            self.summary_written = target

        self.statusBar().showMessage(self.tr("Adding up the summary..."))
        self.tasks.run_in_background(lambda: self.service.summary(start, end, team), write,
                                     lambda exc: show_error(self, exc), network=True)

    def toggle_wallboard(self, full_screen: bool = True) -> Wallboard | None:
        """F11: the floor's figures full screen on this display (F11 or Esc: back)."""
        if self.wallboard is not None and self.wallboard.isVisible():
            self.wallboard.close()
            return None
        if self.wallboard is None:
            self.wallboard = Wallboard(self)
            self.wallboard.addAction(self.actions_by_id["quit"])
        if self.monitor is not None:
            self.wallboard.show_monitor(self.monitor)
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
        return self.monitor is not None and not self.tasks.busy

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed:
            self._closed = True
            self.timer.stop()
            self.ticker.stop()
            if self.wallboard is not None:
                self.wallboard.close()
            self.ws.close()
        super().closeEvent(event)
