"""An invoice as a JSON-ready dict, and back, with every parse problem named by field."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from invoicedesk.core.drafts import InvoiceDraft, LineDraft, invoice_totals
from invoicedesk.core.fields import field_label
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.core.identifiers import (
    IdentifierError,
    normalize_buyer_id,
    normalize_invoice_key,
    normalize_text,
    restore_digits,
)
from invoicedesk.core.invoice_rules import validate_invoice
from invoicedesk.core.kinds import status_from_platform
from invoicedesk.core.money import AmountError, format_plain, parse_decimal, round_fen
from invoicedesk.core.problems import Problem, ProblemList
from invoicedesk.core.rates import SPECIAL_TAX_TEXT, RateError, TaxRate, parse_rate
from invoicedesk.core.words import amount_in_words, words_equal

_OPTIONAL_TEXT = (
    "buyer_address_phone",
    "buyer_bank_account",
    "buyer_email",
    "issuer",
    "reviewer",
    "payee",
    "remarks",
)
# Written by invoice_to_dict from the lines; read back only to warn when they disagree.
_DERIVED = ("amount", "tax", "total", "amount_in_words")
_TOP_KEYS = frozenset(
    {"kind", "code", "number", "issue_date", "buyer_name", "buyer_tax_id", "status", "is_red"}
    | {"lines", *_OPTIONAL_TEXT, *_DERIVED}
)
_LINE_KEYS = frozenset(
    {"name", "spec", "unit", "quantity", "unit_price", "amount", "tax_rate", "tax"}
    | {"tax_code", "is_discount", "total"}
)
_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?|(\d{4})(\d{2})(\d{2})")


def _parse_date(raw: object) -> date | None:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if not isinstance(raw, str):
        return None
    text = normalize_text(raw)
    match = _DATE.fullmatch(text)
    if not match:
        try:  # "2026-10-05T09:30:00" and the like
            return datetime.fromisoformat(raw.strip()).date()
        except ValueError:
            return None
    year, month, day = (int(part) for part in match.groups() if part is not None)
    try:
        return date(year, month, day)
    except ValueError:
        return None


class _Reader:
    """Reads fields, recording a problem for each one that cannot be read."""

    def __init__(self) -> None:
        self.problems = ProblemList()

    def missing(self, field: str, row: int | None) -> None:
        if row is None:
            self.problems.add(
                field,
                QT_TRANSLATE_NOOP("Problem", "缺少{label}（{key}）"),
                label=field_label(field),
                key=field,
            )
        else:
            self.problems.add(
                field,
                QT_TRANSLATE_NOOP("Problem", "第{row}行缺少{label}（{key}）"),
                row=row,
                label=field_label(field),
                key=field.rsplit(".", 1)[-1],
            )

    def unknown_keys(self, data: Mapping[str, Any], known: frozenset[str], prefix: str) -> None:
        for key in data:
            if key not in known:
                self.problems.add(
                    f"{prefix}{key}",
                    QT_TRANSLATE_NOOP("Problem", "无法识别的字段“{key}”，已忽略"),
                    "warning",
                    key=f"{prefix}{key}",
                )

    def text(self, data: Mapping[str, Any], key: str, field: str, required: bool = False) -> str:
        raw = data.get(key)
        if raw is None:
            if required:
                self.missing(field, _row_of(field))
            return ""
        if not isinstance(raw, str):
            self.problems.add(
                field,
                QT_TRANSLATE_NOOP("Problem", "{label}应为文本，当前为{type}"),
                label=field_label(field),
                type=type(raw).__name__,
            )
            return ""
        return raw.strip()

    def identifier(self, data: Mapping[str, Any], key: str) -> object:
        """A code or number: text, or a number a spreadsheet made of it."""
        raw = data.get(key)
        if raw is None or (
            isinstance(raw, str | int | float | Decimal) and not isinstance(raw, bool)
        ):
            return raw
        self.problems.add(
            key,
            QT_TRANSLATE_NOOP("Problem", "{label}应为文本，当前为{type}"),
            label=field_label(key),
            type=type(raw).__name__,
        )
        return None

    def flag(self, data: Mapping[str, Any], key: str, field: str) -> bool:
        raw = data.get(key, False)
        if raw is None:
            return False
        if not isinstance(raw, bool):
            self.problems.add(
                field,
                QT_TRANSLATE_NOOP("Problem", "{label}应为 true 或 false"),
                label=field_label(field),
            )
            return False
        return raw

    def decimal(
        self, data: Mapping[str, Any], key: str, field: str, row: int, required: bool = False
    ) -> Decimal | None:
        raw = data.get(key)
        if raw is None or raw == "":
            if required:
                self.missing(field, row)
            return None
        try:
            return parse_decimal(raw)
        except AmountError as exc:
            self.problems.add(
                field,
                QT_TRANSLATE_NOOP("Problem", "第{row}行{label}：{reason}"),
                row=row,
                label=field_label(field),
                reason=exc.message,
            )
            return None

    def rate(self, data: Mapping[str, Any], field: str, row: int) -> TaxRate | None:
        raw = data.get("tax_rate")
        if raw is None or raw == "":
            self.missing(field, row)
            return None
        try:
            return parse_rate(raw)
        except RateError as exc:
            self.problems.add(
                field,
                QT_TRANSLATE_NOOP("Problem", "第{row}行{label}：{reason}"),
                row=row,
                label=field_label(field),
                reason=exc.message,
            )
            return None

    def tax_code(self, data: Mapping[str, Any], field: str) -> str:
        raw = data.get("tax_code")
        if raw is None or isinstance(raw, str):
            return normalize_text(raw)
        try:  # 19 digits a spreadsheet may have stored as a number
            return restore_digits(raw, (19,))
        except IdentifierError as exc:
            self.problems.extend([Problem(field, exc.message)])
            return ""

    def line(self, raw: object, row: int) -> LineDraft | None:
        at = f"lines[{row}]"
        if not isinstance(raw, Mapping):
            self.problems.add(
                at,
                QT_TRANSLATE_NOOP("Problem", "第{row}行应为一个对象（键值表）"),
                row=row,
            )
            return None
        self.unknown_keys(raw, _LINE_KEYS, f"{at}.")
        name = self.text(raw, "name", f"{at}.name", required=True)
        amount = self.decimal(raw, "amount", f"{at}.amount", row, required=True)
        rate = self.rate(raw, f"{at}.tax_rate", row)
        tax_raw = raw.get("tax")
        tax = (
            None
            if isinstance(tax_raw, str) and tax_raw.strip() == SPECIAL_TAX_TEXT
            else self.decimal(raw, "tax", f"{at}.tax", row)
        )
        line = LineDraft(
            name=name,
            amount=amount if amount is not None else Decimal(0),
            tax_rate=rate if rate is not None else parse_rate("0"),
            tax=tax,
            spec=self.text(raw, "spec", f"{at}.spec"),
            unit=self.text(raw, "unit", f"{at}.unit"),
            quantity=self.decimal(raw, "quantity", f"{at}.quantity", row),
            unit_price=self.decimal(raw, "unit_price", f"{at}.unit_price", row),
            tax_code=self.tax_code(raw, f"{at}.tax_code"),
            is_discount=self.flag(raw, "is_discount", f"{at}.is_discount"),
        )
        if amount is None or rate is None:
            return None
        self.line_total(raw, line, f"{at}.total")
        return line

    def line_total(self, data: Mapping[str, Any], line: LineDraft, field: str) -> None:
        """A line's 价税合计 in the input is derived: warn when it disagrees with the line."""
        raw = data.get("total")
        if raw is None:
            return
        try:
            agrees = round_fen(parse_decimal(raw)) == round_fen(line.total)
        except AmountError:
            agrees = False
        if not agrees:
            self.problems.add(
                field,
                QT_TRANSLATE_NOOP(
                    "Problem", "{label}“{given}”与明细合计{computed}不一致，已按明细计算"
                ),
                "warning",
                label=field_label(field),
                given=raw,
                computed=format_plain(line.total),
            )


