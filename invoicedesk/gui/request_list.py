"""Open invoice requests (手工登记), oldest first, with their age: the counter's to-do list.

The list is short by nature (what one outage leaves behind), so a plain list model suffices;
it is read on the database worker and refreshed after every change and on a timer.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeySequence, QShortcut
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

from invoicedesk.core import clock
from invoicedesk.core.clock import to_local
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.core.money import format_money
from invoicedesk.services.requests import RequestView

AnyIndex = QModelIndex | QPersistentModelIndex
CONTEXT = "RequestsModel"
OLD_HOURS = 24  # older than this: shown in red (a promise is probably at risk)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def age_text(created_at: str, now: datetime | None = None) -> str:
    """How long a request has waited, the way a person says it: 5分钟, 3小时, 2天."""
    now = now or clock.now()
    seconds = max(0, int((now - datetime.fromisoformat(created_at)).total_seconds()))

    if seconds < 3600:
        return QCoreApplication.translate("RequestsModel", "{n}分钟").format(
            n=max(1, seconds // 60)
        )
    if seconds < 86400:
        return QCoreApplication.translate("RequestsModel", "{n}小时").format(n=seconds // 3600)
    return QCoreApplication.translate("RequestsModel", "{n}天").format(n=seconds // 86400)


def age_hours(created_at: str) -> float:
    return (clock.now() - datetime.fromisoformat(created_at)).total_seconds() / 3600


class RequestsModel(QAbstractTableModel):
    HEADERS = (
        QT_TRANSLATE_NOOP("RequestsModel", "等待"),
        QT_TRANSLATE_NOOP("RequestsModel", "登记时间"),
        QT_TRANSLATE_NOOP("RequestsModel", "购买方"),
        QT_TRANSLATE_NOOP("RequestsModel", "价税合计"),
        QT_TRANSLATE_NOOP("RequestsModel", "联系方式"),
        QT_TRANSLATE_NOOP("RequestsModel", "承诺"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.requests: list[RequestView] = []

    def set_requests(self, requests: list[RequestView]) -> None:
        self.beginResetModel()
        self.requests = list(requests)
        self.endResetModel()

    def request_at(self, row: int) -> RequestView | None:
        return self.requests[row] if 0 <= row < len(self.requests) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.requests)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.HEADERS):
            return QCoreApplication.translate(CONTEXT, self.HEADERS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.requests)):
            return None
        req = self.requests[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                age_text(req.created_at),
                to_local(req.created_at).strftime("%m-%d %H:%M"),
                req.buyer_name,
                format_money(req.total),
                req.phone or req.email,
                req.promised_at,
            )[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return _RIGHT
        old = column == 0 and age_hours(req.created_at) >= OLD_HOURS
        if role == Qt.ItemDataRole.ForegroundRole and old:
            return QColor("#c62828")
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"#{req.id} {req.buyer_name} {req.buyer_tax_id}".strip()]
            lines.append(to_local(req.created_at).strftime("%Y-%m-%d %H:%M"))
            contact = "  ".join(x for x in (req.phone, req.email, req.promised_at) if x)
            if contact:
                lines.append(contact)
            lines += [f"{line.name}  {format_money(line.amount + line.tax)}" for line in req.lines]
            if req.drill:
                lines.append(self.tr("（演练）"))
            return "\n".join(lines)
        return None


class RequestList(QWidget):
    """The panel: title with the count, the table, and what can be done with a request."""

    issue_requested = Signal(object)  # RequestView
    cancel_requested = Signal(object)
    slip_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("requestList")
        self.model = RequestsModel(self)
        self.title = QLabel()
        self.title.setObjectName("requestsTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.table = QTableView()
        self.table.setObjectName("requestsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # The buyer is what staff look for: contact and promise give way to it (their full text
        # is in the tooltip), and a long name loses its middle, not its distinctive end.
        digits = self.fontMetrics().horizontalAdvance("13800138000")
        for column, width in ((4, digits + 12), (5, digits * 2 // 3)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.table.hideColumn(1)  # when it was written down: the tooltip has it, 等待 says how long
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.issue_button = QPushButton(self.tr("开具发票 (Enter)"))
        self.issue_button.setObjectName("issueRequest")
        self.cancel_button = QPushButton(self.tr("取消申请…"))
        self.cancel_button.setObjectName("cancelRequest")
        self.slip_button = QPushButton(self.tr("回执 PDF…"))
        self.slip_button.setObjectName("requestSlip")
        buttons = QHBoxLayout()
        for button in (self.issue_button, self.cancel_button, self.slip_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.issue_button.clicked.connect(lambda: self._emit(self.issue_requested))
        self.cancel_button.clicked.connect(lambda: self._emit(self.cancel_requested))
        self.slip_button.clicked.connect(lambda: self._emit(self.slip_requested))
        self.table.activated.connect(lambda _index: self._emit(self.issue_requested))
        remove = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(lambda: self._emit(self.cancel_requested))
        self.set_requests([])

    def set_requests(self, requests: list[RequestView]) -> None:
        current = self.selected()
        self.model.set_requests(requests)
        if requests:
            self.title.setText(
                self.tr("待开具的开票申请：{count} 张（最早的已等 {age}）").format(
                    count=len(requests), age=age_text(requests[0].created_at)
                )
            )
            ids = [r.id for r in requests]
            row = ids.index(current.id) if current is not None and current.id in ids else 0
            self.table.selectRow(row)
        else:
            self.title.setText(self.tr("没有待开具的开票申请"))
        for button in (self.issue_button, self.cancel_button, self.slip_button):
            button.setEnabled(bool(requests))

    def selected(self) -> RequestView | None:
        index = self.table.currentIndex()
        return self.model.request_at(index.row()) if index.isValid() else None

    def _emit(self, signal: Any) -> None:
        request = self.selected()
        if request is not None:
            signal.emit(request)
