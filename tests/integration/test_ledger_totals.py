"""The ledger's totals arithmetic (services/ledger_totals.py): adding one invoice's figures to
the totals shown gives exactly what counting the whole ledger again gives."""

from __future__ import annotations

from datetime import date

import pytest

from invoicedesk.services import invoice_changes, invoices, ledger_totals
from invoicedesk.services.filters import InvoiceFilter
from tests.factories import TODAY, draft

pytestmark = pytest.mark.usefixtures("db")


def test_adding_one_invoice_equals_counting_again() -> None:
    for seq in range(1, 4):
        invoices.record_invoice(draft(seq), "张三", today=TODAY)
    everything = InvoiceFilter()
    before = invoices.ledger_totals(everything)
    view = invoices.record_invoice(draft(9), "张三", today=TODAY)
    counted = invoices.ledger_totals(everything)
    assert ledger_totals.after_adding(before, everything, view.id) == counted
    assert ledger_totals.with_invoice(before, view) == counted  # from the view, no query
    assert counted.count == before.count + 1 and counted.total == before.total + view.total
    # Outside the filter (another id list): the totals stay as they were.
    only = InvoiceFilter(ids=(view.id - 1,))
    shown = invoices.ledger_totals(only)
    assert ledger_totals.after_adding(shown, only, view.id) == shown


def test_a_voided_invoice_counts_without_money() -> None:
    paper = dict(kind="04", code="011002600104", issue_date=date(2026, 11, 3))
    view = invoices.record_invoice(draft(num="00001234", **paper), "张三", today=TODAY)
    voided = invoice_changes.void_invoice(view.id, "收回全部联次", "张三", today=TODAY)
    share = ledger_totals.of_invoice(voided)
    assert (share.count, share.voided, share.total, share.amount, share.tax) == (1, 1, 0, 0, 0)
    assert ledger_totals.with_invoice(ledger_totals.NONE, voided) == invoices.ledger_totals()
    assert ledger_totals.plus(share, share).count == 2
