"""The campaign manager's funnel names a rule table's steps in the language shown: its
`label_zh` in Chinese, its `label` in English, while plans keep naming steps by `label`."""

from __future__ import annotations

import copy

import pytest
from pytestqt.qtbot import QtBot

from app.api_client import ApiClient
from app.services.manager import ManagerService
from server.planning import offers_rules
from tests.ui.lang import language
from ui.manager.pages.plan import PlanPage
from ui.tasks import TaskManager
from wire.manager import RuleTable
from wire.planning import FunnelStep, PlanReport

EN = ["value tier A1-C", "plan fit C or D (over the plan)",
      "over plan by 50 MB a month or more"]
ZH = ["价值等级A1-C", "套餐匹配度C或D（超出套餐）", "每月超出套餐50MB及以上"]


def _page(qtbot: QtBot, tasks: TaskManager) -> PlanPage:
    page = PlanPage(ManagerService(ApiClient("http://127.0.0.1:9")), tasks)
    qtbot.addWidget(page)
    page._rules(RuleTable(campaign_code="DATAPK",
                          rules=copy.deepcopy(offers_rules.BUILTIN["DATAPK"])))
    page.report = PlanReport(campaign_code="DATAPK", dry_run=True, targets=3, funnel=[
        FunnelStep(step="customers on file", kept=10, dropped=0),
        *(FunnelStep(step=s, kept=6 - n, dropped=1) for n, s in enumerate(EN)),
        FunnelStep(step="a step no rule names", kept=3, dropped=0)])
    page._draw()
    return page


def _shown(page: PlanPage) -> tuple[list[str], list[str]]:
    return ([page.filters.item(i).text() for i in range(page.filters.count())],
            [page.funnel_table.item(r, 0).text() for r in range(page.funnel_table.rowCount())])


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_rule_steps_are_named_in_the_language_shown(qtbot: QtBot, tasks: TaskManager,
                                                    lang: str) -> None:
    with language(lang):
        page = _page(qtbot, tasks)
        filters, funnel = _shown(page)
        labels = ZH if lang == "zh_CN" else EN
        assert filters == labels
        assert funnel[1:] == [*labels, "a step no rule names"]
        assert funnel[0] == ("在册客户" if lang == "zh_CN" else "customers on file")
        # the plan's own record keeps the server's names (a comparison matches them)
        assert [s.step for s in page.funnel][1:4] == EN


def test_a_label_that_is_not_text_is_refused() -> None:
    rules = copy.deepcopy(offers_rules.BUILTIN["DATAPK"])
    rules["targeting"][0]["label_zh"] = ["价值等级"]
    with pytest.raises(offers_rules.RulesError, match=r"targeting\[0\]\.label_zh"):
        offers_rules.check(rules)

