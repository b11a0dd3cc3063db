"""Corrections from the ledger: reissue (重开) after a red invoice, and the chain it forms.

Correcting a field, voiding and red-flushing live in ``services.invoice_changes``; this module
adds the link the tax platform does not keep — which new blue invoice replaced a red-flushed one —
and reads the whole chain blue → red → replacement (→ red → replacement ...) for any member.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from invoicedesk.core import clock
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.core.invoice import InvoiceDraft
from invoicedesk.core.money import from_fen
from invoicedesk.services import invoice_changes, invoices
from invoicedesk.services.dto import InvoiceView
from invoicedesk.services.errors import NotAllowed
from invoicedesk.services.session import guarded
from invoicedesk.store import audit
from invoicedesk.store.counter_models import InvoiceLink
from invoicedesk.store.models import Invoice, database
from invoicedesk.store.writers import serialize_writers

# Re-exported so the ledger's actions come from one place.
correct_invoice = invoice_changes.correct_invoice
void_invoice = invoice_changes.void_invoice
red_flush = invoice_changes.red_flush


@dataclass(frozen=True)
class ChainLink:
    id: int
    role: str  # "blue" | "red" | "replacement"
    depth: int  # 0 for the first blue invoice, +1 per replacement
    kind: str
    code: str
    number: str
    issue_date: date
    total: Decimal
    status: str
    is_red: bool


def replacement_of(red_id: int) -> int | None:
    link = InvoiceLink.get_or_none(InvoiceLink.red == red_id)
    return link.replacement_id if link else None


def replaced_red(replacement_id: int) -> int | None:
    link = InvoiceLink.get_or_none(InvoiceLink.replacement == replacement_id)
    return link.red_id if link else None


def reissue_draft(red_id: int) -> InvoiceDraft:
    """What a replacement starts from: the cancelled blue invoice's content (key cleared)."""
    red = invoices.get_invoice(red_id)
    if not red.is_red or red.blue_invoice_id is None:
        raise NotAllowed(
            QT_TRANSLATE_NOOP("Service", "只能为红字发票重开新发票：请选中红冲产生的红字发票")
        )
    existing = replacement_of(red_id)
    if existing is not None:
        raise NotAllowed(
            QT_TRANSLATE_NOOP("Service", "这张红字发票已经重开过（发票编号 {id}）"), id=existing
        )
    return replace(
        invoices.draft_of(invoices.get_invoice(red.blue_invoice_id)),
        code="",
        number="",
        status="normal",
        is_red=False,
    )


@guarded("invoice.record")
def reissue(
    red_id: int, draft: InvoiceDraft, actor: str, *, today: date | None = None
) -> InvoiceView:
    """Record the replacement blue invoice for a red one and link them, in one transaction."""
    with database.atomic():
        serialize_writers()  # "not reissued yet" holds until commit, on PostgreSQL too
        red = invoices.get_invoice(red_id)
        if not red.is_red:
            raise NotAllowed(QT_TRANSLATE_NOOP("Service", "只能为红字发票重开新发票"))
        existing = replacement_of(red_id)
        if existing is not None:
            raise NotAllowed(
                QT_TRANSLATE_NOOP("Service", "这张红字发票已经重开过（发票编号 {id}）"),
                id=existing,
            )
        if draft.is_red:
            raise NotAllowed(QT_TRANSLATE_NOOP("Service", "重开的发票应为蓝字发票"))
        view = invoices.record_invoice(draft, actor, today=today)
        InvoiceLink.create(
            red=red_id, replacement=view.id, created_at=clock.stamp(), created_by=actor
        )
        audit.append(
            actor,
            "invoice.reissue",
            "invoice",
            red_id,
            None,
            {
                "red_invoice_id": red_id,
                "replacement_id": view.id,
                "blue_invoice_id": red.blue_invoice_id,
            },
        )
    return view


def _root(invoice_id: int) -> int:
    """The first blue invoice of the chain ``invoice_id`` belongs to."""
    seen: set[int] = set()
    current = invoice_id
    while current not in seen:
        seen.add(current)
        row = Invoice.get_or_none(Invoice.id == current)
        if row is None:
            break
        if row.is_red and row.blue_invoice_id is not None:
            current = row.blue_invoice_id
            continue
        red = replaced_red(current)
        if red is None:
            break
        current = red
    return current


def _link(row: Invoice, role: str, depth: int) -> ChainLink:
    return ChainLink(
        id=row.id,
        role=role,
        depth=depth,
        kind=row.kind,
        code=row.code,
        number=row.number,
        issue_date=row.issue_date
        if isinstance(row.issue_date, date)
        else date.fromisoformat(str(row.issue_date)),
        total=from_fen(row.total_fen),
        status=row.status,
        is_red=bool(row.is_red),
    )


def chain_of(invoice_id: int) -> list[ChainLink]:
    """The whole chain, in order: blue, its reds each followed by its replacement, and so on.

    A lone invoice is a chain of one.
    """
    invoices.get_invoice(invoice_id)  # NotFound for an unknown id
    result: list[ChainLink] = []
    seen: set[int] = set()

    def walk(blue_id: int, role: str, depth: int) -> None:
        if blue_id in seen:
            return
        seen.add(blue_id)
        blue = Invoice.get_by_id(blue_id)
        result.append(_link(blue, role, depth))
        for red in Invoice.select().where(Invoice.blue_invoice == blue_id).order_by(Invoice.id):
            seen.add(red.id)
            result.append(_link(red, "red", depth))
            replacement = replacement_of(red.id)
            if replacement is not None:
                walk(replacement, "replacement", depth + 1)

    walk(_root(invoice_id), "blue", 0)
    return result
