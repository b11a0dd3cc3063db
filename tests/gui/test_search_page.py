"""The search view: one box for fragments and amounts, filters, the detail pane, verification."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from invoicedesk.core.money import format_money
from invoicedesk.gui.search_page import SearchPage
from invoicedesk.services import invoices
from invoicedesk.services.dto import InvoiceRow
from invoicedesk.store.invoice_queries import InvoiceFilter
from tests.gui.helpers import press, run_on_worker, screenshot, type_text


def _page(qtbot: QtBot) -> SearchPage:
    page = SearchPage("会计")
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and not page.model.loading, timeout=20_000)
    return page


def _rows(page: SearchPage) -> list[InvoiceRow]:
    qtbot_rows = [page.model.row_at(i) for i in range(page.model.rowCount())]
    return [r for r in qtbot_rows if r is not None]


def _settled(page: SearchPage, qtbot: QtBot) -> None:
    # The search box waits for typing to pause, then the model loads.
    qtbot.waitUntil(
        lambda: not page._debounce.isActive() and not page.model.loading, timeout=20_000
    )


def test_number_fragment_detail_and_verification(
    qtbot: QtBot, small_db: Path, tmp_path: Path
) -> None:
    page = _page(qtbot)
    first = run_on_worker(qtbot, lambda: invoices.list_invoices(limit=1).rows[0])
    page.focus_search()
    type_text(qtbot, first.number[-8:])
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.model.filter.text == first.number[-8:] and not page.model.loading)
    assert [r.number for r in _rows(page)] == [first.number]
    qtbot.waitUntil(lambda: page.table.currentIndex().isValid())
    qtbot.waitUntil(lambda: first.number in page.detail.header.text(), timeout=10_000)
    assert page.detail.lines.topLevelItemCount() >= 1
    assert page.detail.history.topLevelItemCount() == 1  # demo data: one bulk audit entry

    verify = page.detail.verify
    fields = {verify.fields_form.itemAt(i, verify.fields_form.ItemRole.LabelRole).widget().text()
              for i in range(verify.fields_form.rowCount())}  # fmt: skip
    assert "发票号码：" in fields and "开票日期：" in fields
    verify.copy.click()
    assert (
        QApplication.clipboard().text().startswith("发票号码：" if not first.code else "发票代码：")
    )
    page.detail.setCurrentWidget(verify)
    verify.result.setCurrentIndex(verify.result.findData("success"))
    verify.note.setFocus()
    type_text(qtbot, "网站显示一致")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: verify.history.topLevelItemCount() == 1, timeout=10_000)
    assert verify.history.topLevelItem(0).text(1) == "查验成功"
    assert verify.history.topLevelItem(0).text(2) == "会计"
    history = page.detail.history
    assert [history.topLevelItem(i).text(2) for i in range(history.topLevelItemCount())] == ["查验"]
    assert "核对：已核对一致" in page.detail.header.text()
    screenshot(page, tmp_path, "search_page")

    # The verification state filter now finds it.
    page.search.clear()
    page.state.setCurrentIndex(page.state.findData("confirmed"))
    _settled(page, qtbot)
    assert [r.id for r in _rows(page)] == [first.id]


def test_amount_and_filters(qtbot: QtBot, small_db: Path) -> None:
    page = _page(qtbot)
    target = run_on_worker(qtbot, lambda: invoices.list_invoices(limit=7).rows[6])
    page.search.setText(format_money(target.total))  # "¥1,234.50"
    _settled(page, qtbot)
    found = _rows(page)
    assert target.id in [r.id for r in found]
    assert all(target.total in (r.total, r.amount) for r in found)
    assert page.summary.text().startswith("找到 ")

    page.search.clear()
    page.status.setCurrentIndex(page.status.findData("voided"))
    _settled(page, qtbot)
    assert _rows(page) and all(r.status == "voided" for r in _rows(page))

    before = page.model.filter
    page.min_total.setText("一百")
    _settled(page, qtbot)
    assert page.problem.isVisible() and page.problem.text().startswith("最低价税合计：")
    assert page.model.filter == before  # nothing applied from an unreadable field
    page.clear_filters()
    _settled(page, qtbot)
    assert page.model.filter == InvoiceFilter() and not page.problem.isVisible()
