"""The desktop's rules on the server's time, and honest records (issue 14): the clock
offset and jumps, dial before contact, disclosures only on the call, do-not-call mid-call."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from app.errors import DialBlocked, ValidationFailed
from app.services.queue import QueueService
from app.store import repo
from app.store import tables as t
from app.store.database import open_database
from app.views import OutcomeDraft
from tests.support import synthetic
from tests.support.clock import FakeClock
from wire.schema import Disposition, OutcomeAction

NOON = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai; window 09:00-21:00


def store(tmp_path: Path, *, pulled_at: datetime, offset: float | None,
          clock: FakeClock | None = None) -> Engine:
    """A local store as a pull at `pulled_at` (desktop clock) left it, measuring `offset`."""
    eng = open_database(tmp_path / "local.sqlite3")
    page = synthetic.build(eng, items=4, history=0, campaigns=1, now=pulled_at)
    with eng.begin() as conn:
        repo.meta_delete(conn, repo.CLOCK_OFFSET)
        repo.apply_pull(conn, page.model_copy(update={"queue_items": []}), now=pulled_at,
                        clock_offset=offset, monotonic=clock.monotonic() if clock else None,
                        boot=boot())
    return eng


def boot() -> str:
    from app.clock import boot_id
    return boot_id()


def svc(eng: Engine, clock: FakeClock) -> QueueService:
    return QueueService(eng, agent_name="坐席 01", clock=clock, monotonic=clock.monotonic)


def test_a_desktop_that_never_measured_the_server_clock_does_not_dial(tmp_path: Path) -> None:
    clock = FakeClock(NOON)
    q = svc(store(tmp_path, pulled_at=NOON, offset=None, clock=clock), clock)
    assert q.detail("qi-0").verdict.code == "clock_unmeasured"
    assert {r.blocked_code for r in q.list_queue()} == {"clock_unmeasured"}
    with pytest.raises(DialBlocked) as err:
        q.start_call("qi-0")
    assert err.value.code == "clock_unmeasured" and "sync" in err.value.message


def test_a_clock_that_jumped_since_the_pull_stops_dialling_until_the_next(
    tmp_path: Path,
) -> None:
    clock = FakeClock(NOON)
    eng = store(tmp_path, pulled_at=NOON, offset=0.0, clock=clock)
    q = svc(eng, clock)
    clock.advance(timedelta(hours=3))  # time passes: both clocks move, nothing jumped
    assert q.check_dial("qi-0").allowed
    clock.jump(timedelta(minutes=3))  # someone set the clock 3 minutes on
    with pytest.raises(DialBlocked) as err:
        q.check_dial("qi-0")
    assert err.value.code == "clock_jumped"
    # a fresh service (the desktop restarted on this boot) still sees it against the pull
    assert svc(eng, clock).detail("qi-0").verdict.code == "clock_jumped"
    with eng.begin() as conn:  # the next pull measures again
        repo.set_meta(conn, repo.LAST_PULL_AT, clock().isoformat())
        repo.set_meta(conn, repo.LAST_PULL_MONOTONIC, repr(clock.monotonic()))
    assert q.check_dial("qi-0").allowed
    clock.jump(timedelta(seconds=-100))  # within the tolerance (NTP slews, small steps)
    assert q.check_dial("qi-0").allowed


def test_an_hour_off_the_window_is_the_customers_on_the_servers_clock(tmp_path: Path) -> None:
    # The desktop's clock reads 20:30 in Shanghai, the server's 21:30: outside the window.
    desk = NOON + timedelta(hours=8, minutes=30)
    clock = FakeClock(desk)
    q = svc(store(tmp_path, pulled_at=desk, offset=3600.0, clock=clock), clock)
    assert q.now() == desk + timedelta(hours=1)
    verdict = q.detail("qi-0").verdict
    assert verdict.code == "outside_window"
    assert verdict.callable_from == datetime(2026, 11, 24, 1, 0, tzinfo=UTC)  # 09:00 next day
    # The other way round: the desktop reads 08:30 but the server 09:30: callable.
    early = NOON - timedelta(hours=3, minutes=30)
    clock2 = FakeClock(early)
    q2 = svc(store(tmp_path / "b", pulled_at=early, offset=3600.0, clock=clock2), clock2)
    assert q2.check_dial("qi-0").allowed


def test_a_day_off_call_backs_and_retry_spacing_use_the_server_day(tmp_path: Path) -> None:
    # The desktop's clock is a day behind the server's.
    clock = FakeClock(NOON - timedelta(days=1))
    q = svc(store(tmp_path, pulled_at=clock(), offset=86400.0, clock=clock), clock)
    q.start_call("qi-0")
    q.end_call()
    # A call-back "in two hours" on the desktop's clock is yesterday on the server's.
    with pytest.raises(ValidationFailed) as err:
        q.record_outcome(OutcomeDraft(queue_item_id="qi-0", disposition=Disposition.CALLBACK,
                                      callback_at=clock() + timedelta(hours=2)))
    assert err.value.code == "callback_past"
    q.record_outcome(OutcomeDraft(queue_item_id="qi-0", disposition=Disposition.CALLBACK,
                                  callback_at=NOON + timedelta(hours=2)))
    row = next(r for r in q.list_queue() if r.id == "qi-0")
    assert not row.callback_due  # due in two hours on the server's clock
    q.start_call("qi-1")
    q.end_call()
    q.record_outcome(OutcomeDraft(queue_item_id="qi-1", disposition=Disposition.NO_ANSWER))
    with q._db.connect() as conn:  # the stored record is the point
        nxt = conn.execute(select(t.queue_items.c.next_call_at)
                           .where(t.queue_items.c.id == "qi-1")).scalar_one()
        at = conn.execute(select(t.calls.c.created_at).where(t.calls.c.queue_item_id == "qi-1")
                          ).scalar_one()
        payload = conn.execute(select(t.outbox.c.payload)
                               .where(t.outbox.c.queue_item_id == "qi-1")).scalar_one()
    assert repo.as_utc(nxt) == NOON + timedelta(hours=1)  # retry spacing on the server day
    assert repo.as_utc(at) == NOON  # the local record is on the server's clock
    with pytest.raises(DialBlocked) as err:
        q.check_dial("qi-1")
    assert err.value.code == "too_soon"  # on the desktop's clock it would be a day past
    action = OutcomeAction.model_validate(payload)  # the action carries the desktop's own
    assert action.created_at == clock() and action.clock_offset_seconds == 86400.0
    assert q.day_stats().calls == 2
    clock.advance(timedelta(hours=2))
    assert next(r for r in q.list_queue() if r.id == "qi-0").callback_due


def test_contact_needs_a_dial_and_disclosures_are_ticked_on_the_call(tmp_path: Path) -> None:
    clock = FakeClock(NOON)
    q = svc(store(tmp_path, pulled_at=NOON, offset=30.0, clock=clock), clock)
    with pytest.raises(ValidationFailed) as err:  # Ctrl+N, Alt+9, Ctrl+Enter without F5
        q.record_outcome(OutcomeDraft(queue_item_id="qi-0", disposition=Disposition.HUNG_UP))
    assert err.value.code == "dial_required"
    with pytest.raises(ValidationFailed) as err:
        q.tick_disclosure("qi-0", "id")
    assert err.value.code == "not_on_call"
    # a not-reached outcome without a dial is recorded, with no dial time and no talk
    q.record_outcome(OutcomeDraft(queue_item_id="qi-1", disposition=Disposition.NO_ANSWER,
                                  talk_seconds=99, call_started_at=NOON))
    assert q.day_stats().reached == 0
    q.start_call("qi-0")
    clock.advance(timedelta(seconds=10))
    assert q.tick_disclosure("qi-0", "id") == NOON + timedelta(seconds=40)  # server time
    clock.advance(timedelta(seconds=50))
    q.tick_disclosure("qi-0", "terms")
    clock.advance(timedelta(seconds=20))
    q.end_call()
    with pytest.raises(ValidationFailed):  # after hang-up: too late
        q.tick_disclosure("qi-0", "terms", ticked=False)
    clock.advance(timedelta(seconds=15))
    sale = q.record_outcome(OutcomeDraft(
        queue_item_id="qi-0", disposition=Disposition.ACCEPTED, offer_id="offer-camp-0-0",
        disclosures_ticked=["id", "terms", "made-up"], talk_seconds=1)).action_id
    with q._db.connect() as conn:
        rows = {r.action_id: OutcomeAction.model_validate(r.payload)
                for r in conn.execute(select(t.outbox.c.action_id, t.outbox.c.payload))}
    a = rows[sale]
    assert a.call_started_at == NOON and a.talk_seconds == 80 and a.wrap_seconds == 15
    assert a.disclosures_ticked == ["id", "terms"]  # the draft's claim is not the record
    assert [(k.step_id, k.at) for k in a.disclosure_ticks] == [
        ("id", NOON + timedelta(seconds=40)), ("terms", NOON + timedelta(seconds=90))]
    no_dial = next(r for r in rows.values() if r.queue_item_id == "qi-1")
    assert no_dial.call_started_at is None and no_dial.talk_seconds == 0
    assert q.day_stats().reached == 1


def test_a_sale_needs_its_disclosures_ticked_during_the_call(tmp_path: Path) -> None:
    clock = FakeClock(NOON)
    q = svc(store(tmp_path, pulled_at=NOON, offset=0.0, clock=clock), clock)
    q.start_call("qi-0")
    q.tick_disclosure("qi-0", "id")
    q.end_call()
    with pytest.raises(ValidationFailed) as err:
        q.record_outcome(OutcomeDraft(queue_item_id="qi-0", disposition=Disposition.ACCEPTED,
                                      offer_id="offer-camp-0-0",
                                      disclosures_ticked=["id", "terms"]))
    assert err.value.code == "disclosures_missing"


def test_do_not_call_during_a_live_call_records_the_call(tmp_path: Path) -> None:
    clock = FakeClock(NOON)
    q = svc(store(tmp_path, pulled_at=NOON, offset=0.0, clock=clock), clock)
    q.start_call("qi-2")
    clock.advance(timedelta(seconds=42))
    q.flag_dnc("qi-2", "Customer asked never to be called again")
    assert q.current_call() is None
    with q._db.connect() as conn:
        kinds = [r.kind for r in conn.execute(select(t.outbox.c.kind).order_by(t.outbox.c.seq))]
        call = conn.execute(select(t.calls.c.disposition, t.calls.c.data)).one()
    assert kinds == ["outcome", "dnc"]
    assert call.disposition == "do_not_call"
    assert call.data["action"]["talk_seconds"] == 42
    s = q.day_stats()
    assert (s.calls, s.reached, s.talk_seconds) == (1, 1, 42)
    # flagged without a call: the flag alone
    q.flag_dnc("qi-3", "")
    assert q.day_stats().calls == 1


def test_detail_opens_after_outcomes_on_a_customer_with_history(tmp_path: Path) -> None:
    """Issue 14.1: the local call records have no "id" key; detail() read one."""
    eng = open_database(tmp_path / "local.sqlite3")
    clock = FakeClock(NOON)
    synthetic.build(eng, items=2, history=6, campaigns=1, now=NOON)
    q = svc(eng, clock)
    q.record_outcome(OutcomeDraft(queue_item_id="qi-0", disposition=Disposition.NO_ANSWER))
    d = q.detail("qi-0")
    assert len(d.history) == 4 and d.history[0].disposition is Disposition.NO_ANSWER
    clock.advance(timedelta(hours=2))
    assert q.check_dial("qi-0").allowed


def test_a_call_pulled_back_in_the_history_counts_once_against_the_caps(
    tmp_path: Path,
) -> None:
    """The local record of a call and the server's history entry for it (same id) are one
    call: counted twice, two calls would look like four and trip the 3-a-day cap."""
    from wire.schema import HistoryEntry

    eng = open_database(tmp_path / "local.sqlite3")
    clock = FakeClock(NOON)
    page = synthetic.build(eng, items=2, history=0, campaigns=1, now=NOON)
    q = svc(eng, clock)
    history: list[HistoryEntry] = []
    for _ in range(2):
        q.start_call("qi-0")
        q.end_call()
        action = q.record_outcome(OutcomeDraft(queue_item_id="qi-0",
                                               disposition=Disposition.NO_ANSWER)).action_id
        history.insert(0, HistoryEntry(id=action, at=clock(), agent_name="坐席 01",
                                       campaign_code="C00", disposition=Disposition.NO_ANSWER))
        clock.advance(timedelta(minutes=61))
        item = page.queue_items[0].model_copy(update={"history": list(history),
                                                      "attempts": len(history)})
        with eng.begin() as conn:  # acknowledged, then pulled back with its history
            conn.execute(t.outbox.delete())
            repo.apply_pull(conn, page.model_copy(update={"queue_items": [item]}),
                            now=clock(), clock_offset=0.0)
    d = q.detail("qi-0")
    assert [h.id for h in d.history] == [h.id for h in history]
    assert d.verdict.allowed, d.verdict  # two calls today, not four
    assert next(r for r in q.list_queue() if r.id == "qi-0").callable_now
