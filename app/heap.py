"""The desktop's heap after start-up: kept out of the garbage collector's full passes.

A full (generation 2) collection walks every tracked object. After the agent's window
has started and the first sync has run, that is mostly objects that live as long as the
process (modules, classes, the Qt wrappers, SQLAlchemy's and pydantic's compiled
schemas), and one pass over them took 100-190 ms on the 2-core bench machine: a freeze the
agent sees, and one that can fall between Save and the next customer (bench/agent_live.py:
the save-and-next p99 went from 16 ms to 120 ms on the run it fell in).

`settle()` collects once, then moves what survived into the permanent generation
(`gc.freeze()`), so later full passes walk only what the day creates. Objects frozen this
way are still freed by reference counting; only a reference cycle among them, made
unreachable later, would stay (the start-up objects are the long-lived ones). The usual
Qt answer to GC pauses is to disable the collector and collect on a timer in the GUI
thread (pyqtgraph, OpenCue); this keeps Python's own schedule and only shrinks its
largest pass.

`tune()`, when a workspace opens, makes the young generation larger: a collection
every 50,000 allocations (net of frees) instead of 700. A pull page of 500 items
allocates about 100,000 objects (its wire models) that live until the page is stored;
at 700 each of them was walked by about 140 young passes and carried into the older
generations, whose growth triggers the full passes. The first pull of 10,000 items
spent about a third of the desktop's CPU in the collector (1.65 s -> 0.95 s with
this, docs/performance.md). A young pass over 50,000 objects takes about a
millisecond; cyclic garbage waits at most that many allocations to be freed.
"""

from __future__ import annotations

import gc
import logging
import time

log = logging.getLogger(__name__)

_settled = False
YOUNG_THRESHOLD = 50_000


def tune() -> None:
    """The young generation's threshold for the day's work (above); the older ones keep
    Python's defaults."""
    if gc.get_threshold()[0] < YOUNG_THRESHOLD:
        gc.set_threshold(YOUNG_THRESHOLD)


def settle() -> bool:
    """Once per process: collect, then freeze the survivors. True when it ran now."""
    global _settled
    if _settled:
        return False
    _settled = True
    t0 = time.perf_counter()
    gc.collect()
    gc.freeze()
    log.info("heap settled: %d objects frozen in %.0f ms", gc.get_freeze_count(),
             (time.perf_counter() - t0) * 1000)
    return True
