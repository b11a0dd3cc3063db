"""One panel per step of the guided handling; the case window shows the current one.

Panels only render the case (services.cases.CaseView) and collect what a step records; the
rules (what each step needs, which conclusion asks for what) are core.case_flow's, reported back
as problems naming the field.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from invoicedesk.core import case_flow as cf
from invoicedesk.core.i18n import aside, colon
from invoicedesk.core.kinds import RED_REASONS
from invoicedesk.core.money import format_money, from_fen
from invoicedesk.gui.case_common import local, tr_case
from invoicedesk.gui.ledger_model import status_text
from invoicedesk.gui.worker import DbOp
from invoicedesk.services import case_changes, case_handling, requests
from invoicedesk.services.cases import (
    DELIVERY_CHANNELS,
    DELIVERY_STATUSES,
    CaseView,
    DeliveryView,
)

if TYPE_CHECKING:
    from invoicedesk.gui.case_window import CaseWindow


def _multiline(name: str, height: int) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


class Panel(QWidget):
    step = ""

    def __init__(self, window: CaseWindow) -> None:
        super().__init__(window)
        self.wnd = window
        self.setObjectName(f"panel_{self.step}")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.build()

    def build(self) -> None: ...

    def fields(self) -> dict[str, QWidget]:
        """Inputs kept in the case's draft, by name."""
        return {}

    def record(self) -> dict[str, Any]:
        return {}

    def show_view(self, view: CaseView) -> None: ...

    def entered(self) -> None:
        """The panel became the current step's."""

    def widget_for(self, field: str) -> QWidget | None:
        return self.fields().get(field)


class IdentifyPanel(Panel):
    step = "identify"

    def build(self) -> None:
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("invoiceSearch")
        self.search.setPlaceholderText(self.tr("电话、购买方名称、金额、日期或号码片段"))
        self.search.returnPressed.connect(self.find_requests)
        find = QPushButton(self.tr("查找"))
        find.setObjectName("findInvoices")
        find.clicked.connect(self.find_requests)
        top.addWidget(self.search, 1)
        top.addWidget(find)
        self.results = QListWidget()
        self.results.setObjectName("invoiceResults")
        self.results.setMaximumHeight(130)
        self.results.itemActivated.connect(lambda _i: self.link_selected())
        link = QPushButton(self.tr("关联所选发票"))
        link.setObjectName("linkInvoice")
        link.clicked.connect(self.link_selected)
        self.requests = QComboBox()
        self.requests.setObjectName("openRequests")
        link_request = QPushButton(self.tr("关联开票申请"))
        link_request.setObjectName("linkRequest")
        link_request.clicked.connect(self.link_request)
        self.linked = QListWidget()
        self.linked.setObjectName("linkedItems")
        self.linked.setMaximumHeight(90)
        unlink = QPushButton(self.tr("取消所选关联"))
        unlink.setObjectName("unlinkItem")
        unlink.clicked.connect(self.unlink)
        self.no_invoice = QCheckBox(self.tr("还没有开票（写下是哪次购买）"))
        self.no_invoice.setObjectName("noInvoice")
        self.purchase = QLineEdit()
        self.purchase.setObjectName("purchase")
        self.purchase.setPlaceholderText(self.tr("日期、金额、品名，例如：12月3日午餐 ¥128"))
        row = QHBoxLayout()
        row.addWidget(link)
        row.addStretch(1)
        row.addWidget(self.requests, 1)
        row.addWidget(link_request)
        linked_row = QHBoxLayout()
        linked_row.addWidget(self.linked, 1)
        linked_row.addWidget(unlink, 0, Qt.AlignmentFlag.AlignTop)
        for item in (top,):
            self.layout_.addLayout(item)
        self.layout_.addWidget(self.results)
        self.layout_.addLayout(row)
        self.layout_.addWidget(QLabel(self.tr("已关联：")))
        self.layout_.addLayout(linked_row)
        self.layout_.addWidget(self.no_invoice)
        self.layout_.addWidget(self.purchase)
        self.layout_.addStretch(1)
        self._found: list[Any] = []
        self._links: list[int] = []

    def fields(self) -> dict[str, QWidget]:
        return {"identify.search": self.search, "identify.purchase": self.purchase}

    def widget_for(self, field: str) -> QWidget | None:
        return {"invoices": self.search, "purchase": self.purchase, "phone": self.search}.get(field)

    def record(self) -> dict[str, Any]:
        return {"no_invoice": self.no_invoice.isChecked(), "purchase": self.purchase.text()}

    def entered(self) -> None:
        DbOp(self, lambda: requests.list_requests("open")).success(self._fill_requests).run()
        if not self.search.text():
            self.search.setText(self.wnd.view.phone or self.wnd.view.customer)

    def _fill_requests(self, found: list[Any]) -> None:
        self.requests.clear()
        for req in found:
            self.requests.addItem(
                f"#{req.id} {req.buyer_name} {req.phone} {format_money(req.total)}", req.id
            )

    def find_requests(self) -> None:  # not find(): QWidget.find() is Qt's own
        text = self.search.text().strip()
        if not text:
            return
        DbOp(self, lambda: case_handling.find_purchases(text)).success(self._show_found).run()

    def _show_found(self, rows: list[Any]) -> None:
        self._found = list(rows)
        self.results.clear()
        for row in self._found:
            status = status_text(row.status)
            self.results.addItem(
                f"{row.number}  {row.issue_date}  {row.buyer_name}  {format_money(row.total)}  {status}"
            )
        if self._found:
            self.results.setCurrentRow(0)

    def link_selected(self) -> None:
        row = self.results.currentRow()
        if not 0 <= row < len(self._found):
            return
        invoice_id, case_id, actor = self._found[row].id, self.wnd.case_id, self.wnd.actor
        self.wnd.run(lambda: case_changes.link_invoice_id(case_id, invoice_id, actor))

    def link_request(self) -> None:
        request_id = self.requests.currentData()
        if request_id is None:
            return
        case_id, actor = self.wnd.case_id, self.wnd.actor
        self.wnd.run(lambda: case_changes.link_request(case_id, int(request_id), actor))

    def unlink(self) -> None:
        row = self.linked.currentRow()
        if not 0 <= row < len(self._links):
            return
        link_id, case_id, actor = self._links[row], self.wnd.case_id, self.wnd.actor
        self.wnd.run(lambda: case_changes.unlink(case_id, link_id, actor))

    def show_view(self, view: CaseView) -> None:
        self.linked.clear()
        self._links = []
        for inv in view.invoices:
            self.linked.addItem(
                colon(tr_case(cf.INVOICE_ROLES[inv.role])) + f"{inv.number}  {inv.buyer_name}  "
                f"{format_money(from_fen(inv.total_fen))}  {status_text(inv.status)}"
            )
            self._links.append(inv.link_id)
        for link in view.links:
            self.linked.addItem(link.label)
            self._links.append(link.link_id)


