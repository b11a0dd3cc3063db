"""The month page on a real demo ledger: summary, screening notes, lock/unlock, exports."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from invoicedesk.core import clock
from invoicedesk.core.dates import period_bounds
from invoicedesk.gui import main_window
from invoicedesk.gui.features import month_end as feature
from invoicedesk.gui.month_page import MonthPage, TextDialog
from invoicedesk.services import invoice_changes, invoices, month_end
from invoicedesk.store.invoice_queries import InvoiceFilter
from tests.factories import draft, last_month
from tests.gui.helpers import only_features, press, run_on_worker


@pytest.fixture
def page(qtbot: QtBot, small_db: Path) -> Iterator[MonthPage]:
    widget = MonthPage("李会计")
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    assert widget.current_period() == last_month()  # month-end comes after the month
    wait(qtbot, widget)
    yield widget


def wait(qtbot: QtBot, page: MonthPage) -> None:
    qtbot.waitUntil(lambda: not page.loading and page.summary is not None, timeout=20_000)


def message_boxes() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


def close_boxes() -> None:
    for box in message_boxes():
        box.done(0)


def text_dialog(page: MonthPage) -> TextDialog:
    dialogs = [d for d in page.findChildren(TextDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def answer(qtbot: QtBot, dialog: TextDialog, text: str, *, replace: bool = False) -> None:
    """Type into the dialog's field (Chinese as an input method commits it) and press Enter."""
    if replace:
        dialog.edit.clear()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(dialog.edit, event)
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)


def test_summary_and_screening_are_shown(  # type: ignore[no-untyped-def]
    qtbot: QtBot, qtmodeltester, page: MonthPage, tmp_path: Path
) -> None:
    summary = page.summary
    assert summary is not None and summary.period == last_month() and summary.count > 0
    assert page.headline.text().startswith(f"{last_month()}：共 {summary.count:,} 张")
    labels = [row.label for row in page.summary_model.rows]
    assert "数电票（普通发票）" in labels and "6%" in labels and "未开票的开票申请" in labels
    assert page.state.text() == "未锁定"
    assert page.lock_button.isEnabled() and not page.unlock_button.isEnabled()
    qtmodeltester.check(page.summary_model)
    qtmodeltester.check(page.screening_model)
    shot = tmp_path / "month_page.png"
    assert page.grab().save(str(shot)) and shot.stat().st_size > 10_000


def test_locking_with_open_findings_is_refused_with_the_reason(
    qtbot: QtBot, page: MonthPage
) -> None:
    month_end_day = period_bounds(last_month())[1] - timedelta(days=1)
    run_on_worker(
        qtbot,
        lambda: invoices.record_invoice(
            draft(9_999_999, issue_date=month_end_day), "张三", today=clock.today()
        ),
    )
    page.reload()
    wait(qtbot, page)
    assert page.screening_model.rowCount() >= 1  # at least the new number breaks the sequence
    page.ask_lock()
    dialog = text_dialog(page)
    assert dialog.edit.text() == f"{last_month()} 结账"
    dialog.accept()
    qtbot.waitUntil(lambda: bool(message_boxes()), timeout=10_000)
    assert "未处理" in message_boxes()[0].text()
    close_boxes()
    assert not run_on_worker(qtbot, lambda: month_end.periods.is_locked(last_month()))


