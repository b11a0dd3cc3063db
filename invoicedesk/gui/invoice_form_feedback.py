"""What the invoice form says about problems: a red border (or a red cell) at each field with
the message as its tooltip, the messages listed under the lines, and the link to an invoice
already recorded under the same number.

Its strings are filed under the form's context ("InvoiceForm"), as when they were its own.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QWidget

from invoicedesk.core.problems import Problem
from invoicedesk.gui.lines_table import FIELD_COLUMNS, NAME, LinesTable

LINE_FIELD = re.compile(r"lines\[(\d+)\](?:\.(\w+))?")


def repolish(widget: QWidget) -> None:
    """Apply the style sheet again after a property it selects on changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class FormFeedback:
    """Marks problems at the form's fields (by the names problems use) and shows its messages."""

    def __init__(
        self,
        fields: dict[str, QWidget],
        lines: LinesTable,
        messages: QLabel,
        duplicate_link: QLabel,
    ) -> None:
        self.fields = fields  # in the order of the form: problems are listed in that order
        self.lines = lines
        self.messages = messages
        self.duplicate_link = duplicate_link
        self.duplicate_id: int | None = None  # the invoice the duplicate link opens

    def show_problems(self, problems: list[Problem]) -> None:
        """Mark each problem's field and list the messages (errors first)."""
        ordered = sorted(problems, key=self._problem_order)
        lines = []
        first: QWidget | None = None
        for problem in ordered:
            text = problem.text()
            lines.append(
                text
                if problem.is_error
                else QCoreApplication.translate("InvoiceForm", "提示：{text}").format(text=text)
            )
            widget = self.mark(problem.field, text) if problem.is_error else None
            first = first or widget
        tone = "error" if any(p.is_error for p in problems) else "warning"
        self.set_message("\n".join(lines), tone)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_duplicate(self, existing_id: int) -> None:
        """Offer to open the invoice already recorded under the number typed."""
        self.duplicate_id = existing_id
        self.duplicate_link.setText(
            '<a href="#existing">{}</a>'.format(
                QCoreApplication.translate("InvoiceForm", "打开已登记的这张发票")
            )
        )
        self.duplicate_link.setVisible(True)

    def _problem_order(self, problem: Problem) -> tuple[bool, int, int]:
        """Errors before warnings, then in the order of the fields on the form."""
        fields = list(self.fields)
        match = LINE_FIELD.fullmatch(problem.field)
        name = "lines" if match else problem.field
        position = fields.index(name) if name in fields else len(fields)
        return (not problem.is_error, position, int(match.group(1)) if match else 0)

    def mark(self, field: str, text: str) -> QWidget | None:
        match = LINE_FIELD.fullmatch(field)
        if match:
            row = int(match.group(1)) - 1
            column = FIELD_COLUMNS.get(match.group(2) or "", NAME)
            self.lines.mark_error(row, column, text)
            field = "lines"
        widget = self.fields.get(field)
        if widget is None:
            return None
        widget.setProperty("invalid", True)
        tip = widget.toolTip()
        widget.setToolTip(f"{tip}\n{text}" if tip else text)
        repolish(widget)
        return widget

    def mark_live(self, field: str, text: str) -> None:
        """A problem found as a field is left: only that one is shown."""
        self.clear_mark(field)
        self.mark(field, text)
        self.set_message(text, "error")

    def clear_mark(self, field: str) -> None:
        widget = self.fields[field]
        if widget.property("invalid"):
            widget.setProperty("invalid", False)
            widget.setToolTip("")
            repolish(widget)

    def clear_all(self) -> None:
        for field in self.fields:
            self.clear_mark(field)
        self.lines.clear_marks()
        self.set_message("", "")
        self.duplicate_id = None
        self.duplicate_link.setVisible(False)

    def set_message(self, text: str, tone: str) -> None:
        """The text under the lines; ``tone`` (error, warning, ok or "") picks its colour."""
        self.messages.setText(text)
        self.messages.setProperty("tone", tone)
        repolish(self.messages)
