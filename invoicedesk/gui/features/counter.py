"""Adds the counter feature to the main window.

- the counter page (开票台), which takes over "登记发票" (Ctrl+N) from the stand-alone form;
- the outage banner, shown on every page while outage mode (手工登记) is on;
- the open-requests indicator in the status bar, until every request is issued or cancelled;
- the ledger's corrections: correct, void, red-flush, reissue, the handover slip.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from invoicedesk.core.invoice import InvoiceDraft
from invoicedesk.gui.correction_dialogs import LedgerCorrections
from invoicedesk.gui.counter_page import CounterPage
from invoicedesk.gui.invoice_detail import InvoiceDetailDialog
from invoicedesk.gui.invoice_form import InvoiceForm
from invoicedesk.gui.request_list import age_text
from invoicedesk.gui.worker import DbOp
from invoicedesk.services import requests
from invoicedesk.services.dto import InvoiceView
from invoicedesk.services.outage import OutageState
from invoicedesk.services.requests import RequestView

if TYPE_CHECKING:
    from invoicedesk.gui.main_window import MainWindow

CONTEXT = "CounterFeature"


class OutageBanner(QWidget):
    def __init__(self, page: CounterPage, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("outageBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(
            "#outageBanner { background: #ffe0b2; border-bottom: 2px solid #e65100; }"
            "#outageBanner QLabel { color: #bf360c; font-weight: bold; }"
        )
        self.text = QLabel()
        self.text.setObjectName("outageText")
        self.text.setWordWrap(True)
        go = QPushButton(QCoreApplication.translate("CounterFeature", "去开票台"))
        go.setObjectName("outageGoCounter")
        go.clicked.connect(lambda: window.show_page(page))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(go)
        self._page = page
        self.setVisible(False)

    def update_state(self, state: OutageState) -> None:
        self.text.setText(self._page.outage_text())
        self.setVisible(state.active)


class RequestsIndicator(QPushButton):
    def __init__(self, page: CounterPage, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("openRequests")
        self.setFlat(True)
        self.setStyleSheet("color: #bf360c; font-weight: bold;")
        self.clicked.connect(lambda: self._show(window, page))
        self.setVisible(False)

    @staticmethod
    def _show(window: MainWindow, page: CounterPage) -> None:
        window.show_page(page)
        page.requests.table.setFocus()

    def update_requests(self, open_requests: list[RequestView]) -> None:
        if not open_requests:
            self.setVisible(False)
            return
        self.setText(
            QCoreApplication.translate(
                "CounterFeature", "待开具申请 {count} 张（最早已等 {age}）"
            ).format(count=len(open_requests), age=age_text(open_requests[0].created_at))
        )
        self.setVisible(True)


def install(window: MainWindow) -> None:
    """Add this feature's pages, banners and menu actions to ``window``."""
    page = CounterPage(window.actor, window)
    window.counter = page
    window.pages.insertTab(1, page, QCoreApplication.translate("CounterFeature", "开票台"))
    form = page.form
    window.form = form  # the main window asks it before quitting with unsaved input

    form.shortcuts["new"].setEnabled(False)  # Ctrl+N is the window's action, routed here

    def open_form() -> InvoiceForm:
        focus = QApplication.focusWidget()
        if window.pages.currentWidget() is page and focus is not None and form.isAncestorOf(focus):
            form.new_invoice()  # already at the counter: Ctrl+N starts the next invoice
            return form
        window.show_page(page)
        if not form.is_dirty() and form.mode == "invoice" and page.outage.active:
            form.set_mode("request")
        form.focus_first()
        return form

    # "登记发票" (Ctrl+N) now opens the counter page instead of a separate window.
    window.route_record(open_form)

    def saved(view: InvoiceView) -> None:
        window.ledger.invoice_added(view.id, view)
        window.statusBar().showMessage(
            QCoreApplication.translate("CounterFeature", "已登记一张发票"), 5000
        )

    page.invoice_saved.connect(saved)

    def show_detail(invoice_id: int) -> None:
        dialog = InvoiceDetailDialog(invoice_id, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    form.open_invoice.connect(show_detail)

    banner = OutageBanner(page, window)
    window.add_banner(banner)
    page.outage_changed.connect(banner.update_state)
    indicator = RequestsIndicator(page, window)
    window.statusBar().addPermanentWidget(indicator)
    page.requests_changed.connect(indicator.update_requests)

    def reissue(red_id: int, draft: InvoiceDraft) -> None:
        window.show_page(page)
        form._confirm_discard(lambda: form.load_reissue(red_id, draft))

    def slip(invoice_id: int) -> None:
        dialog = QFileDialog(
            window, QCoreApplication.translate("CounterFeature", "保存发票登记凭条")
        )
        dialog.setObjectName("saveInvoiceSlip")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.selectFile(f"发票登记凭条-{invoice_id}.pdf")

        def chosen(path: str) -> None:
            DbOp(window, lambda: requests.write_invoice_slip(invoice_id, Path(path))).success(
                lambda written: window.statusBar().showMessage(
                    QCoreApplication.translate("CounterFeature", "凭条已保存：{path}").format(
                        path=str(written)
                    ),
                    8000,
                )
            ).run()

        dialog.fileSelected.connect(chosen)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    ledger = window.ledger
    actions = LedgerCorrections(
        ledger.table, ledger.model.invoice_id, window.actor, reissue, slip, show_detail
    )
    # The ledger redraws on the worker's change notice for the corrected invoice.
    window.ledger_corrections = actions  # type: ignore[attr-defined]
    menu = window.menu("corrections", QCoreApplication.translate("CounterFeature", "更正(&R)"))
    for action in actions.actions.values():
        menu.addAction(action)
