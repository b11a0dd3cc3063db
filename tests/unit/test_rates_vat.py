from decimal import Decimal

import pytest

from invoicedesk.core.rates import KNOWN_RATES, RateError, TaxRate, is_known, parse_rate
from invoicedesk.core.vat import (
    INVOICE_TAX_TOLERANCE,
    LINE_TAX_TOLERANCE,
    PRICE_TOLERANCE,
    line_tax,
    split_inclusive,
)


def test_known_rates_are_the_documented_list() -> None:
    assert [rate.code for rate in KNOWN_RATES] == [
        "0.13",
        "0.09",
        "0.06",
        "0",
        "0.05",
        "0.03",
        "0.015",
        "0.01",
        "exempt",
        "nontaxable",
    ]
    specials = [rate for rate in KNOWN_RATES if rate.is_special]
    assert [(r.code, r.value, r.label) for r in specials] == [
        ("exempt", Decimal("0"), "免税"),
        ("nontaxable", Decimal("0"), "不征税"),
    ]
    assert not parse_rate("0").is_special  # 0% is taxable at zero, unlike exempt


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("0.13", "0.13"),
        ("13%", "0.13"),
        ("13", "0.13"),
        ("１３％", "0.13"),
        (" 0.130 ", "0.13"),
        (0.13, "0.13"),
        (Decimal("0.13"), "0.13"),
        (13, "0.13"),
        ("9%", "0.09"),
        ("0", "0"),
        ("0%", "0"),
        (0, "0"),
        ("1.5%", "0.015"),
        ("1.5", "0.015"),
        ("1", "0.01"),  # a bare 1 is the 1% levy, never 100%
        ("3%", "0.03"),
        ("免税", "exempt"),
        ("不征税", "nontaxable"),
        ("exempt", "exempt"),
        ("NonTaxable", "nontaxable"),
    ],
)
def test_parse_rate(raw: object, code: str) -> None:
    rate = parse_rate(raw)
    assert rate.code == code
    assert is_known(rate)
    assert rate in KNOWN_RATES


def test_parse_rate_returns_the_known_label() -> None:
    assert parse_rate("13").label == "13%"
    assert parse_rate("0.015").label == "1.5%"
    assert parse_rate("免税").label == "免税"
    existing = parse_rate("0.06")
    assert parse_rate(existing) is existing


def test_unknown_but_sane_rate_is_accepted() -> None:
    rate = parse_rate("2.5%")
    assert rate == TaxRate("0.025", Decimal("0.025"), "2.5%")
    assert not is_known(rate)
    assert not rate.is_special
    assert parse_rate("0.5").code == "0.5"


@pytest.mark.parametrize(
    "raw",
    ["-0.13", Decimal("-0.01"), "100", "100%", "150%", "abc", "", None, True, "NaN", [0.13]],
)
def test_parse_rate_rejects(raw: object) -> None:
    with pytest.raises(RateError) as info:
        parse_rate(raw)
    assert str(info.value) == str(info.value.message)


def test_tolerances() -> None:
    assert Decimal("0.06") == LINE_TAX_TOLERANCE
    assert Decimal("1.27") == INVOICE_TAX_TOLERANCE
    assert Decimal("0.01") == PRICE_TOLERANCE


@pytest.mark.parametrize(
    ("amount", "rate", "tax"),
    [
        ("100.00", "0.06", "6.00"),
        ("0.50", "0.13", "0.07"),  # 0.065 rounds half-up
        ("10.50", "0.09", "0.95"),  # 0.945 rounds half-up
        ("-100.00", "0.13", "-13.00"),
        ("99.99", "0.015", "1.50"),
        ("100.00", "0", "0.00"),
        ("100.00", "免税", "0.00"),
        ("100.00", "不征税", "0.00"),
    ],
)
def test_line_tax(amount: str, rate: str, tax: str) -> None:
    result = line_tax(Decimal(amount), parse_rate(rate))
    assert str(result) == tax


@pytest.mark.parametrize(
    ("gross", "rate", "amount", "tax"),
    [
        ("106.00", "0.06", "100.00", "6.00"),
        ("113.00", "0.13", "100.00", "13.00"),
        ("100.00", "0.13", "88.50", "11.50"),
        ("1.00", "0.03", "0.97", "0.03"),
        ("100.00", "免税", "100.00", "0.00"),
        ("-113.00", "0.13", "-100.00", "-13.00"),
    ],
)
def test_split_inclusive(gross: str, rate: str, amount: str, tax: str) -> None:
    result = split_inclusive(Decimal(gross), parse_rate(rate))
    assert tuple(str(x) for x in result) == (amount, tax)
    assert result[0] + result[1] == Decimal(gross)
