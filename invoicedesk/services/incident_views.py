"""What an incident looks like to the screens (the dashboard's contract), reading one, and the
row helpers every incident use case shares.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from peewee import PostgresqlDatabase

from invoicedesk.core import clock
from invoicedesk.core import incident_flow as flowlib
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message, translate
from invoicedesk.core.money import from_fen
from invoicedesk.core.plan_defaults import SEVERITIES, SYMPTOMS
from invoicedesk.services.errors import NotAllowed, NotFound
from invoicedesk.services.plan import get_plan
from invoicedesk.store.incident_models import (
    Incident,
    IncidentAction,
    IncidentContact,
    IncidentEvent,
    IncidentItem,
)
from invoicedesk.store.models import database
from invoicedesk.store.writers import for_update

OUR_SHOP = QT_TRANSLATE_NOOP("Incident", "本店")
PHONE_CHANNEL = QT_TRANSLATE_NOOP("Incident", "电话")


def incident_text(source: str, **params: Any) -> str:
    """A sentence in the interface language (timeline lines are stored as written)."""
    return str(Message("Incident", source, params))


# ------------------------------------------------------------------ views (the dashboard's contract)


@dataclass(frozen=True)
class IncidentSummary:
    id: int
    declared_at: str
    symptom: str
    severity: str
    state: str
    drill: bool
    affected_invoices: int


@dataclass(frozen=True)
class ActionView:
    id: int
    incident_id: int
    text: str
    owner: str
    due: date
    done: bool


@dataclass(frozen=True)
class EventView:
    ts: str
    actor: str
    kind: str
    step: str
    text: str


@dataclass(frozen=True)
class ItemView:
    id: int
    kind: str
    ref_id: int
    reason: str
    buyer_name: str
    label: str
    total: Decimal
    added_by: str
    recheck: str


@dataclass(frozen=True)
class ContactView:
    kind: str
    name: str
    phone: str
    channel: str
    message: str
    note: str
    ts: str
    actor: str


@dataclass(frozen=True)
class IncidentView:
    id: int
    started_at: str
    started_by: str
    declared_at: str
    declared_by: str
    symptom: str
    severity: str
    state: str
    drill: bool
    closed_at: str
    cause: str
    fix: str
    lessons: str
    flow: flowlib.FlowState
    steps: tuple[flowlib.PlanStep, ...]
    current: str | None  # the step to show now; None once closed
    events: tuple[EventView, ...]
    items: tuple[ItemView, ...]
    contacts: tuple[ContactView, ...]
    actions: tuple[ActionView, ...]

    @property
    def path(self) -> list[flowlib.PlanStep]:
        return flowlib.path(self.steps, self.flow.symptom)

    @property
    def duration_minutes(self) -> int | None:
        return minutes_between(self.started_at, self.closed_at)


@dataclass(frozen=True)
class RegisterRow:
    id: int
    started_at: str
    symptom: str
    severity: str
    state: str
    drill: bool
    duration_minutes: int | None
    affected_invoices: int
    affected_requests: int
    customers_contacted: int
    open_actions: int


@dataclass(frozen=True)
class AffectedBuyer:
    name: str
    phone: str
    email: str
    labels: tuple[str, ...]
    total: Decimal
    contacted: bool
    unreachable: str = ""  # the reason recorded when the customer could not be reached

    @property
    def settled(self) -> bool:
        """Contacted, or recorded as unreachable with a reason: the customers step may finish."""
        return self.contacted or bool(self.unreachable)


@dataclass(frozen=True)
class Outcome:
    """What actually happened, from the recorded data: for the tax-office script and the report."""

    buyers: int
    contacted: int
    unreachable: int
    requests: int
    requests_issued: int
    requests_cancelled: int
    requests_open: int
    outage_started: bool


@dataclass(frozen=True)
class DrillPractice:
    person: str
    last_at: str
    drills: int


# ------------------------------------------------------------------ helpers


def minutes_between(start: str, end: str) -> int | None:
    if not start:
        return None
    finish = datetime.fromisoformat(end) if end else clock.now()
    return max(0, int((finish - datetime.fromisoformat(start)).total_seconds() // 60))


def incident_row(incident_id: int) -> Incident:
    for_update()  # in a write, saved back whole: two people on one incident never lose a change
    row = Incident.get_or_none(Incident.id == incident_id)
    if row is None:
        raise NotFound(QT_TRANSLATE_NOOP("Service", "找不到第{id}号事件"), id=incident_id)
    return row


def flow_state(row: Incident) -> flowlib.FlowState:
    return flowlib.FlowState.from_json(json.loads(row.flow or "{}"))


def add_event(row: Incident, actor: str, kind: str, step: str, text: str) -> EventView:
    e = IncidentEvent.create(
        incident=row, ts=clock.stamp(), actor=actor, kind=kind, step=step, text=text
    )
    return EventView(e.ts, e.actor, e.kind, e.step, e.text)


def open_row(incident_id: int, *, lock: bool = False) -> Incident:
    """The incident, refused once closed. ``lock``: two counters on PostgreSQL completing the
    same step at once are serialised (SQLite serialises its writers by itself)."""
    if lock and isinstance(database.obj, PostgresqlDatabase):
        Incident.select().where(Incident.id == incident_id).for_update().first()
    row = incident_row(incident_id)
    if row.state == "withdrawn":
        raise NotAllowed(
            QT_TRANSLATE_NOOP("Service", "第{id}号事件已作为误报撤销，不能再修改"), id=row.id
        )
    if row.state != "open":
        raise NotAllowed(QT_TRANSLATE_NOOP("Service", "第{id}号事件已结案，不能再修改"), id=row.id)
    return row


def action_view(a: IncidentAction) -> ActionView:
    due = a.due if isinstance(a.due, date) else date.fromisoformat(str(a.due))
    return ActionView(a.id, a.incident_id, a.text, a.owner, due, bool(a.done))


def get_incident(incident_id: int) -> IncidentView:
    row = incident_row(incident_id)
    state = flow_state(row)
    steps = tuple(get_plan().steps)
    current = flowlib.current_step(steps, state) if row.state == "open" else None
    events = tuple(
        EventView(e.ts, e.actor, e.kind, e.step, e.text)
        for e in IncidentEvent.select()
        .where(IncidentEvent.incident == row.id)
        .order_by(IncidentEvent.id)
    )
    items = tuple(
        ItemView(
            i.id,
            i.kind,
            i.ref_id,
            i.reason,
            i.buyer_name,
            i.label,
            from_fen(i.total_fen),
            i.added_by,
            i.recheck,
        )
        for i in IncidentItem.select()
        .where(IncidentItem.incident == row.id)
        .order_by(IncidentItem.id)
    )
    contacts = tuple(
        ContactView(c.kind, c.name, c.phone, c.channel, c.message, c.note, c.ts, c.actor)
        for c in IncidentContact.select()
        .where(IncidentContact.incident == row.id)
        .order_by(IncidentContact.id)
    )
    actions = tuple(
        action_view(a)
        for a in IncidentAction.select()
        .where(IncidentAction.incident == row.id)
        .order_by(IncidentAction.id)
    )
    return IncidentView(
        row.id,
        row.started_at,
        row.started_by,
        row.declared_at,
        row.declared_by,
        row.symptom,
        row.severity,
        row.state,
        bool(row.drill),
        row.closed_at,
        row.cause,
        row.fix,
        row.lessons,
        state,
        steps,
        current.key if current else None,
        events,
        items,
        contacts,
        actions,
    )


def symptom_text(key: str) -> str:
    return translate("Plan", SYMPTOMS.get(key, "")) if key else ""


def severity_text(key: str) -> str:
    return translate("Plan", SEVERITIES.get(key, "")) if key else ""
