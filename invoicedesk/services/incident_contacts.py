"""Customers and the tax office during an incident: who is affected, who was told or could not
be reached, what actually happened (from the recorded data), and the messages and the script.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from invoicedesk.core import clock
from invoicedesk.core import incident_flow as flowlib
from invoicedesk.core.clock import to_local
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message, sentences, translate
from invoicedesk.core.money import format_money, from_fen
from invoicedesk.core.plan_defaults import (
    SYMPTOMS,
    TAX_DONE,
    TAX_SUMMARY,
    TEMPLATE_ORDER,
    TEMPLATES,
)
from invoicedesk.core.problems import problem
from invoicedesk.services.company import get_company
from invoicedesk.services.errors import ValidationFailed
from invoicedesk.services.incident_items import counter_requests
from invoicedesk.services.incident_views import (
    OUR_SHOP,
    AffectedBuyer,
    ContactView,
    Outcome,
    add_event,
    flow_state,
    get_incident,
    incident_row,
    incident_text,
    open_row,
)
from invoicedesk.services.plan import get_plan
from invoicedesk.services.session import guarded
from invoicedesk.store import audit
from invoicedesk.store.counter_models import InvoiceRequest
from invoicedesk.store.incident_models import IncidentContact, IncidentItem
from invoicedesk.store.models import Buyer, database


def affected_buyers(incident_id: int) -> list[AffectedBuyer]:
    """Each buyer of the affected invoices and requests, with how to reach them."""
    incident_row(incident_id)
    contacted: set[str] = set()
    unreachable: dict[str, str] = {}
    for c in (
        IncidentContact.select(IncidentContact.name, IncidentContact.kind, IncidentContact.note)
        .where(
            (IncidentContact.incident == incident_id)
            & IncidentContact.kind.in_(["customer", "unreachable"])
        )
        .order_by(IncidentContact.id)
    ):
        if c.kind == "customer":
            contacted.add(c.name)
        else:
            unreachable[c.name] = c.note
    request_contacts = {r.id: r for r in counter_requests(None)}
    grouped: dict[str, dict[str, Any]] = {}
    for item in (
        IncidentItem.select().where(IncidentItem.incident == incident_id).order_by(IncidentItem.id)
    ):
        entry = grouped.setdefault(
            item.buyer_name, {"phone": "", "email": "", "labels": [], "fen": 0}
        )
        entry["labels"].append(item.label)
        entry["fen"] += item.total_fen
        if item.kind == "request" and item.ref_id in request_contacts:
            req = request_contacts[item.ref_id]
            entry["phone"] = entry["phone"] or req.phone
            entry["email"] = entry["email"] or req.email
    for buyer in Buyer.select().where(Buyer.name.in_(list(grouped))):
        entry = grouped[buyer.name]
        entry["phone"] = entry["phone"] or buyer.phone
        entry["email"] = entry["email"] or buyer.email
    return [
        AffectedBuyer(
            name,
            e["phone"],
            e["email"],
            tuple(e["labels"]),
            from_fen(e["fen"]),
            name in contacted,
            "" if name in contacted else unreachable.get(name, ""),
        )
        for name, e in grouped.items()
    ]


@guarded("incident.handle")
def record_customer_unreachable(
    incident_id: int, name: str, *, reason: str, actor: str
) -> ContactView:
    """The customer could not be reached: the exception, with its reason, lets the step finish."""
    name, reason = name.strip(), reason.strip()
    problems = []
    if not name:
        problems.append(problem("name", QT_TRANSLATE_NOOP("Problem", "请选择联系不上的客户")))
    if not reason:
        problems.append(
            problem(
                "reason",
                QT_TRANSLATE_NOOP(
                    "Problem", "请写明为什么联系不上（例如：电话无人接听，没有留联系方式）"
                ),
            )
        )
    if problems:
        raise ValidationFailed(problems)
    with database.atomic():
        row = open_row(incident_id)
        c = IncidentContact.create(
            incident=row,
            kind="unreachable",
            name=name,
            note=reason,
            ts=clock.stamp(),
            actor=actor,
        )
        text = incident_text(
            QT_TRANSLATE_NOOP("Incident", "联系不上客户：{name}（{reason}）"),
            name=name,
            reason=reason,
        )
        if row.drill:
            text = incident_text(QT_TRANSLATE_NOOP("Incident", "[演练] {text}"), text=text)
        add_event(row, actor, "note", "customers", text)
        audit.append(
            actor,
            "incident.unreachable",
            "incident",
            row.id,
            None,
            {"customer": name, "reason": reason},
        )
    return ContactView(c.kind, c.name, c.phone, c.channel, c.message, c.note, c.ts, c.actor)


def _incident_requests(incident_id: int) -> list[Any]:
    """The requests of this incident: linked to it, or taken during the outage it started."""
    linked = [
        i.ref_id
        for i in IncidentItem.select(IncidentItem.ref_id).where(
            (IncidentItem.incident == incident_id) & (IncidentItem.kind == "request")
        )
    ]
    where = InvoiceRequest.incident_id == incident_id
    if linked:
        where = where | InvoiceRequest.id.in_(linked)
    return list(InvoiceRequest.select().where(where).order_by(InvoiceRequest.id))


def _request_label(req: Any) -> str:
    when = f"{to_local(req.created_at):%m-%d %H:%M}" if req.created_at else ""
    return f"{req.buyer_name}（{when}）" if when else str(req.buyer_name)


def step_facts(incident_id: int) -> flowlib.Facts:
    """What the recorded data says, for the steps that claim something."""
    return flowlib.Facts(
        not_contacted=tuple(b.name for b in affected_buyers(incident_id) if not b.settled),
        open_requests=tuple(
            _request_label(r) for r in _incident_requests(incident_id) if r.status == "open"
        ),
    )


def outcome(incident_id: int) -> Outcome:
    """What actually happened so far, counted from the recorded data."""
    row = incident_row(incident_id)
    buyers = affected_buyers(incident_id)
    requests = _incident_requests(incident_id)
    outage_data = flow_state(row).data.get("outage", {})
    return Outcome(
        buyers=len(buyers),
        contacted=sum(1 for b in buyers if b.contacted),
        unreachable=sum(1 for b in buyers if not b.contacted and b.unreachable),
        requests=len(requests),
        requests_issued=sum(1 for r in requests if r.status == "issued"),
        requests_cancelled=sum(1 for r in requests if r.status == "cancelled"),
        requests_open=sum(1 for r in requests if r.status == "open"),
        outage_started=bool(
            outage_data.get("outage_started")
            or outage_data.get("already_active_since")
            or outage_data.get("practice")
        ),
    )


def claimed(incident_id: int, key: str) -> dict[str, Any]:
    """The counts a claiming step keeps in its record, from the data."""
    o = outcome(incident_id)
    if key == "customers":
        return {"buyers": o.buyers, "contacted": o.contacted, "unreachable": o.unreachable}
    if key == "recovery":
        return {
            "requests": o.requests,
            "requests_issued": o.requests_issued,
            "requests_cancelled": o.requests_cancelled,
        }
    return {}


def customer_message(
    incident_id: int,
    buyer: AffectedBuyer,
    *,
    sender: str,
    promise: str,
    parts: Sequence[str] = TEMPLATE_ORDER,
) -> str:
    """The message for one buyer from the plan's templates, in the interface language."""
    incident_row(incident_id)  # refuses an unknown incident
    plan = get_plan()
    phone = plan.role("liaison").phone or plan.role("in_charge").phone or ""
    detail = incident_text(
        QT_TRANSLATE_NOOP("Incident", "{labels}，合计{total}")
        if len(buyer.labels) <= 5
        else QT_TRANSLATE_NOOP("Incident", "{labels}等，合计{total}"),
        labels="、".join(buyer.labels[:5]),
        total=format_money(buyer.total),
    )
    params = {
        "buyer": buyer.name,
        "shop": get_company().name or incident_text(OUR_SHOP),
        "sender": sender,
        "detail": detail,
        "promise": promise,
        "phone": phone or incident_text(QT_TRANSLATE_NOOP("Incident", "本店电话")),
    }
    return sentences(str(Message("Plan", TEMPLATES[p], params)) for p in parts if p in TEMPLATES)


