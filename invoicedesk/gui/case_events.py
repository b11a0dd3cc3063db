"""One place that announces changes to customer cases (and the invoices they recorded).

Until the worker broadcasts a ``Changes`` value (issue 14), every screen that changes a case
calls ``announce`` here and every screen that shows cases listens to ``case_events()``: one
hub, so converting to the broadcast later touches this module and its listeners only.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class CaseEvents(QObject):
    # A case was opened or changed (its id; 0 when several or unknown).
    changed = Signal(int)
    # Invoices were recorded for a case (issued, red-flushed, reissued): the ledger redraws.
    invoices_changed = Signal()


_hub: CaseEvents | None = None


def case_events() -> CaseEvents:
    global _hub
    if _hub is None:
        _hub = CaseEvents()
    return _hub


def announce(case_id: int = 0, *, invoices: bool = False) -> None:
    hub = case_events()
    hub.changed.emit(case_id)
    if invoices:
        hub.invoices_changed.emit()
