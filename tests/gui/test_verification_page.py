"""The verification view: import with progress and cancel, buckets, one-key actions, finishing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from invoicedesk.gui.verification_page import VerificationPage
from invoicedesk.services import invoices, reconcile, reconcile_differences, reconcile_import
from invoicedesk.services.dto import InvoiceRow
from invoicedesk.store.invoice_queries import InvoiceFilter
from tests.factories import last_month, number
from tests.gui.conftest import COMPANY
from tests.gui.helpers import press, run_on_worker, screenshot, type_text
from tests.integration.platform_files import row, write_xlsx


def _platform_row(inv: InvoiceRow, **changes: str) -> dict[str, object]:
    fields = {
        "issue_date": inv.issue_date.isoformat(),
        "buyer": (inv.buyer_name, inv.buyer_tax_id),
        "amount": f"{inv.amount:.2f}",
        "tax": f"{inv.tax:.2f}",
        "total": f"{inv.total:.2f}",
        "status": {
            "normal": "正常",
            "voided": "已作废",
            "red_partial": "已红冲-部分",
            "red_full": "已红冲-全额",
        }[inv.status],
        "positive": "否" if inv.is_red else "是",
        "seller": COMPANY,
        "code": inv.code,
        **changes,
    }
    return row(inv.number, **fields)  # type: ignore[arg-type]


def _export(qtbot: QtBot, tmp_path: Path, period: str) -> tuple[Path, list[InvoiceRow]]:
    ledger = run_on_worker(
        qtbot, lambda: list(invoices.list_invoices(InvoiceFilter(period=period), limit=1000).rows)
    )
    rows = [_platform_row(inv) for inv in ledger[1:]]  # the first is missing on the platform
    rows[0] = _platform_row(ledger[1], total="1.00")  # mismatched
    rows.append(row(_only_on_platform(period), seller=COMPANY, issue_date=f"{period}-15"))
    return write_xlsx(tmp_path / f"{period}.xlsx", rows), ledger


def _only_on_platform(period: str) -> str:
    return number(9_999_999_999, year=int(period[2:4]))


def _page(qtbot: QtBot) -> VerificationPage:
    page = VerificationPage("会计")
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    return page


def _boxes() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


def test_import_resolve_and_finish(
    qtbot: QtBot, qtmodeltester: ModelTester, small_db: Path, tmp_path: Path
) -> None:
    period = last_month()
    path, ledger = _export(qtbot, tmp_path, period)
    page = _page(qtbot)
    page.period.setText(period)
    page.import_file(str(path))
    assert page.busy.isVisible()
    qtbot.waitUntil(lambda: page.session is not None and page.model.rowCount() == 3, timeout=30_000)
    assert not page.busy.isVisible()
    session = page.session
    assert session is not None
    assert (session.period, session.ledger_rows, session.matched) == (
        period,
        len(ledger),
        len(ledger) - 2,
    )
    labels = [page.buckets.item(i).text() for i in range(page.buckets.count())]
    assert labels[:4] == [
        "全部差异（3）",
        f"一致（{len(ledger) - 2}）",
        "平台缺失（1）",
        "台账缺失（1）",
    ]
    assert labels[4] == "信息不符（1）"
    qtmodeltester.check(page.model)
    assert "还有 3 个差异未处理" in page.state.text()

    # Filter to one bucket, then act with the keyboard.
    page.buckets.setCurrentRow(4)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.rows[0].fields == ("total",)
    values = {page.values.topLevelItem(i).text(0): page.values.topLevelItem(i).text(2)
              for i in range(page.values.topLevelItemCount())}  # fmt: skip
    assert values["价税合计"] == "1.00"
    page.table.setFocus()
    press(qtbot, Qt.Key.Key_5)  # accept without a note: refused, the note gets the focus
    assert page.message.text() == "请先填写处理说明，再选择处理方式"
    assert QApplication.focusWidget() is page.note
    type_text(qtbot, "平台导出金额有误")
    page.table.setFocus()
    press(qtbot, Qt.Key.Key_4)
    qtbot.waitUntil(
        lambda: page.model.rows and page.model.rows[0].resolution == "tax_office", timeout=10_000
    )

    page.buckets.setCurrentRow(0)
    page.open_only.setChecked(True)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    missing_in_ledger = next(
        i for i, d in enumerate(page.model.rows) if d.bucket == "missing_in_ledger"
    )
    page.table.selectRow(missing_in_ledger)
    page.table.setFocus()
    press(qtbot, Qt.Key.Key_2)  # add from the platform row
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    page.finish()
    qtbot.waitUntil(lambda: bool(_boxes()), timeout=10_000)
    assert "还有 1 个差异未处理" in _boxes()[0].text()
    _boxes()[0].close()
    screenshot(page, tmp_path, "verification_page")

    page.note.setText("开票时断网，平台无此票，已重开")
    page.table.selectRow(0)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    page.table.setFocus()
    press(qtbot, Qt.Key.Key_5)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=10_000)
    page.finish()
    qtbot.waitUntil(
        lambda: page.session is not None and page.session.state == "finished", timeout=10_000
    )
    assert "对账已完成" in page.state.text() and not page.finish_button.isEnabled()
    assert run_on_worker(qtbot, lambda: reconcile.period_reconciliation(period)).finished
    assert invoices_found(qtbot, _only_on_platform(period))


def invoices_found(qtbot: QtBot, number: str) -> bool:
    return run_on_worker(qtbot, lambda: invoices.find_invoice("", number)) is not None


def test_bad_file_and_cancel_store_nothing(qtbot: QtBot, small_db: Path, tmp_path: Path) -> None:
    page = _page(qtbot)
    junk = tmp_path / "平台导出.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    page.import_file(str(junk))
    qtbot.waitUntil(lambda: bool(_boxes()), timeout=10_000)
    assert "平台导出.xlsx" in _boxes()[0].text()
    _boxes()[0].close()

    rows = [row(f"26112{seq:015d}", seller=COMPANY) for seq in range(1, 4001)]
    big = write_xlsx(tmp_path / "big.xlsx", rows)
    page.import_file(str(big))
    page.cancel_import()
    qtbot.waitUntil(lambda: bool(_boxes()), timeout=30_000)
    assert "已取消导入" in _boxes()[0].text()
    _boxes()[0].close()
    assert not page.busy.isVisible() and page.import_button.isEnabled()
    assert run_on_worker(qtbot, reconcile_import.list_files) == []
    assert page.sessions.count() == 0


def test_redraws_when_another_counter_reconciles_and_resolves(
    qtbot: QtBot, small_db: Path, tmp_path: Path
) -> None:
    """Written on the worker, not through the page: what it shows came by the change notice."""
    period = last_month()
    path, _ledger = _export(qtbot, tmp_path, period)
    page = _page(qtbot)
    run_on_worker(qtbot, lambda: None)  # the page's first (empty) read has come back
    assert page.session is None
    _file, session = run_on_worker(
        qtbot, lambda: reconcile.reconcile_file(path, "另一台", period), timeout=30_000
    )
    qtbot.waitUntil(
        lambda: page.session is not None and page.session.id == session.id, timeout=10_000
    )
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=10_000)
    assert "还有 3 个差异未处理" in page.state.text()
    page.table.selectRow(2)
    kept = page.model.rows[2].id
    first = page.model.rows[0].id
    run_on_worker(
        qtbot, lambda: reconcile_differences.resolve(first, "tax_office", "平台有误", "另一台")
    )
    qtbot.waitUntil(lambda: "还有 2 个差异未处理" in page.state.text(), timeout=10_000)
    qtbot.waitUntil(
        lambda: page.model.rowCount() == 3 and page.model.rows[0].resolution == "tax_office",
        timeout=10_000,
    )
    selected = page.selected()
    assert selected is not None and selected.id == kept  # the difference being read stays
