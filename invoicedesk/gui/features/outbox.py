"""Adds the outbox to the main window: when the ledger's server cannot be reached.

- a banner at once (a save went to the outbox, or any operation found the server gone), saying
  that the counter goes on and how many invoices wait;
- "待同步 N 张" in the status bar while any wait;
- a timer that asks the server again every few seconds while it is gone or anything waits, and
  replays the outbox on the database worker when it answers (and once at start-up: what an earlier
  run kept is replayed);
- the conflicts (a number someone else recorded meanwhile) listed in a dialog, to record again
  under the right number or to drop (the drop is written to the ledger's audit log);
- started while the server did not answer (app.py opens the ledger offline): the banner at
  once, the counter page in front, and over every other page a notice that it needs the ledger,
  until the server answers; then the outbox is replayed (after signing in, where the ledger has
  accounts) and every page reads the ledger.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from invoicedesk.core.changes import Changes
from invoicedesk.core.money import format_money
from invoicedesk.gui.worker import DbOp, connect_changes, connect_server_lost, current_worker
from invoicedesk.services import outbox
from invoicedesk.services.outbox import OutboxItem, OutboxState

if TYPE_CHECKING:
    from invoicedesk.gui.main_window import MainWindow


class ServerBanner(QWidget):
    """Red while the server is gone; amber while conflicts wait for a person."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("serverBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.text = QLabel()
        self.text.setObjectName("serverBannerText")
        self.text.setWordWrap(True)
        self.conflicts = QPushButton(QCoreApplication.translate("OutboxFeature", "处理冲突…"))
        self.conflicts.setObjectName("outboxConflicts")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.conflicts)
        self.setVisible(False)

    def show_state(self, offline: bool, pending: int, conflicts: int) -> None:
        if offline:
            text = QCoreApplication.translate(
                "OutboxFeature",
                "连不上台账服务器：开票台照常登记，发票和开票申请先存在本机（待同步 {count} 张），"
                "服务器恢复后自动按顺序登记。",
            ).format(count=pending)
            colour = ("#ffcdd2", "#b71c1c")
        elif conflicts:
            text = QCoreApplication.translate(
                "OutboxFeature", "{count} 张待同步发票的号码已被别人登记，未能同步，请处理。"
            ).format(count=conflicts)
            colour = ("#ffe0b2", "#bf360c")
        else:
            self.setVisible(False)
            return
        if conflicts and offline:
            text += " " + QCoreApplication.translate(
                "OutboxFeature", "另有 {count} 张冲突待处理。"
            ).format(count=conflicts)
        self.setStyleSheet(
            f"#serverBanner {{ background: {colour[0]}; border-bottom: 2px solid {colour[1]}; }}"
            f"#serverBanner QLabel {{ color: {colour[1]}; font-weight: bold; }}"
        )
        self.text.setText(text)
        self.conflicts.setVisible(bool(conflicts))
        self.setVisible(True)


