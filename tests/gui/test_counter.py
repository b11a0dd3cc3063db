"""The counter page: keyboard entry, remembered buyers, files and QR codes, bad input at its field."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from invoicedesk.core import clock
from invoicedesk.gui.counter_page import CounterPage
from invoicedesk.gui.invoice_form import InvoiceForm
from invoicedesk.gui.lines_table import (
    AMOUNT,
    NAME,
    PRICE,
    QUANTITY,
    SPEC,
    TAX,
    UNIT,
    rate_by_code,
)
from invoicedesk.gui.main_window import MainWindow
from invoicedesk.services import invoice_files, invoices, requests
from tests.gui.helpers import focused, press, run_on_worker, screenshot, tab, type_text
from tests.integration.test_einvoice_files import DIGITAL_NUMBER, DIGITAL_XML, make_ofd

CTRL = Qt.KeyboardModifier.ControlModifier


def new_number(serial: int) -> str:
    return f"{clock.today().year % 100:02d}112{8 * 10**14 + serial:015d}"


def count(qtbot: QtBot) -> int:
    return run_on_worker(qtbot, invoices.ledger_totals).count


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


@pytest.fixture
def page(window: MainWindow) -> CounterPage:
    counter: CounterPage = window.counter  # type: ignore[attr-defined]
    return counter


@pytest.fixture
def form(qtbot: QtBot, window: MainWindow, page: CounterPage) -> InvoiceForm:
    opened = window.open_form()
    assert opened is page.form and window.pages.currentWidget() is page
    qtbot.waitUntil(lambda: opened.number.hasFocus())
    return opened


def enter_line(qtbot: QtBot, name: str, spec: str, unit: str, qty: str, price: str) -> None:
    type_text(qtbot, name)
    tab(qtbot)
    type_text(qtbot, spec)
    tab(qtbot)
    type_text(qtbot, unit)
    tab(qtbot)
    type_text(qtbot, qty)
    tab(qtbot)
    type_text(qtbot, price)
    tab(qtbot, 3)  # past the computed amount and the rate (kept from the line above)


def test_three_lines_with_a_new_buyer_then_the_buyer_is_remembered(
    qtbot: QtBot, window: MainWindow, form: InvoiceForm
) -> None:
    qtbot.waitUntil(lambda: bool(form.lines.item_rates), timeout=10_000)
    number = new_number(1)
    type_text(qtbot, number)
    tab(qtbot, 2)
    assert focused() is form.buyer_name
    type_text(qtbot, "北京柜台测试有限公司")
    tab(qtbot)
    type_text(qtbot, "91110000802100433B")
    tab(qtbot)
    assert focused() is form.buyer_address_phone
    type_text(qtbot, "北京市朝阳区 010-12345678")
    tab(qtbot, 2)
    assert focused() is form.buyer_email
    type_text(qtbot, "piao@example.com")
    press(qtbot, Qt.Key.Key_Return)  # on to the lines
    enter_line(qtbot, "*餐饮服务*柜台午餐", "", "份", "3", "40")
    enter_line(qtbot, "*餐饮服务*柜台饮品", "大杯", "杯", "2", "15")
    enter_line(qtbot, "*餐饮服务*柜台甜点", "", "份", "1", "20.5")
    assert form.lines.rowCount() == 4
    tab(qtbot)  # leave the table from the empty fourth line
    qtbot.waitUntil(lambda: focused() is form.issuer)
    type_text(qtbot, "王柜台")
    tab(qtbot)
    type_text(qtbot, "李复核")
    # New lines take the shop's usual rate, read from the ledger: 6% in the demo shop (catering).
    assert "价税合计 ¥180.73" in form.totals.text()  # 170.50 + 6% per line (10.23)
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        press(qtbot, Qt.Key.Key_S, CTRL)
    view = run_on_worker(qtbot, lambda: invoices.get_invoice(saved.args[0]))
    assert [(ln.name, ln.unit, ln.quantity) for ln in view.lines] == [
        ("*餐饮服务*柜台午餐", "份", Decimal("3")),
        ("*餐饮服务*柜台饮品", "杯", Decimal("2")),
        ("*餐饮服务*柜台甜点", "份", Decimal("1")),
    ]
    assert view.lines[1].spec == "大杯" and view.reviewer == "李复核"
    assert view.buyer_email == "piao@example.com" and view.total == Decimal("180.73")
    assert focused() is form.number and form.buyer_name.text() == ""

    # The next customer is the same buyer: two characters and the list offers it.
    type_text(qtbot, new_number(2))
    tab(qtbot, 2)
    type_text(qtbot, "柜台测试")
    popup = form.buyers.completer.popup()
    qtbot.waitUntil(lambda: popup.isVisible(), timeout=10_000)
    names = [popup.model().index(i, 0).data() for i in range(popup.model().rowCount())]
    assert "北京柜台测试有限公司" in names
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert form.buyer_name.text() == "北京柜台测试有限公司"
    assert form.buyer_tax_id.text() == "91110000802100433B"
    assert form.buyer_address_phone.text() == "北京市朝阳区 010-12345678"
    assert form.buyer_email.text() == "piao@example.com"


def test_recent_item_names_are_offered_in_the_name_cell(qtbot: QtBot, form: InvoiceForm) -> None:
    qtbot.waitUntil(lambda: bool(form.lines.names), timeout=10_000)
    form.buyer_tax_id.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focused() is not form.buyer_tax_id)
    type_text(qtbot, "餐饮")
    press(qtbot, Qt.Key.Key_Down)
    picker = focused().findChild(object, "namePicker")  # type: ignore[call-overload]
    assert picker is not None
    popup = picker.popup()
    qtbot.waitUntil(lambda: popup.isVisible())
    first = popup.model().index(0, 0).data()
    assert "餐饮" in first
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    form.lines.commit_editor()
    assert form.lines.text(0, NAME) == first


def test_discount_line_and_tax_inclusive_amounts(qtbot: QtBot, form: InvoiceForm) -> None:
    form.number.setText(new_number(3))
    form.buyer_name.setText("个人")
    form.inclusive.setChecked(True)
    form.lines.set_text(0, NAME, "*餐饮服务*餐费")
    form.lines.set_rate(0, rate_by_code("0.13"))
    form.lines.set_text(0, AMOUNT, "106")  # tax-inclusive, at 13%
    form.lines.setCurrentCell(0, AMOUNT)
    assert form.lines.add_discount_line() == 1
    form.lines.commit_editor()
    form.lines.set_text(1, AMOUNT, "-10.60")
    assert form.lines.is_discount(1) and form.lines.text(1, NAME) == "*餐饮服务*餐费"
    draft, problems = form.build_draft()
    assert draft is not None and not problems
    assert [(ln.amount, ln.is_discount) for ln in draft.lines] == [
        (Decimal("93.81"), False),
        (Decimal("-9.38"), True),
    ]
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        form.save()
    view = run_on_worker(qtbot, lambda: invoices.get_invoice(saved.args[0]))
    assert view.total == Decimal("95.40") and view.lines[1].is_discount


def test_digital_xml_fills_the_form_and_is_kept_with_the_invoice(
    qtbot: QtBot,
    tmp_path: Path,
    form: InvoiceForm,
    page: CounterPage,
    frozen_clock: clock.ManualClock,
) -> None:
    # The sample file was issued on 2026-11-20: record it a week later, whatever today is.
    frozen_clock.set(datetime(2026, 11, 27, 10, tzinfo=clock.SHOP_TZ))
    path = tmp_path / "dzfp.xml"
    path.write_bytes(DIGITAL_XML)
    page.open_file(path)
    qtbot.waitUntil(lambda: form.number.text() == DIGITAL_NUMBER, timeout=10_000)
    assert form.buyer_name.text() == "小米科技有限责任公司"
    assert form.buyer_bank_account.text() == "招商银行 110900000000001"
    assert form.lines.text(0, UNIT) == "次" and form.lines.text(1, AMOUNT) == "50.00"
    assert form.issue_date.date() == QDate(2026, 11, 20)
    assert "价税合计 ¥159.00" in form.totals.text()
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        press(qtbot, Qt.Key.Key_S, CTRL)
    invoice_id = saved.args[0]
    files = run_on_worker(qtbot, lambda: invoice_files.files_of(invoice_id))
    assert [f.name for f in files] == ["dzfp.xml"]
    kept = run_on_worker(
        qtbot, lambda: invoice_files.read_file(files[0].id, invoice_files.default_folder())
    )
    assert kept == DIGITAL_XML


def test_legacy_ofd_fills_the_form(
    qtbot: QtBot, tmp_path: Path, form: InvoiceForm, page: CounterPage
) -> None:
    path = tmp_path / "invoice.ofd"
    path.write_bytes(make_ofd())
    page.open_file(path)
    qtbot.waitUntil(lambda: form.number.text() == "01234567", timeout=10_000)
    assert form.kind.currentData() == "10" and form.code.text() == "011002000111"
    assert form.lines.text(0, TAX) == "5.28"
    draft, problems = form.build_draft()
    assert draft is not None and not problems


def test_an_unreadable_file_says_why(
    qtbot: QtBot, tmp_path: Path, form: InvoiceForm, page: CounterPage
) -> None:
    path = tmp_path / "broken.ofd"
    path.write_bytes(b"PK\x03\x04 not a zip")
    page.open_file(path)
    qtbot.waitUntil(lambda: "无法解压" in form.messages.text(), timeout=10_000)
    assert form.number.text() == ""


def test_qr_payloads_of_both_forms(qtbot: QtBot, form: InvoiceForm, page: CounterPage) -> None:
    day = clock.today() - timedelta(days=1)
    page.qr_input.setFocus()
    type_text(qtbot, f"01,32,,{new_number(4)},212.00,{day:%Y%m%d},,A1B2")
    press(qtbot, Qt.Key.Key_Return)
    assert form.kind.currentData() == "82" and form.number.text() == new_number(4)
    assert form.issue_date.date() == QDate(day.year, day.month, day.day)
    assert form.inclusive.isChecked()  # 价税合计 typed tax-inclusive
    assert "价税合计 ¥212.00" in form.totals.text()
    assert focused() is form.buyer_name
    form.reset()
    page.qr_input.setText(f"01,04,011002000111,00012345,88.00,{day:%Y%m%d},12345678901234567890,X")
    page.apply_qr()
    assert (form.kind.currentData(), form.code.text(), form.number.text()) == (
        "04",
        "011002000111",
        "00012345",
    )
    assert form.lines.text(0, AMOUNT) == "88.00" and not form.inclusive.isChecked()
    page.qr_input.setText("https://example.com/not-an-invoice")
    page.apply_qr()
    assert "不是发票二维码" in form.messages.text()


# ---------------------------------------------------------------- bad input at its field


def test_invalid_buyer_id_is_marked_as_soon_as_it_is_left(qtbot: QtBot, form: InvoiceForm) -> None:
    form.buyer_tax_id.setFocus()
    qtbot.waitUntil(form.buyer_tax_id.hasFocus)
    type_text(qtbot, "914403001922038217")
    tab(qtbot)
    assert form.buyer_tax_id.property("invalid")
    assert "校验位" in form.messages.text()


def test_nineteen_digit_number_is_marked_live_and_not_saved(
    qtbot: QtBot, form: InvoiceForm
) -> None:
    type_text(qtbot, "2611200000000001234")  # 19 digits
    tab(qtbot)
    assert form.number.property("invalid")
    assert "20位" in form.messages.text()
    form.buyer_name.setText("个人")
    form.lines.set_text(0, NAME, "*餐饮服务*餐费")
    form.lines.set_text(0, AMOUNT, "10")
    form.save()
    qtbot.waitUntil(lambda: bool(form.number.property("invalid")), timeout=10_000)
    assert "20位" in form.number.toolTip()
    assert count(qtbot) == 500


def test_negative_quantity_on_a_blue_invoice(qtbot: QtBot, form: InvoiceForm) -> None:
    form.number.setText(new_number(5))
    form.buyer_name.setText("个人")
    form.lines.set_text(0, NAME, "*餐饮服务*餐费")
    form.lines.set_text(0, QUANTITY, "-1")
    form.lines.set_text(0, PRICE, "50")
    form.save()
    qtbot.waitUntil(lambda: bool(form.lines.item(0, QUANTITY).toolTip()), timeout=10_000)
    assert "第1行数量应大于0" in form.messages.text()
    assert count(qtbot) == 500


def test_tax_off_by_more_than_six_fen_is_marked_at_the_tax(
    qtbot: QtBot, tmp_path: Path, form: InvoiceForm, page: CounterPage
) -> None:
    path = tmp_path / "off.xml"
    path.write_bytes(
        DIGITAL_XML.replace(b"<ComTaxAm>6.00</ComTaxAm>", b"<ComTaxAm>6.10</ComTaxAm>")
    )
    page.open_file(path)
    qtbot.waitUntil(lambda: form.number.text() == DIGITAL_NUMBER, timeout=10_000)
    assert form.lines.text(0, TAX) == "6.10"
    form.save()
    qtbot.waitUntil(lambda: bool(form.lines.item(0, TAX).toolTip()), timeout=10_000)
    assert "0.06" in form.messages.text() or "税额" in form.messages.text()
    assert count(qtbot) == 500
    # Retyping the amount recomputes the tax: the invoice can then be saved.
    form.lines.set_text(0, AMOUNT, "100")
    assert form.lines.text(0, TAX) == "6.00"


def test_future_date_is_refused_at_the_date(qtbot: QtBot, form: InvoiceForm) -> None:
    tomorrow = clock.today() + timedelta(days=1)
    form.number.setText(new_number(6))
    form.issue_date.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
    form.buyer_name.setText("个人")
    form.lines.set_text(0, NAME, "*餐饮服务*餐费")
    form.lines.set_text(0, AMOUNT, "10")
    form.save()
    qtbot.waitUntil(lambda: bool(form.issue_date.property("invalid")), timeout=10_000)
    assert form.issue_date.toolTip()
    assert count(qtbot) == 500


def test_duplicate_links_to_the_existing_invoice(qtbot: QtBot, form: InvoiceForm) -> None:
    existing = run_on_worker(qtbot, lambda: invoices.list_invoices(limit=1)).rows[0]
    form.number.setText(existing.number)
    form.code.setText(existing.code)
    form.kind.setCurrentIndex(form.kind.findData(existing.kind))
    form.code.setText(existing.code)
    form.buyer_name.setText("个人")
    form.lines.set_text(0, NAME, "*餐饮服务*餐费")
    form.lines.set_text(0, AMOUNT, "10")
    form.save()
    qtbot.waitUntil(form.duplicate_link.isVisible, timeout=10_000)
    with qtbot.waitSignal(form.open_invoice) as opened:
        form.duplicate_link.linkActivated.emit("#existing")
    assert opened.args == [existing.id]


def test_screens_at_1366x768(
    qtbot: QtBot, window: MainWindow, form: InvoiceForm, page: CounterPage, tmp_path: Path
) -> None:
    form.number.setText(new_number(7))
    form.buyer_name.setText("北京百度网讯科技有限公司")
    form.buyer_tax_id.setText("91110000802100433B")
    form.lines.set_text(0, NAME, "*餐饮服务*餐费")
    form.lines.set_text(0, SPEC, "")
    form.lines.set_text(0, QUANTITY, "2")
    form.lines.set_text(0, PRICE, "50")
    screenshot(window, tmp_path, "counter")
    # Nothing clipped: every field of the form is at least as wide as it wants to be tall.
    for widget in (form.number, form.buyer_name, form.remarks, form.save_button):
        assert widget.isVisible() and widget.width() >= widget.minimumSizeHint().width()
    assert page.requests.isVisible() and page.requests.width() > 250


def test_saved_invoice_is_the_ledgers_first_row_at_once(
    qtbot: QtBot,
    qtmodeltester,
    window: MainWindow,
    form: InvoiceForm,  # type: ignore[no-untyped-def]
) -> None:
    model = window.ledger.model
    qtbot.waitUntil(lambda: model.totals is not None and model.row_at(0) is not None)
    before = model.totals
    assert before is not None
    form.number.setText(new_number(8))
    form.buyer_name.setText("个人")
    form.lines.set_text(0, NAME, "*餐饮服务*餐费")
    form.lines.set_rate(0, rate_by_code("0.13"))
    form.lines.set_text(0, AMOUNT, "100")
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        form.save()
    first = model.row_at(0)  # no query needed: shown as the save returns
    assert first is not None and first.id == saved.args[0] and first.number == new_number(8)
    assert model.totals is not None and model.totals.count == before.count + 1
    assert model.totals.total == before.total + Decimal("113.00")
    assert window.summary.text().startswith("共 501 张")
    qtmodeltester.check(model)
    # Counted afresh (F5), the figures agree.
    with qtbot.waitSignal(model.reloaded, timeout=20_000):
        model.refresh()
    assert model.totals.count == before.count + 1 and model.row_at(0).id == saved.args[0]


def test_with_a_search_the_ledger_asks_whether_the_new_invoice_matches(
    qtbot: QtBot, window: MainWindow, form: InvoiceForm
) -> None:
    ledger = window.ledger
    ledger.search.setText("柜台筛选")
    ledger.apply_filter()
    qtbot.waitUntil(lambda: ledger.model.totals is not None and ledger.model.rowCount() == 0)
    for serial, buyer in ((9, "北京柜台筛选有限公司"), (10, "无关的客户")):
        form.number.setText(new_number(serial))
        form.buyer_name.setText(buyer)
        form.lines.set_text(0, NAME, "*餐饮服务*餐费")
        form.lines.set_text(0, AMOUNT, "100")
        with qtbot.waitSignal(form.saved, timeout=10_000):
            form.save()
    qtbot.waitUntil(lambda: ledger.model.rowCount() == 1 and ledger.model.row_at(0) is not None)
    assert ledger.model.row_at(0).buyer_name == "北京柜台筛选有限公司"  # type: ignore[union-attr]


def test_dropping_a_file_on_the_page_fills_the_form(
    qtbot: QtBot, tmp_path: Path, form: InvoiceForm, page: CounterPage
) -> None:
    path = tmp_path / "dropped.xml"
    path.write_bytes(DIGITAL_XML)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    where = QPointF(page.rect().center())
    actions = Qt.DropAction.CopyAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(where.toPoint(), actions, mime, buttons, keys)
    QApplication.sendEvent(page, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(page, QDropEvent(where, actions, mime, buttons, keys))
    qtbot.waitUntil(lambda: form.number.text() == DIGITAL_NUMBER, timeout=10_000)
    assert form.pending_file is not None and form.pending_file[0] == "dropped.xml"
    # Another kind of file is not taken.
    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile(str(tmp_path / "photo.jpg"))])
    refused = QDragEnterEvent(where.toPoint(), actions, other, buttons, keys)
    refused.ignore()
    QApplication.sendEvent(page, refused)
    assert not refused.isAccepted()


def test_ctrl_n_at_the_counter_starts_the_next_invoice(qtbot: QtBot, form: InvoiceForm) -> None:
    form.number.setText(new_number(11))
    form.number.setFocus()
    qtbot.waitUntil(form.number.hasFocus)
    press(qtbot, Qt.Key.Key_N, CTRL)
    box = form.findChild(QMessageBox, "confirmDiscard")
    assert box is not None and box.isVisible()
    box.button(QMessageBox.StandardButton.Yes).click()
    assert form.number.text() == ""


def test_rates_come_from_the_ledger_and_survive_a_restart(
    qtbot: QtBot, window: MainWindow, form: InvoiceForm
) -> None:
    """A new line takes the shop's usual rate; a known item the rate it was last sold at."""
    lines = form.lines
    qtbot.waitUntil(lambda: bool(lines.item_rates), timeout=10_000)
    usual = run_on_worker(qtbot, requests.recent_item_rates).usual
    assert usual == "0.06"  # the demo shop sells catering: 6%, not the 13% of goods
    assert lines.rate(0).code == usual
    lines.set_text(0, NAME, "*日用品*纸巾")
    lines.set_rate(0, rate_by_code("0.13"))
    lines.set_text(0, AMOUNT, "12345.6")
    assert lines.text(0, AMOUNT) == "12,345.60" and lines.text(0, TAX) == "1,604.93"
    form.number.setText(new_number(20))
    form.buyer_name.setText("个人")
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.save()
    # A later start reads the ledger afresh: the new item keeps its 13%.
    rates = run_on_worker(qtbot, requests.recent_item_rates)
    assert rates.by_name["*日用品*纸巾"] == "0.13"
    other = InvoiceForm("tester")
    qtbot.addWidget(other)
    qtbot.waitUntil(lambda: "*日用品*纸巾" in other.lines.item_rates, timeout=10_000)
    assert other.lines.rate(0).code == "0.06"
    other.lines.set_text(0, NAME, "*日用品*纸巾")
    assert other.lines.rate(0).code == "0.13"
    other.lines.append_line()
    other.lines.set_rate(1, rate_by_code("0.01"))
    other.lines.set_text(1, NAME, "*日用品*纸巾")  # a rate chosen on the line is kept
    assert other.lines.rate(1).code == "0.01"


def test_headers_follow_tax_inclusive_entry_and_one_email_field(
    qtbot: QtBot, window: MainWindow, form: InvoiceForm
) -> None:
    header = form.lines.horizontalHeaderItem
    assert (header(PRICE).text(), header(AMOUNT).text()) == ("单价", "金额")
    form.inclusive.setChecked(True)
    assert (header(PRICE).text(), header(AMOUNT).text()) == ("含税单价", "含税金额")
    form.inclusive.setChecked(False)
    assert header(AMOUNT).text() == "金额"
    form.set_mode("request")
    emails = [
        w for w in form.findChildren(QLineEdit) if w.isVisibleTo(form) and "mail" in w.objectName()
    ]
    assert emails == [form.buyer_email]
    assert "通知顾客" in form.buyer_email.placeholderText()
