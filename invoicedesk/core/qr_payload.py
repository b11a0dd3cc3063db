"""Reading the QR code printed on an invoice (what a scanner types into the counter form).

数电票: ``01,32,,<20-digit number>,<价税合计>,<yyyymmdd>,,<check>`` — kind 31 is 专票, 32 普票;
there is no code and no 校验码. Legacy 税控: ``01,<kind>,<10/12-digit code>,<8-digit number>,
<金额 without tax>,<yyyymmdd>,<20-digit 校验码>,<check>``, the kind being the platform's code
(01, 04, 10 ...). Scanners add spaces, full-width commas or a trailing newline: all tolerated.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.core.kinds import DIGITAL_KINDS, KINDS
from invoicedesk.core.money import AmountError, parse_decimal

CONTEXT = "Problem"
# The QR's second field for 数电票 → the platform's kind code.
_DIGITAL_QR_KINDS = {"31": "81", "32": "82"}
_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")


class QrError(ValueError):
    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def _error(source: str, **params: object) -> QrError:
    return QrError(Message(CONTEXT, source, dict(params)))


@dataclass(frozen=True)
class QrInvoice:
    kind: str
    code: str
    number: str
    issue_date: date
    amount: Decimal  # 价税合计 for 数电票, 金额 (without tax) for legacy invoices
    amount_is_total: bool
    check_code: str = ""  # 校验码 (legacy 普票)


def parse_qr(text: str) -> QrInvoice:
    """Read a scanned payload; raises QrError saying what is wrong in the user's words."""
    cleaned = unicodedata.normalize("NFKC", text).strip().replace("，", ",")
    parts = [part.strip() for part in cleaned.split(",")]
    if len(parts) < 6 or parts[0] != "01":
        raise _error(
            QT_TRANSLATE_NOOP("Problem", "这不是发票二维码的内容（应以“01,”开头，用逗号分隔）")
        )
    qr_kind, code, number, amount_text, date_text = parts[1:6]
    check = parts[6] if len(parts) > 6 else ""
    digital = qr_kind in _DIGITAL_QR_KINDS or qr_kind in DIGITAL_KINDS
    kind = _DIGITAL_QR_KINDS.get(qr_kind, qr_kind)
    if kind not in KINDS:
        raise _error(QT_TRANSLATE_NOOP("Problem", "二维码里的票种“{kind}”无法识别"), kind=qr_kind)
    if digital:
        if code or not re.fullmatch(r"\d{20}", number):
            raise _error(
                QT_TRANSLATE_NOOP("Problem", "数电票二维码的发票号码应为20位数字，收到“{number}”"),
                number=number,
            )
    else:
        if not re.fullmatch(r"\d{10}|\d{12}", code):
            raise _error(
                QT_TRANSLATE_NOOP("Problem", "二维码里的发票代码应为10或12位数字，收到“{code}”"),
                code=code,
            )
        if not re.fullmatch(r"\d{8}", number):
            raise _error(
                QT_TRANSLATE_NOOP("Problem", "二维码里的发票号码应为8位数字，收到“{number}”"),
                number=number,
            )
        if check and not re.fullmatch(r"\d{20}", check):
            raise _error(
                QT_TRANSLATE_NOOP("Problem", "二维码里的校验码应为20位数字，收到“{check}”"),
                check=check,
            )
    try:
        amount = parse_decimal(amount_text)
    except AmountError as exc:
        raise _error(
            QT_TRANSLATE_NOOP("Problem", "二维码里的金额“{text}”无法读取"), text=amount_text
        ) from exc
    match = _DATE.fullmatch(date_text)
    try:
        if match is None:
            raise ValueError(date_text)
        issued = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as exc:
        raise _error(
            QT_TRANSLATE_NOOP("Problem", "二维码里的开票日期“{text}”应为8位日期（yyyymmdd）"),
            text=date_text,
        ) from exc
    return QrInvoice(
        kind=kind,
        code="" if digital else code,
        number=number,
        issue_date=issued,
        amount=amount,
        amount_is_total=digital,
        check_code="" if digital else check,
    )


def make_qr(qr: QrInvoice) -> str:
    """The payload for ``qr`` (used by tests and demo data)."""
    qr_kind = {v: k for k, v in _DIGITAL_QR_KINDS.items()}.get(qr.kind, qr.kind)
    amount = format(qr.amount.quantize(Decimal("0.01")), "f")
    day = qr.issue_date.strftime("%Y%m%d")
    return f"01,{qr_kind},{qr.code},{qr.number},{amount},{day},{qr.check_code},"
