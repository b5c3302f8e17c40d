"""Remember the main window's size, position, splitters and table columns between sessions.

Kept with QSettings in an INI file in Callsheet's own config folder (never the
registry or another application's settings), so --data-dir keeps it apart too.
Splitters and headers are found by their place in the widget tree, keyed by class
and order, so new panels need no extra code.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter, QWidget

log = logging.getLogger(__name__)

FILE_NAME = "window.ini"


def _settings(config_dir: Path) -> QSettings:
    return QSettings(str(config_dir / FILE_NAME), QSettings.Format.IniFormat)


def _parts(window: QMainWindow) -> dict[str, QWidget]:
    parts: dict[str, QWidget] = {}
    for kind in (QSplitter, QHeaderView):
        for n, w in enumerate(window.findChildren(kind)):
            parts[f"{kind.__name__}/{w.objectName() or n}"] = w
    return parts


def save(window: QMainWindow, config_dir: Path) -> None:
    s = _settings(config_dir)
    s.setValue("window/geometry", window.saveGeometry())
    s.setValue("window/state", window.saveState())
    for key, w in _parts(window).items():
        if isinstance(w, QSplitter | QHeaderView):
            s.setValue(key, w.saveState())
    s.sync()
    if s.status() != QSettings.Status.NoError:
        log.warning("could not save the window layout to %s", s.fileName())


def restore(window: QMainWindow, config_dir: Path) -> bool:
    """Apply the saved layout; False (and the default layout) when there is none."""
    s = _settings(config_dir)
    geometry = s.value("window/geometry")
    if not isinstance(geometry, QByteArray):
        return False
    window.restoreGeometry(geometry)
    state = s.value("window/state")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    for key, w in _parts(window).items():
        value = s.value(key)
        if isinstance(value, QByteArray) and isinstance(w, QSplitter | QHeaderView):
            w.restoreState(value)
    return True
