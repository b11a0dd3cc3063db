"""VAT arithmetic as invoicing software does it: half-up to the fen, with the legacy tolerances."""

from __future__ import annotations

from decimal import Decimal

from invoicedesk.core.money import round_fen
from invoicedesk.core.rates import TaxRate

# From the legacy 税控 specifications; the digital platform publishes no limits of its own.
LINE_TAX_TOLERANCE = Decimal("0.06")  # per line: |金额 × 税率 − 税额|
INVOICE_TAX_TOLERANCE = Decimal("1.27")  # whole invoice, accumulated over the lines
PRICE_TOLERANCE = Decimal("0.01")  # |单价 × 数量 − 金额|

_ZERO = Decimal("0.00")


def line_tax(amount: Decimal, rate: TaxRate) -> Decimal:
    """税额 = round_half_up(金额 × 税率, 0.01); exempt and not-taxable lines carry none."""
    if rate.is_special:
        return _ZERO
    return round_fen(amount * rate.value)


def split_inclusive(gross: Decimal, rate: TaxRate) -> tuple[Decimal, Decimal]:
    """(金额, 税额) of a tax-inclusive price; they add up to ``gross`` (rounded to the fen) exactly.

    The amount is rounded and the tax is the remainder, so the pair never loses a fen.
    """
    gross = round_fen(gross)
    if rate.is_special:
        return gross, _ZERO
    amount = round_fen(gross / (1 + rate.value))
    return amount, gross - amount
