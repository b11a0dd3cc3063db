"""The amount in words (大写金额) as printed on invoices: 壹万零肆佰肆拾圆整."""

from __future__ import annotations

from decimal import Decimal

from invoicedesk.core.money import round_fen

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("仟", "佰", "拾", "")  # within a group of four digits
_GROUP_UNITS = ("亿", "万", "")  # groups of four, most significant first
_LIMIT = Decimal(10) ** 12  # 9999亿9999万9999圆99 is the largest amount the units can write
NEGATIVE_PREFIX = "（负数）"
_NEGATIVE_VARIANTS = ("（负数）", "(负数)", "负数", "负")


def _integer_words(value: int) -> tuple[str, bool]:
    """Words for the yuan part, and whether a zero is still owed before the next written digit.

    A run of zeros between written digits becomes one 零, also across group boundaries
    (壹亿零壹万) and across 圆 into the jiao/fen (壹佰圆零伍角).
    """
    digits = f"{value:012d}"
    out: list[str] = []
    zero_owed = False
    for group_index, group_unit in enumerate(_GROUP_UNITS):
        group = digits[group_index * 4 : group_index * 4 + 4]
        for digit, unit in zip(group, _SMALL_UNITS, strict=True):
            if digit == "0":
                zero_owed = zero_owed or bool(out)  # leading zeros owe nothing
                continue
            if zero_owed:
                out.append("零")
                zero_owed = False
            out.append(_DIGITS[int(digit)] + unit)
        if int(group):
            out.append(group_unit)
    return "".join(out), zero_owed


def amount_in_words(value: Decimal) -> str:
    """大写 with 圆; 整 after 圆 or 角, never after 分; ``（负数）`` before a negative amount."""
    rounded = round_fen(value)
    if abs(rounded) >= _LIMIT:
        raise ValueError(f"amount {value} is beyond 9999亿, which 大写 cannot write")
    fen_total = int(abs(rounded).scaleb(2))
    yuan, rest = divmod(fen_total, 100)
    jiao, fen = divmod(rest, 10)
    prefix = NEGATIVE_PREFIX if rounded < 0 else ""
    if fen_total == 0:
        return "零圆整"
    words, zero_owed = _integer_words(yuan)
    if yuan:
        words += "圆"
    if jiao:
        if zero_owed:
            words += "零"
        words += _DIGITS[jiao] + "角"
    elif fen and yuan:
        words += "零"  # 壹拾万圆零柒分: the empty jiao is a zero between written digits
    words += _DIGITS[fen] + "分" if fen else "整"
    return prefix + words


def _canonical(text: str) -> str:
    text = "".join(text.split()).replace("元", "圆").replace("角整", "角")
    for variant in _NEGATIVE_VARIANTS:
        if text.startswith(variant):
            return "-" + text[len(variant) :]
    return text


def words_equal(a: str, b: str) -> bool:
    """Same amount in words: 元 = 圆, 整 after 角 optional, 负 and （负数） the same prefix."""
    return _canonical(a) == _canonical(b)
