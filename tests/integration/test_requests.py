"""Outage requests: written down, then issued or cancelled — never lost, every step audited."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from invoicedesk.services import company, invoices
from invoicedesk.services.auditing import verify_audit
from invoicedesk.services.errors import DuplicateInvoice, NotAllowed, ValidationFailed
from invoicedesk.services.outage import start_outage
from invoicedesk.services.requests import (
    cancel_request,
    convert_request,
    count_open,
    create_request,
    get_request,
    list_requests,
    write_invoice_slip,
    write_request_slip,
)
from invoicedesk.store.counter_models import InvoiceRequest
from invoicedesk.store.models import AuditEntry
from tests.environment import pdf_text
from tests.factories import BAIDU, TODAY, XIAOMI, draft, line, number

pytestmark = pytest.mark.usefixtures("db")


def _request(buyer: tuple[str, str] = XIAOMI, **extra: object):  # type: ignore[no-untyped-def]
    return create_request(
        buyer[0],
        [line(), line("*餐饮服务*酒水", "30.00", quantity="1", unit_price="30")],
        "张三",
        buyer_tax_id=buyer[1],
        phone="13800138000",
        promised_at="明天上午",
        today=TODAY,
        **extra,  # type: ignore[arg-type]
    )


def _actions(request_id: int) -> list[str]:
    return [
        e.action
        for e in AuditEntry.select()
        .where((AuditEntry.entity == "request") & (AuditEntry.entity_id == str(request_id)))
        .order_by(AuditEntry.id)
    ]


def test_create_lists_oldest_first_with_lines_and_total() -> None:
    first = _request()
    second = _request(BAIDU)
    assert [r.id for r in list_requests()] == [first.id, second.id]
    assert first.status == "open" and first.invoice_id is None
    assert str(first.total) == "137.80"  # 100 + 6 + 30 + 1.80
    assert [ln.name for ln in first.lines] == ["*餐饮服务*餐费", "*餐饮服务*酒水"]
    assert count_open() == 2
    assert _actions(first.id) == ["request.create"]
    # The buyer is remembered for the counter's autocomplete.
    assert invoices.buyers_matching("小米")[0].tax_id == XIAOMI[1]


def test_a_request_made_during_an_outage_belongs_to_its_incident() -> None:
    start_outage("张三", "平台无法登录", incident_id=42, drill=True)
    made = _request()
    assert made.incident_id == 42 and made.drill


def test_convert_records_the_invoice_and_closes_the_request_in_one_step() -> None:
    made = _request()
    view = convert_request(made.id, number(501), "", date(2026, 11, 27), "李四", today=TODAY)
    assert view.number == number(501) and view.total == made.total
    assert view.buyer_tax_id == XIAOMI[1] and len(view.lines) == 2
    after = get_request(made.id)
    assert after.status == "issued" and after.invoice_id == view.id and after.closed_by == "李四"
    assert list_requests() == [] and [r.id for r in list_requests(None)] == [made.id]
    assert _actions(made.id) == ["request.create", "request.issue"]
    with pytest.raises(NotAllowed):
        convert_request(made.id, number(502), "", date(2026, 11, 27), "李四", today=TODAY)
    with pytest.raises(NotAllowed):
        cancel_request(made.id, "顾客不要了", "李四")
    assert verify_audit().ok


def test_a_failed_conversion_keeps_the_request_open() -> None:
    invoices.record_invoice(draft(601), "张三", today=TODAY)
    made = _request()
    with pytest.raises(DuplicateInvoice):
        convert_request(made.id, number(601), "", date(2026, 11, 27), "李四", today=TODAY)
    with pytest.raises(ValidationFailed):
        convert_request(made.id, "123", "", date(2026, 11, 27), "李四", today=TODAY)
    assert get_request(made.id).status == "open"
    assert _actions(made.id) == ["request.create"]


def test_cancel_needs_a_reason_and_is_audited() -> None:
    made = _request()
    with pytest.raises(ValidationFailed) as caught:
        cancel_request(made.id, "  ", "李四")
    assert caught.value.problems[0].field == "reason"
    cancelled = cancel_request(made.id, "顾客改为下次一起开", "李四")
    assert cancelled.status == "cancelled" and cancelled.cancel_reason == "顾客改为下次一起开"
    assert list_requests("cancelled")[0].id == made.id
    assert _actions(made.id) == ["request.create", "request.cancel"]


def test_bad_requests_name_their_fields_and_save_nothing() -> None:
    with pytest.raises(ValidationFailed) as caught:
        create_request(
            "",
            [line(amount="-5.00", quantity="-1", unit_price="5")],
            "张三",
            buyer_tax_id="914403001922038217",
            email="不是邮箱",
            today=TODAY,
        )
    fields = {p.field for p in caught.value.problems}
    assert {"buyer_name", "buyer_tax_id", "email"} <= fields
    assert any(f.startswith("lines[1]") for f in fields)
    with pytest.raises(ValidationFailed) as caught:
        create_request(XIAOMI[0], [line()], "张三", today=TODAY)  # no way to deliver
    assert [p.field for p in caught.value.problems] == ["phone"]
    assert InvoiceRequest.select().count() == 0


def test_control_characters_in_a_request_are_refused() -> None:
    """Issue 12, item 9: the buyer, the e-mail and the promised time of an outage request."""
    with pytest.raises(ValidationFailed) as caught:
        create_request(
            "小米\x1b[31m",
            [line()],
            "张三",
            email="a\x00@b.cn",
            promised_at="明天\u202e上午",
            today=TODAY,
        )
    found = {p.field: p.text() for p in caught.value.problems}
    assert "U+001B" in found["buyer_name"]
    assert "U+0000" in found["email"]
    assert "U+202E" in found["promised_at"]
    assert InvoiceRequest.select().count() == 0


def test_slips_say_they_are_not_invoices(tmp_path: Path) -> None:
    company.set_company("北京演示餐饮有限公司", "91110000802100433B", "tester")
    made = _request()
    pdf = write_request_slip(made.id, tmp_path / "slip.pdf")
    text = pdf_text(pdf)
    assert "开票申请回执" in text and "本凭条不是发票" in text
    assert "13800138000" in text and "明天上午" in text and "137.80" in text
    view = convert_request(made.id, number(701), "", date(2026, 11, 27), "李四", today=TODAY)
    pdf = write_invoice_slip(view.id, tmp_path / "invoice.pdf")
    text = pdf_text(pdf)
    assert number(701) in text and "本凭条不是发票" in text and "北京演示餐饮有限公司" in text
