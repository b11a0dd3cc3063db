from decimal import Decimal

import pytest

from invoicedesk.core.i18n import Message
from invoicedesk.core.money import (
    FEN,
    AmountError,
    format_money,
    format_plain,
    from_fen,
    parse_decimal,
    round_fen,
    to_fen,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1234.50", "1234.50"),
        ("1,234.50", "1234.50"),
        ("¥1,234.50", "1234.50"),
        ("￥1234.5", "1234.5"),
        ("1234.50元", "1234.50"),
        ("￥１，２３４．５０元", "1234.50"),  # full-width everything
        ("\u3000 12 34.50\u00a0", "1234.50"),  # ideographic space, NBSP, inner space
        ("-¥12.30", "-12.30"),
        ("¥-12.30", "-12.30"),
        ("+5", "5"),
        (".5", "0.5"),
        ("1,000,000", "1000000"),
        (12, "12"),
        (-3, "-3"),
        (Decimal("0.125"), "0.125"),
        (0.1, "0.1"),  # via repr, not the binary expansion
        (1234.5, "1234.5"),
    ],
)
def test_parse_decimal_accepts(raw: object, expected: str) -> None:
    value = parse_decimal(raw)
    assert value == Decimal(expected)
    assert str(value) == expected


@pytest.mark.parametrize(
    "raw",
    [
        True,
        False,
        None,
        "",
        "   ",
        "¥",
        "abc",
        "1.2.3",
        "1,23.00",  # not thousands grouping
        "1,2345",
        "1e3",
        "NaN",
        "Infinity",
        Decimal("NaN"),
        Decimal("Infinity"),
        float("nan"),
        float("inf"),
        [1],
    ],
)
def test_parse_decimal_rejects(raw: object) -> None:
    with pytest.raises(AmountError) as info:
        parse_decimal(raw)
    assert isinstance(info.value.message, Message)
    assert str(info.value) == str(info.value.message)
    assert isinstance(info.value, ValueError)


def test_amount_error_names_the_text() -> None:
    with pytest.raises(AmountError, match="abc"):
        parse_decimal(" abc ")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.005", "0.01"),
        ("0.004", "0.00"),
        ("2.675", "2.68"),  # half-up, where banker's rounding gives 2.67
        ("0.125", "0.13"),
        ("-0.005", "-0.01"),
        ("1", "1.00"),
    ],
)
def test_round_fen_half_up(value: str, expected: str) -> None:
    rounded = round_fen(Decimal(value))
    assert str(rounded) == expected
    assert rounded.as_tuple().exponent == -2


def test_fen_conversions() -> None:
    assert Decimal("0.01") == FEN
    assert to_fen(Decimal("1234.50")) == 123450
    assert to_fen(Decimal("0.005")) == 1
    assert to_fen(Decimal("-1.235")) == -124
    assert str(from_fen(123450)) == "1234.50"
    assert str(from_fen(0)) == "0.00"
    assert str(from_fen(-5)) == "-0.05"
    assert isinstance(to_fen(Decimal("1")), int)
    with pytest.raises(TypeError):
        from_fen(True)
    with pytest.raises(TypeError):
        from_fen(1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "money", "plain"),
    [
        ("1234.5", "¥1,234.50", "1234.50"),
        ("-1234.5", "-¥1,234.50", "-1234.50"),
        ("0", "¥0.00", "0.00"),
        ("-0.001", "¥0.00", "0.00"),  # no "-0.00"
        ("1234567.005", "¥1,234,567.01", "1234567.01"),
        ("0.5", "¥0.50", "0.50"),
    ],
)
def test_formatting(value: str, money: str, plain: str) -> None:
    assert format_money(Decimal(value)) == money
    assert format_plain(Decimal(value)) == plain


def test_format_money_without_symbol() -> None:
    assert format_money(Decimal("-1234.5"), symbol=False) == "-1,234.50"
