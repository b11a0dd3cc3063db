"""Incidents: the wizard's steps recorded with time and person, the register, drills.

A drill (应急演练) walks the same flow but changes nothing real: outage mode is not switched and
no invoice or request is touched; each side effect is recorded as what would have been done.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from peewee import PostgresqlDatabase

from invoicedesk.core import clock
from invoicedesk.core import incident_flow as flowlib
from invoicedesk.core.clock import to_local
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message, sentences, translate
from invoicedesk.core.kinds import STATUSES as INVOICE_STATUSES
from invoicedesk.core.money import format_money, from_fen, to_fen
from invoicedesk.core.plan_defaults import (
    SEVERITIES,
    SYMPTOMS,
    TAX_DONE,
    TAX_SUMMARY,
    TEMPLATE_ORDER,
    TEMPLATES,
)
from invoicedesk.core.problems import Problem, problem
from invoicedesk.services import outage
from invoicedesk.services.company import get_company
from invoicedesk.services.errors import NotAllowed, NotFound, ValidationFailed
from invoicedesk.services.plan import get_plan
from invoicedesk.services.session import guarded
from invoicedesk.services.system_checks import CheckResult, run_checks
from invoicedesk.store import audit
from invoicedesk.store.counter_models import InvoiceRequest
from invoicedesk.store.incident_models import (
    Incident,
    IncidentAction,
    IncidentContact,
    IncidentEvent,
    IncidentItem,
)
from invoicedesk.store.invoice_queries import InvoiceFilter
from invoicedesk.store.models import Buyer, Invoice, database

QUICK_CHECKS = ("database", "disk_space", "platform")
OUR_SHOP = QT_TRANSLATE_NOOP("Incident", "本店")
PHONE_CHANNEL = QT_TRANSLATE_NOOP("Incident", "电话")


def _m(source: str, **params: Any) -> str:
    """A sentence in the interface language (timeline lines are stored as written)."""
    return str(Message("Incident", source, params))


WINDOW_LIMIT = 5000  # invoices linked by one time window: an outage is hours, not months


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
        return _minutes(self.started_at, self.closed_at)


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


def _minutes(start: str, end: str) -> int | None:
    if not start:
        return None
    finish = datetime.fromisoformat(end) if end else clock.now()
    return max(0, int((finish - datetime.fromisoformat(start)).total_seconds() // 60))


def _row(incident_id: int) -> Incident:
    row = Incident.get_or_none(Incident.id == incident_id)
    if row is None:
        raise NotFound(QT_TRANSLATE_NOOP("Service", "找不到第{id}号事件"), id=incident_id)
    return row


def _state(row: Incident) -> flowlib.FlowState:
    return flowlib.FlowState.from_json(json.loads(row.flow or "{}"))


def _event(row: Incident, actor: str, kind: str, step: str, text: str) -> EventView:
    e = IncidentEvent.create(
        incident=row, ts=clock.stamp(), actor=actor, kind=kind, step=step, text=text
    )
    return EventView(e.ts, e.actor, e.kind, e.step, e.text)


def _open_row(incident_id: int, *, lock: bool = False) -> Incident:
    """The incident, refused once closed. ``lock``: two counters on PostgreSQL completing the
    same step at once are serialised (SQLite serialises its writers by itself)."""
    if lock and isinstance(database.obj, PostgresqlDatabase):
        Incident.select().where(Incident.id == incident_id).for_update().first()
    row = _row(incident_id)
    if row.state == "withdrawn":
        raise NotAllowed(
            QT_TRANSLATE_NOOP("Service", "第{id}号事件已作为误报撤销，不能再修改"), id=row.id
        )
    if row.state != "open":
        raise NotAllowed(QT_TRANSLATE_NOOP("Service", "第{id}号事件已结案，不能再修改"), id=row.id)
    return row


def _action_view(a: IncidentAction) -> ActionView:
    due = a.due if isinstance(a.due, date) else date.fromisoformat(str(a.due))
    return ActionView(a.id, a.incident_id, a.text, a.owner, due, bool(a.done))


def get_incident(incident_id: int) -> IncidentView:
    row = _row(incident_id)
    state = _state(row)
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
        _action_view(a)
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


# ------------------------------------------------------------------ the wizard


@guarded("incident.handle")
def start_incident(actor: str, *, drill: bool = False) -> IncidentView:
    """Open a new incident (or drill) at its first step."""
    with database.atomic():
        row = Incident.create(started_at=clock.stamp(), started_by=actor, drill=drill, flow="{}")
        text = translate(
            "Incident",
            QT_TRANSLATE_NOOP("Incident", "开始应急演练")
            if drill
            else QT_TRANSLATE_NOOP("Incident", "打开应急向导"),
        )
        _event(row, actor, "note", "", text)
        audit.append(actor, "incident.start", "incident", row.id, None, {"drill": drill})
    return get_incident(row.id)


def resumable(drill: bool = False) -> IncidentView | None:
    """The newest open incident (or drill): the wizard resumes it at its step."""
    row = (
        Incident.select()
        .where((Incident.state == "open") & (Incident.drill == drill))
        .order_by(Incident.id.desc())
        .first()
    )
    return get_incident(row.id) if row else None


@guarded("incident.handle")
def resume_or_start(actor: str, *, drill: bool = False) -> IncidentView:
    """What the menu's "start" does: carry on with the open one, or open a new one."""
    return resumable(drill) or start_incident(actor, drill=drill)


