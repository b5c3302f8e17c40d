"""Run part of a UI test in another language: every catalogue installed as the app would
(ui.i18n.install), then removed again so later tests see English."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from ui import i18n


@contextmanager
def language(lang: str) -> Iterator[str]:
    app = QCoreApplication.instance()
    assert app is not None
    before = set(app.findChildren(QTranslator))
    used = i18n.install(app, lang)
    try:
        yield used
    finally:
        for t in set(app.findChildren(QTranslator)) - before:
            app.removeTranslator(t)
            t.deleteLater()
        i18n.install(app, "en")
        QLocale.setDefault(QLocale(QLocale.Language.English,
                                   QLocale.Country.UnitedStates))
