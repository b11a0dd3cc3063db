"""Incident wizard pages for the last steps: reporting to the tax office, recovery and closing."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
)

from invoicedesk.core import clock
from invoicedesk.gui.incident_step_page import StepPage
from invoicedesk.gui.worker import DbOp
from invoicedesk.services import incident_contacts, incident_views


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
