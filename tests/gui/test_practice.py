"""Practice mode and lessons, driven through the real widgets of the main window."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from invoicedesk.core import clock
from invoicedesk.gui.counter_page import CounterPage
from invoicedesk.gui.lines_table import AMOUNT, NAME
from invoicedesk.gui.main_window import MainWindow
from invoicedesk.gui.search_page import SearchPage
from invoicedesk.services import company, month_files, practice, requests, training
from invoicedesk.services.auditing import verify_audit
from invoicedesk.store.invoice_queries import InvoiceFilter
from invoicedesk.store.models import AuditEntry
from tests.environment import pdf_text
from tests.gui.helpers import focused, press, run_on_worker, screenshot, tab, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The practice ledger goes into the data folder: a temporary one here."""
    folder = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    return folder


def new_number(serial: int) -> str:
    return f"{clock.today().year % 100:02d}112{6 * 10**14 + serial:015d}"


def make_window(qtbot: QtBot, path: Path) -> MainWindow:
    main = MainWindow(str(path), "tester")
    main.resize(1366, 768)
    with qtbot.waitSignal(main.ledger.model.reloaded, timeout=20_000):
        main.show()
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    return main


@pytest.fixture
def window(qtbot: QtBot, small_db: Path) -> Iterator[MainWindow]:
    main = make_window(qtbot, small_db)
    yield main
    close(qtbot, main)


def close(qtbot: QtBot, main: MainWindow) -> None:
    if main.form is not None:
        main.form.reset()
    main.close()
    main.deleteLater()
    run_on_worker(qtbot, practice.leave)  # what the exit job does before the exit backup


def reactivate(qtbot: QtBot, window: QWidget) -> None:
    """Offscreen Qt does not give activation back when a dialog closes; a desktop does."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def enter(qtbot: QtBot, window: MainWindow) -> None:
    feature = window.practice  # type: ignore[attr-defined]
    feature.action.trigger()
    qtbot.waitUntil(lambda: feature.active, timeout=30_000)
    qtbot.waitUntil(lambda: window.summary.text().startswith("共 40"), timeout=20_000)


def leave(qtbot: QtBot, window: MainWindow) -> None:
    feature = window.practice  # type: ignore[attr-defined]
    feature.banner.button.click()
    qtbot.waitUntil(lambda: not feature.active, timeout=20_000)


def message_boxes() -> list[QMessageBox]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.isVisible() and w.objectName() == "messageBox"
    ] + [
        w
        for top in QApplication.topLevelWidgets()
        for w in top.findChildren(QMessageBox, "messageBox")
        if w.isVisible()
    ]


def take_message(qtbot: QtBot, containing: str) -> str:
    qtbot.waitUntil(lambda: any(containing in b.text() for b in message_boxes()), timeout=10_000)
    box = next(b for b in message_boxes() if containing in b.text())
    text = box.text()
    box.accept()
    return text


def audit_head() -> tuple[int, str]:
    head = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    return head.id, head.hash


def files_of(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in path.parent.iterdir() if p.name.startswith(path.name)}


def open_handles(path: Path) -> list[str]:
    """What this process has open on ``path`` or beside it (-wal, -shm; deleted ones too)."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # closed meanwhile (the listing's own descriptor)
            continue
        if target.startswith(str(path)):
            found.append(target)
    return sorted(found)


