"""GUI test fixtures: offscreen Qt, settings in a temporary folder, demo ledgers, the worker."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["INVOICEDESK_LANG"] = "zh_CN"

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from invoicedesk.gui.app import make_application
from invoicedesk.gui.garbage_collector import GarbageCollector
from invoicedesk.gui.main_window import MainWindow
from invoicedesk.gui.worker import DbWorker, set_worker
from invoicedesk.services import company, demo
from invoicedesk.store.database import close_database, open_database
from tests.gui.helpers import run_on_worker

COMPANY = ("演示商店", "91110108551385082Q")
DEMO_COUNT = 10_000


# Limits of Qt's offscreen platform plugin, not problems of the app.
OFFSCREEN_NOTES = r"This plugin does not support (propagateSizeHints\(\)|raise\(\)|grabbing)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOTES))


@pytest.fixture(scope="session", autouse=True)
def gui_app(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> QApplication:
    """The application as run_gui sets it up, with QSettings kept out of the home folder."""
    settings_dir = tmp_path_factory.mktemp("settings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(settings_dir))
    return make_application()


@pytest.fixture(autouse=True)
def no_main_window_left() -> Iterator[None]:
    """Each test deletes the main windows it made. A window left alive keeps its timers: they
    fired minutes later, inside other tests, asking for a worker that was gone."""
    yield
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # what deleteLater queued
    left = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    for window in left:
        window.hide()
        shiboken6.delete(window)
    assert not left, "the test left a main window alive: close it and deleteLater() it"


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    QSettings().clear()
    yield
    QSettings().clear()


def _create(path: Path, count: int) -> None:
    open_database(path, actor="tester")
    try:
        company.set_company(*COMPANY, "tester")
        if count:
            demo.generate(count, "tester", seed=1)
    finally:
        close_database()


@pytest.fixture(scope="session")
def _templates(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], Path]:
    """Demo databases are generated once per size and copied for each test."""
    made: dict[int, Path] = {}
    folder = tmp_path_factory.mktemp("templates")

    def template(count: int) -> Path:
        if count not in made:
            path = folder / f"demo-{count}.sqlite"
            _create(path, count)
            made[count] = path
        return made[count]

    return template


@pytest.fixture
def make_db(tmp_path: Path, _templates: Callable[[int], Path]) -> Callable[[int], Path]:
    """A fresh SQLite ledger in tmp_path: company 演示商店 and ``count`` demo invoices (seed 1)."""

    def make(count: int = DEMO_COUNT) -> Path:
        target = tmp_path / f"ledger-{count}.sqlite"
        shutil.copyfile(_templates(count), target)
        return target

    return make


@pytest.fixture
def worker(qapp: QApplication) -> Iterator[DbWorker]:
    collector = GarbageCollector()  # as run_gui: no collection on the worker thread
    db_worker = DbWorker()
    db_worker.start()
    set_worker(db_worker)
    yield db_worker
    db_worker.stop()
    set_worker(None)
    collector.stop()  # collects what piled up, here on the GUI thread
    collector.deleteLater()


def open_on_worker(qtbot: QtBot, path: Path) -> None:
    def work() -> None:
        open_database(path, actor="tester")

    run_on_worker(qtbot, work)


@pytest.fixture
def ledger_db(qtbot: QtBot, worker: DbWorker, make_db: Callable[[int], Path]) -> Path:
    """10,000 demo invoices, opened on the worker thread."""
    path = make_db(DEMO_COUNT)
    open_on_worker(qtbot, path)
    return path


@pytest.fixture
def small_db(qtbot: QtBot, worker: DbWorker, make_db: Callable[[int], Path]) -> Path:
    """500 demo invoices, opened on the worker thread."""
    path = make_db(500)
    open_on_worker(qtbot, path)
    return path
