"""Invoice requests (手工登记): what a customer needs while the tax platform is down.

A request is written at the counter during an outage and ends in exactly one of two ways: it is
converted into the invoice issued later (``convert_request``), or cancelled with a reason
(``cancel_request``). Requests are never deleted; every step is audited in its own transaction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from invoicedesk.core import clock
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, translate
from invoicedesk.core.identifiers import normalize_buyer_id
from invoicedesk.core.invoice import InvoiceDraft, LineDraft, invoice_totals, validate_invoice
from invoicedesk.core.invoice_rules import check_text
from invoicedesk.core.kinds import KINDS
from invoicedesk.core.kinds import STATUSES as STATUS_TEXT
from invoicedesk.core.money import to_fen
from invoicedesk.core.problems import Problem, ProblemList, problem
from invoicedesk.exchange.slip_pdf import Slip, SlipLine, local_time, write_slip
from invoicedesk.services import invoices
from invoicedesk.services.company import get_company
from invoicedesk.services.dto import InvoiceLineView, InvoiceView
from invoicedesk.services.errors import EditConflict, NotFound, ValidationFailed
from invoicedesk.services.outage import outage_state
from invoicedesk.services.practice import is_practice_ledger
from invoicedesk.services.request_views import RequestView
from invoicedesk.services.request_views import request_image as _snapshot
from invoicedesk.services.request_views import request_view as _view
from invoicedesk.services.session import guarded
from invoicedesk.store import audit, record_sql
from invoicedesk.store.counter_models import InvoiceRequest, RequestLine
from invoicedesk.store.models import InvoiceLine, database

STATUSES = ("open", "issued", "cancelled")
STATUS_LABELS: dict[str, str] = {
    "open": QT_TRANSLATE_NOOP("Request", "待开具"),
    "issued": QT_TRANSLATE_NOOP("Request", "已开具"),
    "cancelled": QT_TRANSLATE_NOOP("Request", "已取消"),
}


def status_label(status: str) -> str:
    """A request's status as staff read it (never the stored code)."""
    source = STATUS_LABELS.get(status)
    return translate("Request", source) if source else status


# Stand-in key so the shared invoice rules can check a request's lines and buyer.
_PLACEHOLDER_NUMBER = "00000000000000000000"
_KEY_FIELDS = ("kind", "code", "number", "issue_date")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_PHONE = re.compile(r"[0-9+()\- ]{5,30}")


# ---------------------------------------------------------------- conversions


