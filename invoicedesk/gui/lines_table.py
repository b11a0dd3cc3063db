"""The line-item editor of the invoice form: typed cells, a rate combo, computed tax.

Keyboard: typing starts editing a cell; Tab and Shift+Tab move between the editable cells (the
computed tax is skipped); Tab from the last cell adds a line; Tab on the name of an empty last
line leaves the table (the empty line is dropped), and Shift+Tab on the first cell goes back.

The name cell completes from recently used item names (the *category* picker: typing 餐饮 offers
``*餐饮服务*餐费``). A line with a negative amount right after a positive one is a discount line.
With ``inclusive`` on, amounts and unit prices are typed tax-inclusive (含税) and split into
amount and tax when read, as the platform does.
"""

from __future__ import annotations

from decimal import Decimal

import shiboken6
from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from invoicedesk.core.fields import field_label
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.core.invoice import LineDraft
from invoicedesk.core.money import AmountError, format_money, parse_decimal, round_fen
from invoicedesk.core.problems import Problem
from invoicedesk.core.rates import KNOWN_RATES, SPECIAL_TAX_TEXT, TaxRate
from invoicedesk.core.vat import line_tax, split_inclusive

PRICE_PLACES = Decimal("0.00000001")  # a net unit price split from a gross one

NAME, SPEC, UNIT, QUANTITY, PRICE, AMOUNT, RATE, TAX = range(8)
EDITABLE = (NAME, SPEC, UNIT, QUANTITY, PRICE, AMOUNT, RATE)
NUMERIC = (QUANTITY, PRICE, AMOUNT, TAX)
# Field names used by core problems ("lines[2].amount") for each column.
FIELD_COLUMNS = {
    "name": NAME,
    "spec": SPEC,
    "unit": UNIT,
    "is_discount": AMOUNT,
    "quantity": QUANTITY,
    "unit_price": PRICE,
    "amount": AMOUNT,
    "tax_rate": RATE,
    "tax": TAX,
}
RATE_ROLE = Qt.ItemDataRole.UserRole
DISCOUNT_ROLE = Qt.ItemDataRole.UserRole + 2  # on the name cell: this line is a discount line
DISCOUNT_BACKGROUND = QColor("#fff8e1")
CHOSEN_ROLE = Qt.ItemDataRole.UserRole + 3  # on the rate cell: the user picked this line's rate
GIVEN_TAX_ROLE = Qt.ItemDataRole.UserRole + 1  # a tax read from a file, kept until the line changes
_CELL_PROBLEM = QT_TRANSLATE_NOOP("LinesTable", "第{row}行{field}：{text}")
ERROR_BACKGROUND = QColor("#ffebee")
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

AnyIndex = QModelIndex | QPersistentModelIndex


def rate_by_code(code: str) -> TaxRate:
    return next((rate for rate in KNOWN_RATES if rate.code == code), KNOWN_RATES[0])


def rate_text(rate: TaxRate) -> str:
    return QCoreApplication.translate("Rate", rate.label)


def grouped(value: Decimal) -> str:
    """``1,234.50``: what a line cell shows (and reads back)."""
    return format_money(value, symbol=False)


def optional_decimal(text: str) -> Decimal | None:
    """None for an empty cell; raises AmountError for text that is not a number."""
    return parse_decimal(text) if text.strip() else None


def _cell_problem(row: int, field: str, error: AmountError) -> Problem:
    """A cell that cannot be read: "第2行金额：“abc”不是有效的数值"."""
    params = {"row": row, "field": field_label(field), "text": error.message}
    return Problem(f"lines[{row}].{field}", Message("LinesTable", _CELL_PROBLEM, params))


