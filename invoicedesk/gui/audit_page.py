"""The audit viewer: who did what to which record, each change in words, filters, .xlsx export,
and `audit verify` (chain, data and anchors) with progress, all database work off the GUI thread.

From an invoice's detail dialog, 审计记录 opens this page filtered to that invoice; 返回发票
reopens the invoice.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.gui.worker import DbOp
from invoicedesk.services import audit_viewer, auditing
from invoicedesk.services.audit_viewer import AuditFilter, AuditLine
from invoicedesk.services.dto import AuditReport

ENTITY_CHOICES = (
    ("", QT_TRANSLATE_NOOP("AuditPage", "全部记录")),
    ("invoice", QT_TRANSLATE_NOOP("AuditPage", "发票")),
    ("request", QT_TRANSLATE_NOOP("AuditPage", "开票申请")),
    ("period", QT_TRANSLATE_NOOP("AuditPage", "月份")),
    ("setting", QT_TRANSLATE_NOOP("AuditPage", "设置")),
)


class _Progress(QObject):
    """Carries verify's progress from the worker thread to the GUI thread (queued signal)."""

    moved = Signal(int, int)


class AuditPage(QWidget):
    # The detail dialog of an invoice, for 返回发票 (set by the feature's install).
    back_to_invoice = Signal(int)
    loaded = Signal()  # the rows for the current filters are on screen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditPage")
        self.lines: list[AuditLine] = []
        self.report: AuditReport | None = None
        self.from_invoice: int | None = None
        self._loaded_choices = False

        self.actor = QComboBox()
        self.actor.setObjectName("auditActor")
        self.actor.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.action = QComboBox()
        self.action.setObjectName("auditAction")
        self.action.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.entity = QComboBox()
        self.entity.setObjectName("auditEntity")
        for key, _text in ENTITY_CHOICES:
            self.entity.addItem(self._entity_text(key), key)
        self.entity_id = QLineEdit()
        self.entity_id.setObjectName("auditRecord")
        self.entity_id.setPlaceholderText(self.tr("记录编号"))
        self.entity_id.setClearButtonEnabled(True)
        self.entity_id.setMaximumWidth(140)
        self.period = QLineEdit()
        self.period.setObjectName("auditPeriod")
        self.period.setPlaceholderText(self.tr("月份 YYYY-MM"))
        self.period.setClearButtonEnabled(True)
        self.period.setMaximumWidth(120)
        self.apply_button = QPushButton(self.tr("筛选"))
        self.apply_button.setObjectName("auditApply")
        self.back_button = QPushButton(self.tr("返回发票"))
        self.back_button.setObjectName("auditBack")
        self.back_button.hide()
        self.export_button = QPushButton(self.tr("导出 Excel…"))
        self.export_button.setObjectName("auditExport")
        self.verify_button = QPushButton(self.tr("校验审计链与数据"))
        self.verify_button.setObjectName("auditVerify")

        self.table = QTableWidget(0, 6)
        self.table.setObjectName("auditTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("序号"),
                self.tr("时间"),
                self.tr("操作人"),
                self.tr("操作"),
                self.tr("记录"),
                self.tr("变化"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for column in range(5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)

        self.status = QLabel(self.tr("正在读取审计日志…"))
        self.status.setObjectName("auditStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar()
        self.progress.setObjectName("auditProgress")
        self.progress.hide()
        self.verify_text = QLabel()
        self.verify_text.setObjectName("auditVerifyText")
        self.verify_text.setWordWrap(True)
        self.verify_text.setTextFormat(Qt.TextFormat.PlainText)
        self.verify_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verify_text.hide()

        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("操作人")))
        filters.addWidget(self.actor)
        filters.addWidget(QLabel(self.tr("操作")))
        filters.addWidget(self.action)
        filters.addWidget(QLabel(self.tr("记录")))
        filters.addWidget(self.entity)
        filters.addWidget(self.entity_id)
        filters.addWidget(QLabel(self.tr("期间")))
        filters.addWidget(self.period)
        filters.addWidget(self.apply_button)
        filters.addStretch(1)
        filters.addWidget(self.back_button)
        tools = QHBoxLayout()
        tools.addWidget(self.status, 1)
        tools.addWidget(self.progress)
        tools.addWidget(self.export_button)
        tools.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.verify_text)
        layout.addLayout(tools)

        self._progress = _Progress(self)
        self._progress.moved.connect(self._moved)
        self.apply_button.clicked.connect(self.refresh)
        self.entity_id.returnPressed.connect(self.refresh)
        self.period.returnPressed.connect(self.refresh)
        self.actor.activated.connect(self.refresh)
        self.action.activated.connect(self.refresh)
        self.entity.activated.connect(self.refresh)
        self.export_button.clicked.connect(self._choose_export)
        self.verify_button.clicked.connect(self.verify)
        self.back_button.clicked.connect(self._back)

    @staticmethod
    def _entity_text(key: str) -> str:
        for code, text in ENTITY_CHOICES:
            if code == key:
                return QCoreApplication.translate("AuditPage", text)
        return key

    # --- loading ---------------------------------------------------------------------------

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if not self._loaded_choices:
            self._loaded_choices = True
            self.refresh()

    def current_filter(self) -> AuditFilter:
        return AuditFilter(
            actor=self.actor.currentData() or "",
            action=self.action.currentData() or "",
            entity=self.entity.currentData() or "",
            entity_id=self.entity_id.text().strip(),
            period=self.period.text().strip(),
        )

    def refresh(self) -> None:
        flt = self.current_filter()
        if flt.period and not _valid_period(flt.period):
            self.status.setText(self.tr("期间应写成 YYYY-MM，例如 2026-10"))
            return
        self.status.setText(self.tr("正在读取审计日志…"))

        def load() -> tuple[list[AuditLine], tuple[list[str], list[str]]]:
            return audit_viewer.list_entries(flt), audit_viewer.audit_choices()

        DbOp(self, load).success(self._loaded).run()

    def _loaded(self, result: tuple[list[AuditLine], tuple[list[str], list[str]]]) -> None:
        self.lines, (actors, actions) = result
        self._fill_choice(self.actor, actors, self.tr("全部人员"), lambda a: a)
        self._fill_choice(self.action, actions, self.tr("全部操作"), audit_viewer.action_name)
        self.table.setRowCount(len(self.lines))
        for row, line in enumerate(self.lines):
            values = (
                str(line.seq),
                line.when,
                line.actor,
                line.action_text,
                line.record_text,
                line.difference,
            )
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(text if column == 5 else "")
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.status.setText(self.tr("共 %n 条（最新的在前）", "", len(self.lines)))
        self.loaded.emit()

    @staticmethod
    def _fill_choice(box: QComboBox, values: list[str], everyone: str, text) -> None:  # type: ignore[no-untyped-def]
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(everyone, "")
        for value in values:
            box.addItem(text(value), value)
        index = box.findData(current) if current else 0
        box.setCurrentIndex(max(0, index))
        box.blockSignals(False)

    def show_record(self, entity: str, entity_id: str, *, from_invoice: int | None = None) -> None:
        """One record's history (the jump from an invoice), with 返回发票 when it came from one."""
        self.entity.setCurrentIndex(max(0, self.entity.findData(entity)))
        self.entity_id.setText(entity_id)
        self.actor.setCurrentIndex(0)
        self.action.setCurrentIndex(0)
        self.period.clear()
        self.from_invoice = from_invoice
        self.back_button.setVisible(from_invoice is not None)
        self._loaded_choices = True
        self.refresh()

    def _back(self) -> None:
        if self.from_invoice is not None:
            self.back_to_invoice.emit(self.from_invoice)

    # --- export ----------------------------------------------------------------------------

    def _choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出审计日志"), "audit.xlsx", self.tr("Excel 工作簿 (*.xlsx)")
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Write the rows on screen to ``path`` (.xlsx) off the GUI thread."""
        lines = list(self.lines)
        self.status.setText(self.tr("正在导出…"))
        DbOp(self, lambda: audit_viewer.export_entries_xlsx(lines, path)).success(
            lambda count: self.status.setText(
                self.tr("已导出 %n 条到 {path}", "", count).format(path=path)
            )
        ).run()

    # --- verify ----------------------------------------------------------------------------

    def verify(self) -> None:
        self.verify_button.setEnabled(False)
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.show()
        self.verify_text.hide()
        self.status.setText(self.tr("正在校验审计链、数据与锚点…"))
        emit = self._progress.moved.emit
        DbOp(self, lambda: auditing.verify_audit(lambda done, total: emit(done, total))).success(
            self._verified
        ).failure(self._verify_failed).run()

    def _moved(self, done: int, total: int) -> None:
        self.progress.setValue(int(1000 * done / max(total, 1)))

    def _verified(self, report: AuditReport) -> None:
        self.report = report
        self.verify_button.setEnabled(True)
        self.progress.hide()
        if report.ok:
            text = self.tr(
                "审计链完整：共 {entries} 条；{records} 条记录与审计记录一致；{anchors} 个锚点相符"
            ).format(entries=report.entries, records=report.records_checked, anchors=report.anchors)
        else:
            problems = report.problem_texts
            text = (
                self.tr("发现 %n 处问题：", "", len(problems))
                + "\n"
                + "\n".join(f"• {p}" for p in problems[:50])
            )
        self.verify_text.setText(text)
        self.verify_text.setProperty("ok", report.ok)
        self.verify_text.setStyleSheet("" if report.ok else "color: #b00020;")
        self.verify_text.show()
        self.status.setText(self.tr("校验完成"))

    def _verify_failed(self, exc: Exception) -> None:
        self.verify_button.setEnabled(True)
        self.progress.hide()
        self.status.setText(self.tr("校验没有完成：{error}").format(error=exc))


def _valid_period(text: str) -> bool:
    from invoicedesk.services.errors import ValidationFailed
    from invoicedesk.services.periods import check_period

    try:
        check_period(text)
    except ValidationFailed:
        return False
    return True
