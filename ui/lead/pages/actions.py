"""The lead's changes to the queues: reassign items, raise their priority, rebalance a
campaign, pause or release an agent's queue. Each asks in a window-modal dialog opened
with open() (the window keeps refreshing behind it; Enter confirms, Esc cancels) and acts
on its answer's signal, off the UI thread."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QInputDialog, QMainWindow, QMessageBox, QTabWidget

from app.services.lead import LeadService
from ui.errors import show_error
from ui.lead.dialogs import PickAgentDialog
from ui.lead.pages.campaigns import CampaignsPage
from ui.lead.pages.common import LiveFigures
from ui.lead.pages.monitor import MonitorPage
from ui.lead.pages.queues import QueuesPage
from ui.lead.rebalance import RebalanceDialog
from ui.tasks import TaskManager
from wire.lead import ActionDone, TeamQueueItem

MONITOR_TAB, CAMPAIGNS_TAB, QUEUES_TAB = range(3)


class QueueActions(QObject):
    def __init__(self, window: QMainWindow, tabs: QTabWidget, live: LiveFigures,
                 pages: tuple[MonitorPage, CampaignsPage, QueuesPage], service: LeadService,
                 tasks: TaskManager, refresh: Callable[[], None]) -> None:
        super().__init__(window)
        self.window = window
        self.tabs = tabs
        self.live = live
        self.monitor_page, self.campaigns_page, self.queues_page = pages
        self.service = service
        self.tasks = tasks
        self.refresh = refresh
        self.dialog: QDialog | None = None  # the question open now (tests, screenshots)

    def _ask(self, dialog: QDialog, on_accept: Callable[[], None]) -> None:
        """Open `dialog` window-modal; `on_accept` runs when it is accepted."""
        self.dialog = dialog
        dialog.accepted.connect(on_accept)
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _need_items(self) -> list[TeamQueueItem] | None:
        items = self.queues_page.selected_items()
        if self.tabs.currentIndex() != QUEUES_TAB or not items:
            self.tabs.setCurrentIndex(QUEUES_TAB)
            self.queues_page.queue_view.setFocus()
            self.window.statusBar().showMessage(
                self.tr("Select queue items first (Shift/Ctrl with the arrow keys or the "
                        "mouse)."), 6000)
            return None
        return items

    def reassign_selected(self) -> None:
        items = self._need_items()
        if items is None or self.live.monitor is None:
            return
        owners = {i.agent_id for i in items}
        choices = [a for a in self.live.monitor.agents
                   if a.agent_id not in owners or len(owners) > 1]
        dialog = PickAgentDialog(
            choices, self.tr("Reassign %1 items to:").replace("%1", str(len(items))),
            self.window)
        ids = [i.item_id for i in items]

        def chosen() -> None:
            target = dialog.agent_id()
            if target is not None:
                self._act(lambda: self.service.reassign(ids, target),
                          self.tr("%1 items reassigned to %2."), self.live.agent_name(target))

        self._ask(dialog, chosen)

    def raise_priority(self) -> None:
        items = self._need_items()
        if items is None:
            return
        current = max(i.priority for i in items)
        dialog = QInputDialog(self.window)
        dialog.setInputMode(QInputDialog.InputMode.IntInput)
        dialog.setWindowTitle(self.tr("Raise priority"))
        dialog.setLabelText(self.tr("New priority for %1 items (higher is called first, "
                                    "0-100):").replace("%1", str(len(items))))
        dialog.setIntRange(0, 100)
        dialog.setIntValue(min(current + 10, 100))
        ids = [i.item_id for i in items]

        def chosen() -> None:
            value = dialog.intValue()
            self._act(lambda: self.service.set_priority(ids, value),
                      self.tr("Priority of %1 items set to %2."), str(value))

        self._ask(dialog, chosen)

    def rebalance(self) -> None:
        mon = self.live.monitor
        if mon is None:
            return
        dialog = RebalanceDialog(mon.campaigns, mon.agents,
                                 self.campaigns_page.selected_campaign_id(),
                                 self.service.rebalance_preview, self.tasks, self.window)

        def confirmed() -> None:
            campaign, agents = dialog.campaign_id(), dialog.agent_ids()
            if dialog.result_preview is None or not campaign or not agents:
                return
            self._act(lambda: self.service.rebalance(campaign, agents),
                      self.tr("%1 items moved; %2 with a promised call-back stayed."), None)

        self._ask(dialog, confirmed)

    def toggle_queue_pause(self) -> None:
        agent = self.monitor_page.selected_agent()
        if agent is None:
            self.tabs.setCurrentIndex(MONITOR_TAB)
            self.monitor_page.agent_view.setFocus()
            self.window.statusBar().showMessage(self.tr("Select an agent first."), 6000)
            return
        if agent.queue_paused:
            box = QMessageBox(
                QMessageBox.Icon.Question, self.tr("Release queue"),
                self.tr("Release %1's queue so they can dial again?").replace("%1", agent.name),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.window)
            box.setDefaultButton(QMessageBox.StandardButton.Yes)
            box.setEscapeButton(QMessageBox.StandardButton.No)
            self.dialog = box
            box.finished.connect(lambda _r: self._closed(box))
            box.buttonClicked.connect(
                lambda b: self._act(lambda: self.service.pause_queue(agent.agent_id, False),
                                    self.tr("%2's queue is released."), agent.name)
                if box.standardButton(b) == QMessageBox.StandardButton.Yes else None)
            box.open()
            return
        dialog = QInputDialog(self.window)
        dialog.setWindowTitle(self.tr("Pause queue"))
        dialog.setLabelText(
            self.tr("Pause %1's queue: their desktop stops dialling at its next sync.")
            .replace("%1", agent.name) + "\n" + self.tr("Reason (shown to the agent):"))

        def chosen() -> None:
            reason = dialog.textValue().strip()
            self._act(lambda: self.service.pause_queue(agent.agent_id, True, reason),
                      self.tr("%2's queue is paused."), agent.name)

        self._ask(dialog, chosen)

    def _act(self, fn: Callable[[], ActionDone], template: str, name: str | None) -> None:
        def done(res: ActionDone) -> None:
            text = template.replace("%1", str(res.changed)).replace("%2", name or
                                                                     str(res.skipped))
            self.window.statusBar().showMessage(text, 10000)
            if self.tabs.currentIndex() == QUEUES_TAB:
                self.queues_page.load_queue()
            self.refresh()

        self.tasks.run_in_background(fn, done, lambda exc: show_error(self.window, exc),
                                     network=True)
