"""Use cases on invoices: record, list and search (the counter's hot path stays here, together).

Correcting, voiding and red-flushing are in invoice_changes. Every write runs in one transaction
together with its audit entry; a refused write changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from peewee import IntegrityError

from invoicedesk.core import clock
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.core.identifiers import IdentifierError, normalize_buyer_id, normalize_invoice_key
from invoicedesk.core.invoice import InvoiceDraft, LineDraft, invoice_totals, validate_invoice
from invoicedesk.core.limits import strip_invisible
from invoicedesk.core.money import from_fen, to_fen
from invoicedesk.core.problems import Problem
from invoicedesk.core.rates import parse_rate
from invoicedesk.core.words import amount_in_words
from invoicedesk.services import period_locks as periods
from invoicedesk.services.company import get_company
from invoicedesk.services.dto import (
    AuditRecord,
    BuyerView,
    InvoiceLineView,
    InvoiceRow,
    InvoiceView,
    LedgerTotals,
    Page,
)
from invoicedesk.services.errors import DuplicateInvoice, NotFound, ValidationFailed
from invoicedesk.services.session import guarded
from invoicedesk.store import audit, invoice_queries, record_sql
from invoicedesk.store.invoice_queries import InvoiceFilter
from invoicedesk.store.models import AuditEntry, Buyer, Invoice, InvoiceLine, database

# ---------------------------------------------------------------- conversions


def _dec_text(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def decimal_or_none(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _line_view(line: InvoiceLine) -> InvoiceLineView:
    return InvoiceLineView(
        line_no=line.line_no,
        name=line.name,
        spec=line.spec,
        unit=line.unit,
        quantity=decimal_or_none(line.quantity),
        unit_price=decimal_or_none(line.unit_price),
        amount=from_fen(line.amount_fen),
        tax_rate=line.tax_rate,
        tax=from_fen(line.tax_fen),
        tax_code=line.tax_code,
        is_discount=bool(line.is_discount),
        red_of_line=line.red_of_line_id,
    )


def _row(inv: Invoice) -> InvoiceRow:
    return InvoiceRow(
        id=inv.id,
        kind=inv.kind,
        code=inv.code,
        number=inv.number,
        issue_date=_as_date(inv.issue_date),
        buyer_name=inv.buyer_name,
        buyer_tax_id=inv.buyer_tax_id,
        amount=from_fen(inv.amount_fen),
        tax=from_fen(inv.tax_fen),
        total=from_fen(inv.total_fen),
        status=inv.status,
        is_red=bool(inv.is_red),
        issuer=inv.issuer,
        blue_invoice_id=inv.blue_invoice_id,
    )


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _view(
    inv: Invoice,
    lines: tuple[InvoiceLineView, ...] | None = None,
    reds: tuple[int, ...] | None = None,
) -> InvoiceView:
    if lines is None:
        lines = tuple(
            _line_view(line)
            for line in InvoiceLine.select()
            .where(InvoiceLine.invoice == inv.id)
            .order_by(InvoiceLine.line_no)
        )
    if reds is None:
        reds = tuple(
            r.id
            for r in Invoice.select(Invoice.id)
            .where(Invoice.blue_invoice == inv.id)
            .order_by(Invoice.id)
        )
    total = from_fen(inv.total_fen)
    return InvoiceView(
        id=inv.id,
        kind=inv.kind,
        code=inv.code,
        number=inv.number,
        issue_date=_as_date(inv.issue_date),
        buyer_name=inv.buyer_name,
        buyer_tax_id=inv.buyer_tax_id,
        buyer_address_phone=inv.buyer_address_phone,
        buyer_bank_account=inv.buyer_bank_account,
        buyer_email=inv.buyer_email,
        seller_name=inv.seller_name,
        seller_tax_id=inv.seller_tax_id,
        issuer=inv.issuer,
        reviewer=inv.reviewer,
        payee=inv.payee,
        remarks=inv.remarks,
        status=inv.status,
        is_red=bool(inv.is_red),
        blue_invoice_id=inv.blue_invoice_id,
        red_reason=inv.red_reason,
        void_reason=inv.void_reason,
        amount=from_fen(inv.amount_fen),
        tax=from_fen(inv.tax_fen),
        total=total,
        amount_in_words=amount_in_words(total),
        created_at=inv.created_at,
        created_by=inv.created_by,
        lines=lines,
        red_invoice_ids=reds,
        updated_at=inv.updated_at,
    )


def draft_of(view: InvoiceView) -> InvoiceDraft:
    """The editable form of a stored invoice."""
    return InvoiceDraft(
        kind=view.kind,
        code=view.code,
        number=view.number,
        issue_date=view.issue_date,
        buyer_name=view.buyer_name,
        buyer_tax_id=view.buyer_tax_id,
        buyer_address_phone=view.buyer_address_phone,
        buyer_bank_account=view.buyer_bank_account,
        buyer_email=view.buyer_email,
        issuer=view.issuer,
        reviewer=view.reviewer,
        payee=view.payee,
        remarks=view.remarks,
        status=view.status,
        is_red=view.is_red,
        lines=line_drafts(view.lines),
    )


def line_drafts(lines: Iterable[InvoiceLineView]) -> list[LineDraft]:
    """Stored lines (of an invoice or a request) as editable drafts."""
    return [
        LineDraft(
            name=line.name,
            amount=line.amount,
            tax_rate=parse_rate(line.tax_rate),
            tax=line.tax,
            spec=line.spec,
            unit=line.unit,
            quantity=line.quantity,
            unit_price=line.unit_price,
            tax_code=line.tax_code,
            is_discount=line.is_discount,
        )
        for line in lines
    ]


def snapshot(view: InvoiceView) -> dict[str, Any]:
    """What the audit log keeps of an invoice: every field, money as exact text."""
    return {
        "kind": view.kind,
        "code": view.code,
        "number": view.number,
        "issue_date": view.issue_date.isoformat(),
        "buyer_name": view.buyer_name,
        "buyer_tax_id": view.buyer_tax_id,
        "status": view.status,
        "is_red": view.is_red,
        "blue_invoice_id": view.blue_invoice_id,
        "amount": str(view.amount),
        "tax": str(view.tax),
        "total": str(view.total),
        "issuer": view.issuer,
        "remarks": view.remarks,
        "lines": [
            {
                "name": line.name,
                "quantity": _dec_text(line.quantity),
                "unit_price": _dec_text(line.unit_price),
                "amount": str(line.amount),
                "tax_rate": line.tax_rate,
                "tax": str(line.tax),
            }
            for line in view.lines
        ],
    }


# ---------------------------------------------------------------- recording


def normalized(draft: InvoiceDraft) -> InvoiceDraft:
    """Identifiers as stored: full-width digits, spaces and spreadsheet damage undone."""
    try:
        code, number = normalize_invoice_key(draft.kind, draft.code, draft.number)
    except IdentifierError as exc:
        raise ValidationFailed([Problem(exc.field or "number", exc.message)]) from exc
    texts: dict[str, Any] = {key: _clean(getattr(draft, key)) for key in _CLEANED_TEXTS}
    lines = [
        replace(line, name=_clean(line.name), spec=_clean(line.spec), unit=_clean(line.unit))
        for line in draft.lines
    ]
    return replace(
        draft,
        code=code,
        number=number,
        buyer_tax_id=normalize_buyer_id(draft.buyer_tax_id),
        lines=lines,
        **texts,
    )


# Text stored without zero-width characters or spaces at either end (what validation measures).
_CLEANED_TEXTS = (
    "buyer_name",
    "buyer_address_phone",
    "buyer_bank_account",
    "buyer_email",
    "issuer",
    "reviewer",
    "payee",
    "remarks",
)


def _clean(text: str) -> str:
    return strip_invisible(text).strip()


def check_draft(draft: InvoiceDraft, today: date) -> None:
    problems = validate_invoice(draft, today)
    if any(p.is_error for p in problems):
        raise ValidationFailed(problems)


def duplicate_of(code: str, number: str) -> DuplicateInvoice | None:
    existing = Invoice.get_or_none((Invoice.code == code) & (Invoice.number == number))
    if existing is None:
        return None
    return DuplicateInvoice(
        QT_TRANSLATE_NOOP("Service", "发票 {key} 已在台账中（{date}，{buyer}），不能重复登记"),
        existing_id=existing.id,
        key=f"{code}-{number}" if code else number,
        date=_as_date(existing.issue_date).isoformat(),
        buyer=existing.buyer_name,
    )


def remember_buyer(draft: InvoiceDraft, when: str) -> None:
    """Keep the buyer for autocomplete; blank fields never erase what was remembered.

    One upsert: two counters recording the same new buyer at once both succeed (a read, then an
    insert, made the second one fail on PostgreSQL) and every use is counted."""
    record_sql.upsert_buyer(
        draft.buyer_name,
        (
            draft.buyer_tax_id,
            draft.buyer_address_phone,
            draft.buyer_bank_account,
            draft.buyer_email,
        ),
        when,
    )


def insert_invoice(
    draft: InvoiceDraft,
    actor: str,
    *,
    blue_id: int | None = None,
    red_reason: str = "",
    red_of: Sequence[int | None] = (),
    client_key: str | None = None,
) -> InvoiceView:
    """Write one validated invoice and its lines; the caller holds the transaction.

    The counter's hot path: precompiled statements (store/record_sql.py), the number's
    uniqueness left to the insert itself, and the view built from what was written rather than
    read back (tests check it equals ``get_invoice``)."""
    company = get_company()
    totals = invoice_totals(draft.lines)
    now = clock.stamp()
    amount_fen, tax_fen, total_fen = to_fen(totals.amount), to_fen(totals.tax), to_fen(totals.total)
    invoice_id = record_sql.insert_invoice(
        (
            draft.kind,
            draft.code,
            draft.number,
            draft.issue_date.isoformat(),
            draft.buyer_name,
            draft.buyer_tax_id,
            draft.buyer_address_phone,
            draft.buyer_bank_account,
            draft.buyer_email,
            company.name,
            company.tax_id,
            draft.issuer,
            draft.reviewer,
            draft.payee,
            draft.remarks,
            draft.status,
            bool(draft.is_red),
            blue_id,
            red_reason,
            "",
            amount_fen,
            tax_fen,
            total_fen,
            now,
            actor,
            now,
            client_key,
        )
    )
    if invoice_id is None:  # the number is in the ledger (perhaps recorded just now elsewhere)
        duplicate = duplicate_of(draft.code, draft.number)
        if duplicate:
            raise duplicate
        raise IntegrityError(f"invoice {draft.code}-{draft.number} conflicts")
    lines: list[InvoiceLineView] = []
    rows: list[tuple[Any, ...]] = []
    for index, line in enumerate(draft.lines):
        red_of_line = red_of[index] if index < len(red_of) else None
        quantity, unit_price = _dec_text(line.quantity), _dec_text(line.unit_price)
        line_amount, line_tax_fen = to_fen(line.amount), to_fen(line.effective_tax)
        rows.append(
            (
                invoice_id,
                index + 1,
                line.name,
                line.spec,
                line.unit,
                quantity,
                unit_price,
                line_amount,
                line.tax_rate.code,
                line_tax_fen,
                line.tax_code,
                bool(line.is_discount),
                red_of_line,
            )
        )
        lines.append(
            InvoiceLineView(
                line_no=index + 1,
                name=line.name,
                spec=line.spec,
                unit=line.unit,
                quantity=decimal_or_none(quantity),
                unit_price=decimal_or_none(unit_price),
                amount=from_fen(line_amount),
                tax_rate=line.tax_rate.code,
                tax=from_fen(line_tax_fen),
                tax_code=line.tax_code,
                is_discount=bool(line.is_discount),
                red_of_line=red_of_line,
            )
        )
    record_sql.insert_lines(rows)
    remember_buyer(draft, now)
    total = from_fen(total_fen)
    view = InvoiceView(
        id=invoice_id,
        kind=draft.kind,
        code=draft.code,
        number=draft.number,
        issue_date=draft.issue_date,
        buyer_name=draft.buyer_name,
        buyer_tax_id=draft.buyer_tax_id,
        buyer_address_phone=draft.buyer_address_phone,
        buyer_bank_account=draft.buyer_bank_account,
        buyer_email=draft.buyer_email,
        seller_name=company.name,
        seller_tax_id=company.tax_id,
        issuer=draft.issuer,
        reviewer=draft.reviewer,
        payee=draft.payee,
        remarks=draft.remarks,
        status=draft.status,
        is_red=bool(draft.is_red),
        blue_invoice_id=blue_id,
        red_reason=red_reason,
        void_reason="",
        amount=from_fen(amount_fen),
        tax=from_fen(tax_fen),
        total=total,
        amount_in_words=amount_in_words(total),
        created_at=now,
        created_by=actor,
        lines=tuple(lines),
        red_invoice_ids=(),
        updated_at=now,
    )
    audit.append(actor, "invoice.create", "invoice", invoice_id, None, snapshot(view))
    return view


@guarded("invoice.record")
def record_invoice(
    draft: InvoiceDraft,
    actor: str,
    *,
    today: date | None = None,
    client_key: str | None = None,
) -> InvoiceView:
    """Record one issued invoice. Raises ValidationFailed, DuplicateInvoice or PeriodLocked.

    ``client_key`` makes the save idempotent: an invoice already recorded with the same key is
    returned as it is (a save whose answer was lost, replayed from the outbox)."""
    draft = normalized(draft)
    check_draft(draft, today or clock.today())
    with database.atomic():
        if client_key is not None:
            existing = record_sql.invoice_with_key(client_key)
            if existing is not None:
                return get_invoice(existing)
        periods.ensure_unlocked(draft.issue_date)
        return insert_invoice(draft, actor, client_key=client_key)


# ---------------------------------------------------------------- reading


def get_invoice(invoice_id: int) -> InvoiceView:
    inv = Invoice.get_or_none(Invoice.id == invoice_id)
    if inv is None:
        raise NotFound(QT_TRANSLATE_NOOP("Service", "找不到编号为 {id} 的发票"), id=invoice_id)
    return _view(inv)


def find_invoice(code: str, number: str) -> InvoiceView | None:
    code, number = normalize_invoice_key(None, code, number)
    inv = Invoice.get_or_none((Invoice.code == code) & (Invoice.number == number))
    return _view(inv) if inv else None


@guarded("invoice.search")
def list_invoices(
    flt: InvoiceFilter | None = None,
    *,
    sort: str = "issue_date",
    descending: bool = True,
    offset: int = 0,
    limit: int = 100,
) -> Page:
    rows = invoice_queries.page(
        flt or InvoiceFilter(), sort=sort, descending=descending, offset=offset, limit=limit
    )
    return Page(tuple(_row(inv) for inv in rows), offset)


@guarded("invoice.search")
def list_views(flt: InvoiceFilter | None = None, *, limit: int = 100_000) -> list[InvoiceView]:
    """Invoices in full (lines included), oldest first: for exports and the CLI."""
    rows = invoice_queries.page(flt or InvoiceFilter(), descending=False, limit=limit)
    lines: dict[int, list[InvoiceLineView]] = {inv.id: [] for inv in rows}
    reds: dict[int, list[int]] = {inv.id: [] for inv in rows}
    ids = list(lines)
    for start in range(0, len(ids), 500):  # a few queries for all, not two per invoice
        chunk = ids[start : start + 500]
        for line in (
            InvoiceLine.select()
            .where(InvoiceLine.invoice.in_(chunk))
            .order_by(InvoiceLine.invoice, InvoiceLine.line_no)
        ):
            lines[line.invoice_id].append(_line_view(line))
        for red in (
            Invoice.select(Invoice.id, Invoice.blue_invoice)
            .where(Invoice.blue_invoice.in_(chunk))
            .order_by(Invoice.id)
        ):
            reds[int(red.blue_invoice_id or 0)].append(red.id)
    return [_view(inv, tuple(lines[inv.id]), tuple(reds[inv.id])) for inv in rows]


def ledger_totals(flt: InvoiceFilter | None = None) -> LedgerTotals:
    sums = invoice_queries.sums(flt or InvoiceFilter())
    return LedgerTotals(
        count=sums.count,
        amount=from_fen(sums.amount_fen),
        tax=from_fen(sums.tax_fen),
        total=from_fen(sums.total_fen),
        voided=sums.voided,
    )


def invoice_history(invoice_id: int) -> list[AuditRecord]:
    return [
        AuditRecord(e.id, e.ts, e.actor, e.action, e.before, e.after)
        for e in audit.history("invoice", invoice_id)
    ]


def buyers_matching(prefix: str, limit: int = 20) -> list[BuyerView]:
    """Remembered buyers for autocomplete: most used first."""
    query = Buyer.select().order_by(Buyer.use_count.desc(), Buyer.name).limit(limit)
    if prefix.strip():
        query = query.where(Buyer.name.contains(prefix.strip()))
    return [
        BuyerView(b.name, b.tax_id, b.address_phone, b.bank_account, b.email, b.phone, b.use_count)
        for b in query
    ]


def changed_by(entity: str, entity_id: object, at: str) -> tuple[str, str]:
    """Who made the latest audited change to a record, and when (hh:mm, with the date when it
    was not today), for "已被 X 于 hh:mm 修改"."""
    entry = (
        AuditEntry.select(AuditEntry.actor, AuditEntry.ts)
        .where((AuditEntry.entity == entity) & (AuditEntry.entity_id == str(entity_id)))
        .order_by(AuditEntry.id.desc())
        .first()
    )
    return (entry.actor if entry else ""), moment_text(entry.ts if entry else at)


def moment_text(stamp: str) -> str:
    """A stored stamp as the shop reads it: hh:mm today, with the date on another day."""
    if not stamp:
        return ""
    moment = clock.to_local(stamp)
    when = moment.strftime("%H:%M")
    return when if moment.date() == clock.today() else f"{moment.date().isoformat()} {when}"