class ApologisePanel(Panel):
    step = "apologise"

    def build(self) -> None:
        self.apology = _multiline("apology", 90)
        copy = QPushButton(self.tr("复制致歉话术"))
        copy.setObjectName("copyApology")
        copy.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(self.apology.toPlainText())
        )
        self.said = _multiline("said", 90)
        self.said.setPlaceholderText(self.tr("客户怎么说：诉求、要求、情绪（耐心倾听，如实记录）"))
        form = QFormLayout()
        form.addRow(self.tr("致歉"), self.apology)
        form.addRow("", copy)
        form.addRow(self.tr("客户说"), self.said)
        self.layout_.addLayout(form)
        self.layout_.addStretch(1)

    def fields(self) -> dict[str, QWidget]:
        return {"apologise.apology": self.apology, "apologise.said": self.said}

    def widget_for(self, field: str) -> QWidget | None:
        return {"apology": self.apology, "said": self.said}.get(field)

    def record(self) -> dict[str, Any]:
        return {"apology": self.apology.toPlainText(), "said": self.said.toPlainText()}

    def entered(self) -> None:
        if self.apology.toPlainText().strip():
            return
        case_id, actor = self.wnd.case_id, self.wnd.actor
        DbOp(self, lambda: case_handling.apology_text(case_id, actor)).success(
            self.apology.setPlainText
        ).run()


