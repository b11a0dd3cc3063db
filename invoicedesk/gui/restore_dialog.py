"""Restore: pick a snapshot, restore it to a NEW file, see what it holds, then switch to it.

The current database is never overwritten: switching moves it aside (``*.before-restore-…``);
on PostgreSQL the snapshot goes into a NEW database, and switching opens that one instead.
Works without an open ledger too (the file is damaged beyond opening): the backup folder is then
picked by hand, helped by the folders remembered from earlier sessions.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from invoicedesk.core.clock import to_local
from invoicedesk.core.money import format_money, from_fen
from invoicedesk.gui.errors import show_error
from invoicedesk.gui.restore_model import SnapshotModel
from invoicedesk.gui.worker import DbOp
from invoicedesk.paths import short_location
from invoicedesk.services import backup_listing, backup_restore, backup_views

KNOWN_FOLDERS_KEY = "backup/known_folders"


def remember_folders(paths: list[str]) -> None:
    """Keep the destinations in QSettings too: a damaged ledger cannot tell where they are."""
    QSettings().setValue(KNOWN_FOLDERS_KEY, list(dict.fromkeys(paths)))


def known_folders() -> list[str]:
    value = QSettings().value(KNOWN_FOLDERS_KEY, [])
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list | tuple) else []


class RestoreDialog(QDialog):
    """Emits ``switch_requested(restored_path, view)`` when the user chooses to switch."""

    switch_requested = Signal(str, object)

    def __init__(
        self,
        current_db: str,
        actor: str,
        parent: QWidget | None = None,
        *,
        ledger_open: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle(self.tr("从备份恢复"))
        # PostgreSQL: a snapshot is restored into a NEW database beside the live one.
        self.postgres = "://" in current_db
        self.current_db = Path(current_db)
        self.current_db_url = current_db
        self.actor = actor
        self.ledger_open = ledger_open
        self.restored: backup_views.RestoredView | None = None
        self._cancel = threading.Event()

        self.folder = QComboBox(self)
        self.folder.setObjectName("folder")
        self.folder.setEditable(True)
        self.folder.setMinimumWidth(420)
        for path in known_folders():
            self.folder.addItem(path)
        browse = QPushButton(self.tr("选择文件夹…"), self)
        browse.clicked.connect(self._browse)
        load = QPushButton(self.tr("列出备份"), self)
        load.setObjectName("loadButton")
        load.clicked.connect(self.load)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("备份位置："), self))
        top.addWidget(self.folder, 1)
        top.addWidget(browse)
        top.addWidget(load)

        self.model = SnapshotModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("snapshots")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.restore())

        self.target = QLineEdit(self)
        self.target.setObjectName("target")
        self.restore_button = QPushButton(
            self.tr("恢复到新数据库") if self.postgres else self.tr("恢复到新文件"), self
        )
        if self.postgres:
            self.target.setPlaceholderText(self.tr("新数据库的名字（留空：原名加恢复时间）"))
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.clicked.connect(self.restore)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("恢复为："), self))
        row.addWidget(self.target, 1)
        row.addWidget(self.restore_button)

        self.progress = QProgressBar(self)
        self.progress.setObjectName("progress")
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("取消"), self)
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self._cancel.set)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)

        self.contents = QLabel(
            self.tr("选择一个备份（最新的在最上面），按“{button}”。").format(
                button=self.restore_button.text()
            ),
            self,
        )
        self.contents.setObjectName("contents")
        self.contents.setWordWrap(True)
        self.contents.setTextFormat(Qt.TextFormat.PlainText)
        self.switch_button = QPushButton(self.tr("切换到恢复的数据库"), self)
        self.switch_button.setObjectName("switchButton")
        self.switch_button.setEnabled(False)
        self.switch_button.clicked.connect(self._confirm_switch)
        # PostgreSQL without an open ledger: nothing to switch from (start-up offers no restore).
        self.can_switch = not self.postgres or ledger_open
        self.switch_button.setVisible(self.can_switch)
        close = QPushButton(self.tr("关闭"), self)
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.switch_button)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addLayout(progress_row)
        layout.addWidget(self.contents)
        layout.addLayout(bottom)
        self.resize(900, 560)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._suggest_target())

    # ------------------------------------------------------------ listing

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("备份所在的文件夹"))
        if folder:
            self.folder.setCurrentText(folder)
            self.load()

    def set_folder(self, folder: str) -> None:
        self.folder.setCurrentText(folder)

    def load(self) -> None:
        folder = self.folder.currentText().strip()
        if not folder:
            return
        self.contents.setText(self.tr("正在读取备份列表…"))
        DbOp(self, lambda: backup_listing.folder_snapshots(folder)).success(self._loaded).failure(
            self._failed
        ).run()

    def _loaded(self, rows: list[backup_views.SnapshotView]) -> None:
        self.model.set_rows(rows)
        if rows:
            self.table.selectRow(0)
            self.table.setFocus()
            self.contents.setText(
                self.tr("共 {count} 个备份。选择一个，按“{button}”。").format(
                    count=len(rows), button=self.restore_button.text()
                )
            )
        else:
            self.contents.setText(self.tr("这个文件夹里还没有备份。"))

    def _suggest_target(self) -> None:
        view = self.model.snapshot(self.table.currentIndex().row())
        if view is None or self.postgres:
            return
        name = f"{self.current_db.stem}-恢复-{view.id[:15]}.sqlite"
        self.target.setText(str(self.current_db.with_name(name)))

    # ------------------------------------------------------------ restoring

    def restore(self) -> None:
        view = self.model.snapshot(self.table.currentIndex().row())
        if view is None or view.damaged:
            self.contents.setText(self.tr("请先选择一个完好的备份。"))
            return
        folder, sid, target = view.destination, view.id, self.target.text().strip()
        from invoicedesk.gui.accounts_ui import ask_second_person

        def confirmed(name: str, pin: str) -> None:
            self._cancel.clear()
            self._busy(True)
            self.contents.setText(self.tr("正在恢复并检查…"))

            def work() -> backup_views.RestoredView:
                return backup_restore.restore_from(
                    folder,
                    sid,
                    target,
                    cancelled=self._cancel.is_set,
                    actor=self.actor,
                    second_name=name,
                    second_pin=pin,
                )

            DbOp(self, work).success(self._restored).failure(self._failed).run()

        # With accounts, a second 会计 or 店长 confirms with their PIN first (four eyes).
        ask_second_person(self, self.tr("恢复备份"), confirmed)

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.progress.setRange(0, 0)
        self.cancel_button.setVisible(busy)
        self.restore_button.setEnabled(not busy)

    def _restored(self, view: backup_views.RestoredView) -> None:
        self._busy(False)
        self.restored = view
        latest = view.latest_invoice
        if self.postgres and self.can_switch:
            first = self.tr("已恢复到新数据库：{url}（当前数据库未改动）")
        elif self.postgres:
            first = self.tr("已恢复到新数据库：{url}（当前数据库未改动；要使用它，用这个地址打开）")
        else:
            first = self.tr("已恢复到新文件：{path}")
        lines = [
            first.format(path=view.path, url=view.path),
            self.tr("发票 {invoices} 张，审计记录 {audit} 条").format(
                invoices=f"{view.row_counts.get('invoice', 0):,}",
                audit=f"{view.row_counts.get('audit_entry', 0):,}",
            ),
        ]
        if latest:
            lines.append(
                self.tr("期间 {first} 至 {last}；最新发票 {number}，{buyer}，{total}").format(
                    first=latest["first_date"],
                    last=latest["last_date"],
                    number=latest["number"],
                    buyer=latest["buyer_name"],
                    total=format_money(from_fen(latest["total_fen"])),
                )
            )
        if view.ok:
            lines.append(
                self.tr("检查通过：数据库恢复完整，行数和审计链与备份清单一致。")
                if self.postgres
                else self.tr("检查通过：文件完整，行数和审计链与备份清单一致。")
            )
        else:
            lines.append(
                self.tr("检查发现问题：{problems}").format(problems="；".join(view.problems))
            )
        self.contents.setText("\n".join(lines))
        self.switch_button.setEnabled(view.ok and self.can_switch)
        if view.ok:
            self.switch_button.setFocus()

    def _failed(self, exc: Exception) -> None:
        self._busy(False)
        self.contents.setText(self.tr("未能完成。"))
        show_error(self, exc)

    # ------------------------------------------------------------ switching

    def _confirm_switch(self) -> None:
        if self.restored is None:
            return
        if self.postgres:
            question = self.tr(
                "改用恢复出的数据库？\n当前数据库不会被改动，仍保留在服务器上（{name}）；"
                "以后启动时打开恢复出的数据库。"
            ).format(name=short_location(str(self.current_db_url)))
        else:
            question = self.tr(
                "改用恢复出的数据库？\n当前数据库不会被覆盖，会改名保留在同一文件夹"
                "（…before-restore-时间）。"
            )
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("切换数据库"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("confirmSwitch")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        yes = box.button(QMessageBox.StandardButton.Yes)

        def finished() -> None:
            if box.clickedButton() is yes and self.restored is not None:
                self.switch_requested.emit(self.restored.path, self.restored)
                self.accept()

        box.finished.connect(finished)
        box.open()


def describe_snapshot_time(view: backup_views.SnapshotView) -> str:
    return to_local(view.created).strftime("%Y-%m-%d %H:%M") if view.created else view.id
