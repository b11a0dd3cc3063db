"""The search view: one box for numbers, names, ids and amounts; filters; a detail pane.

The result table is the ledger's lazy model (SQL pages); the detail pane shows the selected
invoice's lines, its red-flush chain, its audit history, and its verification on the national
site (the fields to type there, and what the site answered).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QByteArray, QCoreApplication, QDate, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from invoicedesk.core import clock
from invoicedesk.core.changes import Changes
from invoicedesk.core.clock import to_local
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, colon
from invoicedesk.core.kinds import KINDS, STATUSES
from invoicedesk.core.money import AmountError, format_money, parse_decimal, to_fen
from invoicedesk.gui.errors import show_error
from invoicedesk.gui.invoice_detail import rate_label
from invoicedesk.gui.ledger_model import COLUMN_INDEX, LedgerModel, kind_text, status_text
from invoicedesk.gui.worker import DbOp, connect_changes
from invoicedesk.services import invoices, verification
from invoicedesk.services.dto import AuditRecord, InvoiceRow, InvoiceView
from invoicedesk.services.filters import InvoiceFilter
from invoicedesk.services.verification import VerificationFields, VerificationView

SEARCH_DELAY_MS = 250
# Audit actions on an invoice, as the history tab names them.
ACTION_NAMES: dict[str, str] = {
    "invoice.create": QT_TRANSLATE_NOOP("SearchPage", "登记"),
    "invoice.correct": QT_TRANSLATE_NOOP("SearchPage", "更正"),
    "invoice.void": QT_TRANSLATE_NOOP("SearchPage", "作废"),
    "invoice.red_flush": QT_TRANSLATE_NOOP("SearchPage", "红冲"),
    "verification.record": QT_TRANSLATE_NOOP("SearchPage", "查验"),
}
SPLITTER_KEY = "search/splitter_v1"


@dataclass(frozen=True)
class Detail:
    """Everything the pane shows for one invoice, read in one worker operation."""

    invoice: InvoiceView
    chain: tuple[InvoiceRow, ...]
    history: tuple[AuditRecord, ...]
    site: VerificationFields
    checks: tuple[VerificationView, ...]
    state: str


def load_detail(invoice_id: int) -> Detail:
    """Runs on the worker."""
    inv = invoices.get_invoice(invoice_id)
    blue_id = inv.blue_invoice_id or inv.id
    blue = invoices.get_invoice(blue_id)
    chain_ids = (blue.id, *blue.red_invoice_ids)
    page = invoices.list_invoices(InvoiceFilter(ids=chain_ids), sort="id", descending=False)
    return Detail(
        inv,
        page.rows if len(chain_ids) > 1 else (),
        tuple(invoices.invoice_history(invoice_id)),
        verification.verification_fields(invoice_id),
        tuple(verification.verification_history(invoice_id)),
        verification.verification_state(invoice_id),
    )


def _local(stamp: str) -> str:
    return to_local(stamp).strftime("%Y-%m-%d %H:%M")


def _tree(headers: list[str], name: str) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setObjectName(name)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setHeaderLabels(headers)
    tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return tree


class VerificationPanel(QWidget):
    """The site's fields for the invoice, a copy button, and recording the answer."""

    recorded = Signal(int)

    def __init__(self, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.invoice_id: int | None = None
        self.fields_box = QGroupBox(self.tr("查验网站要填写的内容"))
        self.fields_form = QFormLayout(self.fields_box)
        self.warnings = QLabel()
        self.warnings.setObjectName("verificationWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #b26a00;")
        self.copy = QPushButton(self.tr("复制查验信息"))
        self.copy.setObjectName("copyFields")
        self.copy.clicked.connect(self.copy_fields)
        self.site = QLabel(
            self.tr('查验网站：<a href="{url}">{url}</a>').format(url=verification.SITE)
        )
        self.site.setOpenExternalLinks(True)
        self.result = QComboBox()
        self.result.setObjectName("verificationResult")
        # No answer chosen until the user reads it off the site: a default would be recorded
        # unread whenever someone presses the button too early.
        self.result.addItem(self.tr("请选择网站的答复…"), None)
        for code, label in verification.RESULTS.items():
            self.result.addItem(_tr_verification(label), code)
        self.check_code = QLineEdit()
        self.check_code.setObjectName("checkCode")
        self.check_code.setPlaceholderText(self.tr("校验码后6位（普票才需要）"))
        self.check_code.setMaxLength(20)
        self.note = QLineEdit()
        self.note.setObjectName("verificationNote")
        self.note.setPlaceholderText(self.tr("备注（可选）"))
        self.record = QPushButton(self.tr("记录查验结果"))
        self.record.setObjectName("recordVerification")
        self.record.clicked.connect(self.record_result)
        self.record.setEnabled(False)
        self.result.currentIndexChanged.connect(self._answer_changed)
        self.note.returnPressed.connect(self.record_result)
        self.history = _tree(
            [self.tr("时间"), self.tr("结果"), self.tr("查验人"), self.tr("备注")],
            "verificationHistory",
        )
        form = QFormLayout()
        form.addRow(self.tr("网站答复："), self.result)
        form.addRow(self.tr("校验码："), self.check_code)
        form.addRow(self.tr("备注："), self.note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy)
        buttons.addStretch(1)
        buttons.addWidget(self.record)
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields_box)
        layout.addWidget(self.warnings)
        layout.addWidget(self.site)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(QLabel(self.tr("查验记录")))
        layout.addWidget(self.history, 1)
        self._fields: VerificationFields | None = None
        self.setEnabled(False)

    def show_detail(self, detail: Detail | None) -> None:
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        self.history.clear()
        self._fields = detail.site if detail else None
        self.invoice_id = detail.invoice.id if detail else None
        self.result.setCurrentIndex(0)
        self.setEnabled(detail is not None)
        if detail is None:
            self.warnings.clear()
            return
        for field in detail.site.fields:
            value = QLineEdit(field.value)
            value.setReadOnly(True)
            self.fields_form.addRow(colon(field.label), value)
        self.warnings.setText("\n".join(str(w) for w in detail.site.warnings))
        self.warnings.setVisible(bool(detail.site.warnings))
        for check in detail.checks:
            label = verification.RESULTS.get(check.result, check.result)
            QTreeWidgetItem(
                self.history,
                [_local(check.checked_at), _tr_verification(label), check.checked_by, check.note],
            )

    def _answer_changed(self) -> None:
        self.record.setEnabled(self.result.currentData() is not None)

    def copy_fields(self) -> None:
        if self._fields is not None:
            QGuiApplication.clipboard().setText(self._fields.as_text())

    def record_result(self) -> None:
        if self.invoice_id is None or self.result.currentData() is None:
            return
        invoice_id, result = self.invoice_id, str(self.result.currentData())
        note, code = self.note.text(), self.check_code.text()
        self.record.setEnabled(False)

        def done(_view: VerificationView) -> None:
            self.result.setCurrentIndex(0)
            self._answer_changed()
            self.note.clear()
            self.check_code.clear()
            self.recorded.emit(invoice_id)

        def failed(exc: Exception) -> None:
            self._answer_changed()
            show_error(self, exc)

        DbOp(
            self,
            lambda: verification.record_verification(
                invoice_id, result, self.actor, note=note, check_code=code
            ),
        ).success(done).failure(failed).run()


