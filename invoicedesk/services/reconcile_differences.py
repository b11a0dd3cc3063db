"""A reconciliation's differences: reading them, and resolving each with an action and a note
(adding the missing invoice from the platform row, or copying its values into the ledger).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from invoicedesk.core import clock
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, translate
from invoicedesk.core.invoice import InvoiceDraft, LineDraft
from invoicedesk.core.kinds import STATUSES
from invoicedesk.core.money import AmountError, from_fen, parse_decimal
from invoicedesk.core.problems import problem
from invoicedesk.core.rates import KNOWN_RATES, RateError, parse_rate
from invoicedesk.core.reconcile import FIELD_LABELS, one_copy
from invoicedesk.core.vat import line_tax
from invoicedesk.services import invoice_changes, invoices
from invoicedesk.services.errors import EditConflict, NotAllowed, NotFound, ValidationFailed
from invoicedesk.services.reconcile_import import LINE_FIELDS
from invoicedesk.services.reconcile_matching import copies_in_file
from invoicedesk.services.session import guarded
from invoicedesk.store import audit
from invoicedesk.store.models import Invoice, database
from invoicedesk.store.reconcile_models import (
    PlatformLine,
    PlatformRow,
    ReconcileDifference,
    ReconcileSession,
)
from invoicedesk.store.writers import serialize_writers

ACTIONS: dict[str, str] = {
    "ledger_corrected": QT_TRANSLATE_NOOP("Reconcile", "已更正台账"),
    "added_from_platform": QT_TRANSLATE_NOOP("Reconcile", "已按平台数据补录"),
    "customer_case": QT_TRANSLATE_NOOP("Reconcile", "已建客户工单"),
    "tax_office": QT_TRANSLATE_NOOP("Reconcile", "待与税务机关核实"),
    "accepted": QT_TRANSLATE_NOOP("Reconcile", "接受差异"),
    "postponed": QT_TRANSLATE_NOOP("Reconcile", "暂缓处理"),
}
OPEN_RESOLUTIONS = ("", "postponed")  # a postponed difference still keeps the session open
# Fields a resolution can copy from the platform row into the ledger (amounts need a red-flush).
CORRECTABLE = ("issue_date", "buyer_name", "buyer_tax_id")


@dataclass(frozen=True)
class DifferenceView:
    id: int
    session_id: int
    bucket: str
    code: str
    number: str
    invoice_id: int | None
    platform_row_id: int | None
    fields: tuple[str, ...]
    ledger_status: str
    platform_status: str
    resolution: str
    note: str
    resolved_at: str | None
    resolved_by: str | None
    issue_date: str
    buyer_name: str
    total: Decimal
    ledger_values: dict[str, str] = field(default_factory=dict)
    platform_values: dict[str, str] = field(default_factory=dict)

    @property
    def is_open(self) -> bool:
        return self.resolution in OPEN_RESOLUTIONS


def _money_text(fen: int) -> str:
    return f"{from_fen(fen):.2f}"


def _values(row: Invoice | PlatformRow | None) -> dict[str, str]:
    if row is None:
        return {}
    return {
        "issue_date": str(row.issue_date),
        "buyer_name": row.buyer_name,
        "buyer_tax_id": row.buyer_tax_id,
        "amount": _money_text(row.amount_fen),
        "tax": _money_text(row.tax_fen),
        "total": _money_text(row.total_fen),
        "status": row.status,
    }


def _difference_view(
    diff: ReconcileDifference, ledger: Invoice | None, plat: PlatformRow | None
) -> DifferenceView:
    source = ledger or plat
    return DifferenceView(
        diff.id,
        diff.session_id,
        diff.bucket,
        diff.code,
        diff.number,
        diff.invoice_id,
        diff.platform_row_id,
        tuple(f for f in diff.fields.split(",") if f),
        diff.ledger_status,
        diff.platform_status,
        diff.resolution,
        diff.note,
        diff.resolved_at,
        diff.resolved_by,
        str(source.issue_date) if source else "",
        source.buyer_name if source else "",
        from_fen(source.total_fen) if source else Decimal("0.00"),
        _values(ledger),
        _values(plat),
    )


def list_differences(
    session_id: int, bucket: str | None = None, text: str = "", open_only: bool = False
) -> list[DifferenceView]:
    """A session's differences, filtered by bucket, a number/buyer fragment, and openness."""
    query = ReconcileDifference.select().where(ReconcileDifference.session == session_id)
    if bucket:
        query = query.where(ReconcileDifference.bucket == bucket)
    if open_only:
        query = query.where(ReconcileDifference.resolution.in_(OPEN_RESOLUTIONS))
    diffs = list(query.order_by(ReconcileDifference.id))
    ledger = {
        inv.id: inv
        for inv in Invoice.select().where(
            Invoice.id.in_([d.invoice_id for d in diffs if d.invoice_id])
        )
    }
    plat = {
        row.id: row
        for row in PlatformRow.select().where(
            PlatformRow.id.in_([d.platform_row_id for d in diffs if d.platform_row_id])
        )
    }
    views = [
        _difference_view(d, ledger.get(d.invoice_id or 0), plat.get(d.platform_row_id or 0))
        for d in diffs
    ]
    needle = text.strip().casefold()
    if needle:
        views = [
            v
            for v in views
            if needle in v.number or needle in v.code or needle in v.buyer_name.casefold()
        ]
    return views


