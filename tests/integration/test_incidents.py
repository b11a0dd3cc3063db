"""Incidents through the services: every step recorded with time and person, drills change nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from invoicedesk.services import (
    incident_contacts,
    incident_items,
    incident_register,
    incident_views,
    incidents,
)
from invoicedesk.services import requests as req
from invoicedesk.services.auditing import verify_audit
from invoicedesk.services.company import set_company
from invoicedesk.services.errors import NotAllowed, ValidationFailed
from invoicedesk.services.invoices import get_invoice, record_invoice
from invoicedesk.services.outage import outage_state
from invoicedesk.services.system_checks import recent_checks
from invoicedesk.store.models import Buyer
from tests.factories import BAIDU, HUAWEI, XIAOMI, draft, line

pytestmark = pytest.mark.usefixtures("db")
TODAY = date(2026, 10, 8)

CLOSE = {
    "cause": "平台升级维护",
    "fix": "手工登记，恢复后补开",
    "lessons": "每天开门前先看平台公告",
    "actions": [
        {"text": "培训新员工使用手工登记", "owner": "王店长", "due": "2026-11-01"},
        {"text": "补全预案中的电话", "owner": "老板", "due": date(2026, 10, 20)},
    ],
}


def ledger() -> list[int]:
    set_company("演示商店", "91110108551385082Q", "老板")
    ids = []
    for seq, (buyer, day) in enumerate(
        [(XIAOMI, 5), (BAIDU, 6), (XIAOMI, 6), (HUAWEI, 1)], start=1
    ):
        ids.append(
            record_invoice(
                draft(seq, buyer=buyer, issue_date=date(2026, 10, day)), "张三", today=TODAY
            ).id
        )
    Buyer.update(phone="13911112222").where(Buyer.name == XIAOMI[0]).execute()
    return ids


def walk_to(
    view: incident_views.IncidentView, key: str, actor: str = "张三"
) -> incident_views.IncidentView:
    records = {
        "declare": {"severity": "high", "description": "平台登录页打不开"},
        "notify": {"person": "王店长", "phone": "13800000000", "note": "电话已接通"},
        "tax_office": {"spoke_to": "李科员", "answer": "恢复后补开即可", "phone": "12366"},
    }
    while view.current != key:
        assert view.current is not None
        if view.current == "customers":
            for buyer in incident_contacts.affected_buyers(view.id):
                if not buyer.settled:
                    incident_contacts.record_customer_contact(
                        view.id,
                        buyer.name,
                        phone=buyer.phone,
                        channel="phone",
                        message="",
                        note="",
                        actor=actor,
                    )
        view = incidents.complete_step(view.id, view.current, records.get(view.current, {}), actor)
    return view


def test_a_real_incident_from_symptom_to_lessons() -> None:
    ids = ledger()
    view = incidents.start_incident("张三")
    assert view.current == "symptom" and view.state == "open"
    view = incidents.complete_step(view.id, "symptom", {"symptom": "login"}, "张三")
    assert view.current == "checks"
    results = incidents.run_quick_checks(view.id, "张三")
    assert [r.name for r in results] == list(incidents.QUICK_CHECKS)
    logged = recent_checks(10)
    assert {c.source for c in logged} == {"wizard"} and len(logged) == 3
    view = walk_to(view, "outage", "李四")
    assert view.severity == "high" and view.declared_by == "李四"
    view = incidents.complete_step(view.id, "outage", {}, "李四")
    state = outage_state()
    assert state.active and state.incident_id == view.id and not state.drill
    # During the outage the counter writes requests by hand.
    req.create_request(
        HUAWEI[0], [line()], "张三", phone="13700001111", buyer_tax_id=HUAWEI[1], today=TODAY
    )
    view = walk_to(view, "collect")
    assert view.contacts[0].kind == "in_charge" and view.contacts[0].name == "王店长"
    assert (
        incident_items.add_invoices_in_window(view.id, date(2026, 10, 5), date(2026, 10, 6), "赵六")
        == 3
    )
    assert (
        incident_items.add_invoices_in_window(view.id, date(2026, 10, 5), date(2026, 10, 6), "赵六")
        == 0
    )
    assert incident_items.add_open_requests(view.id, "赵六") == 1
    incident_items.mark_reported_missing(view.id, get_invoice(ids[3]).number, "赵六")
    with pytest.raises(ValidationFailed) as err:
        incident_items.mark_reported_missing(view.id, "26112999999999999999", "赵六")
    assert err.value.problems[0].field == "number"
    view = incidents.complete_step(view.id, "collect", {"note": "共5条"}, "赵六")
    buyers = {b.name: b for b in incident_contacts.affected_buyers(view.id)}
    assert set(buyers) == {XIAOMI[0], BAIDU[0], HUAWEI[0]}
    assert buyers[XIAOMI[0]].phone == "13911112222" and buyers[HUAWEI[0]].phone == "13700001111"
    assert buyers[XIAOMI[0]].total == Decimal("212.00")
    text = incident_contacts.customer_message(
        view.id, buyers[XIAOMI[0]], sender="小王", promise="10月10日前"
    )
    assert text.startswith(f"{XIAOMI[0]}您好，我是演示商店的小王") and "预计10月10日前完成" in text
    assert "下载" in text and "¥212.00" in text
    incident_contacts.record_customer_contact(
        view.id,
        XIAOMI[0],
        phone="13911112222",
        channel="phone",
        message=text,
        note="客户表示理解",
        actor="小王",
    )
    assert incident_contacts.affected_buyers(view.id)[0].contacted
    # "客户都已联系" is refused while two customers are neither contacted nor excused.
    with pytest.raises(ValidationFailed) as err:
        incidents.complete_step(view.id, "customers", {"contacted": 3, "buyers": 3}, "小王")
    assert err.value.problems[0].field == "customers"
    text = str(err.value.message)
    assert "还有 2 位客户没有联系" in text and BAIDU[0] in text and HUAWEI[0] in text
    assert XIAOMI[0] not in text
    incident_contacts.record_customer_contact(
        view.id, BAIDU[0], phone="", channel="wechat", message="", note="", actor="小王"
    )
    with pytest.raises(ValidationFailed):
        incident_contacts.record_customer_unreachable(view.id, HUAWEI[0], reason="  ", actor="小王")
    incident_contacts.record_customer_unreachable(
        view.id, HUAWEI[0], reason="电话关机", actor="小王"
    )
    view = incidents.complete_step(view.id, "customers", {"contacted": 99}, "小王")
    assert view.flow.data["customers"]["contacted"] == 2, "kept as the data says, not the screen"
    assert view.flow.data["customers"]["unreachable"] == 1
    summary = incident_contacts.tax_summary(view.id, "王店长")
    assert "演示商店" in summary and "91110108551385082Q" in summary and "无法登录" in summary
    assert "发票4张" in summary and "申请1笔" in summary
    assert "柜台已改为手工登记开票申请" in summary
    assert "已通知其中2位客户" in summary and "1位客户暂时联系不上" in summary
    assert "逐一通知" not in summary
    view = walk_to(view, "recovery")
    told = [c for c in view.contacts if c.kind == "tax_office"]
    assert told and "已通知其中2位客户" in told[0].message, "the script kept is the data's"
    # "复核完成，恢复正常开票" is refused while the request taken by hand is still open.
    with pytest.raises(ValidationFailed) as err:
        incidents.complete_step(view.id, "recovery", {}, "赵六")
    assert err.value.problems[0].field == "requests"
    assert "还有 1 笔开票申请没有处理" in str(err.value.message)
    assert HUAWEI[0] in str(err.value.message)
    assert outage_state().active, "a refused recovery leaves outage mode on"
    waiting = [r for r in req.list_requests("open") if r.incident_id == view.id]
    req.cancel_request(waiting[0].id, "客户不需要发票了", "赵六")
    view = incidents.complete_step(view.id, "recovery", {}, "赵六")
    assert view.flow.data["recovery"]["requests_cancelled"] == 1
    assert not outage_state().active, "recovery ends the outage this incident started"
    assert all(i.recheck for i in view.items)
    with pytest.raises(ValidationFailed):
        incidents.complete_step(
            view.id, "close", {**CLOSE, "actions": [{"text": "x", "owner": ""}]}, "王店长"
        )
    view = incidents.complete_step(view.id, "close", CLOSE, "王店长")
    assert view.state == "closed" and view.current is None and view.lessons == CLOSE["lessons"]
    steps = [(e.step, e.actor) for e in view.events if e.kind == "step"]
    assert steps[0] == ("symptom", "张三") and steps[-1] == ("close", "王店长")
    assert ("collect", "赵六") in steps
    assert all(e.ts for e in view.events)
    actions = incident_register.open_actions()
    assert [a.due for a in actions] == [date(2026, 10, 20), date(2026, 11, 1)]
    assert incident_register.open_incidents() == []
    incident_register.mark_action_done(actions[0].id, "老板")
    with pytest.raises(NotAllowed):
        incident_register.mark_action_done(actions[0].id, "老板")
    assert [a.text for a in incident_register.open_actions()] == ["培训新员工使用手工登记"]
    row = incident_register.register()[0]
    assert (
        row.affected_invoices,
        row.affected_requests,
        row.customers_contacted,
        row.open_actions,
    ) == (4, 1, 2, 1)
    assert row.duration_minutes is not None and row.state == "closed"
    with pytest.raises(NotAllowed):
        incident_items.add_invoices_in_window(view.id, TODAY, TODAY, "x")
    assert verify_audit().ok


def test_a_drill_changes_no_real_invoice_request_or_mode() -> None:
    ids = ledger()
    before = [get_invoice(i) for i in ids]
    real = req.create_request(BAIDU[0], [line()], "张三", phone="13700001111", today=TODAY)
    view = incidents.start_incident("小王", drill=True)
    view = incidents.complete_step(view.id, "symptom", {"symptom": "network"}, "小王")
    view = walk_to(view, "outage", "小王")
    view = incidents.complete_step(view.id, "outage", {}, "小王")
    assert not outage_state().active
    assert view.flow.data["outage"]["practice"] is True
    view = walk_to(view, "collect", "小王")
    incident_items.add_invoices_in_window(view.id, date(2026, 10, 1), date(2026, 10, 6), "小王")
    assert incident_items.add_open_requests(view.id, "小王") == 0, (
        "real requests stay out of a drill"
    )
    view = walk_to(view, "close", "小王")
    view = incidents.complete_step(view.id, "close", {**CLOSE, "actions": []}, "小王")
    assert view.drill and view.state == "closed"
    assert all(e.text.startswith("[演练]") for e in view.events if e.kind == "step")
    assert [get_invoice(i) for i in ids] == before
    assert req.get_request(real.id).status == "open"
    log = incident_register.drill_log()
    assert [(d.person, d.drills) for d in log] == [("小王", 1)]
    assert incident_register.open_actions() == []


def test_resume_notes_and_the_dashboard_contract() -> None:
    ledger()
    view = incidents.start_incident("张三")
    view = incidents.complete_step(view.id, "symptom", {"symptom": "not_found"}, "张三")
    assert view.current == "verify"
    with pytest.raises(ValidationFailed) as err:  # someone else already did it
        incidents.complete_step(view.id, "symptom", {"symptom": "login"}, "李四")
    assert err.value.problems[0].field == "step"
    incidents.add_note(view.id, "客户小米来电说查不到发票", "李四")
    incidents.add_note(view.id, "已截图", "王五")
    with pytest.raises(ValidationFailed):
        incidents.add_note(view.id, "  ", "王五")
    again = incidents.resumable()
    assert again is not None and again.id == view.id and again.current == "verify"
    assert [e.actor for e in again.events if e.kind == "note"][-2:] == ["李四", "王五"]
    with pytest.raises(ValidationFailed):
        incidents.skip_step(view.id, "verify", "张三")
    with pytest.raises(ValidationFailed):
        incidents.complete_step(view.id, "close", CLOSE, "张三")
    opened = incident_register.open_incidents()
    assert opened == [
        incident_views.IncidentSummary(view.id, view.started_at, "not_found", "", "open", False, 0)
    ]
    assert incident_register.open_actions() == []
    assert incident_views.get_incident(view.id).path[1].key == "verify"


def test_a_false_alarm_is_withdrawn_in_one_step() -> None:
    ledger()
    view = incidents.start_incident("小张")
    view = incidents.complete_step(view.id, "symptom", {"symptom": "login"}, "小张")
    view = walk_to(view, "outage", "小张")
    view = incidents.complete_step(view.id, "outage", {}, "小张")
    assert outage_state().active and incident_register.open_incidents()
    with pytest.raises(ValidationFailed) as err:
        incidents.withdraw_incident(view.id, "  ", "小张")
    assert err.value.problems[0].field == "reason"
    assert incidents.can_withdraw(incident_views.get_incident(view.id))
    view = incidents.withdraw_incident(view.id, "误按F9，系统正常", "王店长")
    assert view.state == "withdrawn" and view.current is None
    assert view.cause == "误按F9，系统正常" and view.closed_at
    assert not outage_state().active, "the outage mode it started ends"
    assert incident_register.open_incidents() == [], "the banner has nothing to show"
    assert incidents.resumable() is None, "F9 opens a new incident, not this one"
    assert [e.kind for e in view.events][-1] == "withdraw"
    assert "误按F9" in view.events[-1].text and view.events[-1].actor == "王店长"
    row = incident_register.register()[0]
    assert row.id == view.id and row.state == "withdrawn", "kept in the register, not deleted"
    with pytest.raises(NotAllowed):
        incidents.complete_step(view.id, "notify", {"person": "x"}, "小张")
    with pytest.raises(NotAllowed):
        incidents.withdraw_incident(view.id, "again", "小张")
    assert verify_audit().ok


def test_an_incident_told_to_customers_is_closed_not_withdrawn() -> None:
    ledger()
    view = incidents.start_incident("小张")
    view = incidents.complete_step(view.id, "symptom", {"symptom": "not_found"}, "小张")
    incident_items.add_invoices_in_window(view.id, date(2026, 10, 5), date(2026, 10, 5), "小张")
    incident_contacts.record_customer_contact(
        view.id, XIAOMI[0], phone="", channel="phone", message="", note="", actor="小张"
    )
    assert not incidents.can_withdraw(incident_views.get_incident(view.id))
    with pytest.raises(NotAllowed) as err:
        incidents.withdraw_incident(view.id, "误报", "小张")
    assert "不能作为误报撤销" in str(err.value.message)
    assert incident_views.get_incident(view.id).state == "open"
