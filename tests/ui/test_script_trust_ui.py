"""The script editor shows the trust rules' refusals like its other checks (issue 22),
against the real server: the check runs what publishing runs
(server/planning/scripts_io.publishable), so a step asking for card data is listed with
its line and marked in the text, and publishing stays off until the text is fixed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from app.services.manager import ManagerService
from tests.conftest import account
from tests.support.accounts import logged_in
from ui.manager.pages.script import ScriptPage
from ui.tasks import TaskManager

GOOD = Path(__file__).resolve().parents[1] / "data" / "planning" / "script_good.md"
PITCH = "Based on your plan {plan_name} I recommend {offer_name} at {offer_price} yuan."


def test_trust_refusals_show_inline_with_their_lines(qtbot: QtBot, tasks: TaskManager,
                                                     fresh_server: dict[str, Any],
                                                     tmp_path: Path) -> None:
    adm = account(fresh_server["accounts"], "admin")
    client = logged_in(fresh_server["url"], adm["username"], adm["password"])
    page = ScriptPage(ManagerService(client, tmp_path / "maps.json"), tasks)
    qtbot.addWidget(page)
    page.show()
    good = GOOD.read_text(encoding="utf-8")
    line = good.splitlines().index(PITCH) + 1  # 25
    page.editor.setPlainText(good.replace(PITCH, PITCH + " Read me your card number."))
    page.check()
    qtbot.waitUntil(lambda: page.checked is not None and not tasks.busy, timeout=15000)
    assert page.checked is not None and not page.checked.ok
    texts = [page.errors.item(i).text() for i in range(page.errors.count())]
    assert texts == [f"Line {line}: step pitch: text asks for card or bank data: "
                     "'card number'"]
    marked = [s.cursor.blockNumber() + 1 for s in page.editor.extraSelections()]
    assert marked == [line]
    assert not page.publish_button.isEnabled()
    page.editor.setPlainText(good)
    page.check()
    qtbot.waitUntil(lambda: page.checked is not None and page.checked.ok and not tasks.busy,
                    timeout=15000)
    assert page.errors.count() == 0 and page.publish_button.isEnabled()
