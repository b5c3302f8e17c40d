"""The on-screen talk clock with the SIP telephone waits for the answer, like the record."""

from __future__ import annotations

from ui.call_timer import CallTimer


def test_talk_time_counts_from_the_answer_when_awaiting_one() -> None:
    now = [100.0]
    t = CallTimer(monotonic=lambda: now[0])
    t.start_call(awaiting_answer=True)
    now[0] = 108.0  # ringing
    assert t.in_call and t.talk_seconds() == 0
    t.answered()
    now[0] = 120.0
    assert t.talk_seconds() == 12
    t.hang_up()
    now[0] = 125.0
    assert t.talk_seconds() == 12 and t.wrap_seconds() == 5


def test_without_a_sip_telephone_talk_time_counts_from_f5() -> None:
    now = [0.0]
    t = CallTimer(monotonic=lambda: now[0])
    t.start_call()
    now[0] = 7.0
    t.answered()  # nothing to wait for: no change
    assert t.talk_seconds() == 7
