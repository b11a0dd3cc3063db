"""Corrections from the ledger: correct a field, void, red-flush (whole or by line), reissue.

Each dialog checks nothing itself: the service decides, and its problems are shown inside the
dialog, which stays open until the change is accepted. ``LedgerCorrections`` puts the actions on
the ledger table (context menu and shortcuts) and refreshes the ledger after each change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from invoicedesk.core import clock
from invoicedesk.core.fields import field_label
from invoicedesk.core.kinds import DIGITAL_KINDS, RED_REASONS, void_refusal
from invoicedesk.core.money import AmountError, format_plain, parse_decimal
from invoicedesk.gui.errors import known_error_text, show_error
from invoicedesk.gui.worker import DbOp
from invoicedesk.services import corrections, invoices, outbox
from invoicedesk.services.dto import InvoiceView
from invoicedesk.services.errors import EditConflict, ValidationFailed
from invoicedesk.services.invoice_changes import CORRECTABLE_FIELDS

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def invoice_title(view: InvoiceView) -> str:
    return f"{view.code}-{view.number}" if view.code else view.number


class _ChangeDialog(QDialog):
    """A form, a message line and OK/Cancel; OK runs the change on the worker."""

    changed = Signal(object)  # the InvoiceView the service returned

    def __init__(self, view: InvoiceView, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setWindowTitle(f"{title} - {invoice_title(view)}")
        self.form = QFormLayout()
        self.message = QLabel()
        self.message.setObjectName("dialogMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.summary = QLabel(self._summary_text())
        self.summary.setObjectName("dialogSummary")
        self.layout_.addWidget(self.summary)
        self.layout_.addLayout(self.form)

    def _summary_text(self) -> str:
        view = self.view
        return self.tr("{buyer}　{date}　价税合计 {total}").format(
            buyer=view.buyer_name, date=view.issue_date.isoformat(), total=view.total
        )

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.message)
        self.layout_.addWidget(self.buttons)

    def run_change(self, fn: Callable[[], InvoiceView]) -> None:
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("正在保存…"))
        # Each change carries the version it started from: refused, not kept, while offline.
        DbOp(self, lambda: outbox.online_only(fn)).success(self._done).failure(self._failed).run()

    def _done(self, view: InvoiceView) -> None:
        self.changed.emit(view)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, EditConflict) and isinstance(exc.current, InvoiceView):
            # Someone else changed the invoice meanwhile: show theirs, start again from it.
            self.view = exc.current
            self.reload()
            self.message.setText(known_error_text(exc) or str(exc))
            self.changed.emit(exc.current)  # the ledger shows the fresh record too
        elif isinstance(exc, ValidationFailed):
            self.message.setText("\n".join(p.text() for p in exc.problems if p.is_error))
        elif known_error_text(exc) is not None:
            self.message.setText(known_error_text(exc) or "")
        else:
            self.message.setText("")
            show_error(self, exc)
        self.adjustSize()  # a message of two or three lines is shown whole, not clipped

    def submit(self) -> None:
        raise NotImplementedError

    def reload(self) -> None:
        """Show ``self.view`` again after it changed under the dialog."""
        self.summary.setText(self._summary_text())


class CorrectDialog(_ChangeDialog):
    def __init__(self, view: InvoiceView, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(view, QCoreApplication.translate("CorrectDialog", "更正发票"), parent)
        self.setObjectName("correctDialog")
        self.actor = actor
        self.field = QComboBox()
        self.field.setObjectName("field")
        for name in CORRECTABLE_FIELDS:
            self.field.addItem(str(field_label(name)), name)
        self.value = QLineEdit()
        self.value.setObjectName("value")
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(self.tr("必填：为什么更正"))
        self.form.addRow(self.tr("更正字段"), self.field)
        self.form.addRow(self.tr("新的内容"), self.value)
        self.form.addRow(self.tr("更正原因"), self.reason)
        self.finish_layout()
        self.field.currentIndexChanged.connect(self._field_changed)
        self.field.setCurrentIndex(self.field.findData("buyer_name"))
        self._field_changed()

    def _field_changed(self) -> None:
        value = getattr(self.view, str(self.field.currentData()))
        self.value.setText(value.isoformat() if isinstance(value, date) else str(value))

    def reload(self) -> None:
        super().reload()
        self._field_changed()  # the field's value as it is now; the reason typed stays

    def submit(self) -> None:
        invoice_id, field, value = self.view.id, str(self.field.currentData()), self.value.text()
        reason, actor, expected = self.reason.text(), self.actor, self.view.updated_at
        self.run_change(
            lambda: corrections.correct_invoice(
                invoice_id, field, value, reason, actor, expected=expected
            )
        )


class VoidDialog(_ChangeDialog):
    def __init__(self, view: InvoiceView, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(view, QCoreApplication.translate("VoidDialog", "作废发票"), parent)
        self.setObjectName("voidDialog")
        self.actor = actor
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(self.tr("必填：作废原因"))
        note = QLabel(self.tr("只有当月开具、全部联次收回的纸质发票可以作废；数电票请红冲。"))
        note.setWordWrap(True)
        self.form.addRow(note)
        self.form.addRow(self.tr("作废原因"), self.reason)
        self.finish_layout()

    def submit(self) -> None:
        invoice_id, reason, actor = self.view.id, self.reason.text(), self.actor
        expected = self.view.updated_at
        self.run_change(
            lambda: corrections.void_invoice(invoice_id, reason, actor, expected=expected)
        )


class RedFlushDialog(_ChangeDialog):
    """The red invoice's number, its reason (01–04) and which lines, how much of each."""

    CHECK, NAME, AMOUNT, FLUSH = range(4)

    def __init__(self, view: InvoiceView, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(view, QCoreApplication.translate("RedFlushDialog", "红冲发票"), parent)
        self.setObjectName("redFlushDialog")
        self.actor = actor
        self.reason = QComboBox()
        self.reason.setObjectName("redReason")
        for code, label in RED_REASONS.items():
            self.reason.addItem(f"{code} {QCoreApplication.translate('RedReason', label)}", code)
        self.code = QLineEdit()
        self.code.setObjectName("redCode")
        self.code.setVisible(view.kind not in DIGITAL_KINDS)
        self.number = QLineEdit()
        self.number.setObjectName("redNumber")
        self.number.setPlaceholderText(self.tr("平台开出的红字发票号码"))
        self.issue_date = QDateEdit()
        self.issue_date.setObjectName("redDate")
        self.issue_date.setDisplayFormat("yyyy-MM-dd")
        self.issue_date.setCalendarPopup(True)
        today = clock.today()
        self.issue_date.setDate(QDate(today.year, today.month, today.day))
        self.lines = QTableWidget(len(view.lines), 4)
        self.lines.setObjectName("redLines")
        self.lines.setHorizontalHeaderLabels(
            [self.tr("红冲"), self.tr("项目名称"), self.tr("原金额"), self.tr("红冲金额")]
        )
        self.lines.verticalHeader().setVisible(False)
        self.lines.horizontalHeader().setSectionResizeMode(
            self.NAME, QHeaderView.ResizeMode.Stretch
        )
        for row, line in enumerate(view.lines):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Checked)
            self.lines.setItem(row, self.CHECK, check)
            for column, text in ((self.NAME, line.name), (self.AMOUNT, format_plain(line.amount))):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                if column == self.AMOUNT:
                    item.setTextAlignment(_RIGHT)
                self.lines.setItem(row, column, item)
            flush = QTableWidgetItem("")
            flush.setTextAlignment(_RIGHT)
            flush.setToolTip(self.tr("留空：冲销这一行剩余的全部金额"))
            self.lines.setItem(row, self.FLUSH, flush)
        self.form.addRow(self.tr("红冲原因"), self.reason)
        if not self.code.isHidden():
            self.form.addRow(self.tr("红字发票代码"), self.code)
        self.form.addRow(self.tr("红字发票号码"), self.number)
        self.form.addRow(self.tr("开票日期"), self.issue_date)
        self.layout_.addWidget(
            QLabel(self.tr("按行红冲：取消勾选不冲的行；部分冲销填红冲金额（不含税）"))
        )
        self.layout_.addWidget(self.lines, 1)
        self.finish_layout()
        self.resize(720, 460)

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.lines.item(row, column)
        assert item is not None  # every cell is filled in __init__
        return item

    def set_line(self, row: int, checked: bool, amount: str = "") -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self._cell(row, self.CHECK).setCheckState(state)
        self._cell(row, self.FLUSH).setText(amount)

    def chosen_lines(self) -> dict[int, Decimal | None] | None:
        """None: everything; raises AmountError naming the row for a bad amount."""
        chosen: dict[int, Decimal | None] = {}
        everything = True
        for row, line in enumerate(self.view.lines):
            if self._cell(row, self.CHECK).checkState() != Qt.CheckState.Checked:
                everything = False
                continue
            text = self._cell(row, self.FLUSH).text().strip()
            chosen[line.line_no] = parse_decimal(text) if text else None
            everything = everything and not text
        return None if everything else chosen

    def submit(self) -> None:
        try:
            lines = self.chosen_lines()
        except AmountError as exc:
            self.message.setText(str(exc.message))
            return
        if lines == {}:
            self.message.setText(self.tr("请至少勾选一行"))
            return
        blue_id, actor = self.view.id, self.actor
        reason, code, number = str(self.reason.currentData()), self.code.text(), self.number.text()
        qdate = self.issue_date.date()
        day = date(qdate.year(), qdate.month(), qdate.day())
        self.run_change(
            lambda: corrections.red_flush(
                blue_id,
                reason_code=reason,
                number=number,
                code=code,
                issue_date=day,
                actor=actor,
                lines=lines,
            )
        )


