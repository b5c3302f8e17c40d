"""The queue table model: order as given, greyed rows, due call-backs, and data() under load."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QModelIndex, Qt

from app.views import QueueRow
from ui.queue_model import COL_CALLABLE, COL_CUSTOMER, GREY, ROW_ROLE, QueueModel
from wire.schema import QueueStatus

# Ten in the morning on this computer's clock: a window opening two hours later is the
# same day, shown as HH:MM whatever time of day the suite runs (at 23:40 it was tomorrow).
NOW = datetime.now().astimezone().replace(hour=10, minute=0, second=0,
                                          microsecond=0).astimezone(UTC)


def row(n: int, *, callable_now: bool = True, due: bool = False) -> QueueRow:
    return QueueRow(
        id=f"q{n}",
        customer_id=f"c{n}",
        customer_name=f"Customer {n}",
        phone_masked="+86 138****0000",
        region="Guangdong",
        campaign_id="camp",
        campaign_code="C1",
        campaign_name="Data pack upsell",
        campaign_name_zh="流量包加装",
        status=QueueStatus.CALLBACK if due else QueueStatus.OPEN,
        priority=10 - n,
        value_tier="A1",
        attempts=n % 3,
        callback_at=NOW - timedelta(minutes=5) if due else None,
        callback_due=due,
        callable_now=callable_now,
        callable_from=None if callable_now else NOW + timedelta(hours=2),
        blocked_code="" if callable_now else "outside_window",
        top_offer="4G data pack 30",
        top_offer_zh="4G流量包30元",
    )


ROLES = [
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.EditRole,
    Qt.ItemDataRole.SizeHintRole,
    Qt.ItemDataRole.CheckStateRole,
    ROW_ROLE,
]


def test_rows_show_in_the_order_the_service_gave(qapp: object) -> None:
    rows = [row(0, due=True), row(1), row(2, callable_now=False), row(3)]
    model = QueueModel()
    model.set_rows(rows)
    assert model.rowCount() == 4
    names = [model.data(model.index(i, COL_CUSTOMER)) for i in range(4)]
    assert names == ["Customer 0", "Customer 1", "Customer 2", "Customer 3"]
    assert model.data(model.index(1, 0), ROW_ROLE) is rows[1]


def test_rows_not_callable_now_are_grey_and_say_from_when(qapp: object) -> None:
    model = QueueModel()
    model.set_rows([row(0), row(1, callable_now=False)], now=NOW)
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is None
    assert model.data(model.index(1, 0), Qt.ItemDataRole.ForegroundRole) is GREY
    opens = (NOW + timedelta(hours=2)).astimezone().strftime("%H:%M")
    assert opens in model.data(model.index(1, COL_CALLABLE))
    tip = model.data(model.index(1, 0), Qt.ItemDataRole.ToolTipRole)
    assert f"Callable from {opens}" in tip and "calling window" in tip
    assert model.data(model.index(0, COL_CALLABLE)) == "now"


def test_due_callbacks_are_highlighted(qapp: object) -> None:
    model = QueueModel()
    model.set_rows([row(0, due=True), row(1)])
    assert model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(model.index(0, 0), Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(1, 0), Qt.ItemDataRole.BackgroundRole) is None
    assert "Call-back due" in model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)


def test_next_callable_skips_grey_rows_and_wraps(qapp: object) -> None:
    model = QueueModel()
    model.set_rows([row(0), row(1, callable_now=False), row(2)])
    assert model.next_callable(-1) == 0
    assert model.next_callable(0) == 2
    assert model.next_callable(2) == 0
    assert model.next_callable(-1, skip_id="q0") == 2
    model.set_rows([row(0, callable_now=False)])
    assert model.next_callable() == -1


def test_data_survives_many_calls_for_every_role(qapp: object) -> None:
    """PySide6 6.12.0 crashed after many data() calls returning None; guard the pin."""
    model = QueueModel()
    model.set_rows([row(i, callable_now=i % 3 != 0, due=i % 7 == 0) for i in range(60)])
    calls = 0
    for _ in range(15):
        for r in range(model.rowCount()):
            for c in range(model.columnCount()):
                index = model.index(r, c)
                for role in ROLES:
                    model.data(index, role)
                    calls += 1
        for c in range(model.columnCount()):
            model.headerData(c, Qt.Orientation.Horizontal)
            model.headerData(c, Qt.Orientation.Vertical)
            model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert calls > 80_000
    assert model.data(QModelIndex()) is None
    assert model.rowCount(model.index(0, 0)) == 0


def _check_finds_every_row(model: QueueModel) -> None:
    """index_of (by id and order) and callable_count (kept as rows change) agree with a
    scan of the rows."""
    shown = model.rows()
    for i, r in enumerate(shown):
        assert model.index_of(r.id) == i
    assert model.callable_count() == sum(1 for r in shown if r.callable_now)
    assert model.index_of("nobody") == -1


def test_rows_are_found_and_counted_as_they_change_without_a_scan(qapp: object) -> None:
    from dataclasses import replace

    def ordered(n: int, rank: int, *, callable_now: bool = True) -> QueueRow:
        return replace(row(n, callable_now=callable_now),
                       order=(0 if callable_now else 1, rank, f"q{n}"))

    model = QueueModel()
    model.set_rows(sorted((ordered(n, n, callable_now=n % 3 != 0) for n in range(40)),
                          key=lambda r: r.order))  # as the service lists them
    _check_finds_every_row(model)
    model.upsert([ordered(5, 100, callable_now=False)])  # moves to the end, now grey
    assert model.rows()[-1].id == "q5"
    _check_finds_every_row(model)
    model.upsert([ordered(99, 7), ordered(3, -1)])  # a new row; a row moves to the top
    assert model.rows()[0].id == "q3" and model.index_of("q99") >= 0
    _check_finds_every_row(model)
    had = sorted((i for i, r in enumerate(model.rows()) if r.id in {"q3", "q20"}), reverse=True)
    assert model.remove({"q3", "q20", "nobody"}) == had
    assert model.index_of("q3") == model.index_of("q20") == -1
    _check_finds_every_row(model)


def test_rows_without_an_order_or_out_of_order_are_still_found(qapp: object) -> None:
    model = QueueModel()
    model.set_rows([row(n, callable_now=n % 2 == 0) for n in (4, 1, 3, 0, 2)])  # no order
    _check_finds_every_row(model)
    model.remove({"q3"})
    model.upsert([row(7, callable_now=False)])
    _check_finds_every_row(model)
    assert model.rows()[-1].id == "q7"
