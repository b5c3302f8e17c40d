"""UI tests: offscreen Qt, no real keyring, the app's style sheet applied."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

from collections.abc import Iterator

import pytest

from ui.tasks import TaskManager


@pytest.fixture
def tasks(qapp: object) -> Iterator[TaskManager]:
    manager = TaskManager()
    yield manager
    manager.shutdown()


@pytest.fixture(autouse=True)
def _style(qapp: object) -> None:
    from PySide6.QtWidgets import QApplication

    from ui.resources import style_sheet

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if not app.styleSheet():
        app.setStyleSheet(style_sheet())
