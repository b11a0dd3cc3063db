"""The backup page: destinations and their state, snapshots, backup / verify / drill / restore,
and the policy. Every file and database step runs on the worker; long ones can be cancelled."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from invoicedesk.core.clock import to_local
from invoicedesk.gui.errors import show_error
from invoicedesk.gui.restore_dialog import remember_folders
from invoicedesk.gui.restore_model import SnapshotModel
from invoicedesk.gui.worker import DbOp
from invoicedesk.services import (
    backup_health,
    backup_listing,
    backup_restore,
    backup_runs,
    backup_settings,
    backup_verify,
    backup_views,
)


class BackupPage(QWidget):
    """Emits ``restore_requested(folder, snapshot_id)``; ``changed`` after any backup work."""

    restore_requested = Signal(str, str)
    changed = Signal()

    def __init__(self, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupPage")
        self.actor = actor
        self.read_only = False
        self._cancel = threading.Event()
        self._busy_ops = 0

        # Destinations
        self.destinations = QListWidget(self)
        self.destinations.setObjectName("destinations")
        self.destinations.setMaximumHeight(110)
        add = QPushButton(self.tr("添加备份位置…"), self)
        add.setObjectName("addDestination")
        add.clicked.connect(self._choose_destination)
        remove = QPushButton(self.tr("移除"), self)
        remove.setObjectName("removeDestination")
        remove.clicked.connect(self._remove_destination)
        dest_buttons = QVBoxLayout()
        dest_buttons.addWidget(add)
        dest_buttons.addWidget(remove)
        dest_buttons.addStretch(1)
        dest_box = QGroupBox(
            self.tr("备份位置（U盘、网盘同步文件夹、共享文件夹，可以有多个）"), self
        )
        dest_row = QHBoxLayout(dest_box)
        dest_row.addWidget(self.destinations, 1)
        dest_row.addLayout(dest_buttons)

        # Actions
        self.backup_button = QPushButton(self.tr("立即备份 (Ctrl+B)"), self)
        self.backup_button.setObjectName("backupButton")
        self.backup_button.clicked.connect(lambda: self.run_backup())
        self.full_button = QPushButton(self.tr("完整备份"), self)
        self.full_button.setObjectName("fullButton")
        self.full_button.clicked.connect(lambda: self.run_backup("full"))
        self.verify_button = QPushButton(self.tr("校验全部备份"), self)
        self.verify_button.setObjectName("verifyButton")
        self.verify_button.clicked.connect(self.verify)
        self.drill_button = QPushButton(self.tr("恢复演练"), self)
        self.drill_button.setObjectName("drillButton")
        self.drill_button.setToolTip(self.tr("把最新的备份恢复到临时位置并检查，证明它能用"))
        self.drill_button.clicked.connect(self.drill)
        self.restore_button = QPushButton(self.tr("恢复所选备份…"), self)
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.clicked.connect(self._restore_selected)
        self.cancel_button = QPushButton(self.tr("取消"), self)
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self._cancel.set)
        actions = QHBoxLayout()
        for button in (
            self.backup_button,
            self.full_button,
            self.verify_button,
            self.drill_button,
            self.restore_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.cancel_button)
        QShortcut(QKeySequence("Ctrl+B"), self).activated.connect(self.run_backup)

        self.progress = QProgressBar(self)
        self.progress.setObjectName("progress")
        self.progress.hide()
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.restore_age = QLabel(self)
        self.restore_age.setObjectName("restoreAge")

        # Snapshots
        self.model = SnapshotModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("snapshots")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)

        # Policy
        self.full_days = self._spin(1, 90)
        self.inc_days = self._spin(1, 30)
        self.keep_daily = self._spin(0, 365)
        self.keep_weekly = self._spin(0, 520)
        self.keep_monthly = self._spin(0, 1200)
        self.on_exit = QCheckBox(self.tr("退出程序时，如有改动就备份"), self)
        save_policy = QPushButton(self.tr("保存备份规则"), self)
        save_policy.setObjectName("savePolicy")
        save_policy.clicked.connect(self.save_policy)
        policy_box = QGroupBox(self.tr("备份规则"), self)
        form = QFormLayout(policy_box)
        form.addRow(self.tr("完整备份间隔（天）"), self.full_days)
        form.addRow(self.tr("增量备份间隔（天）"), self.inc_days)
        form.addRow(self.tr("保留每日备份（份）"), self.keep_daily)
        form.addRow(self.tr("保留每周备份（份）"), self.keep_weekly)
        form.addRow(self.tr("保留每月备份（份）"), self.keep_monthly)
        form.addRow(self.on_exit)
        form.addRow(save_policy)
        policy_box.setMaximumWidth(330)

        middle = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(dest_box)
        left.addLayout(actions)
        left.addWidget(self.progress)
        left.addWidget(self.status)
        left.addWidget(self.restore_age)
        left.addWidget(self.table, 1)
        middle.addLayout(left, 1)
        middle.addWidget(policy_box, 0, Qt.AlignmentFlag.AlignTop)
        QVBoxLayout(self).addLayout(middle)
        self.refresh()

    def _spin(self, low: int, high: int) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(low, high)
        return spin

    # ------------------------------------------------------------ loading

    def refresh(self) -> None:
        def work() -> tuple[Any, ...]:
            views = backup_settings.destination_views()
            try:
                snapshots = backup_listing.list_snapshots() if views else []
            except Exception:
                snapshots = []
            return views, snapshots, backup_settings.get_policy(), backup_health.restore_age()

        DbOp(self, work).success(self._loaded).failure(lambda exc: show_error(self, exc)).run()

    def _loaded(self, result: tuple[Any, ...]) -> None:
        views, snapshots, policy, age = result
        self.destinations.clear()
        for view in views:
            self.destinations.addItem(self._destination_item(view))
        remember_folders([v.path for v in views])
        self.model.set_rows(snapshots)
        self.full_days.setValue(policy.full_every_days)
        self.inc_days.setValue(policy.incremental_every_days)
        self.keep_daily.setValue(policy.keep_daily)
        self.keep_weekly.setValue(policy.keep_weekly)
        self.keep_monthly.setValue(policy.keep_monthly)
        self.on_exit.setChecked(policy.on_exit)
        self.restore_age.setText(str(age.message))
        self.restore_age.setStyleSheet("color: #b3261e; font-weight: bold;" if age.warn else "")
        if not views:
            self.status.setText(
                self.tr(
                    "还没有备份位置：按“添加备份位置…”选一个U盘或网盘文件夹，然后按“立即备份”。"
                )
            )

    def _destination_item(self, view: backup_views.DestinationView) -> QListWidgetItem:
        name = f"{view.label}  {view.path}" if view.label else view.path
        if not view.available:
            state = self.tr("找不到（U盘没插？）")
        else:
            last = (
                to_local(view.last_backup_at).strftime("%m-%d %H:%M")
                if view.last_backup_at
                else "—"
            )
            free = f"{(view.free_bytes or 0) / 2**30:.1f} GB"
            state = self.tr("上次备份 {last}，剩余空间 {free}").format(last=last, free=free)
            if view.status not in ("ok", "unknown"):
                state += " — " + view.detail
        item = QListWidgetItem(f"{name}    {state}")
        item.setData(Qt.ItemDataRole.UserRole, view.path)
        if not view.available or view.status not in ("ok", "unknown"):
            item.setForeground(QColor("#b3261e"))
        return item

    # ------------------------------------------------------------ destinations

    def _choose_destination(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择备份位置（U盘或网盘文件夹）"))
        if folder:
            self.add_destination(folder)

    def add_destination(self, folder: str, label: str = "") -> None:
        DbOp(self, lambda: backup_settings.add_destination(folder, label, self.actor)).success(
            lambda _d: self.refresh()
        ).failure(lambda exc: show_error(self, exc)).run()

    def _remove_destination(self) -> None:
        item = self.destinations.currentItem()
        if item is None:
            return
        path = str(item.data(Qt.ItemDataRole.UserRole))
        DbOp(self, lambda: backup_settings.remove_destination(path, self.actor)).success(
            lambda _r: self.refresh()
        ).failure(lambda exc: show_error(self, exc)).run()

    # ------------------------------------------------------------ long work

    def _start(self, text: str, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        if self.read_only:
            self.status.setText(self.tr("数据库已损坏，只读打开：不能备份到新的快照。请先恢复。"))
            return
        self._cancel.clear()
        self._set_busy(True)
        self.status.setText(text)

        def finish(result: Any) -> None:
            self._set_busy(False)
            done(result)
            self.refresh()
            self.changed.emit()

        def failed(exc: Exception) -> None:
            self._set_busy(False)
            self.status.setText(self.tr("未能完成。"))
            show_error(self, exc)

        DbOp(self, fn).success(finish).failure(failed).run()

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.progress.setRange(0, 0)
        self.cancel_button.setVisible(busy)
        for button in (
            self.backup_button,
            self.full_button,
            self.verify_button,
            self.drill_button,
            self.restore_button,
        ):
            button.setEnabled(not busy)

    def is_busy(self) -> bool:
        return self.cancel_button.isVisible()

    def run_backup(self, kind: str | None = None) -> None:
        def work() -> list[backup_views.RunOutcome]:
            return backup_runs.run_backup(
                self.actor, kind=kind, reason="manual", cancelled=self._cancel.is_set
            )

        def done(outcomes: list[backup_views.RunOutcome]) -> None:
            self.status.setText("\n".join(o.text for o in outcomes))
            bad = any(not o.ok for o in outcomes)
            self.status.setStyleSheet("color: #b3261e;" if bad else "")

        self._start(self.tr("正在备份…"), work, done)

    def verify(self) -> None:
        def work() -> list[backup_views.VerifyView]:
            return backup_verify.verify(self.actor, cancelled=self._cancel.is_set)

        def done(results: list[backup_views.VerifyView]) -> None:
            damaged = [r for r in results if not r.ok]
            if not results:
                text = self.tr("没有可校验的备份。")
            elif damaged:
                text = self.tr("校验了 {count} 个备份，{bad} 个有问题：{names}").format(
                    count=len(results),
                    bad=len(damaged),
                    names="；".join(f"{r.snapshot_id or r.destination}" for r in damaged),
                )
            else:
                text = self.tr("校验了 {count} 个备份，全部完好并已试恢复。").format(
                    count=len(results)
                )
            self.status.setText(text)
            self.status.setStyleSheet("color: #b3261e;" if damaged else "")

        self._start(self.tr("正在校验：重算哈希、试恢复、完整性检查…"), work, done)

    def drill(self) -> None:
        def work() -> backup_views.RestoredView:
            return backup_restore.restore_drill(self.actor, cancelled=self._cancel.is_set)

        def done(view: backup_views.RestoredView) -> None:
            if view.ok:
                text = self.tr("恢复演练成功：备份 {id} 可以完整恢复（发票 {count} 张）。").format(
                    id=view.snapshot_id, count=f"{view.row_counts.get('invoice', 0):,}"
                )
            else:
                text = self.tr("恢复演练失败：{problems}").format(problems="；".join(view.problems))
            self.status.setText(text)
            self.status.setStyleSheet("" if view.ok else "color: #b3261e;")

        self._start(self.tr("正在做恢复演练…"), work, done)

    def _restore_selected(self) -> None:
        view = self.model.snapshot(self.table.currentIndex().row())
        if view is None:
            view = self.model.snapshot(0)
        if view is None:
            self.status.setText(self.tr("还没有备份可以恢复。"))
            return
        self.restore_requested.emit(view.destination, view.id)

    def save_policy(self) -> None:
        policy = backup_settings.Policy(
            full_every_days=self.full_days.value(),
            incremental_every_days=self.inc_days.value(),
            keep_daily=self.keep_daily.value(),
            keep_weekly=self.keep_weekly.value(),
            keep_monthly=self.keep_monthly.value(),
            on_exit=self.on_exit.isChecked(),
        )
        DbOp(self, lambda: backup_settings.set_policy(policy, self.actor)).success(
            lambda _p: self.status.setText(self.tr("备份规则已保存。"))
        ).failure(lambda exc: show_error(self, exc)).run()
