"""Background work returns on the UI thread; failures reach on_error, never the event loop."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from ui.tasks import TaskManager


def test_result_is_delivered_on_the_ui_thread(qtbot: QtBot, tasks: TaskManager) -> None:
    seen: dict[str, object] = {}
    ui_thread = threading.get_ident()

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["done_thread"] = threading.get_ident()

    tasks.run_in_background(work, done)
    assert tasks.busy
    qtbot.waitUntil(lambda: "value" in seen, timeout=5000)
    assert seen["value"] == 42
    assert seen["worker"] != ui_thread
    assert seen["done_thread"] == ui_thread
    assert not tasks.busy


def test_errors_go_to_on_error(qtbot: QtBot, tasks: TaskManager) -> None:
    errors: list[BaseException] = []

    def boom() -> None:
        raise ValueError("nope")

    tasks.run_in_background(boom, lambda _: None, errors.append, network=True)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], ValueError)


def test_database_work_runs_in_submission_order(qtbot: QtBot, tasks: TaskManager) -> None:
    order: list[int] = []
    for i in range(20):
        tasks.run_in_background(lambda i=i: i, order.append)
    qtbot.waitUntil(lambda: len(order) == 20, timeout=5000)
    assert order == list(range(20))


class _Witness:
    """Records the thread it is deleted on (a widget deleted off the UI thread crashes)."""

    def __init__(self, deaths: list[int]) -> None:
        self._deaths = deaths

    def __del__(self) -> None:
        self._deaths.append(threading.get_ident())


def test_the_work_and_its_result_are_let_go_on_the_ui_thread(qtbot: QtBot,
                                                             tasks: TaskManager) -> None:
    deaths: list[int] = []
    release = threading.Event()

    def start() -> None:
        held = _Witness(deaths)  # the closure's only owner is the task

        def work(held: _Witness = held) -> _Witness:
            release.wait(5)
            return _Witness(deaths)

        tasks.run_in_background(work, lambda result: None, network=True)

    for _ in range(20):
        start()
    release.set()
    qtbot.waitUntil(lambda: len(deaths) == 40 and not tasks.busy, timeout=10000)
    assert set(deaths) == {threading.get_ident()}


def test_a_manager_gone_before_its_task_ends_drops_the_result_on_the_ui_thread(
        qtbot: QtBot) -> None:
    deaths: list[int] = []
    done: list[object] = []
    release = threading.Event()
    manager = TaskManager()

    def work(held: _Witness = _Witness(deaths)) -> _Witness:
        release.wait(5)
        return _Witness(deaths)

    manager.run_in_background(work, done.append, network=True)
    manager.shutdown()
    del manager, work
    release.set()
    qtbot.waitUntil(lambda: len(deaths) == 2, timeout=10000)
    assert set(deaths) == {threading.get_ident()}
    assert done == [], "a closed manager's callbacks are not run"
