"""The window's status bar: sync state, last sync, actions waiting, rejections, keyring."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from app.sync import SyncState, SyncStatus
from ui import labels

_STATE_CLASS = {
    SyncState.IDLE: "online",
    SyncState.SYNCING: "syncing",
    SyncState.OFFLINE: "offline",
    SyncState.AUTH_REQUIRED: "offline",
    SyncState.STOPPED: "offline",
}


class ClickableLabel(QLabel):
    clicked = Signal()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)


class SyncStatusBar(QStatusBar):
    def __init__(self, keyring_warning: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("syncState")
        self.last_label = QLabel(self)
        self.pending_label = QLabel(self)
        self.pending_label.setObjectName("pending")
        self.rejected_label = ClickableLabel(self)
        self.rejected_label.setObjectName("rejected")
        self.rejected_label.setCursor(Qt.CursorShape.PointingHandCursor)
        self.rejected_label.setToolTip(self.tr("The server refused these records; click to "
                                               "see which and why."))
        self.keyring_label = QLabel(self)
        self.keyring_label.setObjectName("keyringWarning")
        self.dnc_label = QLabel(self)
        self.dnc_label.setObjectName("dncStale")
        self.dnc_label.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.dnc_label.hide()
        self.call_label = QLabel(self)
        self.call_label.setObjectName("callTimer")
        self.addWidget(self.state_label)
        self.addWidget(self.last_label)
        self.addWidget(self.pending_label)
        self.addWidget(self.rejected_label)
        self.addWidget(self.dnc_label)
        self.addWidget(self.keyring_label, 1)
        self.addPermanentWidget(self.call_label)
        if keyring_warning:
            self.keyring_label.setText(self.tr("No keyring: password needed at each start"))
            self.keyring_label.setToolTip(self.tr(
                "No system keyring is available: you will be asked for your password at every "
                "start. The session token is kept in memory only."))
        self.show_status(SyncStatus(state=SyncState.SYNCING))

    def show_status(self, status: SyncStatus) -> None:
        self.state_label.setText("● " + labels.sync_states().get(status.state, status.state.value))
        self.state_label.setProperty("state", _STATE_CLASS.get(status.state, "offline"))
        self.state_label.style().unpolish(self.state_label)
        self.state_label.style().polish(self.state_label)
        tip = status.message
        if status.state is SyncState.OFFLINE and status.next_retry_in:
            tip = (tip + "\n" if tip else "") + self.tr("Next try in %1 s").replace(
                "%1", f"{status.next_retry_in:.0f}")
        self.state_label.setToolTip(tip)
        self.last_label.setText(
            self.tr("Last sync %1").replace("%1", _fmt(status.last_sync_at))
            if status.last_sync_at else self.tr("Not synced yet"))
        self.pending_label.setText(
            self.tr("%n action(s) waiting to be pushed", "", status.pending))
        self._set_shown(self.pending_label, status.pending > 0)
        self.rejected_label.setText(self.tr("%n rejected", "", status.rejected))
        self._set_shown(self.rejected_label, status.rejected > 0)

    def show_dnc_age(self, age: timedelta | None, max_age: timedelta) -> None:
        """Warn when the do-not-call copy is too old to dial on (the gate already refuses)."""
        stale = age is None or age > max_age
        if stale:
            hours = self.tr("never") if age is None else self.tr("%1 h ago").replace(
                "%1", str(int(age.total_seconds() // 3600)))
            self.dnc_label.setText(self.tr("Do-not-call list out of date (refreshed: %1): "
                                           "dialling stopped until a sync succeeds")
                                   .replace("%1", hours))
        self._set_shown(self.dnc_label, stale)

    def _set_shown(self, label: QWidget, on: bool) -> None:
        """Show or hide a normal widget; while a message is up it stays under it (QStatusBar
        shows it again when the message goes), instead of being drawn over the message."""
        if on and self.currentMessage():
            label.hide()
            label.setAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide, False)
        else:
            label.setVisible(on)

    def show_call(self, text: str) -> None:
        self.call_label.setText(text)


def _fmt(at: datetime) -> str:
    return at.astimezone().strftime("%H:%M:%S")
