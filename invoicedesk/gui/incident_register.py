"""The incident register: incidents with state, duration and counts; open follow-up actions;
when each person last practised; the system-check log. Reports export as PDF.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from invoicedesk.core.clock import to_local
from invoicedesk.gui.errors import show_message
from invoicedesk.gui.worker import DbOp
from invoicedesk.services import incident_register, incident_report, incident_views
from invoicedesk.services.system_checks import (
    check_title,
    recent_checks,
    run_checks,
    source_label,
)

Index = QModelIndex | QPersistentModelIndex


def _local(stamp: str) -> str:
    return f"{to_local(stamp):%Y-%m-%d %H:%M}" if stamp else ""


class RowsModel(QAbstractTableModel):
    """A short list (dozens to hundreds of rows) of display text, with an id per row."""

    def __init__(self, headers: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.rows: list[tuple[str, ...]] = []
        self.ids: list[int] = []
        self.right: set[int] = set()

    def set_rows(self, rows: Sequence[tuple[int, Sequence[str]]]) -> None:
        self.beginResetModel()
        self.ids = [i for i, _ in rows]
        self.rows = [tuple(str(v) for v in r) for _, r in rows]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None


def _table(model: RowsModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class IncidentRegister(QWidget):
    """``start_wizard(drill)`` and ``open_plan()`` are provided by the feature module."""

    changed = Signal()

    def __init__(
        self,
        actor: str,
        start_wizard: Callable[[bool], None],
        open_plan: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("incidentRegister")
        self.actor = actor
        layout = QVBoxLayout(self)
        buttons = QHBoxLayout()
        start = QPushButton(self.tr("启动应急向导"))
        start.setObjectName("startWizard")
        start.setStyleSheet("font-weight:bold;padding:4px 14px")
        start.clicked.connect(lambda: start_wizard(False))
        drill = QPushButton(self.tr("开始应急演练"))
        drill.setObjectName("startDrill")
        drill.clicked.connect(lambda: start_wizard(True))
        plan = QPushButton(self.tr("应急预案设置"))
        plan.setObjectName("openPlan")
        plan.clicked.connect(open_plan)
        self.report_button = QPushButton(self.tr("导出所选事件的报告（PDF）"))
        self.report_button.setObjectName("exportReport")
        self.report_button.clicked.connect(self._ask_report_path)
        check = QPushButton(self.tr("立即检查系统"))
        check.setObjectName("runChecks")
        check.clicked.connect(self.run_checks)
        for b in (start, drill, plan, self.report_button, check):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self.incidents = RowsModel(
            [
                self.tr("编号"),
                self.tr("开始时间"),
                self.tr("类别"),
                self.tr("发生情况"),
                self.tr("严重程度"),
                self.tr("状态"),
                self.tr("持续（分钟）"),
                self.tr("受影响发票"),
                self.tr("开票申请"),
                self.tr("已联系客户"),
                self.tr("未完成改进"),
            ],
            self,
        )
        self.incidents.right = {0, 6, 7, 8, 9, 10}
        self.incident_view = _table(self.incidents)
        self.incident_view.setObjectName("incidentTable")
        self.tabs.addTab(self.incident_view, self.tr("事件登记簿"))

        actions_page = QWidget()
        box = QVBoxLayout(actions_page)
        self.action_model = RowsModel(
            [self.tr("完成日期"), self.tr("事项"), self.tr("负责人"), self.tr("事件编号")], self
        )
        self.action_view = _table(self.action_model)
        self.action_view.setObjectName("actionTable")
        box.addWidget(self.action_view, 1)
        done = QPushButton(self.tr("所选事项已完成"))
        done.setObjectName("actionDone")
        done.clicked.connect(self.mark_done)
        box.addWidget(done, 0, Qt.AlignmentFlag.AlignLeft)
        self.tabs.addTab(actions_page, self.tr("未完成的改进事项"))

        self.drills = RowsModel(
            [self.tr("人员"), self.tr("最近一次演练"), self.tr("参加演练次数")], self
        )
        self.drills.right = {2}
        self.drill_view = _table(self.drills)
        self.drill_view.setObjectName("drillTable")
        self.tabs.addTab(self.drill_view, self.tr("演练记录"))

        self.checks = RowsModel(
            [
                self.tr("时间"),
                self.tr("检查项"),
                self.tr("结果"),
                self.tr("说明"),
                self.tr("来源"),
                self.tr("人员"),
            ],
            self,
        )
        self.check_view = _table(self.checks)
        self.check_view.setObjectName("checkTable")
        self.tabs.addTab(self.check_view, self.tr("系统检查记录"))
        self.status = QLabel()
        self.status.setObjectName("registerStatus")
        layout.addWidget(self.status)

    # ------------------------------------------------------------ loading

    def refresh(self) -> None:
        def load() -> tuple[Any, ...]:
            return (
                incident_register.register(),
                incident_register.open_actions(),
                incident_register.drill_log(),
                recent_checks(200),
            )

        DbOp(self, load).success(self._show).run()

    def _show(self, data: tuple[Any, ...]) -> None:
        register, actions, drills, checks = data
        kind = {True: self.tr("演练"), False: self.tr("真实事件")}
        state = {
            "open": self.tr("处理中"),
            "closed": self.tr("已结案"),
            "withdrawn": self.tr("误报已撤销"),
        }
        self.incidents.set_rows(
            [
                (
                    r.id,
                    (
                        r.id,
                        _local(r.started_at),
                        kind[r.drill],
                        incident_views.symptom_text(r.symptom),
                        incident_views.severity_text(r.severity),
                        state.get(r.state, r.state),
                        "" if r.duration_minutes is None else r.duration_minutes,
                        r.affected_invoices,
                        r.affected_requests,
                        r.customers_contacted,
                        r.open_actions,
                    ),
                )
                for r in register
            ]
        )
        self.action_model.set_rows(
            [(a.id, (a.due.isoformat(), a.text, a.owner, a.incident_id)) for a in actions]
        )
        self.drills.set_rows(
            [(n, (d.person, _local(d.last_at), d.drills)) for n, d in enumerate(drills)]
        )
        ok = {True: self.tr("正常"), False: self.tr("异常")}
        self.checks.set_rows(
            [
                (
                    c.id,
                    (
                        _local(c.ts),
                        check_title(c.name),
                        ok[c.ok],
                        c.detail,
                        source_label(c.source),
                        c.actor,
                    ),
                )
                for c in checks
            ]
        )
        self.status.setText(
            self.tr("共 {n} 个事件，{a} 项改进事项未完成").format(n=len(register), a=len(actions))
        )

    # ------------------------------------------------------------ actions

    def selected_incident(self) -> int | None:
        rows = self.incident_view.selectionModel().selectedRows()
        return self.incidents.ids[rows[0].row()] if rows else None

    def _ask_report_path(self) -> None:
        incident_id = self.selected_incident()
        if incident_id is None:
            show_message(self, self.tr("请先在事件登记簿中选中一个事件。"), self.tr("导出报告"))
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("导出事件报告"),
            str(Path.home() / f"应急事件报告-{incident_id}.pdf"),
            self.tr("PDF 文件 (*.pdf)"),
        )
        if path:
            self.export_report(incident_id, Path(path))

    def export_report(
        self, incident_id: int, path: Path, then: Callable[[Path], None] | None = None
    ) -> None:
        actor = self.actor

        def done(written: Path) -> None:
            self.status.setText(self.tr("报告已保存：{path}").format(path=written))
            if then is not None:
                then(written)

        DbOp(self, lambda: incident_report.write_report(incident_id, path, actor)).success(
            done
        ).run()

    def mark_done(self) -> None:
        rows = self.action_view.selectionModel().selectedRows()
        if not rows:
            show_message(
                self,
                self.tr("请先选中一项改进事项。"),
                self.tr("改进事项"),
                QMessageBox.Icon.Information,
            )
            return
        action_id, actor = self.action_model.ids[rows[0].row()], self.actor

        def done(_view: Any) -> None:
            self.refresh()
            self.changed.emit()

        DbOp(self, lambda: incident_register.mark_action_done(action_id, actor)).success(done).run()

    def run_checks(self) -> None:
        actor = self.actor
        self.status.setText(self.tr("正在检查…"))

        def done(results: Any) -> None:
            bad = sum(1 for r in results if not r.ok)
            self.status.setText(
                self.tr("检查完成：{n} 项异常").format(n=bad)
                if bad
                else self.tr("检查完成：全部正常")
            )
            self.tabs.setCurrentWidget(self.check_view)
            self.refresh()

        DbOp(self, lambda: run_checks(source="manual", actor=actor)).success(done).run()
