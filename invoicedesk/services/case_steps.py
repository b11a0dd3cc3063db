"""The guided handling's steps and the withdrawal of a case (core.case_flow decides; this
module stores the outcome, the timeline entry and the audit entry in one transaction).

Archiving also writes the case record PDF into the attachments and keeps its SHA-256.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from invoicedesk.core import case_flow as cf
from invoicedesk.core import clock
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, translate
from invoicedesk.services import cases
from invoicedesk.services.case_record import keep_record
from invoicedesk.services.cases import CaseView
from invoicedesk.services.errors import NotAllowed, ValidationFailed
from invoicedesk.services.session import guarded
from invoicedesk.store import audit
from invoicedesk.store.case_models import CustomerCase
from invoicedesk.store.models import database


def _save_flow(row: CustomerCase, flow: cf.CaseFlow, actor: str) -> str:
    """Store the flow and the columns that follow from it; returns the old state."""
    old = row.state
    new = cf.state_of(flow)
    if new != old and not cf.can_move(old, new):  # the flow never does this; a guard
        raise NotAllowed(
            QT_TRANSLATE_NOOP("Case", "工单状态不能从{old}变为{new}"), old=old, new=new
        )
    now = clock.stamp()
    row.flow = json.dumps(flow.to_json(), ensure_ascii=False)
    row.state = new
    row.conclusion = flow.conclusion
    row.outcome = cf.outcome(flow)
    row.cause = str(flow.data.get("archive", {}).get("cause", ""))
    row.handled_by = actor
    if new == "delivered" and old != "delivered":
        row.delivered_at = now
    if new in cf.FINAL_STATES:
        row.closed_at = now
        row.callback_at = row.callback_at if new == "archived" else ""
    row.updated_at = now
    row.save()
    return old


STEP_DONE = {
    "identify": QT_TRANSLATE_NOOP("Case", "已确认客户和购买"),
    "apologise": QT_TRANSLATE_NOOP("Case", "已致歉；客户说：{said}"),
    "check": QT_TRANSLATE_NOOP("Case", "核实结论：{conclusion}"),
    "deliver": QT_TRANSLATE_NOOP("Case", "交付结果：{confirmed}"),
    "archive": QT_TRANSLATE_NOOP("Case", "已归档；原因：{cause}"),
}


def _step_text(key: str, record: Mapping[str, Any]) -> str:
    params: dict[str, Any] = {
        "said": record.get("said", ""),
        "conclusion": translate("Case", cf.CONCLUSIONS.get(str(record.get("conclusion")), "")),
        "confirmed": translate("Case", cf.CONFIRMATIONS.get(str(record.get("confirmed")), "")),
        "cause": translate("Case", cf.CAUSES.get(str(record.get("cause")), "")),
    }
    text = cases.say(STEP_DONE[key], **params)
    note = str(record.get("note", "") or record.get("purchase", "") or "").strip()
    return f"{text}；{note}" if note else text


@guarded("case.handle")
def complete_step(case_id: int, key: str, record: Mapping[str, Any], actor: str) -> CaseView:
    """Record one step of the guided handling (time and person); the state follows.

    Archiving also writes the case record PDF into the attachments and keeps its SHA-256.
    """
    with database.atomic():
        row = cases.open_row(case_id)
        view = cases.view_of(row)
        try:
            flow = cf.complete(view.flow, key, record, view.facts, at=clock.stamp(), by=actor)
        except cf.FlowError as exc:
            raise ValidationFailed(exc.problems) from None
        old = _save_flow(row, flow, actor)
        cases.event(case_id, actor, "step", _step_text(key, flow.data[key]), step=key)
        audit.append(
            actor,
            "case.step",
            "case",
            case_id,
            {"state": old},
            {"state": row.state, "step": key, "record": dict(flow.data[key])},
        )
        if key == "archive":
            row.record_sha256 = keep_record(case_id, actor)
            row.save(only=[CustomerCase.record_sha256])
        return cases.view_of(row)


@guarded("case.handle")
def withdraw_case(case_id: int, reason: str, actor: str) -> CaseView:
    with database.atomic():
        row = cases.open_row(case_id)
        view = cases.view_of(row)
        try:
            flow = cf.withdraw(view.flow, reason, at=clock.stamp(), by=actor)
        except cf.FlowError as exc:
            raise ValidationFailed(exc.problems) from None
        old = _save_flow(row, flow, actor)
        cases.event(
            case_id,
            actor,
            "withdraw",
            cases.say(QT_TRANSLATE_NOOP("Case", "撤销工单：{reason}"), reason=flow.withdraw_reason),
        )
        audit.append(
            actor,
            "case.withdraw",
            "case",
            case_id,
            {"state": old},
            {"state": "withdrawn", "reason": flow.withdraw_reason},
        )
        return cases.view_of(row)
