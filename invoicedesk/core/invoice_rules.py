"""Validation of an invoice draft: every problem at once, each naming its field."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from invoicedesk.core.drafts import InvoiceDraft, LineDraft, invoice_totals
from invoicedesk.core.fields import field_label
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.core.identifiers import (
    check_buyer_id,
    check_invoice_key,
    parse_digital_number,
)
from invoicedesk.core.kinds import DIGITAL_KINDS, KINDS, STATUSES, void_refusal
from invoicedesk.core.limits import (
    MAX_AMOUNT,
    MAX_FRACTION_DIGITS,
    MAX_INTEGER_DIGITS,
    MAX_QUANTITY,
    MIN_ISSUE_DATE,
    MULTILINE_FIELDS,
    QUANTITY_PLACES,
    TEXT_LIMITS,
    describe_character,
    digits,
    forbidden_character,
    safe_text,
    strip_invisible,
)
from invoicedesk.core.money import format_plain, round_fen
from invoicedesk.core.problems import CONTEXT, Problem, ProblemList
from invoicedesk.core.rates import is_known
from invoicedesk.core.vat import (
    INVOICE_TAX_TOLERANCE,
    LINE_TAX_TOLERANCE,
    PRICE_TOLERANCE,
    line_tax,
)

MAX_LINES = 100
MAX_BUYER_NAME = TEXT_LIMITS["buyer_name"]
MAX_TOTAL = MAX_AMOUNT  # the amount in words stops at 9999亿
_HEADER_TEXTS = (
    "buyer_name",
    "buyer_address_phone",
    "buyer_bank_account",
    "buyer_email",
    "issuer",
    "reviewer",
    "payee",
    "remarks",
)
_LINE_TEXTS = ("name", "spec", "unit")
# Statuses only a red flush gives a blue invoice: never set on an invoice as it is added.
RED_STATUSES = ("red_partial", "red_full")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_ITEM_NAME = re.compile(r"\*[^*]+\*.+")  # *简称*名称
_TAX_CODE = re.compile(r"\d{19}")


def _has_sub_fen(value: Decimal) -> bool:
    return value.is_finite() and round_fen(value) != value


def check_text(field: str, value: str, problems: ProblemList, row: int | None = None) -> bool:
    """Characters and length of one text field (limits.py); False when it has a problem."""
    key = field.rsplit(".", 1)[-1]
    char = forbidden_character(value, multiline=key in MULTILINE_FIELDS)
    if char is not None:
        problems.add(
            field,
            QT_TRANSLATE_NOOP("Problem", "{where}{label}含有不允许的控制字符（{char}），请删除"),
            where=_where(row),
            label=field_label(field),
            char=describe_character(char),
        )
        return False
    limit = TEXT_LIMITS.get(key)
    length = len(strip_invisible(value).strip())
    if limit is not None and length > limit:
        problems.add(
            field,
            QT_TRANSLATE_NOOP("Problem", "{where}{label}最长{limit}个字，当前为{length}个字"),
            where=_where(row),
            label=field_label(field),
            limit=limit,
            length=length,
        )
        return False
    return True


def _where(row: int | None) -> Message | str:
    if row is None:
        return ""
    return Message(CONTEXT, QT_TRANSLATE_NOOP("Problem", "第{row}行"), {"row": row})


def _number_ok(
    field: str, row: int, value: Decimal | None, limit: Decimal, places: int, problems: ProblemList
) -> bool:
    """A line's number within its limits (limits.py); checked before any arithmetic with it."""
    if value is None:
        return True
    if not value.is_finite():
        problems.add(
            field,
            QT_TRANSLATE_NOOP("Problem", "第{row}行{label}不能是无穷大或非数字"),
            row=row,
            label=field_label(field),
        )
        return False
    integer, fraction = digits(value)
    if integer > MAX_INTEGER_DIGITS or abs(value) >= limit:
        problems.add(
            field,
            QT_TRANSLATE_NOOP("Problem", "第{row}行{label}超出上限：绝对值应小于{limit}"),
            row=row,
            label=field_label(field),
            limit=f"{limit:,.0f}",
        )
        return False
    if fraction > min(places, MAX_FRACTION_DIGITS):
        problems.add(
            field,
            QT_TRANSLATE_NOOP("Problem", "第{row}行{label}最多{places}位小数，当前为{count}位"),
            row=row,
            label=field_label(field),
            places=places,
            count=fraction,
        )
        return False
    return True


