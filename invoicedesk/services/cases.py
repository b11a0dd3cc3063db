"""Customer cases (客户工单): from "my invoice is not in the system" to an archived record.

A case is opened with the customer's contact, their complaint in their words, the channel and
the promised time, and linked to the invoices, requests, reconciliation differences and incident
it concerns. The guided handling (core.case_flow) moves it step by step; every write here is
audited in the same transaction and returns the case as plain data. What is done for the
customer (issuing, red-flushing, delivering) lives in services.case_handling.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from invoicedesk.core import case_flow as cf
from invoicedesk.core import clock
from invoicedesk.core.clock import SHOP_TZ, to_local
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message, translate
from invoicedesk.core.identifiers import IdentifierError, normalize_invoice_key
from invoicedesk.core.invoice_rules import check_text
from invoicedesk.core.problems import Problem, ProblemList, problem
from invoicedesk.services.errors import NotAllowed, NotFound, ValidationFailed
from invoicedesk.services.session import guarded
from invoicedesk.store import audit, case_queries
from invoicedesk.store.case_models import (
    CaseDelivery,
    CaseEvent,
    CaseLink,
    CustomerCase,
)
from invoicedesk.store.case_queries import CaseFilter
from invoicedesk.store.counter_models import InvoiceRequest
from invoicedesk.store.models import Invoice, database

CONTEXT = "Case"
MAX_NAME = 200
MAX_TEXT = 4000
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_PHONE = re.compile(r"[0-9+()\- ]{5,30}")
# Delivery attempts that reached the customer (a failed e-mail did not).
REACHED = ("sent", "copied", "handed", "told")
DELIVERY_CHANNELS: dict[str, str] = {
    "email": QT_TRANSLATE_NOOP("Case", "邮件"),
    "wechat": QT_TRANSLATE_NOOP("Case", "微信"),
    "print": QT_TRANSLATE_NOOP("Case", "打印凭条"),
    "phone": QT_TRANSLATE_NOOP("Case", "电话告知"),
    "counter": QT_TRANSLATE_NOOP("Case", "当面交付"),
}
DELIVERY_STATUSES: dict[str, str] = {
    "sent": QT_TRANSLATE_NOOP("Case", "已发送"),
    "failed": QT_TRANSLATE_NOOP("Case", "发送失败"),
    "copied": QT_TRANSLATE_NOOP("Case", "已复制给客户"),
    "handed": QT_TRANSLATE_NOOP("Case", "已交给客户"),
    "told": QT_TRANSLATE_NOOP("Case", "已告知客户"),
}
CASE_FIELDS = (
    "customer",
    "phone",
    "email",
    "other_contact",
    "complaint",
    "channel",
    "promised_at",
    "invoices",
)


def say(source: str, **params: Any) -> str:
    return str(Message(CONTEXT, source, params))


# ---------------------------------------------------------------- plain data out


@dataclass(frozen=True)
class LinkedInvoiceView:
    link_id: int
    invoice_id: int
    role: str
    code: str
    number: str
    status: str
    is_red: bool
    buyer_name: str
    total_fen: int
    issue_date: str


@dataclass(frozen=True)
class LinkView:
    """A linked request, reconciliation difference or incident."""

    link_id: int
    kind: str
    ref_id: int
    label: str


@dataclass(frozen=True)
class EventView:
    id: int
    ts: str
    actor: str
    kind: str
    step: str
    text: str


@dataclass(frozen=True)
class DeliveryView:
    id: int
    ts: str
    actor: str
    channel: str
    recipient: str
    subject: str
    body: str
    files: tuple[dict[str, Any], ...]
    status: str
    error: str
    retry_of: int | None

    @property
    def reached(self) -> bool:
        return self.status in REACHED


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list."""

    id: int
    state: str
    overdue: bool
    customer: str
    phone: str
    email: str
    channel: str
    received_at: str
    received_by: str
    promised_at: str
    callback_at: str
    conclusion: str
    handled_by: str
    invoices: tuple[tuple[str, str, str], ...]  # (code, number, role)


@dataclass(frozen=True)
class CasePage:
    rows: tuple[CaseRow, ...]
    total: int  # cases matching the filter
    overdue: int  # overdue cases in the whole register


