"""Screenshots at 1366×768 for a person to look at (copies kept where INVOICEDESK_SHOTS says).

The assertions check what a picture cannot hide: Chinese glyphs come from a real font (not empty
boxes), every column is wide enough for its header, and nothing in the status bar is elided.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontInfo, QFontMetrics
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from invoicedesk.gui.app import FONT_FAMILY
from invoicedesk.gui.invoice_detail import InvoiceDetailDialog
from invoicedesk.gui.lines_table import AMOUNT, NAME, PRICE, QUANTITY
from invoicedesk.gui.main_window import MainWindow
from tests.gui.helpers import screenshot

SIZE = (1366, 768)


def save(folder: Path, widget: QWidget, name: str) -> Path:
    QApplication.sendPostedEvents()  # pending layout requests, before the picture
    assert widget.grab().size() == widget.size()
    return screenshot(widget, folder, name.removesuffix(".png"))


def test_chinese_has_a_font() -> None:
    """The bundled font is the fallback for every widget and has the interface's characters."""
    assert FONT_FAMILY in QApplication.font().families()
    noto = QFontMetrics(QFont(FONT_FAMILY))
    assert QFontInfo(QFont(FONT_FAMILY)).family() == FONT_FAMILY
    assert all(noto.inFontUcs4(ord(char)) for char in "发票台账助手价税合计¥壹贰叁圆整")


def test_screenshots(qtbot: QtBot, ledger_db: Path, tmp_path: Path) -> None:
    window = MainWindow(str(ledger_db), "tester")
    qtbot.addWidget(window)
    window.resize(*SIZE)
    with qtbot.waitSignal(window.ledger.model.reloaded, timeout=20_000):
        window.show()
    qtbot.waitUntil(lambda: not window.ledger.model.loading, timeout=20_000)
    table = window.ledger.table
    header = table.horizontalHeader()
    metrics = QFontMetrics(header.font())
    model = window.ledger.model
    for column in range(model.columnCount()):
        title = model.headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) >= metrics.horizontalAdvance(title) + 8, title
    cell_metrics = table.fontMetrics()
    for column in range(model.columnCount()):
        if column == 4:
            continue  # buyer names may be elided; the tooltip has the whole name
        widest = max(
            cell_metrics.horizontalAdvance(model.data(model.index(r, column)) or "")
            for r in range(30)
        )
        assert header.sectionSize(column) >= widest + 6, model.headerData(
            column, Qt.Orientation.Horizontal
        )
    summary = window.summary
    assert summary.width() >= summary.fontMetrics().horizontalAdvance(summary.text())
    save(tmp_path, window, "main_window.png")

    form = window.open_form()
    form.resize(*SIZE)
    form.number.setText("123")
    form.buyer_name.setText("北京测试餐饮有限公司")
    form.buyer_tax_id.setText("914403001922038217")
    form.lines.set_text(0, NAME, "*餐饮服务*餐费")
    form.lines.set_text(0, QUANTITY, "2")
    form.lines.set_text(0, PRICE, "58.50")
    form.lines.append_line()
    form.lines.set_text(1, NAME, "*住宿服务*住宿费")
    form.lines.set_text(1, AMOUNT, "abc")
    form.save()
    qtbot.waitUntil(lambda: bool(form.buyer_tax_id.property("invalid")), timeout=10_000)
    save(tmp_path, form, "invoice_form_errors.png")
    form.reset()
    save(tmp_path, form, "invoice_form.png")

    dialog = InvoiceDetailDialog(model.invoice_id(0) or 0, window)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.invoice is not None, timeout=10_000)
    save(tmp_path, dialog, "invoice_detail.png")
    dialog.close()
