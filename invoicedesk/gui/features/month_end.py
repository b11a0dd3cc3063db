"""Adds the month_end feature to the main window: the month page, the trends page, and the
ledger's "export what is shown" action."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from invoicedesk.gui.errors import show_message
from invoicedesk.gui.month_page import MonthPage, ask_save_path, filter_description, run_export
from invoicedesk.gui.trends_page import TrendsPage
from invoicedesk.services.filters import InvoiceFilter

if TYPE_CHECKING:
    from pathlib import Path

    from invoicedesk.gui.main_window import MainWindow

# Pages of other features that a summary row may open, by object name.
OTHER_PAGES = {"requests": "counterPage", "differences": "verificationPage"}


def install(window: MainWindow) -> None:
    """Add this feature's pages, banners and menu actions to ``window``."""
    month = MonthPage(window.actor, window)
    trends = TrendsPage(window)
    window.add_page(month, QCoreApplication.translate("MonthEndFeature", "月结"))
    window.add_page(trends, QCoreApplication.translate("MonthEndFeature", "趋势"))
    window.month_page = month  # type: ignore[attr-defined]
    window.trends_page = trends  # type: ignore[attr-defined]

    def open_invoices(flt: InvoiceFilter | None, description: str) -> None:
        if flt is None:
            name = OTHER_PAGES.get(description, "")
            page = window.pages.findChild(QWidget, name) if name else None
            if page is None:
                show_message(
                    window,
                    QCoreApplication.translate("MonthEndFeature", "这一功能尚未安装。"),
                    QCoreApplication.translate("MonthEndFeature", "月结"),
                )
                return
            window.show_page(page)
            return
        window.ledger.model.set_filter(flt)
        window.show_page(window.ledger)
        window.statusBar().showMessage(
            QCoreApplication.translate(
                "MonthEndFeature", "台账正显示：{what}（修改搜索或期间即恢复普通列表）"
            ).format(what=description),
            15000,
        )

    month.open_invoices.connect(open_invoices)

    menu = window.menu("month", QCoreApplication.translate("MonthEndFeature", "月结(&M)"))
    show_month = QAction(QCoreApplication.translate("MonthEndFeature", "月结与锁定"), window)
    show_month.setObjectName("showMonthAction")
    show_month.triggered.connect(lambda: window.show_page(month))
    show_trends = QAction(QCoreApplication.translate("MonthEndFeature", "开票趋势"), window)
    show_trends.setObjectName("showTrendsAction")
    show_trends.triggered.connect(lambda: window.show_page(trends))
    export_shown = QAction(
        QCoreApplication.translate("MonthEndFeature", "导出当前台账列表到 Excel…"), window
    )
    export_shown.setObjectName("exportShownAction")
    export_shown.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_E))
    export_shown.setToolTip(
        QCoreApplication.translate(
            "MonthEndFeature", "只导出台账当前显示的发票，筛选条件写在第二张工作表"
        )
    )
    export_shown.triggered.connect(lambda: ask_export_shown(window))
    menu.addAction(show_month)
    menu.addAction(show_trends)
    menu.addSeparator()
    menu.addAction(export_shown)
    window.export_shown_action = export_shown  # type: ignore[attr-defined]


def shown_filter(window: MainWindow) -> InvoiceFilter:
    """What the ledger shows right now (its model's filter: search, period, or a summary row)."""
    return window.ledger.model.filter


def ask_export_shown(window: MainWindow) -> None:
    flt = shown_filter(window)
    name = f"台账-{flt.period or '筛选'}.xlsx"
    ask_save_path(
        window, QCoreApplication.translate("MonthEndFeature", "导出当前列表"), name, QCoreApplication.translate("MonthEndFeature", "Excel 工作簿 (*.xlsx)"),
        lambda path: export_shown(window, path),
    )  # fmt: skip


def export_shown(window: MainWindow, path: Path) -> None:
    from invoicedesk.services import month_files

    flt = shown_filter(window)
    filters = filter_description(flt)
    actor = window.actor
    run_export(
        window,
        lambda progress: month_files.export_ledger(
            flt, path, actor, filters=filters, progress=progress
        ),
        path,
    )
