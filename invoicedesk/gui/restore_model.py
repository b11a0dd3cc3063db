"""The list of snapshots as a table model (backup page and restore dialog)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from invoicedesk.core.clock import to_local
from invoicedesk.gui.row_model import Index, RowModel
from invoicedesk.services.backup_views import SnapshotView, kind_text, size_text


class SnapshotModel(RowModel):
    """Snapshots newest first: time (shop time), kind, invoices, size, verification, place."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([], parent)  # self.tr needs the QObject built first
        self._headers = [
            self.tr("备份时间"),
            self.tr("类型"),
            self.tr("发票数"),
            self.tr("写入大小"),
            self.tr("校验"),
            self.tr("备份位置"),
        ]

    def snapshot(self, row: int) -> SnapshotView | None:
        return self.row_at(row)  # type: ignore[no-any-return]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        view = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(view, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == 4:
            if view.damaged or view.verified_ok is False:
                return QBrush(QColor("#b3261e"))
            if view.verified_ok:
                return QBrush(QColor("#1e7b34"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return view.id
        return None

    def _text(self, view: SnapshotView, column: int) -> str:
        if view.damaged:
            return [view.id, "?", "", "", self.tr("清单已损坏"), view.destination][column]
        if column == 0:
            return to_local(view.created).strftime("%Y-%m-%d %H:%M")
        if column == 1:
            return kind_text(view.kind)
        if column == 2:
            return f"{view.invoices:,}"
        if column == 3:
            return size_text(view.bytes_written)
        if column == 4:
            return {True: self.tr("已验证"), False: self.tr("损坏"), None: self.tr("未验证")}[
                view.verified_ok
            ]
        return view.destination