@guarded("incident.handle")
def run_quick_checks(incident_id: int, actor: str) -> list[CheckResult]:
    """The app's own health checks and the platform reachability test, each logged."""
    row = _open_row(incident_id)
    results = run_checks(QUICK_CHECKS, source="wizard", actor=actor)
    with database.atomic():
        text = "；".join(
            _m(
                QT_TRANSLATE_NOOP("Incident", "{check}：正常（{detail}）")
                if r.ok
                else QT_TRANSLATE_NOOP("Incident", "{check}：异常（{detail}）"),
                check=translate("Check", name_title(r.name)),
                detail=r.text,
            )
            for r in results
        )
        _event(row, actor, "note", "checks", text)
        audit.append(
            actor, "incident.checks", "incident", row.id, None, {"ok": [r.ok for r in results]}
        )
    return results


def name_title(name: str) -> str:
    from invoicedesk.services.system_checks import CHECK_TITLES

    return CHECK_TITLES.get(name, name)


def _check_actions(raw: Sequence[Mapping[str, Any]]) -> list[tuple[str, str, date]]:
    out: list[tuple[str, str, date]] = []
    problems: list[Problem] = []
    for no, item in enumerate(raw, 1):
        text = str(item.get("text", "") or "").strip()
        owner = str(item.get("owner", "") or "").strip()
        due = item.get("due")
        if not text and not owner:
            continue  # an empty row of the form
        if not text:
            problems.append(
                problem(
                    f"actions[{no}].text",
                    QT_TRANSLATE_NOOP("Problem", "第{no}项改进事项没有内容"),
                    no=no,
                )
            )
        if not owner:
            problems.append(
                problem(
                    f"actions[{no}].owner",
                    QT_TRANSLATE_NOOP("Problem", "第{no}项改进事项没有负责人"),
                    no=no,
                )
            )
        if isinstance(due, str):
            try:
                due = date.fromisoformat(due)
            except ValueError:
                due = None
        if not isinstance(due, date):
            problems.append(
                problem(
                    f"actions[{no}].due",
                    QT_TRANSLATE_NOOP("Problem", "第{no}项改进事项的完成日期不对"),
                    no=no,
                )
            )
        else:
            out.append((text, owner, due))
    if problems:
        raise ValidationFailed(problems)
    return out


def _step_text(key: str, record: Mapping[str, Any]) -> str:
    """A short line for the timeline (source language, as the audit keeps it)."""
    if key == "symptom":
        return symptom_text(str(record.get("symptom", "")))
    if key == "declare":
        return severity_text(str(record.get("severity", ""))) + (
            f"；{record['description']}" if record.get("description") else ""
        )
    if key == "notify":
        return (
            f"{record.get('person', '')} {record.get('phone', '')} {record.get('note', '')}".strip()
        )
    if key == "tax_office":
        return f"{record.get('spoke_to', '')} {record.get('answer', '')}".strip()
    if key == "close":
        return str(record.get("cause", ""))
    return str(record.get("note", "") or "")


