"""Issue 18: every local operation and every applied page says what it changed (a typed
`Changes`), and every local write goes through the store's one writer thread."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, select

from app.changes import NOTHING, Changes
from app.services.presence import PresenceService
from app.services.queue import QueueService
from app.store import repo
from app.store import tables as t
from app.store.database import open_database
from app.store.writer import THREAD_NAME, writer_for
from app.views import OutcomeDraft
from tests.support import synthetic
from wire.schema import Disposition, DncEntry, PullResponse, QueueStatus, phone_hash

NOON = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai


@pytest.fixture
def store(tmp_path: Path) -> tuple[Engine, PullResponse]:
    engine = open_database(tmp_path / "local.sqlite3")
    page = synthetic.build(engine, items=30, history=60, now=NOON - timedelta(hours=1))
    return engine, page


def queue(engine: Engine) -> QueueService:
    return QueueService(engine, agent_name="坐席 01", clock=lambda: NOON)


def test_changes_combine_and_say_when_empty() -> None:
    a = Changes.of(items=["x", "y"], day=True)
    b = Changes.of(removed=["y"], dnc=["d"], action_id="act")
    both = a | b
    assert both.items == {"x"} and both.removed == {"y"} and both.dnc == {"d"}
    assert both.day and both.action_id == "act" and both.queue
    assert (b | Changes.of(items=["y"])).removed == set(), "it came back"
    assert not NOTHING and not Changes(action_id="only an id")
    assert Changes(control=True)


def test_an_outcome_names_its_item_the_day_and_the_outbox(
        store: tuple[Engine, PullResponse]) -> None:
    engine, _ = store
    q = queue(engine)
    row = next(r for r in q.list_queue() if r.callable_now)
    done = q.record_outcome(OutcomeDraft(queue_item_id=row.id,
                                         disposition=Disposition.NO_ANSWER))
    assert done.items == {row.id} and not done.removed and not done.dnc
    assert done.day and done.outbox and not done.presence
    with engine.connect() as conn:
        assert repo.pending_actions(conn, 10)[0]["action_id"] == done.action_id


def test_a_do_not_call_flag_names_every_item_of_the_customer(
        store: tuple[Engine, PullResponse]) -> None:
    engine, page = store
    q = queue(engine)
    first = page.queue_items[0]
    done = q.flag_dnc(first.id, "asked")
    assert done.dnc == {phone_hash(first.customer.phone)}
    assert first.id in done.items and done.customers == {first.customer.id}
    found, absent = q.rows(done.items)
    assert found == [] and absent == done.items, "re-read: the rows are hidden now"


def test_presence_names_itself_and_nothing_when_unchanged(
        store: tuple[Engine, PullResponse]) -> None:
    engine, _ = store
    p = PresenceService(engine, clock=lambda: NOON)
    changed = p.set_state("paused", "lunch")
    assert changed is not None and changed.presence and changed.outbox and not changed.items
    assert p.set_state("paused", "lunch") is None


def test_a_pull_names_only_what_it_changed(store: tuple[Engine, PullResponse]) -> None:
    engine, page = store
    a, b, c = page.queue_items[:3]
    moved = a.model_copy(update={"attempts": 2, "priority": 99})
    closed = b.model_copy(update={"status": QueueStatus.CLOSED})
    flag = DncEntry(phone_hash=phone_hash(c.customer.phone), customer_id=c.customer.id,
                    added_at=NOON)
    same = page.queue_items[3]  # sent again unchanged: nothing to redraw
    step = PullResponse(cursor=2, has_more=False, server_time=NOON,
                        queue_items=[moved, closed, same], dnc=[flag])
    with engine.begin() as conn:
        done = repo.apply_pull(conn, step, now=NOON)
    assert done.items == {a.id, c.id} and done.removed == {b.id}
    assert done.dnc == {flag.phone_hash} and done.day
    assert not done.reference and not done.control and not done.scripts
    q = queue(engine)
    rows, absent = q.rows(done.items | done.removed)
    assert [r.id for r in rows] == [a.id] and absent == {b.id, c.id}
    assert rows[0].order == next(r for r in q.list_queue() if r.id == a.id).order


def test_reference_data_names_reference(store: tuple[Engine, PullResponse]) -> None:
    engine, page = store
    step = PullResponse(cursor=3, has_more=False, server_time=NOON,
                        campaigns=page.campaigns[:1], scripts=page.scripts[:1])
    with engine.begin() as conn:
        done = repo.apply_pull(conn, step, now=NOON)
    assert done.reference and done.scripts == {page.scripts[0].id} and not done.queue


def test_every_write_runs_on_the_one_writer_thread_one_transaction_at_a_time(
        store: tuple[Engine, PullResponse]) -> None:
    """An agent's saves (the UI's task thread) and pull pages (the sync thread) at once:
    every write statement runs on the writer's thread, and no transaction begins while
    another is open."""
    engine, page = store
    q = queue(engine)
    rows = [r for r in q.list_queue() if r.callable_now][:12]
    writes: list[str] = []
    log: list[str] = []

    def seen(_conn: Any, _cur: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            writes.append(threading.current_thread().name)

    event.listen(engine, "before_cursor_execute", seen)
    event.listen(engine, "begin", lambda _c: log.append("begin"))
    event.listen(engine, "commit", lambda _c: log.append("end"))
    event.listen(engine, "rollback", lambda _c: log.append("end"))
    writer = writer_for(engine)
    errors: list[BaseException] = []

    def saves() -> None:
        try:
            for r in rows:
                q.record_outcome(OutcomeDraft(queue_item_id=r.id,
                                              disposition=Disposition.NO_ANSWER))
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)

    def pulls() -> None:
        try:
            for n in range(12):
                item = page.queue_items[20 + n % 10]
                step = PullResponse(cursor=10 + n, has_more=False, server_time=NOON,
                                    queue_items=[item.model_copy(update={"priority": n})])
                writer.write(lambda conn, step=step: repo.apply_pull(conn, step, now=NOON))
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)

    threads = [threading.Thread(target=saves, name="ui-tasks"),
               threading.Thread(target=pulls, name="sync")]
    for th in threads:
        th.start()
    for th in threads:
        th.join(30)
    assert not errors
    assert writes and {w.split("_")[0] for w in writes} == {THREAD_NAME}
    opened = 0
    for entry in log:  # the writer's transactions never overlap
        opened += 1 if entry == "begin" else -1
        assert opened in (0, 1)
    with engine.connect() as conn:
        assert repo.pending_count(conn) == len(rows)
        cursor = repo.cursor(conn)
        tried = conn.execute(select(t.queue_items.c.attempts)
                             .where(t.queue_items.c.id.in_([r.id for r in rows]))).scalars()
        assert set(tried) == {1}
    assert cursor == 21


def test_a_submitted_write_runs_in_order_and_hands_back_its_result_or_error(
        store: tuple[Engine, PullResponse]) -> None:
    """`Writer.submit` (the sync engine stores a push answer while sending the next batch):
    writes run one at a time in the order asked for, a later `write` sees the submitted
    ones done, a failed one is rolled back and raises from its future, and a submit from
    the writer's own thread runs at once (waiting for itself would never end)."""
    engine, _ = store
    writer = writer_for(engine)
    order: list[int] = []
    gate = threading.Event()

    def step(n: int) -> Any:
        def run(conn: Any) -> int:
            if n == 0:
                gate.wait(5)  # the first holds the writer while the rest are asked for
            order.append(n)
            repo.set_meta(conn, f"step{n}", str(n))
            return n
        return run

    def fails(conn: Any) -> None:
        repo.set_meta(conn, "failed", "yes")
        raise ValueError("disk full")

    futures = [writer.submit(step(n)) for n in range(3)]
    failed = writer.submit(fails)
    assert not futures[0].done()
    gate.set()
    assert writer.write(lambda conn: repo.get_meta(conn, "step2")) == "2"
    assert [f.result(5) for f in futures] == [0, 1, 2] and order == [0, 1, 2]
    with pytest.raises(ValueError, match="disk full"):
        failed.result(5)
    assert writer.write(lambda conn: repo.get_meta(conn, "failed")) is None
    inner = writer.write(lambda conn: writer.submit(step(7)).result(0))
    assert inner == 7 and order[-1] == 7
