"""Incident wizard pages about who is affected: collecting the invoices and requests (and
verifying reported ones), then contacting each customer.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from invoicedesk.core import clock
from invoicedesk.core.clock import to_local
from invoicedesk.core.money import format_money
from invoicedesk.gui.incident_reason_dialog import ReasonDialog
from invoicedesk.gui.incident_step_page import StepPage
from invoicedesk.gui.worker import DbOp
from invoicedesk.services import (
    case_links,
    incident_contacts,
    incident_items,
    incident_views,
)


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
