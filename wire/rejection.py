"""Every reason a push can answer `rejected` with (`ActionResult.code`), in one enum that
the server answers with and the desktop reads to show the reason in its own language
(`ui/labels.rejections`). The English text is the server's `message`."""

from __future__ import annotations

import enum


class Rejection(enum.StrEnum):
    # An outcome (wire.judge.judge_outcome)
    NOT_YOUR_ITEM = "not_your_item"
    ITEM_MISMATCH = "item_mismatch"
    DISPOSITION_NOT_ALLOWED = "disposition_not_allowed"
    DIAL_REQUIRED = "dial_required"
    UNKNOWN_OFFER = "unknown_offer"
    OFFER_REQUIRED = "offer_required"
    DO_NOT_CALL = "do_not_call"
    OUTCOME_NOT_FOR_TYPE = "outcome_not_for_type"  # rule 15: the campaign type's outcomes
    PROMISE_DATE_REQUIRED = "promise_date_required"
    SURVEY_ANSWERS_INVALID = "survey_answers_invalid"
    # A do-not-call flag (wire.judge.judge_dnc)
    FORBIDDEN = "forbidden"
    UNKNOWN_CUSTOMER = "unknown_customer"
    NOT_YOUR_CUSTOMER = "not_your_customer"
    # A presence change (wire.judge.judge_agent_state); FORBIDDEN too
    PAUSE_REASON_REQUIRED = "pause_reason_required"
    # Any action
    INVALID_ACTION = "invalid_action"  # breaks the wire's bounds (server/push_body.py)
    ACTION_ID_CONFLICT = "action_id_conflict"  # the id was used by another account


MESSAGES: dict[Rejection, str] = {
    Rejection.NOT_YOUR_ITEM: "This queue item is not (and was never) yours.",
    Rejection.ITEM_MISMATCH: "Customer or campaign do not match the queue item.",
    Rejection.DISPOSITION_NOT_ALLOWED: "The campaign does not allow this outcome.",
    Rejection.DIAL_REQUIRED: "This outcome means the customer was reached, but the call has "
                             "no dial time; record it as not reached or dial first.",
    Rejection.UNKNOWN_OFFER: "The offer does not belong to this campaign.",
    Rejection.OFFER_REQUIRED: "A sale must name the offer accepted.",
    Rejection.DO_NOT_CALL: "The customer was on the do-not-call list before this call.",
    Rejection.OUTCOME_NOT_FOR_TYPE: "This outcome does not belong to the campaign's type "
                                    "(e.g. a sale on a survey campaign).",
    Rejection.PROMISE_DATE_REQUIRED: "A promise to pay needs the date the customer will pay.",
    Rejection.SURVEY_ANSWERS_INVALID: "Survey answers go with a completed survey only, each "
                                      "to one of the script's questions, a rating 1-5.",
    Rejection.FORBIDDEN: "This role may not send this action.",
    Rejection.UNKNOWN_CUSTOMER: "No such customer.",
    Rejection.NOT_YOUR_CUSTOMER: "This customer is not on your lists.",
    Rejection.PAUSE_REASON_REQUIRED: "A pause needs one of the server's reason codes.",
    Rejection.INVALID_ACTION: "This action is not valid.",
    Rejection.ACTION_ID_CONFLICT: "This action id was already used by another account.",
}


def code_of(text: str | None) -> Rejection | None:
    """The Rejection a stored or received code names, or None (a code from a newer server,
    or none at all)."""
    try:
        return Rejection(text) if text else None
    except ValueError:
        return None
