"""Customer cases through the services, on SQLite and PostgreSQL: the procedure end to end for
each conclusion, promises watched, links, drafts, the review, the record PDF, every change audited."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from invoicedesk.core import clock
from invoicedesk.services import (
    case_changes,
    case_handling,
    case_links,
    case_record,
    case_review,
    case_steps,
    cases,
    company,
    corrections,
    incident_contacts,
    incident_items,
    incidents,
    invoices,
    requests,
)
from invoicedesk.services.auditing import verify_audit
from invoicedesk.services.errors import NotAllowed, ValidationFailed
from invoicedesk.store.audit import history
from invoicedesk.store.case_queries import CaseFilter
from tests.environment import pdf_text
from tests.factories import BAIDU, SHOP, XIAOMI, draft, line

pytestmark = pytest.mark.usefixtures("db")


def num(seq: int) -> str:
    """A 数电票 number of this year (the frozen clock's)."""
    return f"{clock.today().year % 100:02d}112{seq:015d}"


def record(seq: int, buyer: tuple[str, str] = XIAOMI) -> Any:
    return invoices.record_invoice(
        draft(seq, num=num(seq), buyer=buyer, issue_date=clock.today()), "张三"
    )


def later(hours: float) -> str:
    return (clock.local_now() + timedelta(hours=hours)).isoformat()


def open_for(numbers: list[str] = (), **extra: Any) -> cases.CaseView:  # type: ignore[assignment]
    params: dict[str, Any] = {
        "phone": "138 0000 0002",
        "promised_at": later(4),
        "invoices": [("", n) for n in numbers],
    }
    params.update(extra)
    return cases.open_case("王女士", "说发票在系统里查不到", "phone", "李四", **params)


def identify_and_apologise(case_id: int, **identify: Any) -> cases.CaseView:
    case_steps.complete_step(case_id, "identify", identify, "李四")
    apology = case_handling.apology_text(case_id, "李四")
    return case_steps.complete_step(
        case_id, "apologise", {"apology": apology, "said": "报销急用，今天要"}, "李四"
    )


def actions(case_id: int) -> list[str]:
    return [e.action for e in history("case", case_id)]


def test_open_links_invoices_and_refuses_an_unknown_number_by_name() -> None:
    inv = record(1)
    view = open_for([inv.number])
    assert view.state == "new" and view.current_step == "identify"
    assert [(i.number, i.role) for i in view.invoices] == [(inv.number, "concerned")]
    assert view.phone == "138 0000 0002" and not view.overdue
    assert view.events[0].kind == "created" and "说发票在系统里查不到" in view.events[0].text
    with pytest.raises(ValidationFailed) as caught:
        open_for([num(999)])
    assert caught.value.problems[0].field == "invoices[1].number"
    assert num(999) in caught.value.problems[0].text()
    with pytest.raises(ValidationFailed) as caught:
        cases.open_case("王女士", "查不到", "fax", "李四")
    assert {p.field for p in caught.value.problems} == {"channel", "phone"}
    assert actions(view.id) == ["case.open"]
    assert cases.list_cases().total == 1  # the refused ones wrote nothing


def test_a_past_promise_is_accepted_and_overdue_at_once(frozen_clock: clock.ManualClock) -> None:
    late = open_for(promised_at=later(-1))
    on_time = open_for(promised_at=later(2))
    assert late.overdue and not on_time.overdue
    assert cases.watch().overdue == 1
    frozen_clock.advance(timedelta(hours=3))
    assert cases.watch().overdue == 2
    page = cases.list_cases(CaseFilter(overdue_only=True))
    assert {r.id for r in page.rows} == {late.id, on_time.id} and page.overdue == 2
    case_steps.withdraw_case(late.id, "客户自己在个税App找到了", "李四")
    assert cases.watch().overdue == 1  # a withdrawn case is no longer waited on


def test_found_and_valid_is_delivered_again_and_archived_with_its_record(tmp_path: Path) -> None:
    inv = record(1)
    view = open_for([inv.number], email="wang@example.com")
    view = identify_and_apologise(view.id)
    assert view.state == "checking" and view.current_step == "check"
    report = case_handling.check_report(view.id)
    assert report.invoices[0].number == inv.number and "正常" in report.invoices[0].ledger
    assert "尚未与平台对账" in report.invoices[0].reconciliation
    with pytest.raises(ValidationFailed) as caught:
        case_steps.complete_step(view.id, "check", {"conclusion": "found"}, "李四")
    assert caught.value.problems[0].field == "transaction_checked"
    view = case_steps.complete_step(
        view.id, "check", {"conclusion": "found", "transaction_checked": True}, "李四"
    )
    assert view.state == "handling"
    draft_msg = case_handling.delivery_draft(view.id, "李四")
    assert inv.number in draft_msg.body and "税务数字账户" in draft_msg.body
    assert "OFD" in draft_msg.body and draft_msg.recipient == "wang@example.com"
    with pytest.raises(ValidationFailed) as caught:
        case_steps.complete_step(view.id, "deliver", {"confirmed": "received"}, "李四")
    assert [p.field for p in caught.value.problems] == ["attempts"]
    case_handling.record_manual_delivery(
        view.id, "wechat", "李四", recipient="wx:wang", body=draft_msg.body
    )
    view = case_steps.complete_step(view.id, "deliver", {"confirmed": "received"}, "李四")
    assert view.state == "delivered" and view.delivered_at
    view = case_steps.complete_step(
        view.id, "archive", {"cause": "customer_lookup", "lesson": "交付时附上下载说明"}, "王店长"
    )
    assert view.state == "archived" and view.outcome == "received" and view.record_sha256
    text = pdf_text_of(case_record.kept_record(view.id), tmp_path)
    for expected in ("客户工单记录", "王女士", inv.number, "交付时附上下载说明", "微信", "第1页"):
        assert expected in text.replace(" ", "")
    with pytest.raises(NotAllowed):
        cases.open_row(view.id)
    assert actions(view.id) == [
        "case.open",
        "case.step",
        "case.step",
        "case.step",
        "case.delivery",
        "case.step",
        "case.step",
    ]
    assert verify_audit().ok


def pdf_text_of(data: bytes, folder: Path) -> str:
    path = folder / "record.pdf"
    path.write_bytes(data)
    return pdf_text(path)


def test_never_issued_is_issued_from_the_request_and_delivered() -> None:
    req = requests.create_request("王女士", [line()], "张三", phone="13800000002")
    view = cases.open_case(
        "王女士",
        "午饭开票，一直没收到",
        "counter",
        "李四",
        phone="13800000002",
        request_ids=[req.id],
    )
    view = identify_and_apologise(view.id)
    view = case_steps.complete_step(
        view.id, "check", {"conclusion": "never_issued", "transaction_checked": True}, "李四"
    )
    with pytest.raises(NotAllowed):
        case_handling.red_flush_concerned(view.id, 1, "01", num(5), "李四")
    view = case_handling.issue_from_request(view.id, req.id, num(7), "李四")
    issued = view.with_role("issued")
    assert [i.number for i in issued] == [num(7)]
    assert requests.get_request(req.id).status == "issued"
    case_handling.record_manual_delivery(view.id, "phone", "李四", recipient="13800000002")
    view = case_steps.complete_step(view.id, "deliver", {"confirmed": "received"}, "李四")
    view = case_steps.complete_step(
        view.id, "archive", {"cause": "not_issued", "lesson": "停机期间的申请要当天开完"}, "李四"
    )
    assert view.state == "archived" and view.conclusion == "never_issued"


def test_wrong_is_red_flushed_and_reissued_with_the_chain_kept(tmp_path: Path) -> None:
    blue = record(1)
    view = identify_and_apologise(open_for([blue.number]).id)
    view = case_steps.complete_step(
        view.id,
        "check",
        {"conclusion": "wrong", "transaction_checked": True, "note": "购买方名称写错"},
        "李四",
    )
    with pytest.raises(NotAllowed):
        case_handling.reissue_replacement(view.id, num(3), "李四")  # red-flush first
    view = case_handling.red_flush_concerned(view.id, blue.id, "01", num(2), "李四")
    view = case_handling.reissue_replacement(view.id, num(3), "李四")
    roles = {i.role: i for i in view.invoices}
    assert invoices.get_invoice(blue.id).status == "red_full"
    chain = corrections.chain_of(blue.id)
    assert [c.id for c in chain] == [
        blue.id,
        roles["red"].invoice_id,
        roles["replacement"].invoice_id,
    ]
    case_handling.record_manual_delivery(view.id, "counter", "李四")
    view = case_steps.complete_step(view.id, "deliver", {"confirmed": "received"}, "李四")
    path = case_record.export_record(view.id, tmp_path / "case.pdf", "李四")
    text = pdf_text(path)
    assert "处理前的发票" in text and "处理后的发票" in text
    for number in (blue.number, num(2), num(3)):
        assert number in text
    assert verify_audit().ok


def test_not_ours_is_explained_and_archived() -> None:
    view = identify_and_apologise(
        open_for().id, no_invoice=True, purchase="说是上周在我们分店买的咖啡"
    )
    with pytest.raises(ValidationFailed) as caught:
        case_steps.complete_step(view.id, "check", {"conclusion": "not_ours"}, "李四")
    assert caught.value.problems[0].field == "explanation"
    view = case_steps.complete_step(
        view.id,
        "check",
        {"conclusion": "not_ours", "explanation": "发票号码的开票方是另一家公司"},
        "李四",
    )
    message = case_handling.delivery_draft(view.id, "李四")
    assert "不是本店开具的" in message.body and "另一家公司" in message.body
    case_handling.record_manual_delivery(view.id, "phone", "李四", body=message.body)
    with pytest.raises(ValidationFailed):
        case_steps.complete_step(view.id, "deliver", {"confirmed": "received"}, "李四")
    view = case_steps.complete_step(view.id, "deliver", {"confirmed": "explained"}, "李四")
    view = case_steps.complete_step(
        view.id, "archive", {"cause": "not_ours", "lesson": "先核对开票方名称"}, "李四"
    )
    assert view.outcome == "explained"


def test_a_refusal_is_recorded_and_closes_delivery() -> None:
    inv = record(1)
    view = identify_and_apologise(open_for([inv.number]).id)
    view = case_steps.complete_step(
        view.id, "check", {"conclusion": "found", "transaction_checked": True}, "李四"
    )
    view = case_steps.complete_step(
        view.id, "deliver", {"confirmed": "refused", "note": "客户说不需要了"}, "李四"
    )
    assert view.state == "delivered" and view.outcome == "refused"


def test_withdrawn_and_closed_cases_refuse_changes() -> None:
    view = open_for()
    with pytest.raises(ValidationFailed):
        case_steps.withdraw_case(view.id, " ", "李四")
    view = case_steps.withdraw_case(view.id, "客户已自行下载", "李四")
    assert view.state == "withdrawn" and view.outcome == "withdrawn"
    with pytest.raises(NotAllowed):
        case_steps.complete_step(view.id, "identify", {}, "李四")
    with pytest.raises(NotAllowed):
        case_changes.link_invoice(view.id, "", record(1).number, "李四")
    assert actions(view.id) == ["case.open", "case.withdraw"]


def test_links_contacts_callbacks_and_notes_are_audited(frozen_clock: clock.ManualClock) -> None:
    inv = record(1)
    view = open_for()
    with pytest.raises(ValidationFailed) as caught:
        case_changes.link_invoice(view.id, "", num(42), "李四")
    assert caught.value.problems[0].field == "number" and num(42) in str(caught.value.message)
    view = case_changes.link_invoice(view.id, "", inv.number, "李四")
    view = case_changes.link_invoice(view.id, "", inv.number, "李四")  # twice: one link
    assert len(view.invoices) == 1
    view = case_changes.unlink(view.id, view.invoices[0].link_id, "李四")
    assert view.invoices == ()
    view = case_changes.record_contact(view.id, "phone", "客户说下午有空", "李四")
    view = case_changes.set_callback(view.id, later(1), "李四", "确认是否收到")
    assert not view.callback_due and cases.watch().callbacks_due == 0
    frozen_clock.advance(timedelta(hours=2))
    assert cases.watch().callbacks_due == 1
    view = case_changes.record_callback(view.id, "已收到，很满意", "李四")
    assert view.callback_at == "" and cases.watch().callbacks_due == 0
    view = case_changes.update_contact(
        view.id,
        "李四",
        customer="王女士",
        phone="13900000003",
        email="",
        other_contact="",
        promised_at=later(5),
    )
    assert view.phone == "13900000003"
    view = case_changes.add_note(view.id, "客户是老顾客", "李四")
    assert actions(view.id) == [
        "case.open",
        "case.link",
        "case.unlink",
        "case.contact",
        "case.callback",
        "case.callback_done",
        "case.update",
        "case.note",
    ]
    assert [e.kind for e in view.events][-1] == "note"


def test_list_filters_and_the_phone_fragment() -> None:
    inv = record(1)
    a = open_for([inv.number])
    b = cases.open_case("小米公司财务", "抬头开错了", "email", "王五", email="cw@xiaomi.example")
    c = cases.open_case("赵先生", "找不到", "counter", "李四", phone="139-1234-5678")
    assert [r.id for r in cases.list_cases().rows] == [c.id, b.id, a.id]
    assert [r.id for r in cases.list_cases(CaseFilter(text="0000")).rows] == [a.id]
    assert [r.id for r in cases.list_cases(CaseFilter(text="1234 5678")).rows] == [c.id]
    assert [r.id for r in cases.list_cases(CaseFilter(text="小米")).rows] == [b.id]
    assert [r.id for r in cases.list_cases(CaseFilter(text=inv.number[-6:])).rows] == [a.id]
    assert [r.id for r in cases.list_cases(CaseFilter(person="王五")).rows] == [b.id]
    case_steps.withdraw_case(b.id, "重复登记", "李四")
    assert {r.id for r in cases.list_cases(CaseFilter(open_only=True)).rows} == {a.id, c.id}
    assert [r.id for r in cases.list_cases(CaseFilter(states=("withdrawn",))).rows] == [b.id]
    row = cases.list_cases(CaseFilter(text="0000")).rows[0]
    assert row.invoices == (("", inv.number, "concerned"),)
    assert cases.people() == ["李四", "王五"]


def test_drafts_keep_what_was_typed_per_person() -> None:
    case_changes.save_draft("李四", "new", {"customer": "王女士", "complaint": "查不到"})
    case_changes.save_draft("王五", "new", {"customer": "别人"})
    assert case_changes.load_draft("李四", "new") == {"customer": "王女士", "complaint": "查不到"}
    case_changes.save_draft("李四", "new", {"customer": "", "complaint": " "})
    assert case_changes.load_draft("李四", "new") == {}
    assert case_changes.load_draft("王五", "new") == {"customer": "别人"}
    assert verify_audit().ok


def test_review_counts_causes_outcomes_and_median_time(frozen_clock: clock.ManualClock) -> None:
    first, second = record(1), record(2, BAIDU)
    for inv, hours, cause in ((first, 2, "customer_lookup"), (second, 6, "platform_delay")):
        view = identify_and_apologise(open_for([inv.number], promised_at=later(4)).id)
        case_steps.complete_step(
            view.id, "check", {"conclusion": "found", "transaction_checked": True}, "李四"
        )
        case_handling.record_manual_delivery(view.id, "phone", "李四")
        frozen_clock.advance(timedelta(hours=hours))
        case_steps.complete_step(view.id, "deliver", {"confirmed": "received"}, "李四")
        case_steps.complete_step(
            view.id, "archive", {"cause": cause, "lesson": f"教训{hours}"}, "李四"
        )
        frozen_clock.advance(timedelta(hours=-hours))
    open_for(promised_at=later(-1))
    today = clock.today()
    result = case_review.review(today - timedelta(days=1), today + timedelta(days=1))
    assert result.cases == 3 and result.open == 1 and result.overdue == 1
    assert result.by_cause == {"customer_lookup": 1, "platform_delay": 1}
    assert result.by_outcome == {"received": 2}
    assert 3.9 < (result.median_hours_to_delivery or 0) < 4.1
    assert (result.promises_kept, result.promises_broken) == (1, 2)
    assert [lesson.lesson for lesson in result.lessons] == ["教训2", "教训6"]
    rows = case_review.month_rows(clock.period_of(today))
    assert [r["客户"] for r in rows] == ["王女士"] * 3 and rows[-1]["逾期"] == "是"


def test_the_incident_customer_step_opens_one_real_case() -> None:
    inv = record(1)
    view = incidents.start_incident("张三")
    incident_items.mark_reported_missing(view.id, inv.number, "张三")
    buyer = incident_contacts.affected_buyers(view.id)[0]
    buyer = type(buyer)(buyer.name, "13800000002", "", buyer.labels, buyer.total, False)
    case = case_links.open_case_from_incident(view.id, buyer, "张三")
    assert case.customer == XIAOMI[0] and [i.number for i in case.invoices] == [inv.number]
    assert [link.kind for link in case.links] == ["incident"]
    again = case_links.open_case_from_incident(view.id, buyer, "张三")
    assert again.id == case.id
    drill = incidents.start_incident("张三", drill=True)
    with pytest.raises(NotAllowed):
        case_links.open_case_from_incident(drill.id, buyer, "张三")


def test_the_reconciliation_resolution_opens_or_links_a_case(tmp_path: Path) -> None:
    from invoicedesk.services import reconcile, reconcile_differences
    from tests.integration.platform_files import row, write_csv

    company.set_company(*SHOP, "张三")
    inv = record(1)
    other = row(num(50), issue_date=clock.today().isoformat())
    path = write_csv(tmp_path / "export.csv", [other])
    _imported, session = reconcile.reconcile_file(path, "张三", clock.period_of(clock.today()))
    diff = next(
        d for d in reconcile_differences.list_differences(session.id) if d.invoice_id == inv.id
    )
    case = case_links.resolve_difference_with_case(
        diff.id, "客户来电说查不到", "张三", customer="小米财务", phone="13800000009"
    )
    assert [link.kind for link in case.links] == ["difference"]
    assert [i.invoice_id for i in case.invoices] == [inv.id]
    resolved = reconcile_differences.get_difference(diff.id)
    assert resolved.resolution == "customer_case" and f"#{case.id}" in resolved.note
    assert case_links.cases_of_difference(diff.id) == [case.id]


def test_a_case_from_another_feature_may_wait_for_its_contact() -> None:
    inv = record(1)
    view = cases.open_case(
        "小米财务",
        "对账差异",
        "online",
        "李四",
        invoices=[("", inv.number)],
        contact_required=False,
    )
    with pytest.raises(ValidationFailed) as caught:
        case_steps.complete_step(view.id, "identify", {}, "李四")
    assert caught.value.problems[0].field == "phone"
    case_changes.update_contact(
        view.id, "李四", customer="小米财务", phone="", email="cw@xiaomi.example",
        other_contact="", promised_at=None,
    )  # fmt: skip
    assert case_steps.complete_step(view.id, "identify", {}, "李四").current_step == "apologise"
