"""A short question with a reason to pick or type, for someone under stress (incident wizard)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from invoicedesk.gui.errors import show_error
from invoicedesk.services.errors import ServiceError


class ReasonDialog(QDialog):
    """A short, clear question with reasons to pick (the first already chosen) or type.

    For a stressed person: one click on the big button confirms; the other button goes back
    without changing anything. A refusal from the service is shown here, not in another box.
    """

    def __init__(
        self,
        title: str,
        text: str,
        reasons: list[str],
        confirm: str,
        keep: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reasonDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        question = QLabel(text)
        question.setObjectName("reasonText")
        question.setWordWrap(True)
        question.setStyleSheet("font-size:16px")
        question.setMinimumWidth(480)
        layout.addWidget(question)
        layout.addWidget(QLabel(self.tr("原因（可选一个，也可以自己写）：")))
        self.reason = QComboBox()
        self.reason.setObjectName("reason")
        self.reason.setEditable(True)
        self.reason.addItems(reasons)
        self.reason.setCurrentIndex(0)
        layout.addWidget(self.reason)
        self.error = QLabel()
        self.error.setObjectName("reasonError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#c0392b;font-weight:bold")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.confirm = buttons.addButton(confirm, QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm.setObjectName("confirmReason")
        self.confirm.setMinimumHeight(40)
        self.confirm.setStyleSheet("font-size:15px;font-weight:bold;padding:4px 16px")
        self.keep = buttons.addButton(keep, QDialogButtonBox.ButtonRole.RejectRole)
        self.keep.setObjectName("keepGoing")
        buttons.accepted.connect(self._confirm)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.handler: Any = None  # called with the reason; it calls ``finished_ok`` or ``refused``
        self.reason.setFocus()
        # A wrapped label's height follows its width: lay out once the width is known.
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)
        self.adjustSize()

    def text(self) -> str:
        return self.reason.currentText().strip()

    def _confirm(self) -> None:
        if not self.text():
            self.error.setText(self.tr("请写明原因"))
            return
        self.error.clear()
        if self.handler is None:
            self.accept()
            return
        self.confirm.setEnabled(False)
        self.handler(self.text())

    def finished_ok(self, _result: Any = None) -> None:
        self.accept()

    def refused(self, exc: Exception) -> None:
        self.confirm.setEnabled(True)
        if isinstance(exc, ServiceError):
            self.error.setText(str(exc.message))
        else:
            show_error(self, exc)
