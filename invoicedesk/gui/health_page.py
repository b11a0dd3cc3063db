"""The health dashboard: every check with its result, destinations, open requests and incidents.

Each run goes through services (each check is logged with source "dashboard") on the worker.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from invoicedesk.core.changes import Changes
from invoicedesk.core.clock import to_local
from invoicedesk.gui.errors import show_error
from invoicedesk.gui.row_model import Index, RowModel
from invoicedesk.gui.worker import DbOp, connect_changes
from invoicedesk.services import health_dashboard


class HealthModel(RowModel):
    """Rows of (check, result, detail, seconds)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([], parent)  # self.tr needs the QObject built first
        self._headers = [self.tr("检查项"), self.tr("结果"), self.tr("说明"), self.tr("用时")]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        title, ok, detail, seconds = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return [title, self.tr("正常") if ok else self.tr("需处理"), detail, seconds][
                index.column()
            ]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1:
            return QBrush(QColor("#1e7b34" if ok else "#b3261e"))
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2:
            return detail
        return None


class HealthPage(QWidget):
    def __init__(self, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("healthPage")
        self.actor = actor
        self.summary = QLabel(
            self.tr("按“立即体检”检查数据库、审计链、磁盘、备份和平台连通。"), self
        )
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.run_button = QPushButton(self.tr("立即体检"), self)
        self.run_button.setObjectName("runButton")
        self.run_button.clicked.connect(self.run)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.run_button)
        self.model = HealthModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("checks")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.destinations = QLabel(self)
        self.destinations.setObjectName("destinations")
        self.destinations.setWordWrap(True)
        self.destinations.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel(self.tr("各备份位置："), self))
        layout.addWidget(self.destinations)
        self.result: health_dashboard.Dashboard | None = None
        self.running = False
        self._stale = False  # what it shows changed while hidden: run again on the next show
        self._again = False  # changed while running: run once more when it is back
        connect_changes(self, self.on_changes)

    # What the dashboard shows besides the checks: backups and destinations, open requests and
    # incidents (a check's own log entry is an "other" change: never a reason to run again).
    SHOWN = ("backups", "requests", "incidents")

    def on_changes(self, changes: Changes) -> None:
        """A backup, a request or an incident changed (here or at another counter): a dashboard
        already shown runs again, at once when visible, else on the next visit. Never run
        before the user asked: each run logs every check and asks the platform."""
        if self.result is None or not changes.touches(*self.SHOWN):
            return
        if not self.isVisible():
            self._stale = True
        elif self.running:
            self._again = True
        else:
            self.run()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and not self.running:
            self.run()

    def run(self) -> None:
        self.running = True
        self._stale = self._again = False
        self.run_button.setEnabled(False)
        self.summary.setText(self.tr("正在体检…"))
        DbOp(self, lambda: health_dashboard.dashboard(self.actor)).success(self._shown).failure(
            self._failed
        ).run()

    def _failed(self, exc: Exception) -> None:
        self.running = False
        self.run_button.setEnabled(True)
        self.summary.setText(self.tr("体检未能完成。"))
        show_error(self, exc)

    def _shown(self, result: health_dashboard.Dashboard) -> None:
        self.result = result
        self.running = False
        self.run_button.setEnabled(True)
        rows = [(r.title, r.ok, r.detail, f"{r.seconds:.2f} s") for r in result.rows]
        self.model.set_rows(rows)
        self.table.resizeRowsToContents()
        bad = [r for r in result.rows if not r.ok]
        when = to_local(result.checked_at).strftime("%H:%M")
        if bad:
            self.summary.setText(
                self.tr(
                    "{when} 体检：{count} 项需要处理（见红字）。每次体检都已记入检查日志。"
                ).format(when=when, count=len(bad))
            )
            self.summary.setStyleSheet("color: #b3261e; font-weight: bold;")
        else:
            self.summary.setText(self.tr("{when} 体检：全部正常。").format(when=when))
            self.summary.setStyleSheet("color: #1e7b34; font-weight: bold;")
        lines = []
        for d in result.destinations:
            if not d.available:
                lines.append(self.tr("{path}：找不到（U盘没插？）").format(path=d.path))
                continue
            last = (
                to_local(d.last_backup_at).strftime("%Y-%m-%d %H:%M") if d.last_backup_at else "—"
            )
            verified = (
                to_local(d.last_verified_at).strftime("%Y-%m-%d %H:%M")
                if d.last_verified_at
                else "—"
            )
            lines.append(
                self.tr("{path}：上次备份 {last}，上次验证恢复 {verified}，剩余 {free}").format(
                    path=d.path,
                    last=last,
                    verified=verified,
                    free=f"{(d.free_bytes or 0) / 2**30:.1f} GB",
                )
            )
        self.destinations.setText("\n".join(lines) or self.tr("还没有设置备份位置。"))
        if self._again:
            self.run()
