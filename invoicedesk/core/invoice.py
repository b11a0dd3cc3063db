"""Invoices: the drafts, their totals, validation, and the JSON shape.

One import for callers; the parts live in ``drafts``, ``invoice_rules`` and ``invoice_dict``.
"""

from __future__ import annotations

from invoicedesk.core.drafts import InvoiceDraft, LineDraft, Totals, invoice_totals
from invoicedesk.core.invoice_dict import invoice_from_dict, invoice_to_dict
from invoicedesk.core.invoice_rules import validate_invoice

__all__ = [
    "InvoiceDraft",
    "LineDraft",
    "Totals",
    "invoice_from_dict",
    "invoice_to_dict",
    "invoice_totals",
    "validate_invoice",
]
