"""Sync engine events, re-emitted as Qt signals so handlers run on the UI thread.

The engine calls its listeners on its own thread (Electrum's pattern): the bridge's
slots only emit; queued connections hand the value to the UI thread. What a cycle
applied goes on to the window's change hub as its `Changes` (ui/change_hub.py); the
widgets redraw from there, each only its part.

The sync thread may outlive the window by a moment (a long poll in flight when the
window closes): a gate stops its events once the window closes or the bridge or the hub
is destroyed, and its lock keeps a deletion from landing in the middle of an emit.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from app.sync import SyncEngine, SyncResult, SyncStatus
from ui.change_hub import ChangeHub

V = TypeVar("V")


class _Gate:
    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._open = True

    def close(self, *_: object) -> None:
        with self._lock:
            self._open = False

    def __call__(self, fn: Callable[[V], None]) -> Callable[[V], None]:
        def through(value: V) -> None:
            with self._lock:
                if self._open:
                    fn(value)
        return through


class SyncBridge(QObject):
    status_changed = Signal(object)  # SyncStatus
    changes = Signal(object)  # SyncResult
    page_applied = Signal(object)  # SyncResult of one page of a longer pull

    def __init__(self, engine: SyncEngine, hub: ChangeHub | None = None, *,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hub = hub
        self._gate = gate = _Gate()
        engine.on_status(gate(self.status_changed.emit))  # called on the sync thread
        engine.on_changes(gate(self._from_engine))
        engine.on_page(gate(self._from_page))
        self.destroyed.connect(gate.close)
        if hub is not None:
            hub.destroyed.connect(gate.close)

    def detach(self) -> None:
        """No more events from the engine (the window is closing)."""
        self._gate.close()

    def _from_page(self, result: SyncResult) -> None:
        """A long pull is under way: its page's rows are drawn now (the queue is usable
        from the first page of a 10,000-item pull), not when the pull ends."""
        self.page_applied.emit(result)
        if self._hub is not None:
            self._hub.publish(result.changes)

    def _from_engine(self, result: SyncResult) -> None:
        self.changes.emit(result)
        if self._hub is not None:
            self._hub.publish(result.changes.without(result.shown_in_pages))


__all__ = ["SyncBridge", "SyncStatus"]
