"""`callsheet --screenshot FILE`: picture of the window once the queue and a customer show."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMainWindow

from ui.main_window import MainWindow

log = logging.getLogger(__name__)


def grab_when_ready(window: QMainWindow, path: Path, done: Callable[[], None],
                    *, timeout_s: float = 90.0) -> QTimer:
    """Poll until the window is ready, then save the PNG and call done.

    The agent window is ready when rows are listed and a customer is shown; another
    workspace window says so itself through a `screenshot_ready() -> bool` method.
    """
    state = {"waited": 0.0, "selected": False}
    timer = QTimer(window)
    timer.setInterval(250)

    def save() -> None:
        timer.stop()
        path.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(path)):
            log.error("could not write %s", path)
        else:
            log.info("screenshot saved to %s", path)
        done()

    def poll() -> None:
        state["waited"] += 0.25
        if not isinstance(window, MainWindow):
            ready_fn = getattr(window, "screenshot_ready", None)
            if (ready_fn is not None and ready_fn()) or state["waited"] > timeout_s:
                save()
            return
        model = window.queue_panel.model
        if not state["selected"] and model.rowCount() > 0 and window.ws.sync.status.last_sync_at:
            window.queue_panel.select_next_callable()
            if window.queue_panel.current_row() is None:
                window.queue_panel.select_row(0)
            state["selected"] = True
        ready = state["selected"] and window.detail is not None and not window.tasks.busy
        if ready or state["waited"] > timeout_s:
            save()

    timer.timeout.connect(poll)
    timer.start()
    return timer
