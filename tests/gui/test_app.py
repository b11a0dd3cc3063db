"""Start-up: translations (ours, Qt's, core's), the chosen language, run_gui end to end."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import PySide6
import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from invoicedesk.core.identifiers import check_uscc
from invoicedesk.gui import app as gui_app
from invoicedesk.gui.main_window import MainWindow
from tests.environment import child_pythonpath

TS_FILE = gui_app.resources_dir() / "translations" / "invoicedesk_en.ts"


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    gui_app.install_translations(qapp, "en")
    yield
    gui_app.install_translations(qapp, "zh_CN")


def test_chinese_is_the_default_with_qt_buttons_in_chinese(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("INVOICEDESK_LANG", raising=False)
    assert gui_app.chosen_language() == "zh_CN"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QCoreApplication.translate("MainWindow", "登记发票") == "登记发票"


def test_language_setting_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INVOICEDESK_LANG", raising=False)
    QSettings().setValue("language", "en")
    assert gui_app.chosen_language() == "en"
    monkeypatch.setenv("INVOICEDESK_LANG", "zh_CN")
    assert gui_app.chosen_language() == "zh_CN"
    monkeypatch.setenv("INVOICEDESK_LANG", "en")
    QSettings().setValue("language", "zh_CN")
    assert gui_app.chosen_language() == "en"


@pytest.mark.usefixtures("english")
def test_english_reaches_gui_core_and_services() -> None:
    assert QCoreApplication.translate("MainWindow", "登记发票") == "Record invoice"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    problem = check_uscc("914403001922038217")[0]
    assert problem.text() == (
        "Buyer taxpayer ID: the check character (18th) is wrong; please check every character"
    )


@pytest.mark.usefixtures("english")
def test_main_window_in_english(qtbot: QtBot, small_db: Path) -> None:
    window = MainWindow("demo.sqlite", "tester")
    qtbot.addWidget(window)
    assert window.windowTitle() == "InvoiceDesk"
    assert window.record_action.text() == "Record invoice"
    qtbot.waitUntil(lambda: window.summary.text().startswith("500 invoices"), timeout=20_000)


def test_every_message_has_an_english_translation() -> None:
    root = ET.parse(TS_FILE).getroot()
    unfinished = [
        message.findtext("source")
        for message in root.iter("message")
        if message.find("translation").get("type") == "unfinished"  # type: ignore[union-attr]
    ]
    assert unfinished == []
    assert TS_FILE.with_suffix(".qm").stat().st_mtime >= TS_FILE.stat().st_mtime - 5


# run_gui ends with the application's exec(); after that no event loop can run in the process, so
# it is started the way a user starts it: a separate process, here through the command line.
_DRIVER = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from invoicedesk.cli import main
from invoicedesk.gui.app import make_application
from invoicedesk.gui.main_window import MainWindow

app = make_application()

def check():
    for widget in QApplication.topLevelWidgets():
        if not widget.isVisible():
            continue
        if isinstance(widget, MainWindow) and widget.summary.text().startswith("共"):
            print("SUMMARY", widget.summary.text(), widget.database.text(), flush=True)
            widget.close()
        elif isinstance(widget, QMessageBox) and widget.objectName() == "openFailed":
            print("FAILED", widget.text().replace("\\n", " "), flush=True)
            widget.button(QMessageBox.StandardButton.Ok).click()

timer = QTimer()
timer.timeout.connect(check)
timer.start(50)
sys.exit(main(sys.argv[1:]))
"""


def start_app(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        PYTHONPATH=child_pythonpath(),
    )
    return subprocess.run(
        [sys.executable, "-c", _DRIVER, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_app_starts_from_the_command_line(tmp_path: Path, make_db: object) -> None:
    path = make_db(500)  # type: ignore[operator]
    run = start_app(tmp_path, "--db", str(path), "--user", "tester")
    assert run.returncode == 0, run.stderr
    assert "SUMMARY 共 500 张" in run.stdout
    assert f"数据库：{path.name}" in run.stdout  # the file name; the whole path is its tooltip
    assert "Traceback" not in run.stderr


def test_a_database_it_cannot_open_is_explained(tmp_path: Path) -> None:
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"this is not a database, just some text " * 200)
    run = start_app(tmp_path, "--db", str(broken))
    assert run.returncode == 2, run.stderr
    assert "FAILED" in run.stdout and "broken.sqlite" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr


def test_qt_bindings_keep_reference_counts() -> None:
    """Fails on PySide6 6.12.0 with Python 3.11: pin PySide6-Essentials<6.12 (or Python 3.12+).

    Those wheels release a reference to None/True/False on every call that returns nothing; the
    app aborts within seconds of scrolling ("Fatal Python error: none_dealloc").
    """
    assert gui_app.qt_bindings_sound(), f"PySide6 {PySide6.__version__} corrupts reference counts"
