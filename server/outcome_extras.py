"""What an accepted outcome writes beside its call record, in the push's transaction: a
survey's answers (server/surveys), and the SMS the call causes (server/sms.py): the agreed
date after a promise to pay. (A sale's thank-you waits for the sale to stand: it is
queued when its order is confirmed, server/aftersale/verify.py.)"""

from __future__ import annotations

import logging
import os
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from server import models as m
from server.sms import SmsRefused, queue_sms
from server.surveys.store import answer_rows
from wire.schema import Disposition, OutcomeAction

log = logging.getLogger("callsheet.sms")


def sms_lang() -> str:
    """The language of the texts sent after calls: CALLSHEET_SMS_LANG (en or zh_CN)."""
    return os.environ.get("CALLSHEET_SMS_LANG", "zh_CN").strip() or "zh_CN"


def after_outcome(session: Session, a: OutcomeAction, campaign: m.Campaign,
                  customer: m.Customer, *, agent_id: str, at: datetime
                  ) -> list[dict[str, Any]]:
    """Queue the call's SMS; return the survey answer rows for the batch to insert."""
    lang = sms_lang()
    # A sale's thank-you is not sent here: it goes when the sale stands, on its order's
    # confirmation (server/aftersale/verify.py `thank_you`; docs/after-sale.md).
    if a.disposition is Disposition.PROMISED_TO_PAY and a.promised_on is not None:
        _queue(session, customer, "payment_reminder", lang,
               {"amount": f"{customer.arrears_yuan:.2f}", "date": a.promised_on.isoformat()},
               a.action_id)
    return answer_rows(a, campaign_id=campaign.id, agent_id=agent_id,
                       region=customer.region, at=at)


def _queue(session: Session, customer: m.Customer, template: str, lang: str,
           params: dict[str, Any], action_id: str) -> None:
    try:
        queue_sms(session, customer_id=customer.id, template=template, lang=lang,
                  params=params, reason=f"outcome:{action_id}")
    except SmsRefused as exc:  # e.g. an offer's name holding a payment link: not sent
        log.warning("SMS %s after outcome %s not queued: %s", template, action_id, exc)
