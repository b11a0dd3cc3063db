"""Recording one issued invoice, keyboard only.

Tab (or Enter) moves from field to field; Ctrl+S saves on the database worker, Ctrl+N starts a new
invoice, Esc clears the form after asking. Problems are shown at their fields (a red border or a
red cell, the message as a tooltip) and listed under the lines; nothing is saved until every error
is fixed.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from datetime import date

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

from invoicedesk.core.clock import local_today
from invoicedesk.core.identifiers import IdentifierError, normalize_buyer_id, normalize_invoice_key
from invoicedesk.core.invoice import InvoiceDraft, invoice_totals, validate_invoice
from invoicedesk.core.kinds import DIGITAL_KINDS, KINDS
from invoicedesk.core.money import format_money
from invoicedesk.core.problems import Problem
from invoicedesk.core.words import amount_in_words
from invoicedesk.gui.buyer_completer import BuyerCompleter
from invoicedesk.gui.errors import known_error_text, show_error
from invoicedesk.gui.lines_table import FIELD_COLUMNS, NAME, LinesTable
from invoicedesk.gui.worker import DbOp
from invoicedesk.services import invoices
from invoicedesk.services.dto import InvoiceView
from invoicedesk.services.errors import DuplicateInvoice, PeriodLocked, ValidationFailed

DEFAULT_KIND = "82"
_LINE_FIELD = re.compile(r"lines\[(\d+)\](?:\.(\w+))?")
_STYLE = """
QLineEdit[invalid="true"], QComboBox[invalid="true"], QDateEdit[invalid="true"],
QTableWidget[invalid="true"] { border: 2px solid #d32f2f; border-radius: 3px; }
QLabel#formMessages[tone="error"] { color: #c62828; }
QLabel#formMessages[tone="ok"] { color: #2e7d32; }
QLabel#formMessages[tone="warning"] { color: #8d6e00; }
QLabel#formTotals, QLabel#formWords { font-weight: bold; }
QLabel#formHint { color: #616161; }
"""


class _DateEdit(QDateEdit):
    """Tab leaves the field instead of walking through year, month and day."""

    def focusNextPrevChild(self, next_: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next_)


class InvoiceForm(QWidget):
    saved = Signal(int)

    def __init__(self, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("invoiceForm")
        self.setWindowTitle(self.tr("登记发票"))
        self.setStyleSheet(_STYLE)
        self.actor = actor
        self._saving = False

        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for code, label in KINDS.items():
            self.kind.addItem(f"{code} {QCoreApplication.translate('Kind', label)}", code)
        self.code = QLineEdit()
        self.code.setObjectName("code")
        self.number = QLineEdit()
        self.number.setObjectName("number")
        self.number.setPlaceholderText(self.tr("数电票20位；税控发票8位"))
        self.issue_date = _DateEdit()
        self.issue_date.setObjectName("issue_date")
        self.issue_date.setCalendarPopup(True)
        self.issue_date.setDisplayFormat("yyyy-MM-dd")
        self.buyer_name = QLineEdit()
        self.buyer_name.setObjectName("buyer_name")
        self.buyer_tax_id = QLineEdit()
        self.buyer_tax_id.setObjectName("buyer_tax_id")
        self.buyer_tax_id.setPlaceholderText(self.tr("个人可不填"))
        self.lines = LinesTable()
        self.issuer = QLineEdit()
        self.issuer.setObjectName("issuer")
        self.remarks = QLineEdit()
        self.remarks.setObjectName("remarks")
        self.hint = QLabel(
            self.tr("明细：Tab 逐格录入，最后一格按 Tab 增加一行，在空行上按 Tab 离开明细")
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

        self.buyers = BuyerCompleter(self.buyer_name, self.buyer_tax_id)

        self._fields: dict[str, QWidget] = {
            "kind": self.kind,
            "code": self.code,
            "number": self.number,
            "issue_date": self.issue_date,
            "buyer_name": self.buyer_name,
            "buyer_tax_id": self.buyer_tax_id,
            "lines": self.lines,
            "issuer": self.issuer,
            "remarks": self.remarks,
        }
        self._layout(new_button, clear_button)
        self._connect(new_button, clear_button)
        self.reset(keep_header=False)

    # ------------------------------------------------------------ building

    def _layout(self, new_button: QPushButton, clear_button: QPushButton) -> None:
        grid = QGridLayout()
        pairs: list[tuple[int, int, str, QWidget, int]] = [
            (0, 0, self.tr("票种"), self.kind, 1),
            (0, 2, self.tr("开票日期"), self.issue_date, 1),
            (1, 0, self.tr("发票代码"), self.code, 1),
            (1, 2, self.tr("发票号码"), self.number, 1),
            (2, 0, self.tr("购买方名称"), self.buyer_name, 1),
            (2, 2, self.tr("购买方识别号"), self.buyer_tax_id, 1),
        ]
        for row, column, text, widget, span in pairs:
            label = QLabel(text)
            label.setBuddy(widget)
            grid.addWidget(label, row, column)
            grid.addWidget(widget, row, column + 1, 1, span)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)

        sums = QHBoxLayout()
        sums.addWidget(self.totals)
        sums.addStretch(1)
        sums.addWidget(self.words)

        people = QGridLayout()
        for column, (text, widget) in enumerate(
            ((self.tr("开票人"), self.issuer), (self.tr("备注"), self.remarks))
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            people.addWidget(label, 0, column * 2)
            people.addWidget(widget, 0, column * 2 + 1)
        people.setColumnStretch(1, 1)
        people.setColumnStretch(3, 3)

        buttons = QHBoxLayout()
        buttons.addWidget(new_button)
        buttons.addWidget(clear_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.hint)
        layout.addWidget(self.lines, 1)
        layout.addLayout(sums)
        layout.addLayout(people)
        layout.addWidget(self.messages)
        layout.addLayout(buttons)

        order: list[QWidget] = [
            self.kind,
            self.code,
            self.number,
            self.issue_date,
            self.buyer_name,
            self.buyer_tax_id,
            self.lines,
            self.issuer,
            self.remarks,
            self.save_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        new_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def _connect(self, new_button: QPushButton, clear_button: QPushButton) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            (QKeySequence.StandardKey.Save, self.save),
            (QKeySequence.StandardKey.New, self.new_invoice),
            (QKeySequence(Qt.Key.Key_Escape), self.clear_or_close),
        ):
            QShortcut(keys, self, slot).setContext(context)
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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in a text field moves on, like Tab."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and isinstance(watched, QWidget)
        ):
            watched.focusNextChild()
            return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------ state

    def is_dirty(self) -> bool:
        self.lines.commit_editor()
        texts = (self.number.text(), self.buyer_name.text(), self.buyer_tax_id.text())
        lines = any(not self.lines.is_blank(row) for row in range(self.lines.rowCount()))
        return any(t.strip() for t in texts) or lines

    def reset(self, keep_header: bool = True) -> None:
        """An empty invoice; the kind, date and issuer stay for the next one."""
        settings = QSettings()
        if not keep_header:
            kind = str(settings.value("form/kind", DEFAULT_KIND))
            self.kind.setCurrentIndex(max(self.kind.findData(kind), 0))
            today = local_today()
            self.issue_date.setDate(QDate(today.year, today.month, today.day))
            self.issuer.setText(str(settings.value("form/issuer", "")))
        self.lines.commit_editor()
        for widget in (self.code, self.number, self.buyer_name, self.buyer_tax_id, self.remarks):
            widget.clear()
        self.lines.clear_lines()
        self._clear_marks()
        self._kind_changed()
        self._update_totals()

    def focus_first(self) -> None:
        self.number.setFocus(Qt.FocusReason.OtherFocusReason)

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
        digital = self.kind.currentData() in DIGITAL_KINDS
        if digital:
            self.code.clear()
        self.code.setEnabled(not digital)
        self.code.setPlaceholderText(self.tr("数电票无发票代码") if digital else "")

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
        can know of is shown at once.
        """
        problems: list[Problem] = []
        kind = str(self.kind.currentData())
        code, number = self.code.text(), self.number.text()
        try:
            code, number = normalize_invoice_key(kind, code, number)
        except IdentifierError as exc:
            problems.append(Problem(exc.field or "number", exc.message))
        self.lines.drop_blank_lines()
        qdate = self.issue_date.date()
        draft = InvoiceDraft(
            kind=kind,
            code=code,
            number=number,
            issue_date=date(qdate.year(), qdate.month(), qdate.day()),
            buyer_name=self.buyer_name.text().strip(),
            buyer_tax_id=normalize_buyer_id(self.buyer_tax_id.text()),
            issuer=self.issuer.text().strip(),
            remarks=self.remarks.text().strip(),
            lines=self.lines.read_lines(problems),
        )
        if not problems:
            return draft, []
        named = {p.field for p in problems}
        header = [
            p
            for p in validate_invoice(draft, local_today())
            if p.is_error and not p.field.startswith(("lines", "invoice")) and p.field not in named
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
        DbOp(self, lambda: invoices.record_invoice(draft, actor)).success(
            lambda view: self._saved(draft, view)
        ).failure(self._save_failed).run()

    def _done_saving(self) -> None:
        self._saving = False
        self.save_button.setEnabled(True)

    def _saved(self, draft: InvoiceDraft, view: InvoiceView) -> None:
        self._done_saving()
        settings = QSettings()
        settings.setValue("form/kind", view.kind)
        settings.setValue("form/issuer", view.issuer)
        warnings = [p.text() for p in validate_invoice(draft, local_today()) if not p.is_error]
        text = self.tr("已保存发票 {number}，价税合计 {total}。").format(
            number=view.number, total=format_money(view.total)
        )
        if warnings:
            text += "\n" + "\n".join(self.tr("提示：{text}").format(text=w) for w in warnings)
        self.reset()
        self._set_message(text, "warning" if warnings else "ok")
        self.focus_first()
        self.saved.emit(view.id)

    def _save_failed(self, exc: Exception) -> None:
        self._done_saving()
        if isinstance(exc, ValidationFailed):
            self.show_problems(exc.problems)
        elif isinstance(exc, DuplicateInvoice):
            self.show_problems([Problem("number", exc.message)])
        elif isinstance(exc, PeriodLocked):
            self.show_problems([Problem("issue_date", exc.message)])
        elif known_error_text(exc) is not None:
            self._set_message(known_error_text(exc) or "", "error")
        else:
            self._set_message(self.tr("保存失败：发生意外错误，请查看错误对话框。"), "error")
            show_error(self, exc)

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