def test_practice_session_leaves_the_real_ledger_untouched(
    qtbot: QtBot, window: MainWindow, small_db: Path, tmp_path: Path, data_folder: Path
) -> None:
    head_before = run_on_worker(qtbot, audit_head)
    real_bytes = small_db.read_bytes()
    enter(qtbot, window)
    feature = window.practice  # type: ignore[attr-defined]
    # Unmistakable: title, frame, banner, status bar.
    assert "练习" in window.windowTitle()
    assert "solid" in window.centralWidget().styleSheet()
    assert feature.banner.isVisible()
    assert window.database.text().startswith("练习台账：")
    assert feature.action.isChecked()
    assert run_on_worker(qtbot, company.get_company).name == "【练习】演示商店"
    screenshot(window, tmp_path, "practice_mode")

    # Work in practice through the counter: a 数电票, a slip, a month export.
    page: CounterPage = window.counter  # type: ignore[attr-defined]
    form = window.open_form()
    qtbot.waitUntil(lambda: form.number.hasFocus())
    invoice_id = record_two_lines(qtbot, form, new_number(1), "北京练习测试有限公司")
    slip = tmp_path / "slip.pdf"
    run_on_worker(qtbot, lambda: requests.write_invoice_slip(invoice_id, slip))
    text = pdf_text(slip)
    assert "练习模式打印" in text and "【练习】演示商店" in text
    xlsx = tmp_path / "month.xlsx"
    month = InvoiceFilter(period=clock.period_of(clock.today()))
    run_on_worker(qtbot, lambda: month_files.export_ledger(month, xlsx, "tester"))
    book = load_workbook(xlsx, read_only=True)
    assert all(name.startswith("练习") for name in book.sheetnames)
    book.close()
    report = tmp_path / "month.pdf"
    run_on_worker(qtbot, lambda: month_files.export_month_pdf(month.period or "", report, "tester"))
    assert "【练习】" in pdf_text(report)
    assert page.isVisible()

    leave(qtbot, window)
    assert "练习" not in window.windowTitle()
    assert not feature.banner.isVisible() and window.centralWidget().styleSheet() == ""
    qtbot.waitUntil(lambda: window.summary.text().startswith("共 500 张"), timeout=20_000)
    assert run_on_worker(qtbot, company.get_company).name == "演示商店"
    # The real ledger: the same bytes, the same audit chain head, the chain intact.
    assert small_db.read_bytes() == real_bytes
    assert run_on_worker(qtbot, audit_head) == head_before
    assert run_on_worker(qtbot, verify_audit).ok
    # Only the practice folder holds the practice work.
    assert practice.practice_path().exists()
    assert practice.practice_path().is_relative_to(data_folder)
    assert not list(small_db.parent.glob("practice.sqlite*"))


def record_two_lines(qtbot: QtBot, form: object, number: str, buyer: str) -> int:
    """A 数电票 with two lines, by keyboard alone (the counter form's default kind is 数电)."""
    type_text(qtbot, number)
    tab(qtbot, 2)
    assert focused() is form.buyer_name  # type: ignore[attr-defined]
    type_text(qtbot, buyer)
    tab(qtbot)
    type_text(qtbot, "91110000802100433B")
    press(qtbot, Qt.Key.Key_Return)  # on to the lines
    for name, qty, price in (("*餐饮服务*练习午餐", "2", "40"), ("*餐饮服务*练习饮品", "1", "15")):
        type_text(qtbot, name)
        tab(qtbot, 3)
        type_text(qtbot, qty)
        tab(qtbot)
        type_text(qtbot, price)
        tab(qtbot, 3)
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:  # type: ignore[attr-defined]
        press(qtbot, Qt.Key.Key_S, CTRL)
    return int(saved.args[0])


def start_outage(qtbot: QtBot, page: CounterPage) -> None:
    page.outage_switch.click()
    dialog = page.findChild(QInputDialog, "outageReason")
    dialog.setTextValue("练习：平台无法登录")
    dialog.accept()
    qtbot.waitUntil(lambda: page.outage.active, timeout=10_000)
    reactivate(qtbot, page.window())


def end_outage(qtbot: QtBot, page: CounterPage) -> None:
    page.outage_switch.click()
    box = page.findChild(QMessageBox, "confirmEndOutage")
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: not page.outage.active, timeout=10_000)
    reactivate(qtbot, page.window())


def request_then_invoice(qtbot: QtBot, page: CounterPage, buyer: str, serial: int) -> None:
    """Outage: write a request; platform back: turn it into its invoice."""
    form = page.form
    start_outage(qtbot, page)
    form.buyer_name.setFocus()
    qtbot.waitUntil(form.buyer_name.hasFocus)
    type_text(qtbot, buyer)
    form.contact_phone.setText("13800000001")
    form.promised_at.setText("明天中午前")
    form.lines.set_text(0, NAME, "*餐饮服务*餐费")
    form.lines.set_text(0, AMOUNT, "100")
    with qtbot.waitSignal(form.request_saved, timeout=10_000):
        press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: page.requests.model.rowCount() == 1, timeout=10_000)
    end_outage(qtbot, page)
    page.requests.table.setFocus()
    page.requests.table.selectRow(0)
    press(qtbot, Qt.Key.Key_Return)  # 开具
    qtbot.waitUntil(lambda: focused() is form.number)
    type_text(qtbot, new_number(serial))
    with qtbot.waitSignal(form.saved, timeout=10_000):
        press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: page.requests.model.rowCount() == 0, timeout=10_000)


