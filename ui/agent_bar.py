"""The agent's bar above the workspace: presence (with the pause button), today's figures,
and a non-modal banner for due call-backs where the desktop has no notification area."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from app.views import DayStats, Presence
from ui import labels


def hms(seconds: int) -> str:
    h, rest = divmod(max(0, seconds), 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}"


class AgentBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agentBar")
        self.pause_button = QToolButton(self)
        self.pause_button.setObjectName("pauseButton")
        self.presence_label = QLabel(self)
        self.presence_label.setObjectName("presence")
        self.day_label = QLabel(self)
        self.day_label.setObjectName("dayStats")
        self.day_label.setTextFormat(Qt.TextFormat.RichText)
        self.day_label.setToolTip(self.tr(
            "Today on this desktop: calls made, customers reached, sales confirmed by "
            "verification (those still awaiting it, or reversed by it, beside them), "
            "conversion (confirmed sales / reached), total talk time and what is left in "
            "the queue. Verification results arrive with the next sync."))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 3, 8, 3)
        lay.setSpacing(10)
        lay.addWidget(self.pause_button)
        lay.addWidget(self.presence_label)
        lay.addStretch(1)
        lay.addWidget(self.day_label)
        self.show_presence(Presence("available", None, None), None)
        self.day_label.setText("")

    def show_presence(self, p: Presence, now: datetime | None, reason: str = "") -> None:
        """`reason`: the pause reason as shown (the server's label for a code new here)."""
        text = labels.agent_states().get(p.state, p.state)
        if p.state == "paused":
            text += " · " + (reason or labels.pause_reason(p.reason))
            if p.since is not None and now is not None:
                text += " · " + hms(int((now - p.since).total_seconds()))
        self.presence_label.setText("● " + text)
        self.presence_label.setProperty("state", p.state)
        self.presence_label.style().unpolish(self.presence_label)
        self.presence_label.style().polish(self.presence_label)

    def show_day(self, s: DayStats) -> None:
        conv = f"{s.conversion:.0%}" if s.conversion is not None else "–"
        parts = [
            (self.tr("Calls"), str(s.calls)),
            (self.tr("Reached"), str(s.reached)),
            (self.tr("Sales"), str(s.successes)),
        ]
        if s.sales_awaiting:  # recorded, not verified yet: not counted as sales
            parts.append((self.tr("Awaiting verification"), str(s.sales_awaiting)))
        if s.sales_reversed:
            parts.append((self.tr("Reversed"), str(s.sales_reversed)))
        parts += [
            (self.tr("Conversion"), conv),
            (self.tr("Talk"), hms(s.talk_seconds)),
            (self.tr("Left"), str(s.queue_left)),
        ]
        self.day_label.setText(
            "&nbsp;&nbsp;·&nbsp;&nbsp;".join(
                f"<span style='color:#5a6272'>{k}</span> <b>{v}</b>" for k, v in parts))


class Banner(QFrame):
    """A non-modal message at the top of the window (call-backs due), closed by the agent."""

    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        close = QToolButton(self)
        close.setText("✕")
        close.setObjectName("bannerClose")
        close.setToolTip(self.tr("Dismiss"))
        close.clicked.connect(self.dismiss)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 4, 4, 4)
        lay.addWidget(self.label, 1)
        lay.addWidget(close)
        self.hide()

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.show()

    def dismiss(self) -> None:
        self.hide()
        self.closed.emit()
