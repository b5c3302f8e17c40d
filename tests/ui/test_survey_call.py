"""A satisfaction survey campaign worked from the keyboard in the agent's window against a
live server: Ctrl+N, F5, F6, Alt+Shift+6 (survey completed), Ctrl+U to the first
question, a digit scores it, Tab to the next, words typed, Ctrl+Enter saves; the answers
travel with the outcome (same outbox row) and the server rolls them up per campaign,
region and agent; the lead sees them, and a payment reminder's promise carries its
date and queues its SMS. Screenshots with CALLSHEET_SHOTS=<folder>
(docs/screenshots/agent-survey-*.png)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.store import tables as t
from tests.support.agent_ui import agent_window, shot
from tests.support.demo_server import serve_demo
from tests.ui.lang import language
from tests.ui.test_agent_window import RecordingDialer, key
from ui.tasks import TaskManager
from wire.schema import CampaignType, Disposition

CTRL, ALT, SHIFT = (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier,
                    Qt.KeyboardModifier.ShiftModifier)
SCRIPT = """campaign: CSAT
title: Service satisfaction / 满意度回访
steps:
  - id: open
    kind: say
    title: Opening
    title_zh: 开场白
    text: >-
      Hello {customer_name}, this is {agent_name} from {company}. You can check this call
      through our official hotline 10000. May I ask two short questions about our service?
    text_zh: "{customer_name}您好，我是{company}的{agent_name}。\
      您可拨打官方客服热线10000核实本次来电。想占用您一分钟做个服务满意度回访，可以吗？"
    next: q_overall
  - id: q_overall
    kind: rating
    title: Overall
    title_zh: 总体满意度
    text: "Overall, how satisfied are you with our service?"
    text_zh: "总体来说，您对我们的服务满意吗？"
    next: q_network
  - id: q_network
    kind: rating
    title: Network
    title_zh: 网络质量
    text: "How satisfied are you with the network where you live?"
    text_zh: "您对居住地的网络质量满意吗？"
    next: q_better
  - id: q_better
    kind: free_text
    title: Suggestions
    title_zh: 意见建议
    text: "What should we do better?"
    text_zh: "您觉得我们哪里还可以做得更好？"
    next: close
  - id: close
    kind: close
    title: Closing
    title_zh: 结束语
    text: "Thank you for your time, {customer_name}."
    text_zh: "感谢您的宝贵时间，{customer_name}。"
"""


def make_survey(db_url: str, tmp: Path) -> None:
    """The planner's side: a survey campaign with no offers, planned, given to team A,
    scripted; the demo's other lists closed so the agents work the survey."""
    from sqlalchemy import text

    from server.db import make_engine
    from server.orm import session_factory
    from server.planning import assign, offers_rules, scripts_io, targeting
    from tests.server.loop_support import approve_plans

    eng = make_engine(db_url)
    with session_factory(eng)() as s:
        s.execute(text("UPDATE queue_items SET status = 'closed'"))
        rules = offers_rules.check({
            "campaign": {"code": "CSAT", "type": "satisfaction_survey",
                         "name": "Service satisfaction survey", "name_zh": "服务满意度回访"},
            "exclusions": {"churned": True}, "offers": []})
        targeting.plan_campaign(s, rules, today=date.today())
        approve_plans(s, "CSAT")  # submitted and approved by two people first
        assign.assign_campaign(s, "CSAT", "Team A / 一组", limit=40)
        f = tmp / "csat.yaml"
        f.write_text(SCRIPT, encoding="utf-8")
        scripts_io.publish(s, f)
        # and a payment reminder for team B
        targeting.plan_campaign(s, offers_rules.check({
            "campaign": {"code": "PAYREM", "type": "payment_reminder",
                         "name": "Payment reminder", "name_zh": "缴费提醒"},
            "exclusions": {"churned": True}, "offers": []}), today=date.today())
        approve_plans(s, "PAYREM")
        assign.assign_campaign(s, "PAYREM", "Team B / 二组", limit=20)
        s.commit()
    eng.dispose()