@guarded("incident.handle")
def record_customer_contact(
    incident_id: int, name: str, *, phone: str, channel: str, message: str, note: str, actor: str
) -> ContactView:
    name = name.strip()
    if not name:
        raise ValidationFailed([problem("name", QT_TRANSLATE_NOOP("Problem", "请填写联系的客户"))])
    with database.atomic():
        row = open_row(incident_id)
        c = IncidentContact.create(
            incident=row,
            kind="customer",
            name=name,
            phone=phone.strip(),
            channel=channel,
            message=message,
            note=note.strip(),
            ts=clock.stamp(),
            actor=actor,
        )
        text = incident_text(
            QT_TRANSLATE_NOOP("Incident", "已联系客户：{name}（{channel}）{note}"),
            name=name,
            channel=channel,
            note=note.strip(),
        )
        if row.drill:
            text = incident_text(QT_TRANSLATE_NOOP("Incident", "[演练] {text}"), text=text)
        add_event(
            row,
            actor,
            "note",
            "customers",
            text,
        )
        audit.append(
            actor,
            "incident.contact",
            "incident",
            row.id,
            None,
            {"customer": name, "channel": channel},
        )
    return ContactView(c.kind, c.name, c.phone, c.channel, c.message, c.note, c.ts, c.actor)


