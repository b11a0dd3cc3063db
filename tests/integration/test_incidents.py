"""Incidents through the services: every step recorded with time and person, drills change nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from invoicedesk.services import incidents as inc
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


def walk_to(view: inc.IncidentView, key: str, actor: str = "张三") -> inc.IncidentView:
    records = {
        "declare": {"severity": "high", "description": "平台登录页打不开"},
        "notify": {"person": "王店长", "phone": "13800000000", "note": "电话已接通"},
        "tax_office": {"spoke_to": "李科员", "answer": "恢复后补开即可", "phone": "12366"},
    }
    while view.current != key:
        assert view.current is not None
        view = inc.complete_step(view.id, view.current, records.get(view.current, {}), actor)
    return view


def test_a_real_incident_from_symptom_to_lessons() -> None:
    ids = ledger()
    view = inc.start_incident("张三")
    assert view.current == "symptom" and view.state == "open"
    view = inc.complete_step(view.id, "symptom", {"symptom": "login"}, "张三")
    assert view.current == "checks"
    results = inc.run_quick_checks(view.id, "张三")
    assert [r.name for r in results] == list(inc.QUICK_CHECKS)
    logged = recent_checks(10)
    assert {c.source for c in logged} == {"wizard"} and len(logged) == 3
    view = walk_to(view, "outage", "李四")
    assert view.severity == "high" and view.declared_by == "李四"
    view = inc.complete_step(view.id, "outage", {}, "李四")
    state = outage_state()
    assert state.active and state.incident_id == view.id and not state.drill
    # During the outage the counter writes requests by hand.
    req.create_request(
        HUAWEI[0], [line()], "张三", phone="13700001111", buyer_tax_id=HUAWEI[1], today=TODAY
    )
    view = walk_to(view, "collect")
    assert view.contacts[0].kind == "in_charge" and view.contacts[0].name == "王店长"
    assert inc.add_invoices_in_window(view.id, date(2026, 10, 5), date(2026, 10, 6), "赵六") == 3
    assert inc.add_invoices_in_window(view.id, date(2026, 10, 5), date(2026, 10, 6), "赵六") == 0
    assert inc.add_open_requests(view.id, "赵六") == 1
    inc.mark_reported_missing(view.id, get_invoice(ids[3]).number, "赵六")
    with pytest.raises(ValidationFailed) as err:
        inc.mark_reported_missing(view.id, "26112999999999999999", "赵六")
    assert err.value.problems[0].field == "number"
    view = inc.complete_step(view.id, "collect", {"note": "共5条"}, "赵六")
    buyers = {b.name: b for b in inc.affected_buyers(view.id)}
    assert set(buyers) == {XIAOMI[0], BAIDU[0], HUAWEI[0]}
    assert buyers[XIAOMI[0]].phone == "13911112222" and buyers[HUAWEI[0]].phone == "13700001111"
    assert buyers[XIAOMI[0]].total == Decimal("212.00")
    text = inc.customer_message(view.id, buyers[XIAOMI[0]], sender="小王", promise="10月10日前")
    assert text.startswith(f"{XIAOMI[0]}您好，我是演示商店的小王") and "预计10月10日前完成" in text
    assert "下载" in text and "¥212.00" in text
    inc.record_customer_contact(
        view.id,
        XIAOMI[0],
        phone="13911112222",
        channel="phone",
        message=text,
        note="客户表示理解",
        actor="小王",
    )
    assert inc.affected_buyers(view.id)[0].contacted
    view = inc.complete_step(view.id, "customers", {}, "小王")
    summary = inc.tax_summary(view.id, "王店长")
    assert "演示商店" in summary and "91110108551385082Q" in summary and "无法登录" in summary
    assert "发票4张" in summary and "申请1笔" in summary
    view = walk_to(view, "recovery")
    view = inc.complete_step(view.id, "recovery", {}, "赵六")
    assert not outage_state().active, "recovery ends the outage this incident started"
    assert all(i.recheck for i in view.items)
    with pytest.raises(ValidationFailed):
        inc.complete_step(
            view.id, "close", {**CLOSE, "actions": [{"text": "x", "owner": ""}]}, "王店长"
        )
    view = inc.complete_step(view.id, "close", CLOSE, "王店长")
    assert view.state == "closed" and view.current is None and view.lessons == CLOSE["lessons"]
    steps = [(e.step, e.actor) for e in view.events if e.kind == "step"]
    assert steps[0] == ("symptom", "张三") and steps[-1] == ("close", "王店长")
    assert ("collect", "赵六") in steps
    assert all(e.ts for e in view.events)
    actions = inc.open_actions()
    assert [a.due for a in actions] == [date(2026, 10, 20), date(2026, 11, 1)]
    assert inc.open_incidents() == []
    inc.mark_action_done(actions[0].id, "老板")
    with pytest.raises(NotAllowed):
        inc.mark_action_done(actions[0].id, "老板")
    assert [a.text for a in inc.open_actions()] == ["培训新员工使用手工登记"]
    row = inc.register()[0]
    assert (
        row.affected_invoices,
        row.affected_requests,
        row.customers_contacted,
        row.open_actions,
    ) == (4, 1, 1, 1)
    assert row.duration_minutes is not None and row.state == "closed"
    with pytest.raises(NotAllowed):
        inc.add_invoices_in_window(view.id, TODAY, TODAY, "x")
    assert verify_audit().ok


def test_a_drill_changes_no_real_invoice_request_or_mode() -> None:
    ids = ledger()
    before = [get_invoice(i) for i in ids]
    real = req.create_request(BAIDU[0], [line()], "张三", phone="13700001111", today=TODAY)
    view = inc.start_incident("小王", drill=True)
    view = inc.complete_step(view.id, "symptom", {"symptom": "network"}, "小王")
    view = walk_to(view, "outage", "小王")
    view = inc.complete_step(view.id, "outage", {}, "小王")
    assert not outage_state().active
    assert view.flow.data["outage"]["practice"] is True
    view = walk_to(view, "collect", "小王")
    inc.add_invoices_in_window(view.id, date(2026, 10, 1), date(2026, 10, 6), "小王")
    assert inc.add_open_requests(view.id, "小王") == 0, "real requests stay out of a drill"
    view = walk_to(view, "close", "小王")
    view = inc.complete_step(view.id, "close", {**CLOSE, "actions": []}, "小王")
    assert view.drill and view.state == "closed"
    assert all(e.text.startswith("[演练]") for e in view.events if e.kind == "step")
    assert [get_invoice(i) for i in ids] == before
    assert req.get_request(real.id).status == "open"
    log = inc.drill_log()
    assert [(d.person, d.drills) for d in log] == [("小王", 1)]
    assert inc.open_actions() == []


def test_resume_notes_and_the_dashboard_contract() -> None:
    ledger()
    view = inc.start_incident("张三")
    view = inc.complete_step(view.id, "symptom", {"symptom": "not_found"}, "张三")
    assert view.current == "verify"
    with pytest.raises(ValidationFailed) as err:  # someone else already did it
        inc.complete_step(view.id, "symptom", {"symptom": "login"}, "李四")
    assert err.value.problems[0].field == "step"
    inc.add_note(view.id, "客户小米来电说查不到发票", "李四")
    inc.add_note(view.id, "已截图", "王五")
    with pytest.raises(ValidationFailed):
        inc.add_note(view.id, "  ", "王五")
    again = inc.resumable()
    assert again is not None and again.id == view.id and again.current == "verify"
    assert [e.actor for e in again.events if e.kind == "note"][-2:] == ["李四", "王五"]
    with pytest.raises(ValidationFailed):
        inc.skip_step(view.id, "verify", "张三")
    with pytest.raises(ValidationFailed):
        inc.complete_step(view.id, "close", CLOSE, "张三")
    opened = inc.open_incidents()
    assert opened == [
        inc.IncidentSummary(view.id, view.started_at, "not_found", "", "open", False, 0)
    ]
    assert inc.open_actions() == []
    assert inc.get_incident(view.id).path[1].key == "verify"
