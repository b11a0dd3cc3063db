"""Preventive maintenance from the app: in the owner's window while it is open, at exit when the
computer is off at night, and on demand from the 备份 menu. Always on the database worker, never
while another counter is writing (the service then postpones it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QAction

from invoicedesk.gui.errors import show_error
from invoicedesk.gui.features.backups import state
from invoicedesk.gui.worker import DbOp, DbWorker
from invoicedesk.services import maintenance

if TYPE_CHECKING:
    from invoicedesk.gui.main_window import MainWindow

CHECK_EVERY_MS = 10 * 60 * 1000  # the window is hours long: a look every ten minutes is enough


class MaintenanceFeature:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.actor = window.actor
        self.running = False
        action = QAction(QCoreApplication.translate("Maintenance", "立即维护数据库"), window)
        action.setObjectName("maintainNowAction")
        action.triggered.connect(self.run_now)
        window.menu("backup", QCoreApplication.translate("Backups", "备份(&B)")).addAction(action)
        self.timer = QTimer(window)
        self.timer.setObjectName("maintenanceTimer")
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.run_if_due)
        if not state.read_only:
            self.timer.start()

    def run_if_due(self) -> None:
        if self.running or state.read_only:
            return

        def work() -> maintenance.MaintenanceReport | None:
            if not maintenance.due_now():
                return None
            return maintenance.run_maintenance(self.actor, source="window")

        self._run(work, quiet=True)

    def run_now(self) -> None:
        if self.running or state.read_only:
            return
        self.window.statusBar().showMessage(
            QCoreApplication.translate("Maintenance", "正在维护数据库，可以照常使用…")
        )
        self._run(lambda: maintenance.run_maintenance(self.actor, source="manual", wait=30.0))

    def _run(self, work: object, quiet: bool = False) -> None:
        self.running = True

        def done(report: maintenance.MaintenanceReport | None) -> None:
            self.running = False
            if report is None:
                return
            if report.ran:
                text = QCoreApplication.translate(
                    "Maintenance", "数据库维护完成，用时 {seconds} 秒"
                ).format(seconds=f"{report.seconds:.1f}")
            else:
                text = str(report.skipped)
            self.window.statusBar().showMessage(text, 15000)

        def failed(exc: Exception) -> None:
            self.running = False
            if not quiet:
                show_error(self.window, exc)

        DbOp(self.window, work).success(done).failure(failed).run()  # type: ignore[arg-type]


def install(window: MainWindow) -> None:
    window.maintenance_feature = MaintenanceFeature(window)  # type: ignore[attr-defined]


def maintain_on_exit(worker: DbWorker, actor: str) -> None:
    """Queue the at-exit maintenance when the owner allows it and it is due (after the exit
    backup; the worker runs both before closing the database)."""
    if not state.opened or state.read_only:
        return

    def work() -> None:
        if maintenance.due_now(at_exit=True):
            maintenance.run_maintenance(actor, source="exit")

    DbOp(None, work).failure(lambda _e: None).run(worker)
