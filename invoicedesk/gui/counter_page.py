"""The counter page (开票台): the invoice form, filling from files and QR codes, outage requests.

Left, the keyboard-first form (gui/invoice_form.py). Above it, the outage switch, "open a file"
(Ctrl+O; a 数电 XML or a legacy OFD, also by dropping it on the page) and the QR input (Ctrl+L; a
scanner types the payload and Enter fills the form). Right, the open requests, oldest first.
In outage mode the form writes down requests; once the platform is back each request is issued
(Enter) or cancelled with a reason (Delete).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from invoicedesk.core.changes import Changes
from invoicedesk.core.clock import to_local
from invoicedesk.core.qr_payload import QrError, parse_qr
from invoicedesk.gui.errors import known_error_text, show_error
from invoicedesk.gui.invoice_form import InvoiceForm
from invoicedesk.gui.request_list import RequestList
from invoicedesk.gui.worker import DbOp, connect_changes
from invoicedesk.services import requests
from invoicedesk.services.dto import InvoiceView
from invoicedesk.services.einvoice_reading import (
    EInvoiceFile,
    EInvoiceFileError,
    read_einvoice_file,
)
from invoicedesk.services.outage import (
    OUTAGE_KEY,
    OutageState,
    end_outage,
    outage_state,
    start_outage,
)
from invoicedesk.services.requests import RequestView

SPLITTER_KEY = "counter/splitter"
FILE_SUFFIXES = (".xml", ".ofd")
MAX_FILE_BYTES = 20 * 1024 * 1024


def ask_text(
    parent: QWidget, title: str, label: str, then: Callable[[str], None], name: str
) -> QInputDialog:
    """A non-blocking text question (so the worker keeps delivering while it is open)."""
    dialog = QInputDialog(parent)
    dialog.setObjectName(name)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    # Qt sizes the box to its field (214 px): the question would be cut. Wrap it in a box
    # wide enough to read it in a few lines.
    for text in dialog.findChildren(QLabel):
        text.setWordWrap(True)
    dialog.setMinimumWidth(max(420, min(640, dialog.fontMetrics().horizontalAdvance(label) // 2)))
    dialog.textValueSelected.connect(then)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def _read_file(path: Path) -> tuple[str, bytes, EInvoiceFile]:
    """Runs on the worker: the bytes and what they say."""
    return read_einvoice_file(path, MAX_FILE_BYTES)


class CounterPage(QWidget):
    invoice_saved = Signal(object)  # InvoiceView
    requests_changed = Signal(list)  # the open requests (list[RequestView])
    outage_changed = Signal(object)  # OutageState

    def __init__(self, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("counterPage")
        self.setAcceptDrops(True)
        self.actor = actor
        self.outage = OutageState(False)
        self.form = InvoiceForm(actor, self)
        self.requests = RequestList(self)

        self.outage_switch = QPushButton(self.tr("停机登记模式"))
        self.outage_switch.setObjectName("outageSwitch")
        self.outage_switch.setCheckable(True)
        self.outage_switch.setToolTip(
            self.tr("开票系统不可用时打开：顾客的开票申请先登记下来，系统恢复后再开具")
        )
        self.open_button = QPushButton(self.tr("打开发票文件… (Ctrl+O)"))
        self.open_button.setObjectName("openFile")
        self.qr_input = QLineEdit()
        self.qr_input.setObjectName("qrInput")
        self.qr_input.setClearButtonEnabled(True)
        self.qr_input.setPlaceholderText(self.tr("扫描或粘贴发票二维码内容，按回车填入（Ctrl+L）"))
        for button in (self.outage_switch, self.open_button):
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        bar = QHBoxLayout()
        bar.addWidget(self.outage_switch)
        bar.addWidget(self.open_button)
        qr_label = QLabel(self.tr("二维码："))
        qr_label.setBuddy(self.qr_input)
        bar.addWidget(qr_label)
        bar.addWidget(self.qr_input, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("counterSplitter")
        self.splitter.addWidget(self.form)
        self.splitter.addWidget(self.requests)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.splitterMoved.connect(lambda _pos, _index: self.save_state())
        state = QSettings().value(SPLITTER_KEY)
        if isinstance(state, QByteArray):
            self.splitter.restoreState(state)
        else:
            self.splitter.setSizes([900, 360])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        QShortcut(QKeySequence.StandardKey.Open, self, self.choose_file).setContext(context)
        QShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_L), self, self.focus_qr).setContext(
            context
        )
        self.open_button.clicked.connect(self.choose_file)
        self.qr_input.returnPressed.connect(self.apply_qr)
        self.outage_switch.clicked.connect(self._switch_clicked)
        self.form.saved_view.connect(self._form_saved)
        self.requests.issue_requested.connect(self.issue_request)
        self.requests.cancel_requested.connect(self.ask_cancel)
        self.requests.slip_requested.connect(self.ask_slip)
        connect_changes(self, self.on_changes)
        self.refresh()

    # ------------------------------------------------------------ state

    def refresh(self) -> None:
        """Outage state and open requests, as every counter sees them."""
        DbOp(self, lambda: (outage_state(), requests.list_requests())).success(
            self._refreshed
        ).failure(lambda _exc: None).run()  # a poll that fails says nothing; the next one may

    def on_changes(self, changes: Changes) -> None:
        """Requests or outage mode changed (here or at another counter): show them again."""
        if changes.touches("requests") or OUTAGE_KEY in changes.settings:
            self.refresh()

    def refresh_requests(self) -> None:
        DbOp(self, requests.list_requests).success(self._requests_loaded).run()

    def _refreshed(self, result: tuple[OutageState, list[RequestView]]) -> None:
        state, open_requests = result
        self._set_outage(state)
        self._requests_loaded(open_requests)

    def _requests_loaded(self, open_requests: list[RequestView]) -> None:
        self.requests.set_requests(open_requests)
        self.requests_changed.emit(open_requests)

    def _set_outage(self, state: OutageState) -> None:
        changed = state != self.outage
        self.outage = state
        self.outage_switch.setChecked(state.active)
        self.outage_switch.setText(
            self.tr("停机登记中（点此结束）") if state.active else self.tr("停机登记模式")
        )
        wanted = "request" if state.active else "invoice"
        # An entry in progress keeps its mode; the banner says what changed.
        switchable = self.form.mode in ("invoice", "request") and self.form.mode != wanted
        if switchable and not self.form.is_dirty():
            self.form.set_mode(wanted)
        if changed:
            self.outage_changed.emit(state)

    def _switch_clicked(self) -> None:
        self.outage_switch.setChecked(self.outage.active)  # the database decides
        if self.outage.active:
            box = QMessageBox(
                QMessageBox.Icon.Question,
                self.tr("结束停机登记"),
                self.tr(
                    "开票系统已经恢复了吗？结束后本页恢复登记已开具的发票，"
                    "待开具的申请仍在右侧列表中。"
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                self,
            )
            box.setObjectName("confirmEndOutage")
            yes = box.button(QMessageBox.StandardButton.Yes)
            box.finished.connect(
                lambda _c: self.set_outage(False) if box.clickedButton() is yes else None
            )
            box.open()
        else:
            ask_text(
                self,
                self.tr("开始停机登记"),
                self.tr("开票系统出了什么问题？（可不填）"),
                lambda reason: self.set_outage(True, reason),
                "outageReason",
            )

    def set_outage(self, active: bool, reason: str = "") -> None:
        actor = self.actor

        def switch() -> OutageState:
            return start_outage(actor, reason) if active else end_outage(actor)

        DbOp(self, switch).success(self._switched).failure(self._switch_failed).run()

    def _switched(self, state: OutageState) -> None:
        self._set_outage(state)
        self.refresh_requests()
        self.form.focus_first()

    def _switch_failed(self, exc: Exception) -> None:
        self.refresh()  # another counter switched first: show what is true now
        text = known_error_text(exc)
        if text is None:
            show_error(self, exc)

    def outage_text(self) -> str:
        if not self.outage.active:
            return ""
        since = to_local(self.outage.since).strftime("%m-%d %H:%M") if self.outage.since else ""
        text = self.tr(
            "停机登记模式（{since} 起，{who}）：开票系统不可用，请在“开票台”登记顾客的开票申请。"
        ).format(since=since, who=self.outage.started_by)
        if self.outage.drill:
            text = self.tr("【演练】") + text
        return text

    # ------------------------------------------------------------ filling

    def focus_qr(self) -> None:
        self.qr_input.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.qr_input.selectAll()

    def apply_qr(self) -> None:
        text = self.qr_input.text().strip()
        if not text:
            return
        try:
            qr = parse_qr(text)
        except QrError as exc:
            self.form.feedback.set_message(str(exc.message), "error")
            self.qr_input.setProperty("invalid", True)
            return
        self.qr_input.clear()
        self.form.fill_from_qr(qr)
        self.form.feedback.set_message(
            self.tr("已从二维码填入票种、号码、日期和金额，请补全购买方和明细后保存。"), "ok"
        )

    def choose_file(self) -> None:
        dialog = QFileDialog(self, self.tr("打开发票文件"))
        dialog.setObjectName("openInvoiceFile")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter(self.tr("电子发票 (*.xml *.ofd *.XML *.OFD)"))
        folder = QSettings().value("counter/folder")
        if folder:
            dialog.setDirectory(str(folder))
        dialog.fileSelected.connect(lambda path: self.open_file(Path(path)))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def open_file(self, path: Path) -> None:
        """Read the file on the worker, then fill the form with it."""
        QSettings().setValue("counter/folder", str(path.parent))
        self.form.feedback.set_message(self.tr("正在读取 {name}…").format(name=path.name), "")
        DbOp(self, lambda: _read_file(path)).success(self._file_read).failure(
            self._file_failed
        ).run()

    def _file_read(self, result: tuple[str, bytes, EInvoiceFile]) -> None:
        name, data, found = result
        if self.form.mode == "request":
            self.form.set_mode("invoice")  # a file means the invoice exists
        self.form.fill_from_draft(found.draft)
        self.form.pending_file = (name, data)
        self.form.expected_total = found.total
        self.form.feedback.set_message(
            self.tr("已从 {name} 填入发票，请核对后按 Ctrl+S 保存（文件会随发票保存）。").format(
                name=name
            ),
            "ok",
        )
        self.form.number.setFocus(Qt.FocusReason.OtherFocusReason)

    def _file_failed(self, exc: Exception) -> None:
        if isinstance(exc, EInvoiceFileError):
            self.form.feedback.set_message(str(exc.message), "error")
        elif known_error_text(exc) is not None:
            self.form.feedback.set_message(known_error_text(exc) or "", "error")
        else:
            show_error(self, exc)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if urls and all(
            u.isLocalFile() and u.toLocalFile().lower().endswith(FILE_SUFFIXES) for u in urls
        ):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if urls:
            event.acceptProposedAction()
            self.open_file(Path(urls[0].toLocalFile()))

    # ------------------------------------------------------------ requests

    def issue_request(self, request: RequestView) -> None:
        """Pre-fill the form with the request; the official number completes it."""
        self.form._confirm_discard(lambda: self.form.load_request(request))

    def ask_cancel(self, request: RequestView) -> None:
        ask_text(
            self,
            self.tr("取消开票申请"),
            self.tr("为什么取消 {buyer} 的申请（价税合计 {total}）？").format(
                buyer=request.buyer_name, total=request.total
            ),
            lambda reason: self.cancel_request(request.id, reason),
            "cancelReason",
        )

    def cancel_request(self, request_id: int, reason: str) -> None:
        actor = self.actor
        DbOp(self, lambda: requests.cancel_request(request_id, reason, actor)).success(
            lambda view: self._request_closed(self.tr("开票申请 {id} 已取消。").format(id=view.id))
        ).failure(self._request_failed).run()

    def _request_closed(self, text: str) -> None:
        self.form.feedback.set_message(text, "ok")
        self.refresh_requests()

    def _request_failed(self, exc: Exception) -> None:
        text = known_error_text(exc)
        if text is None:
            show_error(self, exc)
        else:
            self.form.feedback.set_message(text, "error")
        self.refresh_requests()

    def ask_slip(self, request: RequestView) -> None:
        dialog = QFileDialog(self, self.tr("保存开票申请回执"))
        dialog.setObjectName("saveSlip")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.selectFile(f"开票申请回执-{request.id}.pdf")
        dialog.fileSelected.connect(lambda path: self.write_slip(request.id, Path(path)))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def write_slip(self, request_id: int, path: Path) -> None:
        DbOp(self, lambda: requests.write_request_slip(request_id, path)).success(
            lambda written: self.form.feedback.set_message(
                self.tr("回执已保存：{path}").format(path=str(written)), "ok"
            )
        ).failure(self._request_failed).run()

    # ------------------------------------------------------------ saving

    def _form_saved(self, view: InvoiceView) -> None:
        self.invoice_saved.emit(view)
        if self.form.last_request_id is not None:
            self.refresh_requests()  # the converted request has left the list

    def save_state(self) -> None:
        QSettings().setValue(SPLITTER_KEY, self.splitter.saveState())
