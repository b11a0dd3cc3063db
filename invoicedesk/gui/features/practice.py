"""Adds practice mode (练习模式) and the lessons to the main window.

One action (menu 练习 and a toolbar button) switches to the practice ledger and back. In
practice the window is unmistakable: an orange frame around it, 练习 in its title, a banner
with 重置练习台账 and 离开练习模式. The lesson panel is a dock on the right.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMessageBox, QToolBar

from invoicedesk.core.changes import Changes
from invoicedesk.gui.errors import show_error, show_message
from invoicedesk.gui.features.backups import Banner
from invoicedesk.gui.lesson_panel import LessonPanel
from invoicedesk.gui.training_dialog import TrainingDialog
from invoicedesk.gui.worker import DbOp, current_worker
from invoicedesk.paths import short_location
from invoicedesk.services import practice

if TYPE_CHECKING:
    from invoicedesk.gui.main_window import MainWindow

FRAME_COLOR = "#e8710a"
FRAME_WIDTH = 6


class PracticeFeature(QObject):
    switched = Signal(bool)  # True: now in practice

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.actor = window.actor
        self.active = False
        self.busy = False
        self._normal_title = window.windowTitle()
        self._normal_db = window.database.text()

        self.action = QAction(QCoreApplication.translate("PracticeFeature", "练习模式"), window)
        self.action.setObjectName("practiceAction")
        self.action.setCheckable(True)
        self.action.setToolTip(
            QCoreApplication.translate(
                "PracticeFeature",
                "打开练习台账：随便练，不会影响正式台账、备份和审计链（再点一次回到正式台账）",
            )
        )
        self.action.triggered.connect(self.toggle)
        self.reset_action = QAction(
            QCoreApplication.translate("PracticeFeature", "重置练习台账…"), window
        )
        self.reset_action.setObjectName("practiceResetAction")
        self.reset_action.triggered.connect(self.ask_reset)
        self.lessons_action = QAction(QCoreApplication.translate("PracticeFeature", "课程"), window)
        self.lessons_action.setObjectName("lessonsAction")
        self.lessons_action.triggered.connect(self.show_lessons)
        self.register_action = QAction(
            QCoreApplication.translate("PracticeFeature", "培训登记…"), window
        )
        self.register_action.setObjectName("trainingRegisterAction")
        self.register_action.triggered.connect(self.show_register)
        menu = window.menu("practice", QCoreApplication.translate("PracticeFeature", "练习(&P)"))
        menu.addAction(self.action)
        menu.addAction(self.lessons_action)
        menu.addAction(self.register_action)
        menu.addSeparator()
        menu.addAction(self.reset_action)
        toolbar = window.findChild(QToolBar, "mainToolbar")
        if toolbar is not None:
            toolbar.addSeparator()
            toolbar.addAction(self.action)

        self.banner = Banner("practiceBanner", "#ffd8b0", window)
        self.banner.label.setText(
            QCoreApplication.translate(
                "PracticeFeature",
                "练习模式：这里登记的一切只进练习台账，不影响正式台账、它的备份和审计链。"
                "打印和导出的文件都标有“练习”。",
            )
        )
        self.banner.button.setText(QCoreApplication.translate("PracticeFeature", "离开练习模式"))
        self.banner.button.setObjectName("leavePractice")
        self.banner.button.clicked.connect(self.leave)
        window.add_banner(self.banner, first=True)  # practice mode must never be folded away

        self.panel = LessonPanel(self.actor, window)
        self.dock = QDockWidget(QCoreApplication.translate("PracticeFeature", "课程"), window)
        self.dock.setObjectName("lessonDock")
        self.dock.setWidget(self.panel)
        self.dock.setAllowedAreas(
            Qt.DockWidgetArea.RightDockWidgetArea | Qt.DockWidgetArea.LeftDockWidgetArea
        )
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()

    # ------------------------------------------------------------ switching

    def toggle(self) -> None:
        if self.active:
            self.leave()
        else:
            self.enter()

    def enter(self) -> None:
        if self.busy or self.active:
            self.action.setChecked(self.active)
            return
        self.busy = True
        self.window.statusBar().showMessage(
            QCoreApplication.translate("PracticeFeature", "正在打开练习台账…")
        )
        actor = self.actor
        DbOp(self.window, lambda: practice.enter(actor)).success(self._entered).failure(
            self._failed
        ).run()

    def _entered(self, status: practice.PracticeStatus) -> None:
        self.busy = False
        self._show_mode(True, status.path)
        text = QCoreApplication.translate(
            "PracticeFeature", "已进入练习模式（练习台账 {count} 张发票）"
        ).format(count=status.invoices)
        if status.rebuilt_reason == "damaged":
            text = (
                QCoreApplication.translate("PracticeFeature", "练习台账已损坏，已重新生成。") + text
            )
        self.window.statusBar().showMessage(text, 10000)
        self.panel.check()  # a lesson left in progress comes back with its ticks

    def leave(self) -> None:
        if self.busy or not self.active:
            self.action.setChecked(self.active)
            return
        self.busy = True
        DbOp(self.window, practice.leave).success(self._left).failure(self._failed).run()

    def _left(self, _status: practice.PracticeStatus) -> None:
        self.busy = False
        self._show_mode(False, "")
        self.window.statusBar().showMessage(
            QCoreApplication.translate("PracticeFeature", "已回到正式台账"), 5000
        )

    def _failed(self, exc: Exception) -> None:
        self.busy = False
        self.action.setChecked(self.active)
        self.window.statusBar().clearMessage()
        show_error(self.window, exc)

    def ask_reset(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            QCoreApplication.translate("PracticeFeature", "重置练习台账"),
            QCoreApplication.translate(
                "PracticeFeature",
                "把练习台账恢复成新的演示数据？练习中登记的内容和进行中的课程都会清除。",
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self.window,
        )
        box.setObjectName("confirmPracticeReset")
        yes = box.button(QMessageBox.StandardButton.Yes)
        box.finished.connect(lambda _r: self.reset() if box.clickedButton() is yes else None)
        box.open()

    def reset(self) -> None:
        if self.busy:
            return
        self.busy = True
        actor = self.actor
        DbOp(self.window, lambda: practice.reset(actor)).success(self._reset_done).failure(
            self._failed
        ).run()

    def _reset_done(self, status: practice.PracticeStatus) -> None:
        self.busy = False
        if status.active:
            self._refresh_pages()
            self.panel.check()
        self.window.statusBar().showMessage(
            QCoreApplication.translate("PracticeFeature", "练习台账已重置"), 5000
        )

    def show_lessons(self) -> None:
        self.dock.show()
        self.dock.raise_()
        if not self.active:
            show_message(
                self.window,
                QCoreApplication.translate(
                    "PracticeFeature",
                    "课程要在练习模式中做：先点工具栏上的“练习模式”，再开始课程。",
                ),
                QCoreApplication.translate("PracticeFeature", "课程"),
                QMessageBox.Icon.Information,
            )

    def show_register(self) -> TrainingDialog:
        dialog = TrainingDialog(self.actor, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        dialog.load()
        return dialog

    # ------------------------------------------------------------ display

    def _show_mode(self, active: bool, path: str) -> None:
        self.active = active
        self.action.setChecked(active)
        window = self.window
        central = window.centralWidget()
        if central is None:  # the window is being torn down
            return
        central.setObjectName("centralFrame")
        central.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = central.layout()
        if active:
            central.setStyleSheet(
                f"#centralFrame {{ border: {FRAME_WIDTH}px solid {FRAME_COLOR}; }}"
            )
            if layout is not None:
                layout.setContentsMargins(*(FRAME_WIDTH,) * 4)
            window.setWindowTitle(
                QCoreApplication.translate("PracticeFeature", "【练习】{title} — 练习模式").format(
                    title=self._normal_title
                )
            )
            window.database.setText(
                QCoreApplication.translate("PracticeFeature", "练习台账：{path}").format(
                    path=short_location(path)
                )
            )
            self._normal_tip = window.database.toolTip()
            window.database.setToolTip(path)
            window.statusBar().setStyleSheet(f"background: {FRAME_COLOR}; color: white;")
            self.dock.show()
        else:
            central.setStyleSheet("")
            if layout is not None:
                layout.setContentsMargins(0, 0, 0, 0)
            window.setWindowTitle(self._normal_title)
            window.database.setText(self._normal_db)
            window.database.setToolTip(getattr(self, "_normal_tip", ""))
            window.statusBar().setStyleSheet("")
            self.panel.show_run(None)  # the lesson stays in the practice ledger for next time
        self.banner.setVisible(active)
        self._refresh_pages()
        self.switched.emit(active)

    def _refresh_pages(self) -> None:
        """Every page reads its data again (from whichever ledger is now open): those that
        follow change notices from "database switched", the others here."""
        window = self.window
        for index in range(window.pages.count()):
            page = window.pages.widget(index)
            if callable(getattr(page, "on_changes", None)):
                continue
            for name in ("refresh", "reload"):
                method = getattr(page, name, None)
                if callable(method):
                    method()
                    break
        current_worker().announce(Changes.everything(by=self.actor, switched=True))


def install(window: MainWindow) -> None:
    """Add this feature's pages, banners and menu actions to ``window``."""
    window.practice = PracticeFeature(window)  # type: ignore[attr-defined]
