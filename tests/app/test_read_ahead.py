"""Issue 18: the next customer's detail is read ahead while the agent works the current one
(QueueService.prefetch), and Save shows it only when it is still what a read now gives:
no other write since, not the saved customer or number, the verdict judged at the time of
the save. Otherwise it is read afresh."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, update

from app.errors import ValidationFailed
from app.services.queue import QueueService
from app.store import tables as t
from app.store.database import open_database
from app.views import CustomerDetail, OutcomeDraft
from tests.support import synthetic
from tests.support.clock import FakeClock
from wire.schema import Disposition

NOON = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    eng = open_database(tmp_path / "local.sqlite3")
    synthetic.build(eng, items=12, history=24, campaigns=1, now=NOON - timedelta(hours=1))
    return eng


def service(engine: Engine, clock: FakeClock) -> tuple[QueueService, list[str]]:
    """The service, and the ids its `detail` (a fresh read) was asked for."""
    q = QueueService(engine, agent_name="坐席 01", clock=clock, monotonic=clock.monotonic)
    fresh: list[str] = []
    read: Callable[..., CustomerDetail] = q.detail

    def counted(queue_item_id: str, **kw: object) -> CustomerDetail:
        fresh.append(queue_item_id)
        return read(queue_item_id, **kw)

    q.detail = counted  # type: ignore[method-assign]
    return q, fresh


def two(q: QueueService) -> tuple[str, str]:
    rows = [r for r in q.list_queue() if r.callable_now]
    return rows[0].id, rows[1].id


def no_answer(item: str) -> OutcomeDraft:
    return OutcomeDraft(queue_item_id=item, disposition=Disposition.NO_ANSWER)


def test_the_read_ahead_detail_is_shown_when_nothing_changed(engine: Engine) -> None:
    clock = FakeClock(NOON)
    q, fresh = service(engine, clock)
    saved, nxt = two(q)
    ahead = q.prefetch(nxt)
    assert ahead is not None
    changes, shown = q.record_and_next(no_answer(saved), nxt, ahead)
    assert changes.items == {saved}
    assert fresh == [], "no second read"
    assert shown == q.detail(nxt), "what a read now gives"
    assert shown is not None and shown.history and shown.verdict.allowed


def test_the_verdict_is_judged_at_the_time_of_the_save(engine: Engine) -> None:
    clock = FakeClock(NOON)
    q, fresh = service(engine, clock)
    saved, nxt = two(q)
    ahead = q.prefetch(nxt)
    assert ahead is not None
    clock.advance(timedelta(hours=10))  # 22:00 in Shanghai: the window has closed
    _, shown = q.record_and_next(no_answer(saved), nxt, ahead)
    assert fresh == []
    assert shown is not None and not shown.verdict.allowed
    assert shown.read_at == q.now() and shown == q.detail(nxt)


def test_the_same_customer_or_number_is_read_again(engine: Engine) -> None:
    clock = FakeClock(NOON)
    q, fresh = service(engine, clock)
    saved, nxt = two(q)
    with engine.begin() as conn:  # the next item is the saved customer's, in setting up
        owner = conn.execute(t.queue_items.select().where(t.queue_items.c.id == saved)
                             ).mappings().one()["customer_id"]
        conn.execute(update(t.queue_items).where(t.queue_items.c.id == nxt)
                     .values(customer_id=owner))
    ahead = q.prefetch(nxt)
    assert ahead is not None
    changes, shown = q.record_and_next(no_answer(saved), nxt, ahead)
    assert fresh == [nxt], "the save changed this customer's history and caps"
    assert shown is not None and changes.action_id in {h.id for h in shown.history}
    assert ahead.facts.history is not None
    assert changes.action_id not in {h.id for h in ahead.facts.history}


def test_another_write_since_the_read_ahead_means_a_fresh_read(engine: Engine) -> None:
    clock = FakeClock(NOON)
    q, fresh = service(engine, clock)
    rows = [r for r in q.list_queue() if r.callable_now]
    saved, nxt, other = rows[0].id, rows[1].id, rows[2].id
    ahead = q.prefetch(nxt)
    assert ahead is not None
    q.record_outcome(no_answer(other))  # e.g. a pull applied meanwhile: any write counts
    _, shown = q.record_and_next(no_answer(saved), nxt, ahead)
    assert fresh == [nxt]
    assert shown == q.detail(nxt)


def test_a_read_ahead_of_another_item_is_not_used(engine: Engine) -> None:
    clock = FakeClock(NOON)
    q, fresh = service(engine, clock)
    rows = [r for r in q.list_queue() if r.callable_now]
    saved, nxt, other = rows[0].id, rows[1].id, rows[2].id
    ahead = q.prefetch(other)
    _, shown = q.record_and_next(no_answer(saved), nxt, ahead)
    assert fresh == [nxt] and shown is not None and shown.queue_item_id == nxt


def test_a_failed_save_raises_and_a_gone_item_reads_ahead_nothing(engine: Engine) -> None:
    clock = FakeClock(NOON)
    q, _ = service(engine, clock)
    saved, nxt = two(q)
    assert q.prefetch("no such item") is None
    ahead = q.prefetch(nxt)
    with pytest.raises(ValidationFailed, match=r"dial first"):
        q.record_and_next(OutcomeDraft(queue_item_id=saved,
                                       disposition=Disposition.ACCEPTED), nxt, ahead)
