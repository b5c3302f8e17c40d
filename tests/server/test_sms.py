"""The SMS outbox: queue_sms writes in the caller's transaction; the file sender sends and
the row keeps what was sent; a failing gateway is retried with backoff, then given up; a
template or a text with a link asking for payment is refused; phone numbers are masked in
the log (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from server import models as m
from server import sms
from server.db import make_engine, utcnow
from server.orm import session_factory
from server.sms import SmsMessage, SmsRefused, asks_payment_by_link, queue_sms
from server.sms_send import (
    MAX_ATTEMPTS,
    FileSender,
    HttpSender,
    backoff,
    send_due,
    sender_from_setting,
)


@pytest.fixture
def session(seeded: tuple[str, dict[str, object]]) -> Iterator[Session]:
    engine = make_engine(seeded[0])
    with session_factory(engine)() as s:
        yield s
    engine.dispose()


def _customer(s: Session) -> m.Customer:
    c = s.scalars(select(m.Customer).order_by(m.Customer.id)).first()
    assert c is not None
    return c


def test_file_sender_sends_and_the_row_keeps_what_was_sent(session: Session, tmp_path: Path,
                                                          caplog: pytest.LogCaptureFixture
                                                          ) -> None:
    c = _customer(session)
    row = queue_sms(session, customer_id=c.id, template="thank_you", lang="en",
                    params={"offer": "30 yuan data pack"}, reason="outcome:x")
    session.rollback()  # the caller's transaction: nothing without its commit
    assert session.scalars(select(SmsMessage)).all() == []
    row = queue_sms(session, customer_id=c.id, template="thank_you", lang="zh_CN",
                    params={"offer": "流量包"}, reason="outcome:x")
    session.commit()
    out = tmp_path / "sent.jsonl"
    with caplog.at_level(logging.INFO, logger="callsheet.sms"):
        assert send_due(session, FileSender(out)) == (1, 0)
    session.commit()
    [line] = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert (line["to"], line["id"]) == (c.phone, row.id)
    assert c.name in line["text"] and "流量包" in line["text"] and "10000" in line["text"]
    session.refresh(row)
    assert (row.status, row.sender, row.attempts, row.body) == ("sent", "file", 1,
                                                                line["text"])
    assert row.sent_at is not None
    assert c.phone not in caplog.text and row.id in caplog.text  # masked in the log
    assert send_due(session, FileSender(out)) == (0, 0)  # sent once only


def test_a_failing_gateway_is_retried_with_backoff_then_given_up(session: Session) -> None:
    c = _customer(session)
    calls: list[dict[str, object]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        calls.append(json.loads(request.content))
        return httpx.Response(503 if len(calls) < 3 else 200, json={"id": "gw-42"})

    gateway = HttpSender("https://sms.example.test/send", "t0ken",
                         transport=httpx.MockTransport(answer))
    row = queue_sms(session, customer_id=c.id, template="trial_reminder", lang="en",
                    params={"offer": "TV pack", "date": "2026-12-31"}, reason="trial:t1")
    session.commit()
    now = utcnow()
    assert send_due(session, gateway, now=now) == (0, 1)
    assert (row.status, row.attempts, row.last_error) == ("queued", 1, "gateway answered 503")
    assert now + timedelta(seconds=20) <= row.next_attempt_at <= now + timedelta(seconds=40)
    assert send_due(session, gateway, now=now) == (0, 0)  # not due yet
    later = row.next_attempt_at
    assert send_due(session, gateway, now=later) == (0, 1)
    assert send_due(session, gateway, now=row.next_attempt_at) == (1, 0)
    session.commit()
    assert (row.status, row.provider_ref, row.sender) == ("sent", "gw-42", "http")
    assert calls[0]["to"] == c.phone and calls[0]["id"] == row.id

    dead = queue_sms(session, customer_id=c.id, template="thank_you", lang="en",
                     params={"offer": "x"}, reason="r")
    session.commit()
    down = HttpSender("https://sms.example.test/send", transport=httpx.MockTransport(
        lambda r: httpx.Response(500)))
    for _ in range(MAX_ATTEMPTS):
        send_due(session, down, now=dead.next_attempt_at)
    assert (dead.status, dead.attempts) == ("failed", MAX_ATTEMPTS)


def test_backoff_grows_and_is_capped() -> None:
    waits = [backoff(n, rand=lambda: 0.5).total_seconds() for n in range(1, 10)]
    assert waits[:4] == [30, 60, 120, 240] and waits[-1] == 3600


@pytest.mark.parametrize("text", [
    "Your bill is overdue, pay at http://pay.example.com now",
    "Refund waiting: www.refund-center.top",
    "点击 http://x.cn 充值",
    "退款请访问 kefu-tuikuan.vip 填写银行卡",
])
def test_a_link_asking_for_payment_is_refused(session: Session, text: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    assert asks_payment_by_link(text)
    c = _customer(session)
    # in a parameter
    with pytest.raises(SmsRefused, match="link asking for payment"):
        queue_sms(session, customer_id=c.id, template="thank_you", lang="en",
                  params={"offer": text}, reason="r")
    # in a template
    monkeypatch.setitem(sms.TEMPLATES, "bad", {"en": "Dear {name}, " + text})
    with pytest.raises(SmsRefused, match="holds a link asking for payment"):
        queue_sms(session, customer_id=c.id, template="bad", lang="en", params={},
                  reason="r")
    session.rollback()
    assert session.scalars(select(SmsMessage)).all() == []


def test_links_without_payment_and_payment_without_links_pass() -> None:
    assert not asks_payment_by_link("Pay your bill in the app or at a store.")
    assert not asks_payment_by_link("See www.example.cn for store hours.")
    for texts in sms.TEMPLATES.values():
        for t in texts.values():
            assert not asks_payment_by_link(t)


def test_unknown_template_language_or_parameter_is_refused(session: Session) -> None:
    c = _customer(session)
    for template, lang, params, msg in [
        ("nope", "en", {}, "no SMS template"), ("thank_you", "fr", {"offer": "x"}, "no 'fr'"),
        ("trial_reminder", "en", {"offer": "x"}, "needs date")]:
        with pytest.raises(SmsRefused, match=msg):
            queue_sms(session, customer_id=c.id, template=template, lang=lang,
                      params=params, reason="r")


def test_the_sender_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert isinstance(sender_from_setting(""), FileSender)
    f = sender_from_setting(f"file:{tmp_path / 'x.jsonl'}")
    assert isinstance(f, FileSender) and f.path == tmp_path / "x.jsonl"
    monkeypatch.setenv("CALLSHEET_SMS_TOKEN", "abc")
    h = sender_from_setting("https://gw.example.test/sms")
    assert isinstance(h, HttpSender) and h.token == "abc"
