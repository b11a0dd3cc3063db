"""VAT rates and levy rates (税率/征收率), including exempt (免税) and not taxable (不征税)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.core.limits import RATE_PLACES, digits, safe_text
from invoicedesk.core.problems import CONTEXT

EXEMPT = "exempt"
NONTAXABLE = "nontaxable"
# What the tax column shows for exempt and not-taxable lines instead of an amount.
SPECIAL_TAX_TEXT = "***"


@dataclass(frozen=True)
class TaxRate:
    """``code`` is the normalised decimal ("0.13", "0") or "exempt"/"nontaxable"."""

    code: str
    value: Decimal
    label: str

    @property
    def is_special(self) -> bool:
        """Exempt or not taxable: no tax, and the tax column reads ``***``."""
        return self.code in (EXEMPT, NONTAXABLE)


# Labels are translated in the "Rate" context when shown.
_SPECIAL_LABELS = {
    EXEMPT: QT_TRANSLATE_NOOP("Rate", "免税"),
    NONTAXABLE: QT_TRANSLATE_NOOP("Rate", "不征税"),
}

# The rates in force (fapiao.md). Rates change by decree (the 3% levy is reported reduced to 1% for
# 2026-2027), so this is the one list to edit or replace from settings.
KNOWN_RATES: tuple[TaxRate, ...] = (
    TaxRate("0.13", Decimal("0.13"), "13%"),
    TaxRate("0.09", Decimal("0.09"), "9%"),
    TaxRate("0.06", Decimal("0.06"), "6%"),
    TaxRate("0", Decimal("0"), "0%"),
    TaxRate("0.05", Decimal("0.05"), "5%"),
    TaxRate("0.03", Decimal("0.03"), "3%"),
    TaxRate("0.015", Decimal("0.015"), "1.5%"),
    TaxRate("0.01", Decimal("0.01"), "1%"),
    TaxRate(EXEMPT, Decimal("0"), _SPECIAL_LABELS[EXEMPT]),
    TaxRate(NONTAXABLE, Decimal("0"), _SPECIAL_LABELS[NONTAXABLE]),
)

_SPECIAL_WORDS = {
    EXEMPT: EXEMPT,
    "免税": EXEMPT,
    "免征": EXEMPT,
    NONTAXABLE: NONTAXABLE,
    "不征税": NONTAXABLE,
    "不征收": NONTAXABLE,
}
_NUMBER = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)")


class RateError(ValueError):
    """A rate that cannot be read; ``message`` says why in the user's language."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def _error(source: str, **params: object) -> RateError:
    return RateError(Message(CONTEXT, source, dict(params)))


def is_known(rate: TaxRate) -> bool:
    """In the rate list currently in force (read at call time, so a replaced list counts)."""
    return any(rate.code == known.code for known in KNOWN_RATES)


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def rate_from_value(value: Decimal) -> TaxRate:
    """The ``TaxRate`` for a fraction in [0, 1); the known entry when there is one."""
    code = _plain(value)
    for known in KNOWN_RATES:
        if known.code == code:
            return known
    return TaxRate(code, Decimal(code), f"{_plain(value * 100)}%")


def _special(code: str) -> TaxRate:
    for known in KNOWN_RATES:
        if known.code == code:
            return known
    return TaxRate(code, Decimal("0"), _SPECIAL_LABELS[code])


def parse_rate(raw: object) -> TaxRate:
    """Read "0.13", "13%", "13", 0.13, Decimal("0.13"), "免税", "不征税" (full-width too).

    A number of 1 or more without "%" is read as a percentage ("13" means 13%, "1" means 1%, the
    levy rate), because a real rate is always below 100%.
    """
    if isinstance(raw, TaxRate):
        return raw
    if isinstance(raw, bool) or raw is None:
        raise _error(QT_TRANSLATE_NOOP("Problem", "税率不能为空"))
    percent = False
    if isinstance(raw, Decimal | int):
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(repr(raw))
    elif isinstance(raw, str):
        text = "".join(unicodedata.normalize("NFKC", raw).split()).lower()
        if not text:
            raise _error(QT_TRANSLATE_NOOP("Problem", "税率不能为空"))
        if text in _SPECIAL_WORDS:
            return _special(_SPECIAL_WORDS[text])
        if text.endswith("%"):
            percent, text = True, text[:-1]
        if not _NUMBER.fullmatch(text):
            raise _error(
                QT_TRANSLATE_NOOP("Problem", "“{text}”不是有效的税率"), text=_shown(raw.strip())
            )
        try:
            value = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid literals
            raise _error(
                QT_TRANSLATE_NOOP("Problem", "“{text}”不是有效的税率"), text=raw.strip()
            ) from None
    else:
        raise _error(QT_TRANSLATE_NOOP("Problem", "税率应为数字或文本"))
    if not value.is_finite():
        raise _error(QT_TRANSLATE_NOOP("Problem", "税率不能是无穷大或非数字"))
    if percent or value >= 1:
        value = value / 100
    if value < 0 or value >= 1:
        raise _error(
            QT_TRANSLATE_NOOP("Problem", "税率{rate}超出范围，应在0%到100%之间"),
            rate=_shown(raw),
        )
    if digits(value)[1] > RATE_PLACES:
        raise _error(
            QT_TRANSLATE_NOOP("Problem", "税率{rate}过于精细：百分数最多{places}位小数"),
            rate=_shown(raw),
            places=RATE_PLACES - 2,
        )
    return rate_from_value(value)


def _shown(raw: object) -> str:
    text = str(raw)
    return safe_text(text if len(text) <= 20 else text[:20] + "…")
