"""An invoice as entered or imported, before it is stored: lines, header, totals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from invoicedesk.core.rates import TaxRate
from invoicedesk.core.vat import line_tax


@dataclass
class LineDraft:
    """One line item (货物或应税劳务). ``tax`` None means "compute it from the amount"."""

    name: str
    amount: Decimal
    tax_rate: TaxRate
    tax: Decimal | None = None
    spec: str = ""
    unit: str = ""
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    tax_code: str = ""
    is_discount: bool = False

    @property
    def effective_tax(self) -> Decimal:
        return self.tax if self.tax is not None else line_tax(self.amount, self.tax_rate)

    @property
    def total(self) -> Decimal:
        return self.amount + self.effective_tax


@dataclass
class InvoiceDraft:
    """An issued invoice's header and lines. ``code`` is empty for 数电票."""

    kind: str
    code: str
    number: str
    issue_date: date
    buyer_name: str
    lines: list[LineDraft]
    buyer_tax_id: str = ""
    buyer_address_phone: str = ""
    buyer_bank_account: str = ""
    buyer_email: str = ""
    issuer: str = ""
    reviewer: str = ""
    payee: str = ""
    remarks: str = ""
    status: str = "normal"
    is_red: bool = False


@dataclass(frozen=True)
class Totals:
    amount: Decimal  # 合计金额
    tax: Decimal  # 合计税额
    total: Decimal  # 价税合计


def invoice_totals(lines: Sequence[LineDraft]) -> Totals:
    """Sums of the lines' amounts and (given or computed) taxes."""
    amount = sum((line.amount for line in lines), Decimal("0.00"))
    tax = sum((line.effective_tax for line in lines), Decimal("0.00"))
    return Totals(amount, tax, amount + tax)
