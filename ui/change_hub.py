"""The one change channel of a window: every `Changes` (app/changes.py) passes here.

Local operations hand their `Changes` to `publish` when they finish (on the UI thread),
the sync engine's cycles through the SyncBridge (on the sync thread); the hub re-emits
each as the `changed` signal, delivered on the UI thread, and each widget redraws only
what its part names (the queue panel the rows of `items`/`removed`, the day bar when
`day` is set, ...). No widget reloads another, and nothing is reloaded "to be sure".
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.changes import Changes


class ChangeHub(QObject):
    changed = Signal(object)  # Changes

    def publish(self, changes: Changes | None) -> None:
        """From any thread: a queued emit when the caller is not the UI thread (a
        signal delivers to a receiver's own thread). Empty changes are not sent."""
        if changes:
            self.changed.emit(changes)


__all__ = ["ChangeHub", "Changes"]
