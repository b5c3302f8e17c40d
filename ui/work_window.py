"""The scaffolding the work windows share. Every role's window: the title, icon, first size
and style (`dress`). The online three-pane windows (the quality checker's,
ui/quality/window.py, and the verifier's, ui/verifier/window.py): a list with its keyboard
hint on the left; the panes side by side under a header row, with the status bar; the
actions of a key table; and a runner that sends service calls to the TaskManager's network
pool and counts those in flight.

The windows keep their own words (tr() in their own translation context) and pass them in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSplitter,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from ui import labels, window_state
from ui.errors import show_error
from ui.resources import app_icon, darken, is_dark
from ui.shortcuts import Shortcut
from ui.tasks import TaskManager
from wire.schema import UserInfo


def dress(window: QMainWindow, title: str, user: UserInfo, size: tuple[int, int],
          style: str = "") -> None:
    """Title (`title` with %1 the user's name, %2 their role), icon, first size, style."""
    role = labels.roles().get(user.role.value, user.role.value)
    window.setWindowTitle(title.replace("%1", user.display_name).replace("%2", role))
    window.setWindowIcon(app_icon())
    window_state.fit_default_size(window, *size)
    if style:
        window.setStyleSheet(darken(style) if is_dark() else style)


def list_pane(parent: QWidget, table: QWidget, hint: str, hint_name: str) -> QWidget:
    """The list filling the pane, the keyboard hint (object name `hint_name`) below it."""
    keys_hint = QLabel(hint, parent)
    keys_hint.setObjectName(hint_name)
    keys_hint.setWordWrap(True)
    pane = QWidget(parent)
    lay = QVBoxLayout(pane)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.addWidget(table, 1)
    lay.addWidget(keys_hint)
    return pane


def lay_out(window: QMainWindow, top: QHBoxLayout, panes: Sequence[QWidget],
            sizes: list[int], *, keyring_warning: str = "") -> QSplitter:
    """`top` above the `panes` side by side (never collapsed), and the status bar, with the
    keyring notice when there is a warning. Returns the panes' splitter."""
    splitter = QSplitter(Qt.Orientation.Horizontal, window)
    for pane in panes:
        splitter.addWidget(pane)
    splitter.setChildrenCollapsible(False)
    splitter.setSizes(sizes)
    central = QWidget(window)
    lay = QVBoxLayout(central)
    lay.setContentsMargins(10, 6, 10, 4)
    lay.addLayout(top)
    lay.addWidget(splitter, 1)
    window.setCentralWidget(central)
    window.setStatusBar(QStatusBar(window))
    if keyring_warning:
        window.statusBar().addPermanentWidget(labels.keyring_notice(window))
    return splitter


def bind_keys(window: QWidget, table: Iterable[Shortcut],
              handlers: Mapping[str, Callable[[], object]],
              texts: Mapping[str, str] | None = None) -> dict[str, QAction]:
    """One window-wide action a line of the key table, named `texts[action]` (else its
    description, which is always its tooltip), running `handlers[action]`; by action id."""
    actions: dict[str, QAction] = {}
    for sc in table:
        act = QAction((texts or {}).get(sc.action, sc.description), window)
        act.setShortcuts([QKeySequence(k) for k in sc.keys])
        act.setToolTip(sc.description)
        act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        act.triggered.connect(lambda _=False, h=handlers[sc.action]: h())
        window.addAction(act)
        actions[sc.action] = act
    return actions


class Runner:
    """Runs service calls in the TaskManager's network pool; `pending` counts those not
    answered yet. A failure with no handler of its own is shown over `window`."""

    def __init__(self, window: QWidget, tasks: TaskManager) -> None:
        self.window, self.tasks = window, tasks
        self.pending = 0

    def __call__(self, fn: Callable[[], Any], done: Callable[[Any], object],
                 failed: Callable[[BaseException], object] | None = None) -> None:
        self.pending += 1

        def ok(result: Any) -> None:
            self.pending -= 1
            done(result)

        def bad(exc: BaseException) -> None:
            self.pending -= 1
            (failed or (lambda e: show_error(self.window, e)))(exc)

        self.tasks.run_in_background(fn, ok, bad, network=True)