def get_difference(difference_id: int) -> DifferenceView:
    diff = ReconcileDifference.get_or_none(ReconcileDifference.id == difference_id)
    if diff is None:
        raise NotFound(QT_TRANSLATE_NOOP("Reconcile", "找不到编号为 {id} 的差异"), id=difference_id)
    ledger = Invoice.get_or_none(Invoice.id == diff.invoice_id) if diff.invoice_id else None
    plat = (
        PlatformRow.get_or_none(PlatformRow.id == diff.platform_row_id)
        if diff.platform_row_id
        else None
    )
    return _difference_view(diff, ledger, plat)


# ---------------------------------------------------------------- resolving


def _refuse(source: str, **params: Any) -> NotAllowed:
    return NotAllowed(source, **params)


def _file_lines(row: PlatformRow) -> list[PlatformLine]:
    """The file's lines of the row's invoice, in the file's order. A file that repeats the
    invoice's row may repeat its lines with it: then one copy, when it (and not all of them)
    adds up to the row's amount."""
    lines = list(
        PlatformLine.select()
        .where(
            (PlatformLine.file == row.file_id)
            & (PlatformLine.code == row.code)
            & (PlatformLine.number == row.number)
        )
        .order_by(PlatformLine.line_no)
    )
    if sum(item.amount_fen for item in lines) == row.amount_fen:
        return lines
    one = one_copy(lines, copies_in_file(row.file_id, [row.id])[row.id], _line_content)
    if one is not None and sum(item.amount_fen for item in one) == row.amount_fen:
        return one
    return lines


def _line_content(item: PlatformLine) -> tuple[Any, ...]:
    return tuple(getattr(item, name) for name in LINE_FIELDS if name not in ("file_id", "line_no"))


def _draft_from_platform(row: PlatformRow) -> InvoiceDraft:
    """The ledger invoice a platform row describes, with the file's lines when it has them."""
    try:
        lines = _platform_lines(row)
    except (AmountError, RateError) as exc:
        raise _refuse(
            QT_TRANSLATE_NOOP("Reconcile", "文件中这张发票的明细无法读取（{reason}），请手工登记"),
            reason=exc.message,
        ) from None
    return _platform_draft(row, lines)


def _platform_lines(row: PlatformRow) -> list[LineDraft]:
    return [
        LineDraft(
            name=item.name,
            amount=from_fen(item.amount_fen),
            tax_rate=parse_rate(item.tax_rate or "0"),
            tax=from_fen(item.tax_fen),
            spec=item.spec,
            unit=item.unit,
            quantity=parse_decimal(item.quantity) if item.quantity else None,
            unit_price=parse_decimal(item.unit_price) if item.unit_price else None,
            tax_code=item.tax_code,
        )
        for item in _file_lines(row)
    ]


def _platform_draft(row: PlatformRow, lines: list[LineDraft]) -> InvoiceDraft:
    if not lines:
        amount, tax = from_fen(row.amount_fen), from_fen(row.tax_fen)
        rate = next(
            (r for r in KNOWN_RATES if r.value and line_tax(amount, r) == tax),
            None,
        )
        if rate is None:
            raise _refuse(
                QT_TRANSLATE_NOOP(
                    "Reconcile",
                    "文件中没有这张发票的明细（信息汇总表），且无法从金额和税额推出税率，请手工登记",
                )
            )
        lines = [LineDraft(name="*未分类*按平台数据补录", amount=amount, tax_rate=rate, tax=tax)]
    kind = row.kind or ("82" if not row.code and len(row.number) == 20 else "")
    if not kind:
        raise _refuse(
            QT_TRANSLATE_NOOP("Reconcile", "无法判断这张发票的票种（“{kind}”），请手工登记"),
            kind=row.kind_text,
        )
    return InvoiceDraft(
        kind=kind,
        code=row.code,
        number=row.number,
        issue_date=date.fromisoformat(row.issue_date),
        buyer_name=row.buyer_name,
        buyer_tax_id=row.buyer_tax_id,
        issuer=row.issuer,
        remarks=row.remarks,
        status=row.status if row.status in STATUSES else "normal",
        is_red=not row.positive,
        lines=lines,
    )


