"""The ledger screen: search, period filter, the lazy invoice table, and its totals."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from invoicedesk.core import clock
from invoicedesk.core.changes import Changes
from invoicedesk.core.dates import periods_back
from invoicedesk.core.kinds import STATUSES
from invoicedesk.core.money import format_money
from invoicedesk.gui.invoice_detail import InvoiceDetailDialog
from invoicedesk.gui.ledger_model import (
    COLUMN_INDEX,
    COLUMNS,
    LedgerModel,
    kind_text,
    red_text,
    status_text,
)
from invoicedesk.gui.worker import connect_changes
from invoicedesk.services.dto import InvoiceView, LedgerTotals
from invoicedesk.services.filters import InvoiceFilter

SEARCH_DELAY_MS = 250
RECENT_MONTHS = 24
HEADER_KEY = "ledger/header_v1"  # a new name when the columns change
# Widest typical content per column, measured with the table's font.
_SAMPLES: dict[str, str | list[str]] = {
    "issue_date": "2026-12-31",
    "code": "011002500104",
    "number": "26112000001272487786",
    "buyer_name": "中关村恒信信息技术股份有限公司",
    "buyer_tax_id": "91110108551385082Q",
    "amount": "¥1,234,567.89",
    "tax": "¥123,456.78",
    "total": "¥1,234,567.89",
    "issuer": "开票人名",
}


class LedgerPage(QWidget):
    """Emits ``summary_changed`` with the count and sums of what the table shows."""

    summary_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ledgerPage")
        self.model = LedgerModel(self)
        self._added_here: set[int] = set()  # shown at once by invoice_added: no reload for them
        connect_changes(self, self.on_changes)
        self._scroll_after_reload: int | None = None
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("搜索发票号码、购买方名称或识别号（Ctrl+F）"))
        self.period = QComboBox()
        self.period.setObjectName("period")
        self.period.addItem(self.tr("全部期间"), None)
        for period in periods_back(clock.today(), RECENT_MONTHS):
            self.period.addItem(period, period)
        self.table = QTableView()
        self.table.setObjectName("ledgerTable")
        self._setup_table()

        period_label = QLabel(self.tr("期间："))
        period_label.setBuddy(self.period)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(period_label)
        bar.addWidget(self.period)
        # An empty ledger says what to do first (the first-start feature fills it in).
        self.first_steps = QLabel(self)
        self.first_steps.setObjectName("firstSteps")
        self.first_steps.setWordWrap(True)
        self.first_steps.setTextFormat(Qt.TextFormat.PlainText)
        self.first_steps.setStyleSheet(
            "#firstSteps { background: #eef5fb; border: 1px solid #b6d4ea; padding: 12px;"
            " font-size: 15px; }"
        )
        self.first_steps.hide()
        self._first_steps: list[str] = []
        self._count: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(bar)
        layout.addWidget(self.first_steps)
        layout.addWidget(self.table, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.period.currentIndexChanged.connect(self.apply_filter)
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        clear = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search, self.search.clear)
        clear.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.activated.connect(self._open_detail)
        self.model.totals_changed.connect(self._totals_changed)
        self.model.reloaded.connect(self._restore_scroll)
        if not self.model.loading:  # restoring a saved sort order already asked
            self.model.refresh()

    def _setup_table(self) -> None:
        table = self.table
        table.setModel(self.model)
        table.setAlternatingRowColors(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        metrics = table.fontMetrics()
        samples = dict(_SAMPLES)
        # Translated words: the common kinds and every status, in the interface language.
        samples["kind"] = [kind_text(kind) for kind in ("01", "04", "10", "81", "82")]
        samples["status"] = [status_text(status) for status in STATUSES] + [red_text()]
        for i, column in enumerate(COLUMNS):
            title = self.model.headerData(i, Qt.Orientation.Horizontal)
            texts = samples.get(column.key, "")
            widest = max(
                metrics.horizontalAdvance(t) for t in ([texts] if isinstance(texts, str) else texts)
            )
            width = max(widest, metrics.horizontalAdvance(title) + 16)
            header.resizeSection(i, width + 18)
        header.setSectionResizeMode(COLUMN_INDEX["buyer_name"], QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(COLUMN_INDEX["issue_date"], Qt.SortOrder.DescendingOrder)
        state = QSettings().value(HEADER_KEY)
        if isinstance(state, QByteArray) and not state.isEmpty():
            header.restoreState(state)
        self._sort_indicator = (header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.model.sort(*self._sort_indicator)
        header.sortIndicatorChanged.connect(self._sort_changed)
        table.setSortingEnabled(True)

    # ------------------------------------------------------------ actions

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def current_filter(self) -> InvoiceFilter:
        return InvoiceFilter(text=self.search.text().strip(), period=self.period.currentData())

    def apply_filter(self) -> None:
        self._debounce.stop()
        if self.current_filter() != self.model.filter:
            self._scroll_after_reload = 0
            self.model.set_filter(self.current_filter())

    def refresh(self) -> None:
        """Reload after a change, keeping the scroll position."""
        self._scroll_after_reload = self.table.verticalScrollBar().value()
        self.model.refresh()

    def on_changes(self, changes: Changes) -> None:
        """Any invoice changed (here, at another counter, by the command line): reload, keeping
        the scroll position. An invoice this page already added by ``invoice_added`` is not
        reloaded again."""
        if not changes.touches("invoices"):
            return
        if not (changes.reload or changes.database_switched):
            fresh = set(changes.invoices) - self._added_here
            self._added_here -= set(changes.invoices)
            if not fresh:
                return
        self.refresh()

    def invoice_added(self, invoice_id: int, view: InvoiceView | None = None) -> None:
        """After a save at the counter: the new row shows without recounting the ledger."""
        self._added_here.add(invoice_id)
        self._scroll_after_reload = self.table.verticalScrollBar().value()
        self.model.invoice_added(invoice_id, view)
        if self._scroll_after_reload is not None and not self.model.loading:
            self._restore_scroll()

    def save_state(self) -> None:
        QSettings().setValue(HEADER_KEY, self.table.horizontalHeader().saveState())

    def summary_text(self, totals: LedgerTotals) -> str:
        text = self.tr("共 {count} 张　金额 {amount}　税额 {tax}　价税合计 {total}").format(
            count=f"{totals.count:,}",
            amount=format_money(totals.amount),
            tax=format_money(totals.tax),
            total=format_money(totals.total),
        )
        if totals.voided:
            text += self.tr("（其中作废 {voided} 张，不计金额）").format(
                voided=f"{totals.voided:,}"
            )
        return text

    # ------------------------------------------------------------ slots

    def _sort_changed(self, section: int, order: Qt.SortOrder) -> None:
        if COLUMNS[section].sort is None:  # SQL cannot sort by it: keep the previous order
            self.table.horizontalHeader().setSortIndicator(*self._sort_indicator)
            return
        if (section, order) != self._sort_indicator:
            self._scroll_after_reload = 0
        self._sort_indicator = (section, order)

    def set_first_steps(self, steps: list[str]) -> None:
        """What to do first, shown while the whole ledger is empty."""
        self._first_steps = list(steps)
        self._show_first_steps()

    def _show_first_steps(self) -> None:
        empty = self._count == 0 and self.current_filter() == InvoiceFilter()
        if empty and self._first_steps:
            lines = [self.tr("台账还是空的。先做这几件事：")]
            lines += [f"{n}. {step}" for n, step in enumerate(self._first_steps, 1)]
            self.first_steps.setText("\n".join(lines))
        self.first_steps.setVisible(empty and bool(self._first_steps))

    def _totals_changed(self, totals: LedgerTotals) -> None:
        self.summary_changed.emit(self.summary_text(totals))
        self._count = totals.count
        self._show_first_steps()

    def _restore_scroll(self) -> None:
        if self._scroll_after_reload is not None:
            self.table.verticalScrollBar().setValue(self._scroll_after_reload)
            self._scroll_after_reload = None

    def _open_detail(self, index: QModelIndex) -> None:
        invoice_id = self.model.invoice_id(index.row())
        if invoice_id is None:
            return  # its page is still loading
        dialog = InvoiceDetailDialog(invoice_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