def tax_done(o: Outcome) -> str:
    """What was done, sentence by sentence, only as far as the recorded data shows it."""
    parts: list[tuple[str, dict[str, Any]]] = []
    if o.outage_started:
        parts.append((TAX_DONE["outage"], {}))
    if o.buyers:
        waiting = o.buyers - o.contacted - o.unreachable
        if o.contacted == o.buyers:
            parts.append((TAX_DONE["all_told"], {"n": o.buyers}))
        elif o.contacted:
            parts.append((TAX_DONE["some_told"], {"n": o.contacted}))
        elif not o.unreachable:
            parts.append((TAX_DONE["none_told"], {}))
        if o.unreachable:
            parts.append((TAX_DONE["unreachable"], {"n": o.unreachable}))
        if waiting and (o.contacted or o.unreachable):
            parts.append((TAX_DONE["telling"], {"n": waiting}))
    if o.requests_issued or o.requests_cancelled:
        parts.append(
            (
                TAX_DONE["requests"],
                {"issued": o.requests_issued, "cancelled": o.requests_cancelled},
            )
        )
    return "".join(str(Message("Plan", source, params)) for source, params in parts)


def tax_summary(incident_id: int, caller: str) -> str:
    """What to read out to the tax office (or print): the facts and only what was really done."""
    view = get_incident(incident_id)
    company = get_company()
    buyers = {i.buyer_name for i in view.items}
    declared = view.declared_at or view.started_at
    return str(
        Message(
            "Plan",
            TAX_SUMMARY,
            {
                "shop": company.name or incident_text(OUR_SHOP),
                "tax_id": company.tax_id or "—",
                "caller": caller,
                "declared_at": incident_text(
                    QT_TRANSLATE_NOOP("Incident", "{y}年{m}月{d}日 {hm}"),
                    y=(local := to_local(declared)).year,
                    m=local.month,
                    d=local.day,
                    hm=f"{local:%H:%M}",
                ),
                "symptom": translate("Plan", SYMPTOMS.get(view.symptom, "")),
                "invoices": sum(1 for i in view.items if i.kind == "invoice"),
                "requests": sum(1 for i in view.items if i.kind == "request"),
                "buyers": len(buyers),
                "done": tax_done(outcome(incident_id)),
            },
        )
    )
