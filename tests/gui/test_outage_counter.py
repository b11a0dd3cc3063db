"""Outage mode at the counter: requests written down, shown until handled, issued or cancelled."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from invoicedesk.core import clock
from invoicedesk.gui.counter_page import CounterPage
from invoicedesk.gui.lines_table import AMOUNT, NAME, rate_by_code
from invoicedesk.gui.main_window import MainWindow
from invoicedesk.gui.request_list import RequestsModel, age_text
from invoicedesk.services import invoices, requests
from invoicedesk.services.outage import outage_state, start_outage
from tests.gui.helpers import focused, press, run_on_worker, screenshot, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


def new_number(serial: int) -> str:
    return f"{clock.today().year % 100:02d}112{7 * 10**14 + serial:015d}"


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
def page(qtbot: QtBot, window: MainWindow) -> CounterPage:
    counter: CounterPage = window.counter  # type: ignore[attr-defined]
    window.show_page(counter)
    return counter


def start(qtbot: QtBot, page: CounterPage) -> None:
    """Switch outage mode on from the page, as a person does."""
    page.outage_switch.click()
    dialog = page.findChild(QInputDialog, "outageReason")
    assert dialog is not None
    dialog.setTextValue("平台无法登录")
    dialog.accept()
    qtbot.waitUntil(lambda: page.outage.active, timeout=10_000)
    reactivate(qtbot, page)


def reactivate(qtbot: QtBot, page: CounterPage) -> None:
    """Offscreen Qt does not give activation back when a dialog closes; a desktop does."""
    window = page.window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def write_request(qtbot: QtBot, page: CounterPage, buyer: str, phone: str) -> int:
    form = page.form
    form.buyer_name.setFocus()
    qtbot.waitUntil(form.buyer_name.hasFocus)
    type_text(qtbot, buyer)
    form.contact_phone.setText(phone)
    form.promised_at.setText("明天中午前")
    form.lines.set_text(0, NAME, "*餐饮服务*餐费")
    form.lines.set_rate(0, rate_by_code("0.13"))  # chosen: the ledger's 6% for 餐费 does not apply
    form.lines.set_text(0, AMOUNT, "100")
    with qtbot.waitSignal(form.request_saved, timeout=10_000) as saved:
        press(qtbot, Qt.Key.Key_S, CTRL)
    return int(saved.args[0])


def test_outage_mode_records_requests_and_shows_them_everywhere(
    qtbot: QtBot, window: MainWindow, page: CounterPage, tmp_path: Path
) -> None:
    form = page.form
    start(qtbot, page)
    assert run_on_worker(qtbot, outage_state).reason == "平台无法登录"
    banner = window.findChild(object, "outageBanner")  # type: ignore[call-overload]
    qtbot.waitUntil(banner.isVisible)
    assert "停机登记模式" in banner.text.text()
    assert form.mode == "request" and not form.number.isVisible()
    assert form.contact_phone.isVisible() and form.promised_at.isVisible()

    # Without a way to deliver the invoice, the request is refused at the phone field.
    form.buyer_name.setText("张先生")
    form.lines.set_text(0, NAME, "*餐饮服务*餐费")
    form.lines.set_text(0, AMOUNT, "100")
    form.save()
    qtbot.waitUntil(lambda: bool(form.contact_phone.property("invalid")), timeout=10_000)
    assert run_on_worker(qtbot, requests.count_open) == 0
    form.reset()

    first = write_request(qtbot, page, "北京停机测试有限公司", "13800000001")
    second = write_request(qtbot, page, "王女士", "13800000002")
    qtbot.waitUntil(lambda: page.requests.model.rowCount() == 2, timeout=10_000)
    assert [r.id for r in page.requests.model.requests] == [first, second]  # oldest first
    assert "待开具的开票申请：2 张" in page.requests.title.text()
    indicator = window.findChild(object, "openRequests")  # type: ignore[call-overload]
    qtbot.waitUntil(indicator.isVisible)
    assert "待开具申请 2 张" in indicator.text()
    assert focused() is form.buyer_name  # ready for the next customer

    # Look at it, as the worker sees it.
    screenshot(window, tmp_path, "counter_outage")
    # The buyer is what staff look for: the whole name shows, contact and promise give way.
    table = page.requests.table
    assert table.columnWidth(2) >= table.fontMetrics().horizontalAdvance("北京停机测试有限公司")
    assert "北京停机测试有限公司" in page.requests.model.index(0, 2).data(
        Qt.ItemDataRole.ToolTipRole
    )


def test_request_becomes_an_invoice_with_the_official_number(
    qtbot: QtBot, window: MainWindow, page: CounterPage
) -> None:
    start(qtbot, page)
    request_id = write_request(qtbot, page, "北京转换测试有限公司", "13800000003")
    qtbot.waitUntil(lambda: page.requests.model.rowCount() == 1, timeout=10_000)
    # The platform is back: end outage mode (confirmed), the request stays listed.
    page.outage_switch.click()
    box = page.findChild(QMessageBox, "confirmEndOutage")
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: not page.outage.active, timeout=10_000)
    reactivate(qtbot, page)
    assert page.requests.model.rowCount() == 1
    form = page.form
    assert form.mode == "invoice"

    page.requests.table.setFocus()
    page.requests.table.selectRow(0)
    press(qtbot, Qt.Key.Key_Return)  # 开具
    assert form.mode == "convert" and form.request_id == request_id
    assert form.buyer_name.text() == "北京转换测试有限公司"
    assert form.lines.text(0, AMOUNT) == "100.00"
    assert focused() is form.number
    type_text(qtbot, new_number(1))
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: page.requests.model.rowCount() == 0, timeout=10_000)
    done = run_on_worker(qtbot, lambda: requests.get_request(request_id))
    assert done.status == "issued" and done.invoice_id == saved.args[0]
    view = run_on_worker(qtbot, lambda: invoices.get_invoice(saved.args[0]))
    assert view.number == new_number(1) and view.buyer_name == "北京转换测试有限公司"
    assert form.mode == "invoice" and "申请已完成" in form.messages.text()
    indicator = window.findChild(object, "openRequests")  # type: ignore[call-overload]
    assert not indicator.isVisible()


def test_request_is_cancelled_with_a_reason(qtbot: QtBot, page: CounterPage) -> None:
    start(qtbot, page)
    request_id = write_request(qtbot, page, "李先生", "13800000004")
    qtbot.waitUntil(lambda: page.requests.model.rowCount() == 1, timeout=10_000)
    page.requests.table.setFocus()
    page.requests.table.selectRow(0)
    press(qtbot, Qt.Key.Key_Delete)
    dialog = page.findChild(QInputDialog, "cancelReason")
    assert dialog is not None and "李先生" in dialog.labelText()
    dialog.setTextValue("顾客不需要发票了")
    dialog.accept()
    reactivate(qtbot, page)
    qtbot.waitUntil(lambda: page.requests.model.rowCount() == 0, timeout=10_000)
    cancelled = run_on_worker(qtbot, lambda: requests.get_request(request_id))
    assert cancelled.status == "cancelled" and cancelled.cancel_reason == "顾客不需要发票了"


def test_request_slip_pdf(qtbot: QtBot, tmp_path: Path, page: CounterPage) -> None:
    start(qtbot, page)
    request_id = write_request(qtbot, page, "赵女士", "13800000005")
    target = tmp_path / "slip.pdf"
    page.write_slip(request_id, target)
    qtbot.waitUntil(target.exists, timeout=10_000)
    assert target.read_bytes().startswith(b"%PDF")


def test_another_counter_switching_is_seen(
    qtbot: QtBot, window: MainWindow, page: CounterPage
) -> None:
    run_on_worker(qtbot, lambda: start_outage("另一台", "演练", drill=True))
    qtbot.waitUntil(lambda: page.outage.active, timeout=10_000)
    assert "【演练】" in page.outage_text() and "另一台" in page.outage_text()


def test_requests_model(qtbot: QtBot, qtmodeltester, page: CounterPage) -> None:  # type: ignore[no-untyped-def]
    start(qtbot, page)
    write_request(qtbot, page, "模型测试", "13800000006")
    qtbot.waitUntil(lambda: page.requests.model.rowCount() == 1, timeout=10_000)
    model: RequestsModel = page.requests.model
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == age_text(model.requests[0].created_at)
    assert model.index(0, 2).data() == "模型测试"
    assert model.index(0, 3).data() == "¥113.00"
