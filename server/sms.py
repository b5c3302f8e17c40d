"""SMS records after a call: the outbox table, the templates and the one rule every text
obeys (docs/calltypes.md "SMS after the call").

`queue_sms` writes a message in the caller's transaction (the outcome, the verification or
the trial that caused it commits with it, or neither does); `server.sms_send` sends what is
due through a pluggable sender and keeps the record of what was sent. A row is never
deleted: it is the record.

The rule: a genuine message never asks for money through a link. A template or a rendered
text holding a link (http://, https://, www., or a bare domain such as pay.example.cn)
together with a payment word of `PAYMENT_WORDS` is refused (`SmsRefused`), and so is a
parameter that smuggles one in. Scam texts imitate operators exactly this way.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, Session, mapped_column

from server.db import utcnow
from server.models import Base, Customer, new_id


class SmsMessage(Base):
    __tablename__ = "sms_outbox"
    __table_args__ = (Index("ix_sms_outbox_status_next", "status", "next_attempt_at"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    customer_id: Mapped[str] = mapped_column(String(36), index=True)
    phone: Mapped[str] = mapped_column(String(20))  # E.164, as sent
    template: Mapped[str] = mapped_column(String(32))
    lang: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(String(200))  # what caused it, e.g. "outcome:<id>"
    body: Mapped[str] = mapped_column(Text)  # the rendered text, exactly as sent
    status: Mapped[str] = mapped_column(String(16))  # queued / sent / failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str] = mapped_column(Text, default="")
    sender: Mapped[str] = mapped_column(String(32), default="")  # which sender sent it
    provider_ref: Mapped[str] = mapped_column(String(100), default="")  # the gateway's id
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


QUEUED, SENT, FAILED = "queued", "sent", "failed"
LANGS = ("en", "zh_CN")
HOTLINE = "10000"

# Per template and language. Placeholders: {name}, {hotline} (always given), and each
# template's own. No template holds a link: self-service is named, not linked.
TEMPLATES: dict[str, dict[str, str]] = {
    "thank_you": {
        "en": "Dear {name}, thank you for choosing {offer}. Check your plan and bills any "
              "time in the operator's app or by calling {hotline}. We never ask for card "
              "data or codes by phone or SMS.",
        "zh_CN": "尊敬的{name}，感谢您办理{offer}。您可随时通过营业厅App或拨打{hotline}查询套餐"
                 "和账单。我们不会通过电话或短信索要银行卡信息或验证码。",
    },
    "payment_reminder": {
        "en": "Dear {name}, as agreed, your bill of {amount} yuan is due by {date}. Pay in "
              "the operator's app, at a store or by bank debit. Questions: {hotline}.",
        "zh_CN": "尊敬的{name}，按约定您的{amount}元账单请于{date}前缴纳，可通过营业厅App、"
                 "营业厅或银行代扣缴费。如有疑问请拨打{hotline}。",
    },
    "verification_fallback": {
        "en": "Dear {name}, we could not reach you to confirm {offer} ordered on {date}. "
              "If you did not agree to it, call {hotline} and it will be cancelled.",
        "zh_CN": "尊敬的{name}，我们未能联系到您确认您于{date}办理的{offer}。如您未同意办理，"
                 "请拨打{hotline}，我们将为您取消。",
    },
    "trial_reminder": {
        "en": "Dear {name}, your free trial of {offer} ends on {date}. To keep it, do "
              "nothing; to cancel, call {hotline} before then.",
        "zh_CN": "尊敬的{name}，您的{offer}免费体验将于{date}到期。如需继续使用无需操作；"
                 "如需取消，请在到期前拨打{hotline}。",
    },
}

_LINK = re.compile(r"(?i)\b(?:https?://|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*"
                   r"\.(?:com|cn|net|org|top|xyz|info|io|me|cc|vip|shop)\b")
# Words that make a link a request for payment (lower case; Chinese as written).
PAYMENT_WORDS: tuple[str, ...] = (
    "pay", "payment", "card", "bank", "refund", "transfer", "deposit", "wallet",
    "支付", "付款", "缴费", "充值", "退款", "转账", "银行卡", "汇款", "钱包",
)


class SmsRefused(ValueError):
    """A message that may not be sent: no such template or language, a missing parameter,
    or a link asking for payment."""


def asks_payment_by_link(text: str) -> bool:
    """The rule: a link, and a payment word anywhere in the same message."""
    if not _LINK.search(text):
        return False
    low = text.lower()
    return any(w in low for w in PAYMENT_WORDS)


@dataclass(frozen=True, slots=True)
class Rendered:
    template: str
    lang: str
    body: str


def render(template: str, lang: str, params: dict[str, Any], *, name: str) -> Rendered:
    """The message's text; raises SmsRefused."""
    texts = TEMPLATES.get(template)
    if texts is None:
        raise SmsRefused(f"no SMS template {template!r} (known: {', '.join(TEMPLATES)})")
    raw = texts.get(lang)
    if raw is None:
        raise SmsRefused(f"template {template!r} has no {lang!r} text "
                         f"(languages: {', '.join(LANGS)})")
    if asks_payment_by_link(raw):
        raise SmsRefused(f"template {template!r} ({lang}) holds a link asking for payment")
    values = {"hotline": HOTLINE, **{k: str(v) for k, v in params.items()}, "name": name}
    wanted = {f for _, f, _, _ in string.Formatter().parse(raw) if f}
    missing = sorted(wanted - values.keys())
    if missing:
        raise SmsRefused(f"template {template!r} needs {', '.join(missing)}")
    body = raw.format(**values)
    if asks_payment_by_link(body):
        raise SmsRefused(f"the {template!r} text would hold a link asking for payment")
    return Rendered(template, lang, body)


def queue_sms(session: Session, *, customer_id: str, template: str, lang: str,
              params: dict[str, Any], reason: str) -> SmsMessage:
    """Write a message to the outbox in the caller's transaction (nothing is sent here:
    `server.sms_send.send_due` does). Raises SmsRefused, and LookupError for no such
    customer."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise LookupError(f"no customer {customer_id}")
    r = render(template, lang, params, name=customer.name)
    now = utcnow()
    row = SmsMessage(id=new_id(), customer_id=customer.id, phone=customer.phone,
                     template=r.template, lang=r.lang, reason=reason[:200], body=r.body,
                     status=QUEUED, attempts=0, next_attempt_at=now, last_error="",
                     sender="", provider_ref="", created_at=now, sent_at=None)
    session.add(row)
    return row
