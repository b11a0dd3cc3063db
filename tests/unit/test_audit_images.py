"""The verify's fast money text equals the audit log's (str of the exact Decimal)."""

from __future__ import annotations

import pytest

from invoicedesk.core.money import from_fen
from invoicedesk.services.auditing import _fen_text


@pytest.mark.parametrize("fen", [0, 1, -1, 99, -99, 100, -100, 150, -150, 123456789, -(10**15)])
def test_fen_text_matches_the_decimal(fen: int) -> None:
    assert _fen_text(fen) == str(from_fen(fen))
