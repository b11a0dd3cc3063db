"""Adds the backups feature to the main window: the backup page, the health dashboard, the
"last verified restore: N days ago" indicator (a warning after 8 days), the damaged-database
banner leading to restore, a due backup at start and the backup on exit."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from invoicedesk.core.changes import Changes
from invoicedesk.gui.backup_page import BackupPage
from invoicedesk.gui.errors import show_error, show_message
from invoicedesk.gui.health_page import HealthPage
from invoicedesk.gui.ledger_location import remember_switch
from invoicedesk.gui.restore_dialog import RestoreDialog
from invoicedesk.gui.worker import DbOp, DbWorker, connect_changes, current_worker
from invoicedesk.paths import short_location
from invoicedesk.services import backup_health, backup_places, backup_runs, backup_views
from invoicedesk.services.ledger_db import redact
from invoicedesk.services.ledger_switch import Switched, replaced_notice, switch_to_restored

if TYPE_CHECKING:
    from invoicedesk.gui.main_window import MainWindow
    from invoicedesk.services.startup import StartupReport


@dataclass
class StartupState:
    target: str = ""
    read_only: bool = False
    message: str = ""
    opened: bool = False
    full_check_due: bool = False


state = StartupState()


def set_startup(target: str, report: StartupReport | None) -> None:
    """Called by app.py once the database is open (before the window is built)."""
    state.target = target
    state.opened = report is not None
    state.read_only = bool(report and report.read_only)
    state.message = report.text if report and not report.ok else ""
    state.full_check_due = bool(report and report.full_check_due)


class FullCheck(QObject):
    """The weekly integrity_check on a plain thread (its own read-only connection), so neither
    the window nor the database worker waits for it; the outcome comes back by signal."""

    finished = Signal(object)

    def start(self, target: str) -> None:
        from invoicedesk.services import startup

        def run() -> None:
            result = startup.full_check(target)
            # The window may have closed meanwhile: then nobody is left to tell.
            with contextlib.suppress(RuntimeError):
                self.finished.emit(result)

        threading.Thread(target=run, name="invoicedesk-full-check", daemon=True).start()


class Banner(QFrame):
    def __init__(self, name: str, color: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setStyleSheet(f"#{name} {{ background: {color}; }} #{name} QLabel {{ color: #222; }}")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.button = QPushButton(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.hide()


class BackupsFeature:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.actor = window.actor
        self.page = BackupPage(window.actor, window)
        self.page.read_only = state.read_only
        self.health = HealthPage(window.actor, window)
        window.add_page(self.page, QCoreApplication.translate("Backups", "备份"))
        window.add_page(self.health, QCoreApplication.translate("Backups", "体检"))
        self.page.restore_requested.connect(self.open_restore)
        connect_changes(self.page, self.on_changes)

        self.damaged = Banner("damagedBanner", "#f9d6d5", window)
        self.damaged.button.setText(QCoreApplication.translate("Backups", "从备份恢复…"))
        self.damaged.button.clicked.connect(lambda: self.open_restore("", ""))
        window.add_banner(self.damaged)
        if state.read_only:
            self.damaged.label.setText(state.message)
            self.damaged.show()

        # Another counter restored this PostgreSQL ledger into a new database: nothing more is
        # recorded here (store/audit.py), and the next start opens the new one.
        self.replaced = Banner("ledgerReplacedBanner", "#f9d6d5", window)
        self.replaced.button.hide()
        window.add_banner(self.replaced, first=True)

        self.overdue = Banner("restoreOverdueBanner", "#fff1c2", window)
        self.overdue.button.setText(QCoreApplication.translate("Backups", "去做恢复演练"))
        self.overdue.button.clicked.connect(lambda: window.show_page(self.page))
        window.add_banner(self.overdue)

        self.age = QLabel(window)
        self.age.setObjectName("restoreAge")
        window.statusBar().addPermanentWidget(self.age)

        menu = window.menu("backup", QCoreApplication.translate("Backups", "备份(&B)"))
        backup_now = QAction(QCoreApplication.translate("Backups", "立即备份"), window)
        backup_now.setObjectName("backupNowAction")
        backup_now.triggered.connect(lambda: self._on_page(self.page, self.page.run_backup))
        drill = QAction(QCoreApplication.translate("Backups", "恢复演练"), window)
        drill.triggered.connect(lambda: self._on_page(self.page, self.page.drill))
        restore = QAction(QCoreApplication.translate("Backups", "从备份恢复…"), window)
        restore.setObjectName("restoreAction")
        restore.triggered.connect(lambda: self.open_restore("", ""))
        check = QAction(QCoreApplication.translate("Backups", "体检"), window)
        check.setShortcut(QKeySequence("Ctrl+Shift+H"))
        check.triggered.connect(lambda: self._on_page(self.health, self.health.run))
        for action in (backup_now, drill, restore, check):
            menu.addAction(action)
        self.refresh_age()
        if not state.read_only:
            self._backup_if_due()
        self.full_check = FullCheck(window)
        self.full_check.finished.connect(self._full_check_done)
        if state.full_check_due and not state.read_only:
            state.full_check_due = False
            text = QCoreApplication.translate(
                "Backups", "正在后台做每周一次的数据库完整检查，可以照常使用…"
            )
            # Once the window is shown: a message set before would be drawn over the summary.
            QTimer.singleShot(0, lambda: self.window.statusBar().showMessage(text, 10000))
            self.full_check.start(state.target)

    def _full_check_done(self, result: object) -> None:
        from invoicedesk.services import startup

        assert isinstance(result, startup.FullCheck)
        DbOp(self.window, lambda: startup.record_full_check(result, self.actor)).failure(
            lambda _e: None
        ).run()
        if result.ok:
            return
        text = QCoreApplication.translate(
            "Backups",
            "每周完整检查发现数据库文件损坏（{reason}）。请尽快从最新的已验证备份恢复；"
            "下次启动时将以只读方式打开。",
        ).format(reason=str(result.message))
        self.damaged.label.setText(text)
        self.damaged.show()

    # ------------------------------------------------------------ indicator

    def _on_page(self, page: QWidget, action: Callable[[], object]) -> None:
        self.window.show_page(page)
        action()

    def on_changes(self, changes: Changes) -> None:
        """Backups made, verified or drilled (here or elsewhere), or another database open."""
        if changes.touches("backups"):
            self.page.refresh()
            self.refresh_age()
        if "ledger" in changes.others:
            DbOp(self.replaced, replaced_notice).success(self._show_replaced).run()

    def _show_replaced(self, notice: object) -> None:
        self.replaced.label.setText(str(notice or ""))
        self.replaced.setVisible(notice is not None)

    def refresh_age(self) -> None:
        DbOp(self.age, backup_health.restore_age).success(self._show_age).failure(
            lambda _e: None
        ).run()

    def _show_age(self, age: backup_health.RestoreAge) -> None:
        self.age.setText(
            str(age.message)
            if age.days is not None
            else QCoreApplication.translate("Backups", "备份从未验证恢复")
        )
        self.age.setToolTip(str(age.message))
        self.age.setStyleSheet("color: #b3261e; font-weight: bold;" if age.warn else "")
        self.overdue.label.setText(str(age.message))
        self.overdue.setVisible(age.warn and not state.read_only)

    def _backup_if_due(self) -> None:
        def work() -> list[backup_views.RunOutcome]:
            if not backup_places.list_destinations() or backup_runs.due_kind() is None:
                return []
            return backup_runs.run_backup(self.actor, reason="scheduled")

        def done(outcomes: list[backup_views.RunOutcome]) -> None:
            if outcomes:
                self.window.statusBar().showMessage(" ".join(o.text for o in outcomes), 15000)
                self.page.refresh()

        DbOp(self.page, work).success(done).failure(lambda _e: None).run()

    # ------------------------------------------------------------ restore

    def open_restore(self, folder: str, snapshot_id: str) -> RestoreDialog | None:
        from invoicedesk.services import practice

        if practice.is_active():  # a restore replaces the real ledger's file: never from practice
            show_message(
                self.window,
                QCoreApplication.translate(
                    "Backups", "练习模式中不能从备份恢复正式台账。请先离开练习模式。"
                ),
            )
            return None
        dialog = RestoreDialog(state.target, self.actor, self.window)
        dialog.switch_requested.connect(self.switch)
        if folder:
            dialog.set_folder(folder)
        dialog.show()
        dialog.load()
        self.dialog = dialog
        return dialog

    def switch(self, restored: str, view: backup_views.RestoredView) -> None:
        target = state.target
        was_read_only = state.read_only
        actor = self.actor

        def done(result: Switched) -> None:
            report, kept_periods = result.report, result.kept_periods
            moved = bool(result.target) and result.target != target
            set_startup(result.target or target, report)
            self.page.read_only = state.read_only
            self.damaged.setVisible(state.read_only)
            worker = current_worker()
            if moved:  # PostgreSQL: another database, where the next start must find it too
                remember_switch(target, result.target)
                worker.watch(result.target)
                self.window.set_location(redact(result.target))
            # Every page rereads everything: another database is open now.
            worker.announce(Changes.everything(by=actor, switched=True))
            if moved:
                message = QCoreApplication.translate(
                    "Backups",
                    "已切换到恢复的数据库 {name}；原数据库 {previous} 未改动，仍在服务器上。",
                ).format(
                    name=short_location(result.target), previous=short_location(result.previous)
                )
            else:
                message = QCoreApplication.translate(
                    "Backups", "已切换到恢复的数据库；原数据库已改名保留在同一文件夹。"
                )
            if kept_periods and not report.read_only:
                message += QCoreApplication.translate(
                    "Backups", "原数据库已锁定的月份仍保持锁定：{periods}"
                ).format(periods="、".join(kept_periods))
            self.window.statusBar().showMessage(message, 20000)

        DbOp(
            self.window,
            lambda: switch_to_restored(target, restored, view, actor, was_read_only=was_read_only),
        ).success(done).failure(lambda exc: show_error(self.window, exc)).run()


_features: list[BackupsFeature] = []


def install(window: MainWindow) -> None:
    """Add this feature's pages, banners and menu actions to ``window``."""
    feature = BackupsFeature(window)
    window.backups_feature = feature  # type: ignore[attr-defined]
    _features[:] = [feature]


def backup_on_exit(worker: DbWorker, actor: str) -> None:
    """Queue the exit backup (the worker runs it before closing the database). In practice mode
    the real ledger is bound again first: the exit backup is always the real ledger's."""
    wanted = state.opened and not state.read_only

    def work() -> object:
        from invoicedesk.services import practice

        practice.leave()
        return backup_runs.backup_on_exit(actor) if wanted else []

    DbOp(None, work).failure(lambda _e: None).run(worker)
