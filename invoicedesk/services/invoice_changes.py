"""Changes to recorded invoices: correct a field, void, red-flush (by line or amount).

Every write runs in one transaction together with its audit entry; a refused write changes
nothing. ``expected`` (the ``updated_at`` a change started from) refuses a lost update.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from invoicedesk.core import clock
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.core.identifiers import normalize_buyer_id, normalize_invoice_key
from invoicedesk.core.invoice import InvoiceDraft, LineDraft
from invoicedesk.core.kinds import DIGITAL_KINDS, RED_REASONS, void_refusal
from invoicedesk.core.limits import strip_invisible
from invoicedesk.core.money import from_fen
from invoicedesk.core.problems import Problem, problem
from invoicedesk.core.rates import parse_rate
from invoicedesk.core.vat import line_tax
from invoicedesk.services import period_locks as periods
from invoicedesk.services.dto import InvoiceView
from invoicedesk.services.errors import EditConflict, NotAllowed, ValidationFailed
from invoicedesk.services.invoices import (
    changed_by,
    check_draft,
    decimal_or_none,
    draft_of,
    duplicate_of,
    get_invoice,
    insert_invoice,
    remember_buyer,
    snapshot,
)
from invoicedesk.services.session import guarded
from invoicedesk.store import audit
from invoicedesk.store.models import Invoice, InvoiceLine, database

# Fields a bookkeeper may correct before the month is locked, with a reason.
CORRECTABLE_FIELDS = (
    "kind",
    "code",
    "number",
    "issue_date",
    "buyer_name",
    "buyer_tax_id",
    "buyer_address_phone",
    "buyer_bank_account",
    "buyer_email",
    "issuer",
    "reviewer",
    "payee",
    "remarks",
)


def _require_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(
            [problem("reason", QT_TRANSLATE_NOOP("Problem", "请填写原因：每一次更改都要留下理由"))]
        )
    return reason


@guarded("invoice.record")
def correct_invoice(
    invoice_id: int,
    field: str,
    value: Any,
    reason: str,
    actor: str,
    *,
    today: date | None = None,
    expected: str | None = None,
) -> InvoiceView:
    """Correct one field before the month is locked, keeping the old value in the audit log.

    ``expected``: the ``updated_at`` of the invoice the change started from; when someone else
    changed it meanwhile, EditConflict carries the invoice as it is now and nothing is written."""
    reason = _require_reason(reason)
    if field not in CORRECTABLE_FIELDS:
        raise ValidationFailed(
            [
                problem(
                    field,
                    QT_TRANSLATE_NOOP("Problem", "字段“{field}”不能更正；金额请通过红冲处理"),
                    field=field,
                )
            ]
        )
    today = today or clock.today()
    with database.atomic():
        current = get_invoice(invoice_id)
        _ensure_unchanged(current, expected)
        periods.ensure_unlocked(current.issue_date)
        draft = draft_of(current)
        new_value = _coerce_field(field, value)
        draft = replace(draft, **{field: new_value})
        if field in ("kind", "code", "number"):
            draft.code, draft.number = normalize_invoice_key(draft.kind, draft.code, draft.number)
            new_value = getattr(draft, field)
        check_draft(draft, today)
        if field == "issue_date":
            periods.ensure_unlocked(draft.issue_date)
        old_value = getattr(current, field)
        if old_value == new_value:
            return current
        if field in ("code", "number", "kind") and (draft.code, draft.number) != (
            current.code,
            current.number,
        ):
            duplicate = duplicate_of(draft.code, draft.number)
            if duplicate:
                raise duplicate
        _update_if_unchanged(current, {field: new_value})
        if field.startswith("buyer_"):
            remember_buyer(draft, clock.stamp())
        audit.append(
            actor,
            "invoice.correct",
            "invoice",
            invoice_id,
            {field: _jsonable(old_value)},
            {
                field: _jsonable(new_value),
                "reason": reason,
                "image": snapshot(get_invoice(invoice_id)),
            },
        )
        return get_invoice(invoice_id)


def _conflict(current: InvoiceView) -> EditConflict:
    who, when = changed_by("invoice", current.id, current.updated_at)
    return EditConflict(
        QT_TRANSLATE_NOOP("Service", "发票 {key} 已被 {who} 于 {time} 修改，请看过最新内容后再改"),
        current,
        key=f"{current.code}-{current.number}" if current.code else current.number,
        who=who,
        time=when,
    )


def _ensure_unchanged(current: InvoiceView, expected: str | None) -> None:
    if expected is not None and expected != current.updated_at:
        raise _conflict(current)


def _update_if_unchanged(current: InvoiceView, values: dict[str, Any]) -> None:
    """Write only over the version read: a change committed in between (PostgreSQL lets one
    through after the read) is refused, never overwritten."""
    written = (
        Invoice.update({**values, "updated_at": clock.stamp()})
        .where((Invoice.id == current.id) & (Invoice.updated_at == current.updated_at))
        .execute()
    )
    if not written:
        raise _conflict(get_invoice(current.id))


def _coerce_field(field: str, value: Any) -> Any:
    if field == "issue_date":
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError as exc:
            raise ValidationFailed(
                [
                    problem(
                        "issue_date",
                        QT_TRANSLATE_NOOP("Problem", "开票日期格式应为 YYYY-MM-DD，收到“{value}”"),
                        value=value,
                    )
                ]
            ) from exc
    # As recording does (invoices.normalized): a name pasted with a zero-width space would
    # otherwise be stored as a different buyer that no search for the name finds.
    text = "" if value is None else strip_invisible(str(value)).strip()
    if field == "buyer_tax_id":
        return normalize_buyer_id(text)
    return text


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


@guarded("invoice.record")
def void_invoice(
    invoice_id: int,
    reason: str,
    actor: str,
    *,
    today: date | None = None,
    expected: str | None = None,
) -> InvoiceView:
    """Void where the tax rules allow it (paper invoices); otherwise say to red-flush.
    ``expected`` as for ``correct_invoice``."""
    reason = _require_reason(reason)
    today = today or clock.today()
    with database.atomic():
        current = get_invoice(invoice_id)
        _ensure_unchanged(current, expected)
        if current.status != "normal":
            raise NotAllowed(QT_TRANSLATE_NOOP("Service", "只有状态为“正常”的发票可以作废"))
        refusal = void_refusal(current.kind, current.issue_date, today)
        if refusal is not None:
            raise ValidationFailed([refusal])
        periods.ensure_unlocked(current.issue_date)
        _update_if_unchanged(current, {"status": "voided", "void_reason": reason})
        audit.append(
            actor,
            "invoice.void",
            "invoice",
            invoice_id,
            {"status": current.status},
            {"status": "voided", "reason": reason, "image": snapshot(get_invoice(invoice_id))},
        )
        return get_invoice(invoice_id)


def red_remark(blue: InvoiceView) -> str:
    if blue.kind in DIGITAL_KINDS:
        return f"被红冲蓝字数电票号码：{blue.number}"
    return f"对应正数发票代码:{blue.code}号码:{blue.number}"


@guarded("invoice.record")
def red_flush(
    blue_id: int,
    *,
    reason_code: str,
    number: str,
    actor: str,
    code: str = "",
    issue_date: date | None = None,
    lines: Mapping[int, Decimal | None] | None = None,
    today: date | None = None,
) -> InvoiceView:
    """Record the red invoice that cancels a blue one fully, or by line (optionally by amount).

    ``lines`` maps the blue line number to the amount to flush (None: what remains of the line);
    no ``lines`` means everything that remains. Returns the new red invoice.
    """
    today = today or clock.today()
    if reason_code not in RED_REASONS:
        raise ValidationFailed(
            [
                problem(
                    "red_reason",
                    QT_TRANSLATE_NOOP("Problem", "红冲原因应为 01、02、03 或 04，收到“{value}”"),
                    value=reason_code,
                )
            ]
        )
    with database.atomic():
        blue = get_invoice(blue_id)
        if blue.is_red:
            raise NotAllowed(QT_TRANSLATE_NOOP("Service", "红字发票不能再被红冲"))
        if blue.status not in ("normal", "red_partial"):
            raise NotAllowed(
                QT_TRANSLATE_NOOP("Service", "该发票状态为“{status}”，不能红冲"),
                status=blue.status,
            )
        remaining = _remaining_by_line(blue_id)
        chosen = lines if lines else {no: None for no, (amt, _t, _q) in remaining.items() if amt}
        red_lines: list[LineDraft] = []
        red_of: list[int | None] = []
        problems: list[Problem] = []
        blue_lines = {line.line_no: line for line in blue.lines}
        for line_no, wanted in sorted(chosen.items()):
            line = blue_lines.get(line_no)
            left_amount, left_tax, left_qty = remaining.get(line_no, (Decimal(0), Decimal(0), None))
            if line is None or left_amount <= 0:
                problems.append(
                    problem(
                        f"lines[{line_no}]",
                        QT_TRANSLATE_NOOP("Problem", "第{row}行没有可红冲的金额"),
                        row=line_no,
                    )
                )
                continue
            amount = left_amount if wanted is None else wanted
            if amount <= 0 or amount > left_amount:
                problems.append(
                    problem(
                        f"lines[{line_no}].amount",
                        QT_TRANSLATE_NOOP(
                            "Problem", "第{row}行红冲金额应大于0且不超过剩余的{left}"
                        ),
                        row=line_no,
                        left=str(left_amount),
                    )
                )
                continue
            rate = parse_rate(line.tax_rate)
            whole = amount == left_amount
            red_lines.append(
                LineDraft(
                    name=line.name,
                    amount=-amount,
                    tax_rate=rate,
                    tax=-left_tax if whole else line_tax(-amount, rate),
                    spec=line.spec,
                    unit=line.unit,
                    quantity=-left_qty if whole and left_qty is not None else None,
                    unit_price=line.unit_price if whole and left_qty is not None else None,
                    tax_code=line.tax_code,
                )
            )
            red_of.append(_line_id(blue_id, line_no))
        if problems:
            raise ValidationFailed(problems)
        red_code, red_number = normalize_invoice_key(blue.kind, code, number)
        draft = InvoiceDraft(
            kind=blue.kind,
            code=red_code,
            number=red_number,
            issue_date=issue_date or today,
            buyer_name=blue.buyer_name,
            buyer_tax_id=blue.buyer_tax_id,
            buyer_address_phone=blue.buyer_address_phone,
            buyer_bank_account=blue.buyer_bank_account,
            buyer_email=blue.buyer_email,
            issuer=blue.issuer,
            remarks=red_remark(blue),
            is_red=True,
            lines=red_lines,
        )
        check_draft(draft, today)
        periods.ensure_unlocked(draft.issue_date)
        red = insert_invoice(draft, actor, blue_id=blue_id, red_reason=reason_code, red_of=red_of)
        left = _remaining_by_line(blue_id)
        status = "red_full" if all(amt <= 0 for amt, _t, _q in left.values()) else "red_partial"
        Invoice.update(status=status, updated_at=clock.stamp()).where(
            Invoice.id == blue_id
        ).execute()
        audit.append(
            actor,
            "invoice.red_flush",
            "invoice",
            blue_id,
            {"status": blue.status},
            {
                "status": status,
                "red_invoice_id": red.id,
                "reason_code": reason_code,
                "image": snapshot(get_invoice(blue_id)),
            },
        )
        return red


def _line_id(invoice_id: int, line_no: int) -> int:
    return int(
        InvoiceLine.get((InvoiceLine.invoice == invoice_id) & (InvoiceLine.line_no == line_no)).id
    )


def _remaining_by_line(blue_id: int) -> dict[int, tuple[Decimal, Decimal, Decimal | None]]:
    """Per blue line: amount, tax and quantity not yet cancelled by red lines."""
    result: dict[int, tuple[Decimal, Decimal, Decimal | None]] = {}
    for line in InvoiceLine.select().where(InvoiceLine.invoice == blue_id):
        amount, tax = line.amount_fen, line.tax_fen
        quantity = decimal_or_none(line.quantity)
        for red in InvoiceLine.select().where(InvoiceLine.red_of_line == line.id):
            amount += red.amount_fen
            tax += red.tax_fen
            if quantity is not None:
                red_qty = decimal_or_none(red.quantity)
                quantity = quantity + red_qty if red_qty is not None else None
        result[line.line_no] = (from_fen(amount), from_fen(tax), quantity)
    return result
