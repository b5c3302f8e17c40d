"""The push's decisions, as pure functions: an action and what the server knows about
its item or customer go in, `None` (accept) or a `Rejection` comes out. No database, no
clock: the server gathers the facts (server/sync.py, server/presence.py) and stores what
this decides; tests/wire/test_judge.py has a row per rule of `wire.conflict_rules`.

`python -m wire.judge` prints the conflict rules as DEVELOPERS.md shows them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from wire.calltypes import allows
from wire.conflict_rules import rules_markdown
from wire.rejection import Rejection
from wire.schema import AgentStateAction, CampaignType, Disposition, OutcomeAction, Role


@dataclass(frozen=True, slots=True)
class ItemFacts:
    """The server's state for the queue item an outcome names."""

    ever_assigned: bool  # to the user who pushed the outcome
    customer_id: str
    campaign_id: str
    allowed_dispositions: Collection[str]  # the campaign's
    offer_campaign_id: str | None = None  # the campaign of the offer named (None: unknown)
    dnc_since: datetime | None = None  # when the customer's number was flagged, if it was
    campaign_type: CampaignType = CampaignType.SALES
    # The survey questions of the script the outcome names: step id -> "rating" or
    # "free_text" (None: the script is unknown; then any question id is taken).
    survey_questions: Mapping[str, str] | None = None


def to_server_time(a: OutcomeAction, at: datetime) -> datetime:
    """A time on the desktop's clock, on the server's (rule 2). The desktop's clock may be
    off by any amount; it measured the difference at its last pull and sends it."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at + timedelta(seconds=a.clock_offset_seconds)


def call_began_server_time(a: OutcomeAction) -> datetime:
    """When the call began, on the server's clock."""
    return to_server_time(a, a.call_started_at or a.created_at)


def judge_outcome(a: OutcomeAction, item: ItemFacts | None) -> Rejection | None:
    """Ordered: the first rule that refuses answers. `item` None: no such item."""
    if item is None or not item.ever_assigned:
        return Rejection.NOT_YOUR_ITEM  # rule 3
    if a.customer_id != item.customer_id or a.campaign_id != item.campaign_id:
        return Rejection.ITEM_MISMATCH  # rule 13
    if not allows(item.campaign_type, a.disposition):
        return Rejection.OUTCOME_NOT_FOR_TYPE  # rule 15
    if a.disposition.value not in item.allowed_dispositions:
        return Rejection.DISPOSITION_NOT_ALLOWED  # rule 13
    if a.disposition is Disposition.PROMISED_TO_PAY and a.promised_on is None:
        return Rejection.PROMISE_DATE_REQUIRED  # rule 15
    if a.survey_answers and not _answers_fit(a, item.survey_questions):
        return Rejection.SURVEY_ANSWERS_INVALID  # rule 15
    if a.disposition.reached and a.call_started_at is None:
        return Rejection.DIAL_REQUIRED  # rule 12
    if a.offer_id is not None and item.offer_campaign_id != item.campaign_id:
        return Rejection.UNKNOWN_OFFER  # rule 13
    if a.disposition is Disposition.ACCEPTED:
        if a.offer_id is None:
            return Rejection.OFFER_REQUIRED  # rule 13
        if item.dnc_since is not None and \
                _aware(item.dnc_since) < call_began_server_time(a):
            return Rejection.DO_NOT_CALL  # rules 1 and 2
    return None


def _answers_fit(a: OutcomeAction, questions: Mapping[str, str] | None) -> bool:
    """Answers only with a completed survey, one per question, each to a question of the
    script (when known): a rating has a score, free text has none."""
    if a.disposition is not Disposition.SURVEY_COMPLETED:
        return False
    ids = [x.question_id for x in a.survey_answers]
    if len(set(ids)) != len(ids):
        return False
    if questions is None:
        return True
    for x in a.survey_answers:
        kind = questions.get(x.question_id)
        if kind is None or (kind == "rating") != (x.score is not None):
            return False
    return True


def judge_dnc(role: Role, *, customer_exists: bool, in_reach: bool) -> Rejection | None:
    """A do-not-call flag (rule 14). `in_reach`: the customer is one this user may flag
    (an agent: of an item ever assigned to them; a team lead: in their teams' queues; an
    admin: anyone)."""
    if role is Role.QA:
        return Rejection.FORBIDDEN
    if not customer_exists:  # only an admin learns whether a customer id exists
        return Rejection.UNKNOWN_CUSTOMER if role is Role.ADMIN \
            else Rejection.NOT_YOUR_CUSTOMER
    if role is not Role.ADMIN and not in_reach:
        return Rejection.NOT_YOUR_CUSTOMER
    return None


def judge_agent_state(role: Role, a: AgentStateAction,
                      reasons: Collection[str]) -> Rejection | None:
    """A presence change (rule 14). `reasons`: the pause reason codes the server offers."""
    if role is not Role.AGENT:
        return Rejection.FORBIDDEN
    if a.state == "paused" and a.reason not in reasons:
        return Rejection.PAUSE_REASON_REQUIRED
    return None


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


if __name__ == "__main__":
    print(rules_markdown(), end="")