def line_numbers_ok(row: int, line: LineDraft, problems: ProblemList) -> bool:
    """Every number of a line within limits; arithmetic on the line is safe only then."""
    at = f"lines[{row}]"
    results = [
        _number_ok(f"{at}.amount", row, line.amount, MAX_AMOUNT, MAX_FRACTION_DIGITS, problems),
        _number_ok(f"{at}.tax", row, line.tax, MAX_AMOUNT, MAX_FRACTION_DIGITS, problems),
        _number_ok(f"{at}.quantity", row, line.quantity, MAX_QUANTITY, QUANTITY_PLACES, problems),
        _number_ok(
            f"{at}.unit_price", row, line.unit_price, MAX_QUANTITY, QUANTITY_PLACES, problems
        ),
    ]
    return all(results)


def new_invoice_problems(draft: InvoiceDraft) -> list[Problem]:
    """What only an invoice being added may not have: a status that only a red flush gives."""
    problems = ProblemList()
    if draft.status in RED_STATUSES:
        problems.add(
            "status",
            QT_TRANSLATE_NOOP(
                "Problem",
                "新登记的发票不能是“{status}”状态：红冲状态只由登记红字发票产生",
            ),
            status=STATUSES[draft.status],
        )
    return problems.items


def _check_header(draft: InvoiceDraft, today: date, problems: ProblemList) -> None:
    if not draft.kind:
        problems.add("kind", QT_TRANSLATE_NOOP("Problem", "请选择发票票种"))
    elif draft.kind not in KINDS:
        problems.add(
            "kind", QT_TRANSLATE_NOOP("Problem", "未知的发票票种“{kind}”"), kind=draft.kind
        )
    problems.extend(check_invoice_key(draft.kind, draft.code, draft.number, today))

    if draft.issue_date < MIN_ISSUE_DATE:
        problems.add(
            "issue_date",
            QT_TRANSLATE_NOOP("Problem", "开票日期{date}太早：应在{first}及以后"),
            date=draft.issue_date.isoformat(),
            first=MIN_ISSUE_DATE.isoformat(),
        )
    if draft.issue_date > today:
        problems.add(
            "issue_date",
            QT_TRANSLATE_NOOP("Problem", "开票日期{date}晚于今天（{today}）"),
            date=draft.issue_date.isoformat(),
            today=today.isoformat(),
        )
    parts = parse_digital_number(draft.number) if draft.kind in DIGITAL_KINDS else None
    if parts is not None and parts.year != draft.issue_date.year:
        problems.add(
            "issue_date",
            QT_TRANSLATE_NOOP(
                "Problem", "发票号码显示开具于{number_year}年，开票日期却在{date_year}年，请核对"
            ),
            "warning",
            number_year=parts.year,
            date_year=draft.issue_date.year,
        )

    texts_ok = {key: check_text(key, getattr(draft, key), problems) for key in _HEADER_TEXTS}
    if not strip_invisible(draft.buyer_name).strip() and texts_ok["buyer_name"]:
        problems.add("buyer_name", QT_TRANSLATE_NOOP("Problem", "购买方名称不能为空"))
    problems.extend(check_buyer_id(draft.buyer_tax_id, "buyer_tax_id"))
    email = draft.buyer_email.strip()
    if email and texts_ok["buyer_email"] and not _EMAIL.fullmatch(email):
        problems.add(
            "buyer_email",
            QT_TRANSLATE_NOOP("Problem", "购买方邮箱“{email}”格式不正确，应类似 name@example.com"),
            email=email,
        )

    if draft.status not in STATUSES:
        problems.add(
            "status",
            QT_TRANSLATE_NOOP("Problem", "未知的发票状态“{status}”"),
            status=draft.status,
        )
    elif draft.status == "voided" and draft.kind in KINDS:
        # Whenever it was voided, an electronic invoice could not have been.
        refusal = void_refusal(draft.kind, draft.issue_date, draft.issue_date)
        if refusal is not None:
            problems.extend([refusal])


