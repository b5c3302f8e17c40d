"""What each campaign type allows: its outcomes and its script step kinds. Both sides read
this table: the server judges a pushed outcome against it (`wire.judge`, rule 15,
`outcome_not_for_type`) and makes a new campaign's allowed outcomes from it; the desktop
offers only these outcomes and checks the same before it saves.

| type                | its own outcomes (besides the common ones)                 |
|---------------------|------------------------------------------------------------|
| sales               | accepted (sale, names an offer), considering, not interested |
| complaint_follow_up | issue resolved, still unhappy (escalation)                 |
| payment_reminder    | promised to pay (with the date), paid already, disputed    |
| satisfaction_survey | survey completed (with its answers), survey declined       |
| win_back            | won back (an offer optional), considering, not interested  |

Common to every type: the not-reached outcomes (no answer, busy, unreachable, wrong
number, voicemail), call back, refuses marketing calls (do-not-call: always allowed),
complaint and hung up. Offers are needed by sales campaigns only.
"""

from __future__ import annotations

from collections.abc import Collection

from wire.schema import NOT_REACHED, CampaignType, Disposition

COMMON: frozenset[Disposition] = NOT_REACHED | {
    Disposition.CALLBACK, Disposition.DO_NOT_CALL, Disposition.COMPLAINT,
    Disposition.HUNG_UP}

OWN: dict[CampaignType, tuple[Disposition, ...]] = {
    CampaignType.SALES: (Disposition.ACCEPTED, Disposition.CONSIDERING,
                         Disposition.NOT_INTERESTED),
    CampaignType.COMPLAINT_FOLLOW_UP: (Disposition.ISSUE_RESOLVED,
                                       Disposition.STILL_UNHAPPY),
    CampaignType.PAYMENT_REMINDER: (Disposition.PROMISED_TO_PAY, Disposition.PAID_ALREADY,
                                    Disposition.DISPUTED),
    CampaignType.SATISFACTION_SURVEY: (Disposition.SURVEY_COMPLETED,
                                       Disposition.SURVEY_DECLINED),
    CampaignType.WIN_BACK: (Disposition.WON_BACK, Disposition.CONSIDERING,
                            Disposition.NOT_INTERESTED),
}

# Every type's script opens, checks identity and closes; the rest is its own.
_STEPS_COMMON = ("say", "question", "disclosure", "close")
STEP_KINDS: dict[CampaignType, tuple[str, ...]] = {
    CampaignType.SALES: (*_STEPS_COMMON, "pitch", "objection"),
    CampaignType.COMPLAINT_FOLLOW_UP: (*_STEPS_COMMON, "objection"),
    CampaignType.PAYMENT_REMINDER: _STEPS_COMMON,
    CampaignType.SATISFACTION_SURVEY: (*_STEPS_COMMON, "rating", "free_text"),
    CampaignType.WIN_BACK: (*_STEPS_COMMON, "pitch", "objection"),
}

SURVEY_STEP_KINDS = ("rating", "free_text")


def dispositions_for(kind: CampaignType | str) -> list[Disposition]:
    """The outcomes a campaign of this type allows, in the enum's order."""
    allowed = COMMON | set(OWN[CampaignType(kind)])
    return [d for d in Disposition if d in allowed]


def allows(kind: CampaignType | str, disposition: Disposition) -> bool:
    return disposition in COMMON or disposition in OWN[CampaignType(kind)]


def needs_offer(kind: CampaignType | str) -> bool:
    """Only a sales campaign must have offers (a win-back may name one)."""
    return CampaignType(kind) is CampaignType.SALES


def bad_step_kinds(kind: CampaignType | str, step_kinds: Collection[str]) -> list[str]:
    """The step kinds a script of this campaign type may not hold, in the order given."""
    ok = STEP_KINDS[CampaignType(kind)]
    return [k for k in dict.fromkeys(step_kinds) if k not in ok]
