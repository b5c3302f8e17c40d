"""One Chinese term per concept, across every catalogue: a campaign is 营销活动 on every
screen (the manager's plan page said 营销活动 and the approval page beside it 活动), a
call-back is 回拨 (the lead's rebalance said 回呼), the do-not-call list is 营销黑名单,
the agent's queue 队列 (also 名单 in a few messages) and an item of it 队列项 (also 任务,
队列条目 and, on the lead's and the manager's pages, 名单).
Each rule names the term and the variants that crept in beside it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

CATALOGUES = sorted((Path(__file__).parents[2] / "resources" / "translations")
                    .glob("*_zh_CN.ts"))

# (concept, English sources whose translation must hold the term, the term, variants no
# translation may use). "A campaign" is wider than the first pattern: the campaign
# manager is 营销策划, and "plan the campaign" is said as choosing its customers.
TERMS = [
    ("campaign", r"^(all )?campaigns?:?$|&campaign|campaign code|this campaign",
     "营销活动", r"(?<!营销)活动"),
    ("call-back", r"call-?back", "回拨", r"回呼"),
    ("do-not-call list", r"do-not-call list", "营销黑名单", r"免打扰名单"),
    ("value tier", r"value tier|^tier|by tier|score / tier", "价值等级",
     r"价值层级|价值档次|分层"),
    ("queue", r"\bqueues?\b(?! items?)", "队列", r"外呼名单|名单(最前面|剩余)"),
    ("queue item", r"\bqueue items?\b|this item|(its|%1) open items|^(&?move items|what will move"
     r"|items)$|would move|new items a day", "队列项",
     r"队列条目|该任务|未完成名单|移动的?名单|新增名单|名单数"),
]


def _messages(path: Path) -> list[tuple[str, str]]:
    out = []
    for m in ET.parse(path).getroot().iter("message"):
        out.append((m.findtext("source") or "", m.findtext("translation") or ""))
    return out


@pytest.mark.parametrize("concept, english, term, variant", TERMS,
                         ids=[t[0] for t in TERMS])
def test_one_term_per_concept(concept: str, english: str, term: str, variant: str) -> None:
    wrong, used = [], 0
    for path in CATALOGUES:
        for source, translation in _messages(path):
            named = re.search(english, source, re.I) is not None
            if re.search(variant, translation) or (named and term not in translation):
                wrong.append(f"{path.name}: {source[:60]!r} -> {translation[:40]!r}")
            used += named
    assert CATALOGUES and used, f"no source names the {concept}"
    assert not wrong, f"{concept} is {term}:\n" + "\n".join(wrong)
