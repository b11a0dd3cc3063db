"""The input limits (core/limits.py) and the validation that applies them (issue 12, items 4 and 9)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from invoicedesk.core.invoice import validate_invoice
from invoicedesk.core.invoice_rules import new_invoice_problems
from invoicedesk.core.limits import (
    MAX_INTEGER_DIGITS,
    TEXT_LIMITS,
    digits,
    forbidden_character,
    safe_text,
    strip_invisible,
)
from invoicedesk.core.money import AmountError, parse_decimal
from invoicedesk.core.rates import RateError, parse_rate
from tests.unit.test_invoice import TODAY, draft, line


def errors(found: list) -> dict[str, str]:  # type: ignore[type-arg]
    return {p.field: p.text() for p in found if p.is_error}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("123.45", (3, 2)),
        ("100.000", (3, 0)),
        ("0.001", (0, 3)),
        ("0", (0, 0)),
        ("0.00", (0, 0)),
        ("1E+308", (309, 0)),
        ("-12", (2, 0)),
    ],
)
def test_digits(value: str, expected: tuple[int, int]) -> None:
    assert digits(Decimal(value)) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "1" * 30,
        10**40,
        1e308,
        Decimal("1E+20"),
        "2.0000000000000000000001",
        -(10**MAX_INTEGER_DIGITS),
    ],
)
def test_numbers_beyond_the_digit_limits_are_refused(raw: object) -> None:
    with pytest.raises(AmountError) as caught:
        parse_decimal(raw)
    assert "位" in str(caught.value.message)


def test_numbers_within_the_limits_read_exactly() -> None:
    assert parse_decimal("9" * 15) == Decimal("9" * 15)
    assert parse_decimal("88.4955752212389") == Decimal("88.4955752212389")  # an e-invoice price
    assert parse_decimal("100.00000000000000000000") == 100  # zeros at the end do not count
    assert parse_decimal(12.340000000000002) == Decimal("12.340000000000002")


def test_bad_number_text_is_quoted_short_and_without_controls() -> None:
    with pytest.raises(AmountError) as caught:
        parse_decimal("\x1b[31m" + "x" * 1000)
    text = str(caught.value.message)
    assert "\x1b" not in text and "<U+001B>" in text and len(text) < 80


@pytest.mark.parametrize("raw", ["0.00000000000000000000000000006", "0.00001", "1.234%"])
def test_rates_finer_than_a_hundredth_of_a_percent_are_refused(raw: str) -> None:
    with pytest.raises(RateError):
        parse_rate(raw)


def test_rates_within_the_precision_are_read() -> None:
    assert parse_rate("1.5%").code == "0.015"
    assert parse_rate("0.0001").code == "0.0001"


@pytest.mark.parametrize(
    ("text", "multiline", "found"),
    [
        ("小米科技", False, None),
        ("小米　科技 有限公司", False, None),  # U+3000 and a space are fine
        ("小米\u200b科技", False, None),  # removed before storing, not refused
        ("小米\x00", False, "\x00"),
        ("\x07", False, "\x07"),
        ("\x1b[31m", False, "\x1b"),
        ("a\nb", False, "\n"),
        ("a\nb", True, None),
        ("a\r\nb", True, "\r"),
        ("a\tb", True, "\t"),
        ("abc\u202edef", False, "\u202e"),
        ("\u2066x\u2069", False, "\u2066"),
        ("\ud800", False, "\ud800"),
        ("a\u2028b", True, "\u2028"),
        ("soft\u00adhyphen", False, "\u00ad"),
    ],
)
def test_forbidden_character(text: str, multiline: bool, found: str | None) -> None:
    assert forbidden_character(text, multiline) == found


def test_safe_text_and_strip_invisible() -> None:
    assert safe_text("a\x1bb\x00\u202e 中文") == "a<U+001B>b<U+0000><U+202E> 中文"
    assert strip_invisible("\ufeff小米\u200b") == "小米"


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("buyer_name", "小米\x1b[31m", "购买方名称含有不允许的控制字符（U+001B ESC）"),
        ("buyer_name", "\u200b\u200b", "购买方名称不能为空"),
        ("buyer_name", "小米\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("issuer", "张三\x07", "开票人含有不允许的控制字符（U+0007 BEL）"),
        ("remarks", "第一行\n第二行", None),
        ("remarks", "备" * (TEXT_LIMITS["remarks"] + 1), "备注最长500个字，当前为501个字"),
        ("buyer_email", "a" * 200 + "@b.cn", "购买方邮箱最长100个字"),
        ("buyer_address_phone", "址" * 1_048_576, "购买方地址电话最长200个字"),
    ],
)
def test_header_texts(field: str, value: str, words: str | None) -> None:
    found = errors(validate_invoice(draft(line(), **{field: value}), TODAY))
    if words is None:
        assert field not in found
    else:
        assert words in found[field]


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("name", "*餐饮服务*\x1b[2J", "第1行项目名称含有不允许的控制字符"),
        ("name", "*餐饮服务*" + "餐" * 300, "第1行项目名称最长200个字"),
        ("spec", "规" * 101, "第1行规格型号最长100个字"),
        ("unit", "\x00", "第1行单位含有不允许的控制字符"),
    ],
)
def test_line_texts(field: str, value: str, words: str) -> None:
    found = errors(validate_invoice(draft(line(**{field: value})), TODAY))
    assert words in found[f"lines[1].{field}"]


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ({"amount": Decimal("1" * 30)}, "lines[1].amount", "第1行金额超出上限"),
        ({"tax": Decimal("1" * 30)}, "lines[1].tax", "第1行税额超出上限"),
        ({"unit_price": Decimal("1E+308"), "quantity": Decimal(1)}, "lines[1].unit_price", "单价"),
        (
            {"quantity": Decimal("2.0000000000000000000001"), "unit_price": Decimal(50)},
            "lines[1].quantity",
            "第1行数量最多15位小数，当前为22位",
        ),
        ({"amount": Decimal("Infinity")}, "lines[1].amount", "无穷大"),
    ],
)
def test_numbers_out_of_range_are_named_before_any_arithmetic(
    extra: dict[str, Decimal], field: str, words: str
) -> None:
    base = line()
    found = errors(validate_invoice(draft(replace(base, **extra)), TODAY))
    assert words in found[field]


@pytest.mark.parametrize("day", [date(1, 1, 1), date(1900, 1, 1), date(1999, 12, 31)])
def test_issue_dates_before_2000_are_refused(day: date) -> None:
    found = errors(validate_invoice(draft(line(), issue_date=day), TODAY))
    assert "应在2000-01-01及以后" in found["issue_date"]


def test_a_new_invoice_cannot_arrive_red_flushed() -> None:
    assert new_invoice_problems(draft(line())) == []
    [problem] = new_invoice_problems(draft(line(), status="red_full"))
    assert problem.field == "status" and "红冲状态只由登记红字发票产生" in problem.text()
    # An existing invoice that was red-flushed still validates (corrections re-check it).
    assert "status" not in errors(validate_invoice(draft(line(), status="red_full"), TODAY))


def test_a_line_out_of_range_still_has_its_texts_checked() -> None:
    bad = replace(line(name="*餐饮服务*\x07"), amount=Decimal("1" * 30))
    found = errors(validate_invoice(draft(bad), TODAY))
    assert set(found) == {"lines[1].name", "lines[1].amount"}
