"""The queue's columns are sized from a few cells: the same widths as asking the view for
every cell of the first rows (what the sizing did before), in English and Chinese, with
bold due rows and long names."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from app.services.queue import QueueService
from app.store.database import open_database
from tests.ui.test_queue_model import NOW, row
from ui.queue_panel import CAPS, SIZING_SAMPLE, QueuePanel
from ui.tasks import TaskManager


def every_cell_widths(panel: QueuePanel) -> list[int]:
    """Each column's width as the view's size hints of all the sampled cells give it."""
    header = panel.view.horizontalHeader()
    rows = range(min(panel.model.rowCount(), SIZING_SAMPLE))
    widths = []
    for col in range(panel.model.columnCount()):
        cells = [panel.view.sizeHintForIndex(panel.model.index(r, col)).width() for r in rows]
        width = max(header.sectionSizeHint(col), *cells)
        widths.append(min(width + 6, CAPS.get(col, 150)))
    return widths


@pytest.mark.parametrize("names", ["latin", "chinese"])
def test_columns_are_as_wide_as_asking_every_cell(
    tmp_path: Path, tasks: TaskManager, names: str,
) -> None:
    engine = open_database(tmp_path / "local.sqlite3")
    panel = QueuePanel(QueueService(engine, agent_name="Agent"), tasks)
    rows = []
    for n in range(SIZING_SAMPLE + 20):
        r = row(n, callable_now=n % 4 != 0, due=n % 7 == 3)
        name = f"客户{'张王李赵' * (n % 5)}{n}" if names == "chinese" else "W" * (n % 9) + f"i{n}"
        # past the sample, wider than any sampled name: the sample alone decides
        rows.append(replace(r, customer_name=name if n < SIZING_SAMPLE else "M" * 40,
                            attempts=n * 37 % 1000, value_tier="A1" if n % 2 else "B22"))
    panel.model.set_rows(rows, NOW)
    panel.resize(1200, 700)
    panel._size_columns()
    sized = [panel.view.columnWidth(c) for c in range(panel.model.columnCount())]
    assert sized == every_cell_widths(panel)
    engine.dispose()
