"""The backup page, the restore dialog, the banners, and start-up safety, with real widgets."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile, Qt
from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from invoicedesk.core import clock
from invoicedesk.core.i18n import Message
from invoicedesk.gui.backup_page import BackupPage
from invoicedesk.gui.features import backups as feature
from invoicedesk.gui.main_window import MainWindow
from invoicedesk.gui.restore_dialog import RestoreDialog
from invoicedesk.services import backup_runs, backup_settings
from invoicedesk.services.startup import FULL_CHECK_NAME, StartupReport
from invoicedesk.services.system_checks import recent_checks
from invoicedesk.store.backup_models import RestoreDrill
from tests.environment import child_pythonpath
from tests.gui.helpers import run_on_worker, screenshot
from tests.integration.test_startup import break_an_index, damage


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


@pytest.fixture(autouse=True)
def _reset_state() -> None:
    feature.state = feature.StartupState()


def test_add_backup_verify_drill_from_the_page(
    qtbot: QtBot, small_db: Path, usb: Path, qtmodeltester: object, tmp_path: Path
) -> None:
    page = BackupPage("店长")
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitUntil(lambda: "还没有备份位置" in page.status.text(), timeout=10_000)
    page.add_destination(str(usb), "U盘")
    qtbot.waitUntil(lambda: page.destinations.count() == 1, timeout=10_000)
    assert "U盘" in page.destinations.item(0).text()
    qtbot.keyClick(page, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "已备份到" in page.status.text(), timeout=20_000)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    assert page.model.index(0, 1).data() == "完整备份"
    assert page.model.index(0, 2).data() == "500"
    qtmodeltester.check(page.model)  # type: ignore[attr-defined]
    page.verify()
    qtbot.waitUntil(lambda: "全部完好" in page.status.text(), timeout=20_000)
    qtbot.waitUntil(lambda: page.model.index(0, 4).data() == "已验证", timeout=10_000)
    page.drill()
    qtbot.waitUntil(lambda: "恢复演练成功" in page.status.text(), timeout=20_000)
    qtbot.waitUntil(lambda: "今天" in page.restore_age.text(), timeout=10_000)
    screenshot(page, tmp_path, "backup_page")
    drills = run_on_worker(qtbot, lambda: RestoreDrill.select().count())
    assert drills == 1


def test_a_missing_usb_is_shown_in_red(qtbot: QtBot, small_db: Path, usb: Path) -> None:
    run_on_worker(qtbot, lambda: backup_settings.add_destination(str(usb), "U盘", "店长"))
    shutil.rmtree(usb)
    page = BackupPage("店长")
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.destinations.count() == 1, timeout=10_000)
    assert "找不到" in page.destinations.item(0).text()
    page.run_backup()
    qtbot.waitUntil(lambda: "找不到备份位置" in page.status.text(), timeout=20_000)
    assert "color: #b3261e" in page.status.styleSheet()


def test_restore_to_a_new_file_then_switch_keeping_the_old_one(
    qtbot: QtBot, small_db: Path, usb: Path, tmp_path: Path
) -> None:
    run_on_worker(qtbot, lambda: backup_settings.add_destination(str(usb), "", "店长"))
    run_on_worker(qtbot, lambda: backup_runs.run_backup("店长"))
    feature.state.target = str(small_db)
    feature.state.opened = True
    window = MainWindow(str(small_db), "店长")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    feat = window.backups_feature  # type: ignore[attr-defined]
    dialog = feat.open_restore(str(usb), "")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10_000)
    assert dialog.target.text().endswith(".sqlite")
    dialog.restore()
    qtbot.waitUntil(lambda: "发票 500 张" in dialog.contents.text(), timeout=20_000)
    assert "检查通过" in dialog.contents.text() and dialog.switch_button.isEnabled()
    screenshot(dialog, tmp_path, "restore_dialog")
    restored = Path(dialog.target.text())
    assert restored.exists()
    dialog.switch_button.click()
    box = dialog.findChild(QMessageBox, "confirmSwitch")
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: "已切换" in window.statusBar().currentMessage(), timeout=20_000)
    kept = [
        p
        for p in small_db.parent.glob(f"{small_db.name}.before-restore-*")
        if p.suffix[-1:].isdigit()
    ]
    assert len(kept) == 1 and not restored.exists() and small_db.exists()
    kinds = run_on_worker(qtbot, lambda: [r.kind for r in RestoreDrill.select()])
    assert kinds == ["restore"]


def test_switching_to_a_pre_lock_snapshot_keeps_the_month_locked(
    qtbot: QtBot, small_db: Path, usb: Path
) -> None:
    from invoicedesk.services import periods
    from tests.factories import last_month

    period = last_month()
    run_on_worker(qtbot, lambda: backup_settings.add_destination(str(usb), "", "店长"))
    run_on_worker(qtbot, lambda: backup_runs.run_backup("店长"))
    run_on_worker(qtbot, lambda: periods.lock_period(period, "李会计", backup=False))
    feature.state.target = str(small_db)
    feature.state.opened = True
    window = MainWindow(str(small_db), "店长")
    qtbot.addWidget(window)
    window.show()
    dialog = window.backups_feature.open_restore(str(usb), "")  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10_000)  # before the lock
    dialog.restore()
    qtbot.waitUntil(lambda: "检查通过" in dialog.contents.text(), timeout=20_000)
    dialog.switch_button.click()
    box = dialog.findChild(QMessageBox, "confirmSwitch")
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: "已切换" in window.statusBar().currentMessage(), timeout=20_000)
    assert f"仍保持锁定：{period}" in window.statusBar().currentMessage()
    assert run_on_worker(qtbot, lambda: periods.is_locked(period))


def test_a_damaged_database_shows_the_banner_leading_to_restore(
    qtbot: QtBot, small_db: Path, tmp_path: Path
) -> None:
    report = StartupReport(False, True, Message("Startup", "数据库文件已损坏"), False, 0.0)
    feature.set_startup(str(small_db), report)
    window = MainWindow(str(small_db), "店长")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    banner = window.backups_feature.damaged  # type: ignore[attr-defined]
    assert banner.isVisible() and "损坏" in banner.label.text()
    banner.button.click()
    dialog = window.findChild(RestoreDialog, "restoreDialog")
    assert dialog is not None and dialog.isVisible()
    screenshot(window, tmp_path, "damaged_banner")


def test_the_weekly_full_check_runs_behind_the_open_window_and_shows_damage(
    qtbot: QtBot, small_db: Path, tmp_path: Path
) -> None:
    break_an_index(small_db)  # quick_check at start passes; only the full check sees it
    report = StartupReport(True, False, Message("Check", "数据库文件完整"), False, 0.0, [], True)
    feature.set_startup(str(small_db), report)
    window = MainWindow(str(small_db), "店长")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: "后台" in window.statusBar().currentMessage(), timeout=5_000)
    screenshot(window, tmp_path, "full_check_running")
    banner = window.backups_feature.damaged  # type: ignore[attr-defined]
    qtbot.waitUntil(banner.isVisible, timeout=30_000)
    assert "完整检查" in banner.label.text() and "只读" in banner.label.text()
    checks = run_on_worker(qtbot, lambda: [(c.name, c.ok, c.source) for c in recent_checks()])
    assert (FULL_CHECK_NAME, False, "background") in checks
    screenshot(window, tmp_path, "full_check_damage")


def test_an_old_verified_restore_warns_after_8_days(qtbot: QtBot, small_db: Path) -> None:
    old = clock.stamp(clock.now() - timedelta(days=9))

    def drilled() -> None:
        RestoreDrill.create(ts=old, destination="/x", snapshot_id="s", ok=True, detail="{}")

    run_on_worker(qtbot, drilled)
    window = MainWindow(str(small_db), "店长")
    qtbot.addWidget(window)
    window.show()
    feat = window.backups_feature  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "9 天前" in feat.age.text(), timeout=10_000)
    assert feat.overdue.isVisible() and "恢复演练" in feat.overdue.label.text()
    assert "b3261e" in feat.age.styleSheet()


# ---------------------------------------------------------------- the real app, as users start it

_DRIVER = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from invoicedesk.cli import main
from invoicedesk.gui.app import make_application
from invoicedesk.gui.main_window import MainWindow
from invoicedesk.gui.restore_dialog import RestoreDialog

app = make_application()
seen = set()

def check():
    for widget in QApplication.topLevelWidgets():
        if not widget.isVisible():
            continue
        if isinstance(widget, MainWindow):
            banner = widget.backups_feature.damaged
            if "window" not in seen:
                seen.add("window")
                print("WINDOW", banner.isVisible(), banner.label.text(), flush=True)
                banner.button.click()
        elif isinstance(widget, RestoreDialog) and "dialog" not in seen:
            seen.add("dialog")
            print("RESTORE", flush=True)
            for w in QApplication.topLevelWidgets():
                if isinstance(w, MainWindow):
                    w.close()
            widget.close()
        elif isinstance(widget, QMessageBox) and widget.objectName() == "alreadyRunning":
            print("RUNNING", widget.text().replace("\\n", " "), flush=True)
            widget.button(QMessageBox.StandardButton.Ok).click()
        elif isinstance(widget, QMessageBox):
            print("BOX", widget.text().replace("\\n", " "), flush=True)
            widget.close()

timer = QTimer()
timer.timeout.connect(check)
timer.start(50)
sys.exit(main(sys.argv[1:]))
"""


