"""One customer case: who and what at the top, the steps and the timeline on the left, the
current step's panel on the right with one obvious button, notes and call-backs at the bottom.

It renders services.cases.CaseView; every action runs on the database worker and the case is
read again afterwards. What is typed is kept as the case's draft until its step is recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from invoicedesk.core import case_flow as cf
from invoicedesk.core import clock
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.gui.case_common import DraftKeeper, iso_of, local, qt_datetime, state_text, tr_case
from invoicedesk.gui.case_panels import PANELS, ClosedPanel, Panel
from invoicedesk.gui.errors import show_error
from invoicedesk.gui.worker import DbOp
from invoicedesk.services import case_changes, case_record, case_steps, cases
from invoicedesk.services.cases import CaseView
from invoicedesk.services.errors import ServiceError, ValidationFailed

DONE_TEXT = {
    "identify": QT_TRANSLATE_NOOP("CaseWindow", "已确认客户和购买，下一步"),
    "apologise": QT_TRANSLATE_NOOP("CaseWindow", "已致歉并记录，下一步"),
    "check": QT_TRANSLATE_NOOP("CaseWindow", "记录核实结论，下一步"),
    "deliver": QT_TRANSLATE_NOOP("CaseWindow", "确认交付结果"),
    "archive": QT_TRANSLATE_NOOP("CaseWindow", "归档工单"),
}


class CaseWindow(QWidget):
    closed = Signal(int)

    def __init__(self, view: CaseView, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setObjectName("caseWindow")
        self.view = view
        self.case_id = view.id
        self.actor = actor
        self.setWindowTitle(self.tr("客户工单 #{id}").format(id=view.id))

        self.header = QLabel()
        self.header.setObjectName("caseHeader")
        font = QFont(self.font())
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        self.header.setFont(font)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.details = QLabel()
        self.details.setObjectName("caseDetails")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.steps = QListWidget()
        self.steps.setObjectName("caseSteps")
        self.steps.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.steps.setFixedHeight(118)
        self.timeline = QListWidget()
        self.timeline.setObjectName("caseTimeline")
        self.timeline.setWordWrap(True)
        self.stack = QStackedWidget()
        self.panels: dict[str, Panel] = {}
        for cls in PANELS:
            panel = cls(self)
            self.panels[cls.step] = panel
            self.stack.addWidget(panel)
        self.closed_panel = ClosedPanel(self)
        self.stack.addWidget(self.closed_panel)
        self.step_title = QLabel()
        self.step_title.setObjectName("stepTitle")
        self.step_title.setFont(font)
        self.message = QLabel()
        self.message.setObjectName("caseMessage")
        self.message.setWordWrap(True)
        self.done_button = QPushButton()
        self.done_button.setObjectName("stepDone")
        self.done_button.setMinimumHeight(36)
        self.done_button.setStyleSheet(
            "QPushButton{font-weight:bold;padding:4px 18px;background:#1565c0;color:white;"
            "border-radius:4px}QPushButton:disabled{background:#9e9e9e}"
        )
        self.done_button.clicked.connect(self.complete)
        QShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Return), self, self.complete)

        self.note = QLineEdit()
        self.note.setObjectName("caseNote")
        self.note.setPlaceholderText(self.tr("备注、客户来电内容、回访结果或撤销原因"))
        note_button = QPushButton(self.tr("添加备注"))
        note_button.setObjectName("addNote")
        note_button.clicked.connect(self.add_note)
        contact_button = QPushButton(self.tr("记录通话"))
        contact_button.setObjectName("recordCall")
        contact_button.clicked.connect(self.record_call)
        self.callback_at = QDateTimeEdit()
        self.callback_at.setObjectName("callbackAt")
        self.callback_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.callback_at.setCalendarPopup(True)
        self.callback_at.setDateTime(
            qt_datetime(
                (clock.local_now() + timedelta(days=3)).replace(
                    second=0, microsecond=0, tzinfo=None
                )
            )
        )
        callback_button = QPushButton(self.tr("约定回访"))
        callback_button.setObjectName("setCallback")
        callback_button.clicked.connect(self.set_callback)
        callback_done = QPushButton(self.tr("回访完成"))
        callback_done.setObjectName("callbackDone")
        callback_done.clicked.connect(self.callback_done)
        self.withdraw_button = QPushButton(self.tr("撤销工单"))
        self.withdraw_button.setObjectName("withdrawCase")
        self.withdraw_button.clicked.connect(self.withdraw)
        export = QPushButton(self.tr("导出记录 PDF…"))
        export.setObjectName("exportRecord")
        export.clicked.connect(self.export)

        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("处理步骤")))
        left.addWidget(self.steps)
        left.addWidget(QLabel(self.tr("处理经过")))
        left.addWidget(self.timeline, 1)
        right = QVBoxLayout()
        right.addWidget(self.step_title)
        right.addWidget(self.stack, 1)
        right.addWidget(self.message)
        done_row = QHBoxLayout()
        done_row.addStretch(1)
        done_row.addWidget(self.done_button)
        right.addLayout(done_row)
        middle = QHBoxLayout()
        middle.addLayout(left, 2)
        middle.addLayout(right, 5)
        bottom = QHBoxLayout()
        bottom.addWidget(self.note, 1)
        for widget in (
            note_button,
            contact_button,
            self.callback_at,
            callback_button,
            callback_done,
        ):
            bottom.addWidget(widget)
        bottom.addSpacing(12)
        bottom.addWidget(self.withdraw_button)
        bottom.addWidget(export)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.details)
        layout.addLayout(middle, 1)
        layout.addLayout(bottom)
        self.resize(1240, 680)

        fields: dict[str, QWidget] = {"note": self.note}
        for panel in self.panels.values():
            fields.update(panel.fields())
        self.draft = DraftKeeper(self, actor, f"case:{view.id}", fields)
        self._current = ""
        self.show_view(view)
        DbOp(self, lambda: case_changes.load_draft(actor, f"case:{view.id}")).success(
            self.draft.restore
        ).run()

    # ------------------------------------------------------------ rendering

    def show_view(self, view: CaseView) -> None:
        self.view = view
        late = self.tr("（已逾期）") if view.overdue else ""
        self.header.setText(
            self.tr("#{id} {customer} · {state}{late}").format(
                id=view.id, customer=view.customer, state=state_text(view.state), late=late
            )
        )
        self.header.setStyleSheet("color:#c62828" if view.overdue else "")
        contact = "　".join(x for x in (view.phone, view.email, view.other_contact) if x)
        promised = local(view.promised_at) or self.tr("未承诺")
        callback = (
            self.tr("　回访：{at}").format(at=local(view.callback_at)) if view.callback_at else ""
        )
        self.details.setText(
            self.tr(
                "“{complaint}”\n{contact}　{channel}　受理：{received}（{by}）　承诺：{promised}{callback}"
            ).format(
                complaint=view.complaint,
                contact=contact or self.tr("（联系方式待补充）"),
                channel=tr_case(cf.CHANNELS.get(view.channel, view.channel)),
                received=local(view.received_at),
                by=view.received_by,
                promised=promised,
                callback=callback,
            )
        )
        self.steps.clear()
        current = view.current_step
        for key in cf.STEP_ORDER:
            mark = view.flow.done.get(key)
            if mark is not None:
                text = f"✔ {tr_case(cf.STEPS[key])}　{mark.by} {local(mark.at, '%m-%d %H:%M')}"
            elif key == current:
                text = f"▶ {tr_case(cf.STEPS[key])}"
            else:
                text = f"　 {tr_case(cf.STEPS[key])}"
            self.steps.addItem(text)
        self.timeline.clear()
        for event in reversed(view.events):
            self.timeline.addItem(f"{local(event.ts, '%m-%d %H:%M')} {event.actor}\n{event.text}")
        for panel in self.panels.values():
            panel.show_view(view)
        self.withdraw_button.setEnabled(cf.can_move(view.state, "withdrawn"))
        if current is None:
            self.closed_panel.show_view(view)
            self.stack.setCurrentWidget(self.closed_panel)
            self.step_title.setText(state_text(view.state))
            self.done_button.hide()
            self._current = ""
            return
        number = cf.STEP_ORDER.index(current) + 1
        self.step_title.setText(
            self.tr("第 {n} 步：{title}").format(n=number, title=tr_case(cf.STEPS[current]))
        )
        self.done_button.setText(self.tr(DONE_TEXT[current]))
        self.done_button.show()
        panel = self.panels[current]
        self.stack.setCurrentWidget(panel)
        if current != self._current:
            self._current = current
            panel.entered()

    def say(self, text: str, *, good: bool = False) -> None:
        self.message.setStyleSheet("color:#2e7d32" if good else "color:#c62828;font-weight:bold")
        self.message.setText(text)

    # ------------------------------------------------------------ actions

    def run(
        self,
        fn: Callable[[], Any],
        *,
        invoices: bool = False,
        then: Callable[[Any], None] | None = None,
        always: Callable[[], None] | None = None,
    ) -> None:
        """Database work for this case; afterwards the case is read again and announced."""
        case_id = self.case_id

        def work() -> tuple[Any, CaseView]:
            result = fn()
            return result, cases.get_case(case_id)

        def done(pair: tuple[Any, CaseView]) -> None:
            result, view = pair
            if always is not None:
                always()
            self.show_view(view)
            if then is not None:
                then(result)

        def failed(exc: Exception) -> None:
            if always is not None:
                always()
            self.failed(exc)

        DbOp(self, work).success(done).failure(failed).run()

    def failed(self, exc: Exception) -> None:
        if isinstance(exc, ServiceError):
            self.say(
                str(exc.message)
                if not isinstance(exc, ValidationFailed)
                else "\n".join(p.text() for p in exc.problems if p.is_error)
            )
            if isinstance(exc, ValidationFailed) and exc.problems and self._current:
                widget = self.panels[self._current].widget_for(exc.problems[0].field)
                if widget is not None:
                    widget.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            show_error(self, exc)

    def complete(self) -> None:
        step = self.view.current_step
        if step is None or not self.done_button.isVisible():
            return
        record = self.panels[step].record()
        case_id, actor = self.case_id, self.actor
        self.message.clear()
        self.done_button.setEnabled(False)

        def finished(_result: Any) -> None:
            self.say(self.tr("已记录：{step}").format(step=tr_case(cf.STEPS[step])), good=True)
            if self.view.current_step is None:
                self.draft.drop()  # archived: nothing is left to type
            else:
                self.draft.save_now()

        self.run(
            lambda: case_steps.complete_step(case_id, step, record, actor),
            then=finished,
            always=lambda: self.done_button.setEnabled(True),
        )

    def _with_note(self, fn: Callable[[str], Any]) -> None:
        text = self.note.text()
        self.run(lambda: fn(text), then=lambda _v: self.note.clear())

    def add_note(self) -> None:
        case_id, actor = self.case_id, self.actor
        self._with_note(lambda text: case_changes.add_note(case_id, text, actor))

    def record_call(self) -> None:
        case_id, actor = self.case_id, self.actor
        self._with_note(lambda text: case_changes.record_contact(case_id, "phone", text, actor))

    def set_callback(self) -> None:
        when, note, case_id, actor = (
            iso_of(self.callback_at),
            self.note.text(),
            self.case_id,
            self.actor,
        )
        self.run(
            lambda: case_changes.set_callback(case_id, when, actor, note),
            then=lambda _v: self.note.clear(),
        )

    def callback_done(self) -> None:
        case_id, actor = self.case_id, self.actor
        self._with_note(lambda text: case_changes.record_callback(case_id, text, actor))

    def withdraw(self) -> None:
        case_id, actor = self.case_id, self.actor
        self._with_note(lambda text: case_steps.withdraw_case(case_id, text, actor))

    def export(self) -> None:
        dialog = QFileDialog(self, self.tr("导出客户工单记录"))
        dialog.setObjectName("exportCaseRecord")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.selectFile(f"客户工单-{self.case_id}.pdf")
        case_id, actor = self.case_id, self.actor

        def chosen(path: str) -> None:
            DbOp(self, lambda: case_record.export_record(case_id, Path(path), actor)).success(
                lambda written: self.say(
                    self.tr("已导出：{path}").format(path=str(written)), good=True
                )
            ).failure(self.failed).run()

        dialog.fileSelected.connect(chosen)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.view.current_step is not None:
            self.draft.save_now()
        self.closed.emit(self.case_id)
        super().closeEvent(event)