class LedgerCorrections(QObject):
    """The ledger's actions on the selected invoice. ``reissue`` opens the counter pre-filled."""

    changed = Signal(int)  # an invoice changed (its id): the ledger reloads

    def __init__(
        self,
        table: QTableView,
        invoice_at: Callable[[int], int | None],
        actor: str,
        reissue: Callable[[int, Any], None],
        slip: Callable[[int], None],
        details: Callable[[int], None],
    ) -> None:
        super().__init__(table)
        self.table = table
        self._invoice_at = invoice_at
        self.actor = actor
        self._reissue = reissue
        self._slip = slip
        self.dialog: QDialog | None = None
        specs: list[tuple[str, str, QKeySequence | None, Callable[[int], None]]] = [
            ("detailAction", self.tr("查看详情和红冲链"), QKeySequence(Qt.Key.Key_Return), details),
            ("correctAction", self.tr("更正字段…"), QKeySequence(Qt.Key.Key_F2), self.correct),
            ("voidAction", self.tr("作废…"), QKeySequence("Ctrl+Shift+D"), self.void),
            ("redFlushAction", self.tr("红冲…"), QKeySequence("Ctrl+Shift+R"), self.red_flush),
            (
                "reissueAction",
                self.tr("为红字发票重开…"),
                QKeySequence("Ctrl+Shift+N"),
                self.reissue,
            ),
            ("slipAction", self.tr("打印登记凭条（PDF）…"), QKeySequence("Ctrl+P"), slip),
        ]
        self.actions: dict[str, QAction] = {}
        for name, text, keys, handler in specs:
            action = QAction(text, table)
            action.setObjectName(name)
            if keys is not None and name != "detailAction":  # Enter already opens the detail
                action.setShortcut(keys)
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda _c=False, h=handler: self._with_current(h))
            table.addAction(action)
            self.actions[name] = action
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._void_text = self.actions["voidAction"].text()
        selection = table.selectionModel()
        if selection is not None:
            selection.currentRowChanged.connect(lambda *_: self.update_actions())
        model = table.model()
        if model is not None:
            model.modelReset.connect(self.update_actions)
            model.rowsInserted.connect(lambda *_: self.update_actions())

    def update_actions(self) -> None:
        """作废 only where it is allowed: never for 数电票 and electronic invoices (they are
        red-flushed), paper only in its month. The menu says why when it is not offered."""
        void = self.actions["voidAction"]
        index = self.table.currentIndex()
        row_at = getattr(self.table.model(), "row_at", None)
        row = row_at(index.row()) if index.isValid() and row_at is not None else None
        refusal = (
            void_refusal(row.kind, row.issue_date, clock.today())
            if row is not None and hasattr(row, "kind")
            else None
        )
        void.setEnabled(refusal is None)
        void.setText(
            self._void_text
            if refusal is None
            else self.tr("作废（{why}）").format(why=refusal.text())
        )

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self._invoice_at(index.row()) if index.isValid() else None

    def _with_current(self, handler: Callable[[int], None]) -> None:
        invoice_id = self.current_id()
        if invoice_id is not None:
            handler(invoice_id)

    def _open(self, invoice_id: int, make: Callable[[InvoiceView], _ChangeDialog]) -> None:
        def show(view: InvoiceView) -> None:
            dialog = make(view)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.changed.connect(lambda changed: self.changed.emit(changed.id))
            self.dialog = dialog
            dialog.open()

        DbOp(self.table, lambda: invoices.get_invoice(invoice_id)).success(show).run()

    def correct(self, invoice_id: int) -> None:
        self._open(invoice_id, lambda v: CorrectDialog(v, self.actor, self.table))

    def void(self, invoice_id: int) -> None:
        self._open(invoice_id, lambda v: VoidDialog(v, self.actor, self.table))

    def red_flush(self, invoice_id: int) -> None:
        self._open(invoice_id, lambda v: RedFlushDialog(v, self.actor, self.table))

    def reissue(self, red_id: int) -> None:
        """For a red invoice: the counter, pre-filled from the invoice it cancelled."""

        DbOp(self.table, lambda: corrections.reissue_draft(red_id)).success(
            lambda draft: self._reissue(red_id, draft)
        ).run()
