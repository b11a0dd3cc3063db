"""What the app accepts, defined once: numbers, text, dates, and the files it reads.

The CLI, the imports, the e-invoice reader and the GUI all validate against these; the README's
"输入限制" section states them for users. Changing a number here changes every path at once.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal

# ---------------------------------------------------------------- numbers

# Any number read from text, a file or JSON: at most this many digits before and after the point.
# Keeps every later step (rounding to the fen, integer fen in SQLite) exact and in range.
MAX_INTEGER_DIGITS = 15
MAX_FRACTION_DIGITS = 15
# 金额、税额、价税合计: under one trillion yuan (the amount in words stops at 9999亿), two places.
MAX_AMOUNT = Decimal(10) ** 12
MAX_AMOUNT_FEN = int(MAX_AMOUNT) * 100
MONEY_PLACES = 2
# 数量、单价: under one trillion, up to 15 decimal places (what e-invoices print; stored exactly).
MAX_QUANTITY = Decimal(10) ** 12
QUANTITY_PLACES = 15
# 税率 as a fraction: at most 4 places (0.015 = 1.5%; 0.0001 = 0.01% is the finest).
RATE_PLACES = 4

# ---------------------------------------------------------------- dates

MIN_ISSUE_DATE = date(2000, 1, 1)  # no fapiao in any ledger predates 2000

# ---------------------------------------------------------------- text

# Longest text per field, in characters (after trimming spaces at both ends).
TEXT_LIMITS: dict[str, int] = {
    "buyer_name": 100,
    "buyer_address_phone": 200,
    "buyer_bank_account": 200,
    "buyer_email": 100,
    "issuer": 50,
    "reviewer": 50,
    "payee": 50,
    "remarks": 500,
    "name": 200,  # 项目名称
    "spec": 100,  # 规格型号
    "unit": 50,  # 单位
}
# One text cell of an imported platform export (its own data: checked for sanity only).
MAX_IMPORT_CELL = 1000
# Fields that may hold line breaks (an address over two lines, a remark in paragraphs).
MULTILINE_FIELDS = frozenset({"remarks", "buyer_address_phone", "complaint", "note"})
# Invisible characters removed from text before it is stored (pasting from web pages brings them).
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE_TABLE = dict.fromkeys(map(ord, INVISIBLE))
# Direction controls that reorder what is shown (U+202E makes "gpj.exe" look like "exe.jpg").
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)

# ---------------------------------------------------------------- files

# An e-invoice XML (also the one inside an OFD), uncompressed.
MAX_XML_BYTES = 5 * 1024 * 1024
# A workbook (.xlsx) read for import: uncompressed sizes, counted while decompressing (a zip's
# own size fields can lie), and the longest stretch of text without markup in its XML.
MAX_XLSX_MEMBER_BYTES = 256 * 1024 * 1024
MAX_XLSX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_XLSX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024
MAX_XML_TEXT_RUN = 1024 * 1024
MAX_ZIP_MEMBERS = 1000


def strip_invisible(text: str) -> str:
    """Zero-width spaces, joiners and byte-order marks removed."""
    return text.translate(_INVISIBLE_TABLE)


def forbidden_character(text: str, multiline: bool = False) -> str | None:
    """The first character a text field may not hold, or None.

    Refused: control characters (NUL, BEL, ESC, tab, line breaks unless ``multiline`` allows
    "\\n"), direction overrides, lone surrogates, and other invisible format characters apart from
    the zero-width ones that ``strip_invisible`` removes.
    """
    if text.isprintable():  # the common case, in C: no Cc, Cf, Cs, Z* other than space
        return None
    for char in text:
        if char == "\n" and multiline:
            continue
        if char == " " or char in INVISIBLE:
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Cs", "Zl", "Zp") or char in BIDI_CONTROLS:
            return char
    return None


def describe_character(char: str) -> str:
    """``U+202E`` and, when Unicode has one, its name: for messages (never the character itself)."""
    name = unicodedata.name(char, "")
    if not name and char in "\x00\x07\x08\x09\x0a\x0d\x1b\x7f":
        name = {
            "\x00": "NUL",
            "\x07": "BEL",
            "\x08": "BACKSPACE",
            "\x09": "TAB",
            "\x0a": "LINE FEED",
            "\x0d": "CARRIAGE RETURN",
            "\x1b": "ESC",
            "\x7f": "DELETE",
        }[char]
    code = f"U+{ord(char):04X}"
    return f"{code} {name}" if name else code


def digits(value: Decimal) -> tuple[int, int]:
    """(digits before the point, places after it) of a finite Decimal: 123.450 -> (3, 2).

    Zeros at the end of the fraction do not count: "100.000" has no places that matter.
    """
    _sign, coefficient, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    numerals = list(coefficient)
    while exponent < 0 and len(numerals) > 1 and numerals[-1] == 0:
        numerals.pop()
        exponent += 1
    if numerals == [0]:
        return 0, 0
    return max(0, len(numerals) + exponent), max(0, -exponent)


def safe_text(text: str) -> str:
    """Text for a terminal or a log line: control and direction characters shown as ``<U+001B>``."""
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char == " " or (char.isprintable() and char not in BIDI_CONTROLS):
            out.append(char)
        else:
            out.append(f"<U+{ord(char):04X}>")
    return "".join(out)
