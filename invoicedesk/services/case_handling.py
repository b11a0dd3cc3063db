"""What is done for the customer of a case: check the purchase, fix the invoice, deliver it.

- check: each linked invoice's state in the ledger, its last reconciliation and 查验 results and
  its red-flush chain; the linked requests;
- fix, by the conclusion (only while the case is 处理中): issue the invoice from the request
  (never issued), red-flush and reissue with the chain kept (wrong), or link an invoice recorded
  at the counter; each in one transaction with the case's link and audit entry;
- deliver: the apology, the delivery message with the download guide, the explanation when the
  invoice is not ours; e-mail through the shop's mailbox with the kept e-invoice files, a copy for
  WeChat, the printed slip, a phone call or a handover at the counter. Every attempt is recorded,
  a failed e-mail with its message, so it can be sent again as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from invoicedesk.core import case_flow as cf
from invoicedesk.core import case_texts, clock
from invoicedesk.core.clock import to_local
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, translate
from invoicedesk.core.kinds import DIGITAL_KINDS, STATUSES
from invoicedesk.core.money import format_money, from_fen
from invoicedesk.core.problems import problem
from invoicedesk.services import (
    case_changes,
    case_mail,
    corrections,
    invoice_changes,
    invoice_files,
    invoices,
)
from invoicedesk.services import requests as request_service
from invoicedesk.services.case_changes import case_of_delivery, get_delivery
from invoicedesk.services.cases import CaseView, DeliveryView, get_case, open_row
from invoicedesk.services.company import get_company
from invoicedesk.services.dto import InvoiceRow
from invoicedesk.services.errors import NotAllowed, ServiceError, ValidationFailed
from invoicedesk.services.plan import get_plan
from invoicedesk.services.session import guarded
from invoicedesk.services.verification import RESULTS, verification_history
from invoicedesk.store.case_models import CaseLink
from invoicedesk.store.counter_models import InvoiceRequest
from invoicedesk.store.invoice_queries import InvoiceFilter
from invoicedesk.store.models import Buyer, database
from invoicedesk.store.reconcile_models import ReconcileDifference, ReconcileSession

CONTEXT = "Case"


def _t(source: str, /, **params: object) -> str:
    return case_texts.text(source, params) if params else translate(CONTEXT, source)


# ---------------------------------------------------------------- identify

_DATE = re.compile(r"(?:(\d{4})[-/.年])?(\d{1,2})[-/.月](\d{1,2})日?")


def find_purchases(text: str, limit: int = 20) -> list[InvoiceRow]:
    """The ledger's search (number fragment, buyer name or id, amount), plus what a customer
    says on the phone: their phone number (through remembered buyers and requests) or a date."""
    text = text.strip()
    if not text:
        return []
    found = {r.id: r for r in invoices.list_invoices(InvoiceFilter(text=text), limit=limit).rows}
    digits = re.sub(r"\D", "", text)
    if len(digits) >= 7 and digits == re.sub(r"[\s\-+()]", "", text):
        names = {b.name for b in Buyer.select(Buyer.name).where(Buyer.phone.contains(digits))}
        names |= {
            r.buyer_name
            for r in InvoiceRequest.select(InvoiceRequest.buyer_name).where(
                InvoiceRequest.phone.contains(digits)
            )
        }
        for name in sorted(names):
            page = invoices.list_invoices(InvoiceFilter(text=name), limit=limit)
            found.update({r.id: r for r in page.rows if r.buyer_name == name})
    match = _DATE.fullmatch(text)
    if match:
        year = int(match.group(1) or clock.today().year)
        try:
            day = date(year, int(match.group(2)), int(match.group(3)))
        except ValueError:
            day = None
        if day is not None:
            page = invoices.list_invoices(InvoiceFilter(date_from=day, date_to=day), limit=limit)
            found.update({r.id: r for r in page.rows})
    return sorted(found.values(), key=lambda r: (r.issue_date, r.id), reverse=True)[:limit]


# ---------------------------------------------------------------- check


@dataclass(frozen=True)
class InvoiceCheck:
    invoice_id: int
    role: str
    number: str
    ledger: str  # kind, date, total and status as the ledger has them
    reconciliation: str
    verification: str
    chain: str
    files: tuple[invoice_files.FileView, ...]


@dataclass(frozen=True)
class RequestCheck:
    request_id: int
    text: str
    status: str  # open, issued, cancelled


@dataclass(frozen=True)
class CheckReport:
    invoices: tuple[InvoiceCheck, ...]
    requests: tuple[RequestCheck, ...]


def _reconciliation_text(invoice_id: int, issue_date: date) -> str:
    diff = (
        ReconcileDifference.select(ReconcileDifference, ReconcileSession)
        .join(ReconcileSession)
        .where(ReconcileDifference.invoice == invoice_id)
        .order_by(ReconcileDifference.id.desc())
        .first()
    )
    if diff is not None:
        from invoicedesk.core.reconcile import BUCKETS

        return translate(
            "Case",
            QT_TRANSLATE_NOOP("Case", "{period} 对账：{bucket}"),
        ).format(
            period=diff.session.period,
            bucket=translate("Reconcile", BUCKETS.get(diff.bucket, diff.bucket)),
        )
    period = clock.period_of(issue_date)
    session = (
        ReconcileSession.select()
        .where(ReconcileSession.period == period)
        .order_by(ReconcileSession.id.desc())
        .first()
    )
    if session is None:
        return translate("Case", QT_TRANSLATE_NOOP("Case", "{period} 尚未与平台对账")).format(
            period=period
        )
    return translate("Case", QT_TRANSLATE_NOOP("Case", "{period} 对账：一致")).format(period=period)


def check_report(case_id: int) -> CheckReport:
    """What the ledger knows about the purchase: shown in the check step."""
    view = get_case(case_id)
    checks = []
    for link in view.invoices:
        inv = invoices.get_invoice(link.invoice_id)
        history = verification_history(inv.id)
        if history:
            last = history[0]
            verification = translate(
                "Case", QT_TRANSLATE_NOOP("Case", "{at} 查验：{result}（{by}）")
            ).format(
                at=f"{to_local(last.checked_at):%Y-%m-%d %H:%M}",
                result=translate("Verification", RESULTS.get(last.result, last.result)),
                by=last.checked_by,
            )
        else:
            verification = translate("Case", QT_TRANSLATE_NOOP("Case", "没有查验记录"))
        chain = corrections.chain_of(inv.id)
        chain_text = " → ".join(
            f"{c.number}（{translate('Status', STATUSES.get(c.status, c.status))}）" for c in chain
        )
        ledger = translate(
            "Case", QT_TRANSLATE_NOOP("Case", "台账：{date} 开具，价税合计 {total}，状态 {status}")
        ).format(
            date=inv.issue_date.isoformat(),
            total=format_money(inv.total),
            status=translate("Status", STATUSES.get(inv.status, inv.status)),
        )
        checks.append(
            InvoiceCheck(
                inv.id,
                link.role,
                f"{inv.code}-{inv.number}" if inv.code else inv.number,
                ledger,
                _reconciliation_text(inv.id, inv.issue_date),
                verification,
                chain_text if len(chain) > 1 else "",
                tuple(invoice_files.files_of(inv.id)),
            )
        )
    reqs = []
    for other in view.links:
        if other.kind != "request":
            continue
        req = InvoiceRequest.get_or_none(InvoiceRequest.id == other.ref_id)
        if req is not None:
            reqs.append(RequestCheck(req.id, other.label, req.status))
    return CheckReport(tuple(checks), tuple(reqs))


# ---------------------------------------------------------------- fixing the invoice


def _handling(case_id: int, conclusions: tuple[str, ...]) -> CaseView:
    view = get_case(case_id)
    if not cf.handling_allowed(view.flow):
        raise NotAllowed(
            QT_TRANSLATE_NOOP(
                "Case", "只有“处理中”的工单可以开具、红冲或重开发票（当前：{state}）"
            ),
            state=translate("Case", cf.STATES[view.state]),
        )
    if view.conclusion not in conclusions:
        raise NotAllowed(
            QT_TRANSLATE_NOOP("Case", "核实结论为“{conclusion}”，不需要这一操作"),
            conclusion=translate("Case", cf.CONCLUSIONS.get(view.conclusion, "")),
        )
    return view


@guarded("case.handle")
def issue_from_request(
    case_id: int,
    request_id: int,
    number: str,
    actor: str,
    *,
    code: str = "",
    issue_date: date | None = None,
) -> CaseView:
    """Never issued: record the invoice the request asked for, close the request, link both."""
    with database.atomic():
        view = _handling(case_id, ("never_issued",))
        if not any(link.kind == "request" and link.ref_id == request_id for link in view.links):
            case_changes.link_request(case_id, request_id, actor)
        issued = request_service.convert_request(
            request_id, number, code, issue_date or clock.today(), actor
        )
        return case_changes.link_invoice_id(case_id, issued.id, actor, role="issued")


@guarded("case.handle")
def link_issued(case_id: int, code: str, number: str, actor: str) -> CaseView:
    """Never issued: the invoice was recorded at the counter; link it by its number."""
    with database.atomic():
        _handling(case_id, ("never_issued",))
        return case_changes.link_invoice(case_id, code, number, actor, role="issued")


@guarded("case.handle")
def red_flush_concerned(
    case_id: int,
    invoice_id: int,
    reason_code: str,
    red_number: str,
    actor: str,
    *,
    red_code: str = "",
) -> CaseView:
    """Wrong: record the red invoice that cancels the wrong one in full, and link it."""
    with database.atomic():
        view = _handling(case_id, ("wrong",))
        if not any(i.invoice_id == invoice_id and i.role == "concerned" for i in view.invoices):
            raise NotAllowed(QT_TRANSLATE_NOOP("Case", "只能红冲本工单关联的发票"))
        red = invoice_changes.red_flush(
            invoice_id, reason_code=reason_code, number=red_number, code=red_code, actor=actor
        )
        return case_changes.link_invoice_id(case_id, red.id, actor, role="red")


@guarded("case.handle")
def reissue_replacement(case_id: int, number: str, actor: str, *, code: str = "") -> CaseView:
    """Wrong: record the new blue invoice for the red one (the chain blue → red → new kept)."""
    with database.atomic():
        view = _handling(case_id, ("wrong",))
        reds = view.with_role("red")
        if not reds:
            raise NotAllowed(QT_TRANSLATE_NOOP("Case", "请先红冲开错的发票，再重开"))
        red_id = reds[-1].invoice_id
        base = corrections.reissue_draft(red_id)
        draft = replace(base, code=code, number=number, issue_date=clock.today())
        new = corrections.reissue(red_id, draft, actor)
        return case_changes.link_invoice_id(case_id, new.id, actor, role="replacement")


# ---------------------------------------------------------------- what to say


def _contact_phone() -> str:
    plan = get_plan()
    return (
        plan.role("liaison").phone
        or plan.role("in_charge").phone
        or translate(CONTEXT, QT_TRANSLATE_NOOP("Case", "本店电话"))
    )


def _shop() -> str:
    return get_company().name or translate(CONTEXT, QT_TRANSLATE_NOOP("Case", "本店"))


def apology_text(case_id: int, sender: str) -> str:
    view = get_case(case_id)
    return case_texts.text(
        case_texts.APOLOGY, {"customer": view.customer, "shop": _shop(), "sender": sender}
    )


def not_ours_text(case_id: int, sender: str, explanation: str) -> str:
    view = get_case(case_id)
    return case_texts.text(
        case_texts.NOT_OURS,
        {
            "customer": view.customer,
            "shop": _shop(),
            "sender": sender,
            "explanation": explanation.strip(),
            "phone": _contact_phone(),
        },
    )


@dataclass(frozen=True)
class DeliveryDraft:
    """The message and files proposed for delivery; staff may edit the text before sending."""

    recipient: str
    subject: str
    body: str
    files: tuple[invoice_files.FileView, ...]
    invoice_ids: tuple[int, ...]


def delivery_draft(case_id: int, sender: str) -> DeliveryDraft:
    view = get_case(case_id)
    targets = cf.deliverable(view.flow, view.facts)
    chosen = [i for i in view.invoices if i.invoice_id in {t.id for t in targets}]
    files = tuple(f for inv in chosen for f in invoice_files.files_of(inv.invoice_id))
    if view.conclusion == "not_ours":
        explanation = str(view.flow.data.get("check", {}).get("explanation", ""))
        body = not_ours_text(case_id, sender, explanation)
        subject = _t(case_texts.DELIVERY_SUBJECT, shop=_shop(), numbers="—")
        return DeliveryDraft(view.email, subject, body, (), ())
    lines = "\n".join(
        _t(
            case_texts.INVOICE_LINE,
            number=f"{i.code}-{i.number}" if i.code else i.number,
            date=i.issue_date,
            total=format_money(from_fen(i.total_fen)),
        )
        for i in chosen
    )
    digital = any(invoices.get_invoice(i.invoice_id).kind in DIGITAL_KINDS for i in chosen)
    guide = translate(
        case_texts.CONTEXT,
        case_texts.GUIDE_DIGITAL if digital or not chosen else case_texts.GUIDE_PAPER,
    )
    attachment_note = (
        _t(case_texts.ATTACHED, files="、".join(f.name for f in files)) if files else ""
    )
    body = _t(
        case_texts.DELIVERY_BODY,
        customer=view.customer,
        shop=_shop(),
        sender=sender,
        invoices=lines,
        attachment_note=attachment_note,
        guide=guide,
        phone=_contact_phone(),
    )
    subject = _t(
        case_texts.DELIVERY_SUBJECT,
        shop=_shop(),
        numbers="、".join(i.number for i in chosen) or "—",
    )
    return DeliveryDraft(view.email, subject, body, files, tuple(i.invoice_id for i in chosen))


# ---------------------------------------------------------------- delivering

MANUAL_CHANNELS = {"wechat": "copied", "print": "handed", "phone": "told", "counter": "handed"}


@guarded("case.handle")
def record_manual_delivery(
    case_id: int,
    channel: str,
    actor: str,
    *,
    recipient: str = "",
    body: str = "",
    file_ids: tuple[int, ...] = (),
) -> DeliveryView:
    """A delivery done by hand: the text copied for WeChat, a slip handed over, a phone call."""
    if channel not in MANUAL_CHANNELS:
        raise ValidationFailed(
            [
                problem(
                    "channel",
                    QT_TRANSLATE_NOOP("Problem", "未知的交付方式“{value}”"),
                    value=channel,
                )
            ]
        )
    files = _file_refs(case_id, file_ids)
    return case_changes.record_attempt(
        case_id,
        channel,
        actor,
        recipient=recipient.strip(),
        body=body,
        files=[{"invoice_file": f.id, "name": f.name} for f in files],
        status=MANUAL_CHANNELS[channel],
    )


@guarded("case.handle")
def write_slip(case_id: int, invoice_id: int, path: Path, actor: str) -> DeliveryView:
    """The invoice's ledger slip (PDF) for the customer; recorded as handed over."""
    view = get_case(case_id)
    if not any(i.invoice_id == invoice_id for i in view.invoices):
        raise NotAllowed(QT_TRANSLATE_NOOP("Case", "只能打印本工单关联的发票"))
    written = request_service.write_invoice_slip(invoice_id, Path(path))
    return case_changes.record_attempt(
        case_id,
        "print",
        actor,
        files=[{"name": written.name}],
        status="handed",
    )


