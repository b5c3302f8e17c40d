"""wire.judge, one row per rule of wire.conflict_rules that the push decides, and the
conflict-rules list in DEVELOPERS.md is the one the code prints."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from wire.calltypes import dispositions_for
from wire.conflict_rules import RULES, rules_markdown
from wire.judge import ItemFacts, judge_agent_state, judge_dnc, judge_outcome
from wire.rejection import MESSAGES, Rejection, code_of
from wire.schema import AgentStateAction, CampaignType, Disposition, OutcomeAction, Role

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
SALE = {"disposition": Disposition.ACCEPTED, "offer_id": "o1", "call_started_at": T0}
ITEM = ItemFacts(ever_assigned=True, customer_id="c1", campaign_id="k1",
                 allowed_dispositions={d.value for d in Disposition}, offer_campaign_id="k1")


def outcome(**kw: Any) -> OutcomeAction:
    base: dict[str, Any] = {"action_id": "a" * 12, "created_at": T0, "queue_item_id": "q1",
                            "customer_id": "c1", "campaign_id": "k1",
                            "disposition": Disposition.NO_ANSWER}
    return OutcomeAction.model_validate(base | kw)


# (rule number, what the row shows, action fields, item facts or None, expected answer)
OUTCOME_ROWS: list[tuple[int, str, dict[str, Any], ItemFacts | None, Rejection | None]] = [
    (3, "an item that does not exist", {}, None, Rejection.NOT_YOUR_ITEM),
    (3, "an item never assigned to the agent", {},
     replace(ITEM, ever_assigned=False), Rejection.NOT_YOUR_ITEM),
    (3, "an item once assigned (since closed or reassigned) is a fact", {}, ITEM, None),
    (13, "customer differs from the item's", {"customer_id": "c2"}, ITEM,
     Rejection.ITEM_MISMATCH),
    (13, "campaign differs from the item's", {"campaign_id": "k2"}, ITEM,
     Rejection.ITEM_MISMATCH),
    (13, "the campaign does not allow the disposition", {},
     replace(ITEM, allowed_dispositions={"busy"}), Rejection.DISPOSITION_NOT_ALLOWED),
    (12, "a reached outcome without a dial time",
     {"disposition": Disposition.HUNG_UP}, ITEM, Rejection.DIAL_REQUIRED),
    (12, "a reached outcome with a dial time",
     {"disposition": Disposition.HUNG_UP, "call_started_at": T0}, ITEM, None),
    (12, "a not-reached outcome needs no dial", {"disposition": Disposition.BUSY}, ITEM, None),
    (13, "an offer of another campaign", SALE, replace(ITEM, offer_campaign_id="k2"),
     Rejection.UNKNOWN_OFFER),
    (13, "an offer that does not exist", SALE, replace(ITEM, offer_campaign_id=None),
     Rejection.UNKNOWN_OFFER),
    (13, "a sale without an offer", SALE | {"offer_id": None}, ITEM,
     Rejection.OFFER_REQUIRED),
    (1, "a sale on a number flagged before the call began", SALE,
     replace(ITEM, dnc_since=T0 - timedelta(minutes=1)), Rejection.DO_NOT_CALL),
    (1, "a sale whose call began before the flag stands", SALE,
     replace(ITEM, dnc_since=T0 + timedelta(minutes=1)), None),
    (1, "a flag only refuses sales", {"disposition": Disposition.BUSY},
     replace(ITEM, dnc_since=T0 - timedelta(days=1)), None),
    (2, "a desktop an hour slow: its call began after the flag on the server's clock",
     SALE | {"call_started_at": T0 - timedelta(hours=1), "clock_offset_seconds": 3600},
     replace(ITEM, dnc_since=T0 - timedelta(minutes=1)), Rejection.DO_NOT_CALL),
    (2, "a desktop an hour fast: its call began before the flag on the server's clock",
     SALE | {"call_started_at": T0 + timedelta(hours=1), "clock_offset_seconds": -3600},
     replace(ITEM, dnc_since=T0 + timedelta(minutes=1)), None),
    (2, "a naive flag time is UTC", SALE,
     replace(ITEM, dnc_since=(T0 - timedelta(minutes=1)).replace(tzinfo=None)),
     Rejection.DO_NOT_CALL),
    (15, "a sale on a satisfaction survey campaign", SALE,
     replace(ITEM, campaign_type=CampaignType.SATISFACTION_SURVEY),
     Rejection.OUTCOME_NOT_FOR_TYPE),
    (15, "a survey outcome on a sales campaign",
     {"disposition": Disposition.SURVEY_COMPLETED, "call_started_at": T0}, ITEM,
     Rejection.OUTCOME_NOT_FOR_TYPE),
    (15, "a type's own outcome on its campaign",
     {"disposition": Disposition.ISSUE_RESOLVED, "call_started_at": T0},
     replace(ITEM, campaign_type=CampaignType.COMPLAINT_FOLLOW_UP), None),
    (15, "a promise to pay without its date",
     {"disposition": Disposition.PROMISED_TO_PAY, "call_started_at": T0},
     replace(ITEM, campaign_type=CampaignType.PAYMENT_REMINDER),
     Rejection.PROMISE_DATE_REQUIRED),
    (15, "a promise to pay with its date",
     {"disposition": Disposition.PROMISED_TO_PAY, "call_started_at": T0,
      "promised_on": "2026-03-10"},
     replace(ITEM, campaign_type=CampaignType.PAYMENT_REMINDER), None),
    (15, "survey answers on a declined survey",
     {"disposition": Disposition.SURVEY_DECLINED, "call_started_at": T0,
      "survey_answers": [{"question_id": "q1", "score": 3}]},
     replace(ITEM, campaign_type=CampaignType.SATISFACTION_SURVEY),
     Rejection.SURVEY_ANSWERS_INVALID),
    (15, "a survey answer to a question the script does not ask",
     {"disposition": Disposition.SURVEY_COMPLETED, "call_started_at": T0,
      "survey_answers": [{"question_id": "q9", "score": 3}]},
     replace(ITEM, campaign_type=CampaignType.SATISFACTION_SURVEY,
             survey_questions={"q1": "rating"}), Rejection.SURVEY_ANSWERS_INVALID),
    (15, "a rating question answered without a score",
     {"disposition": Disposition.SURVEY_COMPLETED, "call_started_at": T0,
      "survey_answers": [{"question_id": "q1", "text": "fine"}]},
     replace(ITEM, campaign_type=CampaignType.SATISFACTION_SURVEY,
             survey_questions={"q1": "rating"}), Rejection.SURVEY_ANSWERS_INVALID),
    (15, "a completed survey with its answers",
     {"disposition": Disposition.SURVEY_COMPLETED, "call_started_at": T0,
      "survey_answers": [{"question_id": "q1", "score": 5},
                         {"question_id": "q2", "text": "quick"}]},
     replace(ITEM, campaign_type=CampaignType.SATISFACTION_SURVEY,
             survey_questions={"q1": "rating", "q2": "free_text"}), None),
]

# Which outcomes each type accepts and refuses (wire/calltypes.py's table).
TYPE_OUTCOMES: dict[CampaignType, tuple[set[Disposition], set[Disposition]]] = {
    CampaignType.SALES: ({Disposition.ACCEPTED, Disposition.NOT_INTERESTED},
                         {Disposition.SURVEY_COMPLETED, Disposition.WON_BACK}),
    CampaignType.COMPLAINT_FOLLOW_UP: (
        {Disposition.ISSUE_RESOLVED, Disposition.STILL_UNHAPPY},
        {Disposition.ACCEPTED, Disposition.PAID_ALREADY, Disposition.SURVEY_COMPLETED}),
    CampaignType.PAYMENT_REMINDER: (
        {Disposition.PROMISED_TO_PAY, Disposition.PAID_ALREADY, Disposition.DISPUTED},
        {Disposition.ACCEPTED, Disposition.ISSUE_RESOLVED, Disposition.WON_BACK}),
    CampaignType.SATISFACTION_SURVEY: (
        {Disposition.SURVEY_COMPLETED, Disposition.SURVEY_DECLINED},
        {Disposition.ACCEPTED, Disposition.NOT_INTERESTED, Disposition.PROMISED_TO_PAY}),
    CampaignType.WIN_BACK: (
        {Disposition.WON_BACK, Disposition.NOT_INTERESTED, Disposition.CONSIDERING},
        {Disposition.ACCEPTED, Disposition.SURVEY_DECLINED, Disposition.DISPUTED}),
}


@pytest.mark.parametrize("kind", list(CampaignType))
def test_each_type_accepts_its_outcomes_and_refuses_the_others(kind: CampaignType) -> None:
    yes, no = TYPE_OUTCOMES[kind]
    item = replace(ITEM, campaign_type=kind)
    common = {Disposition.NO_ANSWER, Disposition.DO_NOT_CALL, Disposition.CALLBACK,
              Disposition.COMPLAINT, Disposition.HUNG_UP}
    for d in yes | common:
        fields: dict[str, Any] = {"disposition": d, "call_started_at": T0,
                                  "promised_on": "2026-03-10", "offer_id": "o1"}
        assert judge_outcome(outcome(**fields), item) is None, (kind, d)
        assert d in dispositions_for(kind)
    for d in no:
        assert judge_outcome(outcome(disposition=d, call_started_at=T0, offer_id="o1"),
                             item) is Rejection.OUTCOME_NOT_FOR_TYPE, (kind, d)
        assert d not in dispositions_for(kind)

# (rule, what, role, customer exists, in reach, expected)
DNC_ROWS: list[tuple[int, str, Role, bool, bool, Rejection | None]] = [
    (14, "a quality checker flags no one", Role.QA, True, True, Rejection.FORBIDDEN),
    (14, "an agent: a customer never on their list", Role.AGENT, True, False,
     Rejection.NOT_YOUR_CUSTOMER),
    (14, "an agent: a customer of their items", Role.AGENT, True, True, None),
    (14, "an agent does not learn that an id is unknown", Role.AGENT, False, False,
     Rejection.NOT_YOUR_CUSTOMER),
    (14, "a team lead: a customer outside their teams", Role.TEAM_LEAD, True, False,
     Rejection.NOT_YOUR_CUSTOMER),
    (14, "a team lead: a customer in their teams' queues", Role.TEAM_LEAD, True, True, None),
    (14, "an admin learns that an id is unknown", Role.ADMIN, False, False,
     Rejection.UNKNOWN_CUSTOMER),
    (14, "an admin flags anyone", Role.ADMIN, True, False, None),
]

# (rule, what, role, state, reason, expected)
STATE_ROWS: list[tuple[int, str, Role, str, str | None, Rejection | None]] = [
    (14, "only agents report presence", Role.TEAM_LEAD, "available", None,
     Rejection.FORBIDDEN),
    (14, "a pause without a reason", Role.AGENT, "paused", None,
     Rejection.PAUSE_REASON_REQUIRED),
    (14, "a pause with an unknown reason", Role.AGENT, "paused", "nap",
     Rejection.PAUSE_REASON_REQUIRED),
    (14, "a pause with a known reason", Role.AGENT, "paused", "lunch", None),
    (14, "available needs no reason", Role.AGENT, "available", None, None),
]


@pytest.mark.parametrize(("rule", "what", "fields", "item", "expected"), OUTCOME_ROWS,
                         ids=[r[1] for r in OUTCOME_ROWS])
def test_outcome(rule: int, what: str, fields: dict[str, Any], item: ItemFacts | None,
                 expected: Rejection | None) -> None:
    assert judge_outcome(outcome(**fields), item) == expected, (rule, what)


@pytest.mark.parametrize(("rule", "what", "role", "exists", "reach", "expected"), DNC_ROWS,
                         ids=[r[1] for r in DNC_ROWS])
def test_dnc(rule: int, what: str, role: Role, exists: bool, reach: bool,
             expected: Rejection | None) -> None:
    assert judge_dnc(role, customer_exists=exists, in_reach=reach) == expected, (rule, what)


@pytest.mark.parametrize(("rule", "what", "role", "state", "reason", "expected"), STATE_ROWS,
                         ids=[r[1] for r in STATE_ROWS])
def test_agent_state(rule: int, what: str, role: Role, state: str, reason: str | None,
                     expected: Rejection | None) -> None:
    a = AgentStateAction.model_validate({"action_id": "s" * 12, "created_at": T0,
                                         "state": state, "reason": reason})
    assert judge_agent_state(role, a, {"lunch", "break"}) == expected, (rule, what)


# Decided where the answer is stored, not by the judge (server/sync.py, server/push_body.py).
DECIDED_ELSEWHERE = {Rejection.ACTION_ID_CONFLICT, Rejection.INVALID_ACTION}


def test_every_rule_code_has_a_row_under_its_rule() -> None:
    rows = {(r[0], r[-1]) for r in [*OUTCOME_ROWS, *DNC_ROWS, *STATE_ROWS]}
    for rule in RULES:
        for code in set(rule.codes) - DECIDED_ELSEWHERE:
            assert (rule.number, code) in rows, (rule.number, code)
    # ... and every code the push can answer belongs to a rule and has a message
    named = {c for rule in RULES for c in rule.codes}
    assert named == set(Rejection)
    assert set(MESSAGES) == set(Rejection)
    assert [r.number for r in RULES] == list(range(1, len(RULES) + 1))


def test_code_of_reads_known_codes_only() -> None:
    assert code_of("do_not_call") is Rejection.DO_NOT_CALL
    assert code_of("from_a_newer_server") is None
    assert code_of(None) is None


def test_developers_md_holds_the_generated_rules() -> None:
    text = (ROOT / "DEVELOPERS.md").read_text(encoding="utf-8")
    begin = "<!-- conflict rules: generated by `python -m wire.judge` -->\n"
    end = "<!-- end of conflict rules -->"
    assert begin in text and end in text
    shown = text.split(begin, 1)[1].split(end, 1)[0]
    assert shown == rules_markdown()


def test_module_prints_the_rules() -> None:
    out = subprocess.run([sys.executable, "-m", "wire.judge"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    assert out == rules_markdown()
