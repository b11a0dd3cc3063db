"""Changes to a case besides its steps: contact details and promise, links, notes and
conversations, call-backs, delivery attempts, and the drafts of what is being typed.

Every change is audited in its own transaction (drafts excepted: scratch, not records).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from invoicedesk.core import case_flow as cf
from invoicedesk.core import clock
from invoicedesk.core.clock import to_local
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, translate
from invoicedesk.core.problems import Problem, problem
from invoicedesk.services.cases import (
    DELIVERY_CHANNELS,
    DELIVERY_STATUSES,
    MAX_TEXT,
    CaseView,
    DeliveryView,
    check_contact,
    delivery_view,
    event,
    find_invoices,
    invoice_label,
    link_once,
    open_row,
    parse_time,
    request_label,
    row_of,
    say,
    snapshot,
    stamp_of,
    touch,
    view_of,
)
from invoicedesk.services.errors import NotAllowed, NotFound, ValidationFailed
from invoicedesk.services.session import guarded
from invoicedesk.store import audit, case_queries
from invoicedesk.store.case_models import CaseDelivery, CaseDraft, CaseLink, CustomerCase
from invoicedesk.store.counter_models import InvoiceRequest
from invoicedesk.store.models import Invoice, database


@guarded("case.handle")
def update_contact(
    case_id: int,
    actor: str,
    *,
    customer: str,
    phone: str,
    email: str,
    other_contact: str,
    promised_at: datetime | str | None,
) -> CaseView:
    """Correct who the customer is and how to reach them, or move the promise (audited)."""
    with database.atomic():
        row = open_row(case_id)
        customer, phone = customer.strip(), phone.strip()
        email, other_contact = email.strip(), other_contact.strip()
        problems = check_contact(customer, phone, email, other_contact, row.complaint, row.channel)
        promise, bad_time = parse_time(promised_at, "promised_at")
        if problems + bad_time:
            raise ValidationFailed(problems + bad_time)
        before = snapshot(row)
        row.customer, row.phone, row.email = customer, phone, email
        row.phone_digits = case_queries.digits(phone)
        row.search = case_queries.search_key(customer, phone, email, other_contact)
        row.other_contact = other_contact
        row.promised_at = stamp_of(promise)
        row.updated_at = clock.stamp()
        row.save()
        after = snapshot(row)
        if before != after:
            changed = [k for k in after if after[k] != before[k]]
            event(
                case_id,
                actor,
                "note",
                say(
                    QT_TRANSLATE_NOOP("Case", "修改了客户信息：{fields}"), fields="、".join(changed)
                ),
            )
            audit.append(actor, "case.update", "case", case_id, before, after)
        return view_of(row)


@guarded("case.handle")
def link_invoice(
    case_id: int, code: str, number: str, actor: str, *, role: str = "concerned"
) -> CaseView:
    """Link an invoice of the ledger; an unknown number is refused by name."""
    if role not in cf.INVOICE_ROLES:
        raise ValidationFailed([problem("role", QT_TRANSLATE_NOOP("Problem", "未知的关联类别"))])
    found, problems = find_invoices([(code, number)])
    if problems:
        raise ValidationFailed([Problem("number", p.message) for p in problems])
    return link_invoice_id(case_id, found[0].id, actor, role=role)


@guarded("case.handle")
def link_invoice_id(
    case_id: int, invoice_id: int, actor: str, *, role: str = "concerned"
) -> CaseView:
    with database.atomic():
        row = open_row(case_id)
        inv = Invoice.get_or_none(Invoice.id == invoice_id)
        if inv is None:
            raise NotFound(QT_TRANSLATE_NOOP("Service", "找不到编号为 {id} 的发票"), id=invoice_id)
        label = invoice_label(inv)
        if link_once(case_id, "invoice", inv.id, actor, role=role, label=label):
            event(
                case_id,
                actor,
                "link",
                say(
                    QT_TRANSLATE_NOOP("Case", "关联{role}：{number}"),
                    role=translate("Case", cf.INVOICE_ROLES[role]),
                    number=label,
                ),
            )
            audit.append(
                actor,
                "case.link",
                "case",
                case_id,
                None,
                {"kind": "invoice", "invoice_id": inv.id, "number": label, "role": role},
            )
            touch(row, actor)
        return view_of(row)


@guarded("case.handle")
def link_request(case_id: int, request_id: int, actor: str) -> CaseView:
    with database.atomic():
        row = open_row(case_id)
        req = InvoiceRequest.get_or_none(InvoiceRequest.id == request_id)
        if req is None:
            raise NotFound(
                QT_TRANSLATE_NOOP("Service", "找不到编号为 {id} 的开票申请"), id=request_id
            )
        link_other(row, "request", req.id, request_label(req), actor)
        return view_of(row)


def link_other(row: CustomerCase, kind: str, ref_id: int, label: str, actor: str) -> None:
    """A request, difference or incident link, in the caller's transaction."""
    if link_once(row.id, kind, ref_id, actor, label=label):
        event(row.id, actor, "link", say(QT_TRANSLATE_NOOP("Case", "关联：{label}"), label=label))
        audit.append(
            actor,
            "case.link",
            "case",
            row.id,
            None,
            {"kind": kind, "ref_id": ref_id, "label": label},
        )
        touch(row, actor)