def _check_signs(row: int, line: LineDraft, is_red: bool, problems: ProblemList) -> None:
    """Blue lines are positive, red ones negative; a discount line has the opposite sign."""
    at = f"lines[{row}]"
    sign = -1 if is_red else 1
    if line.is_discount:
        return
    if line.amount * sign <= 0:
        if is_red:
            problems.add(
                f"{at}.amount",
                QT_TRANSLATE_NOOP("Problem", "第{row}行金额应为负数（红字发票）"),
                row=row,
            )
        else:
            problems.add(
                f"{at}.amount", QT_TRANSLATE_NOOP("Problem", "第{row}行金额应大于0"), row=row
            )
    if line.quantity is not None and line.quantity * sign <= 0:
        if is_red:
            problems.add(
                f"{at}.quantity",
                QT_TRANSLATE_NOOP("Problem", "第{row}行数量应为负数（红字发票）"),
                row=row,
            )
        else:
            problems.add(
                f"{at}.quantity", QT_TRANSLATE_NOOP("Problem", "第{row}行数量应大于0"), row=row
            )


def _check_discount(
    row: int, line: LineDraft, previous: LineDraft | None, is_red: bool, problems: ProblemList
) -> None:
    at = f"lines[{row}]"
    if previous is None or previous.is_discount:
        problems.add(
            f"{at}.is_discount",
            QT_TRANSLATE_NOOP("Problem", "第{row}行是折扣行，必须紧跟在被折扣的项目行之后"),
            row=row,
        )
    sign = -1 if is_red else 1
    if line.amount * sign >= 0:
        if is_red:
            problems.add(
                f"{at}.amount",
                QT_TRANSLATE_NOOP("Problem", "第{row}行是红字发票的折扣行，金额应为正数"),
                row=row,
            )
        else:
            problems.add(
                f"{at}.amount",
                QT_TRANSLATE_NOOP("Problem", "第{row}行是折扣行，金额应为负数"),
                row=row,
            )
    elif previous is not None and not previous.is_discount:
        if abs(line.amount) > abs(previous.amount):
            problems.add(
                f"{at}.amount",
                QT_TRANSLATE_NOOP(
                    "Problem", "第{row}行折扣金额{discount}超过了被折扣的第{target}行金额{amount}"
                ),
                row=row,
                target=row - 1,
                discount=format_plain(abs(line.amount)),
                amount=format_plain(abs(previous.amount)),
            )
        if line.tax_rate.code != previous.tax_rate.code:
            problems.add(
                f"{at}.tax_rate",
                QT_TRANSLATE_NOOP("Problem", "第{row}行折扣行的税率应与被折扣的第{target}行相同"),
                row=row,
                target=row - 1,
            )


def _line_texts_ok(row: int, line: LineDraft, problems: ProblemList) -> bool:
    """Characters and lengths of a line's texts; False when its name has a problem."""
    at = f"lines[{row}]"
    texts_ok = [check_text(f"{at}.{key}", getattr(line, key), problems, row) for key in _LINE_TEXTS]
    return texts_ok[0]