def _row_of(field: str) -> int | None:
    match = re.match(r"lines\[(\d+)\]", field)
    return int(match.group(1)) if match else None


def _kind(reader: _Reader, data: Mapping[str, Any]) -> str:
    raw = data.get("kind")
    if raw is None:
        reader.missing("kind", None)
        return ""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return f"{raw:02d}"  # 1 -> "01", as a spreadsheet would have stored it
    if isinstance(raw, str):
        text = normalize_text(raw)
        return text.zfill(2) if text.isdigit() else text
    reader.text(data, "kind", "kind")  # records the type problem
    return ""


def _status(reader: _Reader, data: Mapping[str, Any]) -> str:
    text = reader.text(data, "status", "status")
    if not text:
        return "normal"
    # Platform wording ("已作废") is read as well; anything else is left for validation to name.
    return status_from_platform(text) or text


def _warn_derived(
    reader: _Reader, data: Mapping[str, Any], lines: Sequence[LineDraft | None]
) -> None:
    """Totals in the input that disagree with the lines: the lines win, the user is told."""
    if any(line is None for line in lines):
        return
    totals = invoice_totals([line for line in lines if line is not None])
    computed = {"amount": totals.amount, "tax": totals.tax, "total": totals.total}
    for key, value in computed.items():
        raw = data.get(key)
        if raw is None:
            continue
        try:
            agrees = round_fen(parse_decimal(raw)) == round_fen(value)
        except AmountError:
            agrees = False
        if not agrees:
            reader.problems.add(
                key,
                QT_TRANSLATE_NOOP(
                    "Problem", "{label}“{given}”与明细合计{computed}不一致，已按明细计算"
                ),
                "warning",
                label=field_label(key),
                given=raw,
                computed=format_plain(value),
            )
    words = data.get("amount_in_words")
    if words is not None:
        try:
            expected = amount_in_words(totals.total)
        except ValueError:
            expected = ""
        if not isinstance(words, str) or not words_equal(words, expected):
            reader.problems.add(
                "amount_in_words",
                QT_TRANSLATE_NOOP("Problem", "价税合计（大写）“{given}”与明细合计{expected}不一致"),
                "warning",
                given=words,
                expected=expected,
            )


