"""Invoice keys (发票代码/号码) and taxpayer ids (USCC): normalising what arrives, checking it."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError

from invoicedesk.core.fields import field_label
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.core.kinds import DIGITAL_KINDS, KINDS
from invoicedesk.core.limits import strip_invisible
from invoicedesk.core.problems import CONTEXT, Problem, ProblemList, problem

# A number as text: digits, optional fraction, optional exponent (after upper-casing).
_NUMERIC = re.compile(r"(\d+)(?:\.(\d*))?(?:E([+-]?\d+))?")
# Past this many digits a float no longer holds every digit (2**53 has 16).
_FLOAT_SAFE_DIGITS = 15

# GB/T 2260 provincial codes, digits 3-4 of a 数电票 number. Cities under separate planning
# (计划单列市) have codes of their own that are not published, so a miss is only a warning.
REGIONS: dict[str, str] = {
    "11": QT_TRANSLATE_NOOP("Region", "北京"),
    "12": QT_TRANSLATE_NOOP("Region", "天津"),
    "13": QT_TRANSLATE_NOOP("Region", "河北"),
    "14": QT_TRANSLATE_NOOP("Region", "山西"),
    "15": QT_TRANSLATE_NOOP("Region", "内蒙古"),
    "21": QT_TRANSLATE_NOOP("Region", "辽宁"),
    "22": QT_TRANSLATE_NOOP("Region", "吉林"),
    "23": QT_TRANSLATE_NOOP("Region", "黑龙江"),
    "31": QT_TRANSLATE_NOOP("Region", "上海"),
    "32": QT_TRANSLATE_NOOP("Region", "江苏"),
    "33": QT_TRANSLATE_NOOP("Region", "浙江"),
    "34": QT_TRANSLATE_NOOP("Region", "安徽"),
    "35": QT_TRANSLATE_NOOP("Region", "福建"),
    "36": QT_TRANSLATE_NOOP("Region", "江西"),
    "37": QT_TRANSLATE_NOOP("Region", "山东"),
    "41": QT_TRANSLATE_NOOP("Region", "河南"),
    "42": QT_TRANSLATE_NOOP("Region", "湖北"),
    "43": QT_TRANSLATE_NOOP("Region", "湖南"),
    "44": QT_TRANSLATE_NOOP("Region", "广东"),
    "45": QT_TRANSLATE_NOOP("Region", "广西"),
    "46": QT_TRANSLATE_NOOP("Region", "海南"),
    "50": QT_TRANSLATE_NOOP("Region", "重庆"),
    "51": QT_TRANSLATE_NOOP("Region", "四川"),
    "52": QT_TRANSLATE_NOOP("Region", "贵州"),
    "53": QT_TRANSLATE_NOOP("Region", "云南"),
    "54": QT_TRANSLATE_NOOP("Region", "西藏"),
    "61": QT_TRANSLATE_NOOP("Region", "陕西"),
    "62": QT_TRANSLATE_NOOP("Region", "甘肃"),
    "63": QT_TRANSLATE_NOOP("Region", "青海"),
    "64": QT_TRANSLATE_NOOP("Region", "宁夏"),
    "65": QT_TRANSLATE_NOOP("Region", "新疆"),
}

_DIGITAL_NUMBER = re.compile(r"\d{20}")
_LEGACY_CODE_10 = re.compile(r"\d{8}[2-9][0-4]")
_LEGACY_CODE_12 = re.compile(r"0\d{11}")
_LEGACY_NUMBER = re.compile(r"\d{8}")

# GB 32100-2015: the USCC alphabet (no I, O, Z, S, V) and the check-character weights.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 11714: the organisation code inside positions 9-17.
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_OLD_TAX_ID = re.compile(r"[0-9A-Z]+")
_OLD_TAX_ID_LENGTHS = (15, 17, 20)


def normalize_text(raw: object) -> str:
    """Full-width to half-width (NFKC), every space removed (U+3000, NBSP too), upper case."""
    if raw is None:
        return ""
    text = unicodedata.normalize("NFKC", raw if isinstance(raw, str) else str(raw))
    return "".join(strip_invisible(text).split()).upper()


class IdentifierError(ValueError):
    """An identifier that cannot be restored; ``field`` names it when known."""

    def __init__(self, message: Message, field: str = "") -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


def _error(source: str, **params: object) -> IdentifierError:
    return IdentifierError(Message(CONTEXT, source, dict(params)))


def _number_text(raw: object) -> tuple[str, bool]:
    """The text of ``raw`` and whether it went through a binary float."""
    if isinstance(raw, bool):
        raise _error(QT_TRANSLATE_NOOP("Problem", "“{text}”不是号码"), text=raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise _error(QT_TRANSLATE_NOOP("Problem", "“{text}”不是号码"), text=raw)
        return repr(raw).upper(), True
    return normalize_text(raw), False


def restore_digits(raw: object, lengths: tuple[int, ...]) -> str:
    """The digit string a spreadsheet turned into a number, leading zeros put back.

    ``11002680026`` with lengths (12, 10) gives ``011002680026``: zeros are added up to the
    smallest expected length that is not shorter than the digits. "1.1002680026E10" and
    "26112000001272487786.0" are read too. A long number whose last digits a float already lost
    ("2.61120000012725E+19") raises ``IdentifierError``.
    """
    text, via_float = _number_text(raw)
    if not text:
        return ""
    match = _NUMERIC.fullmatch(text)
    if not match:
        raise _error(QT_TRANSLATE_NOOP("Problem", "“{text}”应只包含数字"), text=text)
    whole, fraction, exponent = match.group(1), match.group(2) or "", match.group(3)
    mantissa = whole + fraction
    point = len(whole) + (int(exponent) if exponent else 0)
    if point > len(mantissa):
        digits, rest = mantissa + "0" * (point - len(mantissa)), ""
    else:
        digits, rest = mantissa[: max(point, 0)], mantissa[max(point, 0) :]
    if rest.strip("0"):
        raise _error(QT_TRANSLATE_NOOP("Problem", "“{text}”不是整数号码"), text=text)
    significant = len(digits.lstrip("0"))
    # Digits past a float's precision were invented by the conversion, or filled in as zeros by
    # an exponent: in either case the original is gone.
    filled_by_exponent = exponent is not None and point > len(mantissa)
    if significant > _FLOAT_SAFE_DIGITS and (via_float or filled_by_exponent):
        raise _error(
            QT_TRANSLATE_NOOP(
                "Problem",
                "号码“{text}”已被电子表格转换成数字，末尾几位已经丢失，无法恢复；请把该列设为文本后重新导出",
            ),
            text=text,
        )
    long_enough = [length for length in lengths if length >= len(digits)]
    return digits.zfill(min(long_enough)) if long_enough else digits


def _restore(raw: object, lengths: tuple[int, ...], field: str) -> str:
    """Restore a key part if it looks like a number; anything else is left for validation."""
    if isinstance(raw, str) and not _NUMERIC.fullmatch(normalize_text(raw)):
        return normalize_text(raw)
    try:
        return restore_digits(raw, lengths)
    except IdentifierError as exc:
        raise IdentifierError(exc.message, field) from None


def _is_digital(kind: str | None, code: str, number: str) -> bool:
    if kind in KINDS:
        return kind in DIGITAL_KINDS
    return not code and len(number) > 8  # unknown kind: judge by the shape


def normalize_invoice_key(kind: str | None, code: object, number: object) -> tuple[str, str]:
    """(code, number) with spreadsheet damage undone.

    Legacy: an 11-digit code gets its leading 0 back (12 digits), the number is padded to 8.
    Digital: the 20-digit number is never padded, because it starts with the year and so never
    with a zero; a short one is a typo for validation to report. Raises ``IdentifierError``
    (``field`` "code" or "number") when a spreadsheet destroyed the digits.
    """
    code_text = _restore(code, (), "code")
    if _is_digital(kind, code_text, normalize_text(number)):
        return code_text, _restore(number, (), "number")
    if len(code_text) == 11 and code_text.isdigit():
        code_text = "0" + code_text
    return code_text, _restore(number, (8,), "number")


@dataclass(frozen=True)
class DigitalNumber:
    """The parts of a 20-digit 数电票 number."""

    year: int
    region_code: str
    region_name: str | None
    channel: str
    sequence: str


def parse_digital_number(number: str) -> DigitalNumber | None:
    """Year (digits 1-2), region (3-4), channel (5), sequence (6-20); None if not 20 digits."""
    text = normalize_text(number)
    if not _DIGITAL_NUMBER.fullmatch(text):
        return None
    return DigitalNumber(
        year=2000 + int(text[:2]),
        region_code=text[2:4],
        region_name=REGIONS.get(text[2:4]),
        channel=text[4],
        sequence=text[5:],
    )


def _check_number_digits(problems: ProblemList, number: str) -> bool:
    if not number:
        problems.add("number", QT_TRANSLATE_NOOP("Problem", "发票号码不能为空"))
        return False
    if not number.isdigit():
        problems.add(
            "number",
            QT_TRANSLATE_NOOP("Problem", "发票号码只能包含数字，当前为“{number}”"),
            number=number,
        )
        return False
    return True


def _check_digital_key(problems: ProblemList, code: str, number: str, today: date) -> None:
    if code:
        problems.add(
            "code",
            QT_TRANSLATE_NOOP("Problem", "数电票没有发票代码，请清空发票代码（当前为“{code}”）"),
            code=code,
        )
    if not _check_number_digits(problems, number):
        return
    if len(number) != 20:
        problems.add(
            "number",
            QT_TRANSLATE_NOOP("Problem", "发票号码应为20位数字，当前为{length}位"),
            length=len(number),
        )
        return
    parts = parse_digital_number(number)
    assert parts is not None  # 20 digits
    if parts.year > today.year:
        problems.add(
            "number",
            QT_TRANSLATE_NOOP("Problem", "发票号码第1–2位表示{year}年，晚于今年（{this_year}年）"),
            year=parts.year,
            this_year=today.year,
        )
    if parts.region_name is None:
        problems.add(
            "number",
            QT_TRANSLATE_NOOP(
                "Problem", "发票号码第3–4位的地区代码{region}不在省级地区表中，请核对"
            ),
            "warning",
            region=parts.region_code,
        )


def _check_legacy_key(problems: ProblemList, code: str, number: str) -> None:
    if not code:
        problems.add("code", QT_TRANSLATE_NOOP("Problem", "发票代码不能为空，应为10位或12位数字"))
    elif not code.isdigit():
        problems.add(
            "code",
            QT_TRANSLATE_NOOP("Problem", "发票代码只能包含数字，当前为“{code}”"),
            code=code,
        )
    elif len(code) == 10:
        if not _LEGACY_CODE_10.fullmatch(code):
            problems.add(
                "code",
                QT_TRANSLATE_NOOP("Problem", "10位发票代码的第9位应为2–9、第10位应为0–4，请核对"),
            )
    elif len(code) == 12:
        if not _LEGACY_CODE_12.fullmatch(code):
            problems.add("code", QT_TRANSLATE_NOOP("Problem", "12位发票代码应以0开头"))
    else:
        problems.add(
            "code",
            QT_TRANSLATE_NOOP("Problem", "发票代码应为10位或12位数字，当前为{length}位"),
            length=len(code),
        )
    if _check_number_digits(problems, number) and not _LEGACY_NUMBER.fullmatch(number):
        problems.add(
            "number",
            QT_TRANSLATE_NOOP("Problem", "发票号码应为8位数字，当前为{length}位"),
            length=len(number),
        )


def check_invoice_key(kind: str, code: str, number: str, today: date) -> list[Problem]:
    """Problems with (code, number) for this kind; fields "code" and "number"."""
    problems = ProblemList()
    if _is_digital(kind, code, number):
        _check_digital_key(problems, code, number, today)
    else:
        _check_legacy_key(problems, code, number)
    return problems.items


# Taxpayer ids -------------------------------------------------------------------------------


def uscc_check_char(first17: str) -> str:
    """GB 32100 check character; works for codes starting with a letter, unlike python-stdnum."""
    total = sum(
        USCC_ALPHABET.index(char) * weight
        for char, weight in zip(first17, USCC_WEIGHTS, strict=True)
    )
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    """GB 11714 check character of the organisation code in USCC positions 9-17."""
    total = sum(
        (int(char) if char.isdigit() else ord(char) - ord("A") + 10) * weight
        for char, weight in zip(first8, ORG_CODE_WEIGHTS, strict=True)
    )
    remainder = 11 - total % 11
    return {10: "X", 11: "0"}.get(remainder, str(remainder))


def _uscc_checksum_ok(value: str) -> bool:
    if value[:8].isdigit():
        try:
            uscc.validate(value)
        except ValidationError:
            return False
        return True
    # Authority codes such as A, N, Y: python-stdnum refuses the format, the formula is the same.
    return uscc_check_char(value[:17]) == value[17]


def check_uscc(value: str, field: str = "buyer_tax_id") -> list[Problem]:
    """统一社会信用代码: 18 characters, valid check character; org-code mismatch only warns."""
    problems = ProblemList()
    label = field_label(field)
    if len(value) != 18:
        problems.add(
            field,
            QT_TRANSLATE_NOOP("Problem", "{label}应为18位，当前为{length}位"),
            label=label,
            length=len(value),
        )
        return problems.items
    for position, char in enumerate(value, start=1):
        if char not in USCC_ALPHABET:
            problems.add(
                field,
                QT_TRANSLATE_NOOP(
                    "Problem",
                    "{label}第{position}位的“{char}”不是允许的字符（统一社会信用代码不使用I、O、Z、S、V）",
                ),
                label=label,
                position=position,
                char=char,
            )
            return problems.items
    if not _uscc_checksum_ok(value):
        problems.add(
            field,
            QT_TRANSLATE_NOOP("Problem", "{label}校验位（第18位）不正确，请逐位核对"),
            label=label,
        )
    elif org_code_check_char(value[8:16]) != value[16]:
        problems.add(
            field,
            QT_TRANSLATE_NOOP("Problem", "{label}第9–17位的组织机构代码校验位不符，请核对是否抄错"),
            "warning",
            label=label,
        )
    return problems.items


def normalize_buyer_id(raw: object) -> str:
    return normalize_text(raw)


def check_buyer_id(value: str, field: str = "buyer_tax_id") -> list[Problem]:
    """Empty (a natural person), an 18-character USCC, or an older 15/17/20-character id.

    An 18-digit resident identity card number, which individuals give as their taxpayer id, is
    accepted when its own checksum holds.
    """
    if not value:
        return []
    if len(value) == 18:
        return [] if ric.is_valid(value) else check_uscc(value, field)
    label = field_label(field)
    if len(value) in _OLD_TAX_ID_LENGTHS:
        if _OLD_TAX_ID.fullmatch(value):
            return []
        return [
            problem(
                field,
                QT_TRANSLATE_NOOP("Problem", "{label}只能包含数字和大写字母"),
                label=label,
            )
        ]
    return [
        problem(
            field,
            QT_TRANSLATE_NOOP(
                "Problem",
                "{label}应为18位统一社会信用代码（旧税号为15、17或20位），当前为{length}位",
            ),
            label=label,
            length=len(value),
        )
    ]