def _check_line(row: int, line: LineDraft, name_ok: bool, problems: ProblemList) -> None:
    """Rules that concern one line alone; its numbers are within limits (line_numbers_ok)."""
    at = f"lines[{row}]"
    name = strip_invisible(line.name).strip()
    if not name_ok:
        pass  # the name's own problem is reported
    elif not name:
        problems.add(
            f"{at}.name", QT_TRANSLATE_NOOP("Problem", "第{row}行项目名称不能为空"), row=row
        )
    elif not _ITEM_NAME.fullmatch(name):
        problems.add(
            f"{at}.name",
            QT_TRANSLATE_NOOP(
                "Problem", "第{row}行项目名称应为“*简称*名称”的形式，例如“*餐饮服务*餐费”"
            ),
            "warning",
            row=row,
        )
    if _has_sub_fen(line.amount):
        problems.add(
            f"{at}.amount", QT_TRANSLATE_NOOP("Problem", "第{row}行金额最多两位小数"), row=row
        )
    if line.unit_price is not None and line.unit_price < 0:
        problems.add(
            f"{at}.unit_price", QT_TRANSLATE_NOOP("Problem", "第{row}行单价不能为负数"), row=row
        )
    if line.unit_price is not None and line.quantity is not None:
        product = line.unit_price * line.quantity
        if abs(product - line.amount) > PRICE_TOLERANCE:
            problems.add(
                f"{at}.amount",
                QT_TRANSLATE_NOOP(
                    "Problem", "第{row}行单价×数量为{product}，与金额{amount}相差超过{tolerance}"
                ),
                row=row,
                product=format_plain(product),
                amount=format_plain(line.amount),
                tolerance=PRICE_TOLERANCE,
            )
    rate = line.tax_rate
    if not is_known(rate):
        problems.add(
            f"{at}.tax_rate",
            QT_TRANSLATE_NOOP("Problem", "第{row}行税率{rate}不在税率表中，请核对"),
            "warning",
            row=row,
            rate=rate.label,
        )
    if line.tax is not None:
        if _has_sub_fen(line.tax):
            problems.add(
                f"{at}.tax", QT_TRANSLATE_NOOP("Problem", "第{row}行税额最多两位小数"), row=row
            )
        if rate.is_special:
            if line.tax != 0:
                problems.add(
                    f"{at}.tax",
                    QT_TRANSLATE_NOOP("Problem", "第{row}行税率为“{rate}”，税额应为0"),
                    row=row,
                    rate=rate.label,
                )
        elif abs(line.amount * rate.value - line.tax) > LINE_TAX_TOLERANCE:
            problems.add(
                f"{at}.tax",
                QT_TRANSLATE_NOOP(
                    "Problem", "第{row}行税额{tax}与金额×税率（{expected}）相差超过{tolerance}"
                ),
                row=row,
                tax=format_plain(line.tax),
                expected=format_plain(line_tax(line.amount, rate)),
                tolerance=LINE_TAX_TOLERANCE,
            )
    if line.tax_code and not _TAX_CODE.fullmatch(line.tax_code):
        problems.add(
            f"{at}.tax_code",
            QT_TRANSLATE_NOOP("Problem", "第{row}行税收分类编码应为19位数字，当前为“{code}”"),
            row=row,
            code=safe_text(line.tax_code[:40]),
        )


def _check_lines(draft: InvoiceDraft, problems: ProblemList) -> None:
    lines = draft.lines
    if not lines:
        problems.add("lines", QT_TRANSLATE_NOOP("Problem", "发票至少需要一行项目"))
        return
    if len(lines) > MAX_LINES:
        problems.add(
            "lines",
            QT_TRANSLATE_NOOP("Problem", "一张发票最多{limit}行项目，当前为{count}行"),
            limit=MAX_LINES,
            count=len(lines),
        )
    names_ok = [_line_texts_ok(row, line, problems) for row, line in enumerate(lines, start=1)]
    in_range = [line_numbers_ok(row, line, problems) for row, line in enumerate(lines, start=1)]
    if not all(in_range):
        return  # sums and products of out-of-range numbers mean nothing (and may not compute)
    for row, line in enumerate(lines, start=1):
        _check_line(row, line, names_ok[row - 1], problems)
        _check_signs(row, line, draft.is_red, problems)
        if line.is_discount:
            previous = lines[row - 2] if row > 1 else None
            _check_discount(row, line, previous, draft.is_red, problems)

    # Per-line differences within tolerance can still add up; the invoice has its own limit.
    exact = sum(
        (line.amount * line.tax_rate.value for line in lines if not line.tax_rate.is_special),
        Decimal(0),
    )
    totals = invoice_totals(lines)
    difference = abs(exact - totals.tax)
    if difference > INVOICE_TAX_TOLERANCE:
        problems.add(
            "invoice",
            QT_TRANSLATE_NOOP(
                "Problem", "各行税额合计与金额×税率合计相差{difference}，超过允许的{tolerance}"
            ),
            difference=format_plain(difference),
            tolerance=INVOICE_TAX_TOLERANCE,
        )
    if totals.total == 0:
        problems.add("invoice", QT_TRANSLATE_NOOP("Problem", "价税合计不能为0"))
    elif abs(totals.total) >= MAX_TOTAL:
        problems.add(
            "invoice",
            QT_TRANSLATE_NOOP("Problem", "价税合计{total}超出可以大写的范围（不足一万亿元）"),
            total=format_plain(totals.total),
        )


def validate_invoice(draft: InvoiceDraft, today: date) -> list[Problem]:
    """Every problem with the draft, errors and warnings, in field order."""
    problems = ProblemList()
    _check_header(draft, today, problems)
    _check_lines(draft, problems)
    return problems.items
