"""What a screen needs to know about an export it ran (the writers live in exchange/)."""

from __future__ import annotations


def is_cancelled(exc: BaseException) -> bool:
    """True when an export stopped because the user cancelled it (it left no file)."""
    # Imported here: the workbook writers load openpyxl, never needed for the first screen.
    from invoicedesk.exchange.ledger_xlsx import Cancelled

    return isinstance(exc, Cancelled)
