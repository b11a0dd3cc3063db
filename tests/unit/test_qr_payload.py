"""The invoice QR payloads a scanner types: 数电票 and legacy (code and 校验码)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from invoicedesk.core.qr_payload import QrError, QrInvoice, make_qr, parse_qr

NUMBER = "26112000000000012345"


def test_digital_payload() -> None:
    qr = parse_qr(f"01,32,,{NUMBER},159.00,20261120,,A1B2\n")
    assert qr == QrInvoice("82", "", NUMBER, date(2026, 11, 20), Decimal("159.00"), True)
    assert parse_qr(f"01,31,,{NUMBER},1.00,20261120,,X").kind == "81"


def test_legacy_payload_with_code_and_check_code() -> None:
    qr = parse_qr("01,10,011002000111,01234567,88.00,20240603,12345678901234567890,ABCD")
    assert (qr.kind, qr.code, qr.number) == ("10", "011002000111", "01234567")
    assert qr.amount == Decimal("88.00") and not qr.amount_is_total
    assert qr.check_code == "12345678901234567890"


def test_scanner_noise_is_tolerated() -> None:
    qr = parse_qr(f" ０１，32，，{NUMBER}，159.00，20261120，，x ")
    assert qr.number == NUMBER and qr.amount == Decimal("159.00")


def test_round_trip() -> None:
    qr = QrInvoice("04", "1100201130", "00012345", date(2026, 1, 2), Decimal("10"), False, "1" * 20)
    assert parse_qr(make_qr(qr)) == QrInvoice(
        "04", "1100201130", "00012345", date(2026, 1, 2), Decimal("10"), False, "1" * 20
    )


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        ("hello", "不是发票二维码"),
        (f"02,32,,{NUMBER},1,20261120,,x", "不是发票二维码"),
        (f"01,99,,{NUMBER},1,20261120,,x", "票种"),
        ("01,32,,1234,1,20261120,,x", "20位"),
        ("01,10,0110020001,123,1,20261120,,x", "8位"),
        ("01,10,01100,12345678,1,20261120,,x", "发票代码"),
        (f"01,32,,{NUMBER},abc,20261120,,x", "金额"),
        (f"01,32,,{NUMBER},1,20261340,,x", "开票日期"),
        ("01,04,011002000111,01234567,1,20261120,123,x", "校验码"),
    ],
)
def test_bad_payloads_say_why(payload: str, words: str) -> None:
    with pytest.raises(QrError) as caught:
        parse_qr(payload)
    assert words in str(caught.value.message)
