"""Issue-3 figures: the agent's window on a big local queue (1,000 items, 20,000 history
rows), offscreen: save-and-next to the next customer shown, search, resident memory.

No server: the local store is filled through `repo.apply_pull` (tests/support/synthetic).
Then the issue-18 figures with the live server syncing (bench/agent_live.py): save-and-next
at 1,000 and 10,000 items, sync cycles, queue listings and local SQL per save.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench import agent_live
from bench.util import report, summary_ms, timed

ITEMS, HISTORY = 1000, 20000


def rss_mb() -> float:
    """Resident memory of this process (Linux /proc; NaN elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def desktop_rss_mb() -> float:
    """The window's resident memory after the save-and-next run, in a process of its own:
    `make bench`'s process also holds a live server and the sync benches' data, which a
    desktop does not (it read 265 MB there against 195 MB alone)."""
    out = subprocess.run([sys.executable, "-m", "bench.agent_bench", "--rss"],
                         capture_output=True, text=True, timeout=600, check=False)
    for line in out.stdout.splitlines():
        if line.startswith("rss "):
            return float(line.split()[1])
    return float("nan")


def midday() -> Callable[[], datetime]:
    now = datetime.now(UTC)
    offset = now.replace(hour=4, minute=0, second=0, microsecond=0) - now
    return lambda: datetime.now(UTC) + offset


def run(samples: int = 120, *, rss_only: bool = False) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.api_client import ApiClient
    from app.services.presence import PresenceService
    from app.services.queue import QueueService
    from app.services.workspace import Workspace
    from app.store.database import open_database
    from app.sync import SyncEngine
    from tests.support import synthetic
    from ui.main_window import MainWindow
    from ui.resources import style_sheet
    from ui.tasks import TaskManager
    from wire.schema import Disposition, Role, UserInfo

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    app.setStyleSheet(style_sheet())
    clock = midday()
    with tempfile.TemporaryDirectory() as d:
        engine = open_database(Path(d) / "local.sqlite3")
        t0 = time.perf_counter()
        synthetic.build(engine, items=ITEMS, history=HISTORY, now=clock() - timedelta(hours=1))
        report(f"fill local store ({ITEMS} items, {HISTORY} history)",
               f"{(time.perf_counter() - t0) * 1000:.0f} ms")
        client = ApiClient("http://127.0.0.1:9", token="bench")  # never contacted
        sync = SyncEngine(engine, client, clock=clock)
        queue = QueueService(engine, agent_name="坐席 01", clock=clock)
        ws = Workspace(UserInfo(id="agent-1", username="agent1", display_name="坐席 01",
                                role=Role.AGENT), "http://127.0.0.1:9", engine, sync, queue,
                       client, PresenceService(engine, clock=clock))
        tasks = TaskManager()
        win = MainWindow(ws, tasks)
        win.show()

        def settle(until: Callable[[], bool], limit: float = 10.0) -> None:
            end = time.perf_counter() + limit
            while not until() or tasks.busy:
                app.processEvents()
                if time.perf_counter() > end:
                    raise TimeoutError("the window did not settle")

        list_s = timed(lambda: queue.list_queue(), 10)
        report(f"list_queue, {ITEMS} items", summary_ms(list_s))
        win.queue_panel.reload()
        settle(lambda: win.queue_panel.model.rowCount() > 0)
        win.queue_panel.select_next_callable()
        settle(lambda: win.detail is not None)

        shown: list[float] = []
        for _ in range(samples):
            d0 = win.detail
            assert d0 is not None
            win.outcome.choose(Disposition.NO_ANSWER)
            t0 = time.perf_counter()
            win.save_and_next()
            end = time.perf_counter() + 10
            while win.detail is None or win.detail.queue_item_id == d0.queue_item_id:
                app.processEvents()
                if time.perf_counter() > end:
                    raise TimeoutError("the next customer was not shown")
            shown.append(time.perf_counter() - t0)
            settle(lambda: True)  # the queue's reload finishes before the next call
        report("save and next -> next customer shown", summary_ms(shown), "p99 < 50 ms")

        needles = ["王", "李伟", "张", "13900000", "nobody"]
        search = timed(lambda: [queue.list_queue(search=n) for n in needles], 10)
        report("search (list_queue, 5 needles each)",
               summary_ms([s / len(needles) for s in search]), "< 30 ms")
        rows = queue.list_queue(search="王")
        reset = timed(lambda: win.queue_panel.model.set_rows(rows), 20)
        report(f"search model reset ({len(rows)} rows)", summary_ms(reset), "< 30 ms")

        stats = timed(queue.day_stats, 20)
        report("day_stats", summary_ms(stats))
        if rss_only:
            print(f"rss {rss_mb():.1f}", flush=True)
        win.close()
        tasks.shutdown()
        engine.dispose()
    if rss_only:
        return
    report("resident memory (VmRSS, the window alone)", f"{desktop_rss_mb():.0f} MB",
           "< 250 MB")
    agent_live.run()


if __name__ == "__main__":
    run(rss_only="--rss" in sys.argv[1:])