def _start(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
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


def test_a_corrupted_database_is_detected_at_start_and_leads_to_restore(
    tmp_path: Path, make_db: Callable[[int], Path]
) -> None:
    path = make_db(500)
    damage(path)
    run = _start(tmp_path, "--db", str(path), "--user", "tester")
    assert "WINDOW True" in run.stdout and "只读" in run.stdout, run.stdout + run.stderr
    assert "RESTORE" in run.stdout
    assert "Traceback" not in run.stderr


def test_a_second_instance_gets_a_clear_message(
    tmp_path: Path, make_db: Callable[[int], Path]
) -> None:
    path = make_db(500)
    lock = QLockFile(str(path.with_name(path.name + ".lock")))
    assert lock.tryLock(100)
    try:
        run = _start(tmp_path, "--db", str(path))
    finally:
        lock.unlock()
    assert run.returncode == 1, run.stderr
    assert "RUNNING" in run.stdout and "已经在另一个发票台账助手窗口中打开" in run.stdout
    assert "Traceback" not in run.stderr


@pytest.mark.postgres
def test_the_page_backs_up_verifies_drills_and_restores_a_postgresql_ledger(
    qtbot: QtBot, worker: object, usb: Path, pg_url: str, tmp_path: Path
) -> None:
    """The same page, the same words, on PostgreSQL (pg_dump behind it); restore makes a NEW
    database and says where, with no switch."""
    from invoicedesk.services import company, demo
    from invoicedesk.store import pg_dump
    from invoicedesk.store.database import open_database

    def setup() -> None:
        open_database(pg_url, actor="tester")
        company.set_company("演示商店", "91110108551385082Q", "tester")
        demo.generate(200, "tester", seed=1)

    run_on_worker(qtbot, setup)
    page = BackupPage("店长")
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitUntil(lambda: "还没有备份位置" in page.status.text(), timeout=10_000)
    page.add_destination(str(usb), "U盘")
    qtbot.waitUntil(lambda: page.destinations.count() == 1, timeout=10_000)
    qtbot.keyClick(page, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "已备份到" in page.status.text(), timeout=30_000)
    assert "PostgreSQL" not in page.status.text()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    assert page.model.index(0, 1).data() == "完整备份"
    assert page.model.index(0, 2).data() == "200"
    assert "上次备份" in page.destinations.item(0).text()
    page.verify()
    qtbot.waitUntil(lambda: "全部完好" in page.status.text(), timeout=30_000)
    qtbot.waitUntil(lambda: page.model.index(0, 4).data() == "已验证", timeout=10_000)
    page.drill()
    qtbot.waitUntil(lambda: "恢复演练成功" in page.status.text(), timeout=30_000)
    qtbot.waitUntil(lambda: "今天" in page.restore_age.text(), timeout=10_000)

    dialog = RestoreDialog(pg_url, "店长")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_folder(str(usb))
    dialog.load()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10_000)
    assert dialog.target.text() == "" and dialog.switch_button.isVisible()
    dialog.restore()
    qtbot.waitUntil(lambda: "发票 200 张" in dialog.contents.text(), timeout=30_000)
    assert dialog.restored is not None
    created = pg_dump.db_name(dialog.restored.path)
    try:
        assert "已恢复到新数据库：postgresql://" in dialog.contents.text()
        assert "检查通过" in dialog.contents.text()
        assert created.startswith(pg_dump.db_name(pg_url) + "_restored_")
    finally:
        pg_dump.drop_database(pg_url, created)