@dataclass(frozen=True)
class CaseView:
    id: int
    customer: str
    phone: str
    email: str
    other_contact: str
    complaint: str
    channel: str
    received_at: str
    received_by: str
    promised_at: str
    callback_at: str
    state: str
    flow: cf.CaseFlow
    conclusion: str
    cause: str
    outcome: str
    handled_by: str
    delivered_at: str
    closed_at: str
    record_sha256: str
    overdue: bool
    callback_due: bool
    invoices: tuple[LinkedInvoiceView, ...]
    links: tuple[LinkView, ...]
    events: tuple[EventView, ...]
    deliveries: tuple[DeliveryView, ...]

    @property
    def current_step(self) -> str | None:
        return cf.current_step(self.flow)

    @property
    def facts(self) -> cf.CaseFacts:
        return cf.CaseFacts(
            tuple(
                cf.LinkedInvoice(i.invoice_id, i.role, i.status, i.is_red) for i in self.invoices
            ),
            sum(1 for link in self.links if link.kind == "request"),
            sum(1 for d in self.deliveries if d.reached),
            bool(self.phone or self.email or self.other_contact),
        )

    def with_role(self, role: str) -> tuple[LinkedInvoiceView, ...]:
        return tuple(i for i in self.invoices if i.role == role)


@dataclass(frozen=True)
class Watch:
    """What the status bar shows: promises broken and call-backs due."""

    overdue: int
    callbacks_due: int


# ---------------------------------------------------------------- time


def parse_time(value: object, field: str) -> tuple[datetime | None, list[Problem]]:
    """An ISO 8601 time (a time without offset is the shop's local time); "" means none."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, []
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError:
            return None, [
                problem(
                    field,
                    QT_TRANSLATE_NOOP(
                        "Problem", "时间“{value}”格式不对，应为 2026-12-05T18:00:00+08:00"
                    ),
                    value=str(value),
                )
            ]
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=SHOP_TZ)
    return moment, []


def local_iso(stamp: str) -> str | None:
    """A stored stamp as the shop's local ISO time with offset, for files and the CLI."""
    return to_local(stamp).isoformat(timespec="seconds") if stamp else None


def stamp_of(moment: datetime | None) -> str:
    return clock.stamp(moment) if moment is not None else ""


# ---------------------------------------------------------------- reading


def row_of(case_id: int) -> CustomerCase:
    row = CustomerCase.get_or_none(CustomerCase.id == case_id)
    if row is None:
        raise NotFound(QT_TRANSLATE_NOOP("Case", "找不到编号为 {id} 的客户工单"), id=case_id)
    return row


def _invoice_links(case_id: int) -> tuple[LinkedInvoiceView, ...]:
    query = (
        CaseLink.select(
            CaseLink.id,
            Invoice.id,
            CaseLink.role,
            Invoice.code,
            Invoice.number,
            Invoice.status,
            Invoice.is_red,
            Invoice.buyer_name,
            Invoice.total_fen,
            Invoice.issue_date,
        )
        .join(Invoice, on=(CaseLink.ref_id == Invoice.id))
        .where((CaseLink.case == case_id) & (CaseLink.kind == "invoice"))
        .order_by(CaseLink.id)
        .tuples()
    )
    rows: list[tuple[Any, ...]] = list(cast(Any, query))
    return tuple(
        LinkedInvoiceView(
            int(link_id),
            int(invoice_id),
            role,
            code,
            number,
            status,
            bool(is_red),
            buyer,
            int(total),
            str(day),
        )
        for link_id, invoice_id, role, code, number, status, is_red, buyer, total, day in rows
    )


def delivery_view(d: CaseDelivery) -> DeliveryView:
    return DeliveryView(
        d.id,
        d.ts,
        d.actor,
        d.channel,
        d.recipient,
        d.subject,
        d.body,
        tuple(json.loads(d.files or "[]")),
        d.status,
        d.error,
        d.retry_of,
    )


