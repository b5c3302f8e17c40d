"""Every translation catalogue is well formed: one source and one translation per message,
no message twice in a context with two translations. lrelease accepts a message holding
two sources and silently keeps the last, so a bad merge of two branches' new strings left
texts untranslated without a word; this test says so instead."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

CATALOGUES = sorted((Path(__file__).parents[2] / "resources" / "translations").glob("*.ts"))


@pytest.mark.parametrize("path", CATALOGUES, ids=[p.name for p in CATALOGUES])
def test_each_message_has_one_source_and_one_translation(path: Path) -> None:
    wrong: list[str] = []
    seen: dict[tuple[str, str, str], str] = {}
    for ctx in ET.parse(path).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            sources, translations = m.findall("source"), m.findall("translation")
            if len(sources) != 1 or len(translations) != 1:
                wrong.append(f"{name}: {[s.text for s in sources]}")
                continue
            key = (name, sources[0].text or "", m.findtext("comment") or "")
            text = translations[0].text or ""
            if key in seen and seen[key] != text:
                wrong.append(f"{name}: {key[1]!r} translated twice")
            seen[key] = text
    assert CATALOGUES and not wrong, "\n".join(wrong)