@pytest.fixture(scope="module")
def survey_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    yield from serve_demo(tmp_path_factory, "survey", customers=120, seed=9,
                          prepare=make_survey)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_survey_call_from_the_keyboard_is_rolled_up_on_the_server(
        qtbot: QtBot, tasks: TaskManager, tmp_path: Path, survey_server: dict[str, Any],
        lang: str) -> None:
    from server.db import make_engine
    from server.orm import session_factory
    from server.surveys.store import rollup

    with language(lang):
        win = agent_window(qtbot, tasks, survey_server, tmp_path / "d", RecordingDialer(),
                           agent=0 if lang == "en" else 1, size=(1366, 768))

        key(qtbot, win, Qt.Key.Key_N, CTRL)
        qtbot.waitUntil(lambda: win.detail is not None, timeout=10000)
        d = win.detail
        assert d is not None and d.campaign is not None
        assert d.campaign.campaign_type is CampaignType.SATISFACTION_SURVEY
        panel = win.outcome
        assert not panel.survey.isHidden() and list(panel.survey.ratings) == [
            "q_overall", "q_network"]
        assert panel.buttons[Disposition.SURVEY_COMPLETED].isVisible()
        assert not panel.buttons[Disposition.ACCEPTED].isVisible()  # no sale on a survey
        assert not panel.offer_combo.isVisible()

        key(qtbot, win, Qt.Key.Key_F5)
        qtbot.waitUntil(lambda: win.timer.in_call, timeout=10000)
        key(qtbot, win, Qt.Key.Key_U, CTRL)  # to the first question
        assert QApplication.focusWidget() is panel.survey.ratings["q_overall"]
        key(qtbot, win, Qt.Key.Key_4)
        key(qtbot, win, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is panel.survey.ratings["q_network"]
        key(qtbot, win, Qt.Key.Key_2)
        key(qtbot, win, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is panel.survey.texts["q_better"]
        words = "信号差" if lang == "zh_CN" else "weak signal at home"
        panel.survey.texts["q_better"].insert(words)  # an input method's commit
        key(qtbot, win, Qt.Key.Key_F6)
        key(qtbot, win, Qt.Key.Key_6, ALT | SHIFT)
        assert panel.disposition() is Disposition.SURVEY_COMPLETED
        assert [(a.question_id, a.score, a.text) for a in panel.survey_answers()] == [
            ("q_overall", 4, ""), ("q_network", 2, ""), ("q_better", None, words)]
        shot(win, "agent-survey")

        item_id = d.queue_item_id
        key(qtbot, win, Qt.Key.Key_Return, CTRL)
        qtbot.waitUntil(lambda: win.detail is None or win.detail.queue_item_id != item_id,
                        timeout=15000)
        assert not any(lab.isVisible() for lab in panel.errors.values())
        with win.ws.engine.connect() as conn:  # one local record, the answers inside it
            rows = conn.execute(select(t.calls.c.data)
                                .where(t.calls.c.queue_item_id == item_id)).all()
        assert [a["question_id"] for a in rows[0].data["action"]["survey_answers"]] == [
            "q_overall", "q_network", "q_better"]
        qtbot.waitUntil(lambda: win.ws.queue.pending_count() == 0, timeout=20000)
        win.close()

    eng = make_engine(survey_server["db_url"])
    with session_factory(eng)() as s:
        [whole] = rollup(s, d.campaign.id, "campaign")
        fig = whole.questions["q_overall"]
        assert fig["answers"] == fig["scored"] == whole.calls == (1 if lang == "en" else 2)
        assert len(rollup(s, d.campaign.id, "agent")) == (1 if lang == "en" else 2)
        assert rollup(s, d.campaign.id, "region")
    eng.dispose()


def test_a_survey_cannot_be_saved_completed_without_its_scores(
        qtbot: QtBot, tasks: TaskManager, tmp_path: Path,
        survey_server: dict[str, Any]) -> None:
    win = agent_window(qtbot, tasks, survey_server, tmp_path / "d", RecordingDialer(),
                       agent=2)
    win.queue_panel.select_next_callable()
    qtbot.waitUntil(lambda: win.detail is not None, timeout=10000)
    win.call()
    qtbot.waitUntil(lambda: win.timer.in_call, timeout=10000)
    win.outcome.choose(Disposition.SURVEY_COMPLETED)
    win.outcome.survey.ratings["q_overall"].set_score(5)  # the second one left unscored
    win.save_and_next()
    qtbot.waitUntil(lambda: win.outcome.errors["survey"].isVisible(), timeout=10000)
    assert "1-5" in win.outcome.errors["survey"].text()
    win.close()


def test_the_lead_sees_the_answers_per_campaign_region_and_agent(
        qtbot: QtBot, tasks: TaskManager, tmp_path: Path,
        survey_server: dict[str, Any]) -> None:
    """After the survey calls above: the lead's campaigns page, the survey campaign
    chosen, shows its answers rolled up, then per agent."""
    from tests.conftest import account
    from tests.e2e.desktop import open_role
    from ui.lead.window import LeadWindow

    ws = open_role(survey_server["url"], account(survey_server["accounts"], "team_lead"),
                   tmp_path / "lead")
    win = LeadWindow(ws, tasks)
    qtbot.addWidget(win)
    win.show()
    win.start()
    qtbot.waitUntil(lambda: win.monitor is not None, timeout=20000)
    win.tabs.setCurrentIndex(1)
    mon = win.monitor
    assert mon is not None
    view = win.campaign_view
    row = next(r for r in range(view.model().rowCount())
               if "CSAT" in str(view.model().index(r, 0).data()))
    view.selectRow(row)
    box = win.campaigns_page.survey
    qtbot.waitUntil(lambda: box.figures is not None and box.figures.groups != [],
                    timeout=10000)
    assert box.figures is not None
    [whole] = box.figures.groups
    assert whole.calls >= 1 and "Overall" in box.view.toPlainText()
    box.by_combo.setCurrentIndex(2)  # per agent
    qtbot.waitUntil(lambda: box.figures is not None and box.figures.by == "agent",
                    timeout=10000)
    assert all(g.label != g.key for g in box.figures.groups)  # agents by name
    # the daily export's campaign sheet: survey calls and the mean score
    from datetime import timedelta

    from app.services.lead import LeadService
    from ui.lead.summary import SummaryTables

    today = date.today()
    summary = LeadService(ws.client).summary(today - timedelta(days=1),
                                             today + timedelta(days=1))
    csat = next(c for c in summary.campaigns if c.code == "CSAT")
    assert csat.survey_calls == whole.calls and csat.satisfaction_mean is not None
    _name, head, rows = SummaryTables().sheets(summary)[1]
    assert head[-2:] == ["Survey calls", "Satisfaction (mean 1-5)"]
    assert [r[-2:] for r in rows if str(r[0]).startswith("CSAT")] == [
        [csat.survey_calls, csat.satisfaction_mean]]
    win.close()


def test_a_promise_to_pay_from_the_keyboard_carries_its_date_and_queues_the_sms(
        qtbot: QtBot, tasks: TaskManager, tmp_path: Path,
        survey_server: dict[str, Any]) -> None:
    from server.db import make_engine
    from server.orm import session_factory
    from server.sms import SmsMessage

    win = agent_window(qtbot, tasks, survey_server, tmp_path / "d", RecordingDialer(),
                       agent=4)
    key(qtbot, win, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: win.detail is not None, timeout=10000)
    d = win.detail
    assert d is not None and d.campaign is not None
    assert d.campaign.campaign_type is CampaignType.PAYMENT_REMINDER
    panel = win.outcome
    assert panel.survey.isHidden() and not panel.promise_edit.isHidden()
    key(qtbot, win, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: win.timer.in_call, timeout=10000)
    key(qtbot, win, Qt.Key.Key_F6)
    key(qtbot, win, Qt.Key.Key_3, ALT | SHIFT)  # promised to pay: the date has the focus
    assert panel.disposition() is Disposition.PROMISED_TO_PAY
    assert QApplication.focusWidget() is panel.promise_edit
    promised = panel.promised_on()
    assert promised is not None and promised > date.today()
    key(qtbot, win, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: win.detail is None or win.detail.queue_item_id != d.queue_item_id,
                    timeout=15000)
    qtbot.waitUntil(lambda: win.ws.queue.pending_count() == 0, timeout=20000)
    win.close()
    eng = make_engine(survey_server["db_url"])
    with session_factory(eng)() as s:
        sms = s.scalars(select(SmsMessage).where(SmsMessage.customer_id == d.customer.id)).all()
        assert [(x.template, x.status) for x in sms] == [("payment_reminder", "queued")]
        assert promised.isoformat() in sms[0].body
    eng.dispose()

