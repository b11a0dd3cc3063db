"""The ledger's totals line as arithmetic on plain data: counts and Decimal sums, added up.

A full count and sum of a million invoices takes about half a second, so after one invoice is
recorded the ledger adds that invoice's own figures to the totals it already shows instead of
counting again. Voided invoices count, but carry no money (as ``invoices.ledger_totals``).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from invoicedesk.services import invoices
from invoicedesk.services.dto import InvoiceView, LedgerTotals
from invoicedesk.services.filters import InvoiceFilter

NONE = LedgerTotals(count=0, amount=Decimal(0), tax=Decimal(0), total=Decimal(0), voided=0)


def plus(a: LedgerTotals, b: LedgerTotals) -> LedgerTotals:
    return LedgerTotals(
        count=a.count + b.count,
        amount=a.amount + b.amount,
        tax=a.tax + b.tax,
        total=a.total + b.total,
        voided=a.voided + b.voided,
    )


def of_invoice(view: InvoiceView) -> LedgerTotals:
    """One invoice's share of the totals (no query: its view carries the figures)."""
    if view.status == "voided":
        return replace(NONE, count=1, voided=1)
    return LedgerTotals(count=1, amount=view.amount, tax=view.tax, total=view.total, voided=0)


def with_invoice(before: LedgerTotals, view: InvoiceView) -> LedgerTotals:
    return plus(before, of_invoice(view))


def after_adding(before: LedgerTotals, flt: InvoiceFilter, invoice_id: int) -> LedgerTotals:
    """On the worker: ``before`` plus the invoice's figures when it matches ``flt``."""
    if flt.ids and invoice_id not in flt.ids:
        return before
    added = invoices.ledger_totals(replace(flt, ids=(invoice_id,)))
    return plus(before, added) if added.count else before
