""" "3 已建客户工单" in the reconciliation: open a real case for the difference, or link it to a
case already open, then record the resolution (services.case_links, one transaction)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from invoicedesk.gui.errors import show_error
from invoicedesk.gui.worker import DbOp
from invoicedesk.services import case_links, reconcile_differences
from invoicedesk.services.errors import ValidationFailed
from invoicedesk.services.reconcile_differences import DifferenceView


class CaseForDifferenceDialog(QDialog):
    def __init__(
        self,
        diff: DifferenceView,
        note: str,
        actor: str,
        done: Callable[[DifferenceView], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("caseForDifference")
        self.setWindowTitle(self.tr("客户工单"))
        self.diff, self.actor, self.done_callback = diff, actor, done
        self.new_case = QRadioButton(self.tr("新建客户工单"))
        self.new_case.setObjectName("newCaseForDifference")
        self.new_case.setChecked(True)
        self.existing = QRadioButton(self.tr("关联已有工单"))
        self.existing.setObjectName("existingCase")
        self.case_id = QSpinBox()
        self.case_id.setObjectName("existingCaseId")
        self.case_id.setRange(1, 2_000_000_000)
        self.case_id.setPrefix("#")
        self.customer = QLineEdit(diff.buyer_name)
        self.customer.setObjectName("differenceCustomer")
        self.phone = QLineEdit()
        self.phone.setObjectName("differencePhone")
        self.email = QLineEdit()
        self.email.setObjectName("differenceEmail")
        self.note = QLineEdit(note)
        self.note.setObjectName("differenceNote")
        self.note.setPlaceholderText(self.tr("处理说明"))
        self.error = QLabel()
        self.error.setObjectName("differenceCaseError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#c62828")
        ok = QPushButton(self.tr("确定"))
        ok.setObjectName("differenceCaseOk")
        ok.setDefault(True)
        ok.clicked.connect(self.submit)
        cancel = QPushButton(self.tr("取消"))
        cancel.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.new_case)
        form.addRow(self.tr("客户"), self.customer)
        form.addRow(self.tr("电话"), self.phone)
        form.addRow(self.tr("邮箱"), self.email)
        form.addRow(self.existing, self.case_id)
        form.addRow(self.tr("说明"), self.note)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(ok)
        layout = QVBoxLayout(self)
        number = f"{diff.code}-{diff.number}" if diff.code else diff.number
        layout.addWidget(QLabel(self.tr("差异：发票 {number}").format(number=number)))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    def submit(self) -> None:
        diff_id, actor, note = self.diff.id, self.actor, self.note.text()
        case_id = self.case_id.value() if self.existing.isChecked() else None
        customer, phone, email = self.customer.text(), self.phone.text(), self.email.text()

        def work() -> tuple[int, DifferenceView]:
            view = case_links.resolve_difference_with_case(
                diff_id, note, actor, case_id=case_id, customer=customer, phone=phone, email=email
            )
            return view.id, reconcile_differences.get_difference(diff_id)

        DbOp(self, work).success(self._done).failure(self._failed).run()

    def _done(self, result: tuple[int, DifferenceView]) -> None:
        _case_id, diff = result
        self.accept()
        self.done_callback(diff)

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, ValidationFailed):
            self.error.setText("\n".join(p.text() for p in exc.problems if p.is_error))
        elif hasattr(exc, "message"):
            self.error.setText(str(exc.message))
        else:
            show_error(self, exc)


def resolve_with_case(
    parent: QWidget,
    diff: DifferenceView,
    note: str,
    actor: str,
    done: Callable[[DifferenceView], None],
) -> CaseForDifferenceDialog:
    dialog = CaseForDifferenceDialog(diff, note, actor, done, parent)
    dialog.open()
    return dialog
