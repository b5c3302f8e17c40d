"""Sync engine events, re-emitted as Qt signals so handlers run on the UI thread.

The engine calls its listeners on its own thread (Electrum's pattern): the bridge's
slots only emit; queued connections hand the value to the UI thread. Queue changes
are coalesced by a timer so a burst of pulls reloads the table once.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from app.sync import SyncEngine, SyncResult, SyncState, SyncStatus


class SyncBridge(QObject):
    status_changed = Signal(object)  # SyncStatus
    changes = Signal(object)  # SyncResult
    page_applied = Signal(object)  # SyncResult of one page of a longer pull
    queue_dirty = Signal()  # coalesced: reload the queue now

    def __init__(self, engine: SyncEngine, *, coalesce_ms: int = 300,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(coalesce_ms)
        self._timer.timeout.connect(self.queue_dirty)
        self.changes.connect(self._on_changes)
        self.page_applied.connect(self._on_page)
        self.status_changed.connect(self._on_status)
        self._page_shown = False
        engine.on_status(self.status_changed.emit)  # called on the sync thread
        engine.on_changes(self.changes.emit)
        engine.on_page(self.page_applied.emit)

    def _on_page(self, result: SyncResult) -> None:
        """A long pull is under way: the queue is listed once, from its first page that
        changed it (usable at once), and again when the pull is complete."""
        if result.queue_changed and not self._page_shown:
            self._page_shown = True
            self.queue_dirty.emit()

    def _on_status(self, status: SyncStatus) -> None:
        if status.state is not SyncState.SYNCING:  # the pull ended, complete or not
            self._page_shown = False

    def _on_changes(self, result: SyncResult) -> None:
        self._page_shown = False
        if result.queue_changed or result.dnc_changed or result.reference_changed \
                or result.pushed or result.rejected:
            self.mark_dirty()

    def mark_dirty(self) -> None:
        """Ask for one queue reload soon; repeated calls within the interval merge."""
        if not self._timer.isActive():
            self._timer.start()


__all__ = ["SyncBridge", "SyncStatus"]
