"""The invoices and counter requests an incident affects: linked by time window, reported
missing by a customer, or taken by hand during the outage; each looked at again on recovery.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from invoicedesk.core import clock
from invoicedesk.core.clock import to_local
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, translate
from invoicedesk.core.kinds import STATUSES as INVOICE_STATUSES
from invoicedesk.core.money import from_fen, to_fen
from invoicedesk.core.problems import problem
from invoicedesk.services.errors import NotFound, ValidationFailed
from invoicedesk.services.incident_views import ItemView, incident_text, open_row
from invoicedesk.services.session import guarded
from invoicedesk.store import audit
from invoicedesk.store.incident_models import Incident, IncidentItem
from invoicedesk.store.invoice_queries import InvoiceFilter
from invoicedesk.store.models import Invoice, database
from invoicedesk.store.writers import inserted

WINDOW_LIMIT = 5000  # invoices linked by one time window: an outage is hours, not months


def link_item(
    row: Incident,
    kind: str,
    ref_id: int,
    reason: str,
    buyer: str,
    label: str,
    total_fen: int,
    actor: str,
) -> bool:
    # One statement, not a read then a write: two counters adding the same item both succeed.
    added = inserted(
        IncidentItem.insert(
            incident=row,
            kind=kind,
            ref_id=ref_id,
            reason=reason,
            buyer_name=buyer,
            label=label,
            total_fen=total_fen,
            added_at=clock.stamp(),
            added_by=actor,
        ).on_conflict_ignore()
    )
    if not added:
        if reason == "reported_missing":
            IncidentItem.update(reason=reason).where(
                (IncidentItem.incident == row.id)
                & (IncidentItem.kind == kind)
                & (IncidentItem.ref_id == ref_id)
            ).execute()
        return False
    return True


@guarded("incident.handle")
def add_invoices_in_window(incident_id: int, date_from: date, date_to: date, actor: str) -> int:
    """Link every ledger invoice issued in the window; returns how many were new."""
    if date_to < date_from:
        raise ValidationFailed(
            [problem("date_to", QT_TRANSLATE_NOOP("Problem", "结束日期不能早于开始日期"))]
        )
    from invoicedesk.services.invoices import list_invoices

    rows = list_invoices(
        InvoiceFilter(date_from=date_from, date_to=date_to),
        sort="id",
        descending=False,
        limit=WINDOW_LIMIT,
    ).rows
    added = 0
    with database.atomic():
        row = open_row(incident_id)
        for inv in rows:
            added += link_item(
                row,
                "invoice",
                inv.id,
                "window",
                inv.buyer_name,
                inv.number,
                to_fen(inv.total),
                actor,
            )
        audit.append(
            actor,
            "incident.collect",
            "incident",
            row.id,
            None,
            {"from": date_from.isoformat(), "to": date_to.isoformat(), "added": added},
        )
    return added


@guarded("incident.handle")
def mark_reported_missing(incident_id: int, number: str, actor: str) -> ItemView:
    """A customer says this invoice is not in the system: find it in the ledger and mark it."""
    number = "".join(number.split())
    inv = Invoice.select().where(Invoice.number == number).first()
    if inv is None:
        raise ValidationFailed(
            [
                problem(
                    "number",
                    QT_TRANSLATE_NOOP("Problem", "台账中没有号码为{number}的发票"),
                    number=number,
                )
            ]
        )
    with database.atomic():
        row = open_row(incident_id)
        link_item(
            row,
            "invoice",
            inv.id,
            "reported_missing",
            inv.buyer_name,
            inv.number,
            inv.total_fen,
            actor,
        )
        audit.append(actor, "incident.missing", "incident", row.id, None, {"invoice": inv.id})
    item = IncidentItem.get(
        (IncidentItem.incident == incident_id)
        & (IncidentItem.kind == "invoice")
        & (IncidentItem.ref_id == inv.id)
    )
    return ItemView(
        item.id,
        item.kind,
        item.ref_id,
        item.reason,
        item.buyer_name,
        item.label,
        from_fen(item.total_fen),
        item.added_by,
        item.recheck,
    )


def counter_requests(status: str | None) -> list[Any]:
    """The counter's outage requests."""
    from invoicedesk.services import requests

    return list(requests.list_requests(status))


@guarded("incident.handle")
def add_open_requests(incident_id: int, actor: str) -> int:
    """Link the open invoice requests taken by hand (a drill links only practice requests)."""
    with database.atomic():
        row = open_row(incident_id)
        added = 0
        for req in counter_requests("open"):
            if bool(req.drill) != bool(row.drill):
                continue
            if req.incident_id not in (None, row.id):
                continue
            label = f"{to_local(req.created_at):%m-%d %H:%M}" if req.created_at else ""
            added += link_item(
                row, "request", req.id, "request", req.buyer_name, label, to_fen(req.total), actor
            )
        audit.append(actor, "incident.requests", "incident", row.id, None, {"added": added})
    return added


@guarded("incident.handle")
def remove_item(incident_id: int, item_id: int, actor: str) -> None:
    with database.atomic():
        row = open_row(incident_id)
        item = IncidentItem.get_or_none(
            (IncidentItem.id == item_id) & (IncidentItem.incident == row.id)
        )
        if item is None:
            raise NotFound(QT_TRANSLATE_NOOP("Service", "这条受影响记录已不存在"))
        before = {"kind": item.kind, "ref_id": item.ref_id, "reason": item.reason}
        item.delete_instance()
        audit.append(actor, "incident.unlink", "incident", row.id, before, None)


@guarded("incident.handle")
def recheck_items(incident_id: int, actor: str) -> int:
    """Look at each affected invoice and request again; the result is kept on the link."""
    statuses = {r.id: r for r in counter_requests(None)}
    count = 0
    with database.atomic():
        for item in IncidentItem.select().where(IncidentItem.incident == incident_id):
            if item.kind == "invoice":
                inv = Invoice.get_or_none(Invoice.id == item.ref_id)
                status = (
                    translate("Status", INVOICE_STATUSES.get(inv.status, inv.status)) if inv else ""
                )
                item.recheck = (
                    incident_text(
                        QT_TRANSLATE_NOOP("Incident", "台账中，状态：{status}"), status=status
                    )
                    if inv
                    else incident_text(QT_TRANSLATE_NOOP("Incident", "台账中找不到"))
                )
            else:
                req = statuses.get(item.ref_id)
                if req is None:
                    item.recheck = incident_text(QT_TRANSLATE_NOOP("Incident", "找不到该申请"))
                elif req.invoice_id:
                    item.recheck = incident_text(
                        QT_TRANSLATE_NOOP("Incident", "已开票（发票#{id}）"), id=req.invoice_id
                    )
                else:
                    from invoicedesk.services.requests import status_label

                    item.recheck = incident_text(
                        QT_TRANSLATE_NOOP("Incident", "申请状态：{status}"),
                        status=status_label(req.status),
                    )
            item.rechecked_at = clock.stamp()
            item.save()
            count += 1
        if count:
            audit.append(actor, "incident.recheck", "incident", incident_id, None, {"items": count})
    return count