def _tr_verification(text: str) -> str:
    return QCoreApplication.translate("Verification", text)


class DetailPane(QTabWidget):
    """Lines, the red-flush chain, audit history and verification of one invoice."""

    def __init__(self, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPane")
        self.header = QLabel(self.tr("选择一张发票查看详情"))
        self.header.setObjectName("detailHeader")
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.lines = _tree(
            [self.tr("项目名称"), self.tr("数量"), self.tr("单价"), self.tr("金额"),
             self.tr("税率"), self.tr("税额")],
            "detailLines",
        )  # fmt: skip
        self.chain = _tree(
            [self.tr("开票日期"), self.tr("发票号码"), self.tr("类型"), self.tr("价税合计"),
             self.tr("状态")],
            "detailChain",
        )  # fmt: skip
        self.history = _tree(
            [self.tr("时间"), self.tr("操作人"), self.tr("操作"), self.tr("内容")], "detailHistory"
        )
        self.verify = VerificationPanel(actor)
        overview = QWidget()
        layout = QVBoxLayout(overview)
        layout.addWidget(self.header)
        layout.addWidget(self.lines, 1)
        self.addTab(overview, self.tr("明细"))
        self.addTab(self.chain, self.tr("红冲链"))
        self.addTab(self.history, self.tr("操作记录"))
        # Scrolls rather than growing: the site's fields and the history would otherwise make the
        # whole window taller than a 1366x768 screen once this tab has been shown.
        self.verify_scroll = QScrollArea()
        self.verify_scroll.setObjectName("verifyScroll")
        self.verify_scroll.setWidgetResizable(True)
        self.verify_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.verify_scroll.setWidget(self.verify)
        self.addTab(self.verify_scroll, self.tr("查验"))

    def setCurrentWidget(self, widget: QWidget) -> None:
        """The verification panel can be named directly, though a scroll area holds it."""
        super().setCurrentWidget(self.verify_scroll if widget is self.verify else widget)

    def show_detail(self, detail: Detail | None) -> None:
        for tree in (self.lines, self.chain, self.history):
            tree.clear()
        self.verify.show_detail(detail)
        if detail is None:
            self.header.setText(self.tr("选择一张发票查看详情"))
            return
        inv = detail.invoice
        key = f"{inv.code}-{inv.number}" if inv.code else inv.number
        state = _tr_verification(verification.STATES.get(detail.state, detail.state))
        self.header.setText(
            self.tr(
                "{kind}  {key}\n{date}  {buyer}  {tax_id}\n价税合计 {total}（{words}）  {status}  核对：{state}"
            ).format(
                kind=kind_text(inv.kind, short=False),
                key=key,
                date=inv.issue_date.isoformat(),
                buyer=inv.buyer_name,
                tax_id=inv.buyer_tax_id,
                total=format_money(inv.total),
                words=inv.amount_in_words,
                status=status_text(inv.status),
                state=state,
            )
        )
        for line in inv.lines:
            QTreeWidgetItem(
                self.lines,
                [
                    line.name,
                    "" if line.quantity is None else str(line.quantity),
                    "" if line.unit_price is None else str(line.unit_price),
                    format_money(line.amount),
                    rate_label(line.tax_rate),
                    format_money(line.tax),
                ],
            )
        for row in detail.chain:
            QTreeWidgetItem(
                self.chain,
                [
                    row.issue_date.isoformat(),
                    row.number,
                    self.tr("红字") if row.is_red else self.tr("蓝字"),
                    format_money(row.total),
                    status_text(row.status),
                ],
            )
        if not detail.chain:
            QTreeWidgetItem(self.chain, ["", self.tr("没有红冲记录")])
        for entry in detail.history:
            action = ACTION_NAMES.get(entry.action)
            QTreeWidgetItem(
                self.history,
                [
                    _local(entry.ts),
                    entry.actor,
                    QCoreApplication.translate("SearchPage", action) if action else entry.action,
                    entry.after or "",
                ],
            )
        if not detail.history:
            QTreeWidgetItem(self.history, ["", "", self.tr("没有单独的操作记录（批量生成或导入）")])


class SearchPage(QWidget):
    def __init__(self, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPage")
        self.actor = actor
        self.model = LedgerModel(self)
        self.search = QLineEdit()
        self.search.setObjectName("searchBox")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr("号码片段、购买方名称或识别号、金额（如 1234.5 或 ¥1,234.50）（Ctrl+F）")
        )
        self.use_dates = QCheckBox(self.tr("开票日期"))
        self.use_dates.setObjectName("useDates")
        today = clock.today()
        self.date_from = QDateEdit(QDate(today.year, today.month, 1))
        self.date_to = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.kind = QComboBox()
        self.kind.setObjectName("kindFilter")
        self.kind.addItem(self.tr("全部票种"), None)
        for code in KINDS:
            self.kind.addItem(kind_text(code), code)
        self.status = QComboBox()
        self.status.setObjectName("statusFilter")
        self.status.addItem(self.tr("全部状态"), None)
        for code in STATUSES:
            self.status.addItem(status_text(code), code)
        self.state = QComboBox()
        self.state.setObjectName("stateFilter")
        self.state.addItem(self.tr("全部核对状态"), None)
        for code, label in verification.STATES.items():
            self.state.addItem(_tr_verification(label), code)
        self.min_total = QLineEdit()
        self.min_total.setObjectName("minTotal")
        self.min_total.setPlaceholderText(self.tr("最低价税合计"))
        self.max_total = QLineEdit()
        self.max_total.setObjectName("maxTotal")
        self.max_total.setPlaceholderText(self.tr("最高价税合计"))
        self.issuer = QLineEdit()
        self.issuer.setObjectName("issuerFilter")
        self.issuer.setPlaceholderText(self.tr("开票人"))
        self.clear = QPushButton(self.tr("清除条件"))
        self.clear.setObjectName("clearFilters")
        self.clear.clicked.connect(self.clear_filters)
        self.problem = QLabel()
        self.problem.setObjectName("filterProblem")
        self.problem.setStyleSheet("color: #c62828;")
        self.summary = QLabel()
        self.summary.setObjectName("searchSummary")

        filters = QGridLayout()
        filters.addWidget(self.use_dates, 0, 0)
        filters.addWidget(self.date_from, 0, 1)
        filters.addWidget(QLabel("—"), 0, 2)
        filters.addWidget(self.date_to, 0, 3)
        filters.addWidget(self.kind, 0, 4)
        filters.addWidget(self.status, 0, 5)
        filters.addWidget(self.state, 0, 6)
        filters.addWidget(self.min_total, 1, 1)
        filters.addWidget(QLabel("—"), 1, 2)
        filters.addWidget(self.max_total, 1, 3)
        filters.addWidget(self.issuer, 1, 4)
        filters.addWidget(self.clear, 1, 6)
        filters.addWidget(QLabel(self.tr("金额")), 1, 0)
        filters.setColumnStretch(7, 1)

        self.table = QTableView()
        self.table.setObjectName("searchTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setSortingEnabled(True)
        header = self.table.horizontalHeader()
        header.setSortIndicator(COLUMN_INDEX["issue_date"], Qt.SortOrder.DescendingOrder)
        for key in ("code", "buyer_tax_id", "tax", "issuer"):
            self.table.hideColumn(COLUMN_INDEX[key])
        metrics = self.table.fontMetrics()
        for key, sample in (
            ("issue_date", "2026-12-31"),
            ("kind", "数电纸质专票"),
            ("number", "26112000001272487786"),
            ("amount", "¥1,234,567.89"),
            ("total", "¥1,234,567.89"),
            ("status", "已红冲-部分"),
        ):
            header.resizeSection(COLUMN_INDEX[key], metrics.horizontalAdvance(sample) + 24)
        header.setSectionResizeMode(COLUMN_INDEX["buyer_name"], QHeaderView.ResizeMode.Stretch)
        # Long names keep their start and their distinctive end; the tooltip has the whole name.
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.detail = DetailPane(actor)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([820, 520])  # the results get room for buyer names at 1366 px
        state = QSettings().value(SPLITTER_KEY)
        if isinstance(state, QByteArray):
            self.splitter.restoreState(state)
        self.splitter.splitterMoved.connect(
            lambda *_: QSettings().setValue(SPLITTER_KEY, self.splitter.saveState())
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.problem)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.summary)
        self.problem.hide()

        connect_changes(self, self.on_changes)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.apply_filter)
        for line_edit in (self.search, self.min_total, self.max_total, self.issuer):
            line_edit.textChanged.connect(self._debounce.start)
        for combo in (self.kind, self.status, self.state):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.use_dates.toggled.connect(self._dates_toggled)
        self.date_from.dateChanged.connect(self._debounce.start)
        self.date_to.dateChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self._to_results)
        find = QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.model.totals_changed.connect(self._totals)
        self._selected: int | None = None
        self._select_first = False
        self.model.reloaded.connect(self._reloaded)
        self.model.refresh()

    # ------------------------------------------------------------ filters

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _to_results(self) -> None:
        """Enter in the box: search now, then put the keyboard on the first result."""
        self.table.setFocus()
        self._select_first = True
        self.apply_filter()
        if not self.model.loading:
            self._reloaded()

    def _reloaded(self) -> None:
        if self._select_first and self.model.rowCount():
            self._select_first = False
            self.table.setCurrentIndex(self.model.index(0, COLUMN_INDEX["number"]))

    def _dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.apply_filter()

    def _money(self, edit: QLineEdit, label: str) -> tuple[int | None, str]:
        text = edit.text().strip()
        if not text:
            return None, ""
        try:
            return to_fen(parse_decimal(text)), ""
        except AmountError as exc:
            return None, self.tr("{field}：{problem}").format(field=label, problem=exc.message)

    def current_filter(self) -> tuple[InvoiceFilter, str]:
        """The filter the fields describe, and a message naming a field that cannot be read."""
        low, problem_low = self._money(self.min_total, self.tr("最低价税合计"))
        high, problem_high = self._money(self.max_total, self.tr("最高价税合计"))
        kind, status, state = (c.currentData() for c in (self.kind, self.status, self.state))
        date_from = date_to = None
        if self.use_dates.isChecked():
            date_from = _date(self.date_from.date())
            date_to = _date(self.date_to.date())
        flt = InvoiceFilter(
            text=self.search.text().strip(),
            date_from=date_from,
            date_to=date_to,
            kinds=(kind,) if kind else (),
            statuses=(status,) if status else (),
            issuer=self.issuer.text().strip(),
            min_total_fen=low,
            max_total_fen=high,
            verification=state,
        )
        return flt, problem_low or problem_high

    def apply_filter(self) -> None:
        self._debounce.stop()
        flt, problem = self.current_filter()
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        # Results for conditions the user no longer sees would mislead: none until they are read.
        self.splitter.setVisible(not problem)
        self.summary.setVisible(not problem)
        if problem:
            return  # the message names the field
        if flt != self.model.filter:
            self.model.set_filter(flt)

    def clear_filters(self) -> None:
        for edit in (self.search, self.min_total, self.max_total, self.issuer):
            edit.clear()
        for combo in (self.kind, self.status, self.state):
            combo.setCurrentIndex(0)
        self.use_dates.setChecked(False)
        self.apply_filter()
        self.focus_search()

    def _totals(self, totals: object) -> None:
        count = getattr(totals, "count", 0)
        total = getattr(totals, "total", None)
        self.summary.setText(
            self.tr("找到 {count} 张，价税合计 {total}").format(
                count=f"{count:,}", total=format_money(total) if total is not None else "—"
            )
        )

    # ------------------------------------------------------------ detail

    def _row_changed(self, current: object, _previous: object) -> None:
        row = getattr(current, "row", lambda: -1)()
        invoice_id = self.model.invoice_id(row) if row >= 0 else None
        self._selected = invoice_id
        if invoice_id is None:
            self.detail.show_detail(None)
            return
        self._load(invoice_id)

    def _load(self, invoice_id: int) -> None:
        def show(detail: Detail) -> None:
            if detail.invoice.id == self._selected:
                self.detail.show_detail(detail)

        DbOp(self, lambda: load_detail(invoice_id)).success(show).run()

    def _reload_detail(self, invoice_id: int) -> None:
        if invoice_id == self._selected:
            self._load(invoice_id)
        if self.model.filter.verification:
            self.model.refresh()

    def refresh(self) -> None:
        self.model.refresh()

    def on_changes(self, changes: Changes) -> None:
        """Invoices changed anywhere: count and list the results again, and the open detail."""
        if not changes.touches("invoices"):
            return
        selected = self._selected
        everything = changes.reload or changes.database_switched
        if not everything and selected is not None and set(changes.invoices) == {selected}:
            # Only the invoice open in the detail (verified or corrected here or elsewhere):
            # its detail again, the results too when they are filtered by verification.
            self._reload_detail(selected)
            return
        self.model.refresh()
        if selected is not None and (everything or selected in changes.invoices):
            self._load(selected)


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())
