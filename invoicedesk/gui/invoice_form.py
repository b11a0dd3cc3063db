"""Recording one issued invoice, keyboard only — the heart of the counter page.

Tab (or Enter) moves from field to field; Ctrl+S saves on the database worker, Ctrl+N starts a new
invoice, Esc clears the form after asking. Problems are shown at their fields (a red border or a
red cell, the message as a tooltip) and listed under the lines; nothing is saved until every error
is fixed. The invoice key and the buyer id are checked as soon as the field is left.

Three modes: ``invoice`` records an issued invoice; ``request`` (outage mode, 手工登记) records
what the customer needs plus how to reach them, with no number; ``convert`` shows an open request
pre-filled, and saving with the official number records the invoice and closes the request.
"""

from __future__ import annotations

import contextlib
import itertools
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QEvent,
    QObject,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from invoicedesk.core import clock
from invoicedesk.core.identifiers import (
    IdentifierError,
    check_buyer_id,
    check_invoice_key,
    normalize_buyer_id,
    normalize_invoice_key,
)
from invoicedesk.core.invoice import InvoiceDraft, invoice_totals, validate_invoice
from invoicedesk.core.kinds import DIGITAL_KINDS, KINDS
from invoicedesk.core.money import format_money, format_plain
from invoicedesk.core.problems import Problem
from invoicedesk.core.qr_payload import QrInvoice
from invoicedesk.core.words import amount_in_words
from invoicedesk.gui.buyer_completer import BuyerCompleter
from invoicedesk.gui.errors import known_error_text, show_error
from invoicedesk.gui.lines_table import AMOUNT, FIELD_COLUMNS, NAME, LinesTable
from invoicedesk.gui.worker import DbOp
from invoicedesk.services import corrections, invoice_files, outbox, requests
from invoicedesk.services.dto import InvoiceView
from invoicedesk.services.errors import DuplicateInvoice, PeriodLocked, ValidationFailed
from invoicedesk.services.requests import RequestView, request_draft

DEFAULT_KIND = "82"
MODES = ("invoice", "request", "convert", "reissue")
# Header fields that only an issued invoice has: hidden while writing down a request.
_KEY_FIELDS = ("code", "number", "issue_date")
_LINE_FIELD = re.compile(r"lines\[(\d+)\](?:\.(\w+))?")
_STYLE = """
QLineEdit[invalid="true"], QComboBox[invalid="true"], QDateEdit[invalid="true"],
QTableWidget[invalid="true"] { border: 2px solid #d32f2f; border-radius: 3px; }
QLabel#formMessages[tone="error"] { color: #c62828; }
QLabel#formMessages[tone="ok"] { color: #2e7d32; }
QLabel#formMessages[tone="warning"] { color: #8d6e00; }
QLabel#formTotals, QLabel#formWords { font-weight: bold; }
QLabel#formHint { color: #616161; }
QLabel#formMode[mode="request"] { background: #fff3e0; color: #e65100; font-weight: bold;
  padding: 4px; }
QLabel#formMode[mode="convert"] { background: #e3f2fd; color: #0d47a1; font-weight: bold;
  padding: 4px; }
"""


def _line_edit(name: str, placeholder: str = "") -> QLineEdit:
    """A named field (tests and problem markers find it by name) with an optional hint."""
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    return edit


class _DateEdit(QDateEdit):
    """Tab leaves the field instead of walking through year, month and day."""

    def focusNextPrevChild(self, next_: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next_)


