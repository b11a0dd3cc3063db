"""What a search term means: an amount ("1234.5", "¥1,234.50", "88元") or a text fragment."""

from __future__ import annotations

import re

from invoicedesk.core.money import AmountError, parse_decimal, to_fen

# A term is an amount only when it says so: a currency sign, 元, thousands separators, or a
# decimal point with at most two places. Bare digits stay number fragments ("1234" is part of
# an invoice number far more often than a price).
_MARKED = re.compile(r"[-+]?[¥￥]?[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d{0,2})?元?")


def amount_fen(term: str) -> int | None:
    """Fen for an amount-shaped term, None for anything else."""
    text = term.strip()
    if not _MARKED.fullmatch(text):
        return None
    if not any(mark in text for mark in "¥￥元,."):
        return None
    try:
        return to_fen(parse_decimal(text))
    except AmountError:
        return None
