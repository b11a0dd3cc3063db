"""The base page of the incident wizard: one plan step, its instruction, who does it, one button.

Each step's own fields are added by a subclass (gui/incident_pages_*.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from invoicedesk.core.clock import to_local
from invoicedesk.core.i18n import translate
from invoicedesk.core.incident_flow import PlanStep
from invoicedesk.core.plan_defaults import ROLES
from invoicedesk.gui.errors import show_error
from invoicedesk.gui.worker import DbOp
from invoicedesk.services import incident_views, incidents
from invoicedesk.services.errors import ServiceError, ValidationFailed

if TYPE_CHECKING:
    from invoicedesk.gui.incident_wizard import IncidentWizard


DRILL_COLOUR = "#b85c00"


def tr_data(context: str, text: str) -> str:
    """Text that arrives as data (plan steps, check titles), in the context it was marked in."""
    return translate(context, text)


def short_local(stamp: str) -> str:
    return f"{to_local(stamp):%m-%d %H:%M}" if stamp else ""


class StepPage(QWizardPage):
    """One step of the plan. Subclasses add the fields the step records."""

    def __init__(self, wizard: IncidentWizard, step: PlanStep) -> None:
        super().__init__()
        self.wiz = wizard
        self.step = step
        self.setObjectName(f"page_{step.key}")
        outer = QVBoxLayout(self)
        outer.setSpacing(10)
        self.drill_label = QLabel(
            self.tr("应急演练：这是练习，不会改动任何真实发票、开票申请或停机状态")
        )
        self.drill_label.setObjectName("drillLabel")
        self.drill_label.setStyleSheet(
            f"background:{DRILL_COLOUR};color:white;padding:6px;font-weight:bold;font-size:15px"
        )
        self.drill_label.setVisible(wizard.view.drill)
        outer.addWidget(self.drill_label)
        self.heading = QLabel()
        self.heading.setObjectName("stepHeading")
        font = QFont(self.font())
        font.setPointSize(20)
        font.setBold(True)
        self.heading.setFont(font)
        outer.addWidget(self.heading)
        self.instruction = QLabel(tr_data("Plan", step.instruction) or tr_data("Plan", step.title))
        self.instruction.setObjectName("instruction")
        self.instruction.setWordWrap(True)
        self.instruction.setStyleSheet("font-size:17px")
        outer.addWidget(self.instruction)
        self.who = QLabel()
        self.who.setObjectName("whoToCall")
        self.who.setWordWrap(True)
        self.who.setStyleSheet("font-size:17px;color:#0b5394;font-weight:bold")
        outer.addWidget(self.who)
        self.body = QVBoxLayout()
        outer.addLayout(self.body, 1)
        self.error = QLabel()
        self.error.setObjectName("stepError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#c0392b;font-size:15px;font-weight:bold")
        outer.addWidget(self.error)
        row = QHBoxLayout()
        self.done_label = QLabel()
        self.done_label.setObjectName("doneLabel")
        self.done_label.setStyleSheet("color:#2e7d32;font-size:15px")
        row.addWidget(self.done_label, 1)
        self.skip_button = QPushButton(self.tr("跳过此步"))
        self.skip_button.setObjectName("skipButton")
        self.skip_button.setVisible(not step.required)
        self.skip_button.clicked.connect(self._skip)
        row.addWidget(self.skip_button)
        self.done_button = QPushButton(self.button_text())
        self.done_button.setObjectName("doneButton")
        self.done_button.setMinimumHeight(48)
        self.done_button.setStyleSheet(
            "QPushButton{font-size:18px;font-weight:bold;padding:6px 24px;background:#1565c0;"
            "color:white;border-radius:4px}QPushButton:disabled{background:#9e9e9e}"
        )
        # Not the dialog's default: Enter in a field (an invoice number, a note) must not
        # complete the step. With the focus on it (where each page puts it), Enter presses it.
        self.done_button.setAutoDefault(True)
        self.done_button.clicked.connect(self.submit)
        row.addWidget(self.done_button)
        outer.addLayout(row)
        self.build()

    # ------------------------------------------------------------ for subclasses

    def button_text(self) -> str:
        return self.tr("完成这一步，继续")

    def build(self) -> None:
        """Add the step's own fields to ``self.body``."""

    def record(self) -> dict[str, Any]:
        return {}

    def refresh(self) -> None:
        """The incident changed (e.g. invoices were added): redraw what depends on it."""

    # ------------------------------------------------------------ shared

    def role_line(self, role: str) -> str:
        if not role:
            return ""
        person = self.wiz.plan.role(role)
        name = person.name or self.tr("（预案中未填写）")
        text = self.tr("负责：{role} {name}").format(
            role=tr_data("Plan", ROLES.get(role, role)), name=name
        )
        if person.phone:
            text += self.tr("　电话 {phone}").format(phone=person.phone)
        return text

    def initializePage(self) -> None:
        view = self.wiz.view
        on_path = [s.key for s in view.path]
        number = on_path.index(self.step.key) + 1 if self.step.key in on_path else 0
        title = tr_data("Plan", self.step.title)
        self.heading.setText(
            self.tr("第 {n} 步：{title}").format(n=number, title=title) if number else title
        )
        self.setTitle("")
        who = self.role_line(self.step.role)
        if self.step.minutes:
            who += ("　" if who else "") + self.tr("约 {m} 分钟").format(m=self.step.minutes)
        self.who.setText(who)
        self.who.setVisible(bool(who))
        self.error.clear()
        mark = view.flow.done.get(self.step.key) or view.flow.skipped.get(self.step.key)
        finished = mark is not None
        if mark is not None:
            verb = self.tr("已完成") if self.step.key in view.flow.done else self.tr("已跳过")
            self.done_label.setText(
                self.tr("{verb}：{by}，{at}").format(verb=verb, by=mark.by, at=short_local(mark.at))
            )
        else:
            self.done_label.clear()
        self.done_button.setEnabled(not finished and view.current == self.step.key)
        self.skip_button.setEnabled(not finished)
        self.refresh()
        if self.done_button.isEnabled():
            self.done_button.setFocus()

    def isComplete(self) -> bool:
        flow = self.wiz.view.flow
        return self.step.key in flow.done or self.step.key in flow.skipped

    def submit(self) -> None:
        self.error.clear()
        record = self.record()
        key, incident_id, actor = self.step.key, self.wiz.view.id, self.wiz.actor
        self.done_button.setEnabled(False)
        DbOp(self, lambda: incidents.complete_step(incident_id, key, record, actor)).success(
            self.wiz.step_done
        ).failure(self.failed).run()

    def _skip(self) -> None:
        key, incident_id, actor = self.step.key, self.wiz.view.id, self.wiz.actor
        DbOp(self, lambda: incidents.skip_step(incident_id, key, actor)).success(
            self.wiz.step_done
        ).failure(self.failed).run()

    def failed(self, exc: Exception) -> None:
        self.done_button.setEnabled(True)
        if isinstance(exc, ServiceError):
            self.error.setText(str(exc.message))
            if isinstance(exc, ValidationFailed) and any(p.field == "step" for p in exc.problems):
                self.wiz.reload(advance=True)  # someone else may have done it meanwhile
        else:
            show_error(self, exc)

    def run(self, fn: Any, then: Any = None) -> None:
        """Database work for this page's own buttons; afterwards the incident is re-read."""
        incident_id = self.wiz.view.id

        def work() -> Any:
            result = fn()
            return result, incident_views.get_incident(incident_id)

        def done(pair: Any) -> None:
            result, view = pair
            self.wiz.view = view
            self.refresh()
            if then is not None:
                then(result)

        DbOp(self, work).success(done).failure(self.failed).run()
