"""Python's garbage is collected on the GUI thread, never on the database worker (see
gui/garbage_collector.py: a collection there once deadlocked a run, freeing Qt objects)."""

from __future__ import annotations

import gc
import threading

from pytestqt.qtbot import QtBot

from invoicedesk.gui.garbage_collector import GarbageCollector
from invoicedesk.gui.worker import DbWorker
from tests.gui.helpers import run_on_worker


def test_cycles_made_on_the_worker_are_freed_on_the_gui_thread(
    qtbot: QtBot, worker: DbWorker
) -> None:
    freed_on_gui_thread: list[bool] = []

    class Cycle:
        def __init__(self) -> None:
            self.me = self

        def __del__(self) -> None:
            freed_on_gui_thread.append(threading.current_thread() is threading.main_thread())

    def make_garbage() -> bool:
        for _ in range(5_000):  # seven times the first generation's threshold
            Cycle()
        return gc.isenabled()

    assert run_on_worker(qtbot, make_garbage) is False  # no automatic collection meanwhile
    qtbot.waitUntil(lambda: len(freed_on_gui_thread) == 5_000, timeout=5_000)
    assert all(freed_on_gui_thread)


def test_stopping_the_collector_turns_automatic_collection_back_on(qtbot: QtBot) -> None:
    collector = GarbageCollector()
    try:
        assert not gc.isenabled() and collector.timer.isActive()
    finally:
        collector.stop()
    assert gc.isenabled() and not collector.timer.isActive()