class OfflineNotice(QLabel):
    """Over a page that reads the ledger, while the app has not reached the server yet."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("offlineNotice")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setAutoFillBackground(True)
        self.setStyleSheet("#offlineNotice { background: #fafafa; color: #b71c1c; padding: 24px; }")
        self.setText(
            QCoreApplication.translate(
                "OutboxFeature",
                "连不上台账服务器：这一页要读取台账，服务器恢复后自动显示。\n"
                "开票台照常登记，发票和开票申请先存在本机。",
            )
        )
        self.setVisible(False)


class ConflictsDialog(QDialog):
    """The saves the ledger refused on replay, each with its reason: record again or drop."""

    def __init__(self, feature: OutboxFeature, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("outboxConflictsDialog")
        self.setWindowTitle(QCoreApplication.translate("OutboxFeature", "待同步发票的冲突"))
        self.feature = feature
        self.list = QListWidget()
        self.list.setObjectName("outboxConflictList")
        self.list.setWordWrap(True)
        retry = QPushButton(QCoreApplication.translate("OutboxFeature", "改号重新登记…"))
        retry.setObjectName("outboxRetry")
        retry.clicked.connect(self._retry)
        drop = QPushButton(QCoreApplication.translate("OutboxFeature", "放弃这张"))
        drop.setObjectName("outboxDrop")
        drop.clicked.connect(self._drop)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(retry, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(drop, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                QCoreApplication.translate(
                    "OutboxFeature",
                    "这些发票在断网期间登记，同步时台账中已有同号发票。请核对纸质发票："
                    "号码输错了就改号重新登记；确是同一张就放弃。",
                )
            )
        )
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(640, 360)
        self.show_items(feature.conflicts)

    def show_items(self, items: tuple[OutboxItem, ...]) -> None:
        self.list.clear()
        for item in items:
            row = QListWidgetItem(
                QCoreApplication.translate(
                    "OutboxFeature",
                    "{number}  {buyer}  {total}  （{who} 存于 {at}）\n原因：{reason}",
                ).format(
                    number=item.number,
                    buyer=item.buyer_name,
                    total=format_money(item.total),
                    who=item.actor,
                    at=item.queued_at[:16].replace("T", " "),
                    reason=str(item.reason) if item.reason else "",
                )
            )
            row.setData(Qt.ItemDataRole.UserRole, item.seq)
            self.list.addItem(row)
        if items:
            self.list.setCurrentRow(0)

    def _current(self) -> OutboxItem | None:
        row = self.list.currentItem()
        if row is None:
            return None
        seq = row.data(Qt.ItemDataRole.UserRole)
        return next((i for i in self.feature.conflicts if i.seq == seq), None)

    def _retry(self) -> None:
        item = self._current()
        if item is None:
            return
        ask = QInputDialog(self)
        ask.setObjectName("outboxRetryNumber")
        ask.setWindowTitle(QCoreApplication.translate("OutboxFeature", "改号重新登记"))
        ask.setLabelText(QCoreApplication.translate("OutboxFeature", "纸质发票上的号码："))
        ask.setTextValue(item.number)
        ask.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        actor = self.feature.window.actor

        def chosen(number: str) -> None:
            if number.strip():
                DbOp(self, lambda: outbox.retry_conflict(item.seq, number.strip(), actor)).success(
                    lambda _result: self.feature.sync()
                ).run()

        ask.textValueSelected.connect(chosen)
        ask.open()

    def _drop(self) -> None:
        item = self._current()
        if item is None:
            return
        actor = self.feature.window.actor
        DbOp(self, lambda: outbox.discard_conflict(item.seq, actor)).success(self._dropped).run()

    def _dropped(self, audited: bool) -> None:
        if not audited:
            self.feature.window.statusBar().showMessage(
                QCoreApplication.translate("OutboxFeature", "已放弃；服务器恢复后记入审计日志"),
                8000,
            )
        self.feature.sync()


class OutboxFeature(QObject):
    RETRY_MS = 5_000

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.offline = False
        self.pending = 0
        self.conflicts: tuple[OutboxItem, ...] = ()
        self._syncing = False
        self._dialog: ConflictsDialog | None = None
        self.banner = ServerBanner(window)
        self.banner.conflicts.clicked.connect(self.show_conflicts)
        window.add_banner(self.banner, first=True)  # a counter cut off must never be folded away
        self.count = QLabel()
        self.count.setObjectName("outboxCount")
        self.count.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.count.setVisible(False)
        window.statusBar().addPermanentWidget(self.count)
        self.timer = QTimer(self)
        self.timer.setInterval(self.RETRY_MS)
        self.timer.timeout.connect(self.sync)
        connect_server_lost(self, self.server_lost)
        connect_changes(self, self._changed)
        # Started without the server: no page has read the ledger yet.
        self.unread = outbox.started_offline()
        self.notice = OfflineNotice(window.pages)
        window.pages.currentChanged.connect(self._place_notice)
        window.pages.installEventFilter(self)
        if self.unread:
            self.offline = True
            # The outbox file is on this machine: read at once, not behind the worker's
            # attempts to reach the server.
            self.pending = outbox.state().pending
            if window.counter is not None:
                window.show_page(window.counter)
            self._show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._place_notice()
        return False

    def _place_notice(self, _index: int = -1) -> None:
        page = self.window.pages.currentWidget()
        needs_ledger = page is not None and page is not self.window.counter
        if not (self.unread and needs_ledger):
            self.notice.setVisible(False)
            return
        assert page is not None
        # The page's own rectangle, in the tab widget's coordinates: the tab bar stays free.
        self.notice.setGeometry(QRect(page.mapTo(self.window.pages, QPoint(0, 0)), page.size()))
        self.notice.setVisible(True)
        self.notice.raise_()

    # ------------------------------------------------------------ events

    def queued(self, result: outbox.SaveResult) -> None:
        """A save went to the outbox."""
        self.offline = True
        self.pending = result.pending
        self._show()

    def server_lost(self) -> None:
        self.offline = True
        self._show()

    def _changed(self, changes: Changes) -> None:
        if changes.database_switched:
            self.sync()

    # ------------------------------------------------------------ replay

    def sync(self) -> None:
        """Ask the server on the worker; replay the outbox if it answers."""
        if self._syncing:
            return
        self._syncing = True
        try:
            DbOp(self, outbox.sync).success(self._synced).failure(self._sync_failed).run()
        except RuntimeError:  # no database worker (yet): the next event asks again
            self._syncing = False

    def _synced(self, state: OutboxState) -> None:
        self._syncing = False
        self.offline = not state.reachable
        self.pending = state.pending
        self.conflicts = state.conflicts
        if state.reopened or (self.unread and state.reachable):
            self.unread = False
            # Every page reads the ledger now; with accounts, someone signs in (then the next
            # turn of the timer replays what waited).
            current_worker().announce(Changes.everything())
            accounts = getattr(self.window, "accounts", None)
            if accounts is not None:
                accounts.refresh()
        elif state.needs_sign_in:
            accounts = getattr(self.window, "accounts", None)
            if accounts is not None and not accounts.locked:
                accounts.refresh()
        if state.recorded or state.requests:
            self.window.statusBar().showMessage(
                QCoreApplication.translate(
                    "OutboxFeature", "服务器已恢复：已同步 {count} 张"
                ).format(count=len(state.recorded) + len(state.requests)),
                8000,
            )
        if self._dialog is not None:
            self._dialog.show_items(self.conflicts)
        self._show()

    def _sync_failed(self, exc: Exception) -> None:
        self._syncing = False
        self._show()  # the timer asks again

    def _show(self) -> None:
        self.banner.show_state(self.offline, self.pending, len(self.conflicts))
        if self.unread:
            # Not "正在读取台账…" for as long as the server is gone: nothing is being read. The
            # ledger's totals replace this once it answers and the pages read again.
            self.window.summary.setText(
                QCoreApplication.translate("OutboxFeature", "台账服务器未连接：合计待连上后显示")
            )
        self._place_notice()
        self.count.setText(
            QCoreApplication.translate("OutboxFeature", "待同步 {count} 张").format(
                count=self.pending
            )
        )
        self.count.setVisible(self.pending > 0)
        if self.offline or self.pending:
            if not self.timer.isActive():
                self.timer.start()
        else:
            self.timer.stop()

    def show_conflicts(self) -> None:
        if self._dialog is None:
            self._dialog = ConflictsDialog(self, self.window)
            self._dialog.finished.connect(self._dialog_closed)
        self._dialog.show_items(self.conflicts)
        self._dialog.open()

    def _dialog_closed(self, _result: int) -> None:
        if self._dialog is not None:
            self._dialog.deleteLater()
            self._dialog = None


def install(window: MainWindow) -> None:
    feature = OutboxFeature(window)
    window.outbox = feature  # type: ignore[attr-defined]
    if window.form is not None:
        window.form.queued.connect(feature.queued)
    QTimer.singleShot(0, feature.sync)  # replay what an earlier run kept (closed while offline)
