"""The process bench/startup_bench.py starts fresh: the desktop's start path up to the
queue's rows painted, then one JSON line on stdout (monotonic times, CPU time) and exit.

`--bare` instead shows a bare PySide6 window with a 1,000-row table (the baseline).
Only the standard library is imported before the work under measurement begins.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

marks: dict[str, float] = {}
cpu_marks: dict[str, float] = {}
closers: list[Any] = []  # run after the report: the store closed as at a normal exit


def mark(name: str) -> None:
    """Wall (monotonic) and CPU time of this process at a step of the start."""
    marks[name] = time.monotonic()
    t = os.times()
    cpu_marks[name] = t.user + t.system


def _report(painted: float, rows: int) -> None:
    t = os.times()
    print(json.dumps({"painted": painted, "cpu": t.user + t.system, "rows": rows,
                      "marks": marks, "cpu_marks": cpu_marks}), flush=True)
    # The teardown is not part of a start; the store is still closed the way the desktop
    # closes it at exit, so that the next run starts after a clean exit (the usual start;
    # after a crash the whole file is checked first), unless --crash.
    try:
        for close in closers:
            close()
    finally:
        os._exit(0)


def _when_painted(viewport: Any, rows: Any) -> None:
    """Report once the viewport has painted while the model holds rows."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watch(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and rows() > 0:
                # after this paint has finished
                QTimer.singleShot(0, lambda: _report(time.monotonic(), rows()))
            return False

    watch = Watch(viewport)
    viewport.installEventFilter(watch)


def _exit_as_the_desktop_does(app: Any, tasks: Any, window: Any) -> None:
    """Let the start's background reads finish, then close the window (which closes the
    workspace and its store) and stop the tasks, as quitting the desktop does."""
    deadline = time.monotonic() + 60
    while tasks.busy and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    window.close()
    tasks.shutdown()


def bare() -> None:
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication(sys.argv[:1])
    model = QStandardItemModel(1000, 10)
    for r in range(1000):
        for c in range(10):
            model.setItem(r, c, QStandardItem(f"r{r} c{c}"))
    win = QMainWindow()
    view = QTableView(win)
    view.setModel(model)
    win.setCentralWidget(view)
    win.resize(1366, 768)
    _when_painted(view.viewport(), model.rowCount)
    win.show()
    app.exec()


def desktop(argv: list[str]) -> None:
    from types import SimpleNamespace

    from ui import main as desk  # everything the desktop imports at start

    mark("imported")
    key = bytes.fromhex(argv[argv.index("--key") + 1])
    user_name = argv[argv.index("--user") + 1]
    args = desk.parse_args([a for i, a in enumerate(argv) if a not in ("--key", "--crash")
                            and (i == 0 or argv[i - 1] != "--key")] + ["--demo-time", "12:00"])
    from PySide6.QtWidgets import QApplication

    from ui import i18n
    from ui.resources import style_sheet
    from wire.schema import Role, UserInfo

    app = QApplication(sys.argv[:1])
    app.setApplicationName("Callsheet")
    launcher = desk.Launcher(app, args)
    i18n.install(app, i18n.choose_language(args.lang, launcher.settings.language))
    i18n.apply_font(app)
    app.setStyleSheet(style_sheet())
    mark("app")
    user = UserInfo(id="agent-1", username=user_name, display_name="坐席 01", role=Role.AGENT)
    ws = launcher.open_workspace(args.server, user, "bench-token", key)
    mark("workspace")
    launcher.dialog = SimpleNamespace(workspace=ws)  # type: ignore[assignment]
    launcher._logged_in()
    mark("window")
    window = launcher.window
    from ui.main_window import MainWindow

    assert isinstance(window, MainWindow), "an agent's workspace"
    panel = window.queue_panel
    if "--crash" not in argv:
        closers.append(lambda: _exit_as_the_desktop_does(app, launcher.tasks, window))
    panel.loaded.connect(lambda: None if "listed" in marks else mark("listed"))
    _when_painted(panel.view.viewport(), panel.model.rowCount)
    app.exec()


if __name__ == "__main__":
    if "--bare" in sys.argv:
        bare()
    else:
        desktop(sys.argv[1:])
