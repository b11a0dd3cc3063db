from decimal import Decimal

import pytest

from invoicedesk.core.words import amount_in_words, words_equal


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("0.05", "伍分"),
        ("0.50", "伍角整"),
        ("0.55", "伍角伍分"),
        ("0", "零圆整"),
        ("10.00", "壹拾圆整"),
        ("10.05", "壹拾圆零伍分"),
        ("48.50", "肆拾捌圆伍角整"),
        ("100.50", "壹佰圆零伍角整"),
        ("101.50", "壹佰零壹圆伍角整"),
        ("1001.01", "壹仟零壹圆零壹分"),
        ("1004.56", "壹仟零肆圆伍角陆分"),
        ("100000.07", "壹拾万圆零柒分"),
        ("10440.00", "壹万零肆佰肆拾圆整"),
        ("1000000.00", "壹佰万圆整"),
        ("123456789.12", "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖圆壹角贰分"),
        ("100010000", "壹亿零壹万圆整"),
        ("100000100", "壹亿零壹佰圆整"),
        ("20000000001", "贰佰亿零壹圆整"),
        ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖圆玖角玖分"),
        ("-14000", "（负数）壹万肆仟圆整"),
        ("-0.50", "（负数）伍角整"),
        ("0.005", "壹分"),  # half-up to the fen first
        ("0.004", "零圆整"),
        ("-0.001", "零圆整"),  # rounds to zero: no negative prefix
        ("1.995", "贰圆整"),
    ],
)
def test_amount_in_words(value: str, words: str) -> None:
    assert amount_in_words(Decimal(value)) == words


def test_amount_in_words_limit() -> None:
    with pytest.raises(ValueError):
        amount_in_words(Decimal("1000000000000"))
    with pytest.raises(ValueError):
        amount_in_words(Decimal("-1000000000000"))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("壹万零肆佰肆拾圆整", "壹万零肆佰肆拾元整"),
        ("肆拾捌圆伍角整", "肆拾捌元伍角"),
        ("（负数）壹万肆仟圆整", "负壹万肆仟元整"),
        ("（负数）壹万肆仟圆整", "(负数)壹万肆仟圆整"),
        ("（负数）壹万肆仟圆整", "负数壹万肆仟圆整"),
        ("壹佰圆零伍角整", " 壹佰圆零伍角 "),
    ],
)
def test_words_equal(a: str, b: str) -> None:
    assert words_equal(a, b)
    assert words_equal(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("壹万肆仟圆整", "（负数）壹万肆仟圆整"),
        ("壹万肆仟圆整", "壹万肆仟圆"),  # 整 after 圆 is not optional
        ("壹圆壹分", "壹圆壹分整"),
        ("壹拾圆整", "拾圆整"),
    ],
)
def test_words_differ(a: str, b: str) -> None:
    assert not words_equal(a, b)