class InvoiceForm(QWidget):
    saved = Signal(int)  # an invoice was recorded (its id)
    saved_view = Signal(object)  # the same, in full (InvoiceView): the ledger shows it at once
    request_saved = Signal(int)  # a request was written down (its id)
    open_invoice = Signal(int)  # the user asked to see an existing invoice (duplicate link)
    # The server could not be reached: the invoice waits in the outbox (outbox.SaveResult).
    queued = Signal(object)

    def __init__(self, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("invoiceForm")
        self.setWindowTitle(self.tr("登记发票"))
        self.setStyleSheet(_STYLE)
        self.actor = actor
        self._saving = False
        # The idempotency key of the invoice being typed: made at its first save attempt, kept
        # until it is recorded, so a save retried (or replayed from the outbox) records once.
        self._client_key: str | None = None
        self.mode = "invoice"
        self.request_id: int | None = None
        self.red_id: int | None = None  # reissue mode: the red invoice being replaced
        # A file the form was filled from: kept with the invoice once it is saved.
        self.pending_file: tuple[str, bytes] | None = None
        self.expected_total: Decimal | None = None  # from a QR code or a file, to compare
        self._duplicate_id: int | None = None
        self.last_request_id: int | None = None  # the request the last saved invoice closed
        self._remembered_header: tuple[str, str] | None = None

        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for code, label in KINDS.items():
            self.kind.addItem(f"{code} {QCoreApplication.translate('Kind', label)}", code)
        self.code = _line_edit("code")
        self.number = _line_edit("number", self.tr("数电票20位；税控发票8位"))
        self.issue_date = _DateEdit()
        self.issue_date.setObjectName("issue_date")
        self.issue_date.setCalendarPopup(True)
        self.issue_date.setDisplayFormat("yyyy-MM-dd")
        self.buyer_name = _line_edit("buyer_name")
        self.buyer_tax_id = _line_edit("buyer_tax_id", self.tr("个人可不填"))
        self.buyer_address_phone = _line_edit("buyer_address_phone")
        self.buyer_bank_account = _line_edit("buyer_bank_account")
        self.buyer_email = _line_edit("buyer_email", self.tr("交付电子发票的邮箱"))
        self.contact_phone = _line_edit("phone", self.tr("开出后通知顾客"))
        # One e-mail field: where the invoice goes is also where the customer hears from us.
        self.contact_email = self.buyer_email
        self.promised_at = _line_edit("promised_at", self.tr("如：今天18点前、明天上午"))
        self.mode_label = QLabel()
        self.mode_label.setObjectName("formMode")
        self.mode_label.setWordWrap(True)
        self.inclusive = QCheckBox(self.tr("含税金额 (Alt+I)"))
        self.inclusive.setObjectName("inclusive")
        self.inclusive.setToolTip(
            self.tr("勾选后，明细里的单价和金额按含税录入，自动拆分金额和税额")
        )
        self.lines = LinesTable()
        self.issuer = _line_edit("issuer")
        self.reviewer = _line_edit("reviewer")
        self.payee = _line_edit("payee")
        self.remarks = _line_edit("remarks")
        self.duplicate_link = QLabel()
        self.duplicate_link.setObjectName("duplicateLink")
        self.duplicate_link.setVisible(False)
        self.hint = QLabel(
            self.tr(
                "明细：Tab 逐格录入，最后一格按 Tab 增加一行，在空行上按 Tab 离开明细；"
                "Ctrl+D 在当前行下加折扣行"
            )
        )
        self.hint.setObjectName("formHint")
        self.totals = QLabel()
        self.totals.setObjectName("formTotals")
        self.words = QLabel()
        self.words.setObjectName("formWords")
        self.messages = QLabel()
        self.messages.setObjectName("formMessages")
        self.messages.setWordWrap(True)
        self.messages.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton(self.tr("保存 (Ctrl+S)"))
        self.save_button.setObjectName("save")
        new_button = QPushButton(self.tr("新建 (Ctrl+N)"))
        clear_button = QPushButton(self.tr("清空 (Esc)"))
        for button in (self.save_button, new_button, clear_button):
            button.setAutoDefault(False)

        self.buyers = BuyerCompleter(
            self.buyer_name,
            self.buyer_tax_id,
            {
                "address_phone": self.buyer_address_phone,
                "bank_account": self.buyer_bank_account,
                "email": self.buyer_email,
                "phone": self.contact_phone,
            },
        )

        self._fields: dict[str, QWidget] = {
            "kind": self.kind,
            "code": self.code,
            "number": self.number,
            "issue_date": self.issue_date,
            "buyer_name": self.buyer_name,
            "buyer_tax_id": self.buyer_tax_id,
            "buyer_address_phone": self.buyer_address_phone,
            "buyer_bank_account": self.buyer_bank_account,
            "buyer_email": self.buyer_email,
            "phone": self.contact_phone,
            "email": self.contact_email,
            "promised_at": self.promised_at,
            "lines": self.lines,
            "issuer": self.issuer,
            "reviewer": self.reviewer,
            "payee": self.payee,
            "remarks": self.remarks,
        }
        self._labels: dict[str, QLabel] = {}
        self._layout(new_button, clear_button)
        self._connect(new_button, clear_button)
        self.set_mode("invoice")
        self.reset(keep_header=False)
        self._load_item_names()  # once; each save adds its own names (no query per invoice)

    # ------------------------------------------------------------ building

    def _layout(self, new_button: QPushButton, clear_button: QPushButton) -> None:
        grid = QGridLayout()
        grid.setVerticalSpacing(4)
        pairs: list[tuple[int, int, str, QWidget, int]] = [
            (0, 0, self.tr("票种"), self.kind, 1),
            (0, 2, self.tr("开票日期"), self.issue_date, 1),
            (1, 0, self.tr("发票代码"), self.code, 1),
            (1, 2, self.tr("发票号码"), self.number, 1),
            (2, 0, self.tr("购买方名称"), self.buyer_name, 1),
            (2, 2, self.tr("购买方识别号"), self.buyer_tax_id, 1),
            (3, 0, self.tr("地址、电话"), self.buyer_address_phone, 1),
            (3, 2, self.tr("开户行及账号"), self.buyer_bank_account, 1),
            (4, 0, self.tr("购买方邮箱"), self.buyer_email, 1),
            (4, 2, self.tr("顾客手机"), self.contact_phone, 1),
            (5, 2, self.tr("承诺开具时间"), self.promised_at, 1),
        ]
        for row, column, text, widget, span in pairs:
            label = QLabel(text)
            label.setBuddy(widget)
            self._labels[widget.objectName()] = label
            grid.addWidget(label, row, column)
            grid.addWidget(widget, row, column + 1, 1, span)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        hint_row = QHBoxLayout()
        hint_row.addWidget(self.hint, 1)
        hint_row.addWidget(self.inclusive)

        sums = QHBoxLayout()
        sums.addWidget(self.totals)
        sums.addStretch(1)
        sums.addWidget(self.words)

        people = QGridLayout()
        for column, (text, widget) in enumerate(
            (
                (self.tr("开票人"), self.issuer),
                (self.tr("复核人"), self.reviewer),
                (self.tr("收款人"), self.payee),
                (self.tr("备注"), self.remarks),
            )
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            people.addWidget(label, 0, column * 2)
            people.addWidget(widget, 0, column * 2 + 1)
        for column in (1, 3, 5):
            people.setColumnStretch(column, 1)
        people.setColumnStretch(7, 3)

        buttons = QHBoxLayout()
        buttons.addWidget(new_button)
        buttons.addWidget(clear_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addWidget(self.mode_label)
        layout.addLayout(grid)
        layout.addLayout(hint_row)
        layout.addWidget(self.lines, 1)
        layout.addLayout(sums)
        layout.addLayout(people)
        layout.addWidget(self.messages)
        layout.addWidget(self.duplicate_link)
        layout.addLayout(buttons)

        order: list[QWidget] = [
            self.kind,
            self.code,
            self.number,
            self.issue_date,
            self.buyer_name,
            self.buyer_tax_id,
            self.buyer_address_phone,
            self.buyer_bank_account,
            self.buyer_email,
            self.contact_phone,
            self.promised_at,
            self.lines,
            self.issuer,
            self.reviewer,
            self.payee,
            self.remarks,
            self.save_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        new_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.inclusive.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Alt+含 from the keyboard
        self.inclusive.setShortcut(QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_I))

    def _connect(self, new_button: QPushButton, clear_button: QPushButton) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        # Embedded in the main window, "new" is the window's own Ctrl+N action (two shortcuts on
        # one key would cancel each other): the page disables this one and routes the action.
        self.shortcuts: dict[str, QShortcut] = {}
        for name, keys, slot in (
            ("save", QKeySequence(QKeySequence.StandardKey.Save), self.save),
            ("new", QKeySequence(QKeySequence.StandardKey.New), self.new_invoice),
            ("clear", QKeySequence(Qt.Key.Key_Escape), self.clear_or_close),
            (
                "discount",
                QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_D),
                self.lines.add_discount_line,
            ),
        ):
            shortcut = QShortcut(keys, self, slot)
            shortcut.setContext(context)
            self.shortcuts[name] = shortcut
        self.save_button.clicked.connect(self.save)
        new_button.clicked.connect(self.new_invoice)
        clear_button.clicked.connect(self.clear_or_close)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.lines.lines_changed.connect(self._update_totals)
        self.lines.leave_requested.connect(self._leave_lines)
        self.buyers.chosen.connect(lambda _name: self._clear_mark("buyer_tax_id"))
        for name, widget in self._fields.items():
            if isinstance(widget, QLineEdit):
                widget.installEventFilter(self)
                widget.textEdited.connect(lambda _text, n=name: self._clear_mark(n))
        self.kind.currentIndexChanged.connect(lambda: self._clear_mark("kind"))
        self.issue_date.dateChanged.connect(lambda: self._clear_mark("issue_date"))
        self.inclusive.toggled.connect(self.lines.set_inclusive)
        self.number.editingFinished.connect(self._check_key_live)
        self.code.editingFinished.connect(self._check_key_live)
        self.buyer_tax_id.editingFinished.connect(self._check_buyer_live)
        self.duplicate_link.linkActivated.connect(self._open_duplicate)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in a text field moves on, like Tab; from the buyer's id (or the optional buyer
        details) Enter goes straight to the lines, skipping what a counter rarely types."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and isinstance(watched, QWidget)
        ):
            optional = (
                self.buyer_tax_id,
                self.buyer_address_phone,
                self.buyer_bank_account,
                self.buyer_email,
            )
            if watched in optional and self.mode != "request":
                self.lines.setFocus(Qt.FocusReason.TabFocusReason)
            else:
                watched.focusNextChild()
            return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------ state

    def is_dirty(self) -> bool:
        self.lines.commit_editor()
        texts = (
            self.number.text(),
            self.buyer_name.text(),
            self.buyer_tax_id.text(),
            self.contact_phone.text(),
        )
        lines = any(not self.lines.is_blank(row) for row in range(self.lines.rowCount()))
        linked = self.request_id is not None or self.red_id is not None
        return any(t.strip() for t in texts) or lines or linked

    def reset(self, keep_header: bool = True) -> None:
        """An empty invoice; the kind, date and issuer stay for the next one."""
        self._client_key = None
        if not keep_header:
            settings = QSettings()
            kind = str(settings.value("form/kind", DEFAULT_KIND))
            self.kind.setCurrentIndex(max(self.kind.findData(kind), 0))
            today = clock.today()
            self.issue_date.setDate(QDate(today.year, today.month, today.day))
            self.issuer.setText(str(settings.value("form/issuer", "")))
        self.lines.commit_editor()
        for widget in (
            self.code,
            self.number,
            self.buyer_name,
            self.buyer_tax_id,
            self.buyer_address_phone,
            self.buyer_bank_account,
            self.buyer_email,
            self.contact_phone,
            self.promised_at,
            self.remarks,
        ):
            widget.clear()
        self.pending_file = None
        self.expected_total = None
        self.inclusive.setChecked(False)
        self.lines.clear_lines()
        self._clear_marks()
        if self.mode in ("convert", "reissue"):
            self.red_id = None
            self.set_mode("invoice")
        self._kind_changed()
        self._update_totals()

    def focus_first(self) -> None:
        first = self.buyer_name if self.mode == "request" else self.number
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _load_item_names(self) -> None:
        with contextlib.suppress(RuntimeError):  # no database worker: a form on its own
            DbOp(self, lambda: requests.recent_item_names()).success(self._set_names).failure(
                lambda _exc: None  # the picker is a convenience: typing still works
            ).run()
            DbOp(self, requests.recent_item_rates).success(
                lambda r: self.lines.set_item_rates(r.by_name, r.usual)
            ).failure(lambda _exc: None).run()

    def _set_names(self, names: list[str]) -> None:
        self.lines.names = names

    def _remember_names(self, draft: InvoiceDraft) -> None:
        fresh = [line.name for line in draft.lines if line.name]
        self.lines.remember_rates(list(draft.lines))
        self.lines.names = list(dict.fromkeys(fresh + self.lines.names))[:200]

    # ------------------------------------------------------------ modes

    def set_mode(self, mode: str, request: RequestView | None = None) -> None:
        """Switch between recording an invoice, writing down a request and converting one."""
        assert mode in MODES
        self.mode = mode
        self.request_id = request.id if request is not None else None
        is_request = mode == "request"
        for name in _KEY_FIELDS:
            self._fields[name].setVisible(not is_request)
            self._labels[name].setVisible(not is_request)
        for name in ("phone", "promised_at"):
            self._fields[name].setVisible(is_request)
            self._labels[name].setVisible(is_request)
        self.buyer_email.setPlaceholderText(
            self.tr("交付电子发票，也用来通知顾客") if is_request else self.tr("交付电子发票的邮箱")
        )
        if mode == "request":
            self.mode_label.setText(
                self.tr(
                    "停机登记模式：开票系统不可用，本页登记顾客的开票申请（不是发票），"
                    "系统恢复后再开具。请留下顾客手机或邮箱。"
                )
            )
            self.setWindowTitle(self.tr("登记开票申请"))
        elif mode == "reissue":
            self.mode_label.setText(
                self.tr(
                    "正在重开：按红冲前的内容预填，请填入平台重新开出的发票号码，核对后保存。"
                    "新发票会与红字发票关联。"
                )
            )
            self.setWindowTitle(self.tr("重开发票"))
        elif mode == "convert" and request is not None:
            self.mode_label.setText(
                self.tr(
                    "正在为开票申请 {id}（{buyer}）登记正式发票：填入平台开出的发票号码后保存。"
                ).format(id=request.id, buyer=request.buyer_name)
            )
            self.setWindowTitle(self.tr("开具申请的发票"))
        else:
            self.mode_label.setText("")
            self.setWindowTitle(self.tr("登记发票"))
        self.mode_label.setVisible(mode != "invoice")
        self.mode_label.setProperty("mode", mode)
        self._repolish(self.mode_label)
        self._kind_changed()

    def load_reissue(self, red_id: int, blue: InvoiceDraft) -> None:
        """Pre-fill a replacement for a red-flushed invoice (new number and today's date)."""
        self.reset(keep_header=True)
        self.set_mode("reissue")
        self.red_id = red_id
        today = clock.today()
        self.fill_from_draft(
            replace(blue, code="", number="", issue_date=today, status="normal", is_red=False)
        )
        self.number.setFocus(Qt.FocusReason.OtherFocusReason)

    def load_request(self, request: RequestView) -> None:
        """Show an open request pre-filled, ready for the official number."""
        self.reset(keep_header=True)
        self.set_mode("convert", request)
        self.fill_from_draft(request_draft(request))
        self.number.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------ filling

    def fill_from_draft(self, draft: InvoiceDraft) -> None:
        """Put an invoice read from a file (or a request) into the form for checking."""
        self.kind.setCurrentIndex(max(self.kind.findData(draft.kind), 0))
        self._kind_changed()
        self.code.setText(draft.code)
        self.number.setText(draft.number)
        day = draft.issue_date
        self.issue_date.setDate(QDate(day.year, day.month, day.day))
        for widget, value in (
            (self.buyer_name, draft.buyer_name),
            (self.buyer_tax_id, draft.buyer_tax_id),
            (self.buyer_address_phone, draft.buyer_address_phone),
            (self.buyer_bank_account, draft.buyer_bank_account),
            (self.buyer_email, draft.buyer_email),
            (self.remarks, draft.remarks),
        ):
            widget.setText(value)
        for widget, value in (
            (self.issuer, draft.issuer),
            (self.reviewer, draft.reviewer),
            (self.payee, draft.payee),
        ):
            if value:
                widget.setText(value)
        self.inclusive.blockSignals(True)
        self.inclusive.setChecked(False)
        self.inclusive.blockSignals(False)
        self.lines.load_lines(list(draft.lines))
        self._clear_marks()
        self._update_totals()

    def fill_from_qr(self, qr: QrInvoice) -> None:
        """Kind, code, number and date from a scanned QR code; the amount as a first line."""
        self.kind.setCurrentIndex(max(self.kind.findData(qr.kind), 0))
        self._kind_changed()
        self.code.setText(qr.code)
        self.number.setText(qr.number)
        day = qr.issue_date
        self.issue_date.setDate(QDate(day.year, day.month, day.day))
        self.expected_total = qr.amount if qr.amount_is_total else None
        if all(self.lines.is_blank(row) for row in range(self.lines.rowCount())):
            # 数电 QR codes carry 价税合计: typed tax-inclusive it splits into amount and tax.
            self.inclusive.setChecked(qr.amount_is_total)
            self.lines.set_text(0, AMOUNT, format_plain(qr.amount))
        self._clear_marks()
        self._update_totals()
        self.buyer_name.setFocus(Qt.FocusReason.OtherFocusReason)

    def _start_over(self) -> None:
        self.reset()
        self.focus_first()

    def new_invoice(self) -> None:
        self._confirm_discard(self._start_over)

    def clear_or_close(self) -> None:
        """Esc: clear a filled form after asking; close an empty one."""
        if self.buyers.popup_visible():
            self.buyers.hide_popup()
            return
        if self.lines.cancel_editor():
            self.lines.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if not self.is_dirty():
            if self.isWindow():
                self.close()
            return
        self._confirm_discard(self._start_over)

    def _confirm_discard(self, then: Callable[[], None]) -> None:
        if not self.is_dirty():
            then()
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("清空发票"),
            self.tr("当前填写的发票还没有保存，要清空吗？"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("confirmDiscard")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        yes = box.button(QMessageBox.StandardButton.Yes)
        box.finished.connect(lambda _code: then() if box.clickedButton() is yes else None)
        box.open()

    def _kind_changed(self) -> None:
        """Show the expected format of the key for this kind."""
        digital = self.kind.currentData() in DIGITAL_KINDS
        if digital:
            self.code.clear()
        self.code.setEnabled(not digital)
        self.code.setPlaceholderText(
            self.tr("数电票无发票代码") if digital else self.tr("10位或12位数字")
        )
        self.number.setPlaceholderText(
            self.tr("20位数字，如 26112000000000012345")
            if digital
            else self.tr("8位数字，如 01234567")
        )

    def _check_key_live(self) -> None:
        """Check the code and number as soon as they are left (not while typing on)."""
        if self.mode == "request" or not self.number.text().strip():
            return
        kind = str(self.kind.currentData())
        try:
            code, number = normalize_invoice_key(kind, self.code.text(), self.number.text())
        except IdentifierError as exc:
            self._mark_live(exc.field or "number", str(exc.message))
            return
        for found in check_invoice_key(kind, code, number, clock.today()):
            if found.is_error:
                self._mark_live(
                    found.field if found.field in self._fields else "number", found.text()
                )
                return

    def _check_buyer_live(self) -> None:
        value = normalize_buyer_id(self.buyer_tax_id.text())
        if not value:
            return
        for found in check_buyer_id(value):
            if found.is_error:
                self._mark_live("buyer_tax_id", found.text())
                return

    def _mark_live(self, field: str, text: str) -> None:
        self._clear_mark(field)
        self._mark(field, text)
        self._set_message(text, "error")

    # ------------------------------------------------------------ totals

    def _update_totals(self) -> None:
        totals = invoice_totals(self.lines.read_lines())
        self.totals.setText(
            self.tr("合计金额 {amount}    合计税额 {tax}    价税合计 {total}").format(
                amount=format_money(totals.amount),
                tax=format_money(totals.tax),
                total=format_money(totals.total),
            )
        )
        try:
            words = amount_in_words(totals.total)
        except ValueError:
            words = "—"
        self.words.setText(self.tr("大写：{words}").format(words=words))

    # ------------------------------------------------------------ saving

    def build_draft(self) -> tuple[InvoiceDraft | None, list[Problem]]:
        """The draft as typed, or the problems that stop it from being read.

        When a cell cannot be read, the header is still checked, so that every problem the form
        can know of is shown at once. A request has no key yet: it is left empty.
        """
        problems: list[Problem] = []
        kind = str(self.kind.currentData())
        code, number = self.code.text(), self.number.text()
        if self.mode != "request":
            try:
                code, number = normalize_invoice_key(kind, code, number)
            except IdentifierError as exc:
                problems.append(Problem(exc.field or "number", exc.message))
        else:
            code, number = "", ""
        self.lines.drop_blank_lines()
        qdate = self.issue_date.date()
        draft = InvoiceDraft(
            kind=kind,
            code=code,
            number=number,
            issue_date=date(qdate.year(), qdate.month(), qdate.day()),
            buyer_name=self.buyer_name.text().strip(),
            buyer_tax_id=normalize_buyer_id(self.buyer_tax_id.text()),
            buyer_address_phone=self.buyer_address_phone.text().strip(),
            buyer_bank_account=self.buyer_bank_account.text().strip(),
            buyer_email=self.buyer_email.text().strip(),
            issuer=self.issuer.text().strip(),
            reviewer=self.reviewer.text().strip(),
            payee=self.payee.text().strip(),
            remarks=self.remarks.text().strip(),
            lines=self.lines.read_lines(problems),
        )
        if not problems:
            return draft, []
        named = {p.field for p in problems}
        header = [
            p
            for p in validate_invoice(draft, clock.today())
            if p.is_error
            and not p.field.startswith(("lines", "invoice"))
            and p.field not in named
            and not (self.mode == "request" and p.field in ("code", "number"))
        ]
        return None, problems + header

    def save(self) -> None:
        if self._saving:
            return
        self.lines.commit_editor()
        self._clear_marks()
        draft, problems = self.build_draft()
        if draft is None:
            self.show_problems(problems)
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self._set_message(self.tr("正在保存…"), "")
        actor = self.actor
        if self.mode == "request":
            phone, email = self.contact_phone.text(), self.contact_email.text()
            promised = self.promised_at.text()

            key = self._client_key = self._client_key or outbox.new_key()

            def write_request() -> outbox.RequestSaveResult:
                return outbox.save_request(
                    draft.buyer_name,
                    draft.lines,
                    actor,
                    client_key=key,
                    kind=draft.kind,
                    buyer_tax_id=draft.buyer_tax_id,
                    buyer_address_phone=draft.buyer_address_phone,
                    buyer_bank_account=draft.buyer_bank_account,
                    buyer_email=draft.buyer_email,
                    phone=phone,
                    email=email,
                    promised_at=promised,
                    remarks=draft.remarks,
                )

            DbOp(self, write_request).success(self._request_written).failure(
                self._save_failed
            ).run()
            return
        request_id = self.request_id if self.mode == "convert" else None
        red_id = self.red_id if self.mode == "reissue" else None
        kept = self.pending_file
        key = self._client_key = self._client_key or outbox.new_key()

        files = (kept,) if kept is not None else ()

        def record() -> tuple[InvoiceView | outbox.SaveResult, Exception | None]:
            if red_id is not None:  # acts on the red invoice as it is now: never kept
                view = outbox.online_only(lambda: corrections.reissue(red_id, draft, actor))
            else:
                if request_id is not None:
                    result = outbox.save_conversion(
                        request_id, draft, actor, client_key=key, files=files
                    )
                else:
                    result = outbox.save_invoice(draft, actor, client_key=key, files=files)
                if result.view is None:  # kept in the outbox, its file with it
                    return result, None
                view = result.view
            if kept is None:
                return view, None
            try:  # the invoice stands even if its file cannot be kept: say so
                name, data = kept
                invoice_files.attach_file(
                    view.id, name, data, invoice_files.default_folder(), actor
                )
            except Exception as exc:
                return view, exc
            return view, None

        DbOp(self, record).success(lambda result: self._recorded(draft, *result)).failure(
            self._save_failed
        ).run()

    def _recorded(
        self,
        draft: InvoiceDraft,
        result: InvoiceView | outbox.SaveResult,
        file_error: Exception | None,
    ) -> None:
        if isinstance(result, InvoiceView):
            self._saved(draft, result, file_error)
        else:
            self._queued(result)

    def _queued(self, result: outbox.SaveResult | outbox.RequestSaveResult) -> None:
        """The server could not be reached: the save is safe in the outbox; the next one."""
        self._done_saving()
        item = result.queued
        assert item is not None
        had_file = self.pending_file is not None
        self.reset()
        if item.kind == outbox.REQUEST:
            text = self.tr(
                "服务器暂时连不上：{buyer} 的开票申请已存入本机（待同步 {count} 张），"
                "恢复后自动登记。"
            ).format(buyer=item.buyer_name, count=result.pending)
        elif item.kind == outbox.CONVERT:
            text = self.tr(
                "服务器暂时连不上：发票 {number} 已存入本机（待同步 {count} 张），"
                "恢复后自动登记并关闭这张开票申请。"
            ).format(number=item.number, count=result.pending)
        else:
            text = self.tr(
                "服务器暂时连不上：发票 {number} 已存入本机（待同步 {count} 张），恢复后自动登记。"
            ).format(number=item.number, count=result.pending)
        if had_file:
            text += "\n" + self.tr("发票文件随发票一起存入本机，同步时一并保存。")
        self._set_message(text, "warning")
        self.focus_first()
        self.queued.emit(result)

    def _done_saving(self) -> None:
        self._saving = False
        self.save_button.setEnabled(True)

    def _request_written(self, result: outbox.RequestSaveResult) -> None:
        if result.view is not None:
            self._request_saved(result.view)
        else:
            self._queued(result)

    def _request_saved(self, view: RequestView) -> None:
        self._done_saving()
        self._remember_names(request_draft(view))
        self.reset()
        self._set_message(
            self.tr(
                "已登记开票申请 {id}（{buyer}，价税合计 {total}）。系统恢复后在右侧列表开具。"
            ).format(id=view.id, buyer=view.buyer_name, total=format_money(view.total)),
            "ok",
        )
        self.focus_first()
        self.request_saved.emit(view.id)

    def _saved(self, draft: InvoiceDraft, view: InvoiceView, file_error: Exception | None) -> None:
        self._done_saving()
        self.last_request_id = self.request_id if self.mode == "convert" else None
        self._remember_names(draft)
        if (view.kind, view.issuer) != self._remembered_header:
            # Only when they change: writing the settings file costs milliseconds per save.
            settings = QSettings()
            settings.setValue("form/kind", view.kind)
            settings.setValue("form/issuer", view.issuer)
            self._remembered_header = (view.kind, view.issuer)
        warnings = [p.text() for p in validate_invoice(draft, clock.today()) if not p.is_error]
        if self.expected_total is not None and self.expected_total != view.total:
            warnings.append(
                self.tr("价税合计 {total} 与二维码上的 {expected} 不一致，请核对").format(
                    total=format_money(view.total), expected=format_money(self.expected_total)
                )
            )
        if file_error is not None:
            warnings.append(
                self.tr("发票已保存，但文件没能保存：{error}").format(
                    error=known_error_text(file_error) or str(file_error)
                )
            )
        if self.mode == "convert":
            text = self.tr("已为开票申请登记发票 {number}，申请已完成。").format(number=view.number)
        else:
            text = self.tr("已保存发票 {number}，价税合计 {total}。").format(
                number=view.number, total=format_money(view.total)
            )
        if warnings:
            text += "\n" + "\n".join(self.tr("提示：{text}").format(text=w) for w in warnings)
        self.reset()
        self._set_message(text, "warning" if warnings else "ok")
        self.focus_first()
        self.saved_view.emit(view)
        self.saved.emit(view.id)

    def _save_failed(self, exc: Exception) -> None:
        self._done_saving()
        if isinstance(exc, ValidationFailed):
            self.show_problems(exc.problems)
        elif isinstance(exc, DuplicateInvoice):
            self.show_problems([Problem("number", exc.message)])
            self._duplicate_id = exc.existing_id
            self.duplicate_link.setText(
                '<a href="#existing">{}</a>'.format(self.tr("打开已登记的这张发票"))
            )
            self.duplicate_link.setVisible(True)
        elif isinstance(exc, PeriodLocked):
            self.show_problems([Problem("issue_date", exc.message)])
        elif known_error_text(exc) is not None:
            self._set_message(known_error_text(exc) or "", "error")
        else:
            self._set_message(self.tr("保存失败：发生意外错误，请查看错误对话框。"), "error")
            show_error(self, exc)

    def _open_duplicate(self, _link: str = "") -> None:
        if self._duplicate_id is not None:
            self.open_invoice.emit(self._duplicate_id)

    # ------------------------------------------------------------ problems

    def show_problems(self, problems: list[Problem]) -> None:
        """Mark each problem's field and list the messages (errors first)."""
        ordered = sorted(problems, key=self._problem_order)
        lines = []
        first: QWidget | None = None
        for problem in ordered:
            text = problem.text()
            lines.append(text if problem.is_error else self.tr("提示：{text}").format(text=text))
            widget = self._mark(problem.field, text) if problem.is_error else None
            first = first or widget
        tone = "error" if any(p.is_error for p in problems) else "warning"
        self._set_message("\n".join(lines), tone)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _problem_order(self, problem: Problem) -> tuple[bool, int, int]:
        """Errors before warnings, then in the order of the fields on the form."""
        fields = list(self._fields)
        match = _LINE_FIELD.fullmatch(problem.field)
        name = "lines" if match else problem.field
        position = fields.index(name) if name in fields else len(fields)
        return (not problem.is_error, position, int(match.group(1)) if match else 0)

    def _mark(self, field: str, text: str) -> QWidget | None:
        match = _LINE_FIELD.fullmatch(field)
        if match:
            row = int(match.group(1)) - 1
            column = FIELD_COLUMNS.get(match.group(2) or "", NAME)
            self.lines.mark_error(row, column, text)
            field = "lines"
        widget = self._fields.get(field)
        if widget is None:
            return None
        widget.setProperty("invalid", True)
        tip = widget.toolTip()
        widget.setToolTip(f"{tip}\n{text}" if tip else text)
        self._repolish(widget)
        return widget

    def _clear_mark(self, field: str) -> None:
        widget = self._fields[field]
        if widget.property("invalid"):
            widget.setProperty("invalid", False)
            widget.setToolTip("")
            self._repolish(widget)

    def _clear_marks(self) -> None:
        for field in self._fields:
            self._clear_mark(field)
        self.lines.clear_marks()
        self._set_message("", "")
        self._duplicate_id = None
        self.duplicate_link.setVisible(False)

    def _set_message(self, text: str, tone: str) -> None:
        self.messages.setText(text)
        self.messages.setProperty("tone", tone)
        self._repolish(self.messages)

    @staticmethod
    def _repolish(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    def _leave_lines(self, forward: bool) -> None:
        target = self.issuer if forward else self.buyer_tax_id
        target.setFocus(
            Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        QSettings().setValue("form/geometry", self.saveGeometry())
        super().closeEvent(event)
