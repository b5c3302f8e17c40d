"""The lead's first tab: alerts, the agents live (state and since when, last contact,
today's figures) and the charts, all from the monitor's last answer."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui import labels
from ui.lead.charts import ChartsPanel
from ui.lead.pages.common import (
    ALERT_TONE,
    STATE_TONES,
    LiveFigures,
    clock,
    duration,
    keep_selection,
    make_table,
    pct,
    select_where,
    selected,
)
from ui.lead.table import Column, TableModel
from wire.lead import AgentRow, Alert, AlertKind, LiveState, Monitor


class MonitorPage(QWidget):
    """Enter on an agent opens their queue (`open_queue`)."""

    open_queue = Signal()

    def __init__(self, live: LiveFigures, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.live = live
        self.agent_model: TableModel[AgentRow] = TableModel(self._agent_columns(), self)
        self.agent_view = make_table(self.agent_model, "agentTable", self)
        self.agent_view.activated.connect(lambda _i: self.open_queue.emit())
        self.alert_list = QListWidget(self)
        self.alert_list.setObjectName("alertList")
        self.alert_list.itemActivated.connect(self._alert_activated)
        self.charts = ChartsPanel(self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        self.targets = QLabel(self)  # each team's calls against its day / week targets
        self.targets.setObjectName("targetLine")
        self.targets.setWordWrap(True)
        self.targets.setVisible(False)  # until a team has targets or caps
        lay.addWidget(self.targets)
        self.alert_title = QLabel(self.tr("Alerts"), self)
        self.alert_title.setObjectName("subTitle")
        lay.addWidget(self.alert_title)
        lay.addWidget(self.alert_list)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.agent_view)
        split.addWidget(self.charts)
        split.setStretchFactor(0, 1)  # the agents get what the charts leave
        split.setStretchFactor(1, 0)
        split.setSizes([300, 320])
        split.setChildrenCollapsible(False)
        lay.addWidget(split, 1)

    def show_monitor(self, mon: Monitor, *, first: bool) -> None:
        keep_selection(self.agent_view, self.agent_model,
                       lambda: self.agent_model.set_rows(mon.agents), key=lambda r: r.agent_id)
        self.charts.show_monitor(mon)
        self._show_alerts(mon.alerts)
        self._show_targets(mon)
        if first:
            self.agent_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
            if self.agent_model.rowCount():
                self.agent_view.selectRow(0)
            self.agent_view.setFocus()

    def _show_targets(self, mon: Monitor) -> None:
        """"Team A: calls today 120 / 300, this week 800 / 1500", for teams with targets
        or caps (hidden when none has any)."""
        parts = []
        for t in mon.teams:
            if t.day_target is None and t.week_target is None and t.agent_daily_cap is None \
                    and t.team_daily_cap is None:
                continue
            text = self.tr("%1: calls today %2, this week %3").replace("%1", t.name) \
                .replace("%2", f"{t.calls_today} / {t.day_target}" if t.day_target is not None
                         else str(t.calls_today)) \
                .replace("%3", f"{t.calls_week} / {t.week_target}"
                         if t.week_target is not None else str(t.calls_week))
            if t.agent_daily_cap is not None or t.team_daily_cap is not None:
                text += self.tr(" (daily caps: %1 per agent, %2 per team)") \
                    .replace("%1", "–" if t.agent_daily_cap is None else str(t.agent_daily_cap)) \
                    .replace("%2", "–" if t.team_daily_cap is None else str(t.team_daily_cap))
            parts.append(text)
        self.targets.setText("\n".join(parts))
        self.targets.setVisible(bool(parts))

    def selected_agent(self) -> AgentRow | None:
        rows = selected(self.agent_view, self.agent_model)
        return rows[0] if rows else None

    def tick(self) -> None:
        """"For" and "Last contact" move on between refreshes."""
        if self.live.monitor is None or not self.agent_model.rowCount():
            return
        last = self.agent_model.rowCount() - 1
        for col in (2, 3):
            self.agent_model.dataChanged.emit(self.agent_model.index(0, col),
                                              self.agent_model.index(last, col),
                                              [Qt.ItemDataRole.DisplayRole])

    # ---------------------------------------------------------------- alerts

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
                .replace("%1", a.agent_name).replace("%2", pct(a.value)) \
                .replace("%3", pct(a.reference))
        if a.kind is AlertKind.DNC_RISE:
            return self.tr("%1 do-not-call flags today; usually %2 a day.") \
                .replace("%1", f"{a.value or 0:.0f}").replace("%2", f"{a.reference or 0:.1f}")
        if a.kind is AlertKind.DENIALS:
            return self.tr("Customers denied %1 of %2's sales verified this week (%3): a "
                           "possible fraud signal.").replace("%1", f"{a.value or 0:.0f}") \
                .replace("%2", a.agent_name).replace(
                    "%3", pct((a.value or 0) / a.reference if a.reference else None))
        if a.kind is AlertKind.ESCALATION:
            return self.tr("Escalate: %1 customer(s) of %2 are still unhappy after a "
                           "complaint follow-up today.").replace("%1", f"{a.value or 0:.0f}") \
                .replace("%2", a.agent_name)
        return self.tr("Conflict: %1 recorded an outcome for a customer %2 had already "
                       "called (both kept).").replace("%1", a.agent_name) \
            .replace("%2", a.detail)

    def _alert_activated(self, item: QListWidgetItem) -> None:
        agent_id = item.data(Qt.ItemDataRole.UserRole)
        if agent_id and select_where(self.agent_view, self.agent_model,
                                     lambda r: r.agent_id == agent_id):
            self.agent_view.setFocus()

    # --------------------------------------------------------------- columns

    def _agent_columns(self) -> list[Column[AgentRow]]:
        """Left to right by priority: who, what they are doing and since when, today's
        figures; the columns a lead glances at least come last (reached by scrolling
        on a narrow screen, never cut short)."""
        live = self.live
        return [
            Column(self.tr("Agent"), lambda r: r.name, priority=0),
            Column(self.tr("State"), self._state_text, priority=0,
                   tone=lambda r: STATE_TONES.get(r.state)),
            Column(self.tr("For"), lambda r: duration(self._state_seconds(r)),
                   key=lambda r: self._state_seconds(r) or 0, numeric=True, priority=0,
                   tone=lambda r: ALERT_TONE if live.alerted(r.agent_id, AlertKind.IDLE)
                   else None),
            Column(self.tr("Last contact"), self._contact_text, priority=0,
                   key=lambda r: -(self._contact_age(r) or 1e9), numeric=True,
                   tone=lambda r: STATE_TONES[LiveState.OFFLINE]
                   if r.state is LiveState.OFFLINE else None,
                   tip=lambda r: self.tr("Last contact with the server at %1")
                   .replace("%1", clock(r.last_sync_at))),
            Column(self.tr("Calls"), lambda r: str(r.calls), key=lambda r: r.calls,
                   numeric=True, priority=0),
            Column(self.tr("Reached"), lambda r: str(r.reached), key=lambda r: r.reached,
                   numeric=True),
            # Today's sales a verifier confirmed (issue 21): the tip gives the others.
            Column(self.tr("Confirmed"), lambda r: str(r.successes),
                   key=lambda r: r.successes, numeric=True, priority=0,
                   tip=lambda r: self.tr("Sales a verifier confirmed; %1 await verification, "
                                         "%2 were reversed").replace("%1", str(r.sales_awaiting))
                   .replace("%2", str(r.sales_reversed))),
            Column(self.tr("Conversion"), lambda r: pct(r.conversion),
                   key=lambda r: r.conversion, numeric=True, priority=0,
                   tone=lambda r: ALERT_TONE if live.alerted(r.agent_id,
                                                              AlertKind.LOW_CONVERSION)
                   else None),
            Column(self.tr("Avg talk"), lambda r: duration(r.avg_talk_seconds),
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
        return r.contact_age_seconds + self.live.since_answer()

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
        if r.state_since is None or self.live.monitor is None:
            return None
        return (self.live.server_now() - r.state_since).total_seconds()
