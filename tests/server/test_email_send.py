"""The email outbox: the SMTP adapter against a tiny real SMTP server on loopback
(tests/support/smtp_server.py): login, the message as queued, the record kept on the row;
a refused login and a temporary failure are retried, the password is never logged nor in
an error or the sender's repr; the file sender; the settings; the background sender and
the `send-email` command share one round (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from server import models as m
from server.cli import main as cli_main
from server.db import make_engine
from server.email_outbox import EmailMessage, queue_email
from server.email_send import (
    FileEmailSender,
    SmtpSender,
    mask_address,
    send_due,
    sender_from_setting,
)
from server.orm import session_factory
from server.outbox_worker import BackgroundSender, start_from_settings
from server.sms import SmsRefused
from server.sms_send import FileSender, SendFailed
from tests.support.smtp_server import SmtpServer

PASSWORD = "pa55-w0rd-never-logged"
TEXT = "【客服中心】尊敬的张三：您于2026-12-01通过电话办理了“流量包”。如需退订请拨打10000。"


@pytest.fixture
def session(seeded: tuple[str, dict[str, object]]) -> Iterator[Session]:
    engine = make_engine(seeded[0])
    with session_factory(engine)() as s:
        yield s
    engine.dispose()


def _customer(s: Session, email: str = "zhang.san@example.cn") -> m.Customer:
    c = s.scalars(select(m.Customer).order_by(m.Customer.id)).first()
    assert c is not None
    c.email = email
    return c


def _smtp(port: int, password: str = PASSWORD, **kw: object) -> SmtpSender:
    return SmtpSender(host="127.0.0.1", port=port, sender_address="notice@callcentre.example",
                      user="mailer", password=password, timeout=5, **kw)  # type: ignore[arg-type]


def test_smtp_sender_logs_in_and_sends_the_text_as_queued(
        session: Session, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    c = _customer(session)
    row = queue_email(session, customer=c, subject="【客服中心】关于您电话办理业务的核实",
                      body=TEXT, reason="verification:v1")
    session.commit()
    with SmtpServer(user="mailer", password=PASSWORD) as smtp:
        assert send_due(session, _smtp(smtp.port)) == (1, 0)
        session.commit()
        (got,) = smtp.messages
    assert got.user == "mailer" and got.rcpt_to == ["zhang.san@example.cn"]
    assert got.mail_from == "notice@callcentre.example"
    msg = got.message
    assert msg["Subject"] == "【客服中心】关于您电话办理业务的核实"
    assert msg.get_content().strip() == TEXT
    assert (row.status, row.sender, row.attempts) == ("sent", "smtp", 1)
    assert row.provider_ref == msg["Message-ID"] and row.sent_at is not None
    assert send_due(session, _smtp(smtp.port)) == (0, 0), "sent once"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "zhang.san@" not in logged and mask_address(c.email) in logged


def test_a_refused_login_is_retried_and_the_password_never_shows(
        session: Session, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    c = _customer(session)
    row = queue_email(session, customer=c, subject="s", body=TEXT, reason="r")
    session.commit()
    with SmtpServer(user="mailer", password="another") as smtp:
        sender = _smtp(smtp.port)
        with pytest.raises(SendFailed) as err:
            sender.send(message_id="m", to=c.email, subject="s", text="t")
        assert PASSWORD not in str(err.value) and "535" in str(err.value)
        assert err.value.__cause__ is None and err.value.__context__ is not None
        assert send_due(session, sender) == (0, 1)
        session.commit()
        assert smtp.messages == [] and smtp.state.auth_lines, "it did try to log in"
    assert row.status == "queued" and row.attempts == 1 and row.next_attempt_at > row.created_at
    assert PASSWORD not in row.last_error and PASSWORD not in repr(sender)
    assert all(PASSWORD not in r.getMessage() for r in caplog.records)


def test_a_temporary_failure_and_a_server_without_starttls(session: Session) -> None:
    with SmtpServer(user="mailer", password=PASSWORD) as smtp:
        smtp.state.fail_data = True
        with pytest.raises(SendFailed, match="451"):
            _smtp(smtp.port).send(message_id="m", to="a@b.cn", subject="s", text="t")
        smtp.state.fail_data = False
        with pytest.raises(SendFailed, match="STARTTLS"):
            _smtp(smtp.port, starttls="always").send(message_id="m", to="a@b.cn",
                                                     subject="s", text="t")
        assert smtp.messages == []
    with pytest.raises(SendFailed, match="unreachable"):  # the server is gone
        _smtp(smtp.port).send(message_id="m", to="a@b.cn", subject="s", text="t")


def test_queue_email_needs_an_address_and_obeys_the_link_rule(session: Session) -> None:
    c = _customer(session, email="")
    with pytest.raises(ValueError, match="no email address"):
        queue_email(session, customer=c, subject="s", body=TEXT, reason="r")
    c.email = "x@example.cn"
    with pytest.raises(SmsRefused):
        queue_email(session, customer=c, subject="s", body="退款请访问 kefu.vip 填写银行卡",
                    reason="r")


def test_settings_choose_the_sender(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "smtp-password"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    monkeypatch.setenv("CALLSHEET_SMTP_PASSWORD_FILE", str(secret))
    monkeypatch.setenv("CALLSHEET_SMTP_USER", "mailer")
    monkeypatch.setenv("CALLSHEET_EMAIL_FROM", "notice@callcentre.example")
    s = sender_from_setting("smtps://mail.example.cn")
    assert isinstance(s, SmtpSender)
    assert (s.host, s.port, s.tls, s.user, s.password) == (
        "mail.example.cn", 465, True, "mailer", PASSWORD)
    assert PASSWORD not in repr(s)
    s = sender_from_setting("smtp://mail.example.cn:2525")
    assert isinstance(s, SmtpSender) and (s.port, s.tls, s.starttls) == (2525, False, "auto")
    f = sender_from_setting(f"file:{tmp_path / 'out.jsonl'}")
    assert isinstance(f, FileEmailSender) and f.path == tmp_path / "out.jsonl"
    monkeypatch.delenv("CALLSHEET_EMAIL_SENDER", raising=False)
    assert isinstance(sender_from_setting(), FileEmailSender)


def test_the_command_and_the_background_sender_share_one_round(
        seeded: tuple[str, dict[str, object]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    db_url = seeded[0]
    engine = make_engine(db_url)
    factory = session_factory(engine)
    try:
        with factory() as s:
            c = _customer(s)
            first = queue_email(s, customer=c, subject="s1", body=TEXT, reason="r1").id
            s.commit()
        out = tmp_path / "email.jsonl"
        assert cli_main(["send-email", "--database-url", db_url, "--sender",
                         f"file:{out}"]) == 0
        lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
        assert [(x["id"], x["to"], x["text"]) for x in lines] == [(first, c.email, TEXT)]

        monkeypatch.delenv("CALLSHEET_SEND_EVERY_SECONDS", raising=False)
        assert start_from_settings(factory) is None, "off by default"
        with factory() as s:
            second = queue_email(s, customer=_customer(s), subject="s2", body=TEXT,
                                 reason="r2").id
            s.commit()
        bg = BackgroundSender(factory, 0.05, sms=FileSender(tmp_path / "sms.jsonl"),
                              email=FileEmailSender(out), limit=10).start()
        try:
            deadline = time.monotonic() + 10
            while bg.rounds < 2 and time.monotonic() < deadline:
                time.sleep(0.02)
        finally:
            bg.stop()
        assert bg.rounds >= 2
        lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
        assert [x["id"] for x in lines] == [first, second], "each sent once"
        with factory() as s:
            assert s.get(EmailMessage, second).status == "sent"  # type: ignore[union-attr]
    finally:
        engine.dispose()
