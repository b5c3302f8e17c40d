"""Sync engine events, re-emitted as Qt signals so handlers run on the UI thread.

The engine calls its listeners on its own thread (Electrum's pattern): the bridge's
slots only emit; queued connections hand the value to the UI thread. What a cycle
applied goes on to the window's change hub as its `Changes` (ui/change_hub.py); the
widgets redraw from there, each only its part.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.sync import SyncEngine, SyncResult, SyncStatus
from ui.change_hub import ChangeHub


class SyncBridge(QObject):
    status_changed = Signal(object)  # SyncStatus
    changes = Signal(object)  # SyncResult

    def __init__(self, engine: SyncEngine, hub: ChangeHub | None = None, *,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hub = hub
        engine.on_status(self.status_changed.emit)  # called on the sync thread
        engine.on_changes(self._from_engine)

    def _from_engine(self, result: SyncResult) -> None:
        self.changes.emit(result)
        if self._hub is not None:
            self._hub.publish(result.changes)


__all__ = ["SyncBridge", "SyncStatus"]