@guarded("incident.handle")
def complete_step(
    incident_id: int, key: str, record: Mapping[str, Any], actor: str
) -> IncidentView:
    """Record the current step as done by ``actor`` now, with its side effects (none in a drill)."""
    record = dict(record)
    with database.atomic():
        row = _open_row(incident_id, lock=True)
        steps = get_plan().steps
        before = _state(row)
        actions = _check_actions(record.pop("actions", []) or []) if key == flowlib.LAST else []
        facts = _facts(row.id) if key in flowlib.CLAIMS else None
        if key in flowlib.CLAIMS:
            # What the step claims is kept as the data says it, never as the screen said it.
            record.update(_claimed(row.id, key))
        if key == "tax_office":
            # The script as the data says it now, whatever the screen showed earlier.
            record["summary"] = tax_summary(row.id, actor)
        try:
            after = flowlib.complete(
                steps, before, key, record, at=clock.stamp(), by=actor, facts=facts
            )
        except flowlib.FlowError as exc:
            raise ValidationFailed(exc.problems) from exc
        extra = _side_effects(row, key, record, actor)
        if extra:
            data = {**after.data, key: {**after.data[key], **extra}}
            after = flowlib.FlowState(after.symptom, after.done, after.skipped, data)
        if key == flowlib.LAST:
            for text, owner, due in actions:
                IncidentAction.create(incident=row, text=text, owner=owner, due=due)
            row.state = "closed"
            row.closed_at = clock.stamp()
            row.closed_by = actor
            row.cause = str(record.get("cause", "")).strip()
            row.fix = str(record.get("fix", "")).strip()
            row.lessons = str(record.get("lessons", "")).strip()
        row.flow = json.dumps(after.to_json(), ensure_ascii=False)
        row.save()
        text = _step_text(key, {**record, **extra})
        if row.drill:
            text = _m(QT_TRANSLATE_NOOP("Incident", "[演练] {text}"), text=text).strip()
        _event(row, actor, "step", key, text)
        audit.append(
            actor,
            "incident.step",
            "incident",
            row.id,
            {"step": key, "done": sorted(before.done)},
            {"step": key, "record": {**record, **extra}, "actions": len(actions)},
        )
    return get_incident(incident_id)


def _side_effects(row: Incident, key: str, record: Mapping[str, Any], actor: str) -> dict[str, Any]:
    drill = bool(row.drill)
    if key == "symptom":
        row.symptom = str(record["symptom"])
    elif key == "declare":
        row.declared_at = clock.stamp()
        row.declared_by = actor
        row.severity = str(record["severity"])
    elif key == "outage":
        state = outage.outage_state()
        if drill:
            return {"practice": True, "would": "start_outage"}
        if state.active:
            return {"already_active_since": state.since}
        outage.start_outage(actor, SYMPTOMS.get(row.symptom, ""), incident_id=row.id)
        return {"outage_started": True}
    elif key == "notify":
        IncidentContact.create(
            incident=row,
            kind="in_charge",
            name=str(record.get("person", "")).strip(),
            phone=str(record.get("phone", "")).strip(),
            channel=str(record.get("channel", "") or _m(PHONE_CHANNEL)),
            note=str(record.get("note", "")).strip(),
            ts=clock.stamp(),
            actor=actor,
        )
    elif key == "tax_office" and not record.get("not_needed"):
        IncidentContact.create(
            incident=row,
            kind="tax_office",
            name=str(record.get("spoke_to", "")).strip(),
            phone=str(record.get("phone", "")).strip(),
            channel=_m(PHONE_CHANNEL),
            message=str(record.get("summary", "")),
            note=str(record.get("answer", "")).strip(),
            ts=clock.stamp(),
            actor=actor,
        )
    elif key == "recovery":
        rechecked = recheck_items(row.id, actor)
        if drill:
            return {"practice": True, "would": "end_outage", "rechecked": rechecked}
        state = outage.outage_state()
        if state.active and state.incident_id == row.id:
            outage.end_outage(actor)
            return {"outage_ended": True, "rechecked": rechecked}
        return {"rechecked": rechecked}
    return {}


