"""The audit viewer: filters, the difference in words, .xlsx export read back, verify with
progress off the GUI thread naming a row changed outside the app, and the jump from an invoice
to its history and back; screenshots at 1366x768 in zh_CN and en."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from invoicedesk.gui import app as gui_app
from invoicedesk.gui.audit_page import AuditPage
from invoicedesk.gui.invoice_detail import InvoiceDetailDialog
from invoicedesk.gui.main_window import MainWindow
from invoicedesk.services import invoice_changes, periods
from invoicedesk.services import invoices as svc
from invoicedesk.services.company import put_setting
from tests.factories import TODAY, draft, last_month
from tests.gui.helpers import run_on_worker, screenshot


@pytest.fixture
def window(qtbot: QtBot, small_db: Path) -> Iterator[MainWindow]:
    main = MainWindow(str(small_db), "tester")
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    yield main
    InvoiceDetailDialog.history_opener = None


def _open(qtbot: QtBot, window: MainWindow) -> AuditPage:
    page: AuditPage = window.audit_page  # type: ignore[attr-defined]
    window.show_page(page)
    qtbot.waitUntil(lambda: page.table.rowCount() > 0, timeout=10_000)
    return page


def _rows(page: AuditPage) -> list[list[str]]:
    return [
        [page.table.item(r, c).text() for c in range(page.table.columnCount())]
        for r in range(page.table.rowCount())
    ]


def _record(qtbot: QtBot) -> int:
    def work() -> int:
        view = svc.record_invoice(draft(1), "张三", today=TODAY)
        invoice_changes.correct_invoice(
            view.id, "buyer_name", "北京小米科技有限责任公司二部", "写错了", "李会计"
        )
        put_setting("month_end.four_eyes", True, "店长")
        periods.lock_period(last_month(), "李会计", note="已结账", backup=False)
        return view.id

    return run_on_worker(qtbot, work)


def _refreshed(qtbot: QtBot, page: AuditPage, action) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        action()


def test_filters_and_the_difference_in_words(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    invoice_id = _record(qtbot)
    page = _open(qtbot, window)
    rows = _rows(page)
    assert rows[0][3] == "锁定月份" and rows[0][2] == "李会计"  # newest first
    # By person: only 李会计's two entries.
    _refreshed(
        qtbot,
        page,
        lambda: (page.actor.setCurrentIndex(page.actor.findData("李会计")), page.refresh()),
    )
    assert {r[2] for r in _rows(page)} == {"李会计"} and len(_rows(page)) == 2
    # By action: the correction, its difference in words (no JSON).
    page.actor.setCurrentIndex(0)
    _refreshed(
        qtbot,
        page,
        lambda: (
            page.action.setCurrentIndex(page.action.findData("invoice.correct")),
            page.refresh(),
        ),
    )
    [row] = _rows(page)
    assert row[3] == "更正发票"
    assert "购买方名称：小米科技有限责任公司 → 北京小米科技有限责任公司二部" in row[5]
    assert "原因：写错了" in row[5] and "{" not in row[5] and "buyer_name" not in row[5]
    # By record: the invoice's history (create + correction).
    page.action.setCurrentIndex(0)
    page.entity.setCurrentIndex(page.entity.findData("invoice"))
    page.entity_id.setText(str(invoice_id))
    _refreshed(qtbot, page, page.refresh)
    assert [r[3] for r in _rows(page)] == ["更正发票", "录入发票"]
    assert "价税合计" in _rows(page)[1][5]
    # By period: nothing happened in a month long past; a bad period is refused in words.
    page.entity.setCurrentIndex(0)
    page.entity_id.clear()
    page.period.setText("2001-01")
    _refreshed(qtbot, page, page.refresh)
    assert page.table.rowCount() == 0 and page.lines == []
    page.period.setText("2001-13")
    page.refresh()
    assert "YYYY-MM" in page.status.text()
    # Export the view (the correction only) and read it back.
    page.period.clear()
    _refreshed(
        qtbot,
        page,
        lambda: (
            page.action.setCurrentIndex(page.action.findData("invoice.correct")),
            page.refresh(),
        ),
    )
    out = tmp_path / "audit.xlsx"
    page.export_to(out)
    qtbot.waitUntil(out.exists, timeout=10_000)
    sheet = load_workbook(out).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["序号", "时间", "操作人", "操作", "记录", "变化"]
    assert len(values) == 2 and values[1][2] == "李会计" and values[1][3] == "更正发票"
    assert "写错了" in values[1][5]


def test_verify_with_progress_names_an_amount_edited_outside(
    qtbot: QtBot, window: MainWindow, small_db: Path, tmp_path: Path
) -> None:
    invoice_id = _record(qtbot)
    page = _open(qtbot, window)
    moves: list[int] = []
    page.progress.valueChanged.connect(moves.append)
    with qtbot.waitSignal(page.verify_button.clicked):
        page.verify_button.click()
    qtbot.waitUntil(lambda: page.verify_text.isVisible(), timeout=30_000)
    assert page.report is not None and page.report.ok, page.report.problem_texts
    assert "审计链完整" in page.verify_text.text() and moves and max(moves) == 1000
    conn = sqlite3.connect(small_db)
    with conn:
        conn.execute(
            "UPDATE invoice SET amount_fen = amount_fen + 5000 WHERE id = ?", (invoice_id,)
        )
    conn.close()
    page.verify_button.click()
    assert not page.verify_button.isEnabled()  # running in the background
    qtbot.waitUntil(lambda: page.verify_button.isEnabled(), timeout=30_000)
    assert page.report is not None and not page.report.ok
    assert "金额" in page.verify_text.text() and str(invoice_id) in page.verify_text.text()
    screenshot(window, tmp_path, "audit_verify_zh_CN")


def test_from_an_invoice_to_its_history_and_back(qtbot: QtBot, window: MainWindow) -> None:
    invoice_id = _record(qtbot)
    dialog = InvoiceDetailDialog(invoice_id, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.history_button is not None
    dialog.history_button.click()
    page: AuditPage = window.audit_page  # type: ignore[attr-defined]
    assert window.pages.currentWidget() is page and dialog.result() == QDialog.DialogCode.Accepted
    qtbot.waitUntil(lambda: [r[3] for r in _rows(page)] == ["更正发票", "录入发票"], timeout=10_000)
    assert page.back_button.isVisible()
    page.back_button.click()
    back = window.audit_back_dialog  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: back.invoice is not None, timeout=10_000)
    assert back.isVisible() and back.invoice.id == invoice_id
    back.close()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_screenshots(qtbot: QtBot, small_db: Path, tmp_path: Path, language: str) -> None:
    gui_app.install_translations(QApplication.instance(), language)  # type: ignore[arg-type]
    try:
        _record(qtbot)
        main = MainWindow(str(small_db), "tester")
        qtbot.addWidget(main)
        main.resize(1366, 768)
        main.show()
        page = _open(qtbot, main)
        page.verify_button.click()
        qtbot.waitUntil(lambda: page.verify_text.isVisible(), timeout=30_000)
        english = page.verify_button.text() != "校验审计链与数据"
        assert english == (language == "en")
        screenshot(main, tmp_path, f"audit_page_{language}")
    finally:
        InvoiceDetailDialog.history_opener = None
        gui_app.install_translations(QApplication.instance(), "zh_CN")  # type: ignore[arg-type]
