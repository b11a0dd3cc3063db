"""Corrections from the ledger: correct a field, red-flush by line, reissue, and the chain shown."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from invoicedesk.core import clock
from invoicedesk.gui.correction_dialogs import CorrectDialog, LedgerCorrections, RedFlushDialog
from invoicedesk.gui.invoice_detail import InvoiceDetailDialog
from invoicedesk.gui.main_window import MainWindow
from invoicedesk.services import corrections, invoices
from invoicedesk.store.invoice_queries import InvoiceFilter
from tests.factories import draft, line
from tests.gui.helpers import press, run_on_worker, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def new_number(serial: int) -> str:
    return f"{clock.today().year % 100:02d}112{6 * 10**14 + serial:015d}"


@pytest.fixture
def window(qtbot: QtBot, small_db: Path) -> Iterator[MainWindow]:
    main = MainWindow(str(small_db), "tester")
    main.resize(1366, 768)
    with qtbot.waitSignal(main.ledger.model.reloaded, timeout=20_000):
        main.show()
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    yield main
    if main.form is not None:
        main.form.reset()
    main.close()
    main.deleteLater()


def select_number(qtbot: QtBot, window: MainWindow, number: str) -> None:
    # Offscreen Qt does not give activation back when a dialog closes; a desktop does.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.show_page(window.ledger)
    ledger = window.ledger
    ledger.search.setText(number)
    ledger.apply_filter()  # now, not after the typing pause
    qtbot.waitUntil(
        lambda: (
            ledger.model.rowCount() == 1
            and (row := ledger.model.row_at(0)) is not None
            and row.number == number
        ),
        timeout=20_000,
    )
    ledger.table.setFocus()
    ledger.table.selectRow(0)
    ledger.table.setCurrentIndex(ledger.model.index(0, 0))


def record_blue(qtbot: QtBot) -> int:
    blue = draft(
        1,
        num=new_number(1),
        issue_date=clock.today(),
        lines=[line(), line("*餐饮服务*酒水", "50.00", quantity="1", unit_price="50")],
    )
    return run_on_worker(qtbot, lambda: invoices.record_invoice(blue, "tester")).id


def test_correct_a_field_with_a_reason(qtbot: QtBot, window: MainWindow) -> None:
    blue_id = record_blue(qtbot)
    select_number(qtbot, window, new_number(1))
    actions: LedgerCorrections = window.ledger_corrections  # type: ignore[attr-defined]
    press(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: isinstance(actions.dialog, CorrectDialog), timeout=10_000)
    dialog = actions.dialog
    assert isinstance(dialog, CorrectDialog)
    assert dialog.value.text() == "小米科技有限责任公司"
    dialog.value.setText("小米通讯技术有限公司")
    dialog.submit()  # no reason: refused inside the dialog
    qtbot.waitUntil(lambda: "原因" in dialog.message.text(), timeout=10_000)
    dialog.reason.setText("顾客要求改为子公司")
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        dialog.submit()
    view = run_on_worker(qtbot, lambda: invoices.get_invoice(blue_id))
    assert view.buyer_name == "小米通讯技术有限公司"


def test_red_flush_by_line_then_reissue_and_see_the_chain(qtbot: QtBot, window: MainWindow) -> None:
    blue_id = record_blue(qtbot)
    select_number(qtbot, window, new_number(1))
    actions: LedgerCorrections = window.ledger_corrections  # type: ignore[attr-defined]
    qtbot.keyClick(window.ledger.table, Qt.Key.Key_R, CTRL | SHIFT)
    qtbot.waitUntil(lambda: isinstance(actions.dialog, RedFlushDialog), timeout=10_000)
    dialog = actions.dialog
    assert isinstance(dialog, RedFlushDialog)
    dialog.reason.setCurrentIndex(dialog.reason.findData("02"))
    dialog.number.setText(new_number(2))
    dialog.set_line(0, False)  # keep the meal, flush 20.00 of the drinks
    dialog.set_line(1, True, "20")
    with qtbot.waitSignal(dialog.changed, timeout=10_000) as changed:
        dialog.submit()
    red = changed.args[0]
    assert red.is_red and red.total == Decimal("-21.20") and red.red_reason == "02"
    assert run_on_worker(qtbot, lambda: invoices.get_invoice(blue_id)).status == "red_partial"

    # Reissue from the red invoice: the counter opens pre-filled from the blue one.
    select_number(qtbot, window, new_number(2))
    qtbot.keyClick(window.ledger.table, Qt.Key.Key_N, CTRL | SHIFT)
    form = window.counter.form  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: form.mode == "reissue", timeout=10_000)
    assert window.pages.currentWidget() is window.counter  # type: ignore[attr-defined]
    assert form.buyer_name.text() == "小米科技有限责任公司" and form.number.text() == ""
    assert form.lines.rowCount() == 2
    form.number.setFocus()
    qtbot.waitUntil(form.number.hasFocus)
    type_text(qtbot, new_number(3))
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        press(qtbot, Qt.Key.Key_S, CTRL)
    replacement = saved.args[0]
    assert run_on_worker(qtbot, lambda: corrections.replacement_of(red.id)) == replacement

    dialog_detail = InvoiceDetailDialog(replacement, window)
    dialog_detail.open()
    qtbot.waitUntil(dialog_detail.chain_label.isVisible, timeout=10_000)
    text = dialog_detail.chain_label.text()
    assert text.index(new_number(1)) < text.index(new_number(2)) < text.index(new_number(3))
    assert "重开" in text and "<b>" in text
    dialog_detail.close()
    # The ledger says what a red row cancels.
    window.ledger.search.setText(new_number(2))
    model = window.ledger.model
    qtbot.waitUntil(
        lambda: model.rowCount() == 1 and model.invoice_id(0) is not None, timeout=20_000
    )
    status = model.index(0, 9).data(Qt.ItemDataRole.ToolTipRole)
    assert str(blue_id) in status


def test_void_is_not_offered_for_a_digital_invoice(qtbot: QtBot, window: MainWindow) -> None:
    """数电票 cannot be voided: the menu says so instead of opening a dialog that refuses."""
    record_blue(qtbot)
    select_number(qtbot, window, new_number(1))
    actions: LedgerCorrections = window.ledger_corrections  # type: ignore[attr-defined]
    void = actions.actions["voidAction"]
    qtbot.waitUntil(lambda: not void.isEnabled(), timeout=10_000)
    assert "红冲" in void.text()
    qtbot.keyClick(window.ledger.table, Qt.Key.Key_D, CTRL | SHIFT)
    assert actions.dialog is None
    assert actions.actions["redFlushAction"].isEnabled()
    flt = InvoiceFilter(text=new_number(1))
    assert run_on_worker(qtbot, lambda: invoices.list_invoices(flt)).rows[0].status == "normal"
