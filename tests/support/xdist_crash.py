"""`--dist loadfile` that survives a worker crash (a segfault, a timeout's kill).

pytest-xdist 3.8's file scheduler (LoadScopeScheduling) deadlocks after a crash: it puts
the dead worker's whole workload back on the queue, files it had finished included, and
a finished file is sent to the next worker as an empty unit that never completes; it
also gives the replacement worker a single test, which a worker does not start until it
knows the test after it. The run then sat at 99% until CI's limit, 90 minutes (stop 27;
upstream pytest-dev/pytest-xdist#1378 and #1327, open or unreleased).

This scheduler requeues only the tests not yet run, reports the one the worker died on
as failed without running it again (it would likely take the next worker down too), and
tops every worker up to two tests. Loaded by tests/conftest.py for the suite, and by
tests/test_xdist_crash.py's child runs, which prove the run ends.
"""

from __future__ import annotations

from typing import Any

try:
    from xdist.scheduler import LoadFileScheduling
    from xdist.workermanage import WorkerController
except ImportError:  # pragma: no cover - xdist is a dev dependency; without it, no hook
    LoadFileScheduling = None


if LoadFileScheduling is not None:

    class CrashSafeLoadFile(LoadFileScheduling):  # type: ignore[misc]
        def remove_node(self, node: WorkerController) -> str | None:
            workload: dict[str, dict[str, bool]] = self.assigned_work.pop(node)
            pending = [(scope, nodeid) for scope, unit in workload.items()
                       for nodeid, done in unit.items() if not done]
            if not pending:
                return None
            scope, crashitem = pending[0]
            workload[scope][crashitem] = True  # reported failed by xdist; not run again
            for scope, unit in workload.items():
                if not all(unit.values()):
                    self.workqueue[scope] = unit
            for other in self.assigned_work:
                self._reschedule(other)
            return crashitem

        def schedule(self) -> None:
            if self.collection is None:
                super().schedule()
                return
            for node in self.nodes:  # a replacement worker joined: two tests, or stop
                self._reschedule(node)

        def _reschedule(self, node: WorkerController) -> None:
            super()._reschedule(node)
            self._top_up(node)

        def _top_up(self, node: WorkerController) -> None:
            while (self.workqueue and not node.shutting_down and node in self.assigned_work
                   and self._pending_of(self.assigned_work[node]) < 2):
                self._assign_work_unit(node)


def pytest_xdist_make_scheduler(config: Any, log: Any) -> Any:
    if LoadFileScheduling is None or config.getvalue("dist") != "loadfile":
        return None
    return CrashSafeLoadFile(config, log)
