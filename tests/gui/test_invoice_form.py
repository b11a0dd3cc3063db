"""Recording invoices in the form: keyboard only, errors at their fields, duplicates refused."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from invoicedesk.core import clock
from invoicedesk.core.rates import KNOWN_RATES
from invoicedesk.gui.invoice_form import InvoiceForm
from invoicedesk.gui.lines_table import AMOUNT, NAME, PRICE, QUANTITY, RATE, TAX, rate_by_code
from invoicedesk.gui.main_window import MainWindow
from invoicedesk.services import invoices
from invoicedesk.store.invoice_queries import InvoiceFilter
from tests.gui.helpers import focused, press, run_on_worker, tab, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
BAD_TAX_ID = "914403001922038217"  # Huawei's id with a wrong check character


def new_number(serial: int) -> str:
    """A 数电票 number of this year that the demo data never uses."""
    return f"{clock.today().year % 100:02d}112{9 * 10**14 + serial:015d}"


def ledger_count(qtbot: QtBot) -> int:
    return run_on_worker(qtbot, invoices.ledger_totals).count


@pytest.fixture
def window(qtbot: QtBot, ledger_db: Path) -> Iterator[MainWindow]:
    main = MainWindow(str(ledger_db), "tester")
    main.resize(1366, 768)
    with qtbot.waitSignal(main.ledger.model.reloaded, timeout=20_000):
        main.show()
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    yield main
    if main.form is not None:
        main.form.reset()
    main.close()
    assert not main.isVisible()
    main.deleteLater()


@pytest.fixture
def form(qtbot: QtBot, window: MainWindow) -> InvoiceForm:
    opened = window.open_form()
    qtbot.waitUntil(lambda: opened.number.hasFocus())
    return opened


def fill(form: InvoiceForm, number: str, tax_id: str = "91110108551385082Q") -> None:
    form.number.setText(number)
    form.buyer_name.setText("北京测试餐饮有限公司")
    form.buyer_tax_id.setText(tax_id)
    form.lines.set_text(0, NAME, "*餐饮服务*餐费")
    form.lines.set_rate(0, rate_by_code("0.13"))  # chosen: the ledger's 6% for 餐费 does not apply
    form.lines.set_text(0, AMOUNT, "100")


def test_record_an_invoice_by_keyboard_alone(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)  # 登记发票
    form = window.form
    assert form is not None
    qtbot.waitUntil(lambda: focused() is form.number)
    number = new_number(1)
    type_text(qtbot, number)
    tab(qtbot)
    assert focused() is form.issue_date  # today, kept
    tab(qtbot)
    assert focused() is form.buyer_name
    type_text(qtbot, "北京键盘测试科技有限公司")
    tab(qtbot)
    assert focused() is form.buyer_tax_id
    type_text(qtbot, "91110108551385082q")
    press(qtbot, Qt.Key.Key_Return)  # Enter skips the optional buyer details: into the lines
    type_text(qtbot, "*餐饮服务*键盘套餐")  # a new name: no picker popup (see test_counter)
    tab(qtbot, 3)  # past 规格型号 and 单位
    type_text(qtbot, "2")
    tab(qtbot)
    type_text(qtbot, "50")
    tab(qtbot)
    assert form.lines.text(0, AMOUNT) == "100.00"  # 数量 × 单价
    tab(qtbot)
    assert focused().objectName() == "rateEditor"
    type_text(qtbot, "6")  # picks 6%
    tab(qtbot)  # Tab from the last cell adds a line
    assert form.lines.rowCount() == 2
    assert form.lines.text(0, TAX) == "6.00"
    assert "价税合计 ¥106.00" in form.totals.text()
    assert form.words.text() == "大写：壹佰零陆圆整"
    tab(qtbot)  # Tab on the empty new line leaves the table
    qtbot.waitUntil(lambda: focused() is form.issuer)
    assert form.lines.rowCount() == 1
    type_text(qtbot, "李四")
    tab(qtbot, 3)  # past 复核人 and 收款人
    assert focused() is form.remarks
    type_text(qtbot, "键盘录入")
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        press(qtbot, Qt.Key.Key_S, CTRL)
    invoice_id = saved.args[0]

    view = run_on_worker(qtbot, lambda: invoices.get_invoice(invoice_id))
    assert (view.number, view.kind, view.issue_date) == (number, "82", clock.today())
    assert view.buyer_name == "北京键盘测试科技有限公司"
    assert view.buyer_tax_id == "91110108551385082Q"  # normalised
    assert (view.issuer, view.remarks, view.created_by) == ("李四", "键盘录入", "tester")
    assert (view.amount, view.tax, view.total) == (
        Decimal("100.00"),
        Decimal("6.00"),
        Decimal("106.00"),
    )
    assert [(line.quantity, line.unit_price, line.tax_rate) for line in view.lines] == [
        (Decimal("2"), Decimal("50"), "0.06")
    ]
    # Ready for the next invoice: empty, the number focused, the issuer kept.
    assert form.number.text() == "" and focused() is form.number
    assert form.issuer.text() == "李四"
    assert "已保存发票" in form.messages.text()
    # The ledger refreshed: the count, and the invoice found by its number.
    qtbot.waitUntil(lambda: window.summary.text().startswith("共 10,001 张"), timeout=20_000)
    model = window.ledger.model
    window.ledger.search.setText(number)
    qtbot.waitUntil(
        lambda: model.rowCount() == 1 and model.invoice_id(0) == invoice_id, timeout=20_000
    )


def test_bad_buyer_tax_id_is_shown_at_the_field_and_nothing_is_saved(
    qtbot: QtBot, form: InvoiceForm
) -> None:
    fill(form, new_number(2), tax_id=BAD_TAX_ID)
    form.save()
    qtbot.waitUntil(lambda: bool(form.buyer_tax_id.property("invalid")), timeout=10_000)
    assert "校验位" in form.messages.text()
    assert "校验位" in form.buyer_tax_id.toolTip()
    assert form.messages.property("tone") == "error"
    assert not form.number.property("invalid")
    assert form.buyer_tax_id.hasFocus()
    assert form.number.text() == new_number(2)  # the entry is kept for correcting
    assert ledger_count(qtbot) == 10_000
    # Correcting the field clears its mark.
    form.buyer_tax_id.setFocus()
    qtbot.keyClick(form.buyer_tax_id, Qt.Key.Key_Backspace)
    assert not form.buyer_tax_id.property("invalid")


def test_duplicate_number_is_refused(qtbot: QtBot, form: InvoiceForm) -> None:
    existing = run_on_worker(qtbot, lambda: invoices.list_invoices(InvoiceFilter(), limit=1)).rows[
        0
    ]
    fill(form, existing.number)
    form.save()
    qtbot.waitUntil(lambda: bool(form.number.property("invalid")), timeout=10_000)
    assert "已在台账中" in form.messages.text()
    assert existing.buyer_name in form.messages.text()
    assert ledger_count(qtbot) == 10_000


def test_unreadable_amount_is_marked_in_its_cell(qtbot: QtBot, form: InvoiceForm) -> None:
    fill(form, new_number(3))
    form.lines.set_text(0, QUANTITY, "两个")
    form.lines.set_text(0, PRICE, "")
    form.lines.set_text(0, AMOUNT, "abc")
    form.save()
    assert form.lines.item(0, AMOUNT).toolTip()
    assert form.lines.item(0, QUANTITY).toolTip()
    assert "第1行金额：“abc”" in form.messages.text()
    assert "第1行数量" in form.messages.text()
    assert form.lines.property("invalid")
    assert ledger_count(qtbot) == 10_000


def test_problems_from_validation_point_at_lines(qtbot: QtBot, form: InvoiceForm) -> None:
    fill(form, "123")
    form.lines.append_line()
    form.lines.set_text(1, NAME, "*餐饮服务*餐费")
    form.lines.set_text(1, AMOUNT, "-5")
    form.save()
    qtbot.waitUntil(lambda: bool(form.number.property("invalid")), timeout=10_000)
    assert "发票号码应为20位数字" in form.messages.text()
    assert "第2行金额应大于0" in form.messages.text()
    assert form.lines.item(1, AMOUNT).toolTip()
    assert not form.lines.item(0, AMOUNT).toolTip()


def test_rate_change_recomputes_tax_and_totals(qtbot: QtBot, form: InvoiceForm) -> None:
    fill(form, new_number(4))
    assert form.lines.text(0, TAX) == "13.00"
    form.lines.set_rate(0, next(r for r in KNOWN_RATES if r.code == "exempt"))
    assert form.lines.text(0, TAX) == "***"
    assert "价税合计 ¥100.00" in form.totals.text()
    assert form.lines.text(0, RATE) == "免税"


def test_escape_clears_after_confirming(qtbot: QtBot, form: InvoiceForm) -> None:
    fill(form, new_number(5))
    press(qtbot, Qt.Key.Key_Escape)
    box = form.findChild(QMessageBox, "confirmDiscard")
    assert box is not None and box.isVisible()
    box.button(QMessageBox.StandardButton.Yes).click()
    assert form.number.text() == "" and form.buyer_name.text() == ""
    assert form.lines.rowCount() == 1 and form.lines.is_blank(0)


def test_remembered_buyer_fills_the_tax_id(qtbot: QtBot, form: InvoiceForm) -> None:
    form.buyer_name.setFocus()
    qtbot.waitUntil(lambda: form.buyer_name.hasFocus())
    type_text(qtbot, "朝阳")
    popup = form.buyers.completer.popup()
    qtbot.waitUntil(lambda: popup.isVisible(), timeout=10_000)
    assert popup.model().rowCount() > 0
    first = popup.model().index(0, 0).data()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert form.buyer_name.text() == first
    assert len(form.buyer_tax_id.text()) == 18


def test_quitting_with_an_unsaved_invoice_asks_first(qtbot: QtBot, form: InvoiceForm) -> None:
    window = form.window()  # the form lives in the counter page
    assert isinstance(window, MainWindow)
    fill(form, new_number(6))
    window.close()
    assert window.isVisible()
    box = form.findChild(QMessageBox, "confirmQuit")
    assert box is not None and box.isVisible()
    box.button(QMessageBox.StandardButton.Yes).click()
    assert not window.isVisible()


def test_escape_in_a_cell_only_cancels_that_edit(qtbot: QtBot, form: InvoiceForm) -> None:
    fill(form, new_number(7))
    form.lines.setFocus()
    form.lines.setCurrentCell(0, QUANTITY)
    qtbot.waitUntil(lambda: form.lines.hasFocus())
    type_text(qtbot, "3")
    assert focused() is not form.lines  # the cell editor has the keyboard
    press(qtbot, Qt.Key.Key_Escape)
    assert form.findChild(QMessageBox, "confirmDiscard") is None
    assert form.lines.text(0, QUANTITY) == ""
    assert form.number.text() == new_number(7)


def test_control_characters_in_a_name_are_refused_at_the_field(
    qtbot: QtBot, form: InvoiceForm
) -> None:
    """Issue 12, item 9: ESC (a terminal colour sequence) in the buyer's name is named, not saved."""
    fill(form, new_number(4))
    form.buyer_name.setText("北京测试\x1b[31m餐饮有限公司")
    form.save()
    qtbot.waitUntil(lambda: bool(form.buyer_name.property("invalid")), timeout=10_000)
    assert "购买方名称含有不允许的控制字符（U+001B ESC）" in form.messages.text()
    assert "\x1b" not in form.messages.text()
    assert ledger_count(qtbot) == 10_000


def test_a_30_digit_amount_is_named_in_its_cell(qtbot: QtBot, form: InvoiceForm) -> None:
    """Issue 12, item 4: a 30-digit amount is a message at the cell, not an internal error."""
    fill(form, new_number(5))
    form.lines.set_text(0, AMOUNT, "1" * 30)
    form.save()
    assert "第1行金额" in form.messages.text() and "30位" in form.messages.text()
    assert form.lines.item(0, AMOUNT).toolTip()
    assert ledger_count(qtbot) == 10_000