def test_counter_lesson_refused_when_skipped_then_completed(
    qtbot: QtBot, window: MainWindow, frozen_clock: clock.ManualClock, tmp_path: Path
) -> None:
    feature = window.practice  # type: ignore[attr-defined]
    panel = feature.panel
    # On the real ledger a lesson is refused, pointing at practice mode.
    window.findChild(object, "lessonsAction").trigger()  # type: ignore[call-overload]
    take_message(qtbot, "练习模式")
    panel.select("counter-outage")
    panel.start_button.click()
    take_message(qtbot, "只能在练习模式中进行")
    reactivate(qtbot, window)

    enter(qtbot, window)
    assert feature.dock.isVisible()
    panel.select("counter-outage")
    panel.start_button.click()
    qtbot.waitUntil(lambda: panel.run is not None and panel.steps.count() == 3, timeout=10_000)
    assert panel.ticked() == [False, False, False]

    # Skipping step 1: the request and its invoice tick nothing, completing is refused.
    page: CounterPage = window.counter  # type: ignore[attr-defined]
    window.show_page(page)
    request_then_invoice(qtbot, page, "跳步练习有限公司", 10)
    panel.check()
    qtbot.waitUntil(lambda: not panel._checking, timeout=10_000)
    assert panel.ticked() == [False, False, False]
    panel.complete_button.click()
    assert "第 1 步" in take_message(qtbot, "课程还没完成")
    reactivate(qtbot, window)

    # Done in order: each step ticks as the practice ledger records it.
    form = window.open_form()
    qtbot.waitUntil(lambda: form.number.hasFocus())
    record_two_lines(qtbot, form, new_number(11), "北京练习课程有限公司")
    qtbot.waitUntil(lambda: panel.ticked() == [True, False, False], timeout=10_000)
    frozen_clock.advance(timedelta(minutes=7))
    request_then_invoice(qtbot, page, "顺序练习有限公司", 12)
    qtbot.waitUntil(lambda: panel.ticked() == [True, True, True], timeout=10_000)
    screenshot(window, tmp_path, "practice_lesson")
    panel.complete_button.click()
    take_message(qtbot, "已记入培训登记")
    reactivate(qtbot, window)

    # The register is the real ledger's, also read from practice mode.
    rows = run_on_worker(qtbot, training.register)
    assert [(r.person, r.lesson, r.where) for r in rows] == [
        ("tester", "counter-outage", "practice")
    ]
    assert rows[0].seconds >= 7 * 60
    leave(qtbot, window)
    assert [r.lesson for r in run_on_worker(qtbot, training.register)] == ["counter-outage"]


def test_verify_lesson_by_two_characters_of_the_buyer(
    qtbot: QtBot, window: MainWindow, frozen_clock: clock.ManualClock
) -> None:
    enter(qtbot, window)
    panel = window.practice.panel  # type: ignore[attr-defined]
    panel.select("counter-verify")
    panel.start_button.click()
    qtbot.waitUntil(lambda: panel.steps.count() == 2, timeout=10_000)
    search: SearchPage = window.search_page  # type: ignore[attr-defined]
    window.show_page(search)
    qtbot.waitUntil(lambda: search.model.rowCount() > 0 and not search.model.loading)
    buyer = next(
        r.buyer_name
        for r in (search.model.row_at(i) for i in range(search.model.rowCount()))
        if r is not None and len(r.buyer_name) > 6
    )
    two = buyer[2:4]  # two characters from the middle of a practice buyer's name
    search.focus_search()
    type_text(qtbot, two)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: search.model.filter.text == two and not search.model.loading, timeout=20_000
    )
    today = clock.today()
    rows = [
        r
        for r in (search.model.row_at(i) for i in range(min(search.model.rowCount(), 50)))
        if r is not None and r.issue_date < today and r.status == "normal"
    ]
    assert len(rows) >= 2 and all(two in r.buyer_name for r in rows)
    verify = search.detail.verify
    for number, row in enumerate(rows[:2]):
        index = next(i for i in range(search.model.rowCount()) if search.model.row_at(i) is row)
        search.table.selectRow(index)
        qtbot.waitUntil(lambda r=row: r.number in search.detail.header.text(), timeout=10_000)
        search.detail.setCurrentWidget(verify)
        verify.result.setCurrentIndex(verify.result.findData("success"))
        with qtbot.waitSignal(verify.recorded, timeout=10_000):
            verify.record.click()
        expected = [True] * (number + 1) + [False] * (1 - number)
        qtbot.waitUntil(lambda e=expected: panel.ticked() == e, timeout=10_000)
    panel.complete_button.click()
    take_message(qtbot, "已记入培训登记")


def test_lesson_progress_survives_closing_the_app(qtbot: QtBot, small_db: Path) -> None:
    first = make_window(qtbot, small_db)
    enter(qtbot, first)
    panel = first.practice.panel  # type: ignore[attr-defined]
    panel.select("counter-outage")
    panel.start_button.click()
    qtbot.waitUntil(lambda: panel.steps.count() == 3, timeout=10_000)
    form = first.open_form()
    qtbot.waitUntil(lambda: form.number.hasFocus())
    record_two_lines(qtbot, form, new_number(21), "北京关窗练习有限公司")
    qtbot.waitUntil(lambda: panel.ticked() == [True, False, False], timeout=10_000)
    close(qtbot, first)

    second = make_window(qtbot, small_db)
    try:
        enter(qtbot, second)
        again = second.practice.panel  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: again.ticked() == [True, False, False], timeout=10_000)
        assert again.run is not None and again.run.lesson == "counter-outage"
    finally:
        close(qtbot, second)


