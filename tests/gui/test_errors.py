"""Errors: known problems become plain messages; bugs reach a dialog and the log; the worker."""

from __future__ import annotations

import errno
import logging
import sys
import threading
from pathlib import Path
from types import TracebackType

import pytest
import shiboken6
from peewee import OperationalError
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from invoicedesk.core.problems import problem
from invoicedesk.gui import errors
from invoicedesk.gui.worker import DbOp, DbWorker
from invoicedesk.services.errors import NotFound, ValidationFailed
from tests.gui.helpers import run_on_worker


def test_known_problems_are_worded_for_people() -> None:
    full = OSError(errno.ENOSPC, "No space left on device", "/data/ledger.sqlite")
    assert errors.known_error_text(full) == "磁盘空间已满，请清理磁盘后重试（/data/ledger.sqlite）"
    denied = PermissionError(errno.EACCES, "Permission denied", "x.xlsx")
    assert errors.known_error_text(denied).startswith("没有访问权限")  # type: ignore[union-attr]
    locked = OperationalError("database is locked")
    assert errors.known_error_text(locked) == "数据库正被其他程序或另一台电脑占用，请稍后重试"
    assert errors.known_error_text(NotFound("找不到编号为 {id} 的发票", id=7)) == (
        "找不到编号为 7 的发票"
    )
    failed = ValidationFailed([problem("number", "发票号码不能为空")])
    assert errors.known_error_text(failed) == "发票号码不能为空"
    assert errors.known_error_text(RuntimeError("bug")) is None
    assert errors.known_error_text(OperationalError("no such column: x")) is None


def test_a_bug_is_logged_and_shown(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(errors, "log_file", lambda: tmp_path / "invoicedesk.log")
    try:
        raise ZeroDivisionError("division by zero")
    except ZeroDivisionError as exc:
        with caplog.at_level(logging.ERROR, logger="invoicedesk"):
            errors._excepthook(type(exc), exc, exc.__traceback__)
    assert "unexpected error" in caplog.text
    assert "ZeroDivisionError" in caplog.text
    boxes = [w for w in QApplication.topLevelWidgets() if w.objectName() == "bugDialog"]
    assert len(boxes) == 1
    box = boxes[0]
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert str(tmp_path / "invoicedesk.log") in box.text()
    assert "ZeroDivisionError" in box.detailedText()
    box.close()
    box.deleteLater()


def test_install_excepthook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    errors.install_excepthook()
    assert sys.excepthook is errors._excepthook
    assert threading.excepthook is errors._thread_excepthook


def test_operations_run_off_the_gui_thread_in_order(qtbot: QtBot, worker: DbWorker) -> None:
    gui_thread = threading.get_ident()
    order: list[int] = []
    threads: set[int] = set()

    def work(n: int) -> int:
        threads.add(threading.get_ident())
        return n

    for n in range(20):
        DbOp(None, lambda n=n: work(n)).success(order.append).run()
    qtbot.waitUntil(lambda: len(order) == 20)
    assert order == list(range(20))
    assert len(threads) == 1 and gui_thread not in threads
    assert worker.pending == 0


def test_operations_share_the_workers_one_connection(qtbot: QtBot, small_db: Path) -> None:
    """peewee's per-thread connection (and any threading.local) outlives one operation: the
    worker has one connection to the ledger, which closing the ledger really closes."""
    from invoicedesk.store.models import Invoice, database

    state = threading.local()

    def remember() -> int:
        state.value = getattr(state, "value", 0) + 1
        return int(state.value)

    assert [run_on_worker(qtbot, remember) for _ in range(3)] == [1, 2, 3]
    first = run_on_worker(qtbot, lambda: (Invoice.select().count(), database.obj.connection())[1])
    second = run_on_worker(qtbot, lambda: (Invoice.select().count(), database.obj.connection())[1])
    assert first is second
    assert run_on_worker(qtbot, lambda: database.obj.is_closed()) is False


def test_results_for_a_closed_screen_are_dropped(qtbot: QtBot, worker: DbWorker) -> None:
    """The operation ends only once its screen is destroyed, so its result always comes after.

    (``deleteLater`` only schedules the deletion: a result the worker queued before it reaches
    the screen, which is still there, as it should.)
    """
    screen = QObject()
    gone = threading.Event()
    screen.destroyed.connect(lambda: gone.set())
    delivered: list[object] = []

    def work() -> int:
        if not gone.wait(10):
            raise TimeoutError("the screen was not destroyed")
        return 1

    DbOp(screen, work).success(delivered.append).failure(delivered.append).run()
    screen.deleteLater()
    qtbot.waitUntil(lambda: worker.pending == 0)  # delivered, or dropped, by now
    assert gone.is_set() and not shiboken6.isValid(screen)
    assert delivered == []


def test_an_unexpected_error_in_an_operation_reaches_the_hook(
    qtbot: QtBot, worker: DbWorker, monkeypatch: pytest.MonkeyPatch
) -> None:
    caught: list[BaseException] = []

    def hook(etype: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        caught.append(value)

    monkeypatch.setattr(sys, "excepthook", hook)
    DbOp(None, lambda: 1 / 0).run()
    qtbot.waitUntil(lambda: bool(caught))
    assert isinstance(caught[0], ZeroDivisionError)


def test_a_known_error_in_an_operation_is_a_message(qtbot: QtBot, worker: DbWorker) -> None:
    def fail() -> None:
        raise NotFound("找不到编号为 {id} 的发票", id=42)

    DbOp(None, fail).run()
    qtbot.waitUntil(
        lambda: any(w.objectName() == "messageBox" for w in QApplication.topLevelWidgets())
    )
    box = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "messageBox")
    assert isinstance(box, QMessageBox)
    assert box.text() == "找不到编号为 42 的发票"
    box.close()
    box.deleteLater()


def test_failure_callback_gets_the_exception(qtbot: QtBot, worker: DbWorker) -> None:
    with pytest.raises(ZeroDivisionError):
        run_on_worker(qtbot, lambda: 1 / 0)