@guarded("case.handle")
def unlink(case_id: int, link_id: int, actor: str) -> CaseView:
    """Take back a link made by mistake, while the purchase is still being identified."""
    with database.atomic():
        row = open_row(case_id)
        if row.state != "new":
            raise NotAllowed(QT_TRANSLATE_NOOP("Case", "核实开始后不能再取消关联"))
        link = CaseLink.get_or_none((CaseLink.id == link_id) & (CaseLink.case == case_id))
        if link is None:
            raise NotFound(QT_TRANSLATE_NOOP("Case", "找不到这个关联"))
        before = {"kind": link.kind, "ref_id": link.ref_id, "role": link.role, "label": link.label}
        link.delete_instance()
        event(
            case_id,
            actor,
            "link",
            say(QT_TRANSLATE_NOOP("Case", "取消关联：{label}"), label=link.label),
        )
        audit.append(actor, "case.unlink", "case", case_id, before, None)
        touch(row, actor)
        return view_of(row)


@guarded("case.handle")
def add_note(case_id: int, text: str, actor: str) -> CaseView:
    """A note on the timeline; also allowed on a closed case (a later remark)."""
    text = text.strip()
    if not text:
        raise ValidationFailed([problem("note", QT_TRANSLATE_NOOP("Problem", "备注不能为空"))])
    with database.atomic():
        row = row_of(case_id)
        event(case_id, actor, "note", text[:MAX_TEXT])
        audit.append(actor, "case.note", "case", case_id, None, {"note": text[:MAX_TEXT]})
        return view_of(row)


@guarded("case.handle")
def record_contact(case_id: int, channel: str, said: str, actor: str) -> CaseView:
    """A conversation with the customer: how, and what they said."""
    said = said.strip()
    if not said:
        raise ValidationFailed([problem("said", QT_TRANSLATE_NOOP("Problem", "请记录客户怎么说"))])
    with database.atomic():
        row = row_of(case_id)
        how = translate("Case", cf.CHANNELS.get(channel, channel))
        event(
            case_id,
            actor,
            "contact",
            say(
                QT_TRANSLATE_NOOP("Case", "联系客户（{how}）：{said}"),
                how=how,
                said=said[:MAX_TEXT],
            ),
        )
        audit.append(
            actor, "case.contact", "case", case_id, None, {"channel": channel, "said": said}
        )
        touch(row, actor)
        return view_of(row)


@guarded("case.handle")
def set_callback(case_id: int, when: datetime | str | None, actor: str, note: str = "") -> CaseView:
    """Set (or clear, with None) the time to call the customer back."""
    moment, problems = parse_time(when, "callback_at")
    if problems:
        raise ValidationFailed(problems)
    with database.atomic():
        row = row_of(case_id)
        if row.state == "withdrawn":
            raise NotAllowed(QT_TRANSLATE_NOOP("Case", "已撤销的工单不需要回访"))
        before = {"callback_at": row.callback_at}
        row.callback_at = stamp_of(moment)
        row.updated_at = clock.stamp()
        row.save()
        if moment is None:
            text = say(QT_TRANSLATE_NOOP("Case", "取消回访"))
        else:
            text = say(
                QT_TRANSLATE_NOOP("Case", "约定回访：{when}{note}"),
                when=f"{to_local(row.callback_at):%Y-%m-%d %H:%M}",
                note=f"（{note.strip()}）" if note.strip() else "",
            )
        event(case_id, actor, "callback", text)
        audit.append(
            actor, "case.callback", "case", case_id, before, {"callback_at": row.callback_at}
        )
        return view_of(row)


