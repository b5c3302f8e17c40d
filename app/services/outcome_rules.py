"""The rules an agent's outcome must pass before it is stored (the desktop's side; the
server judges it again, wire.judge.judge_outcome, and a rule both sides check carries the
same wire.rejection code), and what a valid draft becomes: the action pushed, the item's
next state, the history line. Pure: no I/O."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from app import domain
from app.errors import ValidationFailed
from app.services.live_call import LiveCall
from app.views import CustomerDetail, OutcomeDraft
from wire import calltypes
from wire.rejection import Rejection
from wire.rules import ItemState, next_state
from wire.schema import (
    MAX_NOTES_CHARS,
    DisclosureTick,
    Disposition,
    HistoryEntry,
    Objection,
    OutcomeAction,
    QueueStatus,
    phone_hash,
)
from wire.variants import variant_key


def validate_outcome(d: OutcomeDraft, detail: CustomerDetail, now: datetime, *,
                     dialled: bool, ticked: set[str]) -> None:
    """Every rule a draft must pass before it is stored; raises ValidationFailed with the
    field to show it beside. `now`: the server's time; `dialled`: a call was started (F5)
    for this item; `ticked`: the disclosures ticked during it."""
    camp = detail.campaign
    if camp is None:
        raise ValidationFailed("The campaign of this item is unknown; sync first.")
    if detail.status is QueueStatus.CLOSED:
        raise ValidationFailed("This item is already closed.")
    if not calltypes.allows(camp.campaign_type, d.disposition):
        raise ValidationFailed(
            "This outcome does not belong to this kind of campaign.", field="disposition",
            code=Rejection.OUTCOME_NOT_FOR_TYPE,
        )
    if d.disposition not in camp.allowed_dispositions:
        raise ValidationFailed(
            "This campaign does not allow that outcome.", field="disposition",
            code=Rejection.DISPOSITION_NOT_ALLOWED,
        )
    if d.disposition.reached and not dialled:
        raise ValidationFailed(
            "Nothing was dialled, so the customer was not reached: dial first (F5) or "
            "choose a not-reached outcome.", field="disposition", code=Rejection.DIAL_REQUIRED,
        )
    if len(d.notes) > MAX_NOTES_CHARS:
        raise ValidationFailed(
            f"Notes are limited to {MAX_NOTES_CHARS} characters.", field="notes",
            code="notes_too_long",
        )
    if d.disposition is Disposition.ACCEPTED:
        if detail.on_dnc:
            raise ValidationFailed(
                "The customer is on the do-not-call list; a sale cannot be recorded.",
                field="disposition", code=Rejection.DO_NOT_CALL,
            )
        if not d.offer_id:
            raise ValidationFailed("Choose the offer the customer accepted.", field="offer",
                                   code=Rejection.OFFER_REQUIRED)
        missing = {s.id for s in detail.steps if s.mandatory} - ticked
        if missing:
            raise ValidationFailed(
                "Tick every mandatory disclosure before saving a sale.",
                field="disclosures", code="disclosures_missing",
            )
    if d.disposition is Disposition.PROMISED_TO_PAY and d.promised_on is None:
        raise ValidationFailed("Choose the date the customer promised to pay.",
                               field="promise", code=Rejection.PROMISE_DATE_REQUIRED)
    if d.survey_answers and d.disposition is not Disposition.SURVEY_COMPLETED:
        raise ValidationFailed("Survey answers go with a completed survey only.",
                               field="survey", code=Rejection.SURVEY_ANSWERS_INVALID)
    if d.disposition is Disposition.SURVEY_COMPLETED:
        asked = {s.id for s in detail.steps if s.kind == "rating"}
        scored = {a.question_id for a in d.survey_answers if a.score is not None}
        if asked - scored:
            raise ValidationFailed(
                "Score every question of the survey (1-5) before saving it as completed.",
                field="survey", code="survey_incomplete",
            )
    if d.disposition is Disposition.NOT_INTERESTED and not d.objection:
        raise ValidationFailed("Choose the customer's objection.", field="objection",
                               code="objection_required")
    if d.disposition is Disposition.CALLBACK and d.callback_at is None:
        raise ValidationFailed("Choose a call-back time.", field="callback",
                               code="callback_required")
    if d.callback_at is not None:
        if d.callback_at <= now:
            raise ValidationFailed("The call-back time is in the past.", field="callback",
                                   code="callback_past")
        if not domain.in_window(camp, detail.customer.timezone, d.callback_at,
                                region=detail.customer.region,
                                tier=detail.customer.value_tier.value):
            raise ValidationFailed(
                "The call-back time is outside the calling window in the customer's "
                "local time.", field="callback", code="callback_outside_window",
            )


@dataclass(frozen=True)
class PreparedOutcome:
    """A validated outcome, ready to be stored in the caller's transaction."""

    action: OutcomeAction
    state: ItemState
    history: HistoryEntry
    digest: str
    now: datetime  # the server's time it was recorded at


def build_outcome(draft: OutcomeDraft, detail: CustomerDetail, call: LiveCall | None, *,
                  now: datetime, wall: datetime, mono: float, agent_name: str
                  ) -> PreparedOutcome:
    """What a validated draft stores. `now`: the server's time; `wall`: the desktop's clock
    (the action carries it, the server adds the offset); `mono`: the monotonic clock the
    live call's talk and wrap times are measured on."""
    ticks = dict(call.ticks) if call is not None else {}
    camp = detail.campaign
    if camp is None:
        raise ValidationFailed("The campaign of this item is unknown; sync first.")
    action_id = str(uuid.uuid4())
    action = OutcomeAction(
        action_id=action_id,
        created_at=wall,  # the desktop's clock; the server adds the offset
        queue_item_id=draft.queue_item_id,
        customer_id=detail.customer.id,
        campaign_id=camp.id,
        disposition=draft.disposition,
        objection=Objection(draft.objection) if draft.objection else None,
        notes=draft.notes,
        offer_id=draft.offer_id,
        script_id=detail.script.id if detail.script else None,
        script_version=detail.script.version if detail.script else None,
        # the variant of that version the steps on screen came from (same pure rule)
        script_variant=variant_key(detail.script, detail.customer) if detail.script
        else None,
        steps_taken=draft.steps_taken,
        disclosures_ticked=list(ticks),
        disclosure_ticks=[DisclosureTick(step_id=k, at=v) for k, v in ticks.items()],
        call_started_at=call.started_at if call is not None else None,
        talk_seconds=call.talk_seconds(mono) if call is not None else 0,
        wrap_seconds=call.wrap_seconds(mono) if call is not None else draft.wrap_seconds,
        callback_at=draft.callback_at,
        sip_cause=call.sip_cause if call is not None else None,
        transferred_to=call.transferred_to if call is not None else None,
        promised_on=draft.promised_on,
        survey_answers=list(draft.survey_answers),
    )
    state = next_state(
        disposition=draft.disposition,
        attempts_before=detail.attempts,
        max_attempts=camp.max_attempts,
        retry_spacing_minutes=camp.retry_spacing_minutes,
        callback_at=draft.callback_at,
        now=now,
    )
    offer_code = None
    if draft.offer_id:
        codes = {o.offer.id: o.offer.code for o in detail.offers}
        offer_code = codes.get(draft.offer_id)
    history = HistoryEntry(
        id=action_id,
        at=now,
        agent_name=agent_name,
        campaign_code=camp.code,
        disposition=draft.disposition,
        objection=action.objection,
        notes=draft.notes,
        offer_code=offer_code,
    )
    return PreparedOutcome(action, state, history, phone_hash(detail.customer.phone), now)