def invoice_from_dict(
    data: Mapping[str, Any], today: date
) -> tuple[InvoiceDraft | None, list[Problem]]:
    """Parse the JSON shape; the draft is None when anything could not be read.

    Problems that stop parsing come first, then (when parsing succeeded) validate_invoice's.
    """
    reader = _Reader()
    problems = reader.problems
    if not isinstance(data, Mapping):
        problems.add("invoice", QT_TRANSLATE_NOOP("Problem", "发票数据应为一个对象（键值表）"))
        return None, problems.items
    reader.unknown_keys(data, _TOP_KEYS, "")

    kind = _kind(reader, data)
    code_raw = reader.identifier(data, "code")
    number_raw = reader.identifier(data, "number")
    if "number" not in data:
        reader.missing("number", None)
    code, number = "", ""
    try:
        code, number = normalize_invoice_key(kind, code_raw, number_raw)
    except IdentifierError as exc:
        problems.extend([Problem(exc.field or "number", exc.message)])

    issue_date = None
    if data.get("issue_date") is None:
        reader.missing("issue_date", None)
    else:
        issue_date = _parse_date(data["issue_date"])
        if issue_date is None:
            problems.add(
                "issue_date",
                QT_TRANSLATE_NOOP("Problem", "开票日期“{value}”无法识别，应为YYYY-MM-DD格式"),
                value=data["issue_date"],
            )
    buyer_name = reader.text(data, "buyer_name", "buyer_name", required=True)
    buyer_id_raw = data.get("buyer_tax_id")
    if buyer_id_raw is not None and not isinstance(buyer_id_raw, str | int):
        reader.text(data, "buyer_tax_id", "buyer_tax_id")  # records the type problem
        buyer_id_raw = None
    texts = {key: reader.text(data, key, key) for key in _OPTIONAL_TEXT}
    status = _status(reader, data)
    is_red = reader.flag(data, "is_red", "is_red")

    raw_lines = data.get("lines")
    lines: list[LineDraft | None] = []
    if raw_lines is None:
        reader.missing("lines", None)
    elif isinstance(raw_lines, str) or not isinstance(raw_lines, Sequence):
        problems.add("lines", QT_TRANSLATE_NOOP("Problem", "项目明细（lines）应为列表"))
    else:
        lines = [reader.line(raw, row) for row, raw in enumerate(raw_lines, start=1)]
    _warn_derived(reader, data, lines)

    if problems.has_errors or issue_date is None:
        return None, problems.items
    draft = InvoiceDraft(
        kind=kind,
        code=code,
        number=number,
        issue_date=issue_date,
        buyer_name=buyer_name,
        lines=[line for line in lines if line is not None],
        buyer_tax_id=normalize_buyer_id(buyer_id_raw),
        status=status,
        is_red=is_red,
        **texts,
    )
    return draft, problems.items + validate_invoice(draft, today)


def _plain_decimal(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _line_to_dict(line: LineDraft) -> dict[str, Any]:
    return {
        "name": line.name,
        "spec": line.spec,
        "unit": line.unit,
        "quantity": _plain_decimal(line.quantity),
        "unit_price": _plain_decimal(line.unit_price),
        "amount": format_plain(line.amount),
        "tax_rate": line.tax_rate.code,
        "tax": format_plain(line.effective_tax),
        "tax_code": line.tax_code,
        "is_discount": line.is_discount,
    }


def invoice_to_dict(draft: InvoiceDraft) -> dict[str, Any]:
    """The JSON shape, amounts as two-decimal strings, with the computed totals and 大写."""
    totals = invoice_totals(draft.lines)
    try:
        words = amount_in_words(totals.total)
    except ValueError:  # beyond 9999亿: validation reports such an invoice anyway
        words = ""
    return {
        "kind": draft.kind,
        "code": draft.code,
        "number": draft.number,
        "issue_date": draft.issue_date.isoformat(),
        "buyer_name": draft.buyer_name,
        "buyer_tax_id": draft.buyer_tax_id,
        "buyer_address_phone": draft.buyer_address_phone,
        "buyer_bank_account": draft.buyer_bank_account,
        "buyer_email": draft.buyer_email,
        "issuer": draft.issuer,
        "reviewer": draft.reviewer,
        "payee": draft.payee,
        "remarks": draft.remarks,
        "status": draft.status,
        "is_red": draft.is_red,
        "lines": [_line_to_dict(line) for line in draft.lines],
        "amount": format_plain(totals.amount),
        "tax": format_plain(totals.tax),
        "total": format_plain(totals.total),
        "amount_in_words": words,
    }
