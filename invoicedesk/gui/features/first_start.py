"""Adds the first start to the main window: the setup wizard on a new, empty ledger (resumed
until finished), 帮助 → 开店设置向导 to reopen it, and the empty ledger's "what to do first"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction

from invoicedesk.core.changes import Changes
from invoicedesk.gui.features.backups import state as startup
from invoicedesk.gui.setup_wizard import SetupWizard
from invoicedesk.gui.worker import DbOp, connect_changes
from invoicedesk.services import first_start
from invoicedesk.services.first_start import SetupView

if TYPE_CHECKING:
    from invoicedesk.core.i18n import Message
    from invoicedesk.gui.main_window import MainWindow


class FirstStartFeature:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.wizard: SetupWizard | None = None
        action = QAction(QCoreApplication.translate("FirstStartFeature", "开店设置向导…"), window)
        action.setObjectName("setupWizardAction")
        action.triggered.connect(lambda: self.open())
        window.help_menu.insertAction(window.help_menu.actions()[-1], action)
        self.action = action
        connect_changes(window, self.on_changes)
        action.setEnabled(not startup.read_only)
        if not startup.read_only:  # a damaged ledger is restored first, never set up anew
            DbOp(window, lambda: (first_start.status(), first_start.first_steps())).success(
                self._started
            ).run()

    def _started(self, found: tuple[SetupView, list[Message]]) -> None:
        view, steps = found
        self._show_hint(steps)
        if view.wanted:
            self.show_wizard(view)

    def open(self) -> None:
        """Reopen the wizard where the setup stands (or to edit a finished one)."""
        if self.wizard is not None:
            self.wizard.raise_()
            self.wizard.activateWindow()
            return
        DbOp(self.window, first_start.status).success(self.show_wizard).run()

    def show_wizard(self, view: SetupView) -> None:
        wizard = SetupWizard(view, self.window.actor, self.window)
        wizard.finished.connect(self._closed)
        self.wizard = wizard
        wizard.open()

    def _closed(self, _result: int) -> None:
        if self.wizard is not None:
            self.wizard.deleteLater()
        self.wizard = None
        self.refresh_hint()

    def on_changes(self, changes: Changes) -> None:
        """Settings or backup places changed (the wizard, another counter): the hint again."""
        if changes.touches("settings", "backups"):
            self.refresh_hint()

    def refresh_hint(self) -> None:
        DbOp(self.window, first_start.first_steps).success(self._show_hint).run()

    def _show_hint(self, steps: list[Message]) -> None:
        self.window.ledger.set_first_steps([str(step) for step in steps])


def install(window: MainWindow) -> None:
    window.first_start = FirstStartFeature(window)  # type: ignore[attr-defined]