@pytest.mark.postgres
def test_a_postgresql_restore_switches_the_app_to_the_new_database(
    qtbot: QtBot, worker: object, usb: Path, pg_url: str
) -> None:
    """As on SQLite: restore (four eyes), confirm, switch; every page hears the switch, the
    month locked since stays locked, and the next start opens the restored database."""
    from invoicedesk.core.changes import Changes
    from invoicedesk.gui.ledger_location import current_location
    from invoicedesk.gui.worker import connect_changes
    from invoicedesk.services import company, demo, periods
    from invoicedesk.services import invoices as svc
    from invoicedesk.store import pg_dump
    from invoicedesk.store.database import close_database, open_database
    from invoicedesk.store.models import Invoice, database
    from tests.factories import TODAY, draft, last_month

    period = last_month()

    def setup() -> None:
        open_database(pg_url, actor="tester")
        company.set_company("演示商店", "91110108551385082Q", "tester")
        demo.generate(200, "tester", seed=1, months=3)
        backup_settings.add_destination(str(usb), "", "店长")
        backup_runs.run_backup("店长")
        svc.record_invoice(draft(77), "张三", today=TODAY)  # after the backup: not restored
        periods.lock_period(period, "李会计", backup=False)

    run_on_worker(qtbot, setup)
    feature.state.target = pg_url
    feature.state.opened = True
    window = MainWindow(pg_url, "店长")
    qtbot.addWidget(window)
    window.show()
    heard: list[Changes] = []
    connect_changes(window, heard.append)
    dialog = window.backups_feature.open_restore(str(usb), "")  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10_000)
    dialog.restore()
    qtbot.waitUntil(lambda: "检查通过" in dialog.contents.text(), timeout=60_000)
    assert dialog.restored is not None
    created = pg_dump.db_name(dialog.restored.path)
    try:
        assert "用这个地址打开" not in dialog.contents.text()
        assert dialog.switch_button.isVisible() and dialog.switch_button.isEnabled()
        dialog.switch_button.click()
        box = dialog.findChild(QMessageBox, "confirmSwitch")
        assert box is not None and pg_dump.db_name(pg_url) in box.text()
        box.button(QMessageBox.StandardButton.Yes).click()
        qtbot.waitUntil(lambda: "已切换" in window.statusBar().currentMessage(), timeout=30_000)
        assert created in window.statusBar().currentMessage()
        assert f"仍保持锁定：{period}" in window.statusBar().currentMessage()
        qtbot.waitUntil(lambda: any(c.database_switched for c in heard), timeout=10_000)
        open_now = run_on_worker(qtbot, lambda: database.obj.database)
        assert open_now == created
        assert run_on_worker(qtbot, lambda: Invoice.select().count()) == 200
        assert run_on_worker(qtbot, lambda: periods.is_locked(period))
        kinds = run_on_worker(qtbot, lambda: [r.kind for r in RestoreDrill.select()])
        assert kinds == ["restore"]
        assert pg_dump.db_name(feature.state.target) == created
        assert created in window.findChild(QLabel, "databasePath").text()
        assert pg_dump.db_name(current_location(pg_url)) == created  # the next start's
    finally:
        run_on_worker(qtbot, close_database)
        pg_dump.drop_database(pg_url, created)


