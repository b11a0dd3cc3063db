"""Validation problems: each names its field so a screen can point at it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from invoicedesk.core.i18n import Message, context_of

Severity = Literal["error", "warning"]
CONTEXT = "Problem"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input.

    ``field`` is a dotted path: ``"buyer_tax_id"``, ``"lines[2].amount"`` (rows count from 1, as the
    user sees them), ``"invoice"`` for the whole invoice, ``"invoices[3].number"`` in a batch.
    """

    field: str
    message: Message
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def text(self) -> str:
        return str(self.message)

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"

    def within(self, prefix: str) -> Problem:
        """The same problem seen from an enclosing object, e.g. ``invoices[3].number``."""
        return Problem(f"{prefix}.{self.field}", self.message, self.severity)


def problem(field_: str, source: str, severity: Severity = "error", **params: Any) -> Problem:
    """Build a problem whose ``source`` was marked with ``QT_TRANSLATE_NOOP("Problem", ...)``."""
    return Problem(field_, Message(context_of(source, CONTEXT), source, dict(params)), severity)


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


@dataclass
class ProblemList:
    """Collects problems while validating; validation reports every problem at once."""

    items: list[Problem] = field(default_factory=list)

    def add(self, field_: str, source: str, severity: Severity = "error", **params: Any) -> None:
        self.items.append(problem(field_, source, severity, **params))

    def extend(self, more: list[Problem], prefix: str | None = None) -> None:
        self.items.extend(p.within(prefix) if prefix else p for p in more)

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.items)
