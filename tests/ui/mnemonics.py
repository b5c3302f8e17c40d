"""Alt+letter clashes: two controls of one page (a label's buddy, a button) with the
same letter, which Alt+letter then cycles between instead of reaching one."""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

_LETTER = re.compile(r"&([^&\s])")


def clashes(pages: Iterable[QWidget]) -> list[tuple[str, list[str]]]:
    """(page class, its texts) of every page with a letter used twice."""
    found = []
    for page in pages:
        texts = [w.text() for w in page.findChildren(QLabel) if w.buddy() is not None]
        texts += [b.text() for b in page.findChildren(QAbstractButton) if b.isVisibleTo(page)]
        keys = [m.group(1).lower() for t in texts if (m := _LETTER.search(t))]
        if len(keys) != len(set(keys)):
            found.append((type(page).__name__, sorted(texts)))
    return found
