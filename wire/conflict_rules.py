"""The conflict rules (who wins between desktops and the server), written once, here.

DEVELOPERS.md's "Conflict rules" list is generated from this table (`python -m wire.judge`
prints it; tests/wire/test_judge.py checks the file holds exactly that text), and each
rule names the `Rejection` codes it can answer a push with; `wire.judge` decides those
codes, and its table-driven test has a row per rule and code.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from wire.rejection import Rejection

WIDTH = 92


@dataclass(frozen=True, slots=True)
class Rule:
    number: int
    title: str
    text: str
    codes: tuple[Rejection, ...] = ()  # what the push answers when this rule refuses


RULES: tuple[Rule, ...] = (
    Rule(1, "Do-not-call beats everything.", """
        A flag, from any desktop or the registry, closes every open item of that customer
        for every agent, and nothing reopens it. A *sale* is rejected (`do_not_call`) when
        the number was flagged before the call began; a sale whose call began before the
        flag stands (the agent was offline and could not know).""",
         (Rejection.DO_NOT_CALL,)),
    Rule(2, "Times are the server's.", """
        A desktop measures `server_time - its clock` at every pull (stored with the page,
        `meta.clock_offset_seconds`) and each action carries it (`clock_offset_seconds`);
        the server compares `call_started_at + offset` with its own timestamps
        (`wire.judge.call_began_server_time`), so a desktop an hour off is judged
        correctly. The call record stores the corrected times (`created_at`,
        `call_started_at`; figures use them) beside the desktop's raw ones
        (`client_created_at`, `client_call_started_at`, migration 0007). On the desktop
        every rule (window, call-back times, caps, retry spacing) asks one corrected clock
        (`app/clock.py`, `QueueService.now()`); a desktop that never measured the offset,
        or whose clock moved more than 120 s against the monotonic clock since the last
        pull, refuses to dial (`clock_unmeasured`, `clock_jumped`) until it has synced."""),
    Rule(3, "An outcome is a fact.", """
        Every outcome of an item ever assigned to the agent is stored, even on an item
        since closed or reassigned; it changes the item's state only while the item is open
        (`wire.rules.next_state`). An item never assigned to the agent: `not_your_item`.""",
         (Rejection.NOT_YOUR_ITEM,)),
    Rule(4, "Pending local work keeps its local state.", """
        An item with an outcome still in the outbox keeps its local status when a pull
        arrives (`app/store/repo.apply_pull`); once the server has answered, the server's
        state is applied (it comes in the push answer itself, `repo.apply_push_state`; the
        pull does not echo the desktop's own changes, `server/push_state.py`)."""),
    Rule(5, "Reassignment wins over the old agent's copy.", """
        The item leaves the old agent's desktop (`removed_queue_items`); an outcome they
        recorded before stays in their outbox and is still accepted (rule 3)."""),
    Rule(6, "Same action twice = once.", """
        Answers are stored by `action_id`; a replay (lost acknowledgement, crash, retry)
        gets the stored answer with `duplicate=true`. An id another account already used
        is refused (`action_id_conflict`).""",
         (Rejection.ACTION_ID_CONFLICT,)),
    Rule(7, "A batch is one transaction.", """
        A push is committed whole or not at all (each action checked first, so a rejected
        one leaves only its stored answer); a failure mid-batch leaves nothing, and the
        desktop resends. Each action is validated alone too: one that breaks the wire's
        bounds is answered `rejected` (`invalid_action`) and the others are stored
        (`server/push_body.py`).""",
         (Rejection.INVALID_ACTION,)),
    Rule(8, "A cursor the server does not know", """
        (its database was restored or reset) is answered `409 cursor_ahead`; the desktop
        pulls again from 0, keeping its outbox. Every pull also carries the database's
        `generation` (renewed by `callsheet-server mark-restored` and `demo --reset`) and
        the feed's `compacted_through` (`callsheet-server purge`): a desktop that stored
        another generation, or whose cursor is below a compaction it had not seen, pulls
        again from 0 the same way (a restored counter may have climbed *past* its
        cursor)."""),
    Rule(9, "Two agents, one item: both kept, the later flagged.", """
        When agents record outcomes for the same queue item within 24 h (typically one was
        offline when the lead reassigned it), both outcomes stand (rule 3) and the later
        call is written to `outcome_conflicts`; the lead's monitor shows it as an alert
        (`server/lead/stats.py`)."""),
    Rule(10, "The lead's hold on a queue wins over the agent.", """
        A queue paused by the team lead travels as a `QueueControl` in the pull; the
        desktop's dial gate refuses (`queue_paused`) until the lead releases it. The
        agent's own pause (`agent_state`) is separate."""),
    Rule(11, "A call keeps its script.", """
        A script version published mid-call does not change that call: the desktop checks
        the sale's mandatory disclosures against, and records, the version the agent was
        shown (`QueueService.record_outcome`, the draft's `script_id`; older versions stay
        in the local store). The next call uses the new version
        (`docs/screenshots/agent-script-mid-call-kept-en.png`,
        `...-next-call-new-en.png`)."""),
    Rule(12, "No dial, no contact.", """
        A reached outcome needs a call started on the desktop (`QueueService.start_call`,
        F5); without one only a not-reached outcome can be saved, with no dial time and no
        talk. The server rejects a reached outcome without `call_started_at` for that
        action alone (`dial_required`). Disclosures are ticked only between dial and
        hang-up (`tick_disclosure`), each with its server time (`disclosure_ticks`,
        replayed exactly in quality); a do-not-call flag during a call records the call as
        a `do_not_call` outcome with its talk time.""",
         (Rejection.DIAL_REQUIRED,)),
    Rule(13, "An outcome fits its item.", """
        Its customer and campaign are the item's (`item_mismatch`), the campaign allows
        its disposition (`disposition_not_allowed`), a named offer is one of the
        campaign's (`unknown_offer`) and a sale names one (`offer_required`). The desktop
        checks the same before it saves (`app/services/outcome_rules.py`).""",
         (Rejection.ITEM_MISMATCH, Rejection.DISPOSITION_NOT_ALLOWED,
          Rejection.UNKNOWN_OFFER, Rejection.OFFER_REQUIRED)),
    Rule(14, "Each role sends only its own actions.", """
        A quality checker flags no one (`forbidden`); an agent flags a customer of an item
        ever assigned to them, a team lead one in their teams' queues
        (`not_your_customer`), an admin anyone (`unknown_customer` when there is no such
        customer: only an admin learns whether an id exists). Only agents report a
        presence state (`forbidden`), and a pause names one of the server's reason codes
        (`pause_reason_required`).""",
         (Rejection.FORBIDDEN, Rejection.NOT_YOUR_CUSTOMER, Rejection.UNKNOWN_CUSTOMER,
          Rejection.PAUSE_REASON_REQUIRED)),
    Rule(15, "An outcome fits its campaign's type.", """
        A campaign is a sale, a complaint follow-up, a payment reminder, a satisfaction
        survey or a win-back (`campaign_type`, migration 0015), and each type allows its
        own outcomes (`wire/calltypes.py`): a sale on a survey campaign, or a survey
        answer on a sales one, is rejected alone (`outcome_not_for_type`), whatever the
        campaign's own list says. A promise to pay names its date
        (`promise_date_required`); survey answers come with a completed survey only, one
        per question of the script the call used, a rating 1-5 or free text
        (`survey_answers_invalid`). Do-not-call, the dial gate, caps and calling windows
        apply to every type unchanged.""",
         (Rejection.OUTCOME_NOT_FOR_TYPE, Rejection.PROMISE_DATE_REQUIRED,
          Rejection.SURVEY_ANSWERS_INVALID)),
)


def _wrap(rule: Rule) -> str:
    body = re.sub(r"\s+", " ", rule.text).strip()
    head = f"{rule.number}. "
    return textwrap.fill(f"{head}**{rule.title}** {body}", width=WIDTH,
                         subsequent_indent=" " * len(head), break_long_words=False,
                         break_on_hyphens=False)


def rules_markdown() -> str:
    """The numbered list DEVELOPERS.md shows between its generated-list markers."""
    return "\n".join(_wrap(rule) for rule in RULES) + "\n"
