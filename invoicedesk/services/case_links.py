"""Cases opened (or linked) from other features: the incident wizard's customer step and the
reconciliation's "已建客户工单" resolution. Each is one transaction: the case, its links, the
other feature's record and the audit entries land together or not at all.
"""

from __future__ import annotations

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.services import case_changes, cases, reconcile_differences
from invoicedesk.services.cases import CaseView
from invoicedesk.services.errors import NotAllowed
from invoicedesk.services.incident_views import AffectedBuyer, get_incident
from invoicedesk.services.session import guarded
from invoicedesk.store.case_models import CaseLink, CustomerCase
from invoicedesk.store.counter_models import InvoiceRequest
from invoicedesk.store.incident_models import IncidentItem
from invoicedesk.store.models import Buyer, Invoice, database


def _say(source: str, **params: object) -> str:
    return str(Message("Case", source, params))


def incident_label(incident_id: int) -> str:
    return _say(QT_TRANSLATE_NOOP("Case", "应急事件第{id}号"), id=incident_id)


def case_for_incident_buyer(incident_id: int, buyer_name: str) -> int | None:
    """The open case already linked to this incident for this customer, if any."""
    linked = CaseLink.select(CaseLink.case).where(
        (CaseLink.kind == "incident") & (CaseLink.ref_id == incident_id)
    )
    row = (
        CustomerCase.select(CustomerCase.id)
        .where(CustomerCase.id.in_(linked) & (CustomerCase.customer == buyer_name))
        .order_by(CustomerCase.id.desc())
        .first()
    )
    return int(row.id) if row else None


@guarded("case.handle")
def open_case_from_incident(
    incident_id: int,
    buyer: AffectedBuyer,
    actor: str,
    *,
    complaint: str = "",
    channel: str = "phone",
) -> CaseView:
    """The wizard's customer step: a real case for an affected customer, linked to the incident
    and to the customer's affected invoices and requests. Asked twice, it returns the same case."""
    with database.atomic():
        incident = get_incident(incident_id)
        if incident.drill:
            raise NotAllowed(QT_TRANSLATE_NOOP("Case", "应急演练中不建立真实的客户工单"))
        existing = case_for_incident_buyer(incident_id, buyer.name)
        if existing is not None:
            return cases.get_case(existing)
        items = list(
            IncidentItem.select().where(
                (IncidentItem.incident == incident_id) & (IncidentItem.buyer_name == buyer.name)
            )
        )
        keys = []
        request_ids = []
        for item in items:
            if item.kind == "invoice":
                inv = Invoice.get_or_none(Invoice.id == item.ref_id)
                if inv is not None:
                    keys.append((inv.code, inv.number))
            elif InvoiceRequest.get_or_none(InvoiceRequest.id == item.ref_id) is not None:
                request_ids.append(item.ref_id)
        text = complaint.strip() or _say(
            QT_TRANSLATE_NOOP("Case", "开票系统异常期间受影响：{labels}"),
            labels="、".join(buyer.labels) or incident_label(incident_id),
        )
        view = cases.open_case(
            buyer.name,
            text,
            channel,
            actor,
            phone=buyer.phone,
            email=buyer.email,
            invoices=keys,
            request_ids=request_ids,
            contact_required=False,
        )
        row = cases.open_row(view.id)
        case_changes.link_other(row, "incident", incident_id, incident_label(incident_id), actor)
        return cases.get_case(view.id)


def difference_label(diff: reconcile_differences.DifferenceView) -> str:
    number = f"{diff.code}-{diff.number}" if diff.code else diff.number
    return _say(QT_TRANSLATE_NOOP("Case", "对账差异 #{id}（{number}）"), id=diff.id, number=number)


@guarded("case.handle")
def resolve_difference_with_case(
    difference_id: int,
    note: str,
    actor: str,
    *,
    case_id: int | None = None,
    customer: str = "",
    phone: str = "",
    email: str = "",
    other_contact: str = "",
    complaint: str = "",
) -> CaseView:
    """Resolve a difference as "已建客户工单": link it to ``case_id``, or open a new case for the
    customer given, and record the resolution with the case's number in its note."""
    with database.atomic():
        diff = reconcile_differences.get_difference(difference_id)
        if case_id is None:
            known = Buyer.get_or_none(Buyer.name == (customer or diff.buyer_name))
            if known is not None and not (phone or email or other_contact):
                phone, email = known.phone, known.email
            number = f"{diff.code}-{diff.number}" if diff.code else diff.number
            view = cases.open_case(
                customer or diff.buyer_name,
                complaint.strip()
                or _say(
                    QT_TRANSLATE_NOOP("Case", "对账发现差异：发票 {number}（{note}）"),
                    number=number,
                    note=note.strip(),
                ),
                "phone" if phone else "online",
                actor,
                phone=phone,
                email=email,
                other_contact=other_contact,
                contact_required=False,
            )
            case_id = view.id
        row = cases.open_row(case_id)
        case_changes.link_other(row, "difference", diff.id, difference_label(diff), actor)
        if diff.invoice_id is not None:
            case_changes.link_invoice_id(case_id, diff.invoice_id, actor, role="concerned")
        text = _say(QT_TRANSLATE_NOOP("Case", "客户工单 #{id}"), id=case_id)
        reconcile_differences.resolve(
            difference_id, "customer_case", f"{text}；{note.strip()}", actor
        )
        return cases.get_case(case_id)


def cases_of_difference(difference_id: int) -> list[int]:
    return [
        int(link.case_id)
        for link in CaseLink.select(CaseLink.case).where(
            (CaseLink.kind == "difference") & (CaseLink.ref_id == difference_id)
        )
    ]
