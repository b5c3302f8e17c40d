"""The status bar says when the do-not-call copy is too old to dial on."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from ui.status_bar import SyncStatusBar


def test_stale_dnc_copy_is_announced_and_clears_after_a_sync(qtbot: QtBot) -> None:
    bar = SyncStatusBar()
    qtbot.addWidget(bar)
    bar.show()
    day = timedelta(hours=24)
    bar.show_dnc_age(timedelta(hours=26), day)
    assert bar.dnc_label.isVisible() and "26 h ago" in bar.dnc_label.text()
    bar.show_dnc_age(None, day)
    assert bar.dnc_label.isVisible() and "never" in bar.dnc_label.text()
    bar.show_dnc_age(timedelta(minutes=3), day)
    assert not bar.dnc_label.isVisible()
