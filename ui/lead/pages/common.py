"""What the lead's pages share: the monitor's last answer and its age, number formats,
tones, and the sortable read-only table they all show."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from PySide6.QtCore import QElapsedTimer, QSortFilterProxyModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ui.lead.table import SORT_ROLE, TableModel
from wire.lead import AlertKind, LiveState, Monitor

STATE_TONES = {LiveState.OFFLINE: "#8a8f98", LiveState.IDLE: "#b26a00",
               LiveState.ON_CALL: "#1f7a3d", LiveState.WRAP_UP: "#2d6cdf",
               LiveState.PAUSED: "#7d4cc2"}
ALERT_TONE = "#b3261e"
R = TypeVar("R")


def pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.0%}"


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    s = max(0, int(seconds))
    h, rest = divmod(s, 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60:02d}:{rest % 60:02d}"


def clock(at: datetime | None) -> str:
    return "–" if at is None else at.astimezone().strftime("%H:%M:%S")


class LiveFigures:
    """The monitor's last answer, shared by the pages, and how long ago it came (the
    durations on screen tick from it between refreshes, on the server's clock)."""

    def __init__(self) -> None:
        self.monitor: Monitor | None = None
        self._answered_at = QElapsedTimer()

    def answered(self, mon: Monitor) -> None:
        self.monitor = mon
        self._answered_at.start()

    def since_answer(self) -> float:
        return self._answered_at.elapsed() / 1000 if self._answered_at.isValid() else 0.0

    def server_now(self) -> datetime:
        """The server's clock now, from its last answer (the desktop's clock may be off)."""
        assert self.monitor is not None
        return self.monitor.server_time + timedelta(seconds=self.since_answer())

    def alerted(self, agent_id: str, kind: AlertKind) -> bool:
        return self.monitor is not None and any(
            a.kind is kind and a.agent_id == agent_id for a in self.monitor.alerts)

    def agent_name(self, agent_id: str) -> str:
        if self.monitor is not None:
            for a in self.monitor.agents:
                if a.agent_id == agent_id:
                    return a.name
        return agent_id[:8]

    def campaign_code(self, campaign_id: str) -> str:
        if self.monitor is not None:
            for c in self.monitor.campaigns:
                if c.campaign_id == campaign_id:
                    return c.code
        return campaign_id[:8]


def make_table(model: TableModel[Any], name: str, parent: QWidget) -> QTableView:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view = QTableView(parent)
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


def proxy_of(view: QTableView) -> QSortFilterProxyModel:
    proxy = view.model()
    assert isinstance(proxy, QSortFilterProxyModel)
    return proxy


def selected(view: QTableView, model: TableModel[R]) -> list[R]:
    """The rows selected in `view`, in selection order."""
    proxy = proxy_of(view)
    return [model.row_at(proxy.mapToSource(i).row())
            for i in view.selectionModel().selectedRows()]


def select_where(view: QTableView, model: TableModel[R], match: Callable[[R], bool]) -> bool:
    """Select the first row that matches; False when none does."""
    for n, r in enumerate(model.rows()):
        if match(r):
            view.selectRow(proxy_of(view).mapFromSource(model.index(n, 0)).row())
            return True
    return False


def keep_selection(view: QTableView, model: TableModel[R], reset: Callable[[], None],
                   key: Callable[[R], str]) -> None:
    """Refresh rows without losing the lead's selected row."""
    chosen = [key(r) for r in selected(view, model)[:1]] if view.selectionModel() else []
    reset()
    if chosen:
        select_where(view, model, lambda r: key(r) == chosen[0])
