"""Verification on the national site (发票查验): the fields it asks for, and what it answered.

The app cannot query the site (a captcha stands in the way): it prepares the fields for the person
and records the result they saw. An invoice's verification state follows from these records and
from the reconciliation sessions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from invoicedesk.core import clock
from invoicedesk.core.dates import add_years
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.core.identifiers import normalize_text
from invoicedesk.core.kinds import CHECK_CODE_KINDS, DIGITAL_KINDS, SPECIAL_VAT_KINDS
from invoicedesk.core.money import format_plain
from invoicedesk.core.problems import problem
from invoicedesk.services.errors import ValidationFailed
from invoicedesk.services.invoices import get_invoice
from invoicedesk.services.session import guarded
from invoicedesk.store import audit
from invoicedesk.store.invoice_queries import matched_in_finished_session
from invoicedesk.store.models import Invoice, database
from invoicedesk.store.reconcile_models import (
    ReconcileDifference,
    VerificationRecord,
)

SITE = "https://inv-veri.chinatax.gov.cn"
DAILY_LIMIT = 5
YEARS_BACK = 5

RESULTS: dict[str, str] = {
    "success": QT_TRANSLATE_NOOP("Verification", "查验成功"),
    "not_found": QT_TRANSLATE_NOOP("Verification", "查无此票"),
    "inconsistent": QT_TRANSLATE_NOOP("Verification", "信息不一致"),
    "limit": QT_TRANSLATE_NOOP("Verification", "查验次数超限"),
    "same_day": QT_TRANSLATE_NOOP("Verification", "当天票不能查验"),
    "too_old": QT_TRANSLATE_NOOP("Verification", "超过五年"),
    "voided": QT_TRANSLATE_NOOP("Verification", "已作废"),
    "red": QT_TRANSLATE_NOOP("Verification", "已红冲"),
}
# Answers saying the site does not hold the invoice as the ledger does.
PROBLEM_RESULTS = frozenset({"not_found", "inconsistent", "voided", "red"})

# Verification states, for the search filter (store.invoice_queries implements them in SQL).
STATES: dict[str, str] = {
    "unchecked": QT_TRANSLATE_NOOP("Verification", "未核对"),
    "confirmed": QT_TRANSLATE_NOOP("Verification", "已核对一致"),
    "problem": QT_TRANSLATE_NOOP("Verification", "有问题"),
}


@dataclass(frozen=True)
class SiteField:
    label: str  # translated
    value: str


@dataclass(frozen=True)
class VerificationFields:
    invoice_id: int
    fields: tuple[SiteField, ...]
    warnings: tuple[Message, ...]
    checks_today: int
    site: str = SITE

    def as_text(self) -> str:
        """What the copy button puts on the clipboard: one field per line."""
        return "\n".join(f"{f.label}：{f.value}" for f in self.fields)


@dataclass(frozen=True)
class VerificationView:
    id: int
    invoice_id: int
    result: str
    check_code: str
    note: str
    checked_at: str
    checked_by: str


def _label(text: str) -> str:
    return str(Message("Verification", text))


def _checks_on(invoice_id: int, day: date) -> int:
    return (
        VerificationRecord.select()
        .where(
            (VerificationRecord.invoice == invoice_id)
            & (VerificationRecord.checked_on == day.isoformat())
        )
        .count()
    )


def _last_check_code(invoice_id: int) -> str:
    row = (
        VerificationRecord.select(VerificationRecord.check_code)
        .where((VerificationRecord.invoice == invoice_id) & (VerificationRecord.check_code != ""))
        .order_by(VerificationRecord.id.desc())
        .first()
    )
    return row.check_code if row else ""


def verification_fields(invoice_id: int, *, today: date | None = None) -> VerificationFields:
    """The exact fields the site asks for this kind, and why checking now may not work."""
    today = today or clock.today()
    inv = get_invoice(invoice_id)
    day = inv.issue_date.isoformat()
    fields: list[SiteField] = []
    if inv.kind in DIGITAL_KINDS and not inv.code:
        fields += [
            SiteField(_label(QT_TRANSLATE_NOOP("Verification", "发票号码")), inv.number),
            SiteField(_label(QT_TRANSLATE_NOOP("Verification", "开票日期")), day),
            SiteField(
                _label(QT_TRANSLATE_NOOP("Verification", "价税合计")), format_plain(inv.total)
            ),
        ]
    else:
        fields += [
            SiteField(_label(QT_TRANSLATE_NOOP("Verification", "发票代码")), inv.code),
            SiteField(_label(QT_TRANSLATE_NOOP("Verification", "发票号码")), inv.number),
            SiteField(_label(QT_TRANSLATE_NOOP("Verification", "开票日期")), day),
        ]
        if inv.kind in SPECIAL_VAT_KINDS:
            fields.append(
                SiteField(
                    _label(QT_TRANSLATE_NOOP("Verification", "开具金额（不含税）")),
                    format_plain(inv.amount),
                )
            )
        elif inv.kind in CHECK_CODE_KINDS:
            code = _last_check_code(invoice_id) or _label(
                QT_TRANSLATE_NOOP("Verification", "（请看发票上校验码的后6位）")
            )
            fields.append(SiteField(_label(QT_TRANSLATE_NOOP("Verification", "校验码后6位")), code))
        else:
            fields.append(
                SiteField(
                    _label(QT_TRANSLATE_NOOP("Verification", "开具金额（不含税）")),
                    format_plain(inv.amount),
                )
            )
    warnings: list[Message] = []
    checks = _checks_on(invoice_id, today)
    if inv.issue_date >= today:
        warnings.append(
            Message(
                "Verification",
                QT_TRANSLATE_NOOP(
                    "Verification", "这张发票今天才开具，查验网站从明天（{day}）起才能查到"
                ),
                {"day": (inv.issue_date + timedelta(days=1)).isoformat()},
            )
        )
    if checks >= DAILY_LIMIT:
        warnings.append(
            Message(
                "Verification",
                QT_TRANSLATE_NOOP(
                    "Verification",
                    "这张发票今天已查验{count}次，每张发票每天最多查验5次，请明天再查",
                ),
                {"count": checks},
            )
        )
    if inv.issue_date < add_years(today, -YEARS_BACK):
        warnings.append(
            Message(
                "Verification",
                QT_TRANSLATE_NOOP("Verification", "这张发票开具已超过五年，查验网站不再提供查验"),
            )
        )
    return VerificationFields(invoice_id, tuple(fields), tuple(warnings), checks)


def _view(row: VerificationRecord) -> VerificationView:
    return VerificationView(
        row.id, row.invoice_id, row.result, row.check_code, row.note, row.checked_at, row.checked_by
    )


@guarded("verification.record")
def record_verification(
    invoice_id: int,
    result: str,
    actor: str,
    *,
    note: str = "",
    check_code: str = "",
    today: date | None = None,
) -> VerificationView:
    """Record what the site answered. The answer is kept even past the daily limit: it happened."""
    if result not in RESULTS:
        raise ValidationFailed(
            [
                problem(
                    "result",
                    QT_TRANSLATE_NOOP("Problem", "请选择查验结果（收到“{result}”）"),
                    result=result,
                )
            ]
        )
    code = normalize_text(check_code)
    if code and not (code.isdigit() and len(code) in (6, 20)):
        raise ValidationFailed(
            [
                problem(
                    "check_code",
                    QT_TRANSLATE_NOOP("Problem", "校验码应填后6位数字（或完整的20位）"),
                )
            ]
        )
    code = code[-6:]
    today = today or clock.today()
    with database.atomic():
        get_invoice(invoice_id)  # NotFound for a wrong id
        row = VerificationRecord.create(
            invoice=invoice_id,
            result=result,
            check_code=code,
            note=note.strip(),
            checked_at=clock.stamp(),
            checked_on=today.isoformat(),
            checked_by=actor,
        )
        audit.append(
            actor,
            "verification.record",
            "invoice",
            invoice_id,
            None,
            {"result": result, "check_code": code, "note": row.note},
        )
    return _view(row)


def verification_history(invoice_id: int) -> list[VerificationView]:
    query = (
        VerificationRecord.select()
        .where(VerificationRecord.invoice == invoice_id)
        .order_by(VerificationRecord.id.desc())
    )
    return [_view(r) for r in query]


def verification_state(invoice_id: int) -> str:
    """problem: an open reconciliation difference or the site's last answer was a problem;
    confirmed: matched in a finished session or the site's last answer was 查验成功;
    unchecked otherwise. Matches the SQL in store.invoice_queries.
    """
    open_diff = (
        ReconcileDifference.select()
        .where(
            (ReconcileDifference.invoice == invoice_id)
            & (ReconcileDifference.resolution.in_(("", "postponed")))
        )
        .exists()
    )
    last = (
        VerificationRecord.select(VerificationRecord.result)
        .where(VerificationRecord.invoice == invoice_id)
        .order_by(VerificationRecord.id.desc())
        .first()
    )
    if open_diff or (last is not None and last.result in PROBLEM_RESULTS):
        return "problem"
    matched = (
        Invoice.select(Invoice.id)
        .where((Invoice.id == invoice_id) & matched_in_finished_session())
        .exists()
    )
    if matched or (last is not None and last.result == "success"):
        return "confirmed"
    return "unchecked"
