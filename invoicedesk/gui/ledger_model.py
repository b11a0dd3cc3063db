"""The ledger as a lazy table model over SQL pages.

The row count (and the money sums) come from one query; rows are fetched in pages of
``PAGE_SIZE`` on the database worker when ``data()`` first asks for them, and shown as a
placeholder until they arrive. Requests are coalesced (one operation per event-loop turn, only the
pages still wanted), and every filter or sort change bumps a generation counter so that late
results of an older query are dropped. Sorting and filtering happen in SQL.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor

from invoicedesk.core.clock import period_of
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.core.kinds import KINDS, STATUSES
from invoicedesk.core.money import format_money
from invoicedesk.gui.errors import show_error
from invoicedesk.gui.worker import DbOp
from invoicedesk.services import invoices, ledger_totals
from invoicedesk.services.dto import InvoiceRow, InvoiceView, LedgerTotals, Page
from invoicedesk.services.filters import SORT_KEYS, InvoiceFilter

PAGE_SIZE = 200
MAX_CACHED_PAGES = 64  # 12,800 rows; the pages on screen are always the most recently used
MAX_PAGES_PER_FETCH = 4  # when scrolling fast, only the latest pages are still wanted
CONTEXT = "LedgerModel"
PLACEHOLDER = "…"
RED_TEXT = QColor("#c62828")
VOID_TEXT = QColor("#9e9e9e")

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # source text in CONTEXT
    sort: str | None  # one of SORT_KEYS, None when SQL cannot sort by it
    money: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("issue_date", QT_TRANSLATE_NOOP("LedgerModel", "开票日期"), "issue_date"),
    Column("kind", QT_TRANSLATE_NOOP("LedgerModel", "票种"), "kind"),
    Column("code", QT_TRANSLATE_NOOP("LedgerModel", "发票代码"), None),
    Column("number", QT_TRANSLATE_NOOP("LedgerModel", "发票号码"), "number"),
    Column("buyer_name", QT_TRANSLATE_NOOP("LedgerModel", "购买方名称"), "buyer_name"),
    Column("buyer_tax_id", QT_TRANSLATE_NOOP("LedgerModel", "购买方识别号"), "buyer_tax_id"),
    Column("amount", QT_TRANSLATE_NOOP("LedgerModel", "金额"), "amount", money=True),
    Column("tax", QT_TRANSLATE_NOOP("LedgerModel", "税额"), "tax", money=True),
    Column("total", QT_TRANSLATE_NOOP("LedgerModel", "价税合计"), "total", money=True),
    Column("status", QT_TRANSLATE_NOOP("LedgerModel", "状态"), "status"),
    Column("issuer", QT_TRANSLATE_NOOP("LedgerModel", "开票人"), "issuer"),
)
COLUMN_INDEX = {column.key: i for i, column in enumerate(COLUMNS)}
assert all(c.sort is None or c.sort in SORT_KEYS for c in COLUMNS)

# Short names for the table; the full name (core.kinds.KINDS) is the tooltip.
SHORT_KINDS: dict[str, str] = {
    "01": QT_TRANSLATE_NOOP("LedgerModel", "专票"),
    "03": QT_TRANSLATE_NOOP("LedgerModel", "机动车票"),
    "04": QT_TRANSLATE_NOOP("LedgerModel", "普票"),
    "08": QT_TRANSLATE_NOOP("LedgerModel", "电子专票"),
    "10": QT_TRANSLATE_NOOP("LedgerModel", "电子普票"),
    "11": QT_TRANSLATE_NOOP("LedgerModel", "卷票"),
    "14": QT_TRANSLATE_NOOP("LedgerModel", "通行费电子票"),
    "15": QT_TRANSLATE_NOOP("LedgerModel", "二手车票"),
    "81": QT_TRANSLATE_NOOP("LedgerModel", "数电专票"),
    "82": QT_TRANSLATE_NOOP("LedgerModel", "数电普票"),
    "85": QT_TRANSLATE_NOOP("LedgerModel", "数电纸质专票"),
    "86": QT_TRANSLATE_NOOP("LedgerModel", "数电纸质普票"),
}

RED_MARK = QT_TRANSLATE_NOOP("LedgerModel", "红字发票")
RED_OF = QT_TRANSLATE_NOOP("LedgerModel", "冲销台账第 {id} 号发票；回车查看红冲链")
RED_CHAIN = QT_TRANSLATE_NOOP("LedgerModel", "已被红冲；回车查看红冲链和重开的发票")

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def kind_text(kind: str, short: bool = True) -> str:
    if short and kind in SHORT_KINDS:
        return _tr(CONTEXT, SHORT_KINDS[kind])
    return _tr("Kind", KINDS[kind]) if kind in KINDS else kind


def status_text(status: str) -> str:
    return _tr("Status", STATUSES[status]) if status in STATUSES else status


def red_text() -> str:
    """The status column of a red invoice that stands (its own status is "normal")."""
    return _tr(CONTEXT, RED_MARK)


def _fetch(
    flt: InvoiceFilter, sort: str, descending: bool, pages: list[int], with_totals: bool
) -> tuple[LedgerTotals | None, dict[int, Page]]:
    """Runs on the worker: the totals (when asked) and the given pages."""
    totals = invoices.ledger_totals(flt) if with_totals else None
    fetched = {
        page: invoices.list_invoices(
            flt, sort=sort, descending=descending, offset=page * PAGE_SIZE, limit=PAGE_SIZE
        )
        for page in pages
    }
    return totals, fetched


def _row_of(view: InvoiceView) -> InvoiceRow:
    return InvoiceRow(
        id=view.id,
        kind=view.kind,
        code=view.code,
        number=view.number,
        issue_date=view.issue_date,
        buyer_name=view.buyer_name,
        buyer_tax_id=view.buyer_tax_id,
        amount=view.amount,
        tax=view.tax,
        total=view.total,
        status=view.status,
        is_red=view.is_red,
        issuer=view.issuer,
        blue_invoice_id=view.blue_invoice_id,
    )


class LedgerModel(QAbstractTableModel):
    """Invoices matching a filter, in SQL order; rows load page by page in the background."""

    totals_changed = Signal(object)  # LedgerTotals of the whole filter
    reloaded = Signal()  # a new count and first pages were applied

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._filter = InvoiceFilter()
        self._sort = "issue_date"
        self._descending = True
        self._count = 0
        self._totals: LedgerTotals | None = None
        self._pages: OrderedDict[int, tuple[InvoiceRow, ...]] = OrderedDict()
        self._generation = 0
        self._reported = -1  # the generation whose failure was last shown
        self._reloading = False  # while a new count is coming, keep showing the old rows
        self._in_flight: set[int] = set()
        self._wanted: list[int] = []
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(0)
        self._flush_timer.timeout.connect(self._flush)

    # ------------------------------------------------------------ public API

    @property
    def filter(self) -> InvoiceFilter:
        return self._filter

    @property
    def sort_key(self) -> tuple[str, bool]:
        return self._sort, self._descending

    @property
    def totals(self) -> LedgerTotals | None:
        return self._totals

    @property
    def loading(self) -> bool:
        return self._reloading or bool(self._in_flight or self._wanted)

    def set_filter(self, flt: InvoiceFilter) -> None:
        if flt != self._filter:
            self._filter = flt
            self._reload(keep_position=False)

    def refresh(self) -> None:
        """Count again and reload the pages in use (after a save, or F5)."""
        self._reload(keep_position=True)

    def invoice_added(self, invoice_id: int, view: InvoiceView | None = None) -> None:
        """One invoice was just recorded here: show it without recounting the whole ledger.

        Counting and summing a million invoices takes about half a second; after a save at the
        counter only the new invoice's own figures are added to the totals (when it matches the
        filter). In the usual order (newest first, no search) a new invoice dated today is the
        first row: it is put there at once, with no query. Otherwise the first page is read
        again. F5 and any filter change count afresh.
        """
        if self._totals is None or self._reloading:
            self.refresh()
            return
        if view is not None and self._insert_on_top(view):
            return
        self._generation += 1
        generation = self._generation
        self._reloading = True
        self._wanted.clear()
        self._in_flight.clear()
        # Only the first page (where a new invoice shows in the usual newest-first order): the
        # view asks for any other page it shows again, lazily, as after any reset.
        pages = [0]
        flt, sort, descending = self._filter, self._sort, self._descending
        before = self._totals

        def fetch() -> tuple[LedgerTotals | None, dict[int, Page]]:
            totals = ledger_totals.after_adding(before, flt, invoice_id)
            return totals, _fetch(flt, sort, descending, pages, False)[1]

        DbOp(self, fetch).success(lambda result: self._apply_reload(generation, result)).failure(
            lambda exc: self._failed(generation, exc)
        ).run()

    def _insert_on_top(self, view: InvoiceView) -> bool:
        """Put a new invoice in row 0 when it certainly belongs there; False when unsure."""
        plain = self._filter in (InvoiceFilter(), InvoiceFilter(period=period_of(view.issue_date)))
        first = self._pages.get(0)
        if (
            not plain
            or (self._sort, self._descending) != ("issue_date", True)
            or self._totals is None
            or first is None
            or (first and (first[0].issue_date, first[0].id) > (view.issue_date, view.id))
        ):
            return False
        self._generation += 1  # results of queries made before this insert are stale
        self._wanted.clear()
        self._in_flight.clear()
        row = _row_of(view)
        self.beginInsertRows(QModelIndex(), 0, 0)
        # Rows shift down by one: keep page 0 exact; other pages are read again when shown.
        self._pages.clear()
        self._pages[0] = ((row, *first))[:PAGE_SIZE]
        self._count += 1
        self.endInsertRows()
        # Plain arithmetic on data at hand (no query): done here, so the row and the totals
        # line change together.
        self._totals = ledger_totals.with_invoice(self._totals, view)
        self.totals_changed.emit(self._totals)
        self.reloaded.emit()
        return True

    def _reload(self, keep_position: bool) -> None:
        self._generation += 1
        generation = self._generation
        self._reloading = True
        self._wanted.clear()
        self._in_flight.clear()
        recent = list(reversed(self._pages))[:MAX_PAGES_PER_FETCH] if keep_position else []
        pages = sorted(set(recent) | {0})
        flt, sort, descending = self._filter, self._sort, self._descending
        DbOp(self, lambda: _fetch(flt, sort, descending, pages, True)).success(
            lambda result: self._apply_reload(generation, result)
        ).failure(lambda exc: self._failed(generation, exc)).run()

    def row_at(self, row: int) -> InvoiceRow | None:
        """The row if its page is loaded (no request is made)."""
        rows = self._pages.get(row // PAGE_SIZE)
        offset = row % PAGE_SIZE
        return rows[offset] if rows is not None and offset < len(rows) else None

    def invoice_id(self, row: int) -> int | None:
        found = self.row_at(row)
        return found.id if found else None

    # ------------------------------------------------------------ Qt model

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        column = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return _tr(CONTEXT, column.title)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.money else _LEFT
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._count:
            return None
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.money else _LEFT
        page = index.row() // PAGE_SIZE
        rows = self._pages.get(page)
        if rows is None:
            self._want(page)
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return PLACEHOLDER
            return None
        self._pages.move_to_end(page)
        offset = index.row() % PAGE_SIZE
        if offset >= len(rows):
            return None  # the ledger shrank since the count: the next refresh fixes it
        row = rows[offset]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.status == "voided":
                return VOID_TEXT
            if column.money and (row.is_red or getattr(row, column.key) < 0):
                return RED_TEXT
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS) or COLUMNS[column].sort is None:
            return
        key = COLUMNS[column].sort
        descending = order == Qt.SortOrder.DescendingOrder
        if key is None or (key, descending) == (self._sort, self._descending):
            return
        self._sort, self._descending = key, descending
        self._reload(keep_position=False)

    # ------------------------------------------------------------ display

    @staticmethod
    def _display(row: InvoiceRow, column: Column) -> str:
        value = getattr(row, column.key)
        if column.money:
            return format_money(value)
        if column.key == "issue_date":
            return str(value.isoformat())
        if column.key == "kind":
            return kind_text(value)
        if column.key == "status":
            if row.is_red and value == "normal":
                return red_text()
            return status_text(value)
        return str(value)

    @staticmethod
    def _tooltip(row: InvoiceRow, column: Column) -> str | None:
        if column.key == "kind":
            return kind_text(row.kind, short=False)
        if column.key == "buyer_name":
            return row.buyer_name
        if column.key == "status" and row.is_red and row.blue_invoice_id is not None:
            return _tr(CONTEXT, RED_OF).format(id=row.blue_invoice_id)
        if column.key == "status" and row.status in ("red_partial", "red_full"):
            return _tr(CONTEXT, RED_CHAIN)
        return None

    # ------------------------------------------------------------ loading

    def _want(self, page: int) -> None:
        if self._reloading or page in self._in_flight:
            return
        if page in self._wanted:
            self._wanted.remove(page)
        self._wanted.append(page)
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def _flush(self) -> None:
        pages = self._wanted[-MAX_PAGES_PER_FETCH:]
        self._wanted.clear()  # pages scrolled past are asked for again if they come back
        if not pages or self._reloading:
            return
        self._in_flight.update(pages)
        generation = self._generation
        flt, sort, descending = self._filter, self._sort, self._descending
        DbOp(self, lambda: _fetch(flt, sort, descending, pages, False)).success(
            lambda result: self._apply_pages(generation, result[1])
        ).failure(lambda exc: self._failed(generation, exc)).run()

    def _store(self, fetched: dict[int, Page]) -> None:
        for page, result in fetched.items():
            self._pages[page] = result.rows
            self._pages.move_to_end(page)
        while len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)

    def _apply_pages(self, generation: int, fetched: dict[int, Page]) -> None:
        if generation != self._generation:
            return  # the filter or sort changed meanwhile
        self._in_flight.difference_update(fetched)
        self._store(fetched)
        last_column = len(COLUMNS) - 1
        for page in fetched:
            first = page * PAGE_SIZE
            last = min(first + PAGE_SIZE, self._count) - 1
            if first <= last:
                self.dataChanged.emit(self.index(first, 0), self.index(last, last_column))

    def _apply_reload(
        self, generation: int, result: tuple[LedgerTotals | None, dict[int, Page]]
    ) -> None:
        if generation != self._generation:
            return
        totals, fetched = result
        assert totals is not None
        self.beginResetModel()
        self._pages.clear()
        self._store(fetched)
        self._count = totals.count
        self._totals = totals
        self._reloading = False
        self.endResetModel()
        self.totals_changed.emit(totals)
        self.reloaded.emit()

    def _failed(self, generation: int, exc: Exception) -> None:
        if generation != self._generation or generation == self._reported:
            return  # stale, or already said for this query (one message, not one per page)
        self._reported = generation
        self._reloading = False
        self._in_flight.clear()
        show_error(None, exc)
