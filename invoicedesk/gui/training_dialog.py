"""The training register for the owner: who completed which lesson or drill, when, how long it
took, when the refresher is due; and the refresher period (months)."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from invoicedesk.core.clock import to_local
from invoicedesk.gui.errors import show_error
from invoicedesk.gui.worker import DbOp
from invoicedesk.services import training


class TrainingDialog(QDialog):
    def __init__(self, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainingDialog")
        self.setWindowTitle(self.tr("培训登记"))
        self.actor = actor
        self.rows: list[training.TrainingRow] = []
        self.summary = QLabel(self.tr("正在读取培训登记…"), self)
        self.summary.setObjectName("trainingSummary")
        self.summary.setWordWrap(True)
        self.due_only = QCheckBox(self.tr("只看该复训的"), self)
        self.due_only.setObjectName("dueOnly")
        self.due_only.toggled.connect(self.load)
        self.table = QTableWidget(0, 6, self)
        self.table.setObjectName("trainingTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("员工"),
                self.tr("课程或演练"),
                self.tr("完成时间"),
                self.tr("用时"),
                self.tr("复训日期"),
                self.tr("状态"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.months = QSpinBox(self)
        self.months.setObjectName("refresherMonths")
        self.months.setRange(1, 60)
        self.months.setSuffix(self.tr(" 个月"))
        self.save = QPushButton(self.tr("保存复训周期"), self)
        self.save.setObjectName("saveRefresher")
        self.save.clicked.connect(self.save_months)
        close = QPushButton(self.tr("关闭"), self)
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel(self.tr("复训周期："), self))
        bottom.addWidget(self.months)
        bottom.addWidget(self.save)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.due_only)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.resize(820, 420)

    def load(self) -> None:
        due_only = self.due_only.isChecked()

        def work() -> tuple[list[training.TrainingRow], int]:
            return training.register(due_only=due_only), training.refresher_months()

        DbOp(self, work).success(self._shown).failure(lambda exc: show_error(self, exc)).run()

    def _shown(self, result: tuple[list[training.TrainingRow], int]) -> None:
        rows, months = result
        self.rows = rows
        self.months.setValue(months)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            minutes, seconds = divmod(row.seconds, 60)
            values = [
                row.person,
                row.title,
                to_local(row.completed_at).strftime("%Y-%m-%d %H:%M"),
                self.tr("{m} 分 {s} 秒").format(m=minutes, s=seconds),
                row.due_on.isoformat(),
                self.tr("该复训") if row.due else self.tr("有效"),
            ]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 5 and row.due:
                    item.setForeground(QBrush(QColor("#b3261e")))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        due = sum(1 for row in rows if row.due)
        self.summary.setText(
            self.tr("共 {count} 条记录，{due} 条该复训（复训周期 {months} 个月）").format(
                count=len(rows), due=due, months=months
            )
        )

    def save_months(self) -> None:
        months, actor = self.months.value(), self.actor
        DbOp(self, lambda: training.set_refresher_months(months, actor)).success(
            lambda _m: self.load()
        ).failure(lambda exc: show_error(self, exc)).run()
