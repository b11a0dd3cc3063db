"""The case register (客户工单): filters, the list (overdue in red) and the way into each case.

The table is a model over SQL pages: the first page comes with the count and the overdue count;
more rows are fetched on the worker as the list scrolls (``canFetchMore``/``fetchMore``).
Filtering happens in SQL; a late answer to an older filter is dropped.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from invoicedesk.core import case_flow as cf
from invoicedesk.core import clock
from invoicedesk.core.clock import SHOP_TZ
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, colon, listing
from invoicedesk.gui.case_common import OVERDUE_COLOUR, local, py_date, state_text, tr_case
from invoicedesk.gui.case_events import case_events
from invoicedesk.gui.worker import DbOp
from invoicedesk.services import cases
from invoicedesk.services.cases import CasePage as Page
from invoicedesk.services.cases import CaseRow
from invoicedesk.services.filters import CaseFilter

PAGE_SIZE = 200
AnyIndex = QModelIndex | QPersistentModelIndex

COLUMNS = (
    QT_TRANSLATE_NOOP("CaseList", "工单号"),
    QT_TRANSLATE_NOOP("CaseList", "状态"),
    QT_TRANSLATE_NOOP("CaseList", "客户"),
    QT_TRANSLATE_NOOP("CaseList", "电话/邮箱"),
    QT_TRANSLATE_NOOP("CaseList", "受理时间"),
    QT_TRANSLATE_NOOP("CaseList", "承诺时间"),
    QT_TRANSLATE_NOOP("CaseList", "发票"),
    QT_TRANSLATE_NOOP("CaseList", "受理人"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("CaseList", text)


class CaseListModel(QAbstractTableModel):
    loaded = Signal(int, int)  # cases matching, overdue in the register

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[CaseRow] = []
        self.total = 0
        self.overdue = 0
        self.filter = CaseFilter()
        self._generation = 0
        self._fetching = False
        self.loading = False

    # ------------------------------------------------------------ loading

    def reload(self, flt: CaseFilter | None = None) -> None:
        if flt is not None:
            self.filter = flt
        self._generation += 1
        generation, chosen = self._generation, self.filter
        self.loading = True
        DbOp(self, lambda: cases.list_cases(chosen, limit=PAGE_SIZE)).success(
            lambda page: self._first(generation, page)
        ).run()

    def _first(self, generation: int, page: Page) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self.rows = list(page.rows)
        self.total, self.overdue = page.total, page.overdue
        self.endResetModel()
        self.loading = False
        self.loaded.emit(self.total, self.overdue)

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._fetching and len(self.rows) < self.total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        generation, chosen, offset = self._generation, self.filter, len(self.rows)

        def more(page: Page) -> None:
            self._fetching = False
            if generation != self._generation or not page.rows:
                return
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page.rows) - 1)
            self.rows += page.rows
            self.endInsertRows()

        DbOp(self, lambda: cases.list_cases(chosen, offset=offset, limit=PAGE_SIZE)).success(
            more
        ).run()

    # ------------------------------------------------------------ the model

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return _tr(COLUMNS[section])
        return None

    def row_at(self, row: int) -> CaseRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r = self.row_at(index.row()) if index.isValid() else None
        if r is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return str(r.id)
            if column == 1:
                late = QCoreApplication.translate("CaseList", "·逾期") if r.overdue else ""
                return state_text(r.state) + late
            if column == 2:
                return r.customer
            if column == 3:
                return r.phone or r.email
            if column == 4:
                return local(r.received_at)
            if column == 5:
                return local(r.promised_at)
            if column == 6:
                return str(listing(number for _code, number, _role in r.invoices))
            if column == 7:
                return r.received_by
        if role == Qt.ItemDataRole.ForegroundRole and r.overdue and column in (1, 5):
            return QColor(OVERDUE_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole and column == 6 and r.invoices:
            return "\n".join(
                colon(tr_case(cf.INVOICE_ROLES.get(role_, role_))) + number
                for _code, number, role_ in r.invoices
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _day_start(day: date) -> str:
    return clock.stamp(datetime.combine(day, time(0), SHOP_TZ))


class CaseListPage(QWidget):
    """The 客户工单 tab."""

    open_case = Signal(int)
    new_case = Signal()
    review = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("casePage")
        self.search = QLineEdit()
        self.search.setObjectName("caseSearch")
        self.search.setPlaceholderText(self.tr("电话片段、客户名称、邮箱、工单号或发票号码"))
        self.search.setClearButtonEnabled(True)
        self.state = QComboBox()
        self.state.setObjectName("caseState")
        self.state.addItem(self.tr("全部状态"), "")
        for key, label in cf.STATES.items():
            self.state.addItem(tr_case(label), key)
        self.open_only = QCheckBox(self.tr("只看未办结"))
        self.open_only.setObjectName("caseOpenOnly")
        self.overdue_only = QCheckBox(self.tr("只看逾期"))
        self.overdue_only.setObjectName("caseOverdueOnly")
        self.person = QComboBox()
        self.person.setObjectName("casePerson")
        self.person.addItem(self.tr("全部人员"), "")
        self.use_period = QCheckBox(self.tr("受理日期"))
        self.use_period.setObjectName("caseUsePeriod")
        today = clock.today()
        self.date_from = QDateEdit(QDate(today.year, today.month, 1))
        self.date_to = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.use_period.toggled.connect(self.date_from.setEnabled)
        self.use_period.toggled.connect(self.date_to.setEnabled)
        self.new_button = QPushButton(self.tr("新建工单"))
        self.new_button.setObjectName("newCaseButton")
        self.new_button.clicked.connect(self.new_case)
        self.review_button = QPushButton(self.tr("定期复盘"))
        self.review_button.setObjectName("caseReviewButton")
        self.review_button.clicked.connect(self.review)

        self.model = CaseListModel(self)
        self.table = QTableView()
        self.table.setObjectName("caseTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((70, 110, 180, 150, 130, 130, 220, 90)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        enter = QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, self._open_current)
        enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.summary = QLabel()
        self.summary.setObjectName("caseSummary")

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.state)
        filters.addWidget(self.open_only)
        filters.addWidget(self.overdue_only)
        filters.addWidget(self.person)
        filters.addWidget(self.use_period)
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel("–"))
        filters.addWidget(self.date_to)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.review_button)
        buttons.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.search.returnPressed.connect(self.apply)
        self.search.textChanged.connect(lambda _t: self.apply())
        for box in (self.state, self.person):
            box.currentIndexChanged.connect(lambda _i: self.apply())
        for check in (self.open_only, self.overdue_only, self.use_period):
            check.toggled.connect(lambda _on: self.apply())
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(lambda _d: self.apply())
        self.model.loaded.connect(self._show_summary)
        case_events().changed.connect(self._case_changed)  # a method: gone with the page

    def current_filter(self) -> CaseFilter:
        state = self.state.currentData() or ""
        received_from = received_before = ""
        if self.use_period.isChecked():
            received_from = _day_start(py_date(self.date_from.date()))
            received_before = _day_start(py_date(self.date_to.date()) + timedelta(days=1))
        return CaseFilter(
            states=(state,) if state else (),
            open_only=self.open_only.isChecked(),
            overdue_only=self.overdue_only.isChecked(),
            person=self.person.currentData() or "",
            received_from=received_from,
            received_before=received_before,
            text=self.search.text().strip(),
        )

    def apply(self) -> None:
        self.model.reload(self.current_filter())

    def _case_changed(self, _case_id: int) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.apply()
        DbOp(self, cases.people).success(self._fill_people).run()

    def _fill_people(self, names: list[str]) -> None:
        current = self.person.currentData() or ""
        self.person.blockSignals(True)
        self.person.clear()
        self.person.addItem(self.tr("全部人员"), "")
        for name in names:
            self.person.addItem(name, name)
        self.person.setCurrentIndex(max(0, self.person.findData(current)))
        self.person.blockSignals(False)

    def show_overdue(self) -> None:
        self.overdue_only.setChecked(True)

    def _show_summary(self, total: int, overdue: int) -> None:
        self.summary.setText(
            self.tr("共 {total} 张工单；全部逾期 {overdue} 张").format(total=total, overdue=overdue)
        )

    def _open_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self._open(index.row())

    def _open(self, row: int) -> None:
        found = self.model.row_at(row)
        if found is not None:
            self.open_case.emit(found.id)
