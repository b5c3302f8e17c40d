"""A large plan's customers worked by worker processes, a part of the table each (issue 19).

The plan's Python (reading each customer, its features, the steps and the offers: about
40 µs a customer) ran in one process, on one core, while the other waited. Here the
customers that pass the SQL steps are cut into parts in table order: on SQLite by rowid,
on PostgreSQL by heap block (a TID range scan, PostgreSQL 14 and later). Each worker
process is forked from the planning process, so it has the plan's steps, offers and the
sets they test already; it opens its own connection, reads its part a page at a time,
works each page and sends back only the counts and the page's targets. The planning
process writes them (targeting._Saving) as they come, reports progress and can stop the
workers at once (a cancel, a failure).

What the workers read is what the plan's transaction sees: on PostgreSQL its snapshot
is exported (`pg_export_snapshot`) and each worker's transaction takes it (REPEATABLE
READ, `SET TRANSACTION SNAPSHOT`); the plan's own uncommitted writes (its plan row, the
superseded targets) are not customers. On SQLite (WAL) a worker reads the last committed
state, which the plan's transaction has not changed either (a DEFERRED transaction: the
server's IMMEDIATE one would wait for the plan's write lock).

A worker leaves the connections it inherited alone (it never touches the planning
process's engine and ends with os._exit, as multiprocessing's forked processes do, so no
finaliser closes them) and freezes what it inherited for the garbage collector, as the
import's workers do (server.planning.parallel).
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import pickle
from collections.abc import Callable, Generator, Iterator
from multiprocessing.connection import Connection as Pipe
from multiprocessing.connection import wait
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from server.db import env_count, make_engine
from server.planning.parallel import stop_workers

# From this many customers past the SQL steps the plan uses workers (below, forking
# costs more than it saves: 100,000 customers, 38,714 past DATAPK's steps, plan in 1.2 s).
# CALLSHEET_PLAN_PARALLEL_FROM sets another (tests: 1, the forked path on small data),
# read when the server starts: a value that is not a whole number stops the start with
# its name, rather than failing a manager's plan in the middle of the day.
MIN_CUSTOMERS = 50_000
PARALLEL_FROM = env_count("CALLSHEET_PLAN_PARALLEL_FROM", MIN_CUSTOMERS, lowest=1,
                          what="customers")
MAX_WORKERS = 2
# A page's answer: (customers read, kept after each Python step, targets)
Answer = tuple[int, list[int], list[dict[str, Any]]]
Work = Callable[[Connection, Any], Iterator[Answer]]  # (connection, part's condition)

def workers_for(customers: int) -> int:
    """How many workers a plan over this many customers uses: one a core up to
    MAX_WORKERS from PARALLEL_FROM customers on a system that can fork, else 1 (none:
    the plan's own process)."""
    if customers < PARALLEL_FROM or "fork" not in mp.get_all_start_methods():
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def parts(session: Session, n: int) -> list[Any] | None:
    """n conditions on customers, each a part of the table in table order, together all
    of it; None where the table cannot be cut so (PostgreSQL before 14)."""
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        lo, hi = conn.exec_driver_sql("SELECT min(rowid), max(rowid) FROM customers").one()
        if lo is None:
            return None
        cuts = [lo + (hi + 1 - lo) * k // n for k in range(1, n)]
        column = "customers.rowid"
        bound: Callable[[int], Any] = int
    else:
        if (conn.dialect.server_version_info or (0,)) < (14,):
            return None
        blocks = conn.exec_driver_sql(
            "SELECT pg_relation_size('customers') / current_setting('block_size')::int"
        ).scalar_one()
        cuts = [blocks * k // n for k in range(1, n)]
        column = "customers.ctid"
        bound = "({},0)".format  # a tid's text: (block, item)

    def between(lo: int | None, hi: int | None) -> Any:
        value = "{}" if column.endswith("rowid") else "CAST({} AS tid)"
        where = [f"{column} >= {value.format(':lo')}"] if lo is not None else []
        where += [f"{column} < {value.format(':hi')}"] if hi is not None else []
        clause = text(" AND ".join(where) or "1 = 1")
        params = {k: bound(v) for k, v in (("lo", lo), ("hi", hi)) if v is not None}
        return clause.bindparams(**params) if params else clause

    edges: list[int | None] = [None, *cuts, None]
    return [between(edges[k], edges[k + 1]) for k in range(n)]


def run(session: Session, conditions: list[Any], work: Work
        ) -> Generator[Answer, None, None]:
    """`work` over each part (a worker process each); the pages' answers as they come.
    Raises RuntimeError when a worker fails or ends without its answers; the workers end
    when the iterator is closed (or garbage collected). What a worker needs is given to
    its Process (forked: inherited, not pickled), so two plans at once (two threads of
    the server) each fork their own."""
    conn = session.connection()
    snapshot = None
    if conn.dialect.name == "postgresql":
        snapshot = conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
    url = conn.engine.url.render_as_string(hide_password=False)
    ctx = mp.get_context("fork")
    procs: list[tuple[Any, Pipe]] = []
    try:
        for cond in conditions:
            mine, theirs = ctx.Pipe(duplex=False)
            p = ctx.Process(target=_serve, args=(theirs, url, snapshot, work, cond),
                            daemon=True)
            p.start()
            theirs.close()
            procs.append((p, mine))
        open_pipes = [pipe for _, pipe in procs]
        while open_pipes:
            for pipe in wait(open_pipes):
                assert isinstance(pipe, Pipe)
                try:
                    kind, body = pickle.loads(pipe.recv_bytes())
                except EOFError:  # killed (the machine's memory, an operator)
                    kind, body = "error", "it ended without sending its answers"
                if kind == "page":
                    yield body
                elif kind == "end":
                    open_pipes.remove(pipe)
                else:
                    raise RuntimeError(f"a plan worker failed: {body}")
    finally:
        stop_workers(procs)


def _serve(pipe: Pipe, url: str, snapshot: str | None, work: Work, cond: Any) -> None:
    """A worker: its part's pages worked and sent, then "end" (or "error")."""
    gc.freeze()
    try:
        engine = make_engine(url)
        with engine.connect() as conn:
            if conn.dialect.name == "sqlite":  # a reader: the plan's transaction writes
                conn = conn.execution_options(sqlite_begin="DEFERRED")
            if snapshot is not None:
                conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                conn.exec_driver_sql(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
            for answer in work(conn, cond):
                pipe.send_bytes(pickle.dumps(("page", answer), protocol=pickle.HIGHEST_PROTOCOL))
        pipe.send_bytes(pickle.dumps(("end", None)))
    except BaseException as exc:  # noqa: BLE001 - told to the planning process, which raises
        pipe.send_bytes(pickle.dumps(("error", f"{type(exc).__name__}: {exc}")))