def _file_refs(case_id: int, file_ids: tuple[int, ...]) -> list[invoice_files.FileView]:
    view = get_case(case_id)
    mine = {i.invoice_id for i in view.invoices}
    out = []
    for file_id in file_ids:
        found = next(
            (f for inv in mine for f in invoice_files.files_of(inv) if f.id == file_id), None
        )
        if found is None:
            raise NotAllowed(QT_TRANSLATE_NOOP("Case", "只能发送本工单发票所附的文件"))
        out.append(found)
    return out


@guarded("case.handle")
def send_email(
    case_id: int,
    recipient: str,
    subject: str,
    body: str,
    actor: str,
    *,
    file_ids: tuple[int, ...] = (),
    retry_of: int | None = None,
) -> DeliveryView:
    """Send through the shop's mailbox and record the attempt, sent or failed.

    A failure is recorded with its reason and the message as written, and returned (status
    "failed", ``error`` saying which failure): the case is untouched and ``retry_email`` sends
    the same message again.
    """
    recipient = recipient.strip()
    if "@" not in recipient:
        raise ValidationFailed(
            [problem("recipient", QT_TRANSLATE_NOOP("Problem", "请填写客户的邮箱地址"))]
        )
    open_row(case_id)  # refuses a closed case before anything is sent
    files = _file_refs(case_id, file_ids)
    refs = [{"invoice_file": f.id, "name": f.name} for f in files]
    try:
        settings = case_mail.get_mail_settings()
        if not settings.configured:
            raise case_mail.MailError(
                "settings", QT_TRANSLATE_NOOP("Service", "还没有设置发信邮箱：请在“邮箱设置”中填写")
            )
        folder = invoice_files.default_folder()
        attachments = [(f.name, invoice_files.read_file(f.id, folder)) for f in files]
        message = case_mail.compose(settings, recipient, subject, body, attachments)
        case_mail.send(settings, message, case_mail.read_password(settings))
    except ServiceError as exc:
        kind = exc.kind if isinstance(exc, case_mail.MailError) else "other"
        return case_changes.record_attempt(
            case_id,
            "email",
            actor,
            recipient=recipient,
            subject=subject,
            body=body,
            files=refs,
            status="failed",
            error=f"[{kind}] {exc.message}",
            retry_of=retry_of,
        )
    return case_changes.record_attempt(
        case_id,
        "email",
        actor,
        recipient=recipient,
        subject=subject,
        body=body,
        files=refs,
        status="sent",
        retry_of=retry_of,
    )


