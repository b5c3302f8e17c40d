"""The rules an agent's outcome must pass before it is stored (the desktop's side; the
server checks its own again, server/sync.py check_outcome). Pure: no I/O."""

from __future__ import annotations

from datetime import datetime

from app import domain
from app.errors import ValidationFailed
from app.views import CustomerDetail, OutcomeDraft
from wire.schema import MAX_NOTES_CHARS, Disposition, QueueStatus


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
    if d.disposition not in camp.allowed_dispositions:
        raise ValidationFailed(
            "This campaign does not allow that outcome.", field="disposition",
            code="disposition_not_allowed",
        )
    if d.disposition.reached and not dialled:
        raise ValidationFailed(
            "Nothing was dialled, so the customer was not reached: dial first (F5) or "
            "choose a not-reached outcome.", field="disposition", code="dial_required",
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
                field="disposition", code="do_not_call",
            )
        if not d.offer_id:
            raise ValidationFailed("Choose the offer the customer accepted.", field="offer",
                                   code="offer_required")
        missing = {s.id for s in detail.steps if s.mandatory} - ticked
        if missing:
            raise ValidationFailed(
                "Tick every mandatory disclosure before saving a sale.",
                field="disclosures", code="disclosures_missing",
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
        if not domain.in_window(camp, detail.customer.timezone, d.callback_at):
            raise ValidationFailed(
                "The call-back time is outside the calling window in the customer's "
                "local time.", field="callback", code="callback_outside_window",
            )
