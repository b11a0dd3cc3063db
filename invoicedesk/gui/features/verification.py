"""Adds the verification feature to the main window: the search view and the reconciliation view."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence

from invoicedesk.gui.search_page import SearchPage
from invoicedesk.gui.verification_page import VerificationPage

if TYPE_CHECKING:
    from invoicedesk.gui.main_window import MainWindow


def install(window: MainWindow) -> None:
    """Add this feature's pages, banners and menu actions to ``window``."""
    search = SearchPage(window.actor, window)
    reconcile_page = VerificationPage(window.actor, window)
    window.add_page(search, QCoreApplication.translate("VerificationFeature", "查找发票"))
    window.add_page(reconcile_page, QCoreApplication.translate("VerificationFeature", "对账核验"))
    window.search_page = search  # type: ignore[attr-defined]
    window.verification_page = reconcile_page  # type: ignore[attr-defined]

    def open_search() -> None:
        window.show_page(search)
        search.focus_search()

    find = QAction(QCoreApplication.translate("VerificationFeature", "查找发票…"), window)
    find.setObjectName("findInvoiceAction")
    find.setShortcut(QKeySequence("Ctrl+Shift+F"))
    find.triggered.connect(open_search)
    window.addAction(find)
    reconcile_action = QAction(
        QCoreApplication.translate("VerificationFeature", "与电子发票服务平台对账…"), window
    )
    reconcile_action.setObjectName("reconcileAction")
    reconcile_action.triggered.connect(lambda: window.show_page(reconcile_page))
    menu = window.menu("check", QCoreApplication.translate("VerificationFeature", "核对(&C)"))
    menu.addAction(find)
    menu.addAction(reconcile_action)