def view_of(row: CustomerCase) -> CaseView:
    now = clock.stamp()
    links = tuple(
        LinkView(link.id, link.kind, link.ref_id, link.label)
        for link in CaseLink.select()
        .where((CaseLink.case == row.id) & (CaseLink.kind != "invoice"))
        .order_by(CaseLink.id)
    )
    events = tuple(
        EventView(e.id, e.ts, e.actor, e.kind, e.step, e.text)
        for e in CaseEvent.select().where(CaseEvent.case == row.id).order_by(CaseEvent.id)
    )
    deliveries = tuple(
        delivery_view(d)
        for d in CaseDelivery.select().where(CaseDelivery.case == row.id).order_by(CaseDelivery.id)
    )
    return CaseView(
        id=row.id,
        customer=row.customer,
        phone=row.phone,
        email=row.email,
        other_contact=row.other_contact,
        complaint=row.complaint,
        channel=row.channel,
        received_at=row.received_at,
        received_by=row.received_by,
        promised_at=row.promised_at,
        callback_at=row.callback_at,
        state=row.state,
        flow=cf.CaseFlow.from_json(json.loads(row.flow or "{}")),
        conclusion=row.conclusion,
        cause=row.cause,
        outcome=row.outcome,
        handled_by=row.handled_by,
        delivered_at=row.delivered_at,
        closed_at=row.closed_at,
        record_sha256=row.record_sha256,
        overdue=row.state in cf.OPEN_STATES and bool(row.promised_at) and row.promised_at < now,
        callback_due=bool(row.callback_at) and row.callback_at <= now,
        invoices=_invoice_links(row.id),
        links=links,
        events=events,
        deliveries=deliveries,
    )


def get_case(case_id: int) -> CaseView:
    return view_of(row_of(case_id))


def list_cases(flt: CaseFilter | None = None, *, offset: int = 0, limit: int = 100) -> CasePage:
    """A page of the list (newest first), how many match, and the register's overdue count."""
    flt = flt or CaseFilter()
    now = clock.stamp()
    rows = case_queries.page(flt, now, offset=offset, limit=limit)
    invoices = case_queries.linked_invoices([r.id for r in rows])
    out = tuple(
        CaseRow(
            id=r.id,
            state=r.state,
            overdue=r.state in cf.OPEN_STATES and bool(r.promised_at) and r.promised_at < now,
            customer=r.customer,
            phone=r.phone,
            email=r.email,
            channel=r.channel,
            received_at=r.received_at,
            received_by=r.received_by,
            promised_at=r.promised_at,
            callback_at=r.callback_at,
            conclusion=r.conclusion,
            handled_by=r.handled_by,
            invoices=tuple((c, n, role) for c, n, role, _id in invoices.get(r.id, [])),
        )
        for r in rows
    )
    total = len(out) if offset == 0 and len(out) < limit else case_queries.count(flt, now)
    return CasePage(out, total, case_queries.overdue_count(now))


def watch() -> Watch:
    now = clock.stamp()
    return Watch(case_queries.overdue_count(now), case_queries.callbacks_due(now))


def people() -> list[str]:
    """Everyone who took or handled a case, for the list's filter."""
    names = {r.received_by for r in CustomerCase.select(CustomerCase.received_by).distinct()}
    names |= {
        r.handled_by
        for r in CustomerCase.select(CustomerCase.handled_by).distinct()
        if r.handled_by
    }
    return sorted(names)


def cases_of_invoice(invoice_id: int) -> list[int]:
    return [
        link.case_id
        for link in CaseLink.select(CaseLink.case)
        .where((CaseLink.kind == "invoice") & (CaseLink.ref_id == invoice_id))
        .distinct()
    ]


# ---------------------------------------------------------------- opening a case


def check_contact(
    customer: str, phone: str, email: str, other: str, complaint: str, channel: str
) -> list[Problem]:
    out: list[Problem] = []
    characters = ProblemList()  # NUL, ESC, a direction override...: refused as in invoices
    for field, value in (
        ("customer", customer),
        ("complaint", complaint),
        ("other_contact", other),
    ):
        check_text(field, value, characters)
    out += characters.items
    if not customer:
        out.append(problem("customer", QT_TRANSLATE_NOOP("Problem", "请填写客户的称呼或单位名称")))
    elif len(customer) > MAX_NAME:
        out.append(problem("customer", QT_TRANSLATE_NOOP("Problem", "客户名称不能超过200个字符")))
    if not complaint:
        out.append(problem("complaint", QT_TRANSLATE_NOOP("Problem", "请用客户的原话写下问题")))
    elif len(complaint) > MAX_TEXT:
        out.append(problem("complaint", QT_TRANSLATE_NOOP("Problem", "问题描述不能超过4000个字符")))
    if channel not in cf.CHANNELS:
        out.append(
            problem(
                "channel",
                QT_TRANSLATE_NOOP(
                    "Problem", "渠道应为 counter、phone、email 或 online，收到“{value}”"
                ),
                value=channel,
            )
        )
    if phone and not _PHONE.fullmatch(phone):
        out.append(
            problem(
                "phone", QT_TRANSLATE_NOOP("Problem", "联系电话“{value}”不像电话号码"), value=phone
            )
        )
    if email and not _EMAIL.fullmatch(email):
        out.append(
            problem("email", QT_TRANSLATE_NOOP("Problem", "邮箱“{value}”格式不对"), value=email)
        )
    if len(other) > MAX_NAME:
        out.append(
            problem("other_contact", QT_TRANSLATE_NOOP("Problem", "其他联系方式不能超过200个字符"))
        )
    if not (phone or email or other):
        out.append(
            problem(
                "phone",
                QT_TRANSLATE_NOOP(
                    "Problem", "请至少留下一种联系方式（电话、邮箱或微信），以便回复客户"
                ),
            )
        )
    return out


