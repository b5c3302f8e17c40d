"""The trust script (docs/calltypes.md "The trust script"): what `publish-script` refuses
so that a genuine call never sounds like the scams that imitate operators.

1. The opening (the first step) states how the customer can check the call: it names the
   official hotline (`HOTLINE`, 10000) in its text, and in its Chinese text when it has
   one.
2. No step (title, text, branch labels, in either language) asks for money, card or bank
   data, passwords or verification codes, or says "press N for a refund": the phrases of
   `FORBIDDEN` below, per language, matched case-insensitively. Talking about a price, a
   bill or a payment method is allowed; asking the customer to hand over money or secrets
   is not.
3. The step kinds fit the campaign's type (wire.calltypes.STEP_KINDS): e.g. a survey
   script asks rating / free_text questions, a payment reminder pitches nothing.

Each refusal names the line of the file it was found on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from server.planning.scripts_parsed import Where
from wire.calltypes import STEP_KINDS
from wire.schema import CampaignType

HOTLINE = "10000"


@dataclass(frozen=True, slots=True)
class Phrase:
    lang: str  # "en" or "zh"
    pattern: re.Pattern[str]
    what: str  # why it is refused


def _en(rx: str, what: str) -> Phrase:
    return Phrase("en", re.compile(rx, re.IGNORECASE), what)


def _zh(rx: str, what: str) -> Phrase:
    return Phrase("zh", re.compile(rx, re.IGNORECASE), what)


MONEY = "asks for money"
CARD = "asks for card or bank data"
SECRET = "asks for a password or a verification code"
REFUND = "'press N for a refund' (how scam calls sound)"

# The documented word list (docs/calltypes.md prints the same phrases).
FORBIDDEN: tuple[Phrase, ...] = (
    _en(r"\b(?:transfer|send|remit|wire|deposit)\b[^.?!]{0,40}\b(?:money|funds|yuan|"
        r"payment|fee)s?\b", MONEY),
    _en(r"\bpay\b[^.?!]{0,20}\b(?:now|today|immediately|to (?:me|us|this account))\b", MONEY),
    _en(r"\bsafe account\b", MONEY),
    _en(r"\b(?:card|bank|account)\s+(?:number|details|data|pin)\b", CARD),
    _en(r"\b(?:credit|debit|bank)\s+card\b", CARD),
    _en(r"\b(?:cvv|cvc)\b|\bsecurity code\b", CARD),
    _en(r"\bpasswords?\b|\bpin\b", SECRET),
    _en(r"\b(?:verification|sms|one[- ]time|confirmation)\s+codes?\b|\botp\b", SECRET),
    _en(r"\bpress\s+\w+\b[^.?!]{0,40}\brefunds?\b", REFUND),
    _en(r"\brefunds?\b[^.?!]{0,40}\bpress\s+\w+\b", REFUND),
    _zh(r"转账|汇款|打款|安全账户|(?:立即|现在|马上)(?:支付|付款|缴纳)", MONEY),
    _zh(r"银行卡|卡号|银行账号|信用卡|开户行|安全码|CVV", CARD),
    _zh(r"密码|验证码|动态码|校验码", SECRET),
    _zh(r"按\s*\S{1,3}\s*键?[^。？！]{0,10}(?:退款|退费|返还)|(?:退款|退费)[^。？！]{0,10}按\s*\S{1,3}\s*键",
        REFUND),
)

_EN_FIELDS = ("title", "text")
_ZH_FIELDS = ("title_zh", "text_zh")


def _texts(step: dict[str, Any], w: Where) -> Iterator[tuple[str, str, int, str]]:
    """(language, field, line, text) of every text of a step, branch labels included."""
    for f in (*_EN_FIELDS, *_ZH_FIELDS):
        text = step.get(f) or ""
        if text:
            yield ("zh" if f.endswith("_zh") else "en"), f, w.at(f), text
    for i, b in enumerate(step.get("branches") or []):
        for f, lang in (("label", "en"), ("label_zh", "zh")):
            if b.get(f):
                yield lang, f, w.branch(i, f), b[f]


def trust_errors(steps: list[dict[str, Any]], where: dict[str, Where],
                 campaign_type: str = CampaignType.SALES.value) -> list[tuple[int, str]]:
    """Every trust rule a valid script breaks, as (line, message)."""
    errors: list[tuple[int, str]] = []
    if steps:
        first = steps[0]
        w = where[first["id"]]
        for f in ("text", "text_zh"):
            if (f == "text" or first.get(f)) and HOTLINE not in (first.get(f) or ""):
                errors.append((w.at(f), f"step {first['id']}: the opening must tell the "
                               f"customer how to check the call through the official "
                               f"hotline {HOTLINE} ({f})"))
    allowed = STEP_KINDS[CampaignType(campaign_type)]
    for s in steps:
        w = where[s["id"]]
        if s["kind"] not in allowed:
            errors.append((w.at("kind"), f"step {s['id']}: a {campaign_type} script has no "
                           f"{s['kind']} steps (allowed: {', '.join(allowed)})"))
        for lang, f, line, text in _texts(s, w):
            for p in FORBIDDEN:
                if p.lang != lang:
                    continue
                hit = p.pattern.search(text)
                if hit:
                    at = w.find(f, hit.group(0)) if f in w.fields else line
                    errors.append((at, f"step {s['id']}: {f} {p.what}: "
                                   f"{hit.group(0)!r}"))
    return errors
