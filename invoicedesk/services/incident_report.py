"""The incident report (PDF): the facts, timeline, affected items, contacts and actions of one
incident, as recorded.
"""

from __future__ import annotations

from pathlib import Path

from invoicedesk.core import clock
from invoicedesk.core.clock import to_local
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message, translate
from invoicedesk.core.money import format_money
from invoicedesk.services.company import get_company
from invoicedesk.services.incident_contacts import outcome
from invoicedesk.services.incident_views import (
    IncidentView,
    get_incident,
    severity_text,
    symptom_text,
)
from invoicedesk.services.session import guarded

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
