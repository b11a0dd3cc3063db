"""The incident wizard: a QWizard that only renders core.incident_flow, one page per plan step.

Each page says in large type what to do now, who does it and their phone number, and has one
obvious button that records the step (time and person) and moves on. The flow, the rules and the
records live in services.incidents; closing the window keeps the incident open, and opening it
again resumes at the same step.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QByteArray, QDate, QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from invoicedesk.core import clock
from invoicedesk.core.changes import Changes
from invoicedesk.core.clock import to_local
from invoicedesk.core.i18n import translate
from invoicedesk.core.incident_flow import PlanStep, progress
from invoicedesk.core.money import format_money
from invoicedesk.core.plan_defaults import NOTICE_HINTS, ROLES, SEVERITIES, SYMPTOMS
from invoicedesk.gui.errors import show_error
from invoicedesk.gui.worker import DbOp, connect_changes
from invoicedesk.services import (
    case_links,
    incident_contacts,
    incident_items,
    incident_views,
    incidents,
)
from invoicedesk.services.errors import ServiceError, ValidationFailed
from invoicedesk.services.plan import Plan
from invoicedesk.services.system_checks import CHECK_TITLES

DRILL_COLOUR = "#b85c00"
GEOMETRY_KEY = "incident_wizard/geometry"
TIMELINE_LINES = 8


def _t(context: str, text: str) -> str:
    return translate(context, text)


def _local(stamp: str) -> str:
    return f"{to_local(stamp):%m-%d %H:%M}" if stamp else ""


class ReasonDialog(QDialog):
    """A short, clear question with reasons to pick (the first already chosen) or type.

    For a stressed person: one click on the big button confirms; the other button goes back
    without changing anything. A refusal from the service is shown here, not in another box.
    """

    def __init__(
        self,
        title: str,
        text: str,
        reasons: list[str],
        confirm: str,
        keep: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reasonDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        question = QLabel(text)
        question.setObjectName("reasonText")
        question.setWordWrap(True)
        question.setStyleSheet("font-size:16px")
        question.setMinimumWidth(480)
        layout.addWidget(question)
        layout.addWidget(QLabel(self.tr("原因（可选一个，也可以自己写）：")))
        self.reason = QComboBox()
        self.reason.setObjectName("reason")
        self.reason.setEditable(True)
        self.reason.addItems(reasons)
        self.reason.setCurrentIndex(0)
        layout.addWidget(self.reason)
        self.error = QLabel()
        self.error.setObjectName("reasonError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#c0392b;font-weight:bold")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.confirm = buttons.addButton(confirm, QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm.setObjectName("confirmReason")
        self.confirm.setMinimumHeight(40)
        self.confirm.setStyleSheet("font-size:15px;font-weight:bold;padding:4px 16px")
        self.keep = buttons.addButton(keep, QDialogButtonBox.ButtonRole.RejectRole)
        self.keep.setObjectName("keepGoing")
        buttons.accepted.connect(self._confirm)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.handler: Any = None  # called with the reason; it calls ``finished_ok`` or ``refused``
        self.reason.setFocus()
        # A wrapped label's height follows its width: lay out once the width is known.
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)
        self.adjustSize()

    def text(self) -> str:
        return self.reason.currentText().strip()

    def _confirm(self) -> None:
        if not self.text():
            self.error.setText(self.tr("请写明原因"))
            return
        self.error.clear()
        if self.handler is None:
            self.accept()
            return
        self.confirm.setEnabled(False)
        self.handler(self.text())

    def finished_ok(self, _result: Any = None) -> None:
        self.accept()

    def refused(self, exc: Exception) -> None:
        self.confirm.setEnabled(True)
        if isinstance(exc, ServiceError):
            self.error.setText(str(exc.message))
        else:
            show_error(self, exc)


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
        self.instruction = QLabel(_t("Plan", step.instruction) or _t("Plan", step.title))
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
            role=_t("Plan", ROLES.get(role, role)), name=name
        )
        if person.phone:
            text += self.tr("　电话 {phone}").format(phone=person.phone)
        return text

    def initializePage(self) -> None:
        view = self.wiz.view
        on_path = [s.key for s in view.path]
        number = on_path.index(self.step.key) + 1 if self.step.key in on_path else 0
        title = _t("Plan", self.step.title)
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
                self.tr("{verb}：{by}，{at}").format(verb=verb, by=mark.by, at=_local(mark.at))
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


class SymptomPage(StepPage):
    def build(self) -> None:
        self.group = QButtonGroup(self)
        for key, text in SYMPTOMS.items():
            button = QRadioButton(_t("Plan", text))
            button.setObjectName(f"symptom_{key}")
            button.setStyleSheet("font-size:17px;padding:4px")
            self.group.addButton(button)
            button.setProperty("key", key)
            self.body.addWidget(button)
        self.body.addStretch(1)

    def initializePage(self) -> None:
        super().initializePage()
        chosen = self.wiz.view.symptom
        for button in self.group.buttons():
            button.setChecked(button.property("key") == chosen)
            button.setEnabled(not chosen)
        if not chosen:
            self.group.buttons()[0].setFocus()

    def record(self) -> dict[str, Any]:
        checked = self.group.checkedButton()
        return {"symptom": checked.property("key") if checked else ""}


class ChecksPage(StepPage):
    def build(self) -> None:
        self.run_button = QPushButton(self.tr("开始检查"))
        self.run_button.setObjectName("runChecks")
        self.run_button.setStyleSheet("font-size:16px;padding:6px 16px")
        self.run_button.clicked.connect(self._run_checks)
        self.body.addWidget(self.run_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.results = QLabel(self.tr("还没有检查。"))
        self.results.setObjectName("checkResults")
        self.results.setWordWrap(True)
        self.results.setStyleSheet("font-size:15px")
        self.body.addWidget(self.results)
        hints = QLabel(_t("Plan", NOTICE_HINTS))
        hints.setWordWrap(True)
        hints.setStyleSheet("font-size:14px;color:#555")
        self.body.addWidget(hints)
        self.body.addStretch(1)
        self._summary: list[dict[str, Any]] = []

    def _run_checks(self) -> None:
        self.run_button.setEnabled(False)
        self.results.setText(self.tr("正在检查，请稍候…"))
        incident_id, actor = self.wiz.view.id, self.wiz.actor
        self.run(lambda: incidents.run_quick_checks(incident_id, actor), self._show)

    def _show(self, results: list[Any]) -> None:
        self.run_button.setEnabled(True)
        lines = []
        self._summary = []
        for r in results:
            mark = "✔" if r.ok else "✘"
            title = _t("Check", CHECK_TITLES.get(r.name, r.name))
            lines.append(f"{mark} {title}：{r.text}")
            self._summary.append({"name": r.name, "ok": r.ok})
        self.results.setText("\n".join(lines))

    def submit(self) -> None:
        if self._summary:
            super().submit()
            return
        # Nobody pressed "开始检查": run the checks first, so the log always has them.
        self.done_button.setEnabled(False)
        self.results.setText(self.tr("正在检查，请稍候…"))
        incident_id, actor = self.wiz.view.id, self.wiz.actor

        def then(results: list[Any]) -> None:
            self._show(results)
            super(ChecksPage, self).submit()

        self.run(lambda: incidents.run_quick_checks(incident_id, actor), then)

    def record(self) -> dict[str, Any]:
        return {"results": self._summary}


class DeclarePage(StepPage):
    def button_text(self) -> str:
        return self.tr("启动应急预案")

    def build(self) -> None:
        self.group = QButtonGroup(self)
        for key, text in SEVERITIES.items():
            button = QRadioButton(_t("Plan", text))
            button.setObjectName(f"severity_{key}")
            button.setStyleSheet("font-size:16px")
            button.setProperty("key", key)
            self.group.addButton(button)
            self.body.addWidget(button)
        self.description = QLineEdit()
        self.description.setObjectName("description")
        self.description.setPlaceholderText(self.tr("简单说明看到的情况（可不填）"))
        self.body.addWidget(self.description)
        self.body.addStretch(1)

    def record(self) -> dict[str, Any]:
        checked = self.group.checkedButton()
        return {
            "severity": checked.property("key") if checked else "",
            "description": self.description.text().strip(),
        }


class OutagePage(StepPage):
    def button_text(self) -> str:
        if self.wiz.view.drill:
            return self.tr("演练：记录“已切换”")
        return self.tr("切换到手工登记")

    def build(self) -> None:
        note = QLabel(self.tr("切换后，所有柜台都会显示“停机登记中”，收银员改为登记开票申请。"))
        note.setWordWrap(True)
        note.setStyleSheet("font-size:15px")
        self.body.addWidget(note)
        self.body.addStretch(1)


class NotifyPage(StepPage):
    def button_text(self) -> str:
        return self.tr("已通知负责人")

    def build(self) -> None:
        person = self.wiz.plan.role("in_charge")
        self.call = QLabel(
            self.tr("请拨打 {phone}").format(phone=person.phone)
            if person.phone
            else self.tr("预案中没有负责人电话：请填写您通知的人和电话")
        )
        self.call.setObjectName("callNumber")
        self.call.setStyleSheet("font-size:26px;font-weight:bold;color:#0b5394")
        self.body.addWidget(self.call)
        form = QFormLayout()
        self.person = QLineEdit(person.name)
        self.person.setObjectName("person")
        self.phone = QLineEdit(person.phone)
        self.phone.setObjectName("phone")
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText(self.tr("例如：已接通，负责人马上到店"))
        form.addRow(self.tr("通知了谁"), self.person)
        form.addRow(self.tr("电话"), self.phone)
        form.addRow(self.tr("说明"), self.note)
        self.body.addLayout(form)
        self.body.addStretch(1)

    def record(self) -> dict[str, Any]:
        return {
            "person": self.person.text().strip(),
            "phone": self.phone.text().strip(),
            "note": self.note.text().strip(),
        }


class CollectPage(StepPage):
    """Affected invoices: by time window, open requests, and ones customers reported missing."""

    def build(self) -> None:
        grid = QGridLayout()
        self.date_from = QDateEdit()
        self.date_from.setObjectName("dateFrom")
        self.date_to = QDateEdit()
        self.date_to.setObjectName("dateTo")
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        add_window = QPushButton(self.tr("加入这段时间开出的发票"))
        add_window.setObjectName("addWindow")
        add_window.clicked.connect(self._add_window)
        self.window_row = [
            QLabel(self.tr("从")),
            self.date_from,
            QLabel(self.tr("到")),
            self.date_to,
        ]
        for column, widget in enumerate(self.window_row):
            grid.addWidget(widget, 0, column)
        grid.addWidget(add_window, 0, 4)
        self.window_row.append(add_window)
        self.number = QLineEdit()
        self.number.setObjectName("missingNumber")
        self.number.setPlaceholderText(self.tr("客户说查不到的发票号码"))
        self.number.returnPressed.connect(self._mark_missing)
        mark = QPushButton(self.tr("标记为客户反映查不到"))
        mark.setObjectName("markMissing")
        mark.clicked.connect(self._mark_missing)
        grid.addWidget(self.number, 1, 0, 1, 4)
        grid.addWidget(mark, 1, 4)
        add_requests = QPushButton(self.tr("加入停机期间登记的开票申请"))
        add_requests.setObjectName("addRequests")
        add_requests.clicked.connect(self._add_requests)
        grid.addWidget(add_requests, 2, 4)
        self.window_row.append(add_requests)
        self.body.addLayout(grid)
        self.count = QLabel()
        self.count.setObjectName("affectedCount")
        self.count.setStyleSheet("font-size:16px;font-weight:bold")
        self.body.addWidget(self.count)
        self.items = QListWidget()
        self.items.setObjectName("affectedList")
        self.body.addWidget(self.items, 1)

    def initializePage(self) -> None:
        start = (
            to_local(self.wiz.view.started_at).date() if self.wiz.view.started_at else clock.today()
        )
        self.date_from.setDate(QDate(start.year, start.month, start.day))
        today = clock.today()
        self.date_to.setDate(QDate(today.year, today.month, today.day))
        super().initializePage()

    def refresh(self) -> None:
        items = self.wiz.view.items
        invoices = sum(1 for i in items if i.kind == "invoice")
        requests = len(items) - invoices
        self.count.setText(
            self.tr("已收集：发票 {invoices} 张，开票申请 {requests} 笔").format(
                invoices=invoices, requests=requests
            )
        )
        self.items.clear()
        for i in items[:500]:
            kind = self.tr("发票") if i.kind == "invoice" else self.tr("申请")
            missing = self.tr("（客户反映查不到）") if i.reason == "reported_missing" else ""
            self.items.addItem(
                f"{kind} {i.label}　{i.buyer_name}　{format_money(i.total)}{missing}"
            )

    def _add_window(self) -> None:
        start: date = self.date_from.date().toPython()  # type: ignore[assignment]
        end: date = self.date_to.date().toPython()  # type: ignore[assignment]
        incident_id, actor = self.wiz.view.id, self.wiz.actor
        self.run(lambda: incident_items.add_invoices_in_window(incident_id, start, end, actor))

    def _add_requests(self) -> None:
        incident_id, actor = self.wiz.view.id, self.wiz.actor
        self.run(lambda: incident_items.add_open_requests(incident_id, actor))

    def _mark_missing(self) -> None:
        number = self.number.text()
        if not number.strip():
            return
        incident_id, actor = self.wiz.view.id, self.wiz.actor
        self.run(
            lambda: incident_items.mark_reported_missing(incident_id, number, actor),
            lambda _item: self.number.clear(),
        )

    def record(self) -> dict[str, Any]:
        return {"items": len(self.wiz.view.items)}


class VerifyPage(CollectPage):
    """Issued but not found: first pin down the invoices the customers are asking about."""

    def build(self) -> None:
        super().build()
        for widget in self.window_row:  # the time window comes later, in "collect"
            widget.hide()

    def initializePage(self) -> None:
        super().initializePage()
        if self.done_button.isEnabled() and not self.wiz.view.items:
            self.number.setFocus()

    def record(self) -> dict[str, Any]:
        missing = sum(1 for i in self.wiz.view.items if i.reason == "reported_missing")
        return {"reported_missing": missing}


class CustomersPage(StepPage):
    def button_text(self) -> str:
        return self.tr("客户都已联系，继续")

    def build(self) -> None:
        top = QHBoxLayout()
        self.buyers = QListWidget()
        self.buyers.setObjectName("buyerList")
        self.buyers.currentRowChanged.connect(self._show_message)
        top.addWidget(self.buyers, 2)
        right = QVBoxLayout()
        form = QFormLayout()
        self.sender_edit = QLineEdit(self.wiz.actor)
        self.sender_edit.setObjectName("sender")
        self.promise = QLineEdit(self.tr("明天下班前"))
        self.promise.setObjectName("promise")
        self.sender_edit.textEdited.connect(lambda _t: self._show_message(self.buyers.currentRow()))
        self.promise.textEdited.connect(lambda _t: self._show_message(self.buyers.currentRow()))
        form.addRow(self.tr("联系人（您）"), self.sender_edit)
        form.addRow(self.tr("承诺交付时间"), self.promise)
        right.addLayout(form)
        self.message = QPlainTextEdit()
        self.message.setObjectName("customerMessage")
        right.addWidget(self.message, 1)
        row = QHBoxLayout()
        copy = QPushButton(self.tr("复制消息"))
        copy.setObjectName("copyMessage")
        copy.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(self.message.toPlainText())
        )
        self.channel = QComboBox()
        self.channel.setObjectName("channel")
        for channel in (
            self.tr("电话"),
            self.tr("短信"),
            self.tr("微信"),
            self.tr("邮件"),
            self.tr("当面"),
        ):
            self.channel.addItem(channel)
        self.note = QLineEdit()
        self.note.setObjectName("contactNote")
        self.note.setPlaceholderText(self.tr("客户怎么说"))
        contacted = QPushButton(self.tr("记录：已联系这位客户"))
        contacted.setObjectName("recordContact")
        contacted.clicked.connect(self._record_contact)
        unreachable = QPushButton(self.tr("记录：联系不上…"))
        unreachable.setObjectName("recordUnreachable")
        unreachable.setToolTip(self.tr("试过但联系不上时，写明原因记下来，这一步才能完成"))
        unreachable.clicked.connect(self._record_unreachable)
        row.addWidget(copy)
        row.addWidget(self.channel)
        row.addWidget(self.note, 1)
        row.addWidget(contacted)
        row.addWidget(unreachable)
        right.addLayout(row)
        self.tally = QLabel()
        self.tally.setObjectName("contactTally")
        self.tally.setStyleSheet("font-size:15px;font-weight:bold")
        right.addWidget(self.tally)
        # Customer cases: a real case for the selected customer (services.case_links).
        self.case_button = QPushButton(self.tr("建立客户工单"))
        self.case_button.setObjectName("openCustomerCase")
        self.case_button.setVisible(not self.wiz.view.drill)
        self.case_button.clicked.connect(self._open_case)
        right.addWidget(self.case_button, 0, Qt.AlignmentFlag.AlignRight)
        top.addLayout(right, 3)
        self.body.addLayout(top, 1)
        self._buyers: list[incident_views.AffectedBuyer] = []

    def refresh(self) -> None:
        incident_id = self.wiz.view.id
        DbOp(self, lambda: incident_contacts.affected_buyers(incident_id)).success(self._fill).run()

    def _fill(self, buyers: list[incident_views.AffectedBuyer]) -> None:
        row = max(0, self.buyers.currentRow())
        same = bool(self._buyers) and [b.name for b in buyers] == [b.name for b in self._buyers]
        self._buyers = buyers
        # Redrawing the ticks must not throw away a message the person has edited.
        self.buyers.blockSignals(True)
        self.buyers.clear()
        # lupdate does not read inside f-strings: translated words are taken out first.
        no_contact = self.tr("无联系方式")
        unreachable = self.tr("联系不上")
        for b in buyers:
            mark = "✔ " if b.contacted else ("✘ " if b.unreachable else "☐ ")
            how = f"{unreachable}：{b.unreachable}" if mark == "✘ " else b.phone or b.email
            self.buyers.addItem(f"{mark}{b.name}　{how or no_contact}")
        contacted = sum(1 for b in buyers if b.contacted)
        excused = sum(1 for b in buyers if not b.contacted and b.unreachable)
        waiting = len(buyers) - contacted - excused
        self.tally.setText(
            self.tr("已联系 {contacted} 位，联系不上 {excused} 位，还有 {waiting} 位没联系").format(
                contacted=contacted, excused=excused, waiting=waiting
            )
        )
        self.tally.setStyleSheet(
            "font-size:15px;font-weight:bold;color:" + ("#c0392b" if waiting else "#2e7d32")
        )
        if buyers:
            self.buyers.setCurrentRow(min(row, len(buyers) - 1))
        self.buyers.blockSignals(False)
        if not same or not self.message.toPlainText():
            self._show_message(self.buyers.currentRow())

    def _show_message(self, row: int) -> None:
        if not 0 <= row < len(self._buyers):
            self.message.clear()
            return
        buyer, incident_id = self._buyers[row], self.wiz.view.id
        sender, promise = self.sender_edit.text().strip(), self.promise.text().strip()
        DbOp(
            self,
            lambda: incident_contacts.customer_message(
                incident_id, buyer, sender=sender, promise=promise
            ),
        ).success(self.message.setPlainText).run()

    def _record_contact(self) -> None:
        row = self.buyers.currentRow()
        if not 0 <= row < len(self._buyers):
            return
        buyer, incident_id, actor = self._buyers[row], self.wiz.view.id, self.wiz.actor
        channel, note = self.channel.currentText(), self.note.text()
        message = self.message.toPlainText()

        def work() -> Any:
            return incident_contacts.record_customer_contact(
                incident_id,
                buyer.name,
                phone=buyer.phone,
                channel=channel,
                message=message,
                note=note,
                actor=actor,
            )

        self.run(work, lambda _c: self.note.clear())

    def _record_unreachable(self) -> None:
        row = self.buyers.currentRow()
        if not 0 <= row < len(self._buyers):
            return
        buyer, incident_id, actor = self._buyers[row], self.wiz.view.id, self.wiz.actor
        dialog = ReasonDialog(
            self.tr("联系不上客户"),
            self.tr(
                "记下：{name} 联系不上。写明试过什么、为什么联系不上；之后联系上了，再点“记录：已联系这位客户”。"
            ).format(name=buyer.name),
            [
                self.tr("电话无人接听，已发短信"),
                self.tr("没有留联系方式"),
                self.tr("电话号码是空号或错误"),
            ],
            self.tr("记录：联系不上"),
            self.tr("取消"),
            self,
        )
        dialog.setObjectName("unreachableDialog")

        def handler(reason: str) -> None:
            def work() -> Any:
                return incident_contacts.record_customer_unreachable(
                    incident_id, buyer.name, reason=reason, actor=actor
                )

            def done(pair: Any) -> None:
                self.wiz.view = pair[1]
                self.refresh()
                dialog.finished_ok()

            DbOp(self, lambda: (work(), incident_views.get_incident(incident_id))).success(
                done
            ).failure(dialog.refused).run()

        dialog.handler = handler
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.reason_dialog = dialog
        dialog.open()

    def _open_case(self) -> None:
        row = self.buyers.currentRow()
        if not 0 <= row < len(self._buyers):
            return
        buyer, incident_id, actor = self._buyers[row], self.wiz.view.id, self.wiz.actor

        def opened(view: Any) -> None:
            self.done_label.setText(self.tr("已建立客户工单 #{id}").format(id=view.id))

        self.run(lambda: case_links.open_case_from_incident(incident_id, buyer, actor), opened)

    def record(self) -> dict[str, Any]:
        return {
            "contacted": sum(1 for b in self._buyers if b.contacted),
            "buyers": len(self._buyers),
        }


class TaxOfficePage(StepPage):
    def button_text(self) -> str:
        return self.tr("已报告税务机关")

    def build(self) -> None:
        office = self.wiz.plan.contacts.get("tax_office")
        hotline = self.wiz.plan.contacts.get("tax_hotline")
        phones = []
        if office and office.phone:
            office_name = office.name or self.tr("主管税务机关")
            phones.append(f"{office_name} {office.phone}")
        hotline_name = self.tr("纳税服务热线")
        phones.append(f"{hotline_name} {hotline.phone if hotline else '12366'}")
        self.call = QLabel(self.tr("请拨打：") + "　".join(phones))
        self.call.setObjectName("callNumber")
        self.call.setWordWrap(True)
        self.call.setStyleSheet("font-size:22px;font-weight:bold;color:#0b5394")
        self.body.addWidget(self.call)
        self.body.addWidget(QLabel(self.tr("照着读：")))
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("taxSummary")
        self.summary.setReadOnly(True)
        self.summary.setStyleSheet("font-size:15px")
        self.body.addWidget(self.summary, 1)
        copy = QPushButton(self.tr("复制摘要"))
        copy.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(self.summary.toPlainText())
        )
        form = QFormLayout()
        self.spoke_to = QLineEdit()
        self.spoke_to.setObjectName("spokeTo")
        self.spoke_to.setPlaceholderText(self.tr("例如：海淀区税务局 李科员"))
        self.answer = QLineEdit()
        self.answer.setObjectName("answer")
        self.phone = QLineEdit(office.phone if office and office.phone else "12366")
        self.phone.setObjectName("taxPhone")
        form.addRow(self.tr("接听人"), self.spoke_to)
        form.addRow(self.tr("答复"), self.answer)
        form.addRow(self.tr("拨打的电话"), self.phone)
        form.addRow("", copy)
        self.body.addLayout(form)

    def refresh(self) -> None:
        incident_id, caller = self.wiz.view.id, self.wiz.actor
        DbOp(self, lambda: incident_contacts.tax_summary(incident_id, caller)).success(
            self.summary.setPlainText
        ).run()

    def record(self) -> dict[str, Any]:
        return {
            "spoke_to": self.spoke_to.text().strip(),
            "answer": self.answer.text().strip(),
            "phone": self.phone.text().strip(),
            "summary": self.summary.toPlainText(),
        }


class RecoveryPage(StepPage):
    def button_text(self) -> str:
        return self.tr("复核完成，恢复正常开票")

    def build(self) -> None:
        note = QLabel(
            self.tr(
                "1. 在柜台的“开票申请”中，把每一笔申请开成发票。\n"
                "2. 点下面的按钮：逐一复核受影响的发票和申请，并结束停机登记模式。"
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet("font-size:16px")
        self.body.addWidget(note)
        self.requests = QLabel()
        self.requests.setObjectName("requestTally")
        self.requests.setStyleSheet("font-size:15px;font-weight:bold")
        self.body.addWidget(self.requests)
        self.items = QListWidget()
        self.items.setObjectName("recheckList")
        self.body.addWidget(self.items, 1)

    def _show_outcome(self, o: incident_views.Outcome) -> None:
        self.requests.setText(
            self.tr("开票申请：已开票 {issued} 笔，已取消 {cancelled} 笔，未处理 {open} 笔").format(
                issued=o.requests_issued, cancelled=o.requests_cancelled, open=o.requests_open
            )
        )
        self.requests.setStyleSheet(
            "font-size:15px;font-weight:bold;color:" + ("#c0392b" if o.requests_open else "#2e7d32")
        )

    def refresh(self) -> None:
        self.items.clear()
        pending = self.tr("待复核")
        incident_id = self.wiz.view.id
        DbOp(self, lambda: incident_contacts.outcome(incident_id)).success(self._show_outcome).run()
        for i in self.wiz.view.items[:500]:
            self.items.addItem(f"{i.label}　{i.buyer_name}　{i.recheck or pending}")


class ClosePage(StepPage):
    ACTION_ROWS = 3

    def button_text(self) -> str:
        return self.tr("结案")

    def build(self) -> None:
        form = QFormLayout()
        self.cause = QPlainTextEdit()
        self.cause.setObjectName("cause")
        self.fix = QPlainTextEdit()
        self.fix.setObjectName("fix")
        self.lessons = QPlainTextEdit()
        self.lessons.setObjectName("lessons")
        for edit in (self.cause, self.fix, self.lessons):
            edit.setTabChangesFocus(True)
            edit.setMaximumHeight(60)
        form.addRow(self.tr("原因"), self.cause)
        form.addRow(self.tr("处理办法"), self.fix)
        form.addRow(self.tr("经验教训"), self.lessons)
        self.body.addLayout(form)
        self.body.addWidget(QLabel(self.tr("后续改进事项（事项、负责人、完成日期）：")))
        grid = QGridLayout()
        self.action_rows: list[tuple[QLineEdit, QLineEdit, QDateEdit]] = []
        due = clock.today()
        for n in range(self.ACTION_ROWS):
            text, owner, when = QLineEdit(), QLineEdit(), QDateEdit()
            text.setObjectName(f"actionText{n}")
            owner.setObjectName(f"actionOwner{n}")
            when.setObjectName(f"actionDue{n}")
            when.setCalendarPopup(True)
            when.setDisplayFormat("yyyy-MM-dd")
            when.setDate(QDate(due.year, due.month, due.day).addDays(14))
            grid.addWidget(text, n, 0)
            grid.addWidget(owner, n, 1)
            grid.addWidget(when, n, 2)
            self.action_rows.append((text, owner, when))
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 1)
        self.body.addLayout(grid)

    def record(self) -> dict[str, Any]:
        return {
            "cause": self.cause.toPlainText().strip(),
            "fix": self.fix.toPlainText().strip(),
            "lessons": self.lessons.toPlainText().strip(),
            "actions": [
                {
                    "text": text.text().strip(),
                    "owner": owner.text().strip(),
                    "due": when.date().toString("yyyy-MM-dd"),
                }
                for text, owner, when in self.action_rows
            ],
        }


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
                    (_t("Plan", s.title) for s in self.view.steps if s.key == e.step), e.step
                )
                what = f"{title} {what}".strip()
            self.timeline.addItem(f"{_local(e.ts)} {e.actor}：{what}")

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
            title = _t("Plan", step.title)
            if step.key in self.view.flow.done:
                mark = self.view.flow.done[step.key]
                lines.append(
                    f"<span style='color:#2e7d32'>✔ {title}<br/>&nbsp;&nbsp;<small>{mark.by} {_local(mark.at)}</small></span>"
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
