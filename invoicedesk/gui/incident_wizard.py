"""The incident wizard: a QWizard that only renders core.incident_flow, one page per plan step.

Each page says in large type what to do now, who does it and their phone number, and has one
obvious button that records the step (time and person) and moves on. The flow, the rules and the
records live in services.incidents; closing the window keeps the incident open, and opening it
again resumes at the same step. The pages are in gui/incident_pages_*.py, their base in
gui/incident_step_page.py.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from invoicedesk.core.changes import Changes
from invoicedesk.core.incident_flow import progress
from invoicedesk.gui.incident_pages_affected import CollectPage, CustomersPage, VerifyPage
from invoicedesk.gui.incident_pages_closing import ClosePage, RecoveryPage, TaxOfficePage
from invoicedesk.gui.incident_pages_triage import (
    ChecksPage,
    DeclarePage,
    NotifyPage,
    OutagePage,
    SymptomPage,
)
from invoicedesk.gui.incident_reason_dialog import ReasonDialog
from invoicedesk.gui.incident_step_page import StepPage, short_local, tr_data
from invoicedesk.gui.worker import DbOp, connect_changes
from invoicedesk.services import incident_views, incidents
from invoicedesk.services.plan import Plan

GEOMETRY_KEY = "incident_wizard/geometry"
TIMELINE_LINES = 8


PAGES: dict[str, type[StepPage]] = {
    "symptom": SymptomPage,
    "verify": VerifyPage,
    "checks": ChecksPage,
    "declare": DeclarePage,
    "outage": OutagePage,
    "notify": NotifyPage,
    "collect": CollectPage,
    "customers": CustomersPage,
    "tax_office": TaxOfficePage,
    "recovery": RecoveryPage,
    "close": ClosePage,
}


class IncidentWizard(QWizard):
    """Renders an incident's flow; ``changed`` tells the main window to redraw its banner."""

    changed = Signal()

    def __init__(
        self,
        actor: str,
        view: incident_views.IncidentView,
        plan: Plan,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("incidentWizard")
        self.actor = actor
        self.view = view
        self.plan = plan
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoCancelButton, False)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("先关闭（稍后继续）"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("上一步"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("关闭"))
        title = self.tr("应急演练（练习）") if view.drill else self.tr("应急处理向导")
        number = self.tr("第{id}号").format(id=view.id)
        self.setWindowTitle(f"{title} — {number}")
        self.ids: dict[str, int] = {}
        self.pages: dict[str, StepPage] = {}
        for n, step in enumerate(view.steps):
            page = PAGES.get(step.key, StepPage)(self, step)
            self.setPage(n, page)
            self.ids[step.key] = n
            self.pages[step.key] = page
        self.side = self._side()
        self.setSideWidget(self.side)
        self.setStartId(self.ids[view.current] if view.current else self.ids["close"])
        geometry = QSettings().value(GEOMETRY_KEY)
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.resize(1100, 720)
        self._redraw_side()
        connect_changes(self, self.on_changes)

    def _side(self) -> QWidget:
        side = QWidget()
        side.setFixedWidth(260)
        layout = QVBoxLayout(side)
        self.steps_label = QLabel()
        self.steps_label.setObjectName("stepsOverview")
        self.steps_label.setWordWrap(True)
        self.steps_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.steps_label)
        self.withdraw_button = QPushButton(
            self.tr("撤销这次演练…") if self.view.drill else self.tr("误报？撤销这次事件…")
        )
        self.withdraw_button.setObjectName("withdrawButton")
        self.withdraw_button.setToolTip(
            self.tr("误按了 F9，或系统其实正常：撤销事件（记下原因，不会删除）")
        )
        self.withdraw_button.setStyleSheet("color:#7a4b00;padding:4px")
        self.withdraw_button.clicked.connect(self.withdraw)
        layout.addWidget(self.withdraw_button)
        layout.addStretch(1)
        layout.addWidget(QLabel(self.tr("备注（所有人都可以添加）：")))
        self.note = QLineEdit()
        self.note.setObjectName("timelineNote")
        self.note.setPlaceholderText(self.tr("例如：客户张先生来电"))
        self.note.returnPressed.connect(self.add_note)
        layout.addWidget(self.note)
        add = QPushButton(self.tr("添加备注"))
        add.setObjectName("addNote")
        add.clicked.connect(self.add_note)
        layout.addWidget(add)
        self.last_note = QLabel()
        self.last_note.setObjectName("lastNote")
        self.last_note.setWordWrap(True)
        layout.addWidget(self.last_note)
        layout.addWidget(QLabel(self.tr("最近的记录：")))
        self.timeline = QListWidget()
        self.timeline.setObjectName("timeline")
        self.timeline.setWordWrap(True)
        self.timeline.setMaximumHeight(220)
        layout.addWidget(self.timeline)
        return side

    def _redraw_timeline(self) -> None:
        self.timeline.clear()
        for e in reversed(self.view.events[-TIMELINE_LINES:]):
            what = e.text
            if e.kind in ("step", "skip"):
                title = next(
                    (tr_data("Plan", s.title) for s in self.view.steps if s.key == e.step), e.step
                )
                what = f"{title} {what}".strip()
            self.timeline.addItem(f"{short_local(e.ts)} {e.actor}：{what}")

    def on_changes(self, changes: Changes) -> None:
        """Others' notes and steps on this incident appear as they are committed."""
        if not self.isVisible():
            return
        if changes.reload or changes.database_switched or self.view.id in changes.incidents:
            self.reload()

    def reload(self, advance: bool = False) -> None:
        """Read the incident again: others may have added notes or done steps meanwhile.

        The page moves on when the step it shows was done elsewhere (or ``advance``: a step
        here was refused because it was already done); someone looking back stays put.
        """
        incident_id, shown = self.view.id, self.view

        def fresh(view: incident_views.IncidentView) -> None:
            if self.view is not shown:
                return  # a step finished here meanwhile; its result is newer
            old = shown.current
            self.view = view
            self._redraw_side()
            page = self.currentPage()
            if not isinstance(page, StepPage) or (view.current == old and not advance):
                return
            page.initializePage()
            page.completeChanged.emit()
            moved_on = view.current is not None and page.step.key != view.current
            if moved_on and (advance or page.step.key == old):
                self.next()

        DbOp(self, lambda: incident_views.get_incident(incident_id)).success(fresh).run()

    def _redraw_side(self) -> None:
        lines = []
        for step in self.view.path:
            title = tr_data("Plan", step.title)
            if step.key in self.view.flow.done:
                mark = self.view.flow.done[step.key]
                lines.append(
                    f"<span style='color:#2e7d32'>✔ {title}<br/>&nbsp;&nbsp;<small>{mark.by} {short_local(mark.at)}</small></span>"
                )
            elif step.key in self.view.flow.skipped:
                lines.append(f"<span style='color:#888'>– {title}</span>")
            elif step.key == self.view.current:
                lines.append(f"<b style='color:#1565c0'>▶ {title}</b>")
            else:
                lines.append(f"<span style='color:#555'>○ {title}</span>")
        self._redraw_timeline()
        finished, total = progress(self.view.steps, self.view.flow)
        head = (
            self.tr("进度：{done}/{total}").format(done=finished, total=total)
            if self.view.flow.symptom
            else self.tr("先选出发生的情况")
        )
        self.steps_label.setText(f"<b>{head}</b><br/>" + "<br/>".join(lines))
        self.withdraw_button.setVisible(incidents.can_withdraw(self.view))

    def withdraw(self) -> None:
        """Withdraw a false alarm: one clear question, a reason already chosen, one button."""
        parts = [
            self.tr("确定这是误报吗？"),
            self.tr(
                "撤销后，这次事件记为“误报已撤销”，连同原因、您的名字和时间留在事件登记簿中，"
                "不会删除；各柜台上的应急提示消失。"
            ),
        ]
        if "outage" in self.view.flow.done and not self.view.drill:
            parts.append(self.tr("停机登记模式会结束；已经登记的开票申请仍留在开票台，照常处理。"))
        parts.append(self.tr("如果系统确实有问题，请点“不撤销，继续处理”。"))
        dialog = ReasonDialog(
            self.tr("撤销应急事件（误报）"),
            "\n\n".join(parts),
            [
                self.tr("误按了 F9"),
                self.tr("系统正常，是误报"),
                self.tr("故障很快自行恢复，不影响开票"),
            ],
            self.tr("确认撤销（误报）"),
            self.tr("不撤销，继续处理"),
            self,
        )
        dialog.setObjectName("withdrawDialog")
        incident_id, actor = self.view.id, self.actor

        def withdrawn(view: incident_views.IncidentView) -> None:
            self.view = view
            dialog.finished_ok()
            self.changed.emit()
            self.accept()

        def handler(reason: str) -> None:
            DbOp(self, lambda: incidents.withdraw_incident(incident_id, reason, actor)).success(
                withdrawn
            ).failure(dialog.refused).run()

        dialog.handler = handler
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.withdraw_dialog = dialog
        dialog.open()

    def nextId(self) -> int:
        page = self.currentPage()
        key = page.step.key if isinstance(page, StepPage) else None
        if self.view.current is None:
            return -1
        if key != self.view.current:
            return self.ids[self.view.current]
        following = [s.key for s in self.view.path]
        later = following[following.index(key) + 1 :] if key in following else []
        return self.ids[later[0]] if later else -1

    def step_done(self, view: incident_views.IncidentView) -> None:
        self.view = view
        self._redraw_side()
        self.changed.emit()
        page = self.currentPage()
        if isinstance(page, StepPage):
            page.initializePage()
            page.completeChanged.emit()
        if view.current is not None:
            self.next()

    def add_note(self) -> None:
        text = self.note.text()
        if not text.strip():
            return
        incident_id, actor = self.view.id, self.actor

        def added(event: incident_views.EventView) -> None:
            self.note.clear()
            self.last_note.setText(self.tr("已记下：{text}").format(text=event.text))
            self.reload()

        DbOp(self, lambda: incidents.add_note(incident_id, text, actor)).success(added).run()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._leave()
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self._leave()
        super().done(result)

    def _leave(self) -> None:
        QSettings().setValue(GEOMETRY_KEY, self.saveGeometry())
        self.changed.emit()
