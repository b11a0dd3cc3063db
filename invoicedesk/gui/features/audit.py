"""Adds the audit viewer: a page (审计日志), a menu action, and from an invoice's detail dialog a
jump to that invoice's history and back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction

from invoicedesk.gui.audit_page import AuditPage
from invoicedesk.gui.invoice_detail import InvoiceDetailDialog

if TYPE_CHECKING:
    from invoicedesk.gui.main_window import MainWindow


def install(window: MainWindow) -> None:
    page = AuditPage(window)
    window.add_page(page, QCoreApplication.translate("AuditFeature", "审计日志"))
    window.audit_page = page  # type: ignore[attr-defined]

    def open_history(invoice_id: int) -> None:
        window.show_page(page)
        page.show_record("invoice", str(invoice_id), from_invoice=invoice_id)

    def back_to_invoice(invoice_id: int) -> None:
        dialog = InvoiceDetailDialog(invoice_id, window)
        dialog.setModal(False)
        dialog.show()
        window.audit_back_dialog = dialog  # type: ignore[attr-defined]

    InvoiceDetailDialog.history_opener = staticmethod(open_history)
    page.back_to_invoice.connect(back_to_invoice)
    action = QAction(QCoreApplication.translate("AuditFeature", "审计日志…"), window)
    action.setObjectName("auditLogAction")
    action.triggered.connect(lambda: window.show_page(page))
    menu = window.menu("check", QCoreApplication.translate("VerificationFeature", "核对(&C)"))
    menu.addAction(action)
