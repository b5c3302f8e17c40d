"""The Chinese translation compiles, loads, and covers every label the agent sees."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from ui import i18n, labels
from ui.resources import TRANSLATIONS_DIR
from wire.rejection import Rejection
from wire.schema import Disposition, Objection

TS = TRANSLATIONS_DIR / "callsheet_zh_CN.ts"


@pytest.mark.parametrize("ts", sorted(TRANSLATIONS_DIR.glob("*_zh_CN.ts")), ids=lambda p: p.name)
def test_every_message_is_translated_and_finished(ts: Path) -> None:
    root = ET.parse(ts).getroot()
    messages = list(root.iter("message"))
    assert len(messages) > (150 if ts == TS else 10)
    for m in messages:
        tr = m.find("translation")
        assert tr is not None
        assert tr.get("type") is None, m.findtext("source")
        text = "".join(tr.itertext()).strip()
        assert text, m.findtext("source")


def test_each_workspace_catalogue_is_found_after_the_shared_one(tmp_path: Path) -> None:
    for name in ("quality", "callsheet", "lead"):
        (tmp_path / f"{name}_zh_CN.ts").write_text("<TS/>")
    assert i18n.catalogues("zh_CN", tmp_path) == ["callsheet", "lead", "quality"]


def test_language_choice_order() -> None:
    assert i18n.choose_language("zh_CN", "en") == "zh_CN"
    assert i18n.choose_language(None, "zh_CN") == "zh_CN"
    assert i18n.choose_language(None, "fr") == "en"


def test_compiles_on_demand_and_falls_back_when_it_cannot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(TS, tmp_path / TS.name)
    qm = i18n.ensure_compiled("zh_CN", tmp_path)
    assert qm is not None and qm.exists() and qm.stat().st_size > 1000
    # No lrelease and no .qm: None (English), no exception.
    (tmp_path / "callsheet_zh_CN.qm").unlink()
    monkeypatch.setattr(i18n, "_lrelease", lambda: tmp_path / "missing-lrelease")
    assert i18n.ensure_compiled("zh_CN", tmp_path) is None


@pytest.fixture
def chinese(qapp: QCoreApplication, tmp_path: Path) -> Iterator[None]:
    shutil.copy(TS, tmp_path / TS.name)
    qm = i18n.ensure_compiled("zh_CN", tmp_path)
    assert qm is not None
    translator = QTranslator()
    assert translator.load(str(qm))
    qapp.installTranslator(translator)
    try:
        yield
    finally:
        qapp.removeTranslator(translator)


@pytest.mark.usefixtures("chinese")
def test_outcome_labels_use_the_agents_words() -> None:
    d = labels.dispositions()
    assert d[Disposition.ACCEPTED] == "成功办理"
    assert d[Disposition.NOT_INTERESTED] == "不感兴趣"
    assert "回拨" in d[Disposition.CALLBACK]
    for disp in Disposition:
        assert not d[disp].isascii(), disp
    for obj in Objection:
        assert not labels.objections()[obj].isascii(), obj
    assert labels.roles()["agent"] == "坐席"
    assert "营销黑名单" in labels.dial_block_reasons()["do_not_call"]


def test_storage_and_offline_errors_have_their_own_words() -> None:
    from app.errors import OfflineUnlockRefused, StorageUnavailable
    from ui.errors import describe

    full = StorageUnavailable("disk I/O error (raw)", code="storage")
    full.folder = "/home/a/.local/share/callsheet"
    title, message = describe(full)
    assert title == "Cannot save on this computer"
    assert "Nothing was saved" in message and full.folder in message and "raw" not in message
    title, message = describe(OfflineUnlockRefused("x", retry_after=4.0, code="wrong_password"))
    assert title == "Wrong password" and "next: 4 s" in message


@pytest.mark.usefixtures("chinese")
def test_every_rejection_reason_is_translated() -> None:
    shown = labels.rejections()
    assert set(shown) == set(Rejection)
    for code, text in shown.items():
        assert not text.isascii(), code
    assert labels.rejection("do_not_call", "server text") == shown[Rejection.DO_NOT_CALL]
    assert labels.rejection("from_a_newer_server", "server text") == "server text"
