"""Choosing the language, compiling translations on demand, installing the translator."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QGuiApplication

from ui.resources import TRANSLATIONS_DIR

log = logging.getLogger(__name__)

SUPPORTED = ("en", "zh_CN")
_current = "en"


def current_language() -> str:
    return _current


def is_chinese() -> bool:
    """Whether to show the Chinese names the server sends (name_zh, reason_zh, text_zh)."""
    return _current.startswith("zh")


def choose_language(cli: str | None, setting: str) -> str:
    """--lang, else the setting, else the system locale; English when unsupported."""
    for candidate in (cli, setting):
        if candidate:
            return _normalise(candidate)
    return _normalise(QLocale.system().name())


def _normalise(name: str) -> str:
    name = name.replace("-", "_")
    if name.lower().startswith("zh"):
        return "zh_CN"
    return "en"


def _lrelease() -> Path:
    exe = "pyside6-lrelease.exe" if sys.platform == "win32" else "pyside6-lrelease"
    return Path(sys.executable).with_name(exe)


def catalogues(lang: str, directory: Path = TRANSLATIONS_DIR) -> list[str]:
    """Names of the catalogues for `lang`: `callsheet` (agent and shared) first, then one per
    workspace (`lead`, `quality`...), so each workspace keeps its own .ts file."""
    names = {p.name.removesuffix(f"_{lang}.ts") for p in directory.glob(f"*_{lang}.ts")}
    names |= {p.name.removesuffix(f"_{lang}.qm") for p in directory.glob(f"*_{lang}.qm")}
    names.discard("callsheet")
    return ["callsheet", *sorted(names)]


def ensure_compiled(
    lang: str, directory: Path = TRANSLATIONS_DIR, name: str = "callsheet"
) -> Path | None:
    """The .qm of catalogue `name` for `lang`, compiled from its .ts when missing or older;
    None on failure."""
    ts = directory / f"{name}_{lang}.ts"
    qm = directory / f"{name}_{lang}.qm"
    if not ts.exists():
        return qm if qm.exists() else None
    if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
        return qm
    try:
        subprocess.run(
            [str(_lrelease()), "-silent", str(ts), "-qm", str(qm)],
            check=True, capture_output=True, timeout=60,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("could not compile %s (%s); falling back to English", ts.name, exc)
        return qm if qm.exists() else None
    return qm


CJK_FAMILIES = ["Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "Source Han Sans SC"]


def apply_font(app: QGuiApplication) -> None:
    """Under Chinese, prefer a CJK family for all text so mixed lines share one baseline."""
    if not is_chinese():
        return
    font = app.font()
    font.setFamilies([*CJK_FAMILIES, *font.families()])
    app.setFont(font)


def install(app: QCoreApplication, lang: str) -> str:
    """Install the translator for `lang`; returns the language actually in use."""
    global _current
    _current = "en"
    if lang == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return _current
    installed = 0
    for name in catalogues(lang):
        qm = ensure_compiled(lang, name=name)
        translator = QTranslator(app)
        if qm is None or not translator.load(str(qm)):
            log.warning("no usable %s translation for %s", name, lang)
            continue
        app.installTranslator(translator)
        installed += 1
    if not installed:
        log.warning("no usable translation for %s; using English", lang)
        return _current
    qt_base = QTranslator(app)  # Qt's own buttons (OK, Cancel, Yes...)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_base.load(f"qtbase_{lang}", qt_dir):
        app.installTranslator(qt_base)
    QLocale.setDefault(QLocale(lang))
    _current = lang
    return _current
