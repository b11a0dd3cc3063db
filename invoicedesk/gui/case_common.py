"""Small pieces the customer-case screens share: texts, times, and keeping drafts.

``DraftKeeper`` saves what is typed into a case screen (on the database worker, a moment after
the last keystroke, and at once when the screen closes), so that nothing typed is lost if the
app or the machine stops; the screen restores it when it opens again.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QObject, QTime, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from invoicedesk.core import case_flow as cf
from invoicedesk.core.clock import SHOP_TZ, to_local
from invoicedesk.gui.worker import DbOp
from invoicedesk.services import case_changes

SAVE_DELAY_MS = 700
OVERDUE_COLOUR = "#c62828"


def tr_case(text: str) -> str:
    return QCoreApplication.translate("Case", text)


def state_text(state: str) -> str:
    return tr_case(cf.STATES.get(state, state))


def local(stamp: str, pattern: str = "%Y-%m-%d %H:%M") -> str:
    return f"{to_local(stamp):{pattern}}" if stamp else ""


def py_date(day: QDate) -> date:
    """A QDate as a date (PySide6's stubs type toPython() as object)."""
    return date(day.year(), day.month(), day.day())


def qt_datetime(moment: datetime) -> QDateTime:
    """A wall-clock datetime as QDateTime (PySide6 converts it too, but its stubs do not say so)."""
    return QDateTime(
        QDate(moment.year, moment.month, moment.day),
        QTime(moment.hour, moment.minute, moment.second, moment.microsecond // 1000),
    )


def iso_of(edit: QDateTimeEdit) -> str:
    """The edit's time as ISO 8601 in the shop's zone (what the services parse)."""
    moment = edit.dateTime().toPython()
    assert isinstance(moment, datetime)
    return moment.replace(tzinfo=SHOP_TZ).isoformat()


def set_local(edit: QDateTimeEdit, stamp: str) -> None:
    if stamp:
        moment = to_local(stamp).replace(tzinfo=None)
        edit.setDateTime(qt_datetime(moment))


class DraftKeeper(QObject):
    """Keeps named input widgets as a draft under ``what`` for ``actor``."""

    def __init__(
        self, parent: QObject, actor: str, what: str, fields: Mapping[str, QWidget]
    ) -> None:
        super().__init__(parent)
        self.actor, self.what = actor, what
        self.fields = dict(fields)
        self.restoring = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_DELAY_MS)
        self.timer.timeout.connect(self.save_now)
        self.saved = 0  # how many saves were sent (tests wait on it)
        for widget in self.fields.values():
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.textChanged.connect(self._changed)
            elif isinstance(widget, QCheckBox):
                widget.toggled.connect(self._changed)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self._changed)
            elif isinstance(widget, QDateTimeEdit):
                widget.dateTimeChanged.connect(self._changed)

    def _changed(self, *_args: Any) -> None:
        if not self.restoring:
            self.timer.start()

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, widget in self.fields.items():
            if isinstance(widget, QLineEdit):
                out[name] = widget.text()
            elif isinstance(widget, QPlainTextEdit):
                out[name] = widget.toPlainText()
            elif isinstance(widget, QCheckBox):
                out[name] = widget.isChecked()
            elif isinstance(widget, QComboBox):
                out[name] = widget.currentData()
            elif isinstance(widget, QDateTimeEdit):
                out[name] = iso_of(widget)
        return out

    def restore(self, data: Mapping[str, Any]) -> None:
        self.restoring = True
        try:
            for name, value in data.items():
                widget = self.fields.get(name)
                if isinstance(widget, QLineEdit):
                    widget.setText(str(value))
                elif isinstance(widget, QPlainTextEdit):
                    widget.setPlainText(str(value))
                elif isinstance(widget, QCheckBox):
                    widget.setChecked(bool(value))
                elif isinstance(widget, QComboBox):
                    index = widget.findData(value)
                    if index >= 0:
                        widget.setCurrentIndex(index)
                elif isinstance(widget, QDateTimeEdit) and value:
                    moment = datetime.fromisoformat(str(value)).astimezone(SHOP_TZ)
                    widget.setDateTime(qt_datetime(moment.replace(tzinfo=None)))
        finally:
            self.restoring = False

    def save_now(self) -> None:
        """Save at once (also called when the screen closes)."""
        self.timer.stop()
        actor, what, values = self.actor, self.what, self.values()
        # Only what a person typed counts as a draft: ticks and choices alone are not kept.
        typed = [
            values[name]
            for name, widget in self.fields.items()
            if isinstance(widget, QLineEdit | QPlainTextEdit)
        ]
        if not any(str(v).strip() for v in typed):
            values = {}
        self.saved += 1
        DbOp(None, lambda: case_changes.save_draft(actor, what, values)).run()

    def drop(self) -> None:
        self.timer.stop()
        actor, what = self.actor, self.what
        DbOp(None, lambda: case_changes.drop_draft(actor, what)).run()
