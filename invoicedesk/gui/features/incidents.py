"""Adds the incidents feature to the main window: the register page, the plan settings, a menu to
start the wizard or a drill, and a banner with the open incident and open follow-up actions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel

from invoicedesk.core import clock
from invoicedesk.core.changes import Changes
from invoicedesk.gui.incident_register import IncidentRegister
from invoicedesk.gui.incident_wizard import IncidentWizard
from invoicedesk.gui.plan_settings import PlanSettings
from invoicedesk.gui.worker import DbOp, connect_changes
from invoicedesk.services import incident_register, incident_views, incidents, plan

if TYPE_CHECKING:
    from invoicedesk.gui.main_window import MainWindow

BANNER_REFRESH_MS = 60_000  # measures time: an action becomes overdue at midnight
BANNER_ACTIONS = 3


class IncidentsFeature(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("incidentsFeature")
        self.window = window
        self.wizard: IncidentWizard | None = None
        self.plan_dialog: PlanSettings | None = None
        self.register = IncidentRegister(window.actor, self.start_wizard, self.open_plan, window)
        connect_changes(self, self.on_changes)
        window.add_page(self.register, self.tr("应急"))

        self.banner = QLabel()
        self.banner.setObjectName("incidentBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setStyleSheet(
            "background:#fff3cd;color:#7a4b00;padding:6px 10px;font-size:14px"
        )
        self.banner.setCursor(Qt.CursorShape.PointingHandCursor)
        self.banner.mousePressEvent = lambda _e: self.show_register()  # type: ignore[method-assign]
        self.banner.hide()
        window.add_banner(self.banner)

        menu = window.menu("incidents", self.tr("应急(&E)"))
        self.start_action = QAction(self.tr("启动应急向导…"), window)
        self.start_action.setObjectName("startIncidentAction")
        self.start_action.setShortcut(QKeySequence(Qt.Key.Key_F9))
        self.start_action.setToolTip(self.tr("开票系统出问题时，按步骤处理（F9）"))
        self.start_action.triggered.connect(lambda: self.start_wizard(False))
        drill = QAction(self.tr("开始应急演练…"), window)
        drill.setObjectName("startDrillAction")
        drill.triggered.connect(lambda: self.start_wizard(True))
        settings = QAction(self.tr("应急预案设置…"), window)
        settings.setObjectName("planSettingsAction")
        settings.triggered.connect(self.open_plan)
        register = QAction(self.tr("事件登记簿"), window)
        register.triggered.connect(self.show_register)
        for action in (self.start_action, drill, settings, register):
            menu.addAction(action)

        self.timer = QTimer(self)
        self.timer.setInterval(BANNER_REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()

    def show_register(self) -> None:
        self.window.show_page(self.register)
        self.register.refresh()

    def on_changes(self, changes: Changes) -> None:
        """Incidents changed here or at another counter: the banner and the register redraw."""
        if changes.touches("incidents") or {"incident_action", "system_check"} & set(
            changes.others
        ):
            self.refresh()

    def refresh(self) -> None:
        def load() -> tuple[Any, Any]:
            return incident_register.open_incidents(), incident_register.open_actions()

        DbOp(self.banner, load).success(self._show_banner).run()
        if self.register.isVisible():
            self.register.refresh()

    def _show_banner(self, data: tuple[Any, Any]) -> None:
        opened, actions = data
        lines = []
        for inc in opened:
            if inc.drill:
                continue
            lines.append(
                self.tr(
                    "应急处理中：第{id}号事件（{symptom}），已收集受影响发票 {n} 张。按 F9 继续；误报可在向导中撤销。"
                ).format(
                    id=inc.id,
                    symptom=incident_views.symptom_text(inc.symptom) or self.tr("情况待确认"),
                    n=inc.affected_invoices,
                )
            )
        today = clock.today()
        shown = actions[:BANNER_ACTIONS]
        for a in shown:
            late = self.tr("（已逾期）") if a.due < today else ""
            lines.append(
                self.tr("改进事项未完成：{text}（{owner}，{due}前）{late}").format(
                    text=a.text, owner=a.owner, due=a.due.isoformat(), late=late
                )
            )
        if len(actions) > len(shown):
            lines.append(self.tr("还有 {n} 项改进事项未完成。").format(n=len(actions) - len(shown)))
        self.banner.setText("\n".join(lines))
        self.banner.setVisible(bool(lines))

    def start_wizard(self, drill: bool) -> None:
        if self.wizard is not None:
            self.wizard.show()
            self.wizard.raise_()
            self.wizard.activateWindow()
            return
        actor = self.window.actor

        def load() -> tuple[Any, Any]:
            return incidents.resume_or_start(actor, drill=drill), plan.get_plan()

        DbOp(self.window, load).success(self._open_wizard).run()

    def _open_wizard(self, data: tuple[Any, Any]) -> None:
        view, current_plan = data
        self.wizard = IncidentWizard(self.window.actor, view, current_plan, self.window)
        self.wizard.setWindowFlag(Qt.WindowType.Window)
        self.wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.wizard.destroyed.connect(self._wizard_gone)
        self.wizard.show()
        self.refresh()

    def _wizard_gone(self) -> None:
        self.wizard = None

    def open_plan(self) -> None:
        if self.plan_dialog is None:
            self.plan_dialog = PlanSettings(self.window.actor, self.window)
            self.plan_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.plan_dialog.destroyed.connect(self._plan_gone)
        self.plan_dialog.open()

    def _plan_gone(self) -> None:
        self.plan_dialog = None


def install(window: MainWindow) -> None:
    """Add this feature's pages, banners and menu actions to ``window``."""
    window.incidents = IncidentsFeature(window)  # type: ignore[attr-defined]
