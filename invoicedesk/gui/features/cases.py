"""Adds customer cases to the main window: the 客户工单 page, the 客户 menu (new case, review,
mailbox settings), the status-bar count of overdue cases and call-backs due, and one window
per open case. Changes arrive through gui.case_events (one hub); a timer recounts once a minute
because promises lapse as time passes, without any write."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton

from invoicedesk.gui.case_events import case_events
from invoicedesk.gui.case_list import CaseListPage
from invoicedesk.gui.case_new import NewCaseDialog
from invoicedesk.gui.case_review import CaseReviewDialog
from invoicedesk.gui.case_window import CaseWindow
from invoicedesk.gui.mail_settings import MailSettingsDialog
from invoicedesk.gui.worker import DbOp
from invoicedesk.services import cases
from invoicedesk.services.cases import CaseView, Watch

if TYPE_CHECKING:
    from invoicedesk.gui.main_window import MainWindow

WATCH_MS = 60_000


class CasesFeature(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("casesFeature")
        self.window = window
        self.windows: dict[int, CaseWindow] = {}
        self.new_dialog: NewCaseDialog | None = None
        self.page = CaseListPage(window)
        self.page.open_case.connect(self.open_case)
        self.page.new_case.connect(self.new_case)
        self.page.review.connect(self.open_review)
        window.add_page(self.page, QCoreApplication.translate("CasesFeature", "客户工单"))

        menu = window.menu("cases", QCoreApplication.translate("CasesFeature", "客户(&C)"))
        self.new_action = QAction(
            QCoreApplication.translate("CasesFeature", "新建客户工单…"), window
        )
        self.new_action.setObjectName("newCaseAction")
        self.new_action.setShortcut(
            QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_K)
        )
        self.new_action.setToolTip(
            QCoreApplication.translate(
                "CasesFeature", "客户反映发票查不到、没收到或开错时，登记一张工单（Ctrl+Shift+K）"
            )
        )
        self.new_action.triggered.connect(self.new_case)
        show = QAction(QCoreApplication.translate("CasesFeature", "客户工单列表"), window)
        show.setObjectName("showCasesAction")
        show.triggered.connect(self.show_page)
        review = QAction(QCoreApplication.translate("CasesFeature", "定期复盘…"), window)
        review.setObjectName("caseReviewAction")
        review.triggered.connect(self.open_review)
        mail = QAction(QCoreApplication.translate("CasesFeature", "邮箱设置…"), window)
        mail.setObjectName("mailSettingsAction")
        mail.triggered.connect(self.open_mail_settings)
        for action in (self.new_action, show, review, mail):
            menu.addAction(action)

        self.indicator = QPushButton(window)
        self.indicator.setObjectName("caseIndicator")
        self.indicator.setFlat(True)
        self.indicator.setStyleSheet("color:#c62828;font-weight:bold")
        self.indicator.clicked.connect(self.show_overdue)
        self.indicator.hide()
        window.statusBar().addPermanentWidget(self.indicator)

        hub = case_events()
        hub.changed.connect(self._case_changed)
        self.timer = QTimer(self)
        self.timer.setInterval(WATCH_MS)
        self.timer.timeout.connect(self.refresh_watch)
        self.timer.timeout.connect(self.page.apply)
        self.timer.start()
        self.page.refresh()
        self.refresh_watch()
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.flush_drafts()  # the worker runs these before it closes the database
        return False

    def flush_drafts(self) -> None:
        for case_window in self.windows.values():
            if case_window.view.current_step is not None:
                case_window.draft.save_now()
        if self.new_dialog is not None:
            self.new_dialog.keep_draft()

    def show_page(self) -> None:
        self.window.show_page(self.page)

    def show_overdue(self) -> None:
        self.show_page()
        self.page.show_overdue()

    def _case_changed(self, _case_id: int) -> None:
        self.refresh_watch()

    def refresh_watch(self) -> None:
        DbOp(self.indicator, cases.watch).success(self._show_watch).run()

    def _show_watch(self, watch: Watch) -> None:
        parts = []
        if watch.overdue:
            parts.append(
                QCoreApplication.translate("CasesFeature", "逾期工单 {n}").format(n=watch.overdue)
            )
        if watch.callbacks_due:
            parts.append(
                QCoreApplication.translate("CasesFeature", "待回访 {n}").format(
                    n=watch.callbacks_due
                )
            )
        self.indicator.setText(" · ".join(parts))
        self.indicator.setToolTip(
            QCoreApplication.translate("CasesFeature", "承诺时间已过、仍未交付的客户工单；点击查看")
        )
        self.indicator.setVisible(bool(parts))

    def new_case(self) -> None:
        if self.new_dialog is None:
            self.new_dialog = NewCaseDialog(self.window.actor, self.window)
            self.new_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.new_dialog.created.connect(self.open_case)
            self.new_dialog.destroyed.connect(self._new_gone)
        self.new_dialog.show()
        self.new_dialog.raise_()
        self.new_dialog.activateWindow()
        self.new_dialog.customer.setFocus()

    def _new_gone(self) -> None:
        self.new_dialog = None

    def open_case(self, case_id: int) -> None:
        existing = self.windows.get(case_id)
        if existing is not None:
            existing.show()
            existing.raise_()
            existing.activateWindow()
            return
        DbOp(self.window, lambda: cases.get_case(case_id)).success(self._show_case).run()

    def _show_case(self, view: CaseView) -> None:
        if view.id in self.windows:
            self.windows[view.id].raise_()
            return
        case_window = CaseWindow(view, self.window.actor, self.window)
        case_window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        case_window.closed.connect(lambda case_id: self.windows.pop(case_id, None))
        self.windows[view.id] = case_window
        case_window.show()

    def open_review(self) -> None:
        dialog = CaseReviewDialog(self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def open_mail_settings(self) -> None:
        dialog = MailSettingsDialog(self.window.actor, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()


def install(window: MainWindow) -> None:
    """Add this feature's page, menu, status-bar count and case windows to ``window``."""
    window.cases = CasesFeature(window)  # type: ignore[attr-defined]
