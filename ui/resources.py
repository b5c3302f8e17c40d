"""Where the desktop's resource files are: translations, the style sheet, icons."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette

from app.version import bundle_root

RESOURCES_DIR = bundle_root() / "resources"  # the checkout, or the frozen bundle
TRANSLATIONS_DIR = RESOURCES_DIR / "translations"
STYLE_SHEET = RESOURCES_DIR / "styles" / "callsheet.qss"
APP_ICON = RESOURCES_DIR / "icons" / "callsheet.svg"


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the system colours are dark (the desktop's dark mode, or a dark theme)."""
    hints = QGuiApplication.styleHints() if QGuiApplication.instance() else None
    if hints is not None and hints.colorScheme() == Qt.ColorScheme.Dark:
        return True
    if palette is None:
        if QGuiApplication.instance() is None:
            return False
        palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def style_sheet(dark: bool | None = None) -> str:
    """The style sheet, turned dark when the system palette is dark (`dark` overrides)."""
    try:
        qss = STYLE_SHEET.read_text(encoding="utf-8")
    except OSError:
        return ""
    if dark is None:
        dark = is_dark()
    return darken(qss) if dark else qss


_DECL = re.compile(r"([a-z-]+)(\s*:\s*)([^;{}]*)")
_HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")


def _shift(hex_colour: str, prop: str) -> str:
    c = QColor(hex_colour)
    h, s, lightness = c.hslHueF(), c.hslSaturationF(), c.lightnessF()
    if prop.startswith("selection"):
        return hex_colour
    if "background" in prop:
        if lightness < 0.6:  # accent fills (navy, green, red) read well on dark too
            return hex_colour
        if lightness < 0.8:  # washed-out (disabled) accents: muted, still light text on it
            lightness = 0.3
        else:
            lightness, s = 0.11 + (1 - lightness) * 0.6, s * 0.6
    elif prop.startswith("border"):
        if lightness < 0.6:
            return hex_colour
        lightness = 0.24 + (1 - lightness) * 0.5
    elif prop == "color":
        if lightness > 0.45:  # white text on accent buttons stays white
            return hex_colour
        lightness = 1 - lightness * 0.9
    else:
        return hex_colour
    return QColor.fromHslF(max(h, 0.0), s, lightness).name()


def darken(qss: str) -> str:
    """The light style sheet with light fills made dark and dark text made light.

    Accent colours stay; one sheet to maintain instead of two drifting apart.
    """

    def decl(m: re.Match[str]) -> str:
        prop = m.group(1)
        value = _HEX.sub(lambda c: _shift(c.group(0), prop), m.group(3))
        return m.group(1) + m.group(2) + value

    return _DECL.sub(decl, qss)


def app_icon() -> QIcon:
    return QIcon(str(APP_ICON)) if APP_ICON.exists() else QIcon()
