"""Re-registration backoff: doubling, capped, jittered, reset by a success."""

from __future__ import annotations

from app.telephony.backoff import Backoff


def test_doubles_up_to_the_cap_and_resets() -> None:
    b = Backoff(base=1, cap=8, rand=lambda: 0.999999)
    assert [round(b.next_delay(503)) for _ in range(6)] == [1, 2, 4, 8, 8, 8]
    b.succeeded()
    assert round(b.next_delay(408)) == 1


def test_jitter_spreads_between_half_and_full() -> None:
    assert Backoff(base=4, rand=lambda: 0.0).next_delay() == 2.0
    assert 3.9 < Backoff(base=4, rand=lambda: 0.99).next_delay() < 4.0


def test_a_refused_account_waits_the_longest() -> None:
    assert Backoff(base=1, cap=60, rand=lambda: 0.999999).next_delay(403) > 59
