"""Changes to customer cases, from the worker's one change notice (``DbWorker.changed``).

Screens that show cases listen to ``case_events().changed`` (a case id; 0 when several or
unknown, such as a reload after another program wrote). Nobody announces by hand: every write
is audited, and its audit entries become the worker's ``Changes``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from invoicedesk.core.changes import Changes
from invoicedesk.gui.worker import connect_changes


class CaseEvents(QObject):
    # A case was opened or changed (its id; 0 when several or unknown).
    changed = Signal(int)

    def relay(self, changes: Changes) -> None:
        if changes.reload or changes.database_switched or len(changes.cases) > 1:
            self.changed.emit(0)
        elif changes.cases:
            self.changed.emit(changes.cases[0])


_hub: CaseEvents | None = None
_relaying: object = None


def case_events() -> CaseEvents:
    """The hub, relaying the current worker's notices (connected again for a new worker)."""
    global _hub, _relaying
    from invoicedesk.gui import worker

    if _hub is None:
        _hub = CaseEvents()
    if worker._worker is not None and _relaying is not worker._worker:
        _relaying = worker._worker
        connect_changes(_hub, _hub.relay)
    return _hub
