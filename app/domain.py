"""Pure domain rules of the desktop: ordering, calling windows, the dial gate, scripts.

No I/O here: every function takes what it needs and returns a value, so each
rule is tested on its own (tests/app/test_domain.py).
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from wire.logmask import sub_phone_runs
from wire.recordings import RECORDING_NOTICE
from wire.rules import calling_window
from wire.schema import (
    CampaignOut,
    CustomerOut,
    HistoryEntry,
    OfferOut,
    QueueStatus,
    ScriptOut,
    ScriptStep,
    ValueTier,
)
from wire.variants import choose_variant

TIER_RANK = {t: i for i, t in enumerate(ValueTier)}  # A1 first


def mask_phone(text: str) -> str:
    """Mask every phone-like digit run (7+ digits) but its prefix and last 2 digits."""
    bare = text[1:] if text[:1] == "+" else text
    if len(bare) >= 7 and bare.isascii() and bare.isdigit():
        # One bare number (a stored E.164 phone, the queue's 10,000 of them): the same
        # answer as the general walk below, without a regex and a loop per character.
        head = len(text) - len(bare) + (5 if text.startswith("+86") else 3)
        hidden = len(text) - head - 2
        return text[:head] + "*" * hidden + text[-2:] if hidden > 0 else text

    def _mask(s: str) -> str:
        digits = [c for c in s if c.isdigit()]
        if len(digits) < 7:
            return s
        # Keep the mobile prefix (e.g. 138) after a +86 country code, and the last 2.
        keep_head = 5 if s.startswith("+86") else 3
        keep_tail = 2
        out, seen = [], 0
        for c in s:
            if c.isdigit():
                seen += 1
                hidden = keep_head < seen <= len(digits) - keep_tail
                out.append("*" if hidden else c)
            else:
                out.append(c)
        return "".join(out)

    return sub_phone_runs(text, _mask)


# ------------------------------------------------------------------ calling window


def local_now(tz_name: str, now_utc: datetime) -> datetime:
    return now_utc.astimezone(ZoneInfo(tz_name))


def window_opens_at(campaign: CampaignOut, tz_name: str, now_utc: datetime, *,
                    region: str = "", tier: str = "") -> datetime | None:
    """None if the customer may be called now; else the UTC time the window next opens.

    The window is in the customer's local time, the campaign's window for the customer's
    region and value tier (`wire.rules.calling_window`). A window whose end is before its
    start wraps past midnight (e.g. 20:00-02:00).
    """
    local = local_now(tz_name, now_utc)
    start, end = calling_window(campaign.windows, campaign.window_start, campaign.window_end,
                                region=region, tier=tier)
    t = local.time().replace(tzinfo=None)
    if _inside(t, start, end):
        return None
    day: date = local.date()
    opening = datetime.combine(day, start, tzinfo=local.tzinfo)
    if opening <= local:
        opening = datetime.combine(day + timedelta(days=1), start, tzinfo=local.tzinfo)
    return opening.astimezone(UTC)


def _inside(t: time, start: time, end: time) -> bool:
    if start <= end:
        return start <= t < end
    return t >= start or t < end


def in_window(campaign: CampaignOut, tz_name: str, at_utc: datetime, *, region: str = "",
              tier: str = "") -> bool:
    return window_opens_at(campaign, tz_name, at_utc, region=region, tier=tier) is None


# ------------------------------------------------------------------------- the gate


@dataclass(frozen=True)
class DialVerdict:
    """The answer to "may I dial this number now?" with the reason when it is no."""

    allowed: bool
    code: str = ""  # do_not_call, outside_window, attempts_exhausted, too_soon, cap_24h, ...
    reason: str = ""  # English; the UI translates by code
    callable_from: datetime | None = None

    @staticmethod
    def ok() -> DialVerdict:
        return DialVerdict(True)


# A call timed a little after this desktop's idea of the server's time still counts in the
# caps: another desktop's call made just now, its time the server's, while this desktop's
# estimate of that time lags by its measurement error (seconds; the clock is trusted only
# within 120 s). Only a call timed further ahead is left out as nonsense.
CALL_TIME_SLACK = timedelta(minutes=5)


def may_dial(
    *,
    campaign: CampaignOut | None,
    tz_name: str,
    now_utc: datetime,
    on_dnc: bool,
    status: QueueStatus,
    attempts: int,
    next_call_at: datetime | None,
    recent_calls: Iterable[datetime],
    sync_age: timedelta | None,
    max_sync_age: timedelta,
    window_opens: Callable[..., datetime | None] | None = None,
    clock_issue: DialVerdict | None = None,
    callback_at: datetime | None = None,
    region: str = "",
    tier: str = "",
) -> DialVerdict:
    """The one compliance gate every dial path goes through. Rules in order of weight.
    `now_utc` is the server's time (app/clock.py); `clock_issue` why it cannot be trusted.

    `window_opens` replaces `window_opens_at` (e.g. memoised per campaign, time zone,
    region and tier while a whole queue is checked at one instant); `region` and `tier`
    choose the campaign's window for this customer."""
    # 1. Do-not-call is absolute.
    if on_dnc:
        return DialVerdict(False, "do_not_call", "The customer is on the do-not-call list.")
    # 2. Every rule below needs the server's time; an unknown one refuses until a sync.
    if clock_issue is not None:
        return clock_issue
    # 3. A stale copy of the do-not-call list cannot prove the number is clean.
    if sync_age is None or sync_age > max_sync_age:
        return DialVerdict(
            False,
            "stale_dnc",
            "The do-not-call list has not been refreshed recently; sync before dialling.",
        )
    if campaign is None:
        return DialVerdict(False, "no_campaign", "The campaign of this item is unknown.")
    if not campaign.active:
        return DialVerdict(False, "campaign_inactive", "The campaign is not active.")
    if status is QueueStatus.CLOSED:
        return DialVerdict(False, "closed", "This item is closed.")
    if attempts >= campaign.max_attempts:
        return DialVerdict(False, "attempts_exhausted", "The campaign's attempt limit is reached.")
    # 4. Calling hours in the customer's local time.
    opens = (window_opens or window_opens_at)(campaign, tz_name, now_utc, region=region,
                                              tier=tier)
    if opens is not None:
        return DialVerdict(
            False, "outside_window", "Outside the calling window.", callable_from=opens
        )
    # 5. A call-back is worked at the time agreed with the customer, not before.
    if status is QueueStatus.CALLBACK and callback_at is not None and callback_at > now_utc:
        return DialVerdict(False, "callback_not_due", "The call-back is not due yet.",
                           callable_from=callback_at)
    # 6. Retry spacing and contact caps per number.
    if next_call_at is not None and next_call_at > now_utc:
        return DialVerdict(
            False, "too_soon", "The campaign's retry spacing has not passed.", next_call_at
        )
    calls = sorted(c for c in recent_calls if c <= now_utc + CALL_TIME_SLACK)
    caps = (("cap_24h", timedelta(hours=24), campaign.max_calls_24h, "24 hours"),
            ("cap_30d", timedelta(days=30), campaign.max_calls_30d, "30 days"))
    for code, window, cap, span in caps:
        within = [c for c in calls if now_utc - c < window]
        if len(within) >= cap:  # callable again when the oldest of them leaves the window
            return DialVerdict(
                False, code, f"Contact cap reached: too many calls to this number in {span}.",
                within[0] + window)
    return DialVerdict.ok()


