"""The progressive countdown and the wrap-up limit on screen (the logic: app/telephony/
pacing.py, on the server's clock). One label above the customer: "Calling Wang Li in
4 s - Esc: cancel, F4: pause", or the wrap-up time left ("Wrap-up time left: 00:25", then
the overtime in red). Ticks four times a second; the window connects `dial_now` (the
countdown ran out) and `wrap_up_over` (the wrap-up limit was reached)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from app.telephony.pacing import Pacer, Phase, Tick
from wire.schema import CampaignOut


def _mmss(seconds: int) -> str:
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class PacingView(QObject):
    dial_now = Signal()
    wrap_up_over = Signal()
    changed = Signal()  # the wrap-up count moved: the call-state text is redrawn

    def __init__(self, now: Callable[[], datetime], name: Callable[[], str],
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.pacer = Pacer(now)
        self._name = name  # the customer shown (the one the countdown will dial)
        self.label = QLabel(parent)
        self.label.setObjectName("pacingCountdown")
        self.label.setWordWrap(True)
        self.label.hide()
        self.last = Tick(Phase.IDLE)
        self.timer = QTimer(self)
        self.timer.setInterval(250)  # a count shown to the second, without drifting a beat
        self.timer.timeout.connect(self.tick)

    # ------------------------------------------------------------ the window's calls

    def call_ended(self, campaign: CampaignOut | None) -> None:
        self.pacer.call_ended(campaign)
        self._run()

    def saved(self, campaign: CampaignOut | None, *, has_next: bool) -> None:
        self.pacer.saved(campaign, has_next=has_next)
        self._run()

    def dialled(self) -> None:
        self.pacer.dialled()
        self._run()

    def refused(self, code: str, reason: str, *, has_next: bool) -> bool:
        going = self.pacer.refused(code, reason, has_next=has_next)
        self._run()
        return going

    def cancel(self) -> bool:
        counting = self.counting
        self.pacer.cancel()
        self._run()
        return counting

    def toggle_pause(self) -> bool:
        acted = self.pacer.toggle_pause()
        self._run()
        return acted

    def reset(self) -> None:
        self.pacer.reset()
        self._run()

    @property
    def counting(self) -> bool:
        return self.pacer.phase in (Phase.COUNTDOWN, Phase.PAUSED)

    # --------------------------------------------------------------------- drawing

    def _run(self) -> None:
        if self.pacer.phase is Phase.IDLE:
            self.timer.stop()
        elif not self.timer.isActive():
            self.timer.start()
        self.tick()

    def tick(self) -> None:
        t = self.last = self.pacer.tick()
        if t.phase is Phase.IDLE:
            self.timer.stop()
        self._draw(t)
        self.changed.emit()
        if t.remind:
            self.wrap_up_over.emit()
        if t.dial_now:
            self.dial_now.emit()

    def _draw(self, t: Tick) -> None:
        name = self._name()
        state = t.phase.value
        if t.phase is Phase.WRAP_UP and t.seconds_left is not None:
            if t.seconds_left >= 0:
                text = self.tr("Wrap-up time left: %1").replace("%1", _mmss(t.seconds_left))
            else:
                state = "overtime"
                text = self.tr("Wrap-up time is up, %1 over: save the outcome (Ctrl+Enter)") \
                    .replace("%1", _mmss(-t.seconds_left))
        elif t.phase is Phase.COUNTDOWN:
            text = self.tr("Calling %1 in %2 s - Esc: cancel, F4: pause") \
                .replace("%1", name).replace("%2", str(t.seconds_left))
        elif t.phase is Phase.PAUSED:
            text = self.tr("Countdown paused at %2 s before calling %1 - F4: go on, "
                           "Esc: cancel").replace("%1", name).replace("%2", str(t.seconds_left))
        else:
            self.label.hide()
            return
        if self.pacer.last_skip and t.phase is not Phase.WRAP_UP:
            text = self.tr("Skipped: %1").replace("%1", self.pacer.last_skip) + "\n" + text
        self.label.setText(text)
        self.label.setProperty("state", state)
        self.label.style().unpolish(self.label)
        self.label.style().polish(self.label)
        self.label.show()

