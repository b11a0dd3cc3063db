"""Incidents: the wizard's steps recorded with time and person (start, checks, each step with
its side effects, skip, withdraw, notes).

The views and shared row helpers are in incident_views; affected invoices and requests in
incident_items; customers and the tax office in incident_contacts; the register and follow-up
actions in incident_register; the PDF report in incident_report.

A drill (应急演练) walks the same flow but changes nothing real: outage mode is not switched and
no invoice or request is touched; each side effect is recorded as what would have been done.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from invoicedesk.core import clock
from invoicedesk.core import incident_flow as flowlib
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, translate
from invoicedesk.core.plan_defaults import SYMPTOMS
from invoicedesk.core.problems import Problem, problem
from invoicedesk.services import outage
from invoicedesk.services.errors import NotAllowed, ValidationFailed
from invoicedesk.services.incident_contacts import claimed, step_facts, tax_summary
from invoicedesk.services.incident_items import recheck_items
from invoicedesk.services.incident_views import (
    PHONE_CHANNEL,
    EventView,
    IncidentView,
    add_event,
    flow_state,
    get_incident,
    incident_row,
    incident_text,
    open_row,
    severity_text,
    symptom_text,
)
from invoicedesk.services.plan import get_plan
from invoicedesk.services.session import guarded
from invoicedesk.services.system_checks import CheckResult, run_checks
from invoicedesk.store import audit
from invoicedesk.store.incident_models import Incident, IncidentAction, IncidentContact
from invoicedesk.store.models import database

QUICK_CHECKS = ("database", "disk_space", "platform")


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
        add_event(row, actor, "note", "", text)
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
    row = open_row(incident_id)
    results = run_checks(QUICK_CHECKS, source="wizard", actor=actor)
    with database.atomic():
        text = "；".join(
            incident_text(
                QT_TRANSLATE_NOOP("Incident", "{check}：正常（{detail}）")
                if r.ok
                else QT_TRANSLATE_NOOP("Incident", "{check}：异常（{detail}）"),
                check=translate("Check", name_title(r.name)),
                detail=r.text,
            )
            for r in results
        )
        add_event(row, actor, "note", "checks", text)
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
        row = open_row(incident_id, lock=True)
        steps = get_plan().steps
        before = flow_state(row)
        actions = _check_actions(record.pop("actions", []) or []) if key == flowlib.LAST else []
        facts = step_facts(row.id) if key in flowlib.CLAIMS else None
        if key in flowlib.CLAIMS:
            # What the step claims is kept as the data says it, never as the screen said it.
            record.update(claimed(row.id, key))
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
            text = incident_text(QT_TRANSLATE_NOOP("Incident", "[演练] {text}"), text=text).strip()
        add_event(row, actor, "step", key, text)
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
            channel=str(record.get("channel", "") or incident_text(PHONE_CHANNEL)),
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
            channel=incident_text(PHONE_CHANNEL),
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
        row = open_row(incident_id, lock=True)
        before = flow_state(row)
        try:
            after = flowlib.skip(get_plan().steps, before, key, at=clock.stamp(), by=actor)
        except flowlib.FlowError as exc:
            raise ValidationFailed(exc.problems) from exc
        row.flow = json.dumps(after.to_json(), ensure_ascii=False)
        row.save()
        add_event(row, actor, "skip", key, "")
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
        row = open_row(incident_id, lock=True)
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
        state = flow_state(row)
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
        text = incident_text(
            QT_TRANSLATE_NOOP("Incident", "误报，撤销事件：{reason}"), reason=reason
        )
        if row.drill:
            text = incident_text(QT_TRANSLATE_NOOP("Incident", "[演练] {text}"), text=text)
        add_event(row, actor, "withdraw", "", text)
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
        row = incident_row(incident_id)
        event = add_event(row, actor, "note", "", text)
        audit.append(actor, "incident.note", "incident", row.id, None, {"text": text})
    return event