def find_invoices(
    keys: Sequence[tuple[str, str]], field: str = "invoices"
) -> tuple[list[Invoice], list[Problem]]:
    found: list[Invoice] = []
    problems: list[Problem] = []
    for index, (raw_code, raw_number) in enumerate(keys, start=1):
        where = f"{field}[{index}].number"
        try:
            code, number = normalize_invoice_key(None, raw_code or "", raw_number or "")
        except IdentifierError as exc:
            problems.append(Problem(where, Message("Problem", str(exc))))
            continue
        inv = Invoice.get_or_none((Invoice.code == code) & (Invoice.number == number))
        if inv is None:
            label = f"{code}-{number}" if code else number
            problems.append(
                problem(
                    where,
                    QT_TRANSLATE_NOOP("Problem", "台账中没有发票“{number}”，不能关联"),
                    number=label,
                )
            )
        else:
            found.append(inv)
    return found, problems


def event(case_id: int, actor: str, kind: str, text: str, step: str = "") -> None:
    CaseEvent.create(case=case_id, ts=clock.stamp(), actor=actor, kind=kind, step=step, text=text)


def snapshot(row: CustomerCase) -> dict[str, Any]:
    return {
        "customer": row.customer,
        "phone": row.phone,
        "email": row.email,
        "other_contact": row.other_contact,
        "complaint": row.complaint,
        "channel": row.channel,
        "promised_at": row.promised_at,
        "state": row.state,
    }


def link_once(
    case_id: int, kind: str, ref_id: int, actor: str, *, role: str = "", label: str = ""
) -> bool:
    """Add a link once; False when it was already there."""
    exists = CaseLink.get_or_none(
        (CaseLink.case == case_id)
        & (CaseLink.kind == kind)
        & (CaseLink.ref_id == ref_id)
        & (CaseLink.role == role)
    )
    if exists is not None:
        return False
    CaseLink.create(
        case=case_id,
        kind=kind,
        ref_id=ref_id,
        role=role,
        label=label[:200],
        added_at=clock.stamp(),
        added_by=actor,
    )
    return True


def invoice_label(inv: Invoice) -> str:
    return f"{inv.code}-{inv.number}" if inv.code else str(inv.number)


