"""The main window's layout survives a restart; a first start keeps the default layout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter, QTableView, QTextEdit

from ui import window_state


def make_window(qtbot: Any, rows: int = 3) -> QMainWindow:
    w = QMainWindow()
    split = QSplitter(Qt.Orientation.Horizontal)
    table = QTableView()

    model = QStandardItemModel(rows, 4, table)
    table.setModel(model)
    split.addWidget(table)
    split.addWidget(QTextEdit())
    w.setCentralWidget(split)
    qtbot.addWidget(w)
    w.resize(780, 560)

    return w


def test_geometry_splitter_and_columns_come_back(qtbot: Any, tmp_path: Path) -> None:
    first = make_window(qtbot)
    assert not window_state.restore(first, tmp_path), "nothing saved yet"
    first.resize(640, 480)  # the offscreen screen is 800x600
    first.findChild(QSplitter).setSizes([450, 190])
    columns = first.findChild(QTableView).horizontalHeader()
    columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    columns.resizeSection(1, 222)
    window_state.save(first, tmp_path)
    assert (tmp_path / "window.ini").exists()

    second = make_window(qtbot, rows=8)  # rows come and go: not part of the layout
    assert window_state.restore(second, tmp_path)
    assert second.size().width() == 640 and second.size().height() == 480
    assert second.findChild(QTableView).horizontalHeader().sectionSize(1) == 222
    sizes = second.findChild(QSplitter).sizes()
    assert abs(sizes[0] - 450) <= 10, sizes
