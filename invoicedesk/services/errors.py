"""Errors a use case reports to its caller. Each carries a user-facing message; nothing was written."""

from __future__ import annotations

from typing import Any

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message, context_of
from invoicedesk.core.problems import Problem


class ServiceError(Exception):
    """Refused: bad input or a rule. The CLI maps it to exit code 2, the GUI to a message box."""

    def __init__(self, source: str, **params: Any) -> None:
        self.message = Message(context_of(source, "Service"), source, params)
        super().__init__(str(self.message))


class ValidationFailed(ServiceError):
    """The input has errors; ``problems`` lists every one, each naming its field."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = next((p for p in problems if p.is_error), problems[0] if problems else None)
        self.message = first.message if first else Message("Service", "")
        Exception.__init__(self, "; ".join(str(p) for p in problems if p.is_error))


class NotFound(ServiceError):
    pass


class DuplicateInvoice(ServiceError):
    """(code, number) is already in the ledger; ``existing_id`` links to it."""

    def __init__(self, source: str, existing_id: int, **params: Any) -> None:
        super().__init__(source, **params)
        self.existing_id = existing_id


class PeriodLocked(ServiceError):
    pass


class NotAllowed(ServiceError):
    pass


class EditConflict(NotAllowed):
    """Someone else changed the record after this change started from it: nothing was written.
    ``current`` is the record as it is now (a view), for the screen to show and reload."""

    def __init__(self, source: str, current: Any, **params: Any) -> None:
        super().__init__(source, **params)
        self.current = current


class ServerUnreachable(ServiceError):
    """The ledger's server could not be reached (network cut, server restarted). The counter's
    saves go to the outbox meanwhile; other work waits until the server answers."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "Service", "连不上台账服务器，请检查网络或服务器（{reason}）；恢复后再试"
            ),
            reason=reason,
        )


class NeedsServer(NotAllowed):
    """Refused while the ledger's server cannot be reached: this change is not kept in the
    outbox (replayed later it could act on a record someone changed meanwhile). Said to the
    person, unlike ServerUnreachable: nothing was kept, and what they typed stays on screen."""
