"""What every workspace shares: its first size fits the screen it opens on, and the
no-keyring note reads in the language shown (the lead's and the checker's windows showed
the app layer's English sentence in a Chinese window, and opened wider than a 1366x768
laptop, cut at the right edge)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMainWindow

from tests.ui.lang import language
from ui import labels, window_state


def test_a_first_size_never_exceeds_the_screen(qtbot: Any) -> None:
    win = QMainWindow()
    qtbot.addWidget(win)
    screen = win.screen().availableGeometry()
    window_state.fit_default_size(win, screen.width() + 500, screen.height() + 300)
    assert win.width() <= screen.width() and win.height() <= screen.height()
    window_state.fit_default_size(win, 400, 300)  # smaller than the screen: as asked
    assert (win.width(), win.height()) == (400, 300)


def test_the_keyring_note_is_translated(qtbot: Any) -> None:
    english = labels.keyring_notice()
    qtbot.addWidget(english)
    assert english.text().startswith("No keyring")
    with language("zh_CN"):
        chinese = labels.keyring_notice()
        qtbot.addWidget(chinese)
        assert "密钥环" in chinese.text() and "密钥环" in chinese.toolTip()