def test_acknowledge_lock_refuse_unlock(qtbot: QtBot, page: MonthPage, tmp_path: Path) -> None:
    findings = page.screening_model.result.findings if page.screening_model.result else ()
    for row in range(len(findings)):  # each note typed in the dialog, as a bookkeeper would
        page.screening_table.setCurrentIndex(page.screening_model.index(row, 0))
        page.ask_acknowledge()
        dialog = text_dialog(page)
        assert not dialog.ok.isEnabled()  # a note is required
        answer(qtbot, dialog, "已核对")
        key = findings[row].key
        qtbot.waitUntil(
            lambda key=key: key in page.screening_model.result.acks,  # type: ignore[union-attr,misc]
            timeout=10_000,
        )
    wait(qtbot, page)
    assert page.screening_model.result is not None and page.screening_model.result.passed
    page.activateWindow()
    page.screening_table.setFocus()
    qtbot.waitUntil(page.screening_table.hasFocus)
    press(qtbot, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # Ctrl+L: lock
    answer(qtbot, text_dialog(page), "月末结账", replace=True)
    qtbot.waitUntil(lambda: page.state.text().startswith("已锁定"), timeout=10_000)
    assert "李会计" in page.state.text() and "月末结账" in page.state.text()
    assert page.unlock_button.isEnabled() and not page.lock_button.isEnabled()
    shot = tmp_path / "month_page_locked.png"
    assert page.grab().save(str(shot)) and shot.stat().st_size > 10_000

    # a locked month refuses: the reason reaches the user as a message
    if page.screening_model.rowCount():
        page.screening_table.setCurrentIndex(page.screening_model.index(0, 0))
        page.acknowledge(page.screening_model.result.findings[0].key, "再改")  # type: ignore[union-attr]
        qtbot.waitUntil(lambda: bool(message_boxes()), timeout=10_000)
        assert f"{last_month()} 已结账锁定" in message_boxes()[0].text()
        close_boxes()

    page.ask_unlock()
    answer(qtbot, text_dialog(page), "补录漏登发票")
    qtbot.waitUntil(lambda: page.state.text() == "未锁定", timeout=10_000)


def test_export_from_the_page_with_progress(qtbot: QtBot, page: MonthPage, tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    dialog = page.export_to("ledger", out)
    qtbot.waitUntil(lambda: bool(message_boxes()), timeout=20_000)
    assert "已导出" in message_boxes()[0].text()
    close_boxes()
    assert not dialog.isVisible()
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames == ["发票", "明细", "汇总"]
    assert len(list(wb["发票"].iter_rows())) == page.summary.count + 2  # type: ignore[union-attr]


def test_the_pack_carries_the_training_register_when_ticked(
    qtbot: QtBot, page: MonthPage, tmp_path: Path
) -> None:
    import zipfile

    from invoicedesk.services import training

    run_on_worker(
        qtbot, lambda: training.record_completion("张三", "counter-outage", clock.stamp(), "店长")
    )
    box = page.with_training
    assert box.text() == "附培训登记" and not box.isChecked()
    box.setChecked(True)
    out = tmp_path / "资料包.zip"
    page.export_to("pack", out)
    qtbot.waitUntil(lambda: bool(message_boxes()), timeout=60_000)
    close_boxes()
    names = zipfile.ZipFile(out).namelist()
    assert any(n.startswith("培训登记-") for n in names)
    again = MonthPage("店长")
    qtbot.addWidget(again)
    assert again.with_training.isChecked()  # remembered for the next time


@pytest.fixture
def window(
    qtbot: QtBot, small_db: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[main_window.MainWindow]:
    monkeypatch.setattr(main_window, "FEATURE_UI", only_features("month_end"))
    main = main_window.MainWindow(str(small_db), "李会计")
    qtbot.addWidget(main)
    main.resize(1366, 768)
    with qtbot.waitSignal(main.ledger.model.reloaded, timeout=20_000):
        main.show()
    yield main
    main.close()


def test_summary_row_opens_the_ledger_and_export_what_is_shown(
    qtbot: QtBot, window: main_window.MainWindow, tmp_path: Path
) -> None:
    month: MonthPage = window.month_page  # type: ignore[attr-defined]
    assert month.summary is None  # nothing is read before the page is visited
    window.show_page(month)
    wait(qtbot, month)
    row = next(i for i, r in enumerate(month.summary_model.rows) if r.target == ("rate", "0.13"))
    expected = run_on_worker(qtbot, lambda: month_end.invoice_ids(last_month(), "rate", "0.13"))
    with qtbot.waitSignal(window.ledger.model.reloaded, timeout=20_000):
        month.summary_table.activated.emit(month.summary_model.index(row, 1))
    assert window.pages.currentWidget() is window.ledger
    assert window.ledger.model.rowCount() == len(expected)
    assert set(window.ledger.model.filter.ids) == set(expected)

    out = tmp_path / "shown.xlsx"
    feature.export_shown(window, out)
    qtbot.waitUntil(lambda: bool(message_boxes()), timeout=20_000)
    close_boxes()
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames == ["发票", "明细", "筛选条件"]
    assert len(list(wb["发票"].iter_rows())) == len(expected) + 2
    filters = {r[0]: r[1] for r in wb["筛选条件"].iter_rows(values_only=True)}
    assert filters["期间"] == last_month() and filters["指定发票"] == f"{len(expected)} 张"
    assert filters["发票张数"] == len(expected)
    assert window.export_shown_action.shortcut().toString() == "Ctrl+Shift+E"  # type: ignore[attr-defined]
    assert InvoiceFilter() != window.ledger.model.filter


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_red_flush_after_the_lock_is_shown_apart(
    qtbot: QtBot, small_db: Path, tmp_path: Path, language: str
) -> None:
    from PySide6.QtCore import QCoreApplication

    from invoicedesk.gui import app as gui_app
    from invoicedesk.services import periods
    from invoicedesk.store.models import Invoice
    from tests.factories import number
    from tests.gui.helpers import screenshot

    period = last_month()
    first, following = period_bounds(period)

    def lock_then_flush() -> int:
        periods.lock_period(period, "李会计", backup=False)
        blue = (
            Invoice.select()
            .where(
                (Invoice.issue_date >= first)
                & (Invoice.issue_date < following)
                & (Invoice.status == "normal")
                & (Invoice.is_red == False)  # noqa: E712 - peewee expression
                & (Invoice.kind == "82")
            )
            .first()
        )
        invoice_changes.red_flush(
            blue.id,
            reason_code="01",
            number=number(999_999, clock.today().year % 100),
            actor="李会计",
        )
        return int(blue.id)

    run_on_worker(qtbot, lock_then_flush)
    gui_app.install_translations(QApplication.instance(), language)  # type: ignore[arg-type]
    try:
        widget = MonthPage("李会计")
        qtbot.addWidget(widget)
        widget.resize(1366, 768)
        widget.show()
        wait(qtbot, widget)
        section = QCoreApplication.translate("MonthPage", "锁定后的变化")
        later = [r for r in widget.summary_model.rows if r.section == section]
        full = QCoreApplication.translate("Status", "已红冲-全额")
        assert len(later) == 1 and later[0].count == 1 and full in later[0].label
        screenshot(widget, tmp_path, f"month_after_lock_{language}")
    finally:
        gui_app.install_translations(QApplication.instance(), "zh_CN")  # type: ignore[arg-type]