class _NamePicker(QObject):
    """The category picker of the name cell: Down (or F4) lists recent names containing what
    was typed (餐饮 → *餐饮服务*餐费); Enter takes one. It never pops up by itself, so typing
    and Tab stay fast."""

    def __init__(self, editor: QLineEdit, names: list[str]) -> None:
        super().__init__(editor)
        self._editor = editor
        self.completer = QCompleter(names, editor)
        self.completer.setObjectName("namePicker")
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.setWidget(editor)
        self.completer.activated.connect(editor.setText)
        editor.installEventFilter(self)
        editor.setToolTip(QCoreApplication.translate("LinesTable", "按 ↓ 从最近用过的项目中选择"))

    def open(self) -> None:
        self.completer.setCompletionPrefix(self._editor.text().strip())
        self.completer.complete()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_F4)
        ):
            self.open()
            return True
        return super().eventFilter(watched, event)


class _LineDelegate(QStyledItemDelegate):
    """A combo box for the rate column; plain line edits elsewhere."""

    def __init__(self, table: LinesTable) -> None:
        super().__init__(table)
        self._table = table

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        if index.column() == RATE:
            combo = QComboBox(parent)
            combo.setObjectName("rateEditor")
            for rate in KNOWN_RATES:
                combo.addItem(rate_text(rate), rate.code)
            editor: QWidget = combo
        else:
            editor = super().createEditor(parent, option, index)
            editor.setObjectName(f"cellEditor{index.column()}")
            if index.column() == NAME and isinstance(editor, QLineEdit) and self._table.names:
                _NamePicker(editor, self._table.names)
        self._table.active_editor = editor
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            found = editor.findData(index.data(RATE_ROLE))
            editor.setCurrentIndex(max(found, 0))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), RATE_ROLE)
            model.setData(index, editor.currentText(), Qt.ItemDataRole.DisplayRole)
        else:
            super().setModelData(editor, model, index)


