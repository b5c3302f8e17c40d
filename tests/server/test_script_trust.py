"""The trust script: publish-script refuses a script whose opening does not name the
official hotline, and each phrase of the documented word list (English and Chinese) that
asks for money, card or bank data, passwords or codes, or says "press N for a refund",
with the line it is on; the step kinds fit the campaign's type. The demo scripts pass."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from server import demo_content
from server.db import make_engine
from server.orm import session_factory
from server.planning import offers_rules
from server.planning.scripts_io import ScriptInvalid, publish
from server.planning.scripts_parsed import Where
from server.planning.scripts_trust import FORBIDDEN, trust_errors
from server.planning.targeting import ensure_campaign

OPEN_EN = "Hello {customer_name}, this is {agent_name}. Check this call at hotline 10000."
OPEN_ZH = "您好，我是{agent_name}，您可拨打10000核实本次来电。"

# (phrase in a step's text, its language, what the refusal says)
PHRASES = [
    ("Please transfer the money to our account today.", "en", "asks for money"),
    ("You can pay now to avoid suspension.", "en", "asks for money"),
    ("Move it to a safe account.", "en", "asks for money"),
    ("Tell me your card number please.", "en", "asks for card or bank data"),
    ("Which bank card do you use?", "en", "asks for card or bank data"),
    ("Read me the CVV on the back.", "en", "asks for card or bank data"),
    ("What is your password?", "en", "asks for a password or a verification code"),
    ("Read me the verification code we just sent.", "en",
     "asks for a password or a verification code"),
    ("You were overcharged: press 1 for a refund.", "en", "press N for a refund"),
    ("To get your refund, press 2.", "en", "press N for a refund"),
    ("请把钱转账到以下账户。", "zh", "asks for money"),
    ("请立即支付欠费。", "zh", "asks for money"),
    ("请告诉我您的银行卡号。", "zh", "asks for card or bank data"),
    ("请提供您的信用卡信息。", "zh", "asks for card or bank data"),
    ("请告诉我您的服务密码。", "zh", "asks for a password or a verification code"),
    ("请把刚收到的验证码告诉我。", "zh", "asks for a password or a verification code"),
    ("您被多收了费用，按1键办理退款。", "zh", "press N for a refund"),
]


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    engine = make_engine(db_url)
    with session_factory(engine)() as s:
        ensure_campaign(s, offers_rules.builtin("DATAPK"))
        s.commit()
        yield s
    engine.dispose()


def _script(tmp_path: Path, middle: str, *, opening: str = OPEN_EN,
            opening_zh: str = OPEN_ZH) -> Path:
    f = tmp_path / "s.yaml"
    f.write_text(f"""campaign: DATAPK
title: Trust
steps:
  - id: open
    kind: say
    title: Opening
    text: "{opening}"
    text_zh: "{opening_zh}"
    next: ask
  - id: ask
    kind: question
    title: Question
    text: "{middle}"
    next: close
  - id: close
    kind: close
    title: Closing
    text: "Thank you."
""", encoding="utf-8")
    return f


@pytest.mark.parametrize(("phrase", "lang", "what"), PHRASES)
def test_each_listed_phrase_is_refused_with_its_line(session: Session, tmp_path: Path,
                                                     phrase: str, lang: str,
                                                     what: str) -> None:
    path = _script(tmp_path, phrase) if lang == "en" else \
        _script(tmp_path, "Any questions?", opening_zh=OPEN_ZH + phrase)
    with pytest.raises(ScriptInvalid) as exc:
        publish(session, path)
    line = 13 if lang == "en" else 8  # the text of step ask / the opening's text_zh
    assert [(ln, what in msg) for ln, msg in exc.value.errors] == [(line, True)], \
        exc.value.errors


def test_every_phrase_of_the_word_list_has_a_row() -> None:
    for p in FORBIDDEN:  # each pattern matches at least one listed phrase of its language
        assert any(p.pattern.search(ph) for ph, lang, _ in PHRASES if lang == p.lang), \
            p.pattern.pattern


def test_the_opening_must_name_the_hotline(session: Session, tmp_path: Path) -> None:
    with pytest.raises(ScriptInvalid) as exc:
        publish(session, _script(tmp_path, "Any questions?", opening="Hello {customer_name}.",
                                 opening_zh="您好。"))
    assert [ln for ln, _ in exc.value.errors] == [7, 8]
    assert all("official hotline 10000" in msg for _, msg in exc.value.errors)


def test_prices_bills_and_payment_methods_may_be_spoken_of(session: Session,
                                                           tmp_path: Path) -> None:
    ok = ("The pack costs 30 yuan a month, debited with your phone bill; you can pay your "
          "bill in the app or at a store.")
    assert publish(session, _script(tmp_path, ok)).version == 1


def test_step_kinds_fit_the_campaign_type(session: Session, tmp_path: Path) -> None:
    ensure_campaign(session, offers_rules.check({"campaign": {
        "code": "SURV", "type": "satisfaction_survey"}, "offers": []}))
    session.commit()
    f = _script(tmp_path, "How satisfied are you?")
    f.write_text(f.read_text(encoding="utf-8").replace("campaign: DATAPK", "campaign: SURV")
                 .replace("kind: question", "kind: pitch"), encoding="utf-8")
    with pytest.raises(ScriptInvalid) as exc:
        publish(session, f)
    assert [(ln, "no pitch steps" in msg) for ln, msg in exc.value.errors] == [(11, True)]
    f.write_text(f.read_text(encoding="utf-8").replace("kind: pitch", "kind: rating"),
                 encoding="utf-8")
    assert publish(session, f).steps == 3


def test_the_demo_scripts_pass() -> None:
    for code in ("MIG4G", "DATAPK", "BBRENEW"):
        for version in (1, 2):
            steps = demo_content.script_steps(code, version)
            where = {s["id"]: Where(1) for s in steps}
            assert trust_errors(steps, where) == [], (code, version)
