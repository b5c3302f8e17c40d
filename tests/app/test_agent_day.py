"""The agent's day figures, presence (pause with a reason) and the outbox rows they leave."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, select

from app.errors import ValidationFailed
from app.services.presence import PresenceService
from app.services.queue import QueueService
from app.store import tables as t
from app.store.database import open_database
from app.views import OutcomeDraft
from tests.support import synthetic
from tests.support.clock import FakeClock
from wire.schema import AgentStateAction, Disposition

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOON = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    eng = open_database(tmp_path / "local.sqlite3")
    synthetic.build(eng, items=10, history=20, campaigns=1, now=NOON - timedelta(hours=20))
    return eng


def svc(engine: Engine, at: datetime | FakeClock) -> QueueService:
    clock = at if isinstance(at, FakeClock) else FakeClock(at)
    return QueueService(engine, agent_name="坐席 01", clock=clock, monotonic=clock.monotonic)


def worked(q: QueueService, clock: FakeClock, item: str, d: Disposition, talk: int,
           **kw: object) -> str:
    """Dial (F5), talk `talk` seconds (ticking the disclosures), hang up, record."""
    q.start_call(item)
    for step in kw.pop("disclosures_ticked", []):  # type: ignore[attr-defined]
        q.tick_disclosure(item, step)
    clock.advance(timedelta(seconds=talk))
    q.end_call()
    return q.record_outcome(OutcomeDraft(queue_item_id=item, disposition=d,
                                         **kw))  # type: ignore[arg-type]


def test_day_stats_against_hand_computed_figures(engine: Engine) -> None:
    yday = FakeClock(NOON - timedelta(hours=16))  # 20:00 the day before, Shanghai
    clock = FakeClock(NOON)
    yesterday, q = svc(engine, yday), svc(engine, clock)
    assert q.day_stats(SHANGHAI).calls == 0
    worked(yesterday, yday, "qi-9", Disposition.NOT_INTERESTED, 999, objection="price")
    worked(q, clock, "qi-0", Disposition.ACCEPTED, 300, offer_id="offer-camp-0-0",
           disclosures_ticked=["id", "terms"])
    worked(q, clock, "qi-1", Disposition.CALLBACK, 120, callback_at=NOON + timedelta(hours=2))
    worked(q, clock, "qi-2", Disposition.NOT_INTERESTED, 60, objection="no_need")
    worked(q, clock, "qi-3", Disposition.NO_ANSWER, 0)
    q.record_outcome(OutcomeDraft(queue_item_id="qi-4", disposition=Disposition.BUSY))  # no F5
    worked(q, clock, "qi-5", Disposition.DO_NOT_CALL, 45)

    s = q.day_stats(SHANGHAI)
    # today: sale, call-back, not interested, no answer, busy, do-not-call (yesterday's not)
    assert s.calls == 6
    assert s.reached == 4  # sale, call-back, not interested, do-not-call
    # the sale is not confirmed yet (issue 21: a seller's figures count confirmed sales):
    # it waits for its verification, apart
    assert (s.successes, s.sales_awaiting, s.sales_reversed) == (0, 1, 0)
    assert s.conversion == pytest.approx(0.0)
    assert s.talk_seconds == 300 + 120 + 60 + 45
    # 10 items: sale, not interested (twice: qi-9 and qi-2) and do-not-call close four
    assert s.queue_left == 6 == len(q.list_queue())
    # The same calls seen from a time zone where 04:00 UTC is already tomorrow's day:
    # yesterday's call (12:00 UTC the day before) falls on the same local day there.
    assert svc(engine, clock).day_stats(ZoneInfo("Pacific/Kiritimati")).calls == 7


def test_day_stats_before_any_call(engine: Engine) -> None:
    s = svc(engine, NOON).day_stats(SHANGHAI)
    assert (s.calls, s.reached, s.successes, s.talk_seconds, s.queue_left) == (0, 0, 0, 0, 10)
    assert s.conversion is None


def test_pause_is_recorded_locally_with_its_outbox_row(engine: Engine) -> None:
    woke: list[int] = []
    p = PresenceService(engine, clock=lambda: NOON, after_write=lambda: woke.append(1))
    assert p.current().state == "available" and not p.is_paused()
    with pytest.raises(ValidationFailed):
        p.set_state("paused")  # no reason
    first = p.set_state("paused", "training")
    assert first is not None and p.is_paused()
    assert p.current().reason == "training" and p.current().since == NOON
    assert p.set_state("paused", "training") is None, "no change, nothing sent"
    p.set_state("available")
    with engine.connect() as conn:
        rows = conn.execute(select(t.outbox.c.kind, t.outbox.c.payload)
                            .order_by(t.outbox.c.seq)).all()
    actions = [AgentStateAction.model_validate(r.payload) for r in rows]
    assert [r.kind for r in rows] == ["agent_state", "agent_state"]
    assert [(a.state, a.reason) for a in actions] == [("paused", "training"), ("available", None)]
    assert first.action_id == actions[0].action_id and len(woke) == 2
    assert first.presence and first.outbox and not first.items, "what the change names"
