"""The style sheet follows a dark system palette instead of painting light panels on it."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPushButton, QVBoxLayout

from ui.resources import darken, is_dark, style_sheet

BACKGROUND = re.compile(r"(?<![a-z-])(?:alternate-)?background(?:-color)?\s*:\s*(#[0-9a-fA-F]{6})")


def backgrounds(qss: str) -> list[QColor]:
    return [QColor(m.group(1)) for m in BACKGROUND.finditer(qss)]


def test_light_sheet_is_unchanged_and_dark_sheet_has_no_light_fill() -> None:
    light = style_sheet(dark=False)
    assert "#f4f6f9" in light
    dark = style_sheet(dark=True)
    assert dark == darken(light)
    fills = backgrounds(dark)
    assert fills, "the pattern finds the fills"
    assert all(c.lightness() < 150 for c in fills), [c.name() for c in fills if
                                                     c.lightness() >= 150]
    assert "#1d4e89" in dark, "the accent colour stays"


def test_dark_palette_is_detected() -> None:
    pal = QPalette()
    pal.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    assert is_dark(pal)
    pal.setColor(QPalette.ColorRole.Window, QColor("#f4f6f9"))
    assert not is_dark(pal) or is_dark()  # a dark system scheme wins


def test_dark_look(qtbot: Any, tmp_path: Path) -> None:
    w = QDialog()
    qtbot.addWidget(w)
    w.setStyleSheet(style_sheet(dark=True))
    lay = QVBoxLayout(w)
    lay.addWidget(QLabel("Server address"))
    lay.addWidget(QLineEdit("https://callsheet.example.com"))
    ok = QPushButton("Log in")
    ok.setObjectName("primary")
    lay.addWidget(ok)
    w.resize(360, 140)
    w.grab().save(str(tmp_path / "dark.png"))
    if os.environ.get("CALLSHEET_SHOTS"):
        w.grab().save(os.environ["CALLSHEET_SHOTS"] + "/dark.png")
