"""Dialling modes and the wrap-up limit on a clock the test moves (no Qt, no network)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from app.telephony.pacing import MAX_SKIPS, Pacer, Phase
from wire.schema import CampaignOut, Disposition


class Clock:
    def __init__(self) -> None:
        self.t = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += timedelta(seconds=seconds)


def campaign(**kw: object) -> CampaignOut:
    base: dict[str, object] = dict(
        id="c1", code="4G", name="4G", name_zh="4G", window_start=time(9),
        window_end=time(21), max_attempts=3, retry_spacing_minutes=60,
        allowed_dispositions=list(Disposition))
    base.update(kw)
    return CampaignOut.model_validate(base)


PROGRESSIVE = campaign(dial_mode="progressive", progressive_delay_s=5, wrap_up_limit_s=30)


def test_preview_never_dials_by_itself() -> None:
    clock = Clock()
    p = Pacer(clock)
    p.call_ended(campaign())
    assert p.tick().phase is Phase.WRAP_UP and p.tick().seconds_left is None, "no limit"
    p.saved(campaign(), has_next=True)
    clock.advance(600)
    assert p.tick().phase is Phase.IDLE and not p.tick().dial_now


def test_progressive_counts_down_then_dials_once() -> None:
    clock = Clock()
    p = Pacer(clock)
    p.saved(PROGRESSIVE, has_next=True)
    seen = []
    for _ in range(5):
        seen.append(p.tick().seconds_left)
        clock.advance(1)
    assert seen == [5, 4, 3, 2, 1]
    t = p.tick()
    assert t.dial_now and t.seconds_left == 0
    assert not p.tick().dial_now, "dials once"


def test_no_next_customer_no_countdown() -> None:
    p = Pacer(Clock())
    p.saved(PROGRESSIVE, has_next=False)
    assert p.tick().phase is Phase.IDLE


def test_esc_cancels_until_the_next_save() -> None:
    clock = Clock()
    p = Pacer(clock)
    p.saved(PROGRESSIVE, has_next=True)
    p.cancel()
    clock.advance(10)
    assert not p.tick().dial_now
    p.saved(PROGRESSIVE, has_next=True)
    assert p.tick().phase is Phase.COUNTDOWN


def test_pause_holds_the_count_where_it_stood() -> None:
    clock = Clock()
    p = Pacer(clock)
    p.saved(PROGRESSIVE, has_next=True)
    clock.advance(2)
    assert p.toggle_pause()
    clock.advance(100)
    t = p.tick()
    assert (t.phase, t.seconds_left, t.dial_now) == (Phase.PAUSED, 3, False)
    assert p.toggle_pause()
    assert p.tick().seconds_left == 3
    clock.advance(3)
    assert p.tick().dial_now


def test_a_customer_refused_is_skipped_a_desktop_refusal_stops_the_run() -> None:
    clock = Clock()
    p = Pacer(clock)
    p.saved(PROGRESSIVE, has_next=True)
    clock.advance(5)
    assert p.tick().dial_now
    assert p.refused("outside_window", "Outside the calling window.", has_next=True)
    assert p.last_skip == "Outside the calling window."
    assert p.tick().phase is Phase.COUNTDOWN and p.skips == 1
    clock.advance(5)
    assert p.tick().dial_now
    assert not p.refused("queue_paused", "Your team lead has paused your queue.", has_next=True)
    assert p.tick().phase is Phase.IDLE


def test_a_queue_of_refusals_gives_up() -> None:
    p = Pacer(Clock())
    p.saved(PROGRESSIVE, has_next=True)
    results = [p.refused("cap_24h", "cap", has_next=True) for _ in range(MAX_SKIPS + 1)]
    assert all(results[:MAX_SKIPS]) and not results[-1]


def test_wrap_up_limit_counts_down_reminds_once_then_shows_overtime() -> None:
    clock = Clock()
    p = Pacer(clock)
    p.call_ended(PROGRESSIVE)
    assert p.tick().seconds_left == 30
    clock.advance(29.5)
    t = p.tick()
    assert (t.seconds_left, t.remind) == (1, False)
    clock.advance(0.5)
    assert p.tick().remind
    clock.advance(12)
    t = p.tick()
    assert (t.phase, t.seconds_left, t.remind) == (Phase.WRAP_UP, -12, False)
    p.saved(PROGRESSIVE, has_next=True)
    assert p.tick().phase is Phase.COUNTDOWN, "the next dial waited for the save"


def test_a_dial_ends_any_count() -> None:
    clock = Clock()
    p = Pacer(clock)
    p.saved(PROGRESSIVE, has_next=True)
    p.dialled()
    clock.advance(10)
    assert p.tick().phase is Phase.IDLE
