"""The pure rules: masking, calling windows, the dial gate, ordering, queue states."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app import domain
from wire.rules import next_state
from wire.schema import CampaignOut, Disposition, QueueStatus, ValueTier

NOW = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai, 10:00 in Urumqi


def campaign(**kw: object) -> CampaignOut:
    base: dict[str, object] = dict(
        id="c1", code="4G", name="4G", name_zh="4G", window_start=time(9), window_end=time(21),
        max_attempts=3, retry_spacing_minutes=120, allowed_dispositions=list(Disposition),
    )
    base.update(kw)
    return CampaignOut.model_validate(base)


def gate(**kw: object) -> domain.DialVerdict:
    args: dict[str, object] = dict(
        campaign=campaign(), tz_name="Asia/Shanghai", now_utc=NOW, on_dnc=False,
        status=QueueStatus.OPEN, attempts=0, next_call_at=None, recent_calls=[],
        sync_age=timedelta(minutes=5), max_sync_age=timedelta(hours=24),
    )
    args.update(kw)
    return domain.may_dial(**args)  # type: ignore[arg-type]


def test_mask_phone_keeps_head_and_tail_only() -> None:
    assert domain.mask_phone("call +8613812345678 now") == "call +86138******78 now"
    assert domain.mask_phone("13812345678") == "138******78"
    assert domain.mask_phone("order 12345") == "order 12345"  # too short to be a number


def test_ids_are_not_taken_for_phone_numbers_on_either_side() -> None:
    """A UUID's digits across a hyphen ("5399306-43") and a client's 32-hex action id are
    ids, not numbers: logs keep them whole (they are how a record is found), and the
    number beside them is still masked. The server's masking agrees."""
    from server.errors import mask_phones

    uuid, token = "b5399306-43a7-4165-8c96-68f17dba445f", "4f1a9c0312345678901234567890abcd"
    text = f"SMS {uuid} for {token} sent to +8613812345678"
    assert domain.mask_phone(text) == f"SMS {uuid} for {token} sent to +86138******78"
    assert mask_phones(text) == f"SMS {uuid} for {token} sent to +86138******78"


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"\A\+?(86)?[0-9]{0,15}\Z"))
def test_mask_phone_shortcut_for_a_bare_number_agrees_with_the_general_walk(s: str) -> None:
    """A bare number takes a shortcut; behind a space it goes through the regex walk."""
    assert domain.mask_phone(s) == domain.mask_phone(" " + s)[1:]


def test_clean_number_inside_window_may_be_dialled() -> None:
    assert gate().allowed


def test_do_not_call_wins_over_everything() -> None:
    v = gate(on_dnc=True, sync_age=None)
    assert not v.allowed and v.code == "do_not_call"


def test_stale_or_missing_dnc_copy_stops_dialling() -> None:
    assert gate(sync_age=None).code == "stale_dnc"
    assert gate(sync_age=timedelta(hours=25)).code == "stale_dnc"


def test_window_is_in_customer_local_time() -> None:
    # 23:00 UTC is 07:00 next day in Shanghai: before the window, opens at 09:00 local.
    late = datetime(2026, 11, 23, 23, 0, tzinfo=UTC)
    v = gate(now_utc=late)
    assert v.code == "outside_window"
    assert v.callable_from == datetime(2026, 11, 24, 1, 0, tzinfo=UTC)
    # Urumqi is UTC+6: at 02:30 UTC it is 08:30 there, Shanghai already 10:30.
    early = datetime(2026, 11, 23, 2, 30, tzinfo=UTC)
    assert gate(now_utc=early, tz_name="Asia/Shanghai").allowed
    assert gate(now_utc=early, tz_name="Asia/Urumqi").code == "outside_window"


def test_window_wrapping_midnight() -> None:
    c = campaign(window_start=time(20), window_end=time(2))
    assert domain.in_window(c, "UTC", datetime(2026, 1, 1, 1, 0, tzinfo=UTC))
    assert not domain.in_window(c, "UTC", datetime(2026, 1, 1, 12, 0, tzinfo=UTC))


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"attempts": 3}, "attempts_exhausted"),
        ({"status": QueueStatus.CLOSED}, "closed"),
        ({"next_call_at": NOW + timedelta(minutes=5)}, "too_soon"),
        ({"campaign": None}, "no_campaign"),
        ({"campaign": campaign(active=False)}, "campaign_inactive"),
    ],
)
def test_campaign_rules_block_with_reason(kw: dict[str, object], code: str) -> None:
    v = gate(**kw)
    assert not v.allowed and v.code == code and v.reason


