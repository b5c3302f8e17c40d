"""Wire models of the after-sale workspace (issue 21): verification (回访), orders and
activation (开通), trials and renewals (续订).

Imported by the server (server/aftersale/api.py) and the desktop
(app/services/verification.py). Same rules as wire/schema.py: unknown fields are ignored.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Annotated

from pydantic import Field

from wire.bounds import Day, Text
from wire.schema import Model


class OrderState(enum.StrEnum):
    AWAITING_VERIFICATION = "awaiting_verification"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    ACTIVATED = "activated"
    FAILED = "failed"  # provisioning could not activate it (the reason says why)


class SaleStanding(enum.StrEnum):
    """How a recorded sale counts in the figures a seller and a campaign are judged by
    (issue 21; docs/after-sale.md "What sales count")."""

    CONFIRMED = "confirmed"  # counts as a sale
    AWAITING = "awaiting"  # recorded, not verified yet: shown apart, not counted
    REVERSED = "reversed"  # the verification cancelled it: never counted


_CONFIRMED_STATES = (OrderState.CONFIRMED.value, OrderState.ACTIVATED.value,
                     OrderState.FAILED.value)


def sale_standing(state: str | None, confirmed: bool) -> SaleStanding:
    """The one rule, on the server (server/aftersale/figures.py) and the desktop (its day
    figures, from the order state its history carries).

    A sale counts once its order was confirmed: by the verifier, at once when the offer's
    sampling did not draw it for verification, or by the notice sent to a customer the
    verifier could not reach; whatever happened to the order later (activation, a
    cancellation after the confirmation) it stays a sale. An order not confirmed and
    cancelled was reversed by the verification (denied, wants to cancel, wrong details).
    Anything else (awaiting verification, or no order known yet: a sale still in the
    desktop's outbox) is awaiting."""
    if confirmed or state in _CONFIRMED_STATES:  # (states: a server that sends no flag)
        return SaleStanding.CONFIRMED
    if state == OrderState.CANCELLED.value:
        return SaleStanding.REVERSED
    return SaleStanding.AWAITING


class VerificationKind(enum.StrEnum):
    SALE = "sale"  # confirm a sale with the customer
    TRIAL_ENDING = "trial_ending"  # remind the customer that the free trial ends


class VerificationOutcome(enum.StrEnum):
    CONFIRMED = "confirmed"  # the customer confirms (a reminder: keeps the pack)
    DENIED = "denied"  # the customer says they did not agree: the sale is reversed
    WANTS_TO_CANCEL = "wants_to_cancel"  # agreed, but cancels now: the sale is reversed
    WRONG_DETAILS = "wrong_details"  # the order's details are wrong: not confirmed
    UNREACHABLE = "unreachable"  # not reached this time; after N tries a notice is sent


class CancelKind(enum.StrEnum):
    DENIED = "denied"
    WANTS_TO_CANCEL = "wants_to_cancel"
    WRONG_DETAILS = "wrong_details"
    WITHIN_TRIAL = "within_trial"
    AFTER_TRIAL = "after_trial"


class FallbackChannel(enum.StrEnum):
    SMS = "sms"
    EMAIL = "email"
    LETTER = "letter"


class VerificationItem(Model):
    id: str
    kind: VerificationKind
    order_id: str
    call_id: str  # the seller's call (call_outcomes.id)
    due_at: datetime
    attempts: int
    max_attempts: int
    customer_name: str
    customer_phone: str
    customer_region: str
    customer_timezone: str
    offer_code: str
    offer_name: str
    offer_name_zh: str
    price_yuan: float
    term_months: int
    trial_days: int = 0
    trial_ends_on: date | None = None
    seller_name: str
    sold_at: datetime
    call_notes: str = ""
    disclosures_ticked: list[str] = Field(default_factory=list)
    recording: bool = False  # the seller's call has a recording
    closed: bool = False
    outcome: VerificationOutcome | None = None


class VerificationList(Model):
    items: list[VerificationItem]
    open_total: int  # open and due items the caller may work


class VerificationOutcomeIn(Model):
    action_id: Annotated[str, Field(min_length=8, max_length=64)]  # client-made: replay-safe
    outcome: VerificationOutcome
    notes: Annotated[Text, Field(max_length=2000)] = ""


class FallbackOut(Model):
    channel: FallbackChannel
    text: str


class VerificationAnswer(Model):
    item: VerificationItem
    order_state: OrderState
    fallback: FallbackOut | None = None
    reminder_id: str | None = None  # the trial reminder a confirmation scheduled
    duplicate: bool = False


class OrderOut(Model):
    id: str
    seq: int = 0  # the feed position this state was read at (GET /orders)
    state: OrderState
    offer_code: str
    offer_name: str
    price_yuan: float
    term_months: int
    start_on: date
    trial_days: int = 0
    trial_ends_on: date | None = None
    customer_external_id: str
    customer_name: str
    customer_phone: str
    seller_id: str
    seller_name: str
    verifier_id: str | None = None
    verifier_name: str | None = None
    call_id: str
    recording_id: str | None = None
    campaign_code: str
    sold_at: datetime
    confirmed_at: datetime | None = None
    confirmed_by: str | None = None  # "verifier", "sampling" (not drawn), "fallback"
    activation_reason: str = ""
    activated_at: datetime | None = None
    cancel_kind: CancelKind | None = None
    cancel_reason: str = ""
    cancelled_on: date | None = None


class OrderFeed(Model):
    orders: list[OrderOut]
    cursor: int  # ask again with since=cursor
    has_more: bool


class ActivationIn(Model):
    result: OrderState  # activated or failed
    reason: Annotated[Text, Field(max_length=500)] = ""


class CancellationIn(Model):
    on: Day  # the day the customer cancelled
    reason: Annotated[Text, Field(max_length=500)] = ""