def test_reset_and_a_damaged_practice_ledger_is_rebuilt(qtbot: QtBot, window: MainWindow) -> None:
    enter(qtbot, window)
    form = window.open_form()
    qtbot.waitUntil(lambda: form.number.hasFocus())
    record_two_lines(qtbot, form, new_number(31), "北京重置练习有限公司")
    qtbot.waitUntil(lambda: window.summary.text().startswith("共 401 张"), timeout=20_000)
    feature = window.practice  # type: ignore[attr-defined]
    feature.reset_action.trigger()
    box = window.findChild(QMessageBox, "confirmPracticeReset")
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: window.summary.text().startswith("共 400 张"), timeout=30_000)
    assert feature.active
    reactivate(qtbot, window)
    leave(qtbot, window)
    path = practice.practice_path()
    if Path("/proc/self/fd").is_dir():
        assert open_handles(path) == []  # else closing it later would checkpoint into the file
    for extra in ("-wal", "-shm"):  # a file damaged by a crash, its journal gone
        Path(f"{path}{extra}").unlink(missing_ok=True)
    path.write_bytes(b"this is not a database" * 100)
    enter(qtbot, window)
    assert "重新生成" in window.statusBar().currentMessage()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc/self/fd (Linux)")
def test_leaving_and_resetting_close_every_handle_on_the_practice_ledger(
    qtbot: QtBot, window: MainWindow
) -> None:
    """One connection to the practice ledger, the worker's, closed by reset and by leaving: a
    handle left open would checkpoint an old WAL into the file later, and on Windows would keep
    the file from being replaced."""
    path = practice.practice_path()
    enter(qtbot, window)
    for _ in range(5):  # operations after one another, as the pages and the lesson panel run
        assert run_on_worker(qtbot, practice.audit_head) > 0
    handles = open_handles(path)
    assert handles.count(str(path)) == 1 and handles.count(f"{path}-wal") == 1
    feature = window.practice  # type: ignore[attr-defined]
    feature.reset()
    qtbot.waitUntil(lambda: not feature.busy, timeout=30_000)
    assert run_on_worker(qtbot, practice.is_practice_ledger)
    assert not [h for h in open_handles(path) if h.endswith("(deleted)")]
    assert open_handles(path).count(str(path)) == 1
    leave(qtbot, window)
    assert open_handles(path) == []
    assert not run_on_worker(qtbot, practice.is_practice_ledger)  # the real ledger again


def test_training_register_dialog_and_the_health_page(
    qtbot: QtBot, window: MainWindow, frozen_clock: clock.ManualClock, tmp_path: Path
) -> None:
    long_ago = clock.stamp(clock.now() - timedelta(days=200))

    def seed() -> None:
        training.record_completion("张三", "counter-outage", long_ago, "owner")
        from invoicedesk.store.training_models import TrainingRecord

        TrainingRecord.update(completed_at=long_ago).execute()
        training.record_completion("李四", "bookkeeper-red", clock.stamp(), "owner")

    run_on_worker(qtbot, seed)
    dialog = window.practice.show_register()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
    assert dialog.table.item(0, 0).text() == "张三" and dialog.table.item(0, 5).text() == "该复训"
    assert dialog.table.item(1, 5).text() == "有效" and dialog.months.value() == 6
    assert "1 条该复训" in dialog.summary.text()
    screenshot(dialog, tmp_path, "training_register")
    dialog.months.setValue(12)
    dialog.save.click()
    qtbot.waitUntil(lambda: "0 条该复训" in dialog.summary.text(), timeout=10_000)
    assert run_on_worker(qtbot, training.refresher_months) == 12
    dialog.months.setValue(6)
    dialog.save.click()
    qtbot.waitUntil(lambda: "1 条该复训" in dialog.summary.text(), timeout=10_000)
    dialog.due_only.setChecked(True)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    dialog.accept()
    # The 体检 page names who is due.
    health = window.backups_feature.health  # type: ignore[attr-defined]
    window.show_page(health)
    health.run()
    qtbot.waitUntil(lambda: health.result is not None, timeout=30_000)
    [row] = [r for r in health.result.rows if r.name == "training"]
    assert not row.ok and "张三" in row.detail and "复训" in row.detail
