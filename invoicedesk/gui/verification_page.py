"""The verification view: import the platform's export, reconcile a period, resolve differences.

Buckets with counts on the left, the selected bucket's differences (filterable) in the middle,
the ledger and platform values of the selected difference with one-key actions on the right.
Importing runs on the database worker with progress and a cancel button; a cancelled or failed
import stores nothing.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from invoicedesk.core.changes import Changes
from invoicedesk.core.clock import to_local
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, listing
from invoicedesk.core.money import format_money
from invoicedesk.core.reconcile import BUCKETS, DIFFERENCE_BUCKETS, FIELD_LABELS
from invoicedesk.gui.case_link_dialog import resolve_with_case
from invoicedesk.gui.errors import show_error, show_message
from invoicedesk.gui.ledger_model import status_text
from invoicedesk.gui.row_model import RowModel
from invoicedesk.gui.worker import DbOp, connect_changes
from invoicedesk.services import reconcile, reconcile_differences
from invoicedesk.services.reconcile import SessionView
from invoicedesk.services.reconcile_differences import DifferenceView
from invoicedesk.services.reconcile_import import ImportedFileView

AnyIndex = QModelIndex | QPersistentModelIndex
LAST_FOLDER_KEY = "reconcile/last_folder"
# Audited entities this page shows (they land in ``Changes.others``).
RECONCILE_ENTITIES = frozenset({"platform_file", "reconcile_session", "reconcile_difference"})
# One key per action on the selected difference (the table has the focus).
ACTION_KEYS: tuple[tuple[str, str], ...] = (
    ("ledger_corrected", "1"),
    ("added_from_platform", "2"),
    ("customer_case", "3"),
    ("tax_office", "4"),
    ("accepted", "5"),
    ("postponed", "6"),
)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _tr(text: str) -> str:
    return QCoreApplication.translate("Reconcile", text)


class DifferenceModel(RowModel):
    """A session's differences (hundreds at most in practice): a list held in memory."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("Reconcile", "类别"),
        QT_TRANSLATE_NOOP("Reconcile", "发票号码"),
        QT_TRANSLATE_NOOP("Reconcile", "开票日期"),
        QT_TRANSLATE_NOOP("Reconcile", "购买方名称"),
        QT_TRANSLATE_NOOP("Reconcile", "价税合计"),
        QT_TRANSLATE_NOOP("Reconcile", "差异"),
        QT_TRANSLATE_NOOP("Reconcile", "处理"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([_tr(c) for c in self.COLUMNS], parent)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        diff = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(diff, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 4:
            return int(_RIGHT)
        return None

    @staticmethod
    def display(diff: DifferenceView, column: int) -> str:
        if column == 0:
            return _tr(BUCKETS[diff.bucket])
        if column == 1:
            return f"{diff.code}-{diff.number}" if diff.code else diff.number
        if column == 2:
            return diff.issue_date
        if column == 3:
            return diff.buyer_name
        if column == 4:
            return format_money(diff.total)
        if column == 5:
            if diff.bucket == "status_mismatch":
                return _tr(
                    QT_TRANSLATE_NOOP("Reconcile", "台账“{ledger}”，平台“{platform}”")
                ).format(
                    ledger=status_text(diff.ledger_status),
                    platform=status_text(diff.platform_status),
                )
            return str(listing(_tr(FIELD_LABELS[f]) for f in diff.fields))
        if column == 6:
            return (
                _tr(reconcile_differences.ACTIONS[diff.resolution])
                if diff.resolution
                else _tr(QT_TRANSLATE_NOOP("Reconcile", "未处理"))
            )
        return ""


class _Progress(QObject):
    """Carries progress from the worker thread to the GUI thread (a queued signal)."""

    changed = Signal(int)


class VerificationPage(QWidget):
    session_changed = Signal(object)  # SessionView

    def __init__(self, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verificationPage")
        self.actor = actor
        self.session: SessionView | None = None
        self._cancel = threading.Event()
        self._progress = _Progress(self)
        self._progress.changed.connect(self._show_progress)

        self.import_button = QPushButton(self.tr("导入平台导出文件…（Ctrl+O）"))
        self.import_button.setObjectName("importButton")
        self.import_button.clicked.connect(self.choose_file)
        self.period = QLineEdit()
        self.period.setObjectName("periodEdit")
        self.period.setPlaceholderText(self.tr("期间 YYYY-MM（空=文件中最多的月份）"))
        self.period.setMaxLength(7)
        # Wide enough for its hint in either language (it was cut at the default width).
        self.period.setMinimumWidth(
            self.period.fontMetrics().horizontalAdvance(self.period.placeholderText()) + 24
        )
        self.sessions = QComboBox()
        self.sessions.setObjectName("sessionCombo")
        self.sessions.setMinimumContentsLength(30)
        self.sessions.activated.connect(self._session_chosen)
        self.state = QLabel(
            self.tr("还没有对账记录：请导入电子发票服务平台“全量发票查询”导出的文件")
        )
        self.state.setObjectName("sessionState")
        self.state.setWordWrap(True)
        self.finish_button = QPushButton(self.tr("完成对账"))
        self.finish_button.setObjectName("finishButton")
        self.finish_button.setEnabled(False)
        self.finish_button.clicked.connect(self.finish)
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.setRange(0, 0)
        self.progress.setFormat(self.tr("已读取 %v 行"))
        self.cancel_button = QPushButton(self.tr("取消导入"))
        self.cancel_button.setObjectName("cancelImport")
        self.cancel_button.clicked.connect(self.cancel_import)

        self.buckets = QListWidget()
        self.buckets.setObjectName("bucketList")
        self.buckets.currentRowChanged.connect(lambda _row: self.load_differences())
        self.filter = QLineEdit()
        self.filter.setObjectName("differenceFilter")
        self.filter.setClearButtonEnabled(True)
        self.filter.setPlaceholderText(self.tr("在差异中查找号码或购买方"))
        self.filter.textChanged.connect(lambda _text: self.load_differences())
        self.open_only = QCheckBox(self.tr("只看未处理"))
        self.open_only.setObjectName("openOnly")
        self.open_only.toggled.connect(lambda _on: self.load_differences())
        self.model = DifferenceModel(self)
        self.table = QTableView()
        self.table.setObjectName("differenceTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())

        self.values = QTreeWidget()
        self.values.setObjectName("differenceValues")
        self.values.setRootIsDecorated(False)
        self.values.setHeaderLabels([self.tr("项目"), self.tr("台账"), self.tr("电子发票服务平台")])
        self.values.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.note = QLineEdit()
        self.note.setObjectName("resolutionNote")
        self.note.setPlaceholderText(self.tr("处理说明（必填；补录和按平台更正可不填）"))
        self.apply = QCheckBox(self.tr("“已更正台账”时按平台数据更正日期和购买方"))
        self.apply.setObjectName("applyPlatform")
        self.apply.setChecked(True)
        self.action_buttons: dict[str, QPushButton] = {}
        actions = QVBoxLayout()
        for action, key in ACTION_KEYS:
            button = QPushButton(f"{key}  {_tr(reconcile_differences.ACTIONS[action])}")
            button.setObjectName(f"action_{action}")
            button.clicked.connect(lambda _c=False, a=action: self.resolve(a))
            actions.addWidget(button)
            self.action_buttons[action] = button
            shortcut = QShortcut(QKeySequence(key), self.table, lambda a=action: self.resolve(a))
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.message = QLabel()
        self.message.setObjectName("resolveMessage")
        self.message.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.import_button)
        top.addWidget(self.period)
        top.addWidget(QLabel(self.tr("对账记录：")))
        top.addWidget(self.sessions, 1)
        top.addWidget(self.finish_button)
        busy = QHBoxLayout()
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.cancel_button)
        self.busy = QWidget()
        self.busy.setLayout(busy)
        self.busy.hide()

        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        filter_bar = QHBoxLayout()
        filter_bar.addWidget(self.filter, 1)
        filter_bar.addWidget(self.open_only)
        middle_layout.addLayout(filter_bar)
        middle_layout.addWidget(self.table, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.values, 1)
        right_layout.addWidget(self.note)
        right_layout.addWidget(self.apply)
        right_layout.addLayout(actions)
        right_layout.addWidget(self.message)
        splitter = QSplitter()
        splitter.addWidget(self.buckets)
        splitter.addWidget(middle)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([160, 700, 420])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(top)
        layout.addWidget(self.state)
        layout.addWidget(self.busy)
        layout.addWidget(splitter, 1)
        open_shortcut = QShortcut(QKeySequence.StandardKey.Open, self, self.choose_file)
        open_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._set_actions_enabled(False)
        # True between this page's own write coming back and its notice: the write's callback
        # already redraws (and moves on to the next difference), the notice must not undo that.
        self._own_notice = False
        connect_changes(self, self.on_changes)
        self.reload_sessions()

    # ------------------------------------------------------------ change notices

    def on_changes(self, changes: Changes) -> None:
        """An import, a resolution or a finished session (at another counter too): redraw,
        keeping the session and the difference shown."""
        if not (
            changes.reload or changes.database_switched or RECONCILE_ENTITIES & set(changes.others)
        ):
            return
        if self._own_notice:
            self._own_notice = False
            return
        diff = self.selected()
        self.reload_sessions(
            select=self.session.id if self.session is not None else None,
            keep=diff.id if diff is not None else None,
        )

    def _own_write_done(self) -> None:
        """Called from the success callback of this page's writes (see ``_own_notice``)."""
        self._own_notice = True
        # A write that changed nothing has no notice: forget the flag after this turn.
        QTimer.singleShot(0, self._forget_own_notice)

    def _forget_own_notice(self) -> None:
        self._own_notice = False

    # ------------------------------------------------------------ sessions

    def reload_sessions(self, select: int | None = None, keep: int | None = None) -> None:
        DbOp(self, reconcile.list_sessions).success(
            lambda sessions: self._sessions_loaded(sessions, select, keep)
        ).run()

    def _sessions_loaded(
        self, sessions: list[SessionView], select: int | None, keep: int | None = None
    ) -> None:
        self.sessions.clear()
        for session in sessions:
            state = self.tr("已完成") if session.state == "finished" else self.tr("进行中")
            self.sessions.addItem(
                self.tr("{period}  {file}（{state}）").format(
                    period=session.period, file=session.file_name, state=state
                ),
                session.id,
            )
        if not sessions:
            if self.session is not None:  # another database is open now, without sessions
                self.session = None
                self.finish_button.setEnabled(False)
                self.model.set_rows([])
                self._show_selected()
            return
        wanted = select if select is not None else sessions[0].id
        index = max(self.sessions.findData(wanted), 0)
        self.sessions.setCurrentIndex(index)
        self.show_session(sessions[index], keep if sessions[index].id == wanted else None)

    def _session_chosen(self, index: int) -> None:
        session_id = self.sessions.itemData(index)
        if session_id is not None:
            DbOp(self, lambda: reconcile.get_session(int(session_id))).success(
                self.show_session
            ).run()

    def show_session(self, session: SessionView, keep: int | None = None) -> None:
        self.session = session
        self.session_changed.emit(session)
        if session.state == "finished":
            when = (
                to_local(session.finished_at).strftime("%Y-%m-%d %H:%M")
                if session.finished_at
                else ""
            )
            self.state.setText(
                self.tr("{period} 对账已完成（{who}，{when}）：一致 {matched} 张，差异 {diffs} 个均已处理").format(
                    period=session.period, who=session.finished_by or "", when=when,
                    matched=session.matched, diffs=session.differences,
                )
            )  # fmt: skip
        else:
            self.state.setText(
                self.tr(
                    "{period} 对账进行中：平台 {platform} 张，台账 {ledger} 张，一致 {matched} 张；"
                    "还有 {open} 个差异未处理。全部处理后点“完成对账”。进项发票 {received} 张另计。"
                ).format(
                    period=session.period, platform=session.platform_rows,
                    ledger=session.ledger_rows, matched=session.matched,
                    open=session.unresolved, received=session.received,
                )
            )  # fmt: skip
        self.finish_button.setEnabled(session.state == "open")
        current = self.buckets.currentRow()
        self.buckets.blockSignals(True)
        self.buckets.clear()
        QListWidgetItem(
            self.tr("全部差异（{count}）").format(count=session.differences), self.buckets
        ).setData(Qt.ItemDataRole.UserRole, None)
        QListWidgetItem(
            self.tr("{label}（{count}）").format(
                label=_tr(BUCKETS["matched"]), count=session.matched
            ),
            self.buckets,
        ).setFlags(Qt.ItemFlag.ItemIsEnabled)
        for bucket in DIFFERENCE_BUCKETS:
            item = QListWidgetItem(
                self.tr("{label}（{count}）").format(
                    label=_tr(BUCKETS[bucket]), count=session.counts.get(bucket, 0)
                ),
                self.buckets,
            )
            item.setData(Qt.ItemDataRole.UserRole, bucket)
        self.buckets.setCurrentRow(current if current >= 0 and current != 1 else 0)
        self.buckets.blockSignals(False)
        self.load_differences(keep)

    def current_bucket(self) -> str | None:
        item = self.buckets.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def load_differences(self, keep: int | None = None) -> None:
        if self.session is None:
            return
        session_id, bucket = self.session.id, self.current_bucket()
        text, open_only = self.filter.text(), self.open_only.isChecked()

        def show(rows: list[DifferenceView]) -> None:
            self.model.set_rows(rows)
            row = next((i for i, d in enumerate(rows) if d.id == keep), 0 if rows else -1)
            if row >= 0:
                self.table.selectRow(row)
            self._show_selected()

        DbOp(
            self,
            lambda: reconcile_differences.list_differences(session_id, bucket, text, open_only),
        ).success(show).run()

    # ------------------------------------------------------------ a difference

    def selected(self) -> DifferenceView | None:
        row = self.table.currentIndex().row()
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def _set_actions_enabled(self, on: bool) -> None:
        for button in self.action_buttons.values():
            button.setEnabled(on)

    def _show_selected(self) -> None:
        diff = self.selected()
        self.values.clear()
        can_act = diff is not None and self.session is not None and self.session.state == "open"
        self._set_actions_enabled(can_act)
        if diff is None:
            return
        self.action_buttons["added_from_platform"].setEnabled(
            can_act and diff.bucket == "missing_in_ledger"
        )
        labels = {**FIELD_LABELS, "status": QT_TRANSLATE_NOOP("Reconcile", "状态")}
        for key, label in labels.items():
            ledger = diff.ledger_values.get(key, "")
            platform = diff.platform_values.get(key, "")
            if key == "status":
                ledger, platform = (
                    status_text(ledger) if ledger else "",
                    status_text(platform) if platform else "",
                )
            item = QTreeWidgetItem(self.values, [_tr(label), ledger, platform])
            if diff.ledger_values and diff.platform_values and ledger != platform:
                for column in (1, 2):
                    item.setForeground(column, Qt.GlobalColor.red)
        if diff.resolution:
            self.message.setText(
                self.tr("已处理：{action}（{who}）{note}").format(
                    action=_tr(reconcile_differences.ACTIONS[diff.resolution]),
                    who=diff.resolved_by or "",
                    note=diff.note,
                )
            )
        else:
            self.message.setText(self.tr("按数字键 1–6 处理选中的差异"))

    def resolve(self, action: str) -> None:
        diff = self.selected()
        if diff is None or self.session is None or self.session.state != "open":
            return
        note = self.note.text()
        apply = self.apply.isChecked()
        if action == "customer_case":  # a real case, opened or linked (customer cases feature)
            self.case_dialog = resolve_with_case(self, diff, note, self.actor, self._resolved)
            return
        if (
            not note.strip()
            and action != "added_from_platform"
            and not (action == "ledger_corrected" and apply)
        ):
            self.message.setText(self.tr("请先填写处理说明，再选择处理方式"))
            self.note.setFocus()
            return
        actor, diff_id = self.actor, diff.id
        DbOp(
            self,
            lambda: reconcile_differences.resolve(diff_id, action, note, actor, apply=apply),
        ).success(self._resolved).failure(lambda exc: show_error(self, exc)).run()

    def _resolved(self, view: DifferenceView) -> None:
        self._own_write_done()
        self.note.clear()
        self.table.setFocus()
        # Move on to the next difference of the list.
        rows = self.model.rows
        index = next((i for i, d in enumerate(rows) if d.id == view.id), -1)
        following = rows[index + 1].id if 0 <= index < len(rows) - 1 else view.id
        self._refresh_session(keep=following)

    def _refresh_session(self, keep: int | None = None) -> None:
        if self.session is None:
            return
        session_id = self.session.id

        def show(session: SessionView) -> None:
            self.show_session(session)
            self.load_differences(keep)

        DbOp(self, lambda: reconcile.get_session(session_id)).success(show).run()

    def finish(self) -> None:
        if self.session is None:
            return
        session_id, actor = self.session.id, self.actor

        def done(session: SessionView) -> None:
            self._own_write_done()
            self.reload_sessions(select=session.id)

        DbOp(self, lambda: reconcile.finish_session(session_id, actor)).success(done).failure(
            lambda exc: show_error(self, exc)
        ).run()

    # ------------------------------------------------------------ import

    def choose_file(self) -> None:
        folder = str(QSettings().value(LAST_FOLDER_KEY, ""))
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("选择电子发票服务平台导出的文件"),
            folder,
            self.tr("全量发票查询导出 (*.xlsx *.csv);;所有文件 (*)"),
        )
        if path:
            QSettings().setValue(LAST_FOLDER_KEY, str(path.rsplit("/", 1)[0]))
            self.import_file(path)

    def import_file(self, path: str) -> None:
        period = self.period.text().strip() or None
        if period and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
            show_message(self, self.tr("期间应为 YYYY-MM，例如 2026-10"))
            self.period.setFocus()
            return
        self._cancel.clear()
        self.busy.show()
        self.progress.setRange(0, 0)
        self.import_button.setEnabled(False)
        progress, cancel, actor = self._progress, self._cancel, self.actor

        def report(rows: int) -> bool:
            progress.changed.emit(rows)
            return not cancel.is_set()

        def work() -> tuple[ImportedFileView, SessionView]:
            return reconcile.reconcile_file(path, actor, period, report)

        DbOp(self, work).success(self._imported).failure(self._import_failed).run()

    def cancel_import(self) -> None:
        self._cancel.set()
        self.cancel_button.setEnabled(False)

    def _show_progress(self, rows: int) -> None:
        self.progress.setRange(0, max(rows, 1) * 2)
        self.progress.setValue(rows)

    def _end_import(self) -> None:
        self.busy.hide()
        self.cancel_button.setEnabled(True)
        self.import_button.setEnabled(True)

    def _imported(self, result: tuple[ImportedFileView, SessionView]) -> None:
        self._own_write_done()
        self._end_import()
        imported, session = result
        self.reload_sessions(select=session.id)
        if imported.already:
            show_message(
                self,
                self.tr("这个文件（{name}）以前导入过，已用其中的数据重新对账。").format(
                    name=imported.name
                ),
                icon=QMessageBox.Icon.Information,
            )

    def _import_failed(self, exc: Exception) -> None:
        self._end_import()
        show_error(self, exc)
