"""Exact money: parsing what people and spreadsheets type, rounding to the fen, formatting.

Money is ``Decimal`` in code and integer fen in storage; a float never takes part in arithmetic.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.core.limits import (
    MAX_FRACTION_DIGITS,
    MAX_INTEGER_DIGITS,
    digits,
    safe_text,
    strip_invisible,
)
from invoicedesk.core.problems import CONTEXT

FEN = Decimal("0.01")

# After clean-up: optional sign, digits with an optional fraction (no exponent: nobody types
# "1E3" for money, and accepting it would hide a mangled cell).
_PLAIN = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
_CURRENCY = "¥"  # NFKC folds the full-width ￥ into this one


class AmountError(ValueError):
    """An amount that cannot be read; ``message`` says why in the user's language."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def _error(source: str, **params: object) -> AmountError:
    return AmountError(Message(CONTEXT, source, dict(params)))


def _finite(value: Decimal) -> Decimal:
    """A finite value within the digits any number may have (limits.py), else AmountError."""
    if not value.is_finite():
        raise _error(QT_TRANSLATE_NOOP("Problem", "数值不能是无穷大或非数字"))
    integer, places = digits(value)
    if integer > MAX_INTEGER_DIGITS:
        raise _error(
            QT_TRANSLATE_NOOP("Problem", "数值太大：整数部分有{count}位，最多{limit}位"),
            count=integer,
            limit=MAX_INTEGER_DIGITS,
        )
    if places > MAX_FRACTION_DIGITS:
        raise _error(
            QT_TRANSLATE_NOOP("Problem", "数值的小数位太多：有{count}位，最多{limit}位"),
            count=places,
            limit=MAX_FRACTION_DIGITS,
        )
    return value


def _clean_text(raw: str) -> str:
    text = strip_invisible(unicodedata.normalize("NFKC", raw))
    text = "".join(text.split())  # every Unicode space, including U+3000 and NBSP
    if text.endswith("元"):
        text = text[:-1]
    sign = ""
    if text[:1] in "+-":  # "-¥12" as well as "¥-12"
        sign, text = text[:1], text[1:]
    if text.startswith(_CURRENCY):
        text = text[1:]
    return sign + text


def _shown(text: str) -> str:
    """Bad input quoted back: controls made visible, and never more than 40 characters."""
    return safe_text(text if len(text) <= 40 else text[:40] + "…")


def parse_decimal(raw: object) -> Decimal:
    """Read an amount from a str, int, Decimal or float; raise ``AmountError`` otherwise."""
    if isinstance(raw, bool) or raw is None:
        raise _error(QT_TRANSLATE_NOOP("Problem", "请填写数值"))
    if isinstance(raw, Decimal):
        return _finite(raw)
    if isinstance(raw, int):
        if abs(raw) >= 10**MAX_INTEGER_DIGITS:  # counted without writing out a huge int
            raise _error(
                QT_TRANSLATE_NOOP("Problem", "数值太大：整数部分有{count}位，最多{limit}位"),
                count=len(str(abs(raw))) if raw.bit_length() < 10_000 else "3000+",
                limit=MAX_INTEGER_DIGITS,
            )
        return Decimal(raw)
    if isinstance(raw, float):
        # repr gives the shortest text that reads back as the same float: 0.1 -> "0.1"; a
        # spreadsheet's sum such as 12.340000000000002 is read at a float's 15 good digits.
        value = Decimal(repr(raw))
        if value.is_finite() and digits(value)[1] > MAX_FRACTION_DIGITS:
            value = Decimal(format(raw, ".15g"))
        return _finite(value)
    if not isinstance(raw, str):
        raise _error(QT_TRANSLATE_NOOP("Problem", "数值应为数字或文本"))
    text = _clean_text(raw)
    if not text:
        raise _error(QT_TRANSLATE_NOOP("Problem", "请填写数值"))
    if _GROUPED.fullmatch(text):
        text = text.replace(",", "")
    if not _PLAIN.fullmatch(text):
        raise _error(
            QT_TRANSLATE_NOOP("Problem", "“{text}”不是有效的数值"), text=_shown(raw.strip())
        )
    try:
        return _finite(Decimal(text))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid literals
        raise _error(
            QT_TRANSLATE_NOOP("Problem", "“{text}”不是有效的数值"), text=_shown(raw.strip())
        ) from None


def round_fen(value: Decimal) -> Decimal:
    """Half-up to 0.01, the rounding the tax rules prescribe (not Python's banker's rounding)."""
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def to_fen(value: Decimal) -> int:
    """Integer fen for storage; rounds half-up first."""
    return int(round_fen(value).scaleb(2))


def from_fen(fen: int) -> Decimal:
    """Decimal yuan with exactly two places."""
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError(f"fen must be an int, not {type(fen).__name__}")
    return Decimal(fen).scaleb(-2).quantize(FEN)


def _rounded(value: Decimal) -> Decimal:
    rounded = round_fen(value)
    return rounded if rounded else abs(rounded)  # never show "-0.00"


def format_money(value: Decimal, symbol: bool = True) -> str:
    """``¥1,234.50``; negative ``-¥1,234.50``, the sign before the symbol as reports print it."""
    rounded = _rounded(value)
    body = f"{abs(rounded):,.2f}"
    prefix = _CURRENCY if symbol else ""
    return f"-{prefix}{body}" if rounded < 0 else f"{prefix}{body}"


def format_plain(value: Decimal) -> str:
    """``1234.50``: two decimals, no separators, for files and fields a program reads."""
    return f"{_rounded(value):.2f}"