def test_contact_caps_per_number() -> None:
    three_today = [NOW - timedelta(hours=h) for h in (1, 2, 3)]
    v = gate(recent_calls=three_today)
    assert v.code == "cap_24h" and v.callable_from == NOW - timedelta(hours=3) + timedelta(hours=24)
    assert gate(recent_calls=three_today[:2]).allowed
    # Another desktop's call timed seconds after this desktop's estimate of the server's
    # time counts; one timed an hour ahead is nonsense and does not.
    assert gate(recent_calls=[*three_today[:2], NOW + timedelta(seconds=20)]).code == "cap_24h"
    assert gate(recent_calls=[*three_today[:2], NOW + timedelta(hours=1)]).allowed
    ten_this_month = [NOW - timedelta(days=d, hours=1) for d in range(1, 11)]
    assert gate(recent_calls=ten_this_month).code == "cap_30d"
    assert gate(recent_calls=ten_this_month, campaign=campaign(max_calls_30d=11)).allowed


def test_order_due_callbacks_then_priority_then_tier() -> None:
    def key(status: QueueStatus, prio: int, tier: ValueTier, cb: datetime | None = None) -> tuple:
        return domain.queue_sort_key(
            status=status, callback_at=cb, priority=prio, value_tier=tier, now_utc=NOW
        )

    due = key(QueueStatus.CALLBACK, 0, ValueTier.D, NOW - timedelta(minutes=1))
    urgent = key(QueueStatus.OPEN, 9, ValueTier.D)
    rich = key(QueueStatus.OPEN, 1, ValueTier.A1)
    poor = key(QueueStatus.OPEN, 1, ValueTier.C)
    later_cb = key(QueueStatus.CALLBACK, 9, ValueTier.A1, NOW + timedelta(hours=1))
    assert sorted([later_cb, poor, rich, urgent, due]) == [due, urgent, rich, poor, later_cb]


def test_placeholders_filled_and_unknown_kept_visible() -> None:
    text = "Hello {customer_name}, this is {agent_name} about {mystery}."
    out = domain.render_placeholders(text, {"customer_name": "王芳", "agent_name": "李"})
    assert out == "Hello 王芳, this is 李 about {mystery}."


@pytest.mark.parametrize(
    ("disp", "attempts", "status"),
    [
        (Disposition.ACCEPTED, 0, QueueStatus.CLOSED),
        (Disposition.DO_NOT_CALL, 0, QueueStatus.CLOSED),
        (Disposition.NO_ANSWER, 0, QueueStatus.OPEN),
        (Disposition.NO_ANSWER, 2, QueueStatus.CLOSED),  # third attempt of three
        (Disposition.CONSIDERING, 0, QueueStatus.OPEN),
    ],
)
def test_next_state(disp: Disposition, attempts: int, status: QueueStatus) -> None:
    s = next_state(disposition=disp, attempts_before=attempts, max_attempts=3,
                   retry_spacing_minutes=120, callback_at=None, now=NOW)
    assert s.status is status and s.attempts == attempts + 1
    if status is QueueStatus.OPEN:
        assert s.next_call_at == NOW + timedelta(minutes=120)


def test_callback_keeps_time() -> None:
    cb = NOW + timedelta(days=1)
    s = next_state(disposition=Disposition.CALLBACK, attempts_before=0, max_attempts=3,
                   retry_spacing_minutes=120, callback_at=cb, now=NOW)
    assert s.status is QueueStatus.CALLBACK and s.callback_at == cb


def test_log_filter_masks_numbers_in_arguments(caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from app.logs import MaskPhones

    logger = logging.getLogger("callsheet.test.mask")
    logger.addFilter(MaskPhones())
    with caplog.at_level(logging.INFO, logger="callsheet.test.mask"):
        logger.info("dialling %s for %s", "+8613812345678", "王芳")
    assert "13812345678" not in caplog.text
    assert "+86138******78" in caplog.text and "王芳" in caplog.text


def test_a_callback_is_dialled_when_due_not_before() -> None:
    """The gate (F5 and Ctrl+N alike) refuses a call-back before the agreed time; at the
    time, and for an open item with a stale call-back time, it allows."""
    later = NOW + timedelta(hours=3)
    v = gate(status=QueueStatus.CALLBACK, callback_at=later)
    assert v.code == "callback_not_due" and v.callable_from == later
    assert gate(status=QueueStatus.CALLBACK, callback_at=NOW).allowed
    assert gate(status=QueueStatus.OPEN, callback_at=later).allowed
    # do-not-call still outranks it
    assert gate(status=QueueStatus.CALLBACK, callback_at=later, on_dnc=True).code == "do_not_call"