class CheckPanel(Panel):
    step = "check"

    def build(self) -> None:
        self.report = QPlainTextEdit()
        self.report.setObjectName("checkReport")
        self.report.setReadOnly(True)
        self.report.setFixedHeight(130)
        self.checked = QCheckBox(self.tr("已核对原始交易：金额、品名、税额"))
        self.checked.setObjectName("transactionChecked")
        self.conclusions = QButtonGroup(self)
        grid = QGridLayout()
        self.buttons: dict[str, QRadioButton] = {}
        for index, (key, label) in enumerate(cf.CONCLUSIONS.items()):
            button = QRadioButton(tr_case(label))
            button.setObjectName(f"conclusion_{key}")
            self.conclusions.addButton(button, index)
            self.buttons[key] = button
            grid.addWidget(button, index // 2, index % 2)
        self.explanation = QLineEdit()
        self.explanation.setObjectName("explanation")
        self.explanation.setPlaceholderText(self.tr("非本店发票时：向客户说明的内容"))
        self.note = QLineEdit()
        self.note.setObjectName("checkNote")
        self.note.setPlaceholderText(self.tr("备注（例如：购买方名称写错）"))
        self.layout_.addWidget(QLabel(self.tr("台账、对账和查验记录：")))
        self.layout_.addWidget(self.report)
        self.layout_.addWidget(self.checked)
        self.layout_.addLayout(grid)
        self.layout_.addWidget(self.explanation)
        self.layout_.addWidget(self.note)
        self.layout_.addStretch(1)

    def fields(self) -> dict[str, QWidget]:
        return {"check.explanation": self.explanation, "check.note": self.note}

    def widget_for(self, field: str) -> QWidget | None:
        return {
            "conclusion": self.buttons["found"],
            "transaction_checked": self.checked,
            "explanation": self.explanation,
        }.get(field)

    def conclusion(self) -> str:
        return next((k for k, b in self.buttons.items() if b.isChecked()), "")

    def record(self) -> dict[str, Any]:
        return {
            "conclusion": self.conclusion(),
            "transaction_checked": self.checked.isChecked(),
            "explanation": self.explanation.text(),
            "note": self.note.text(),
        }

    def entered(self) -> None:
        case_id = self.wnd.case_id
        DbOp(self, lambda: case_handling.check_report(case_id)).success(self._show_report).run()

    def _show_report(self, report: case_handling.CheckReport) -> None:
        lines = []
        for inv in report.invoices:
            lines.append(f"{tr_case(cf.INVOICE_ROLES[inv.role])} {inv.number}")
            lines += [f"  {inv.ledger}", f"  {inv.reconciliation}", f"  {inv.verification}"]
            if inv.chain:
                lines.append(f"  {inv.chain}")
        for req in report.requests:
            lines.append(aside(req.text, req.status))
        self.report.setPlainText("\n".join(lines) or self.tr("没有关联发票或开票申请"))


class DeliverPanel(Panel):
    step = "deliver"

    def build(self) -> None:
        columns = QHBoxLayout()
        left = QVBoxLayout()
        right = QVBoxLayout()
        columns.addLayout(left, 2)
        columns.addLayout(right, 3)
        self.layout_.addLayout(columns)

        self.fix = QGroupBox(self.tr("处理发票"))
        fix = QFormLayout(self.fix)
        self.fix_hint = QLabel()
        self.fix_hint.setObjectName("fixHint")
        self.fix_hint.setWordWrap(True)
        fix.addRow(self.fix_hint)
        self.request = QComboBox()
        self.request.setObjectName("issueRequest")
        self.number = QLineEdit()
        self.number.setObjectName("issuedNumber")
        self.number.setPlaceholderText(self.tr("平台开具的发票号码"))
        self.issue_button = QPushButton(self.tr("按申请登记开具的发票"))
        self.issue_button.setObjectName("issueFromRequest")
        self.issue_button.clicked.connect(self.issue)
        self.link_issued_button = QPushButton(self.tr("关联开票台已登记的发票"))
        self.link_issued_button.setObjectName("linkIssued")
        self.link_issued_button.clicked.connect(self.link_issued)
        self.reason = QComboBox()
        self.reason.setObjectName("redReason")
        for code, label in RED_REASONS.items():
            self.reason.addItem(f"{code} {QCoreApplication.translate('RedReason', label)}", code)
        self.red_number = QLineEdit()
        self.red_number.setObjectName("redNumber")
        self.red_number.setPlaceholderText(self.tr("红字发票号码"))
        self.red_button = QPushButton(self.tr("登记红冲"))
        self.red_button.setObjectName("redFlush")
        self.red_button.clicked.connect(self.red_flush)
        self.new_number = QLineEdit()
        self.new_number.setObjectName("reissueNumber")
        self.new_number.setPlaceholderText(self.tr("重开的发票号码"))
        self.reissue_button = QPushButton(self.tr("登记重开的发票"))
        self.reissue_button.setObjectName("reissue")
        self.reissue_button.clicked.connect(self.reissue)
        self.issue_rows = [self.request, self.number, self.issue_button, self.link_issued_button]
        self.wrong_rows = [
            self.reason,
            self.red_number,
            self.red_button,
            self.new_number,
            self.reissue_button,
        ]
        fix.addRow(self.tr("开票申请"), self.request)
        fix.addRow(self.tr("发票号码"), self.number)
        pair = QHBoxLayout()
        pair.addWidget(self.issue_button)
        pair.addWidget(self.link_issued_button)
        fix.addRow(pair)
        fix.addRow(self.tr("红冲原因"), self.reason)
        fix.addRow(self.tr("红字号码"), self.red_number)
        fix.addRow("", self.red_button)
        fix.addRow(self.tr("新号码"), self.new_number)
        fix.addRow("", self.reissue_button)
        left.addWidget(self.fix)

        confirm = QGroupBox(self.tr("交付结果"))
        box = QVBoxLayout(confirm)
        self.confirmations: dict[str, QRadioButton] = {}
        for key, label in cf.CONFIRMATIONS.items():
            button = QRadioButton(tr_case(label))
            button.setObjectName(f"confirmed_{key}")
            self.confirmations[key] = button
            box.addWidget(button)
        self.confirm_note = QLineEdit()
        self.confirm_note.setObjectName("deliverNote")
        self.confirm_note.setPlaceholderText(self.tr("客户的原话（拒收时必填）"))
        box.addWidget(self.confirm_note)
        left.addWidget(confirm)
        left.addStretch(1)

        self.recipient = QLineEdit()
        self.recipient.setObjectName("recipient")
        self.recipient.setPlaceholderText(self.tr("客户邮箱"))
        self.subject = QLineEdit()
        self.subject.setObjectName("subject")
        self.body = QPlainTextEdit()
        self.body.setObjectName("deliveryBody")
        self.body.setTabChangesFocus(True)
        self.files = QListWidget()
        self.files.setObjectName("deliveryFiles")
        self.files.setMaximumHeight(60)
        message = QFormLayout()
        message.addRow(self.tr("收件人"), self.recipient)
        message.addRow(self.tr("主题"), self.subject)
        right.addLayout(message)
        right.addWidget(self.body, 1)
        files_row = QHBoxLayout()
        files_row.addWidget(self.files, 1)
        add_file = QPushButton(self.tr("添加发票文件…"))
        add_file.setObjectName("addInvoiceFile")
        add_file.clicked.connect(self.add_file)
        redraft = QPushButton(self.tr("重新生成消息"))
        redraft.setObjectName("redraftMessage")
        redraft.clicked.connect(lambda: self.load_draft(force=True))
        side = QVBoxLayout()
        side.addWidget(add_file)
        side.addWidget(redraft)
        files_row.addLayout(side)
        right.addLayout(files_row)
        actions = QHBoxLayout()
        self.send_button = QPushButton(self.tr("发送邮件"))
        self.send_button.setObjectName("sendEmail")
        self.send_button.clicked.connect(self.send)
        wechat = QPushButton(self.tr("复制给微信"))
        wechat.setObjectName("copyWechat")
        wechat.clicked.connect(self.copy_for_wechat)
        slip = QPushButton(self.tr("打印凭条…"))
        slip.setObjectName("printSlip")
        slip.clicked.connect(self.print_slip)
        phoned = QPushButton(self.tr("已电话告知"))
        phoned.setObjectName("toldByPhone")
        phoned.clicked.connect(lambda: self.manual("phone"))
        handed = QPushButton(self.tr("已当面交付"))
        handed.setObjectName("handedOver")
        handed.clicked.connect(lambda: self.manual("counter"))
        for action_button in (self.send_button, wechat, slip, phoned, handed):
            actions.addWidget(action_button)
        right.addLayout(actions)
        self.attempts = QListWidget()
        self.attempts.setObjectName("attempts")
        self.attempts.setMaximumHeight(70)
        retry = QPushButton(self.tr("重发所选邮件"))
        retry.setObjectName("retryEmail")
        retry.clicked.connect(self.retry)
        attempts_row = QHBoxLayout()
        attempts_row.addWidget(self.attempts, 1)
        attempts_row.addWidget(retry, 0, Qt.AlignmentFlag.AlignTop)
        right.addLayout(attempts_row)
        self._deliveries: list[DeliveryView] = []
        self._file_ids: list[int] = []
        self._draft_loaded = False

    def fields(self) -> dict[str, QWidget]:
        return {
            "deliver.number": self.number,
            "deliver.red_number": self.red_number,
            "deliver.new_number": self.new_number,
            "deliver.recipient": self.recipient,
            "deliver.subject": self.subject,
            "deliver.body": self.body,
            "deliver.note": self.confirm_note,
        }

    def widget_for(self, field: str) -> QWidget | None:
        return {
            "confirmed": self.confirmations["received"],
            "note": self.confirm_note,
            "invoices": self.number,
            "attempts": self.send_button,
            "recipient": self.recipient,
        }.get(field)

    def record(self) -> dict[str, Any]:
        confirmed = next((k for k, b in self.confirmations.items() if b.isChecked()), "")
        return {"confirmed": confirmed, "note": self.confirm_note.text()}

    def entered(self) -> None:
        self.load_draft()

    def load_draft(self, force: bool = False) -> None:
        if self._draft_loaded and not force and self.body.toPlainText().strip():
            return
        case_id, actor = self.wnd.case_id, self.wnd.actor
        DbOp(self, lambda: case_handling.delivery_draft(case_id, actor)).success(
            lambda d: self._fill_message(d, force)
        ).run()

    def _fill_message(self, draft: case_handling.DeliveryDraft, force: bool) -> None:
        self._draft_loaded = True
        if force or not self.body.toPlainText().strip():
            self.body.setPlainText(draft.body)
            self.subject.setText(draft.subject)
        if force or not self.recipient.text().strip():
            self.recipient.setText(draft.recipient)
        self.files.clear()
        self._file_ids = []
        for f in draft.files:
            item = QListWidgetItem(aside(f.name, f"{f.size:,} B"))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.files.addItem(item)
            self._file_ids.append(f.id)

    def chosen_files(self) -> tuple[int, ...]:
        return tuple(
            file_id
            for row, file_id in enumerate(self._file_ids)
            if self.files.item(row).checkState() == Qt.CheckState.Checked
        )

    def show_view(self, view: CaseView) -> None:
        conclusion = view.conclusion
        hints = {
            "found": self.tr("发票有效：无需重新开票，直接交付给客户。"),
            "never_issued": self.tr(
                "从未开具：在平台开具后，按开票申请登记号码；或先在开票台登记，再在此关联。"
            ),
            "wrong": self.tr("开具有误：先在平台开红字发票并登记红冲，再登记重开的发票。"),
            "not_ours": self.tr("非本店发票：无需开票，向客户说明即可。"),
        }
        self.fix_hint.setText(hints.get(conclusion, ""))
        for widget in self.issue_rows:
            widget.setVisible(conclusion == "never_issued")
        for widget in self.wrong_rows:
            widget.setVisible(conclusion == "wrong")
        fix_form = self.fix.layout()
        assert isinstance(fix_form, QFormLayout)
        for widget in self.issue_rows + self.wrong_rows:
            label = fix_form.labelForField(widget)
            if label is not None:
                label.setVisible(widget.isVisibleTo(self.fix))
        self.red_button.setEnabled(not view.with_role("red"))
        self.reissue_button.setEnabled(
            bool(view.with_role("red")) and not view.with_role("replacement")
        )
        self.request.clear()
        for link in view.links:
            if link.kind == "request":
                self.request.addItem(link.label, link.ref_id)
        self.issue_button.setEnabled(self.request.count() > 0 and not view.with_role("issued"))
        for key, button in self.confirmations.items():
            button.setVisible(
                (key == "explained") == (conclusion == "not_ours") or key == "refused"
            )
        self._deliveries = list(view.deliveries)
        self.attempts.clear()
        for d in view.deliveries:
            text = f"{local(d.ts, '%m-%d %H:%M')} {d.actor} {tr_case(_channel(d.channel))} {d.recipient} — {tr_case(_status(d.status))}"
            if d.error:
                text = colon(text) + case_changes.shown_error(d.error)
            item = QListWidgetItem(text)
            if d.status == "failed":
                item.setForeground(Qt.GlobalColor.red)
            self.attempts.addItem(item)
        if view.deliveries:
            self.attempts.setCurrentRow(len(view.deliveries) - 1)
        if self._draft_loaded and (view.with_role("issued") or view.with_role("replacement")):
            self.load_draft(force=not self.body.document().isModified())

    # ------------------------------------------------------------ fixing the invoice

    def issue(self) -> None:
        request_id, number = self.request.currentData(), self.number.text().strip()
        if request_id is None:
            return
        case_id, actor = self.wnd.case_id, self.wnd.actor
        self.wnd.run(
            lambda: case_handling.issue_from_request(case_id, int(request_id), number, actor),
            invoices=True,
            then=lambda _v: self.number.clear(),
        )

    def link_issued(self) -> None:
        number, case_id, actor = self.number.text().strip(), self.wnd.case_id, self.wnd.actor
        self.wnd.run(
            lambda: case_handling.link_issued(case_id, "", number, actor),
            then=lambda _v: self.number.clear(),
        )

    def red_flush(self) -> None:
        view = self.wnd.view
        blue = next(
            (
                i
                for i in view.with_role("concerned")
                if not i.is_red and i.status in cf.VALID_STATUSES
            ),
            None,
        )
        if blue is None:
            return
        reason, number = self.reason.currentData(), self.red_number.text().strip()
        case_id, actor = self.wnd.case_id, self.wnd.actor
        self.wnd.run(
            lambda: case_handling.red_flush_concerned(
                case_id, blue.invoice_id, reason, number, actor
            ),
            invoices=True,
            then=lambda _v: self.red_number.clear(),
        )

    def reissue(self) -> None:
        number, case_id, actor = self.new_number.text().strip(), self.wnd.case_id, self.wnd.actor
        self.wnd.run(
            lambda: case_handling.reissue_replacement(case_id, number, actor),
            invoices=True,
            then=lambda _v: self.new_number.clear(),
        )

    # ------------------------------------------------------------ delivering

    def add_file(self) -> None:
        targets = cf.deliverable(self.wnd.view.flow, self.wnd.view.facts)
        if not targets:
            self.wnd.say(self.tr("还没有可交付的发票：请先处理发票"))
            return
        dialog = QFileDialog(self, self.tr("选择客户的电子发票文件"))
        dialog.setObjectName("chooseInvoiceFile")
        dialog.setNameFilter(self.tr("电子发票 (*.pdf *.ofd *.xml);;所有文件 (*)"))
        invoice_id, case_id, actor = targets[-1].id, self.wnd.case_id, self.wnd.actor

        def chosen(path: str) -> None:
            data = Path(path).read_bytes()
            name = Path(path).name
            self.wnd.run(
                lambda: case_handling.attach_to_invoice(case_id, invoice_id, name, data, actor),
                then=lambda _f: self._attached(),
            )

        dialog.fileSelected.connect(chosen)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _attached(self) -> None:
        self.load_draft(force=False)
        self._reload_files()

    def _reload_files(self) -> None:
        case_id, actor = self.wnd.case_id, self.wnd.actor
        DbOp(self, lambda: case_handling.delivery_draft(case_id, actor)).success(
            lambda d: self._fill_message(d, False)
        ).run()

    def send(self) -> None:
        recipient, subject = self.recipient.text(), self.subject.text()
        body, files = self.body.toPlainText(), self.chosen_files()
        case_id, actor = self.wnd.case_id, self.wnd.actor
        self.send_button.setEnabled(False)
        self.wnd.say(self.tr("正在发送邮件…"), good=True)
        self.wnd.run(
            lambda: case_handling.send_email(
                case_id, recipient, subject, body, actor, file_ids=files
            ),
            then=self._sent,
            always=lambda: self.send_button.setEnabled(True),
        )

    def _sent(self, delivery: DeliveryView) -> None:
        if delivery.status == "failed":
            self.wnd.say(
                self.tr(
                    "邮件没有发出：{error}。工单和邮件内容已保留，可修正后点“重发所选邮件”。"
                ).format(error=delivery.error.split("] ", 1)[-1])
            )
        else:
            self.wnd.say(self.tr("邮件已发送给 {to}").format(to=delivery.recipient), good=True)

    def retry(self) -> None:
        row = self.attempts.currentRow()
        if not 0 <= row < len(self._deliveries) or self._deliveries[row].status != "failed":
            self.wnd.say(self.tr("请选中一封发送失败的邮件"))
            return
        delivery_id, actor = self._deliveries[row].id, self.wnd.actor
        self.wnd.run(lambda: case_handling.retry_email(delivery_id, actor), then=self._sent)

    def copy_for_wechat(self) -> None:
        QGuiApplication.clipboard().setText(self.body.toPlainText())
        self.manual("wechat")

    def manual(self, channel: str) -> None:
        body, files = self.body.toPlainText(), self.chosen_files()
        recipient = self.wnd.view.other_contact if channel == "wechat" else self.wnd.view.phone
        case_id, actor = self.wnd.case_id, self.wnd.actor
        self.wnd.run(
            lambda: case_handling.record_manual_delivery(
                case_id, channel, actor, recipient=recipient, body=body, file_ids=files
            )
        )

    def print_slip(self) -> None:
        targets = cf.deliverable(self.wnd.view.flow, self.wnd.view.facts)
        if not targets:
            self.wnd.say(self.tr("还没有可交付的发票：请先处理发票"))
            return
        dialog = QFileDialog(self, self.tr("保存发票登记凭条"))
        dialog.setObjectName("saveCaseSlip")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.selectFile(f"发票登记凭条-{targets[-1].id}.pdf")
        invoice_id, case_id, actor = targets[-1].id, self.wnd.case_id, self.wnd.actor

        def chosen(path: str) -> None:
            self.wnd.run(lambda: case_handling.write_slip(case_id, invoice_id, Path(path), actor))

        dialog.fileSelected.connect(chosen)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()


def _channel(key: str) -> str:
    return DELIVERY_CHANNELS.get(key, key)


def _status(key: str) -> str:
    return DELIVERY_STATUSES.get(key, key)


class ArchivePanel(Panel):
    step = "archive"

    def build(self) -> None:
        self.cause = QComboBox()
        self.cause.setObjectName("cause")
        self.cause.addItem(self.tr("（请选择）"), "")
        for key, label in cf.CAUSES.items():
            self.cause.addItem(tr_case(label), key)
        self.lesson = _multiline("lesson", 110)
        self.lesson.setPlaceholderText(self.tr("这次的经验教训：以后怎样避免，团队要知道什么"))
        form = QFormLayout()
        form.addRow(self.tr("原因"), self.cause)
        form.addRow(self.tr("经验教训"), self.lesson)
        self.layout_.addLayout(form)
        self.layout_.addWidget(
            QLabel(self.tr("归档后工单不再改动；工单记录（PDF）随数据库一起保存和备份。"))
        )
        self.layout_.addStretch(1)

    def fields(self) -> dict[str, QWidget]:
        return {"archive.lesson": self.lesson}

    def widget_for(self, field: str) -> QWidget | None:
        return {"cause": self.cause, "lesson": self.lesson}.get(field)

    def record(self) -> dict[str, Any]:
        return {"cause": self.cause.currentData(), "lesson": self.lesson.toPlainText()}


class ClosedPanel(Panel):
    step = "closed"

    def build(self) -> None:
        self.summary = QLabel()
        self.summary.setObjectName("closedSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.layout_.addWidget(self.summary, 1)

    def show_view(self, view: CaseView) -> None:
        archive = view.flow.data.get("archive", {})
        lines = [
            self.tr("状态：{state}").format(state=tr_case(cf.STATES[view.state])),
            self.tr("核实结论：{c}").format(
                c=tr_case(cf.CONCLUSIONS.get(view.conclusion, "")) or "—"
            ),
            self.tr("结果：{o}").format(o=tr_case(cf.OUTCOMES.get(view.outcome, "")) or "—"),
        ]
        if view.cause:
            lines.append(self.tr("原因：{c}").format(c=tr_case(cf.CAUSES.get(view.cause, ""))))
        if archive.get("lesson"):
            lines.append(self.tr("经验教训：{l}").format(l=archive["lesson"]))
        if view.flow.withdraw_reason:
            lines.append(self.tr("撤销原因：{r}").format(r=view.flow.withdraw_reason))
        self.summary.setText("\n".join(lines))


PANELS: tuple[type[Panel], ...] = (
    IdentifyPanel,
    ApologisePanel,
    CheckPanel,
    DeliverPanel,
    ArchivePanel,
)