@guarded("case.handle")
def record_callback(
    case_id: int, said: str, actor: str, *, next_at: datetime | str | None = None
) -> CaseView:
    """The call-back was made: what the customer said; the next one (if any) replaces it."""
    said = said.strip()
    if not said:
        raise ValidationFailed(
            [problem("said", QT_TRANSLATE_NOOP("Problem", "请记录回访时客户怎么说"))]
        )
    moment, problems = parse_time(next_at, "callback_at")
    if problems:
        raise ValidationFailed(problems)
    with database.atomic():
        row = row_of(case_id)
        before = {"callback_at": row.callback_at}
        row.callback_at = stamp_of(moment)
        row.updated_at = clock.stamp()
        row.save()
        event(
            case_id, actor, "callback", say(QT_TRANSLATE_NOOP("Case", "已回访：{said}"), said=said)
        )
        audit.append(
            actor,
            "case.callback_done",
            "case",
            case_id,
            before,
            {"callback_at": row.callback_at, "said": said},
        )
        return view_of(row)


# ---------------------------------------------------------------- drafts


def _draft_key(actor: str, what: str) -> str:
    return f"{actor[:50]}|{what[:60]}"


def save_draft(actor: str, what: str, fields: Mapping[str, Any]) -> None:
    """Keep what was typed ("new" for a case not yet opened, "case:<id>" for a case's steps).

    Scratch text, not a record: no audit entry. An empty draft is removed.
    """
    key = _draft_key(actor, what)
    with database.atomic():
        if not any(str(v).strip() for v in fields.values() if v not in (None, False)):
            CaseDraft.delete().where(CaseDraft.key == key).execute()
            return
        text = json.dumps(dict(fields), ensure_ascii=False)
        CaseDraft.insert(key=key, actor=actor, text=text, saved_at=clock.stamp()).on_conflict(
            conflict_target=[CaseDraft.key],
            update={CaseDraft.text: text, CaseDraft.saved_at: clock.stamp()},
        ).execute()


def load_draft(actor: str, what: str) -> dict[str, Any]:
    row = CaseDraft.get_or_none(CaseDraft.key == _draft_key(actor, what))
    return dict(json.loads(row.text)) if row else {}


def drop_draft(actor: str, what: str) -> None:
    CaseDraft.delete().where(CaseDraft.key == _draft_key(actor, what)).execute()


# ---------------------------------------------------------------- for other features


@guarded("case.handle")
def record_attempt(
    case_id: int,
    channel: str,
    actor: str,
    *,
    recipient: str = "",
    subject: str = "",
    body: str = "",
    files: Sequence[Mapping[str, Any]] = (),
    status: str,
    error: str = "",
    retry_of: int | None = None,
) -> DeliveryView:
    """One delivery attempt, as it went; its own transaction, so a failure is kept too."""
    with database.atomic():
        row = open_row(case_id)
        d = CaseDelivery.create(
            case=case_id,
            ts=clock.stamp(),
            actor=actor,
            channel=channel,
            recipient=recipient[:200],
            subject=subject[:300],
            body=body,
            files=json.dumps([dict(f) for f in files], ensure_ascii=False),
            status=status,
            error=error,
            retry_of=retry_of,
        )
        audit.append(
            actor,
            "case.delivery",
            "case",
            case_id,
            None,
            {
                "delivery_id": d.id,
                "channel": channel,
                "recipient": recipient,
                "status": status,
                "error": error,
                "files": [f.get("name", "") for f in files],
                "retry_of": retry_of,
            },
        )
        event(
            case_id,
            actor,
            "delivery",
            say(
                QT_TRANSLATE_NOOP("Case", "交付（{channel}{to}）：{status}{error}"),
                channel=translate("Case", DELIVERY_CHANNELS.get(channel, channel)),
                to=f" → {recipient}" if recipient else "",
                status=translate("Case", DELIVERY_STATUSES.get(status, status)),
                error=f"（{shown_error(error)}）" if error else "",
            ),
        )
        touch(row, actor)
        return delivery_view(d)


def shown_error(error: str) -> str:
    """A recorded failure without its kind tag ("[auth] ...")."""
    return error.split("] ", 1)[1] if error.startswith("[") and "] " in error else error


def get_delivery(delivery_id: int) -> DeliveryView:
    d = CaseDelivery.get_or_none(CaseDelivery.id == delivery_id)
    if d is None:
        raise NotFound(QT_TRANSLATE_NOOP("Case", "找不到这次交付记录"))
    return delivery_view(d)


def case_of_delivery(delivery_id: int) -> int:
    d = CaseDelivery.get_or_none(CaseDelivery.id == delivery_id)
    if d is None:
        raise NotFound(QT_TRANSLATE_NOOP("Case", "找不到这次交付记录"))
    return int(d.case_id)
