"""Script variants by segment in the windows (issue 22), against a live server: the agent
window names the variant read to the customer shown and shows its steps and the segment
fields in the profile; the manager's script editor previews the variant a sample
customer's fields choose, the fields reached from the keyboard. Screenshots with
CALLSHEET_SHOTS=<folder> (docs/screenshots/agent-script-variant-*.png,
manager-script-variants-*.png)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from app.services.manager import ManagerService
from tests.e2e.desktop import open_role
from tests.support.agent_ui import agent_window, shot
from tests.support.demo_server import serve_demo
from tests.ui.lang import language
from tests.ui.test_agent_window import RecordingDialer, key
from ui.manager.pages.script import ScriptPage
from ui.manager.window import ManagerWindow
from ui.tasks import TaskManager

DATA = Path(__file__).resolve().parents[1] / "data" / "planning"
CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
WAIT = 30000


def _setup(db_url: str, tmp: Path) -> None:
    """Every customer is 65+ (so whoever Ctrl+N shows hears the seniors' variant) with a
    package history, and each sales campaign with open items gets the variants' script."""
    from sqlalchemy import select, text

    from server import models as m
    from server.db import make_engine
    from server.orm import session_factory
    from server.planning import scripts_io

    eng = make_engine(db_url)
    with session_factory(eng)() as s:
        s.execute(text("UPDATE customers SET age_band = '65+', district = '天河区', "
                       "community = '华景新城', broadband_mbps = 100, package_history = "
                       "'[{\"since\": \"2019-05-01\", \"name\": \"3G 28\"}, "
                       "{\"since\": \"2022-01-10\", \"name\": \"4G Smart 58\"}]'"))
        codes = s.scalars(select(m.Campaign.code).where(
            m.Campaign.campaign_type == "sales",
            m.Campaign.id.in_(select(m.QueueItem.campaign_id)))).all()
        src = (DATA / "script_variants.md").read_text(encoding="utf-8")
        for code in codes:
            f = tmp / f"{code}.md"
            f.write_text(src.replace("campaign: DATAPK", f"campaign: {code}"), encoding="utf-8")
            scripts_io.publish(s, f)
        s.commit()
    eng.dispose()


@pytest.fixture(scope="module")
def variants_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    yield from serve_demo(tmp_path_factory, "variants", customers=120, seed=9,
                          prepare=_setup)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_agent_window_reads_the_customers_variant(
        qtbot: QtBot, tasks: TaskManager, tmp_path: Path, variants_server: dict[str, Any],
        lang: str) -> None:
    with language(lang):
        win = agent_window(qtbot, tasks, variants_server, tmp_path / "d", RecordingDialer(),
                           agent=0, size=(1366, 768))
        key(qtbot, win, Qt.Key.Key_N, CTRL)
        qtbot.waitUntil(lambda: win.detail is not None and win.detail.script is not None,
                        timeout=10000)
        d = win.detail
        assert d is not None and d.script is not None and d.script.variants
        title = win.customer.script_box.title()
        assert title == ("话术：老年客户" if lang == "zh_CN" else "Script: Seniors")
        pitch = next(s for s in d.steps if s.id == "pitch")
        assert "no monthly fee" in pitch.text
        profile = win.customer.profile.toPlainText()
        assert "65+" in profile and "2022-01-10 4G Smart 58" in profile
        assert "100 Mbit/s" in profile and "天河区 / 华景新城" in profile
        # for the picture: the profile pane taller (its splitter) and scrolled to the
        # segment fields
        win.customer.left_splitter.setSizes([330, 120])
        qtbot.wait(400)
        band = next(lb for lb in win.customer.profile.findChildren(QLabel)
                    if lb.text() == ("年龄段" if lang == "zh_CN" else "Age band"))
        win.customer.profile.ensureWidgetVisible(band, 0, 120)
        qtbot.wait(600)  # painted
        shot(win, "agent-script-variant")
        win.close()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_script_editor_previews_the_variant_a_sample_customer_gets(
        qtbot: QtBot, tasks: TaskManager, tmp_path: Path, variants_server: dict[str, Any],
        lang: str) -> None:
    admin = next(a for a in variants_server["accounts"] if a["role"] == "admin")
    with language(lang):
        ws = open_role(variants_server["url"], admin, tmp_path / "admin")
        win = ManagerWindow(ws, tasks, service=ManagerService(ws.client, tmp_path / "m.json"))
        qtbot.addWidget(win)
        win.resize(1366, 768)
        win.show()
        win.start()
        qtbot.waitUntil(lambda: not tasks.busy, timeout=WAIT)
        page = win.show_page(ScriptPage)
        assert isinstance(page, ScriptPage)
        page.editor.setPlainText((DATA / "script_variants.md").read_text(encoding="utf-8"))
        page.check()
        qtbot.waitUntil(lambda: page.checked is not None and page.checked.ok
                        and not tasks.busy, timeout=WAIT)
        assert [v["key"] for v in page.checked.variants] == ["seniors", "young5g"]
        sample = page.sample
        assert sample.choice() is not None and sample.choice().key == "seniors"  # type: ignore[union-attr]
        win.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=5000)
        page.editor.setFocus()
        # From the keyboard: Alt+G to the age band, Alt+W network, Alt+I plan fit.
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_G, ALT)
        assert QApplication.focusWidget() is sample.age
        sample.age.selectAll()
        qtbot.keyClicks(sample.age, "25-34")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_W, ALT)
        assert QApplication.focusWidget() is sample.network
        sample.network.setCurrentText("5G")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_I, ALT)
        assert QApplication.focusWidget() is sample.plan_fit
        sample.plan_fit.setCurrentText("D")
        chosen = sample.choice()
        assert chosen is not None and chosen.key == "young5g"
        name = "广东年轻5G用户" if lang == "zh_CN" else "Young 5G users in Guangdong"
        assert name in sample.chosen.text()
        shown = " ".join(lb.text() for lb in page.preview.findChildren(QLabel))
        assert ("全程5G高速" if lang == "zh_CN" else "full 5G speed") in shown
        sample.plan_fit.setCurrentText("B")  # plan fits: no variant, the default
        assert sample.choice() is None
        sample.plan_fit.setCurrentText("D")
        qtbot.wait(600)  # painted
        shot(win, "manager-script-variants")
        win.close()