@guarded("case.handle")
def open_case(
    customer: str,
    complaint: str,
    channel: str,
    actor: str,
    *,
    phone: str = "",
    email: str = "",
    other_contact: str = "",
    promised_at: datetime | str | None = None,
    invoices: Sequence[tuple[str, str]] = (),
    request_ids: Sequence[int] = (),
    contact_required: bool = True,
) -> CaseView:
    """Write down a customer's complaint. A promised time already past is accepted (and overdue
    at once); an invoice not in the ledger is refused by its number. Cases opened from another
    feature may lack a contact (``contact_required=False``): identifying the customer asks for it."""
    customer, complaint = customer.strip(), complaint.strip()
    phone, email, other_contact = phone.strip(), email.strip(), other_contact.strip()
    problems = check_contact(customer, phone, email, other_contact, complaint, channel)
    if not contact_required:
        problems = [p for p in problems if not (p.field == "phone" and not phone)]
    promise, bad_time = parse_time(promised_at, "promised_at")
    problems += bad_time
    linked, bad_links = find_invoices(invoices)
    problems += bad_links
    requests = []
    for index, request_id in enumerate(request_ids, start=1):
        req = InvoiceRequest.get_or_none(InvoiceRequest.id == request_id)
        if req is None:
            problems.append(
                problem(
                    f"requests[{index}]",
                    QT_TRANSLATE_NOOP("Problem", "找不到编号为 {id} 的开票申请"),
                    id=request_id,
                )
            )
        else:
            requests.append(req)
    if problems:
        raise ValidationFailed(problems)
    now = clock.stamp()
    with database.atomic():
        row = CustomerCase.create(
            customer=customer,
            phone=phone,
            phone_digits=case_queries.digits(phone),
            search=case_queries.search_key(customer, phone, email, other_contact),
            email=email,
            other_contact=other_contact,
            complaint=complaint,
            channel=channel,
            received_at=now,
            received_by=actor,
            promised_at=stamp_of(promise),
            state="new",
            flow=json.dumps(cf.CaseFlow().to_json(), ensure_ascii=False),
            updated_at=now,
        )
        for inv in linked:
            link_once(row.id, "invoice", inv.id, actor, role="concerned", label=invoice_label(inv))
        for req in requests:
            link_once(row.id, "request", req.id, actor, label=request_label(req))
        event(
            row.id,
            actor,
            "created",
            say(
                QT_TRANSLATE_NOOP("Case", "受理：{customer}（{channel}）“{complaint}”"),
                customer=customer,
                channel=translate("Case", cf.CHANNELS[channel]),
                complaint=complaint,
            ),
        )
        after = snapshot(row) | {
            "invoices": [invoice_label(i) for i in linked],
            "requests": [r.id for r in requests],
        }
        audit.append(actor, "case.open", "case", row.id, None, after)
        return view_of(row)


def request_label(req: InvoiceRequest) -> str:
    return say(QT_TRANSLATE_NOOP("Case", "开票申请 #{id} {buyer}"), id=req.id, buyer=req.buyer_name)


@guarded("case.handle")
def case_from_dict(data: Any, actor: str) -> CaseView:
    """The ``case add --json`` contract: one object; every problem names its field."""
    if not isinstance(data, Mapping):
        raise ValidationFailed(
            [problem("case", QT_TRANSLATE_NOOP("Problem", "应为一个客户工单对象（JSON 对象）"))]
        )
    problems: list[Problem] = [
        problem(str(key), QT_TRANSLATE_NOOP("Problem", "不认识的字段“{key}”"), key=key)
        for key in data
        if key not in CASE_FIELDS
    ]
    texts: dict[str, str] = {}
    for key in ("customer", "phone", "email", "other_contact", "complaint", "channel"):
        value = data.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            problems.append(problem(key, QT_TRANSLATE_NOOP("Problem", "应为文字")))
            value = ""
        texts[key] = value
    keys: list[tuple[str, str]] = []
    raw_invoices = data.get("invoices") or []
    if not isinstance(raw_invoices, list):
        problems.append(problem("invoices", QT_TRANSLATE_NOOP("Problem", "应为发票列表")))
        raw_invoices = []
    for index, item in enumerate(raw_invoices, start=1):
        if not isinstance(item, Mapping) or not isinstance(item.get("number"), str | int):
            problems.append(
                problem(
                    f"invoices[{index}].number",
                    QT_TRANSLATE_NOOP("Problem", "请给出发票号码（number）"),
                )
            )
            continue
        keys.append((str(item.get("code") or ""), str(item["number"])))
    promised = data.get("promised_at")
    if promised is not None and not isinstance(promised, str):
        problems.append(problem("promised_at", QT_TRANSLATE_NOOP("Problem", "应为文字")))
        promised = None
    if problems:
        raise ValidationFailed(problems)
    return open_case(
        texts["customer"],
        texts["complaint"],
        texts["channel"],
        actor,
        phone=texts["phone"],
        email=texts["email"],
        other_contact=texts["other_contact"],
        promised_at=promised,
        invoices=keys,
    )


# ---------------------------------------------------------------- changing a case


def open_row(case_id: int) -> CustomerCase:
    row = row_of(case_id)
    if row.state in cf.FINAL_STATES:
        raise NotAllowed(
            QT_TRANSLATE_NOOP("Case", "工单 #{id} 已{state}，不能再更改"),
            id=case_id,
            state=translate("Case", cf.STATES[row.state]),
        )
    return row


def touch(row: CustomerCase, actor: str) -> None:
    row.updated_at = clock.stamp()
    row.save(only=[CustomerCase.updated_at])
