"""The main window on a 10,000-invoice ledger: totals, search, sorting, details, settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from invoicedesk.core.money import format_money
from invoicedesk.gui.invoice_detail import InvoiceDetailDialog
from invoicedesk.gui.ledger_model import COLUMN_INDEX, PAGE_SIZE, PLACEHOLDER
from invoicedesk.gui.main_window import MainWindow
from invoicedesk.services import invoices
from invoicedesk.store.invoice_queries import InvoiceFilter
from tests.gui.helpers import press, run_on_worker, type_text


@pytest.fixture
def window(qtbot: QtBot, ledger_db: Path) -> Iterator[MainWindow]:
    main = MainWindow(str(ledger_db), "tester")
    qtbot.addWidget(main)
    main.resize(1366, 768)
    with qtbot.waitSignal(main.ledger.model.reloaded, timeout=20_000):
        main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()


def wait_loaded(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.ledger.model.loading, timeout=20_000)


def test_window_shows_the_ledger_and_its_totals(qtbot: QtBot, window: MainWindow) -> None:
    totals = run_on_worker(qtbot, invoices.ledger_totals)
    assert totals.count == 10_000
    summary = window.summary.text()
    assert summary.startswith("共 10,000 张")
    assert format_money(totals.total) in summary
    assert format_money(totals.tax) in summary
    assert f"作废 {totals.voided} 张" in summary
    assert window.windowTitle() == "发票台账助手"
    assert window.database.text().endswith("ledger-10000.sqlite")
    assert window.ledger.model.rowCount() == 10_000


def test_search_narrows_the_table(qtbot: QtBot, window: MainWindow) -> None:
    model = window.ledger.model
    buyer = model.row_at(5).buyer_name  # type: ignore[union-attr]
    fragment = buyer[2:6]  # e.g. "恒信信息" from "朝阳恒信信息技术股份有限公司"
    window.activateWindow()
    window.ledger.table.setFocus()
    qtbot.waitUntil(lambda: window.ledger.table.hasFocus())
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.ledger.search.hasFocus())
    type_text(qtbot, fragment)
    qtbot.waitUntil(lambda: 0 < model.rowCount() < 10_000, timeout=20_000)
    wait_loaded(qtbot, window)
    shown = [model.row_at(r) for r in range(min(model.rowCount(), PAGE_SIZE))]
    assert all(fragment in row.buyer_name for row in shown)  # type: ignore[union-attr]
    expected = run_on_worker(qtbot, lambda: invoices.ledger_totals(InvoiceFilter(text=fragment)))
    assert model.rowCount() == expected.count
    assert window.summary.text().startswith(f"共 {expected.count:,} 张")
    # Esc clears the search and the whole ledger comes back.
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: model.rowCount() == 10_000, timeout=20_000)


def test_period_filter(qtbot: QtBot, window: MainWindow) -> None:
    period = window.ledger.period
    period.setCurrentIndex(1)  # this month
    model = window.ledger.model
    qtbot.waitUntil(lambda: model.filter.period == period.currentData(), timeout=5000)
    wait_loaded(qtbot, window)
    assert 0 < model.rowCount() < 10_000
    assert model.row_at(0).issue_date.strftime("%Y-%m") == period.currentData()  # type: ignore[union-attr]


def test_sorting_by_total_from_the_header(qtbot: QtBot, window: MainWindow) -> None:
    table = window.ledger.table
    model = window.ledger.model
    header = table.horizontalHeader()
    column = COLUMN_INDEX["total"]
    with qtbot.waitSignal(model.reloaded, timeout=20_000):
        qtbot.mouseClick(
            header.viewport(),
            Qt.MouseButton.LeftButton,
            pos=QPoint(header.sectionViewportPosition(column) + 20, header.height() // 2),
        )
    assert header.sortIndicatorSection() == column
    totals = [model.row_at(r).total for r in range(PAGE_SIZE)]  # type: ignore[union-attr]
    ascending = header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert totals == sorted(totals, reverse=not ascending)
    with qtbot.waitSignal(model.reloaded, timeout=20_000):
        table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    top = [model.row_at(r).total for r in range(PAGE_SIZE)]  # type: ignore[union-attr]
    assert top == sorted(top, reverse=True)
    assert top[0] >= max(totals)
    # The code column cannot be sorted in SQL: the indicator stays where it was.
    table.sortByColumn(COLUMN_INDEX["code"], Qt.SortOrder.AscendingOrder)
    assert header.sortIndicatorSection() == column


def test_scrolling_far_loads_rows(qtbot: QtBot, window: MainWindow) -> None:
    table = window.ledger.table
    table.scrollToBottom()
    last = window.ledger.model.index(9_999, 0)
    qtbot.waitUntil(lambda: window.ledger.model.data(last) != PLACEHOLDER, timeout=10_000)
    assert window.ledger.model.invoice_id(9_999) is not None


def test_enter_on_a_row_shows_the_invoice(qtbot: QtBot, window: MainWindow) -> None:
    table = window.ledger.table
    model = window.ledger.model
    row = model.row_at(3)
    assert row is not None
    window.activateWindow()
    table.setFocus()
    table.setCurrentIndex(model.index(3, 0))
    press(qtbot, Qt.Key.Key_Return)
    dialog = window.ledger.findChild(InvoiceDetailDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.invoice is not None, timeout=10_000)
    assert dialog.invoice.id == row.id  # type: ignore[union-attr]
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert row.number in texts
    assert dialog.invoice.amount_in_words in texts  # type: ignore[union-attr]
    assert dialog.findChild(QLabel, "detailStatus") is not None
    lines = dialog.findChild(type(dialog._lines), "detailLines")
    assert lines.rowCount() == len(dialog.invoice.lines)  # type: ignore[union-attr]
    dialog.close()


def test_geometry_and_columns_are_remembered(qtbot: QtBot, window: MainWindow) -> None:
    header = window.ledger.table.horizontalHeader()
    header.resizeSection(COLUMN_INDEX["number"], 333)
    window.close()
    assert QSettings().value("main/geometry") is not None
    again = MainWindow("x.sqlite", "tester")
    qtbot.addWidget(again)
    assert again.ledger.table.horizontalHeader().sectionSize(COLUMN_INDEX["number"]) == 333
    qtbot.waitUntil(lambda: not again.ledger.model.loading, timeout=20_000)


def test_f5_refreshes(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    with qtbot.waitSignal(window.ledger.model.reloaded, timeout=20_000):
        qtbot.keyClick(window.ledger.table, Qt.Key.Key_F5)


def test_features_install_pages_banners_and_menus(
    qtbot: QtBot, ledger_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from invoicedesk.core.registry import Feature
    from invoicedesk.gui import main_window
    from tests.gui import feature_stub

    monkeypatch.setattr(main_window, "FEATURE_UI", (Feature("stub", lambda: feature_stub),))
    main = MainWindow(str(ledger_db), "tester")
    qtbot.addWidget(main)
    assert [main.pages.tabText(i) for i in range(main.pages.count())] == ["台账", "功能"]
    page = main.findChild(QLabel, "stubPage")
    main.show_page(page)
    assert main.pages.currentWidget() is page
    assert main.findChild(QLabel, "stubBanner") is not None
    titles = [a.text() for a in main.menuBar().actions()]
    assert titles.count("工具") == 1 and titles[-1] == "帮助(&H)"
    assert [a.text() for a in main.menu("tools", "工具").actions()] == ["检查", "备份"]
    main.close()
