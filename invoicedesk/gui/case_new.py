"""新建客户工单: who complains, about what, how to reach them and what was promised.

Keyboard first: Tab through the fields, Ctrl+S (or the button) opens the case. What is typed is
kept as a draft (it survives closing the app) until the case is opened.
"""

from __future__ import annotations

import re
from datetime import timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from invoicedesk.core import case_flow as cf
from invoicedesk.core import clock
from invoicedesk.gui.case_common import DraftKeeper, iso_of, qt_datetime, tr_case
from invoicedesk.gui.errors import show_error
from invoicedesk.gui.worker import DbOp
from invoicedesk.services import case_changes, cases
from invoicedesk.services.errors import ValidationFailed

DEFAULT_PROMISE_HOURS = 24


class NewCaseDialog(QDialog):
    created = Signal(int)

    def __init__(self, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newCaseDialog")
        self.setWindowTitle(self.tr("新建客户工单"))
        self.actor = actor
        self.customer = QLineEdit()
        self.customer.setObjectName("customer")
        self.customer.setPlaceholderText(self.tr("例如：王女士、小米科技财务"))
        self.phone = QLineEdit()
        self.phone.setObjectName("phone")
        self.email = QLineEdit()
        self.email.setObjectName("email")
        self.other = QLineEdit()
        self.other.setObjectName("otherContact")
        self.other.setPlaceholderText(self.tr("微信号或其他联系方式"))
        self.channel = QComboBox()
        self.channel.setObjectName("channel")
        for key, label in cf.CHANNELS.items():
            self.channel.addItem(tr_case(label), key)
        self.complaint = QPlainTextEdit()
        self.complaint.setObjectName("complaint")
        self.complaint.setPlaceholderText(self.tr("客户的原话，例如：说发票在系统里查不到"))
        self.complaint.setTabChangesFocus(True)
        self.complaint.setFixedHeight(80)
        self.promised = QCheckBox(self.tr("已向客户承诺"))
        self.promised.setObjectName("promised")
        self.promised.setChecked(True)
        self.promised_at = QDateTimeEdit(
            qt_datetime(
                (clock.local_now() + timedelta(hours=DEFAULT_PROMISE_HOURS)).replace(
                    minute=0, second=0, microsecond=0, tzinfo=None
                )
            )
        )
        self.promised_at.setObjectName("promisedAt")
        self.promised_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.promised_at.setCalendarPopup(True)
        self.promised.toggled.connect(self.promised_at.setEnabled)
        self.invoices = QLineEdit()
        self.invoices.setObjectName("invoiceNumbers")
        self.invoices.setPlaceholderText(
            self.tr("发票号码（可留空，多个用逗号分隔；核实时也可关联）")
        )
        self.error = QLabel()
        self.error.setObjectName("newCaseError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#c62828")
        self.save_button = QPushButton(self.tr("建立工单（Ctrl+S）"))
        self.save_button.setObjectName("openCaseButton")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.submit)
        cancel = QPushButton(self.tr("关闭（保留草稿）"))
        cancel.clicked.connect(self.close)
        QShortcut(QKeySequence.StandardKey.Save, self, self.submit)

        form = QFormLayout()
        form.addRow(self.tr("客户"), self.customer)
        form.addRow(self.tr("电话"), self.phone)
        form.addRow(self.tr("邮箱"), self.email)
        form.addRow(self.tr("微信/其他"), self.other)
        form.addRow(self.tr("渠道"), self.channel)
        form.addRow(self.tr("客户反映"), self.complaint)
        promise_row = QHBoxLayout()
        promise_row.addWidget(self.promised)
        promise_row.addWidget(self.promised_at, 1)
        form.addRow(self.tr("承诺时间"), promise_row)
        form.addRow(self.tr("相关发票"), self.invoices)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.resize(560, 460)
        self._widgets = {
            "customer": self.customer,
            "phone": self.phone,
            "email": self.email,
            "other_contact": self.other,
            "channel": self.channel,
            "complaint": self.complaint,
            "promised": self.promised,
            "promised_at": self.promised_at,
            "invoices": self.invoices,
        }
        self.draft = DraftKeeper(self, actor, "new", self._widgets)
        DbOp(self, lambda: case_changes.load_draft(actor, "new")).success(self.draft.restore).run()

    def submit(self) -> None:
        self.error.clear()
        numbers = [n for n in re.split(r"[\s,，、;；]+", self.invoices.text()) if n]
        values = {
            "customer": self.customer.text(),
            "complaint": self.complaint.toPlainText(),
            "channel": self.channel.currentData(),
            "phone": self.phone.text(),
            "email": self.email.text(),
            "other_contact": self.other.text(),
            "promised_at": iso_of(self.promised_at) if self.promised.isChecked() else None,
        }
        actor = self.actor

        def work() -> cases.CaseView:
            view = cases.open_case(
                values["customer"],
                values["complaint"],
                values["channel"],
                actor,
                phone=values["phone"],
                email=values["email"],
                other_contact=values["other_contact"],
                promised_at=values["promised_at"],
                invoices=[("", n) for n in numbers],
            )
            case_changes.drop_draft(actor, "new")
            return view

        self.save_button.setEnabled(False)
        DbOp(self, work).success(self._opened).failure(self._failed).run()

    def _opened(self, view: cases.CaseView) -> None:
        self.draft.timer.stop()
        self.draft.restoring = True  # clearing the fields must not save an empty draft
        self.save_button.setEnabled(True)
        self.created.emit(view.id)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            fields = {
                "customer": self.customer,
                "complaint": self.complaint,
                "channel": self.channel,
                "phone": self.phone,
                "email": self.email,
                "other_contact": self.other,
                "promised_at": self.promised_at,
            }
            self.error.setText("\n".join(p.text() for p in exc.problems if p.is_error))
            first = exc.problems[0].field if exc.problems else ""
            widget = fields.get(first) or (self.invoices if first.startswith("invoices") else None)
            if widget is not None:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            show_error(self, exc)

    def keep_draft(self) -> None:
        if not self.draft.restoring:
            self.draft.save_now()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.keep_draft()
        super().closeEvent(event)

    def reject(self) -> None:
        self.keep_draft()
        super().reject()
