"""What the manager's screenshot scripts share (scripts/manager_screenshots.py,
scripts/big_customer_screenshots.py): the `--lang` argument, a fresh demo server, the Qt
application in that language with the app's style, the manager's window at 1366x768, and
the loop that drives a list of steps and grabs a window after each named one.

A step is (do, ready, name): `do()` starts it, the loop waits (250 ms ticks, at most a
minute) until `ready()`, then grabs `docs/screenshots/NAME-LANG.png` when it has a name.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.services.manager import ManagerService  # noqa: E402 - after the path
from app.services.workspace import ServerWorkspace  # noqa: E402
from tests.conftest import account  # noqa: E402
from tests.e2e.desktop import midday_shift, open_role  # noqa: E402
from tests.support.live_server import LiveServer, seed_demo  # noqa: E402
from ui import i18n  # noqa: E402
from ui.manager.window import ManagerWindow  # noqa: E402
from ui.resources import style_sheet  # noqa: E402
from ui.tasks import TaskManager  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZE = (1366, 768)
TICK_MS = 250
MAX_TICKS = 240


@dataclass
class Step:
    do: Callable[[], None]
    ready: Callable[[], bool]
    name: str | None = None  # the picture's name, without the language
    window: QWidget | None = None  # the window to grab (default: the stage's)


@dataclass
class Stage:
    lang: str
    tmp: Path
    db_url: str
    accounts: list[dict[str, Any]]
    server: LiveServer
    app: QApplication
    tasks: TaskManager
    windows: list[QWidget] = field(default_factory=list)

    def account(self, role: str) -> dict[str, Any]:
        return account(self.accounts, role)

    def open(self, role: str) -> ServerWorkspace:
        return open_role(self.server.url, self.account(role), self.tmp / role)

    def manager_window(self, ws: ServerWorkspace | None = None) -> ManagerWindow:
        ws = ws or self.open("admin")
        win = ManagerWindow(ws, self.tasks, service=ManagerService(ws.client,
                                                                   self.tmp / "maps.json"))
        self.show(win)
        win.start()
        return win

    def show(self, win: QWidget) -> None:
        win.resize(*SIZE)
        win.show()
        self.windows.append(win)

    def idle(self) -> bool:
        return not self.tasks.busy

    def run(self, steps: list[Step]) -> int:
        """Drive the steps (after the windows' first answers), grab, close, stop."""
        state = {"i": -1, "waited": 0}

        def tick() -> None:
            i = state["i"]
            if i >= 0:
                step = steps[i]
                state["waited"] += 1
                if not step.ready() and state["waited"] < MAX_TICKS:
                    return
                if step.name:
                    self.app.processEvents()
                    path = OUT / f"{step.name}-{self.lang}.png"
                    (step.window or self.windows[0]).grab().save(str(path))
                    print("saved", path, "ready" if step.ready() else "TIMED OUT")
            state["i"] = i = i + 1
            state["waited"] = 0
            if i >= len(steps):
                timer.stop()
                for w in reversed(self.windows):
                    w.close()
                self.app.quit()
                return
            steps[i].do()

        timer = QTimer()
        timer.setInterval(TICK_MS)
        timer.timeout.connect(tick)
        QTimer.singleShot(3000, timer.start)  # the windows' first answers
        code = self.app.exec()
        self.tasks.shutdown()
        self.server.stop()
        return code


def stage(prefix: str, customers: int = 2000) -> Stage:
    """`--lang` from the command line, a demo server of its own (seed 5), the application
    in that language."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", default="en", choices=i18n.SUPPORTED)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    db_url = f"sqlite:///{tmp / 'server.sqlite3'}"
    creds = seed_demo(db_url, customers=customers, seed=5)
    srv = LiveServer(db_url, clock_shift=midday_shift())
    srv.start()
    app = QApplication(sys.argv[:1])
    i18n.install(app, args.lang)
    i18n.apply_font(app)
    app.setStyleSheet(style_sheet())
    return Stage(lang=args.lang, tmp=tmp, db_url=db_url, accounts=creds["accounts"],
                 server=srv, app=app, tasks=TaskManager())
