"""Alt+letter clashes: two controls of one page (a label's buddy, a button), or a control
and a menu of the window's menu bar, with the same letter, which Alt+letter then cycles
between (or Qt calls ambiguous and does nothing) instead of reaching one."""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtWidgets import QAbstractButton, QLabel, QMenuBar, QWidget

_LETTER = re.compile(r"&([^&\s])")


def clashes(pages: Iterable[QWidget], bar: QMenuBar | None = None
            ) -> list[tuple[str, str, list[str]]]:
    """(page class, letter, the texts that have it) of every letter used twice on a
    page, counting the menus of `bar` (the window's menu bar, whose letters work on
    every page)."""
    menus = [a.text() for a in bar.actions() if a.isVisible()] if bar is not None else []
    found = []
    for page in pages:
        texts = [w.text() for w in page.findChildren(QLabel)
                 if w.buddy() is not None and w.isVisibleTo(page)]
        texts += [b.text() for b in page.findChildren(QAbstractButton) if b.isVisibleTo(page)]
        texts += menus
        by_key: dict[str, list[str]] = {}
        for t in texts:
            if m := _LETTER.search(t):
                by_key.setdefault(m.group(1).lower(), []).append(t)
        found += [(type(page).__name__, k, ts) for k, ts in by_key.items() if len(ts) > 1]
    return found


def without_letter(pages: Iterable[QWidget]) -> list[tuple[str, str]]:
    """(page class, text) of every visible label that names a field (it has a buddy, as
    a form's labels do) but gives it no Alt+letter: that field is reached only with Tab.
    A label marked `tabOnly` (rows of the server's data, such as a rubric's criteria) is
    meant to be."""
    return [(type(page).__name__, w.text()) for page in pages
            for w in page.findChildren(QLabel)
            if w.buddy() is not None and w.isVisibleTo(page) and not _LETTER.search(w.text())
            and not w.property("tabOnly")]