# ------------------------------------------------------------------------- ordering


def queue_sort_key(
    *,
    status: QueueStatus,
    callback_at: datetime | None,
    priority: int,
    value_tier: ValueTier,
    now_utc: datetime,
) -> tuple[int, float, int, int]:
    """What to call next: due call-backs by time, then push priority, then value tier."""
    if status is QueueStatus.CALLBACK and callback_at is not None and callback_at <= now_utc:
        return (0, callback_at.timestamp(), 0, 0)
    later_callback = 1 if status is QueueStatus.CALLBACK else 0
    return (1 + later_callback, 0.0, -priority, TIER_RANK.get(value_tier, 99))


# -------------------------------------------------------------------------- scripts


class _SafeDict(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render_placeholders(text: str, values: Mapping[str, str]) -> str:
    """Fill {placeholders}; unknown ones stay visible instead of raising."""
    try:
        return string.Formatter().vformat(text, (), _SafeDict(values))
    except (ValueError, IndexError):
        return text


def mandatory_steps(steps: Iterable[ScriptStep]) -> list[str]:
    return [s.id for s in steps if s.mandatory]


@dataclass(frozen=True)
class RankedOffer:
    offer: OfferOut
    rank: int
    reason: str
    reason_zh: str


@dataclass(frozen=True)
class RenderedStep:
    """A script step with its placeholders filled, in both languages."""

    id: str
    kind: str
    title: str
    title_zh: str
    text: str
    text_zh: str
    mandatory: bool
    branches: list[tuple[str, str, str]]  # (label, label_zh, goto)
    next: str | None


def ranked_offers(recommendations: Iterable[Mapping[str, Any]],
                  offers: Mapping[str, OfferOut]) -> list[RankedOffer]:
    """An item's recommended offers that this desktop knows, best rank first."""
    ranked = [
        RankedOffer(offers[r["offer_id"]], r["rank"], r["reason"], r.get("reason_zh", ""))
        for r in recommendations
        if r["offer_id"] in offers
    ]
    ranked.sort(key=lambda o: o.rank)
    return ranked


RECORDING_NOTICE_ID = RECORDING_NOTICE.id


def recording_notice(first: str | None) -> RenderedStep:
    """The step a recorded campaign's call starts with: the customer is told, before
    anything else is said, that the call is recorded (a mandatory disclosure, ticked)."""
    n = RECORDING_NOTICE
    return RenderedStep(id=n.id, kind=n.kind, title=n.title, title_zh=n.title_zh, text=n.text,
                        text_zh=n.text_zh, mandatory=True, branches=[], next=first)


def render_script(script: ScriptOut | None, customer: CustomerOut, top: RankedOffer | None,
                  *, agent_name: str, company: str, company_zh: str,
                  recorded: bool = False) -> list[RenderedStep]:
    """The script's steps for this customer and offer, placeholders filled in English and
    in Chinese (the brand as the Chinese script says it). `recorded`: the campaign records
    its calls, so the first step, mandatory, announces it (`recording_notice`). A script
    with variants by segment gives the customer's variant (wire.variants.choose_variant;
    the key the outcome records is `variant_key` of the same script and customer)."""
    if script is None:
        return [recording_notice(None)] if recorded else []
    variant = choose_variant(script, customer)
    steps = _render_steps(variant.steps if variant else script.steps, customer, top,
                          agent_name=agent_name, company=company, company_zh=company_zh)
    if recorded:
        steps.insert(0, recording_notice(steps[0].id if steps else None))
    return steps


def _render_steps(script_steps: Sequence[ScriptStep], customer: CustomerOut,
                  top: RankedOffer | None, *, agent_name: str, company: str,
                  company_zh: str) -> list[RenderedStep]:
    values = {
        "customer_name": customer.name,
        "agent_name": agent_name,
        "company": company,
        "offer_name": top.offer.name if top else "",
        "offer_price": f"{top.offer.price_yuan:g}" if top else "",
        "offer_term": str(top.offer.term_months) if top else "",
        "plan_name": customer.plan_name,
    }
    values_zh = dict(values, offer_name=top.offer.name_zh if top else "", company=company_zh)
    return [
        RenderedStep(
            id=s.id,
            kind=s.kind,
            title=s.title,
            title_zh=s.title_zh or s.title,
            text=render_placeholders(s.text, values),
            text_zh=render_placeholders(s.text_zh or s.text, values_zh),
            mandatory=s.mandatory,
            branches=[(b.label, b.label_zh or b.label, b.goto) for b in s.branches],
            next=s.next,
        )
        for s in script_steps
    ]


# -------------------------------------------------------------------------- history


def merge_history(server: Sequence[Mapping[str, Any]],
                  local: Iterable[tuple[str, Mapping[str, Any]]]) -> list[HistoryEntry]:
    """The server's contact history with this desktop's calls not yet in it, newest first.
    A local call's id is its action id, which is also the id the server's history gives
    it once pulled back, so a call is never shown twice."""
    history = [HistoryEntry.model_validate(h) for h in server]
    server_ids = {h.id for h in history}
    for cid, data in local:
        if cid not in server_ids:
            history.append(HistoryEntry.model_validate(data["history"]))
    history.sort(key=lambda h: h.at, reverse=True)
    return history
