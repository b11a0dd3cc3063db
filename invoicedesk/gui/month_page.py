"""The month-end screen: the month's summary, screening with notes, lock/unlock, and the exports.

Every database call runs on the worker (DbOp). Exports show a progress dialog that can cancel.
Rows of the summary and of the screening open the invoices behind them in the ledger.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from invoicedesk.core import clock
from invoicedesk.core.changes import Changes
from invoicedesk.core.clock import to_local
from invoicedesk.core.dates import periods_back
from invoicedesk.core.i18n import aside, listing
from invoicedesk.core.money import format_money
from invoicedesk.gui.errors import known_error_text, show_error, show_message
from invoicedesk.gui.row_model import RowModel
from invoicedesk.gui.worker import DbOp, connect_changes
from invoicedesk.services import exports, month_end, month_files
from invoicedesk.services.filters import InvoiceFilter
from invoicedesk.services.month_end import GroupSum, MonthSummary, ScreeningResult

EXPORT_DIR_KEY = "month/export_dir"
WITH_TRAINING_KEY = "month/pack_with_training"
PERIOD_KEY = "month/period"
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class SummaryRow:
    section: str
    label: str
    count: int | None
    amount: Any = None
    tax: Any = None
    total: Any = None
    target: tuple[str, str] | None = None  # what opens behind it: ("kind", "82"), ("ids", ...)


class SummaryModel(RowModel):
    """The month's groups, one table: section, item, count, amount, tax, total."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                QCoreApplication.translate("SummaryModel", "分组"),
                QCoreApplication.translate("SummaryModel", "项目"),
                QCoreApplication.translate("SummaryModel", "张数"),
                QCoreApplication.translate("SummaryModel", "金额"),
                QCoreApplication.translate("SummaryModel", "税额"),
                QCoreApplication.translate("SummaryModel", "价税合计"),
            ],
            parent,
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return row.section
            if col == 1:
                return row.label
            if col == 2:
                return "—" if row.count is None else f"{row.count:,}"
            value = (row.amount, row.tax, row.total)[col - 3]
            return "" if value is None else format_money(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and row.target is not None:
            return self.tr("回车或双击：在台账中查看这些发票")
        return None


class ScreeningModel(QAbstractTableModel):
    """Findings: kind, what was found, and its note (or 未处理)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.result: ScreeningResult | None = None
        self._headers = [self.tr("类别"), self.tr("说明"), self.tr("处理")]

    def set_result(self, result: ScreeningResult | None) -> None:
        self.beginResetModel()
        self.result = result
        self.endResetModel()

    def finding(self, row: int) -> month_end.Finding | None:
        if self.result is None or not 0 <= row < len(self.result.findings):
            return None
        return self.result.findings[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.result is None else len(self.result.findings)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 3:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        finding = self.finding(index.row()) if index.isValid() else None
        if finding is None or self.result is None:
            return None
        ack = self.result.acks.get(finding.key)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 0:
                return finding.rule_text
            if index.column() == 1:
                return finding.text
            if index.column() == 2:
                return aside(ack.note, ack.by) if ack else self.tr("未处理")
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 2 and ack is None:
            return QColor("#b3261e")
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0:
            return QColor("#b3261e") if finding.severity == "error" else QColor("#8a5a00")
        return None


class TextDialog(QDialog):
    """Asks for one line of text (a note or a reason); OK only when something is typed."""

    def __init__(self, title: str, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("textDialog")
        self.setWindowTitle(title)
        self.edit = QLineEdit()
        self.edit.setObjectName("text")
        self.edit.setMinimumWidth(420)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.edit.textChanged.connect(lambda text: self.ok.setEnabled(bool(text.strip())))
        caption = QLabel(label)
        caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(caption)
        layout.addWidget(self.edit)
        layout.addWidget(buttons)

    def text(self) -> str:
        return self.edit.text().strip()


class ExportProgress(QObject):
    """Carries progress from the worker thread to the dialog; the dialog's cancel back."""

    changed = Signal(int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cancelled = False

    def report(self, done: int, total: int) -> bool:  # runs on the worker thread
        self.changed.emit(done, total)
        return not self.cancelled


def run_export(
    parent: QWidget,
    fn: Callable[[Callable[[int, int], bool]], int],
    path: Path,
    on_done: Callable[[int], None] | None = None,
) -> QProgressDialog:
    """Run an export on the worker with a cancellable progress dialog."""
    progress = ExportProgress(parent)
    dialog = QProgressDialog(
        QCoreApplication.translate("MonthPage", "正在导出到 {name}…").format(name=path.name),
        QCoreApplication.translate("MonthPage", "取消"),
        0,
        0,
        parent,
    )
    dialog.setObjectName("exportProgress")
    dialog.setWindowTitle(QCoreApplication.translate("MonthPage", "导出"))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def changed(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))
        dialog.setLabelText(
            QCoreApplication.translate(
                "MonthPage", "正在导出到 {name}：{done:,} / {total:,} 张"
            ).format(name=path.name, done=done, total=total)
        )

    def cancel() -> None:
        progress.cancelled = True
        dialog.setLabelText(QCoreApplication.translate("MonthPage", "正在取消…"))

    progress.changed.connect(changed)
    dialog.canceled.connect(cancel)

    def finished(count: int) -> None:
        dialog.close()
        show_message(
            parent,
            QCoreApplication.translate("MonthPage", "已导出 {count:,} 张发票：\n{path}").format(
                count=count, path=path
            ),
            QCoreApplication.translate("MonthPage", "导出完成"),
            QMessageBox.Icon.Information,
        )
        if on_done:
            on_done(count)

    def failed(exc: Exception) -> None:
        dialog.close()
        if exports.is_cancelled(exc):
            show_message(
                parent, QCoreApplication.translate("MonthPage", "导出已取消，没有留下文件。"), QCoreApplication.translate("MonthPage", "导出"),
                QMessageBox.Icon.Information,
            )  # fmt: skip
            return
        text = known_error_text(exc)
        if text is None:
            show_error(parent, exc)
        else:
            show_message(
                parent,
                QCoreApplication.translate("MonthPage", "导出失败：{reason}").format(reason=text),
            )

    DbOp(parent, lambda: fn(progress.report)).success(finished).failure(failed).run()
    dialog.show()
    return dialog


def ask_save_path(
    parent: QWidget, title: str, name: str, pattern: str, then: Callable[[Path], object]
) -> QFileDialog:
    """A non-blocking save dialog starting in the last export folder."""
    folder = str(QSettings().value(EXPORT_DIR_KEY, str(Path.home())))
    dialog = QFileDialog(parent, title, str(Path(folder) / name), pattern)
    dialog.setObjectName("saveDialog")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix(Path(name).suffix.lstrip("."))

    def chosen(selected: str) -> None:
        path = Path(selected)
        QSettings().setValue(EXPORT_DIR_KEY, str(path.parent))
        then(path)

    dialog.fileSelected.connect(chosen)
    dialog.open()
    return dialog


class MonthPage(QWidget):
    """Emits ``open_invoices`` with a filter when a row should open the ledger."""

    open_invoices = Signal(object, str)  # InvoiceFilter, a description of it
    locked_changed = Signal(str, bool)

    def __init__(self, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("monthPage")
        self.actor = actor
        self.summary: MonthSummary | None = None
        self.loading = False
        self._stale = False  # changed while out of sight: summed again on the next visit
        connect_changes(self, self.on_changes)
        self._dialog: QDialog | None = None

        self.period = QComboBox()
        self.period.setObjectName("monthPeriod")
        today = clock.today()
        for p in periods_back(today, 36):
            self.period.addItem(p, p)
        saved = QSettings().value(PERIOD_KEY)
        index = self.period.findData(saved) if saved else -1
        self.period.setCurrentIndex(index if index >= 0 else min(1, self.period.count() - 1))
        period_label = QLabel(self.tr("期间(&P)："))
        period_label.setBuddy(self.period)
        self.state = QLabel()
        self.state.setObjectName("lockState")
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.headline = QLabel()
        self.headline.setObjectName("headline")
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.headline.setFont(font)

        self.summary_model = SummaryModel(self)
        self.summary_table = self._table(self.summary_model, "summaryTable")
        self.summary_table.activated.connect(self._open_summary_row)
        self.screening_model = ScreeningModel(self)
        self.screening_table = self._table(self.screening_model, "screeningTable")
        self.screening_table.activated.connect(lambda _i: self.open_finding())
        sh = self.screening_table.horizontalHeader()
        sh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        sh.resizeSection(0, 120)
        sh.resizeSection(2, 200)
        self.screening_status = QLabel()
        self.screening_status.setObjectName("screeningStatus")
        self.screening_status.setWordWrap(True)

        self.screen_button = self._button(self.tr("重新筛查 (F5)"), "screenButton", self.reload)
        self.ack_button = self._button(self.tr("填写说明…"), "ackButton", self.ask_acknowledge)
        self.open_button = self._button(self.tr("查看发票"), "openFindingButton", self.open_finding)
        self.lock_button = self._button(self.tr("锁定本月…"), "lockButton", self.ask_lock)
        self.unlock_button = self._button(self.tr("解锁…"), "unlockButton", self.ask_unlock)
        self.ledger_button = self._button(
            self.tr("导出台账 Excel…"), "exportLedgerButton", lambda: self.ask_export("ledger")
        )
        self.pdf_button = self._button(
            self.tr("导出月度报告 PDF…"), "exportPdfButton", lambda: self.ask_export("month")
        )
        self.pack_button = self._button(
            self.tr("导出会计资料包…"), "exportPackButton", lambda: self.ask_export("pack")
        )
        self.with_training = QCheckBox(self.tr("附培训登记"))
        self.with_training.setObjectName("packWithTraining")
        self.with_training.setToolTip(
            self.tr("会计资料包里附上员工培训登记（谁完成了哪门课程、何时该复训）")
        )
        self.with_training.setChecked(bool(QSettings().value(WITH_TRAINING_KEY, False, type=bool)))
        self.with_training.toggled.connect(lambda on: QSettings().setValue(WITH_TRAINING_KEY, on))
        self.lock_button.setToolTip(self.tr("筛查结果全部更正或填写说明后才能锁定（Ctrl+L）"))

        top = QHBoxLayout()
        top.addWidget(period_label)
        top.addWidget(self.period)
        top.addSpacing(12)
        top.addWidget(self.state, 1)
        top.addWidget(self.lock_button)
        top.addWidget(self.unlock_button)

        summary_box = QGroupBox(self.tr("本月汇总（回车查看对应发票）"))
        sl = QVBoxLayout(summary_box)
        sl.addWidget(self.headline)
        sl.addWidget(self.summary_table)
        exports = QHBoxLayout()
        exports.addWidget(self.ledger_button)
        exports.addWidget(self.pdf_button)
        exports.addWidget(self.pack_button)
        exports.addWidget(self.with_training)
        exports.addStretch(1)
        sl.addLayout(exports)

        screening_box = QGroupBox(self.tr("锁定前筛查"))
        gl = QGridLayout(screening_box)
        gl.addWidget(self.screening_status, 0, 0, 1, 4)
        gl.addWidget(self.screening_table, 1, 0, 1, 4)
        gl.addWidget(self.screen_button, 2, 0)
        gl.addWidget(self.ack_button, 2, 1)
        gl.addWidget(self.open_button, 2, 2)
        gl.setColumnStretch(3, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(summary_box)
        splitter.addWidget(screening_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.period.currentIndexChanged.connect(self._period_changed)
        QShortcut(QKeySequence.StandardKey.Refresh, self, self.reload).setContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        QShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_L), self, self.ask_lock).setContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        self._set_buttons()

    def _table(self, model: QAbstractTableModel, name: str) -> QTableView:
        table = QTableView()
        table.setObjectName(name)
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        if model is self.summary_model:
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
            for col, width in ((0, 110), (2, 80), (3, 140), (4, 120), (5, 140)):
                header.resizeSection(col, width)
        return table

    def _button(self, text: str, name: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # ------------------------------------------------------------ loading

    def current_period(self) -> str:
        return str(self.period.currentData())

    def _period_changed(self) -> None:
        QSettings().setValue(PERIOD_KEY, self.current_period())
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        stale, self._stale = self._stale, False
        if (self.summary is None or stale) and not self.loading:  # loaded on the first visit
            self.reload()

    def on_changes(self, changes: Changes) -> None:
        """The month shown was locked, unlocked, acknowledged, or its invoices changed (here or
        at another counter): summed and screened again, at once when in sight, else on the next
        visit."""
        if self.summary is None:
            return  # not loaded yet: it loads on the first visit
        if not (changes.touches("invoices") or self.current_period() in changes.periods):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def reload(self) -> None:
        period = self.current_period()
        self.loading = True
        self._set_buttons()
        self.screening_status.setText(self.tr("正在汇总和筛查 {period}…").format(period=period))

        def work() -> tuple[MonthSummary, ScreeningResult]:
            return month_end.month_summary(period), month_end.screen_period(period)

        DbOp(self, work).success(self._loaded).failure(self._failed).run()

    def _failed(self, exc: Exception) -> None:
        self.loading = False
        self._set_buttons()
        show_error(self, exc)

    def _loaded(self, result: tuple[MonthSummary, ScreeningResult]) -> None:
        summary, screening = result
        if summary.period != self.current_period():
            return  # the user moved on to another month meanwhile
        self.loading = False
        self.summary = summary
        self.summary_model.set_rows(self._summary_rows(summary))
        self.screening_model.set_result(screening)
        self.headline.setText(
            self.tr("{period}：共 {count} 张　金额 {amount}　税额 {tax}　价税合计 {total}").format(
                period=summary.period,
                count=f"{summary.count:,}",
                amount=format_money(summary.amount),
                tax=format_money(summary.tax),
                total=format_money(summary.total),
            )
        )
        if summary.lock:
            self.state.setText(
                self.tr("已锁定：{at} 由 {by} 锁定（{note}）").format(
                    at=to_local(summary.lock.locked_at).strftime("%Y-%m-%d %H:%M"),
                    by=summary.lock.locked_by,
                    note=summary.lock.note,
                )
            )
            self.state.setStyleSheet("color: #1b5e20; font-weight: bold;")
        else:
            self.state.setText(self.tr("未锁定"))
            self.state.setStyleSheet("color: #8a5a00;")
        open_count = len(screening.open_findings)
        if not screening.findings:
            text = self.tr("筛查未发现问题，可以锁定。")
        elif open_count:
            text = self.tr(
                "发现 {count} 条，{open} 条未处理：请更正发票，或选中一条按“填写说明”接受它。"
            ).format(count=len(screening.findings), open=open_count)
        else:
            text = self.tr("{count} 条筛查结果都已填写说明，可以锁定。").format(
                count=len(screening.findings)
            )
        if summary.lock:
            text = self.tr(
                "本月已锁定：不能再登记或更正该月的发票。如需更改，请先解锁（须填写原因）。"
            )
        if not screening.reconciliation_available:
            text += self.tr("（对账功能未安装：未检查“未对账”）")
        self.screening_status.setText(text)
        self._set_buttons()
        self.locked_changed.emit(summary.period, summary.lock is not None)

    def _summary_rows(self, s: MonthSummary) -> list[SummaryRow]:
        rows = [
            SummaryRow(
                self.tr("按票种"), g.label, g.count, g.amount, g.tax, g.total, ("kind", g.key)
            )
            for g in s.by_kind
        ]
        rows += [
            SummaryRow(
                self.tr("按税率"), g.label, g.count, g.amount, g.tax, g.total, ("rate", g.key)
            )
            for g in s.by_rate
        ]
        rows += [
            SummaryRow(
                self.tr("按状态"), g.label, g.count, g.amount, g.tax, g.total, ("status", g.key)
            )
            for g in s.by_status
        ]
        rows.append(self._group_row(self.tr("红冲与作废"), s.red, ("red", "")))
        rows.append(self._group_row(self.tr("红冲与作废"), s.voided, ("status", "voided")))
        rows += [  # figures above stay as locked; what changed since is shown apart
            self._group_row(self.tr("锁定后的变化"), g, ("status", g.key)) for g in s.after_lock
        ]
        rows.append(
            SummaryRow(
                self.tr("待办"),
                self.tr("未开票的开票申请"),
                s.open_requests,
                target=("requests", ""),
            )
        )
        rows.append(
            SummaryRow(
                self.tr("待办"),
                self.tr("未解决的对账差异"),
                s.unresolved,
                target=("differences", ""),
            )
        )
        return rows

    @staticmethod
    def _group_row(section: str, g: GroupSum, target: tuple[str, str]) -> SummaryRow:
        return SummaryRow(section, g.label, g.count, g.amount, g.tax, g.total, target)

    def _set_buttons(self) -> None:
        ready = self.summary is not None and not self.loading
        locked = bool(self.summary and self.summary.lock)
        self.lock_button.setEnabled(ready and not locked)
        self.unlock_button.setEnabled(ready and locked)
        self.ack_button.setEnabled(ready and not locked)
        for button in (self.ledger_button, self.pdf_button, self.pack_button):
            button.setEnabled(ready)

    # ------------------------------------------------------------ opening lists

    def _open_summary_row(self, index: QModelIndex) -> None:
        row = self.summary_model.rows[index.row()]
        if row.target is None:
            return
        what, key = row.target
        period = self.current_period()
        description = f"{period} {row.label}"
        if what == "kind":
            self.open_invoices.emit(InvoiceFilter(period=period, kinds=(key,)), description)
        elif what == "status":
            self.open_invoices.emit(InvoiceFilter(period=period, statuses=(key,)), description)
        elif what in ("rate", "red"):
            DbOp(self, lambda: month_end.invoice_ids(period, what, key)).success(
                lambda ids: self.open_invoices.emit(
                    InvoiceFilter(period=period, ids=tuple(ids) or (0,)), description
                )
            ).run()
        else:
            self.open_invoices.emit(None, what)

    def open_finding(self) -> None:
        finding = self.screening_model.finding(self.screening_table.currentIndex().row())
        if finding is None or not finding.invoice_ids:
            return
        self.open_invoices.emit(InvoiceFilter(ids=finding.invoice_ids), finding.rule_text)

    # ------------------------------------------------------------ acknowledge, lock, unlock

    def _ask(self, title: str, label: str, then: Callable[[str], None]) -> TextDialog:
        dialog = TextDialog(title, label, self)
        dialog.accepted.connect(lambda: then(dialog.text()))
        dialog.finished.connect(dialog.deleteLater)
        self._dialog = dialog
        dialog.open()
        return dialog

    def ask_acknowledge(self) -> TextDialog | None:
        finding = self.screening_model.finding(self.screening_table.currentIndex().row())
        if finding is None:
            show_message(self, self.tr("请先在筛查结果中选中一条。"), self.tr("填写说明"))
            return None
        return self._ask(
            self.tr("填写说明"),
            self.tr("为什么可以接受这条结果？\n{text}").format(text=finding.text),
            lambda note: self.acknowledge(finding.key, note),
        )

    def acknowledge(self, key: str, note: str) -> None:
        period, actor = self.current_period(), self.actor
        DbOp(self, lambda: month_end.acknowledge(period, key, note, actor)).success(
            lambda _ack: self.reload()
        ).run()

    def ask_lock(self) -> TextDialog | None:
        if not self.lock_button.isEnabled():
            return None
        dialog = self._ask(
            self.tr("锁定 {period}").format(period=self.current_period()),
            self.tr("锁定后该月不能再登记或更正发票。请填写锁定说明（例如“十月结账”）："),
            self.lock,
        )
        dialog.edit.setText(self.tr("{period} 结账").format(period=self.current_period()))
        return dialog

    def lock(self, note: str) -> None:
        period, actor = self.current_period(), self.actor
        DbOp(self, lambda: month_end.lock_month(period, actor, note)).success(
            lambda _info: self.reload()
        ).run()

    def ask_unlock(self) -> TextDialog:
        return self._ask(
            self.tr("解锁 {period}").format(period=self.current_period()),
            self.tr("解锁会记入审计日志。请填写原因："),
            self.unlock,
        )

    def unlock(self, reason: str) -> None:
        """With accounts, a second 会计 or 店长 confirms with their PIN first (four eyes)."""
        from invoicedesk.gui.accounts_ui import ask_second_person

        period, actor = self.current_period(), self.actor

        def confirmed(name: str, pin: str) -> None:
            DbOp(
                self,
                lambda: month_end.unlock_month(
                    period, reason, actor, second_name=name, second_pin=pin
                ),
            ).success(lambda _none: self.reload()).run()

        ask_second_person(self, self.tr("解锁 {period}").format(period=period), confirmed)

    # ------------------------------------------------------------ exports

    def ask_export(self, what: str) -> QFileDialog:
        period = self.current_period()
        name, pattern = {
            "ledger": (f"台账-{period}.xlsx", self.tr("Excel 工作簿 (*.xlsx)")),
            "month": (f"月度报告-{period}.pdf", self.tr("PDF 文件 (*.pdf)")),
            "pack": (f"会计资料包-{period}.zip", self.tr("ZIP 压缩包 (*.zip)")),
        }[what]
        return ask_save_path(
            self, self.tr("导出"), name, pattern, lambda p: self.export_to(what, p)
        )

    def export_to(self, what: str, path: Path) -> QProgressDialog:
        period, actor = self.current_period(), self.actor
        with_training = self.with_training.isChecked()

        def work(progress: Callable[[int, int], bool]) -> int:
            if what == "ledger":
                return month_files.export_ledger(
                    InvoiceFilter(period=period), path, actor, progress=progress
                )
            if what == "month":
                return month_files.export_month_pdf(period, path, actor)
            return month_files.export_pack(
                period, path, actor, progress=progress, with_training=with_training
            )

        return run_export(self, work, path)


def filter_description(
    flt: InvoiceFilter, labels: Sequence[tuple[str, str]] = ()
) -> list[tuple[str, str]]:
    """The filters of a list, as (name, value) rows for the export's second sheet."""
    from invoicedesk.core.i18n import Message
    from invoicedesk.core.kinds import KINDS, STATUSES

    rows: list[tuple[str, str]] = list(labels)
    rows.append(
        (
            QCoreApplication.translate("MonthPage", "搜索"),
            flt.text or QCoreApplication.translate("MonthPage", "（无）"),
        )
    )
    rows.append(
        (
            QCoreApplication.translate("MonthPage", "期间"),
            flt.period or QCoreApplication.translate("MonthPage", "全部期间"),
        )
    )
    if flt.kinds:
        rows.append(
            (
                QCoreApplication.translate("MonthPage", "票种"),
                str(listing(Message("Kind", KINDS.get(k, k)) for k in flt.kinds)),
            )
        )
    if flt.statuses:
        rows.append(
            (
                QCoreApplication.translate("MonthPage", "状态"),
                str(listing(Message("Status", STATUSES.get(s, s)) for s in flt.statuses)),
            )
        )
    if flt.ids:
        rows.append(
            (
                QCoreApplication.translate("MonthPage", "指定发票"),
                QCoreApplication.translate("MonthPage", "{count} 张").format(count=len(flt.ids)),
            )
        )
    if flt.date_from or flt.date_to:
        rows.append(
            (
                QCoreApplication.translate("MonthPage", "日期"),
                f"{flt.date_from or ''} – {flt.date_to or ''}",
            )
        )
    rows.append((QCoreApplication.translate("MonthPage", "导出日期"), clock.today().isoformat()))
    return rows
