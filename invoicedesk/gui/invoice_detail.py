"""A read-only view of one invoice: header, lines, totals, amount in words, status, its chain
blue → red → replacement, and the files kept with it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from invoicedesk.core.i18n import colon, listing
from invoicedesk.core.kinds import RED_REASONS
from invoicedesk.core.money import format_money
from invoicedesk.core.rates import EXEMPT, NONTAXABLE, SPECIAL_TAX_TEXT, parse_rate
from invoicedesk.gui.errors import show_error
from invoicedesk.gui.ledger_model import RED_TEXT, kind_text, status_text
from invoicedesk.gui.worker import DbOp
from invoicedesk.services import corrections, invoice_files, invoices
from invoicedesk.services.corrections import ChainLink
from invoicedesk.services.dto import InvoiceLineView, InvoiceView
from invoicedesk.services.invoice_files import FileView

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def rate_label(code: str) -> str:
    try:
        rate = parse_rate(code)
    except ValueError:
        return code
    return QCoreApplication.translate("Rate", rate.label)


def _decimal_text(value: object) -> str:
    return "" if value is None else format(value, "f")


class InvoiceDetailDialog(QDialog):
    """Fetches the invoice off the GUI thread, then shows it; nothing here can change it."""

    # Set by the audit feature: opens the invoice's history (审计记录 button) when present.
    history_opener: Callable[[int], None] | None = None

    def __init__(self, invoice_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("invoiceDetail")
        self.setWindowTitle(self.tr("发票详情"))
        self.invoice: InvoiceView | None = None
        self._status = QLabel(self.tr("正在读取发票…"))
        self._header = QGridLayout()
        self._lines = QTableWidget(0, 8)
        self._lines.setObjectName("detailLines")
        self._lines.setHorizontalHeaderLabels(
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
        self._lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._lines.verticalHeader().setVisible(False)
        self._lines.setAlternatingRowColors(True)
        header = self._lines.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._totals = QFormLayout()
        self.chain_label = QLabel()
        self.chain_label.setObjectName("detailChain")
        self.chain_label.setWordWrap(True)
        self.chain_label.setTextFormat(Qt.TextFormat.RichText)
        self.chain_label.setVisible(False)
        self.files_label = QLabel()
        self.files_label.setObjectName("detailFiles")
        self.files_label.setWordWrap(True)
        self.files_label.setVisible(False)
        self.chain: list[ChainLink] = []
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.history_button: QPushButton | None = None
        opener = type(self).history_opener
        if opener is not None:
            self.history_button = buttons.addButton(
                self.tr("审计记录"), QDialogButtonBox.ButtonRole.ActionRole
            )
            self.history_button.setObjectName("detailHistory")

            def open_history() -> None:
                self.accept()
                opener(invoice_id)

            self.history_button.clicked.connect(open_history)

        layout = QVBoxLayout(self)
        layout.addWidget(self._status)
        layout.addLayout(self._header)
        layout.addWidget(self._lines, 1)
        layout.addLayout(self._totals)
        layout.addWidget(self.chain_label)
        layout.addWidget(self.files_label)
        layout.addWidget(buttons)
        self.resize(900, 560)

        def load() -> tuple[InvoiceView, list[ChainLink], list[FileView]]:
            return (
                invoices.get_invoice(invoice_id),
                corrections.chain_of(invoice_id),
                invoice_files.files_of(invoice_id),
            )

        DbOp(self, load).success(self._loaded).failure(self._failed).run()

    def _loaded(self, result: tuple[InvoiceView, list[ChainLink], list[FileView]]) -> None:
        view, chain, files = result
        self._show(view)
        self.chain = chain
        if len(chain) > 1:
            self.chain_label.setText(colon(self.tr("红冲链")) + self.chain_text(view.id, chain))
            self.chain_label.setVisible(True)
        if files:
            names = str(listing(f"{f.name} ({f.sha256[:8]})" for f in files))
            self.files_label.setText(self.tr("随附文件：{names}").format(names=names))
            self.files_label.setVisible(True)

    def chain_text(self, current: int, chain: list[ChainLink]) -> str:
        roles = {
            "blue": self.tr("蓝字"),
            "red": self.tr("红字"),
            "replacement": self.tr("重开"),
        }
        parts = []
        for link in chain:
            key = f"{link.code}-{link.number}" if link.code else link.number
            note = format_money(link.total) if link.is_red else status_text(link.status)
            text = self.tr("{role} {key}（{note}）").format(
                role=roles[link.role], key=key, note=note
            )
            parts.append(f"<b>{text}</b>" if link.id == current else text)
        return " → ".join(parts)

    def _failed(self, exc: Exception) -> None:
        self._status.setText(self.tr("无法读取这张发票。"))
        show_error(self, exc)

    def _show(self, view: InvoiceView) -> None:
        self.invoice = view
        title = view.number if not view.code else f"{view.code}-{view.number}"
        self.setWindowTitle(self.tr("发票详情 - {number}").format(number=title))
        status = status_text(view.status)
        if view.is_red:
            status = self.tr("红字发票（{status}）").format(status=status)
        self._status.setText(status)
        self._status.setObjectName("detailStatus")
        font = self._status.font()
        font.setBold(True)
        self._status.setFont(font)
        fields = [
            (self.tr("票种"), kind_text(view.kind, short=False)),
            (self.tr("发票代码"), view.code or "—"),
            (self.tr("发票号码"), view.number),
            (self.tr("开票日期"), view.issue_date.isoformat()),
            (self.tr("购买方名称"), view.buyer_name),
            (self.tr("购买方识别号"), view.buyer_tax_id or "—"),
            (self.tr("销售方"), f"{view.seller_name} {view.seller_tax_id}".strip() or "—"),
            (self.tr("开票人"), view.issuer or "—"),
            (self.tr("备注"), view.remarks or "—"),
        ]
        if view.red_reason:
            reason = RED_REASONS.get(view.red_reason, view.red_reason)
            fields.append((self.tr("红冲原因"), QCoreApplication.translate("RedReason", reason)))
        if view.void_reason:
            fields.append((self.tr("作废原因"), view.void_reason))
        for i, (label, value) in enumerate(fields):
            text = QLabel(value)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text.setWordWrap(True)
            self._header.addWidget(QLabel(colon(label)), i // 2, (i % 2) * 2)
            self._header.addWidget(text, i // 2, (i % 2) * 2 + 1)
        self._header.setColumnStretch(1, 1)
        self._header.setColumnStretch(3, 1)
        self._fill_lines(view.lines)
        money = [
            (self.tr("合计金额"), format_money(view.amount)),
            (self.tr("合计税额"), format_money(view.tax)),
            (self.tr("价税合计"), format_money(view.total)),
            (self.tr("价税合计（大写）"), view.amount_in_words),
        ]
        for label, value in money:
            text = QLabel(value)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if view.is_red:
                text.setStyleSheet(f"color: {RED_TEXT.name()};")
            self._totals.addRow(colon(label), text)

    def _fill_lines(self, lines: tuple[InvoiceLineView, ...]) -> None:
        self._lines.setRowCount(len(lines))
        for row, line in enumerate(lines):
            special = line.tax_rate in (EXEMPT, NONTAXABLE)
            cells = [
                line.name,
                line.spec,
                line.unit,
                _decimal_text(line.quantity),
                _decimal_text(line.unit_price),
                format_money(line.amount, symbol=False),
                rate_label(line.tax_rate),
                SPECIAL_TAX_TEXT if special else format_money(line.tax, symbol=False),
            ]
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if column >= 3:
                    item.setTextAlignment(_RIGHT)
                self._lines.setItem(row, column, item)
        self._lines.resizeColumnsToContents()
        self._lines.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
