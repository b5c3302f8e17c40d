"""Where the desktop's resource files are: translations, the style sheet, icons."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

from app.version import bundle_root

RESOURCES_DIR = bundle_root() / "resources"  # the checkout, or the frozen bundle
TRANSLATIONS_DIR = RESOURCES_DIR / "translations"
STYLE_SHEET = RESOURCES_DIR / "styles" / "callsheet.qss"
APP_ICON = RESOURCES_DIR / "icons" / "callsheet.svg"


def style_sheet() -> str:
    try:
        return STYLE_SHEET.read_text(encoding="utf-8")
    except OSError:
        return ""


def app_icon() -> QIcon:
    return QIcon(str(APP_ICON)) if APP_ICON.exists() else QIcon()
