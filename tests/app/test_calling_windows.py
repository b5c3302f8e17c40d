"""Calling windows per region and audience (issue 22): one rule (wire.rules.calling_window)
for the desktop's dial gate, its call-back check and the server's quality check;
hand-computed at 12:00 Shanghai time."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from app import domain
from tests.app.test_domain import NOW, campaign, gate
from wire.rules import calling_window
from wire.schema import CallingWindow, ValueTier

# The campaign calls 09:00-21:00; Guangdong only 14:00-16:00 (the sources' pilot window);
# A1 customers anywhere 18:00-20:00 (after work). First match wins.
WINDOWS = [CallingWindow(region="广东省", start=time(14), end=time(16)),
           CallingWindow(tiers=[ValueTier.A1], start=time(18), end=time(20))]


def test_first_matching_window_else_the_campaigns() -> None:
    def w(region: str, tier: str) -> tuple[time, time]:
        return calling_window(WINDOWS, time(9), time(21), region=region, tier=tier)

    assert w("广东省 广州市", "B1") == (time(14), time(16))   # region prefix
    assert w("广东省 深圳市", "A1") == (time(14), time(16))   # the first match wins
    assert w("江苏省 南京市", "A1") == (time(18), time(20))   # audience
    assert w("江苏省 南京市", "C") == (time(9), time(21))     # the campaign's own
    assert w("", "") == (time(9), time(21))


def test_the_dial_gate_uses_the_customers_window() -> None:
    camp = campaign(windows=WINDOWS)
    # 12:00 in Shanghai: Guangdong opens at 14:00 (06:00 UTC), A1 at 18:00 (10:00 UTC)
    v = gate(campaign=camp, region="广东省 广州市", tier="B1")
    assert (v.allowed, v.code, v.callable_from) == \
        (False, "outside_window", NOW + timedelta(hours=2))
    v = gate(campaign=camp, region="江苏省 南京市", tier="A1")
    assert (v.code, v.callable_from) == ("outside_window", NOW + timedelta(hours=6))
    assert gate(campaign=camp, region="江苏省 南京市", tier="C").allowed
    assert gate(campaign=camp).allowed  # no region known: the campaign's window
    at = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # 15:00 in Shanghai
    assert domain.in_window(camp, "Asia/Shanghai", at, region="广东省 广州市", tier="B1")
    assert not domain.in_window(camp, "Asia/Shanghai", at, region="江苏省", tier="A1")


def test_a_campaign_without_windows_reads_as_before() -> None:
    assert campaign().windows == []
    assert campaign().model_validate({**campaign().model_dump(), "windows": []}).windows == []