@guarded("incident.handle")
def skip_step(incident_id: int, key: str, actor: str) -> IncidentView:
    with database.atomic():
        row = _open_row(incident_id, lock=True)
        before = _state(row)
        try:
            after = flowlib.skip(get_plan().steps, before, key, at=clock.stamp(), by=actor)
        except flowlib.FlowError as exc:
            raise ValidationFailed(exc.problems) from exc
        row.flow = json.dumps(after.to_json(), ensure_ascii=False)
        row.save()
        _event(row, actor, "skip", key, "")
        audit.append(actor, "incident.skip", "incident", row.id, None, {"step": key})
    return get_incident(incident_id)


def can_withdraw(view: IncidentView) -> bool:
    """A false alarm may be withdrawn while nobody outside the shop was told of it."""
    return view.state == "open" and not any(
        c.kind in ("customer", "tax_office") for c in view.contacts
    )


@guarded("incident.handle")
def withdraw_incident(incident_id: int, reason: str, actor: str) -> IncidentView:
    """Withdraw an incident declared by mistake (an accidental F9, a false alarm).

    Nothing is deleted: the incident stays in the register as withdrawn, with the reason, the
    person and the time; outage mode it started ends; the banner goes. Refused once customers or
    the tax office were told (then the incident is closed through its steps, saying so).
    """
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(
            [problem("reason", QT_TRANSLATE_NOOP("Problem", "请写明为什么是误报"))]
        )
    with database.atomic():
        row = _open_row(incident_id, lock=True)
        told = (
            IncidentContact.select()
            .where(
                (IncidentContact.incident == row.id)
                & IncidentContact.kind.in_(["customer", "tax_office"])
            )
            .exists()
        )
        if told:
            raise NotAllowed(
                QT_TRANSLATE_NOOP(
                    "Service",
                    "第{id}号事件已经联系过客户或税务机关，不能作为误报撤销：请在最后一步结案，"
                    "原因写“误报”",
                ),
                id=row.id,
            )
        state = _state(row)
        outage_ended = False
        if not row.drill:
            current = outage.outage_state()
            if current.active and current.incident_id == row.id:
                outage.end_outage(actor)
                outage_ended = True
        row.state = "withdrawn"
        row.closed_at = clock.stamp()
        row.closed_by = actor
        row.cause = reason
        row.save()
        text = _m(QT_TRANSLATE_NOOP("Incident", "误报，撤销事件：{reason}"), reason=reason)
        if row.drill:
            text = _m(QT_TRANSLATE_NOOP("Incident", "[演练] {text}"), text=text)
        _event(row, actor, "withdraw", "", text)
        audit.append(
            actor,
            "incident.withdraw",
            "incident",
            row.id,
            {"state": "open", "done": sorted(state.done)},
            {"state": "withdrawn", "reason": reason, "outage_ended": outage_ended},
        )
    return get_incident(incident_id)


@guarded("incident.handle")
def add_note(incident_id: int, text: str, actor: str) -> EventView:
    """Anyone may add a line to the timeline, open or closed (late findings belong there too)."""
    text = text.strip()
    if not text:
        raise ValidationFailed([problem("note", QT_TRANSLATE_NOOP("Problem", "备注不能为空"))])
    if len(text) > 2000:
        raise ValidationFailed(
            [problem("note", QT_TRANSLATE_NOOP("Problem", "备注不能超过2000个字符"))]
        )
    with database.atomic():
        row = _row(incident_id)
        event = _event(row, actor, "note", "", text)
        audit.append(actor, "incident.note", "incident", row.id, None, {"text": text})
    return event


# ------------------------------------------------------------------ affected invoices and requests