def test_a_switched_ledger_is_remembered_without_its_password(qapp: object) -> None:
    from PySide6.QtCore import QSettings

    from invoicedesk.gui.ledger_location import MOVES_KEY, current_location, remember_switch

    start = "postgresql://shop:s3cret@db.example:5432/ledger?sslmode=require"
    remember_switch(start, "postgresql://shop:s3cret@db.example:5432/ledger_restored_1")
    assert "s3cret" not in str(QSettings().value(MOVES_KEY))
    moved = "postgresql://shop:s3cret@db.example:5432/ledger_restored_1?sslmode=require"
    assert current_location(start) == moved  # the password and options given at start
    remember_switch(moved, "postgresql://shop@db.example:5432/ledger_restored_2")
    assert current_location(start).split("?")[0].endswith("/ledger_restored_2")
    remember_switch(current_location(start), start)  # back to the first: no loop
    assert current_location(start) == start
    # Only the database's name is followed, never another server.
    QSettings().setValue(
        MOVES_KEY,
        {
            "postgresql://shop@db.example:5432/ledger?sslmode=require": "postgresql://x@evil/ledger_b"
        },
    )
    assert current_location(start) == start.replace("/ledger?", "/ledger_b?")
    assert current_location("/tmp/ledger.sqlite") == "/tmp/ledger.sqlite"


