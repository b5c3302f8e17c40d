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


def test_a_count_that_changes_under_a_message_waits_for_it_to_go(qtbot: QtBot) -> None:
    """The pending count is not drawn over "Transferred to ..." (it was, in the screenshots)."""
    from app.sync import SyncState, SyncStatus

    bar = SyncStatusBar()
    qtbot.addWidget(bar)
    bar.show()
    bar.showMessage("Transferred to sip:8001@pbx")
    bar.show_status(SyncStatus(state=SyncState.IDLE, pending=1))
    assert not bar.pending_label.isVisible()
    bar.clearMessage()
    assert bar.pending_label.isVisible()
    bar.show_status(SyncStatus(state=SyncState.IDLE, pending=0))
    assert not bar.pending_label.isVisible()