class LinesTable(QTableWidget):
    lines_changed = Signal()
    leave_requested = Signal(bool)  # True: on to the next field; False: back to the previous

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 8, parent)
        self.setObjectName("linesTable")
        self.active_editor: QWidget | None = None
        self.names: list[str] = []  # recently used item names, offered in the name cell
        self.inclusive = False
        self.default_rate = KNOWN_RATES[0]  # for a new line: the last rate chosen, else usual
        self.item_rates: dict[str, TaxRate] = {}  # the rate each item name was last sold at
        self._updating = False
        self.setHorizontalHeaderLabels(
            [
                self.tr("项目名称"),
                self.tr("规格型号"),
                self.tr("单位"),
                self.tr("数量"),
                self.tr("单价"),
                self.tr("金额"),
                self.tr("税率"),
                self.tr("税额"),
            ]
        )
        for column in NUMERIC:
            self._header_item(column).setTextAlignment(_RIGHT)
        self.setItemDelegate(_LineDelegate(self))
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(True)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        for column, sample in (
            (SPEC, "规格型号"),
            (UNIT, "单位"),
            (QUANTITY, "10000.000"),
            (PRICE, "1,000,000.00"),
            (AMOUNT, "1,000,000.00"),
            (RATE, "不征税 ▾"),
            (TAX, "100,000.00"),
        ):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 28)
        self.itemChanged.connect(self._item_changed)
        self.clear_lines()

    # ------------------------------------------------------------ content

    def clear_lines(self) -> None:
        self.setRowCount(0)
        self.append_line()
        self.setCurrentIndex(QModelIndex())

    def append_line(self) -> int:
        row = self.rowCount()
        previous = self.rate(row - 1) if row else self.default_rate
        self._updating = True
        self.insertRow(row)
        for column in range(self.columnCount()):
            item = QTableWidgetItem("")
            item.setTextAlignment(_RIGHT if column in NUMERIC else _LEFT)
            if column == TAX:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.setItem(row, column, item)
        self.set_rate(row, previous)
        self._updating = False
        return row

    def text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text().strip() if item else ""

    def cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.item(row, column)
        if item is None:  # every cell gets an item in append_line
            raise IndexError(f"no cell at line {row + 1}, column {column}")
        return item

    def _header_item(self, column: int) -> QTableWidgetItem:
        item = self.horizontalHeaderItem(column)
        assert item is not None  # set by setHorizontalHeaderLabels
        return item

    def set_text(self, row: int, column: int, text: str) -> None:
        self.cell(row, column).setText(text)

    def rate(self, row: int) -> TaxRate:
        item = self.item(row, RATE)
        return rate_by_code(str(item.data(RATE_ROLE))) if item else self.default_rate

    def set_rate(self, row: int, rate: TaxRate) -> None:
        item = self.cell(row, RATE)
        item.setData(RATE_ROLE, rate.code)
        item.setText(rate_text(rate))

    def is_blank(self, row: int) -> bool:
        return not any(self.text(row, column) for column in (NAME, QUANTITY, PRICE, AMOUNT))

    def drop_blank_lines(self) -> None:
        """Remove empty lines (keeping one), so that line N is table row N."""
        for row in reversed(range(self.rowCount())):
            if self.rowCount() > 1 and self.is_blank(row):
                self.removeRow(row)

    def read_lines(self, problems: list[Problem] | None = None) -> list[LineDraft]:
        """The lines as typed; unreadable cells become ``problems`` (their line is skipped)."""
        drafts = []
        for row in range(self.rowCount()):
            if self.is_blank(row):
                continue
            values: dict[str, Decimal | None] = {}
            for field, column in (
                ("quantity", QUANTITY),
                ("unit_price", PRICE),
                ("amount", AMOUNT),
            ):
                try:
                    text = self.text(row, column)
                    values[field] = (
                        parse_decimal(text) if field == "amount" else optional_decimal(text)
                    )
                except AmountError as exc:
                    if problems is not None:
                        problems.append(_cell_problem(row + 1, field, exc))
                    values[field] = None
            amount = values["amount"]
            if amount is None:
                continue
            rate, price = self.rate(row), values["unit_price"]
            given = self.cell(row, TAX).data(GIVEN_TAX_ROLE)
            tax = Decimal(str(given)) if given else None
            if self.inclusive and not rate.is_special:
                amount, tax = split_inclusive(amount, rate)
                if price is not None:
                    price = (price / (1 + rate.value)).quantize(PRICE_PLACES).normalize()
            drafts.append(
                LineDraft(
                    name=self.text(row, NAME),
                    amount=amount,
                    tax_rate=rate,
                    tax=tax,
                    spec=self.text(row, SPEC),
                    unit=self.text(row, UNIT),
                    quantity=values["quantity"],
                    unit_price=price,
                    is_discount=self.is_discount(row),
                )
            )
        return drafts

    def is_discount(self, row: int) -> bool:
        item = self.item(row, NAME)
        return bool(item and item.data(DISCOUNT_ROLE))

    def set_discount(self, row: int, discount: bool) -> None:
        self._updating = True
        try:
            for column in range(self.columnCount()):
                self.cell(row, column).setBackground(
                    QBrush(DISCOUNT_BACKGROUND) if discount else QBrush()
                )
            self.cell(row, NAME).setData(DISCOUNT_ROLE, discount or None)
            self.cell(row, NAME).setToolTip(self.tr("折扣行：金额填负数") if discount else "")
        finally:
            self._updating = False

    def add_discount_line(self) -> int | None:
        """A discount line (折扣行) right under the current line: its name and rate, amount next.

        Returns the new row, or None when there is no line to discount.
        """
        self.commit_editor()
        row = self.currentRow() if self.currentRow() >= 0 else self.rowCount() - 1
        if row < 0 or self.is_blank(row) or self.is_discount(row):
            return None
        new = row + 1
        self._updating = True
        self.insertRow(new)
        for column in range(self.columnCount()):
            item = QTableWidgetItem("")
            item.setTextAlignment(_RIGHT if column in NUMERIC else _LEFT)
            if column == TAX:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.setItem(new, column, item)
        self.set_text(new, NAME, self.text(row, NAME))
        self.set_rate(new, self.rate(row))
        self._updating = False
        self.set_discount(new, True)
        index = self.model().index(new, AMOUNT)
        self.setCurrentIndex(index)
        self.edit(index)
        return new

    def set_inclusive(self, inclusive: bool) -> None:
        """Switch how amounts are read; the tax column and the headers follow."""
        self.inclusive = inclusive
        self._header_item(PRICE).setText(self.tr("含税单价") if inclusive else self.tr("单价"))
        self._header_item(AMOUNT).setText(self.tr("含税金额") if inclusive else self.tr("金额"))
        self._updating = True
        try:
            for row in range(self.rowCount()):
                self._compute_tax(row)
        finally:
            self._updating = False
        self.lines_changed.emit()

    def load_lines(self, lines: list[LineDraft]) -> None:
        """Show ``lines`` (net amounts) for checking: the table switches to tax-exclusive."""
        self.inclusive = False
        self.setRowCount(0)
        for line in lines:
            row = self.append_line()
            self._updating = True
            for column, value in (
                (NAME, line.name),
                (SPEC, line.spec),
                (UNIT, line.unit),
                (QUANTITY, "" if line.quantity is None else format(line.quantity, "f")),
                (PRICE, "" if line.unit_price is None else format(line.unit_price, "f")),
                (AMOUNT, grouped(line.amount)),
            ):
                self.set_text(row, column, value)
            self.set_rate(row, line.tax_rate)
            self._compute_tax(row)
            if line.is_discount:
                self._updating = False
                self.set_discount(row, True)
                self._updating = True
            if line.tax is not None and not line.tax_rate.is_special:
                self.set_text(row, TAX, grouped(line.tax))
                self.cell(row, TAX).setData(GIVEN_TAX_ROLE, str(line.tax))
            self._updating = False
        if not lines:
            self.append_line()
        self.lines_changed.emit()

    def commit_editor(self) -> None:
        """Write the cell being edited into the table (before saving with Ctrl+S)."""
        editor = self.active_editor
        if (
            self.state() == QAbstractItemView.State.EditingState
            and editor is not None
            and shiboken6.isValid(editor)
        ):
            self.commitData(editor)
            self.closeEditor(editor, QStyledItemDelegate.EndEditHint.NoHint)
        self.active_editor = None

    def cancel_editor(self) -> bool:
        """Close the cell editor without keeping its text; False when nothing was being edited."""
        editor = self.active_editor
        self.active_editor = None
        if self.state() != QAbstractItemView.State.EditingState or editor is None:
            return False
        if shiboken6.isValid(editor):
            self.closeEditor(editor, QStyledItemDelegate.EndEditHint.RevertModelCache)
        return True

    # ------------------------------------------------------------ error marks

    def mark_error(self, row: int, column: int, text: str) -> None:
        item = self.item(row, column)
        if item is None:
            return
        self._updating = True  # a mark is not an edit
        item.setBackground(QBrush(ERROR_BACKGROUND))
        tip = item.toolTip()
        item.setToolTip(f"{tip}\n{text}" if tip else text)
        self._updating = False

    def clear_marks(self) -> None:
        self._updating = True
        for row in range(self.rowCount()):
            for column in range(self.columnCount()):
                self._clear_mark(self.item(row, column))
        self._updating = False

    @staticmethod
    def _clear_mark(item: QTableWidgetItem | None) -> None:
        if item is not None and item.toolTip() and not item.data(DISCOUNT_ROLE):
            item.setBackground(QBrush())
            item.setToolTip("")

    # ------------------------------------------------------------ computing

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._updating:
            return
        row, column = item.row(), item.column()
        self._updating = True
        try:
            self._clear_mark(item)
            if column in (QUANTITY, PRICE):
                self._compute_amount(row)
            if column == NAME:
                self._rate_for_name(row)
            if column == AMOUNT:
                self._regroup(row, AMOUNT)
            if column in (QUANTITY, PRICE, AMOUNT, RATE, NAME):
                self._compute_tax(row)
                if column == RATE:
                    self.default_rate = self.rate(row)
                    self.cell(row, RATE).setData(CHOSEN_ROLE, True)
        finally:
            self._updating = False
        self.lines_changed.emit()

    def set_item_rates(self, rates: dict[str, str], usual: str | None) -> None:
        """What the ledger remembers: rates by item name, and the shop's usual rate."""
        self.item_rates = {name: rate_by_code(code) for name, code in rates.items()}
        if usual is not None:
            self.default_rate = rate_by_code(usual)
            self._updating = True
            try:
                for row in range(self.rowCount()):
                    if self.is_blank(row) and not self.cell(row, RATE).data(CHOSEN_ROLE):
                        self.set_rate(row, self.default_rate)
            finally:
                self._updating = False

    def remember_rates(self, lines: list[LineDraft]) -> None:
        for line in lines:
            if line.name:
                self.item_rates[line.name] = line.tax_rate

    def _regroup(self, row: int, column: int) -> None:
        """12345.6 typed reads 12,345.60; text that is not a whole fen stays for the check."""
        try:
            value = optional_decimal(self.text(row, column))
        except AmountError:
            return
        if value is not None and value == round_fen(value):
            self.set_text(row, column, grouped(value))

    def _rate_for_name(self, row: int) -> None:
        """A known item takes the rate it was last sold at, unless this line's rate was chosen."""
        rate = self.item_rates.get(self.text(row, NAME))
        if rate is not None and not self.cell(row, RATE).data(CHOSEN_ROLE):
            self.set_rate(row, rate)

    def _compute_amount(self, row: int) -> None:
        try:
            quantity = optional_decimal(self.text(row, QUANTITY))
            price = optional_decimal(self.text(row, PRICE))
        except AmountError:
            return
        if quantity is not None and price is not None:
            self.set_text(row, AMOUNT, grouped(round_fen(quantity * price)))

    def _compute_tax(self, row: int) -> None:
        self.cell(row, TAX).setData(GIVEN_TAX_ROLE, None)
        rate = self.rate(row)
        try:
            amount = optional_decimal(self.text(row, AMOUNT))
        except AmountError:
            amount = None
        if amount is None:
            self.set_text(row, TAX, "")
        elif rate.is_special:
            self.set_text(row, TAX, SPECIAL_TAX_TEXT)
        elif self.inclusive:
            self.set_text(row, TAX, grouped(split_inclusive(amount, rate)[1]))
        else:
            self.set_text(row, TAX, grouped(line_tax(amount, rate)))

    # ------------------------------------------------------------ keyboard

    def _leave(self, forward: bool) -> None:
        last = self.rowCount() - 1
        if forward and last > 0 and self.is_blank(last):
            self.removeRow(last)
        self.setCurrentIndex(QModelIndex())
        self.leave_requested.emit(forward)

    def moveCursor(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        next_, previous = (
            QAbstractItemView.CursorAction.MoveNext,
            QAbstractItemView.CursorAction.MovePrevious,
        )
        if action not in (next_, previous):
            return super().moveCursor(action, modifiers)
        current = self.currentIndex()
        model = self.model()
        if not current.isValid():
            return model.index(0, NAME)
        row, column = current.row(), current.column()
        last_row = self.rowCount() - 1
        if action == next_:
            if column == NAME and row == last_row and self.is_blank(row):
                QTimer.singleShot(0, lambda: self._leave(True))
                return QModelIndex()
            later = [c for c in EDITABLE if c > column]
            if later:
                return model.index(row, later[0])
            if row == last_row:
                self.append_line()
            return model.index(row + 1, NAME)
        earlier = [c for c in EDITABLE if c < column]
        if earlier:
            return model.index(row, earlier[-1])
        if row == 0:
            QTimer.singleShot(0, lambda: self._leave(False))
            return QModelIndex()
        return model.index(row - 1, EDITABLE[-1])

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        reason = event.reason()
        if reason == Qt.FocusReason.TabFocusReason:
            self._start_at(0, NAME)
        elif reason == Qt.FocusReason.BacktabFocusReason:
            self._start_at(self.rowCount() - 1, NAME)

    def _start_at(self, row: int, column: int) -> None:
        if self.state() == QAbstractItemView.State.EditingState:
            return
        index = self.model().index(row, column)
        self.setCurrentIndex(index)
        self.edit(index)