def _dec_text(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def request_draft(view: RequestView, *, number: str = "", code: str = "") -> InvoiceDraft:
    """The invoice a request asks for, ready for the official number."""
    return InvoiceDraft(
        kind=view.kind,
        code=code,
        number=number,
        issue_date=clock.today(),
        buyer_name=view.buyer_name,
        buyer_tax_id=view.buyer_tax_id,
        buyer_address_phone=view.buyer_address_phone,
        buyer_bank_account=view.buyer_bank_account,
        buyer_email=view.buyer_email or view.email,
        remarks=view.remarks,
        lines=invoices.line_drafts(view.lines),
    )


# ---------------------------------------------------------------- reading


def get_request(request_id: int) -> RequestView:
    req = InvoiceRequest.get_or_none(InvoiceRequest.id == request_id)
    if req is None:
        raise NotFound(QT_TRANSLATE_NOOP("Service", "找不到编号为 {id} 的开票申请"), id=request_id)
    return _view(req)


def list_requests(status: str | None = "open") -> list[RequestView]:
    """Requests oldest first (the one waiting longest on top); ``None`` lists all."""
    query = InvoiceRequest.select().order_by(InvoiceRequest.created_at, InvoiceRequest.id)
    if status is not None:
        query = query.where(InvoiceRequest.status == status)
    return [_view(req) for req in query]


def count_open() -> int:
    return int(InvoiceRequest.select().where(InvoiceRequest.status == "open").count())


# ---------------------------------------------------------------- writing


def _check_request(draft: InvoiceDraft, phone: str, email: str, today: date) -> list[Problem]:
    """The invoice rules on buyer and lines (the key comes later), plus the delivery contact."""
    found = [
        p
        for p in validate_invoice(replace(draft, number=_PLACEHOLDER_NUMBER, code=""), today)
        if p.is_error and p.field not in _KEY_FIELDS
    ]
    if draft.kind not in KINDS:
        found.append(
            problem("kind", QT_TRANSLATE_NOOP("Problem", "未知的票种“{value}”"), value=draft.kind)
        )
    if not phone and not email:
        found.append(
            problem(
                "phone",
                QT_TRANSLATE_NOOP("Problem", "请留下手机号或邮箱，发票开出后好交付给顾客"),
            )
        )
    if phone and not _PHONE.fullmatch(phone):
        found.append(
            problem(
                "phone",
                QT_TRANSLATE_NOOP("Problem", "联系电话“{value}”不像电话号码"),
                value=phone,
            )
        )
    if email and not _EMAIL.fullmatch(email):
        found.append(
            problem(
                "email",
                QT_TRANSLATE_NOOP("Problem", "邮箱“{value}”格式不对"),
                value=email,
            )
        )
    return found


def checked_request(
    buyer_name: str,
    lines: Sequence[LineDraft],
    *,
    kind: str = "82",
    buyer_tax_id: str = "",
    buyer_address_phone: str = "",
    buyer_bank_account: str = "",
    buyer_email: str = "",
    phone: str = "",
    email: str = "",
    promised_at: str = "",
    remarks: str = "",
    today: date | None = None,
) -> InvoiceDraft:
    """A request's input as it will be stored, checked without the database (the outbox checks
    a request this way before keeping it). Raises ValidationFailed naming each field."""
    phone, email = phone.strip(), email.strip()
    draft = InvoiceDraft(
        kind=kind,
        code="",
        number="",
        issue_date=today or clock.today(),
        buyer_name=buyer_name.strip(),
        buyer_tax_id=normalize_buyer_id(buyer_tax_id),
        buyer_address_phone=buyer_address_phone.strip(),
        buyer_bank_account=buyer_bank_account.strip(),
        buyer_email=buyer_email.strip(),
        remarks=remarks.strip(),
        lines=list(lines),
    )
    found = _check_request(draft, phone, email, today or clock.today())
    characters = ProblemList()  # NUL, ESC, a direction override...: refused as in invoices
    check_text("email", email, characters)
    check_text("promised_at", promised_at, characters)
    found += characters.items
    if found:
        raise ValidationFailed(found)
    return draft


@guarded("request.handle")
def create_request(
    buyer_name: str,
    lines: Sequence[LineDraft],
    actor: str,
    incident_id: int | None = None,
    drill: bool = False,
    *,
    kind: str = "82",
    buyer_tax_id: str = "",
    buyer_address_phone: str = "",
    buyer_bank_account: str = "",
    buyer_email: str = "",
    phone: str = "",
    email: str = "",
    promised_at: str = "",
    remarks: str = "",
    today: date | None = None,
    client_key: str | None = None,
) -> RequestView:
    """Write down a customer's invoice request. Raises ValidationFailed naming each field.

    Without an ``incident_id`` the request belongs to the current outage (and is a drill if
    the outage is one). ``client_key`` makes it idempotent, as for invoices: a request already
    written with the key is returned as it is (the outbox's replay).
    """
    draft = checked_request(
        buyer_name,
        lines,
        kind=kind,
        buyer_tax_id=buyer_tax_id,
        buyer_address_phone=buyer_address_phone,
        buyer_bank_account=buyer_bank_account,
        buyer_email=buyer_email,
        phone=phone,
        email=email,
        promised_at=promised_at,
        remarks=remarks,
        today=today,
    )
    phone, email = phone.strip(), email.strip()
    if client_key is not None:
        existing = InvoiceRequest.get_or_none(InvoiceRequest.client_key == client_key)
        if existing is not None:
            return _view(existing)
    totals = invoice_totals(draft.lines)
    with database.atomic():
        if incident_id is None:
            state = outage_state()
            if state.active:
                incident_id, drill = state.incident_id, drill or state.drill
        req = InvoiceRequest.create(
            created_at=clock.stamp(),
            created_by=actor,
            kind=draft.kind,
            buyer_name=draft.buyer_name,
            buyer_tax_id=draft.buyer_tax_id,
            buyer_address_phone=draft.buyer_address_phone,
            buyer_bank_account=draft.buyer_bank_account,
            buyer_email=draft.buyer_email,
            phone=phone,
            email=email,
            promised_at=promised_at.strip(),
            remarks=draft.remarks,
            total_fen=to_fen(totals.total),
            incident_id=incident_id,
            drill=drill,
            client_key=client_key,
        )
        for index, line in enumerate(draft.lines, start=1):
            RequestLine.create(
                request=req,
                line_no=index,
                name=line.name,
                spec=line.spec,
                unit=line.unit,
                quantity=_dec_text(line.quantity),
                unit_price=_dec_text(line.unit_price),
                amount_fen=to_fen(line.amount),
                tax_rate=line.tax_rate.code,
                tax_fen=to_fen(line.effective_tax),
                is_discount=line.is_discount,
            )
        invoices.remember_buyer(draft, clock.stamp())
        view = _view(req)
        audit.append(actor, "request.create", "request", req.id, None, _snapshot(view))
    return view


_CLOSED_AS = {
    "issued": QT_TRANSLATE_NOOP("Service", "已开票"),
    "cancelled": QT_TRANSLATE_NOOP("Service", "已取消"),
}


def _close(request_id: int, status: str, actor: str, **fields: Any) -> RequestView:
    """Move an open request to ``status``; the conditional update makes a second close fail."""
    now = clock.stamp()
    changed = (
        InvoiceRequest.update(status=status, closed_at=now, closed_by=actor, **fields)
        .where((InvoiceRequest.id == request_id) & (InvoiceRequest.status == "open"))
        .execute()
    )
    if not changed:
        current = get_request(request_id)  # NotFound when there is no such request
        raise EditConflict(
            QT_TRANSLATE_NOOP(
                "Service", "开票申请 {id} 已被 {who} 于 {time} 处理（{status}），不能再次处理"
            ),
            current,
            id=request_id,
            who=current.closed_by,
            time=invoices.moment_text(current.closed_at),
            status=translate("Service", _CLOSED_AS.get(current.status, current.status)),
        )
    return get_request(request_id)


@guarded("request.handle")
def convert_request(
    request_id: int,
    number: str,
    code: str,
    issue_date: date,
    actor: str,
    *,
    draft: InvoiceDraft | None = None,
    today: date | None = None,
    client_key: str | None = None,
) -> InvoiceView:
    """Record the invoice issued for a request and close the request, in one transaction.

    ``draft`` is the invoice as checked at the counter (the request's content by default);
    number, code and date always come from the arguments. ``client_key`` makes it idempotent:
    an invoice already recorded with the key (both were written together) is returned as it is.
    """
    with database.atomic():
        if client_key is not None:
            existing = record_sql.invoice_with_key(client_key)
            if existing is not None:
                return invoices.get_invoice(existing)
        before = get_request(request_id)
        base = draft if draft is not None else request_draft(before)
        chosen = replace(base, number=number, code=code, issue_date=issue_date)
        if before.status != "open":
            _close(request_id, "issued", actor)  # raises NotAllowed with the status
        view = invoices.record_invoice(chosen, actor, today=today, client_key=client_key)
        after = _close(request_id, "issued", actor, invoice=view.id)
        audit.append(
            actor,
            "request.issue",
            "request",
            request_id,
            {"status": before.status},
            {
                "status": after.status,
                "invoice_id": view.id,
                "number": view.number,
                "image": _snapshot(get_request(request_id)),
            },
        )
    return view


@guarded("request.handle")
def cancel_request(request_id: int, reason: str, actor: str) -> RequestView:
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(
            [problem("reason", QT_TRANSLATE_NOOP("Problem", "取消开票申请请填写原因"))]
        )
    with database.atomic():
        before = get_request(request_id)
        after = _close(request_id, "cancelled", actor, cancel_reason=reason)
        audit.append(
            actor,
            "request.cancel",
            "request",
            request_id,
            {"status": before.status},
            {"status": after.status, "reason": reason, "image": _snapshot(after)},
        )
    return after


# ---------------------------------------------------------------- handover slips


def _slip_lines(lines: Sequence[InvoiceLineView]) -> list[SlipLine]:
    return [SlipLine(line.name, line.amount + line.tax) for line in lines]


def _label(source: str) -> str:
    return translate("Slip", source)


def write_request_slip(request_id: int, path: Path) -> Path:
    """The customer's copy of a request: what they asked for and how the invoice will come."""
    view = get_request(request_id)
    fields = [
        (_label(QT_TRANSLATE_NOOP("Slip", "申请编号")), str(view.id)),
        (_label(QT_TRANSLATE_NOOP("Slip", "登记时间")), local_time(view.created_at)),
        (_label(QT_TRANSLATE_NOOP("Slip", "购买方")), view.buyer_name),
        (_label(QT_TRANSLATE_NOOP("Slip", "识别号")), view.buyer_tax_id),
        (_label(QT_TRANSLATE_NOOP("Slip", "联系电话")), view.phone),
        (_label(QT_TRANSLATE_NOOP("Slip", "邮箱")), view.email),
        (_label(QT_TRANSLATE_NOOP("Slip", "承诺开具时间")), view.promised_at),
        (_label(QT_TRANSLATE_NOOP("Slip", "经办人")), view.created_by),
    ]
    footer = [
        _label(
            QT_TRANSLATE_NOOP(
                "Slip", "开票系统暂时无法使用，本店已登记您的开票申请，开具后将按上述方式交付。"
            )
        )
    ]
    slip = Slip(
        title=_label(QT_TRANSLATE_NOOP("Slip", "开票申请回执")),
        shop=get_company().name,
        fields=fields,
        lines=_slip_lines(view.lines),
        total=view.total,
        footer=footer,
        practice=is_practice_ledger(),
    )
    return write_slip(slip, path)


def write_invoice_slip(invoice_id: int, path: Path) -> Path:
    """The ledger record of an invoice, for a customer who needs it in writing."""
    view = invoices.get_invoice(invoice_id)
    fields = [
        (_label(QT_TRANSLATE_NOOP("Slip", "发票代码")), view.code),
        (_label(QT_TRANSLATE_NOOP("Slip", "发票号码")), view.number),
        (_label(QT_TRANSLATE_NOOP("Slip", "开票日期")), view.issue_date.isoformat()),
        (_label(QT_TRANSLATE_NOOP("Slip", "购买方")), view.buyer_name),
        (_label(QT_TRANSLATE_NOOP("Slip", "识别号")), view.buyer_tax_id),
        (_label(QT_TRANSLATE_NOOP("Slip", "状态")), translate("Status", STATUS_TEXT[view.status])),
    ]
    footer = [
        _label(
            QT_TRANSLATE_NOOP(
                "Slip", "以上为本店台账记录。正式发票以电子发票服务平台为准，可凭号码下载或查验。"
            )
        )
    ]
    slip = Slip(
        title=_label(QT_TRANSLATE_NOOP("Slip", "发票登记凭条")),
        shop=get_company().name,
        fields=fields,
        lines=_slip_lines(view.lines),
        total=view.total,
        footer=footer,
        practice=is_practice_ledger(),
    )
    return write_slip(slip, path)


@dataclass(frozen=True)
class ItemRates:
    """The rate each recent item name was last sold at, and the shop's usual rate."""

    by_name: dict[str, str]  # item name -> TaxRate.code of its newest line
    usual: str | None  # the commonest rate of the recent lines; None on an empty ledger


def recent_item_rates(limit: int = 200) -> ItemRates:
    """Read from the ledger, so that it holds across restarts and on every counter computer.

    The newest line wins per name (invoices are newer than their requests only by id, so both
    tables are read and the newer id kept per table, invoices last: what was issued counts).
    """
    by_name: dict[str, str] = {}
    counts: dict[str, int] = {}
    for model in (RequestLine, InvoiceLine):
        rows = model.select(model.name, model.tax_rate).order_by(model.id.desc()).limit(limit * 5)
        seen: dict[str, str] = {}
        for row in rows:
            counts[row.tax_rate] = counts.get(row.tax_rate, 0) + 1
            if row.name and row.name not in seen:
                seen[row.name] = row.tax_rate
        by_name.update(seen)
    usual = max(counts, key=lambda code: counts[code]) if counts else None
    return ItemRates(by_name, usual)


def recent_item_names(limit: int = 200) -> list[str]:
    """Item names used lately (requests and invoices), newest first: the name cell's picker."""
    names: list[str] = []
    for model in (RequestLine, InvoiceLine):
        rows = model.select(model.name).order_by(model.id.desc()).limit(limit * 5)
        for row in rows:
            if row.name and row.name not in names:
                names.append(row.name)
    return names[:limit]
