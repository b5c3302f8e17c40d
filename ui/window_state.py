"""Remember each window's size, position, splitters and table columns between sessions.

Kept with QSettings in an INI file in Callsheet's own config folder (never the
registry or another application's settings), so --data-dir keeps it apart too.

One file serves every role that signs in on the machine, so each window keeps its
layout in a group of its own, keyed by role and window class (the agent's, the lead's
and the checker's windows never read each other's columns). Each group carries
LAYOUT_VERSION and a signature of the widgets it was saved from (the splitters' panel
counts, the tables' column counts); a group saved from other widgets, from another
version, or whose columns or panels would come back unusably narrow is ignored with a
log line and the window keeps its default layout.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter, QWidget

log = logging.getLogger(__name__)

FILE_NAME = "window.ini"
LAYOUT_VERSION = 2
MIN_COLUMN = 60  # px: a column narrower than its title (or this) shows only "…"
MIN_PANEL = 40  # px: a splitter panel smaller than this is as good as hidden


def fit_default_size(window: QWidget, width: int, height: int) -> None:
    """The window's first size: `width` x `height`, never larger than the screen it is on
    (a 1366x768 laptop shows every workspace whole, not cut at the right edge)."""
    screen = window.screen().availableGeometry() if window.screen() else None
    if screen is not None:
        width, height = min(width, screen.width()), min(height, screen.height())
    window.resize(width, height)


def _settings(config_dir: Path) -> QSettings:
    return QSettings(str(config_dir / FILE_NAME), QSettings.Format.IniFormat)


def scope(window: QMainWindow, role: str | None = None) -> str:
    """The window's group in the file: its role (from its workspace) and its class."""
    if role is None:
        ws = getattr(window, "ws", None)
        user = getattr(ws, "user", None)
        role_obj = getattr(user, "role", None)
        role = str(getattr(role_obj, "value", role_obj or "any"))
    return f"{role}.{window.objectName() or type(window).__name__}"


def _parts(window: QMainWindow) -> dict[str, QWidget]:
    """The window's own splitters and column headers: not those of its dialogs (other
    top-level windows), not row headers (their size follows the data)."""
    parts: dict[str, QWidget] = {}
    for kind in (QSplitter, QHeaderView):
        mine = [w for w in window.findChildren(kind) if w.window() is window and not (
            isinstance(w, QHeaderView) and w.orientation() == Qt.Orientation.Vertical)]
        for n, w in enumerate(mine):
            parts[f"{kind.__name__}.{w.objectName() or n}"] = w
    return parts


def signature(window: QMainWindow) -> str:
    """What the saved states depend on: each splitter's panels, each header's columns."""
    bits = []
    for key, w in _parts(window).items():
        if isinstance(w, QSplitter | QHeaderView):
            bits.append(f"{key}:{w.count()}")
    return ";".join(bits)


def save(window: QMainWindow, config_dir: Path, role: str | None = None) -> None:
    s = _settings(config_dir)
    s.beginGroup(scope(window, role))
    s.remove("")  # nothing of an older layout stays behind
    s.setValue("version", LAYOUT_VERSION)
    s.setValue("signature", signature(window))
    s.setValue("geometry", window.saveGeometry())
    s.setValue("state", window.saveState())
    for key, w in _parts(window).items():
        if isinstance(w, QSplitter | QHeaderView):
            s.setValue(key, w.saveState())
    s.endGroup()
    s.sync()
    if s.status() != QSettings.Status.NoError:
        log.warning("could not save the window layout to %s", s.fileName())


def _hidden(w: QHeaderView) -> set[int]:
    return {i for i in range(w.count()) if w.isSectionHidden(i)}


def _unusable(window: QMainWindow, default_hidden: dict[str, set[int]]) -> str | None:
    """Why the restored layout cannot be worked with, or None when it fits."""
    for key, w in _parts(window).items():
        if isinstance(w, QHeaderView):
            if _hidden(w) - default_hidden.get(key, set()):
                return f"{key} columns {sorted(_hidden(w))} hidden"
            for i in range(w.count()):
                need = min(w.sectionSizeHint(i), MIN_COLUMN)
                if not w.isSectionHidden(i) and w.sectionSize(i) < need:
                    return f"{key} column {i} is {w.sectionSize(i)} px wide, needs {need}"
        elif isinstance(w, QSplitter) and w.isVisibleTo(window):
            sizes = w.sizes()
            if not sum(sizes):
                continue
            if not window.isVisible():  # not laid out yet: the panels share the window
                horizontal = w.orientation() == Qt.Orientation.Horizontal
                extent = window.width() if horizontal else window.height() - 120
                sizes = [round(size * max(extent, 1) / sum(sizes)) for size in sizes]
            for i, size in enumerate(sizes):
                panel = w.widget(i)
                if panel is None:
                    continue
                hint = panel.minimumSizeHint()
                horizontal = w.orientation() == Qt.Orientation.Horizontal
                need = hint.width() if horizontal else hint.height()
                if size < max(MIN_PANEL, min(need, 240)):
                    return f"{key} panel {i} is {size} px, needs {need}"
    return None


def restore(window: QMainWindow, config_dir: Path, role: str | None = None) -> bool:
    """Apply the saved layout; False (and the default layout) when there is none or it
    does not fit the current widgets."""
    s = _settings(config_dir)
    group = scope(window, role)
    if s.contains("window/geometry"):  # layout version 1: one layout shared by every role
        log.info("window layout of version 1 in %s ignored (shared by every role)",
                 s.fileName())
    s.beginGroup(group)
    try:
        geometry = s.value("geometry")
        if not isinstance(geometry, QByteArray):
            return False
        version = s.value("version")
        if str(version) != str(LAYOUT_VERSION):
            log.info("window layout of %s ignored: saved by layout version %s, this is %s",
                     group, version, LAYOUT_VERSION)
            return False
        if s.value("signature") != signature(window):
            log.info("window layout of %s ignored: saved from other widgets", group)
            return False
        defaults = {key: w.saveState() for key, w in _parts(window).items()
                    if isinstance(w, QSplitter | QHeaderView)}
        default_hidden = {key: _hidden(w) for key, w in _parts(window).items()
                          if isinstance(w, QHeaderView)}
        default_geometry, default_state = window.saveGeometry(), window.saveState()
        window.restoreGeometry(geometry)
        state = s.value("state")
        if isinstance(state, QByteArray):
            window.restoreState(state)
        for key, w in _parts(window).items():
            value = s.value(key)
            if isinstance(value, QByteArray) and isinstance(w, QSplitter | QHeaderView):
                w.restoreState(value)
    finally:
        s.endGroup()
    why = _unusable(window, default_hidden)
    if why is None:
        return True
    log.info("window layout of %s ignored: it does not fit (%s)", group, why)
    window.restoreGeometry(default_geometry)
    window.restoreState(default_state)
    for key, w in _parts(window).items():
        if key in defaults and isinstance(w, QSplitter | QHeaderView):
            w.restoreState(defaults[key])
    return False