def _link(
    row: Incident,
    kind: str,
    ref_id: int,
    reason: str,
    buyer: str,
    label: str,
    total_fen: int,
    actor: str,
) -> bool:
    exists = IncidentItem.get_or_none(
        (IncidentItem.incident == row.id)
        & (IncidentItem.kind == kind)
        & (IncidentItem.ref_id == ref_id)
    )
    if exists is not None:
        if reason == "reported_missing" and exists.reason != reason:
            exists.reason = reason
            exists.save()
        return False
    IncidentItem.create(
        incident=row,
        kind=kind,
        ref_id=ref_id,
        reason=reason,
        buyer_name=buyer,
        label=label,
        total_fen=total_fen,
        added_at=clock.stamp(),
        added_by=actor,
    )
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
        row = _open_row(incident_id)
        for inv in rows:
            added += _link(
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
        row = _open_row(incident_id)
        _link(
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


def _requests(status: str | None) -> list[Any]:
    """The counter's outage requests, when that feature is installed (its module is optional)."""
    try:
        from invoicedesk.services import requests
    except ImportError:
        return []
    return list(requests.list_requests(status))


@guarded("incident.handle")
def add_open_requests(incident_id: int, actor: str) -> int:
    """Link the open invoice requests taken by hand (a drill links only practice requests)."""
    with database.atomic():
        row = _open_row(incident_id)
        added = 0
        for req in _requests("open"):
            if bool(req.drill) != bool(row.drill):
                continue
            if req.incident_id not in (None, row.id):
                continue
            label = f"{to_local(req.created_at):%m-%d %H:%M}" if req.created_at else ""
            added += _link(
                row, "request", req.id, "request", req.buyer_name, label, to_fen(req.total), actor
            )
        audit.append(actor, "incident.requests", "incident", row.id, None, {"added": added})
    return added


@guarded("incident.handle")
def remove_item(incident_id: int, item_id: int, actor: str) -> None:
    with database.atomic():
        row = _open_row(incident_id)
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
    statuses = {r.id: r for r in _requests(None)}
    count = 0
    with database.atomic():
        for item in IncidentItem.select().where(IncidentItem.incident == incident_id):
            if item.kind == "invoice":
                inv = Invoice.get_or_none(Invoice.id == item.ref_id)
                status = (
                    translate("Status", INVOICE_STATUSES.get(inv.status, inv.status)) if inv else ""
                )
                item.recheck = (
                    _m(QT_TRANSLATE_NOOP("Incident", "台账中，状态：{status}"), status=status)
                    if inv
                    else _m(QT_TRANSLATE_NOOP("Incident", "台账中找不到"))
                )
            else:
                req = statuses.get(item.ref_id)
                if req is None:
                    item.recheck = _m(QT_TRANSLATE_NOOP("Incident", "找不到该申请"))
                elif req.invoice_id:
                    item.recheck = _m(
                        QT_TRANSLATE_NOOP("Incident", "已开票（发票#{id}）"), id=req.invoice_id
                    )
                else:
                    from invoicedesk.services.requests import status_label

                    item.recheck = _m(
                        QT_TRANSLATE_NOOP("Incident", "申请状态：{status}"),
                        status=status_label(req.status),
                    )
            item.rechecked_at = clock.stamp()
            item.save()
            count += 1
        if count:
            audit.append(actor, "incident.recheck", "incident", incident_id, None, {"items": count})
    return count


# ------------------------------------------------------------------ customers and the tax office


def affected_buyers(incident_id: int) -> list[AffectedBuyer]:
    """Each buyer of the affected invoices and requests, with how to reach them."""
    _row(incident_id)
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
    request_contacts = {r.id: r for r in _requests(None)}
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
        row = _open_row(incident_id)
        c = IncidentContact.create(
            incident=row,
            kind="unreachable",
            name=name,
            note=reason,
            ts=clock.stamp(),
            actor=actor,
        )
        text = _m(
            QT_TRANSLATE_NOOP("Incident", "联系不上客户：{name}（{reason}）"),
            name=name,
            reason=reason,
        )
        if row.drill:
            text = _m(QT_TRANSLATE_NOOP("Incident", "[演练] {text}"), text=text)
        _event(row, actor, "note", "customers", text)
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


def _facts(incident_id: int) -> flowlib.Facts:
    """What the recorded data says, for the steps that claim something."""
    return flowlib.Facts(
        not_contacted=tuple(b.name for b in affected_buyers(incident_id) if not b.settled),
        open_requests=tuple(
            _request_label(r) for r in _incident_requests(incident_id) if r.status == "open"
        ),
    )


def outcome(incident_id: int) -> Outcome:
    """What actually happened so far, counted from the recorded data."""
    row = _row(incident_id)
    buyers = affected_buyers(incident_id)
    requests = _incident_requests(incident_id)
    outage_data = _state(row).data.get("outage", {})
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


def _claimed(incident_id: int, key: str) -> dict[str, Any]:
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
    _row(incident_id)  # refuses an unknown incident
    plan = get_plan()
    phone = plan.role("liaison").phone or plan.role("in_charge").phone or ""
    detail = _m(
        QT_TRANSLATE_NOOP("Incident", "{labels}，合计{total}")
        if len(buyer.labels) <= 5
        else QT_TRANSLATE_NOOP("Incident", "{labels}等，合计{total}"),
        labels="、".join(buyer.labels[:5]),
        total=format_money(buyer.total),
    )
    params = {
        "buyer": buyer.name,
        "shop": get_company().name or _m(OUR_SHOP),
        "sender": sender,
        "detail": detail,
        "promise": promise,
        "phone": phone or _m(QT_TRANSLATE_NOOP("Incident", "本店电话")),
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
        row = _open_row(incident_id)
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
        text = _m(
            QT_TRANSLATE_NOOP("Incident", "已联系客户：{name}（{channel}）{note}"),
            name=name,
            channel=channel,
            note=note.strip(),
        )
        if row.drill:
            text = _m(QT_TRANSLATE_NOOP("Incident", "[演练] {text}"), text=text)
        _event(
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
                "shop": company.name or _m(OUR_SHOP),
                "tax_id": company.tax_id or "—",
                "caller": caller,
                "declared_at": _m(
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


# ------------------------------------------------------------------ register, actions, drills


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
    return [_action_view(a) for a in query]


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
        row = _row(a.incident_id)
        _event(
            row,
            actor,
            "note",
            "action",
            _m(QT_TRANSLATE_NOOP("Incident", "改进事项完成：{text}"), text=a.text),
        )
        audit.append(
            actor, "incident.action_done", "incident_action", a.id, {"done": False}, {"done": True}
        )
    return _action_view(a)


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
            _minutes(r.started_at, r.closed_at),
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


def symptom_text(key: str) -> str:
    return translate("Plan", SYMPTOMS.get(key, "")) if key else ""


def severity_text(key: str) -> str:
    return translate("Plan", SEVERITIES.get(key, "")) if key else ""


_KIND_TEXT = {
    "invoice": QT_TRANSLATE_NOOP("Incident", "发票"),
    "request": QT_TRANSLATE_NOOP("Incident", "开票申请"),
}
_REASON_TEXT = {
    "window": "",
    "request": "",
    "reported_missing": QT_TRANSLATE_NOOP("Incident", "（客户反映查不到）"),
}
_CONTACT_TEXT = {
    "customer": QT_TRANSLATE_NOOP("Incident", "客户"),
    "in_charge": QT_TRANSLATE_NOOP("Incident", "负责人"),
    "tax_office": QT_TRANSLATE_NOOP("Incident", "税务机关"),
    "unreachable": QT_TRANSLATE_NOOP("Incident", "联系不上的客户"),
}


def _local(stamp: str) -> str:
    return f"{to_local(stamp):%Y-%m-%d %H:%M}" if stamp else ""


def step_title(view: IncidentView, key: str) -> str:
    for step in view.steps:
        if step.key == key:
            return translate("Plan", step.title)
    return key


@guarded("incident.handle")
def write_report(incident_id: int, path: Path, actor: str) -> Path:
    """The incident report as PDF (writing it changes nothing in the database)."""
    # reportlab loads here, when a report is first written, not when the window opens.
    from invoicedesk.exchange.incident_report_pdf import IncidentReport, write_incident_report

    view = get_incident(incident_id)
    happened = outcome(incident_id)
    tr = translate
    minutes = view.duration_minutes
    facts = [
        (tr("Incident", QT_TRANSLATE_NOOP("Incident", "编号")), str(view.id)),
        (tr("Incident", QT_TRANSLATE_NOOP("Incident", "发生情况")), symptom_text(view.symptom)),
        (tr("Incident", QT_TRANSLATE_NOOP("Incident", "严重程度")), severity_text(view.severity)),
        (
            tr("Incident", QT_TRANSLATE_NOOP("Incident", "开始")),
            f"{_local(view.started_at)}　{view.started_by}",
        ),
        (
            tr("Incident", QT_TRANSLATE_NOOP("Incident", "启动预案")),
            f"{_local(view.declared_at)}　{view.declared_by}",
        ),
        (
            tr("Incident", QT_TRANSLATE_NOOP("Incident", "误报撤销"))
            if view.state == "withdrawn"
            else tr("Incident", QT_TRANSLATE_NOOP("Incident", "结案")),
            _local(view.closed_at)
            + (f"　{view.cause}" if view.state == "withdrawn" and view.cause else ""),
        ),
        (
            tr("Incident", QT_TRANSLATE_NOOP("Incident", "联系客户")),
            str(
                Message(
                    "Incident",
                    QT_TRANSLATE_NOOP(
                        "Incident",
                        "共 {buyers} 位：已联系 {contacted} 位，联系不上 {unreachable} 位",
                    ),
                    {
                        "buyers": happened.buyers,
                        "contacted": happened.contacted,
                        "unreachable": happened.unreachable,
                    },
                )
            ),
        ),
        (
            tr("Incident", QT_TRANSLATE_NOOP("Incident", "开票申请")),
            str(
                Message(
                    "Incident",
                    QT_TRANSLATE_NOOP(
                        "Incident",
                        "共 {n} 笔：已开票 {issued} 笔，已取消 {cancelled} 笔，未处理 {open} 笔",
                    ),
                    {
                        "n": happened.requests,
                        "issued": happened.requests_issued,
                        "cancelled": happened.requests_cancelled,
                        "open": happened.requests_open,
                    },
                )
            ),
        ),
        (
            tr("Incident", QT_TRANSLATE_NOOP("Incident", "持续时间")),
            ""
            if minutes is None
            else str(
                Message("Incident", QT_TRANSLATE_NOOP("Incident", "{m} 分钟"), {"m": minutes})
            ),
        ),
    ]
    timeline = []
    for e in view.events:
        what = e.text
        if e.kind in ("step", "skip") and e.step:
            head = step_title(view, e.step)
            if e.kind == "skip":
                head += tr("Incident", QT_TRANSLATE_NOOP("Incident", "（跳过）"))
            else:
                head += tr("Incident", QT_TRANSLATE_NOOP("Incident", "（完成）"))
            what = f"{head} {what}".strip()
        timeline.append((_local(e.ts), e.actor, what))
    items = [
        (
            tr("Incident", _KIND_TEXT.get(i.kind, i.kind))
            + tr("Incident", _REASON_TEXT.get(i.reason, "") or ""),
            i.label,
            i.buyer_name,
            format_money(i.total),
            i.recheck,
        )
        for i in view.items
    ]
    contacts = [
        (
            _local(c.ts),
            f"{tr('Incident', _CONTACT_TEXT.get(c.kind, c.kind))}：{c.name}",
            c.phone,
            c.channel,
            c.note,
        )
        for c in view.contacts
    ]
    done_text = tr("Incident", QT_TRANSLATE_NOOP("Incident", "已完成"))
    open_text = tr("Incident", QT_TRANSLATE_NOOP("Incident", "未完成"))
    actions = [
        (a.text, a.owner, a.due.isoformat(), done_text if a.done else open_text)
        for a in view.actions
    ]
    title_src = (
        QT_TRANSLATE_NOOP("Incident", "应急演练报告 第{id}号")
        if view.drill
        else QT_TRANSLATE_NOOP("Incident", "应急事件报告 第{id}号")
    )
    report = IncidentReport(
        company=get_company().name,
        title=str(Message("Incident", title_src, {"id": view.id})),
        drill=view.drill,
        facts=facts,
        timeline=timeline,
        items=items,
        contacts=contacts,
        actions=actions,
        cause=view.cause,
        fix=view.fix,
        lessons=view.lessons,
        made_by=actor,
        made_at=_local(clock.stamp()),
    )
    return write_incident_report(report, path)
