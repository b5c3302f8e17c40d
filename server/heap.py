"""A serving process's heap: the start-up objects out of the collector's passes, and a
larger young generation.

A pull page of 500 queue items builds about 100,000 objects (the rows, their values, the
answer's dicts) that live until the answer is written; with Python's default young
threshold (a collection every 700 allocations net of frees) they were walked by about
140 young passes each, carried into the older generations, and their growth set off full
passes over every object of the process: SQLAlchemy's and pydantic's compiled schemas,
the models, the routes. `settle()`, once the app is made and before it serves, collects
once and freezes what survived (`gc.freeze()`: later passes skip it; it is still freed by
reference counting), and raises the young threshold to 50,000. A 10,000-item first pull
took 0.9-1.0 s of the server's CPU, 0.55-0.6 s with this (docs/performance.md); a young
pass over 50,000 objects takes about a millisecond. The small requests of the day (an
empty pull, a push of two outcomes) cost the same with and without it, within the
bench's noise (bench.load at 500 agents, two runs each, alternating). The desktop does
the same for its own reasons (app/heap.py).
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 50_000


def settle() -> None:
    gc.collect()
    gc.freeze()
    if gc.get_threshold()[0] < YOUNG_THRESHOLD:
        gc.set_threshold(YOUNG_THRESHOLD)
