"""The incident register, the follow-up actions still open, and who last practised a drill."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from invoicedesk.core import clock
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.services.errors import NotAllowed, NotFound
from invoicedesk.services.incident_views import (
    ActionView,
    DrillPractice,
    IncidentSummary,
    RegisterRow,
    action_view,
    add_event,
    incident_row,
    incident_text,
    minutes_between,
)
from invoicedesk.services.session import guarded
from invoicedesk.store import audit
from invoicedesk.store.incident_models import (
    Incident,
    IncidentAction,
    IncidentContact,
    IncidentEvent,
    IncidentItem,
)
from invoicedesk.store.models import database


def _counts(kind: str, incident_ids: Sequence[int]) -> dict[int, int]:
    from peewee import fn

    if not incident_ids:
        return {}
    q = (
        IncidentItem.select(IncidentItem.incident, fn.COUNT(IncidentItem.id))
        .where((IncidentItem.kind == kind) & IncidentItem.incident.in_(list(incident_ids)))
        .group_by(IncidentItem.incident)
    )
    return _pairs(q)


def _pairs(query: Any) -> dict[int, int]:
    return {int(i): int(n) for i, n in cast(Any, query.tuples())}


def open_incidents() -> list[IncidentSummary]:
    rows = list(Incident.select().where(Incident.state == "open").order_by(Incident.id))
    counts = _counts("invoice", [r.id for r in rows])
    return [
        IncidentSummary(
            r.id,
            r.declared_at or r.started_at,
            r.symptom,
            r.severity,
            r.state,
            bool(r.drill),
            counts.get(r.id, 0),
        )
        for r in rows
    ]


def open_actions() -> list[ActionView]:
    """Follow-up actions not done, oldest due first."""
    query = (
        IncidentAction.select()
        .where(IncidentAction.done == False)  # noqa: E712
        .order_by(IncidentAction.due, IncidentAction.id)
    )
    return [action_view(a) for a in query]


@guarded("incident.handle")
def mark_action_done(action_id: int, actor: str) -> ActionView:
    with database.atomic():
        a = IncidentAction.get_or_none(IncidentAction.id == action_id)
        if a is None:
            raise NotFound(QT_TRANSLATE_NOOP("Service", "找不到这项改进事项"))
        if a.done:
            raise NotAllowed(QT_TRANSLATE_NOOP("Service", "这项改进事项已经完成"))
        a.done = True
        a.done_at = clock.stamp()
        a.done_by = actor
        a.save()
        row = incident_row(a.incident_id)
        add_event(
            row,
            actor,
            "note",
            "action",
            incident_text(QT_TRANSLATE_NOOP("Incident", "改进事项完成：{text}"), text=a.text),
        )
        audit.append(
            actor, "incident.action_done", "incident_action", a.id, {"done": False}, {"done": True}
        )
    return action_view(a)


def register(*, include_drills: bool = True, limit: int = 500) -> list[RegisterRow]:
    """Incidents newest first, with duration and affected counts."""
    query = Incident.select().order_by(Incident.id.desc()).limit(limit)
    if not include_drills:
        query = query.where(Incident.drill == False)  # noqa: E712
    rows = list(query)
    ids = [r.id for r in rows]
    invoices = _counts("invoice", ids)
    requests = _counts("request", ids)
    from peewee import fn

    contacted: dict[int, int] = {}
    pending: dict[int, int] = {}
    if ids:
        contacted = _pairs(
            IncidentContact.select(
                IncidentContact.incident, fn.COUNT(fn.DISTINCT(IncidentContact.name))
            )
            .where((IncidentContact.kind == "customer") & IncidentContact.incident.in_(ids))
            .group_by(IncidentContact.incident)
        )
        pending = _pairs(
            IncidentAction.select(IncidentAction.incident, fn.COUNT(IncidentAction.id))
            .where((IncidentAction.done == False) & IncidentAction.incident.in_(ids))  # noqa: E712
            .group_by(IncidentAction.incident)
        )
    return [
        RegisterRow(
            r.id,
            r.started_at,
            r.symptom,
            r.severity,
            r.state,
            bool(r.drill),
            minutes_between(r.started_at, r.closed_at),
            invoices.get(r.id, 0),
            requests.get(r.id, 0),
            contacted.get(r.id, 0),
            pending.get(r.id, 0),
        )
        for r in rows
    ]


def drill_log() -> list[DrillPractice]:
    """When each person last practised: anyone who completed a step of a drill."""
    from peewee import fn

    query = (
        IncidentEvent.select(
            IncidentEvent.actor,
            fn.MAX(IncidentEvent.ts),
            fn.COUNT(fn.DISTINCT(IncidentEvent.incident)),
        )
        .join(Incident)
        .where((Incident.drill == True) & (IncidentEvent.kind == "step"))  # noqa: E712
        .group_by(IncidentEvent.actor)
    )
    out = [DrillPractice(str(a), str(ts), int(n)) for a, ts, n in cast(Any, query.tuples())]
    return sorted(out, key=lambda d: d.last_at, reverse=True)
