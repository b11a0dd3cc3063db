"""The filters screens hand to the list, count and export use cases: plain frozen dataclasses.

Defined beside their queries in store/; screens take them from here (the GUI never imports
store/, tests/test_layers.py).
"""

from __future__ import annotations

from invoicedesk.store.case_queries import CaseFilter
from invoicedesk.store.invoice_queries import SORT_FIELDS, InvoiceFilter

# The invoice fields SQL can sort the ledger by (keys of ``list_invoices``' ``sort``).
SORT_KEYS: frozenset[str] = frozenset(SORT_FIELDS)

__all__ = ["SORT_KEYS", "CaseFilter", "InvoiceFilter"]