@guarded("reconcile.run")
def resolve(
    difference_id: int,
    action: str,
    note: str,
    actor: str,
    *,
    apply: bool = False,
    today: date | None = None,
    expected: str | None = None,
) -> DifferenceView:
    """Resolve (or postpone) one difference.

    ``expected``: the ``resolved_at`` the person saw ("" when it was open); when someone else
    resolved it meanwhile, EditConflict carries the difference as it is now, nothing is written.

    ``added_from_platform`` records the missing invoice from the platform row; ``ledger_corrected``
    with ``apply`` copies the differing date, buyer name and id from the platform row into the
    ledger (each an audited correction). Other actions only record the decision and the note.
    """
    if action not in ACTIONS:
        raise ValidationFailed(
            [
                problem(
                    "action",
                    QT_TRANSLATE_NOOP("Problem", "未知的处理方式“{action}”"),
                    action=action,
                )
            ]
        )
    note = note.strip()
    automatic = action == "added_from_platform" or (action == "ledger_corrected" and apply)
    if not note and not automatic:
        raise ValidationFailed(
            [
                problem(
                    "note", QT_TRANSLATE_NOOP("Problem", "请填写说明：每个差异的处理都要留下理由")
                )
            ]
        )
    with database.atomic():
        serialize_writers()  # what is read below is what is replaced, on PostgreSQL too
        diff = ReconcileDifference.get_or_none(ReconcileDifference.id == difference_id)
        if diff is None:
            raise NotFound(
                QT_TRANSLATE_NOOP("Reconcile", "找不到编号为 {id} 的差异"), id=difference_id
            )
        if expected is not None and (diff.resolved_at or "") != expected:
            raise EditConflict(
                QT_TRANSLATE_NOOP(
                    "Service", "该差异已被 {who} 于 {time} 修改，请看过最新结果后再处理"
                ),
                get_difference(diff.id),
                who=diff.resolved_by or "",
                time=invoices.moment_text(diff.resolved_at or ""),
            )
        session = ReconcileSession.get_by_id(diff.session_id)
        if session.state != "open":
            raise _refuse(QT_TRANSLATE_NOOP("Reconcile", "该对账已完成，不能再更改处理结果"))
        before = {"resolution": diff.resolution, "note": diff.note}
        if action == "added_from_platform":
            note = _add_from_platform(diff, note, actor, today)
        elif action == "ledger_corrected" and apply:
            note = _apply_platform_values(diff, note, actor, today)
        now = clock.stamp()
        diff.resolution = action
        diff.note = note
        diff.resolved_at = now
        diff.resolved_by = actor
        diff.save()
        audit.append(
            actor,
            "reconcile_difference.resolve",
            "reconcile_difference",
            diff.id,
            before,
            {
                "resolution": action,
                "note": note,
                "bucket": diff.bucket,
                "code": diff.code,
                "number": diff.number,
                "session": diff.session_id,
            },
        )
        return get_difference(diff.id)


def _add_from_platform(diff: ReconcileDifference, note: str, actor: str, today: date | None) -> str:
    if diff.bucket != "missing_in_ledger" or diff.platform_row_id is None:
        raise _refuse(QT_TRANSLATE_NOOP("Reconcile", "只有“台账缺失”的发票可以按平台数据补录"))
    row = PlatformRow.get_by_id(diff.platform_row_id)
    view = invoices.record_invoice(_draft_from_platform(row), actor, today=today)
    diff.invoice_id = view.id
    text = translate(
        "Reconcile", QT_TRANSLATE_NOOP("Reconcile", "已按平台数据补录（台账编号 {id}）")
    ).format(id=view.id)
    return f"{text}；{note}" if note else text


def _apply_platform_values(
    diff: ReconcileDifference, note: str, actor: str, today: date | None
) -> str:
    fields = [f for f in diff.fields.split(",") if f]
    if diff.bucket != "mismatched" or diff.invoice_id is None or diff.platform_row_id is None:
        raise _refuse(QT_TRANSLATE_NOOP("Reconcile", "只有“信息不符”的差异可以按平台数据更正"))
    money = [f for f in fields if f not in CORRECTABLE]
    if money:
        raise _refuse(
            QT_TRANSLATE_NOOP(
                "Reconcile",
                "{fields}不能直接更正：金额不符要通过红冲和重开处理；处理后请选择“已更正台账”并写明说明",
            ),
            fields="、".join(translate("Reconcile", FIELD_LABELS[f]) for f in money),
        )
    row = PlatformRow.get_by_id(diff.platform_row_id)
    reason = note or translate(
        "Reconcile", QT_TRANSLATE_NOOP("Reconcile", "按电子发票服务平台数据更正（对账）")
    )
    for name in fields:
        invoice_changes.correct_invoice(
            diff.invoice_id, name, getattr(row, name), reason, actor, today=today
        )
    return reason
