"""A minimal feature module, as the counter, backup and other features install themselves."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

from invoicedesk.gui.main_window import MainWindow


def install(window: MainWindow) -> None:
    page = QLabel("功能页")
    page.setObjectName("stubPage")
    window.add_page(page, "功能")
    banner = QLabel("停机登记中")
    banner.setObjectName("stubBanner")
    window.add_banner(banner)
    window.menu("tools", "工具").addAction(QAction("检查", window))
    window.menu("tools", "工具").addAction(QAction("备份", window))