@guarded("case.handle")
def retry_email(delivery_id: int, actor: str) -> DeliveryView:
    """Send a failed e-mail again, exactly as it was written."""
    failed = get_delivery(delivery_id)
    if failed.channel != "email" or failed.status != "failed":
        raise NotAllowed(QT_TRANSLATE_NOOP("Case", "只有发送失败的邮件可以重发"))
    return send_email(
        case_of_delivery(delivery_id),
        failed.recipient,
        failed.subject,
        failed.body,
        actor,
        file_ids=tuple(int(f["invoice_file"]) for f in failed.files if "invoice_file" in f),
        retry_of=delivery_id,
    )


def failed_kind(delivery: DeliveryView) -> str:
    """The failure's kind (connect, tls, auth, ...) as recorded at the start of ``error``."""
    if delivery.error.startswith("[") and "]" in delivery.error:
        return delivery.error[1 : delivery.error.index("]")]
    return ""


@guarded("case.handle")
def attach_to_invoice(
    case_id: int, invoice_id: int, name: str, data: bytes, actor: str
) -> invoice_files.FileView:
    """Keep an e-invoice file (PDF/OFD/XML) with an invoice of the case, for delivery."""
    view = get_case(case_id)
    if not any(i.invoice_id == invoice_id for i in view.invoices):
        raise NotAllowed(QT_TRANSLATE_NOOP("Case", "只能给本工单关联的发票添加文件"))
    return invoice_files.attach_file(invoice_id, name, data, invoice_files.default_folder(), actor)


def is_linked(case_id: int, kind: str, ref_id: int) -> bool:
    return (
        CaseLink.select()
        .where((CaseLink.case == case_id) & (CaseLink.kind == kind) & (CaseLink.ref_id == ref_id))
        .exists()
    )