def test_restoring_an_unopenable_ledger_switches_on_the_worker_then_reopens(
    qtbot: QtBot, worker: object, make_db: Callable[[int], Path], usb: Path
) -> None:
    """Start-up could not open the file: the restore and the switch run on the database worker
    (a busy dialog meanwhile, the window answering), then the app opens the restored file."""
    from PySide6.QtWidgets import QProgressDialog

    from invoicedesk.gui.app import _restore_without_ledger
    from invoicedesk.gui.restore_dialog import remember_folders
    from invoicedesk.store.database import close_database, open_database
    from invoicedesk.store.models import Invoice

    path = make_db(500)

    def back_up() -> None:
        open_database(path, actor="tester")
        backup_settings.add_destination(str(usb), "", "店长")
        backup_runs.run_backup("店长")
        close_database()

    run_on_worker(qtbot, back_up)
    damage(path)
    remember_folders([str(usb)])
    reopened: list[bool] = []
    windows: list[object] = []
    dialog = _restore_without_ledger(str(path), "店长", windows, lambda: reopened.append(True))
    assert isinstance(dialog, RestoreDialog)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10_000)
    dialog.restore()
    qtbot.waitUntil(lambda: "检查通过" in dialog.contents.text(), timeout=20_000)
    restored = Path(dialog.target.text())
    dialog.switch_button.click()
    box = dialog.findChild(QMessageBox, "confirmSwitch")
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    progress = next(w for w in windows if isinstance(w, QProgressDialog))
    # The click returned before the switch: it is the worker's, its answer comes by event.
    assert progress.isVisible() and reopened == []
    qtbot.waitUntil(lambda: reopened == [True], timeout=20_000)
    assert not progress.isVisible()
    assert not restored.exists() and path.exists()
    assert list(path.parent.glob(f"{path.name}.before-restore-*"))
    run_on_worker(qtbot, lambda: open_database(path, actor="tester"))
    assert run_on_worker(qtbot, lambda: Invoice.select().count()) == 500
    run_on_worker(qtbot, close_database)


def test_a_restore_at_another_counter_shows_at_once_and_this_counter_records_nothing_more(
    qtbot: QtBot, small_db: Path, tmp_path: Path
) -> None:
    from invoicedesk.core.changes import Changes
    from invoicedesk.gui.worker import current_worker
    from invoicedesk.services import invoices
    from invoicedesk.store import audit
    from invoicedesk.store.models import Invoice, database
    from tests.factories import draft

    window = MainWindow(str(small_db), "小李")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    feat = window.backups_feature  # type: ignore[attr-defined]
    assert not feat.replaced.isVisible()

    def switched_elsewhere() -> None:  # what counter A's switch writes into this ledger
        with database.atomic():
            audit.append("王店长", audit.REPLACED, "ledger", "", None, {"database": "shop_2"})

    run_on_worker(qtbot, switched_elsewhere)
    # The notice arrives as every other counter's commits do (LISTEN/NOTIFY, data_version).
    current_worker().announce(Changes.from_entry("ledger", "", "王店长", clock.stamp()))
    qtbot.waitUntil(feat.replaced.isVisible, timeout=10_000)
    text = feat.replaced.label.text()
    assert (
        "王店长" in text and "shop_2" in text and "不能再登记或修改" in text and "重新打开" in text
    )
    screenshot(window, tmp_path, "ledger_replaced")
    before = run_on_worker(qtbot, lambda: Invoice.select().count())
    with pytest.raises(audit.LedgerReplaced):
        run_on_worker(
            qtbot, lambda: invoices.record_invoice(draft(990, issue_date=clock.today()), "小李")
        )
    assert run_on_worker(qtbot, lambda: Invoice.select().count()) == before
