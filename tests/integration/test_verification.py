"""Verification on the national site: the fields per kind, warnings, records; amount search."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from invoicedesk.services import invoices as svc
from invoicedesk.services import verification as ver
from invoicedesk.services.errors import NotFound, ValidationFailed
from invoicedesk.store.invoice_queries import InvoiceFilter
from invoicedesk.store.models import AuditEntry
from tests.factories import TODAY, draft, line


def _fields(invoice_id: int, today: date = TODAY) -> dict[str, str]:
    return {f.label: f.value for f in ver.verification_fields(invoice_id, today=today).fields}


def test_fields_per_kind(db: str) -> None:
    digital = svc.record_invoice(
        draft(1, lines=[line(amount="1234.50", unit_price="617.25")]), "张三", today=TODAY
    )
    special = svc.record_invoice(
        draft(2, kind="01", code="1100261130", num="00012345"), "张三", today=TODAY
    )
    plain = svc.record_invoice(
        draft(3, kind="10", code="011002600111", num="00054321"), "张三", today=TODAY
    )
    assert _fields(digital.id) == {
        "发票号码": digital.number,
        "开票日期": "2026-10-05",
        "价税合计": "1308.57",
    }
    assert _fields(special.id) == {
        "发票代码": "1100261130", "发票号码": "00012345", "开票日期": "2026-10-05", "开具金额（不含税）": "100.00",
    }  # fmt: skip
    assert _fields(plain.id)["校验码后6位"] == "（请看发票上校验码的后6位）"
    ver.record_verification(
        plain.id, "success", "会计", check_code="12345678901234567890", today=TODAY
    )
    assert _fields(plain.id)["校验码后6位"] == "567890"
    text = ver.verification_fields(digital.id, today=TODAY).as_text()
    assert text.splitlines()[0] == f"发票号码：{digital.number}"


def test_warnings_today_and_daily_limit(db: str) -> None:
    inv = svc.record_invoice(draft(1, issue_date=TODAY), "张三", today=TODAY)
    warnings = [str(w) for w in ver.verification_fields(inv.id, today=TODAY).warnings]
    assert warnings == [
        f"这张发票今天才开具，查验网站从明天（{TODAY + timedelta(days=1)}）起才能查到"
    ]
    tomorrow = TODAY + timedelta(days=1)
    for _ in range(5):
        ver.record_verification(inv.id, "limit", "会计", today=tomorrow)
    fields = ver.verification_fields(inv.id, today=tomorrow)
    assert fields.checks_today == 5
    assert [str(w) for w in fields.warnings] == [
        "这张发票今天已查验5次，每张发票每天最多查验5次，请明天再查"
    ]
    assert ver.verification_fields(inv.id, today=tomorrow + timedelta(days=1)).warnings == ()


@pytest.mark.parametrize(
    ("today", "issued", "too_old"),
    [
        (date(2028, 2, 29), date(2023, 2, 28), False),  # five years back from a leap day
        (date(2028, 2, 29), date(2023, 2, 27), True),
        (date(2029, 3, 1), date(2024, 3, 1), False),
        (date(2029, 3, 1), date(2024, 2, 29), True),
    ],
)
def test_five_years_back_on_leap_days(db: str, today: date, issued: date, too_old: bool) -> None:
    number = f"{issued.year % 100:02d}112000000000000001"
    inv = svc.record_invoice(draft(1, issue_date=issued, num=number), "张三", today=today)
    warnings = [str(w) for w in ver.verification_fields(inv.id, today=today).warnings]
    assert ("这张发票开具已超过五年，查验网站不再提供查验" in warnings) is too_old


def test_records_history_state_and_audit(db: str) -> None:
    inv = svc.record_invoice(draft(1), "张三", today=TODAY)
    assert ver.verification_state(inv.id) == "unchecked"
    ver.record_verification(inv.id, "not_found", "会计", note="网站提示查无此票", today=TODAY)
    assert ver.verification_state(inv.id) == "problem"
    ver.record_verification(inv.id, "success", "会计", today=TODAY)
    assert ver.verification_state(inv.id) == "confirmed"
    history = ver.verification_history(inv.id)
    assert [(h.result, h.checked_by) for h in history] == [
        ("success", "会计"),
        ("not_found", "会计"),
    ]
    assert history[1].note == "网站提示查无此票"
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert (entry.action, entry.entity, entry.entity_id) == (
        "verification.record",
        "invoice",
        str(inv.id),
    )
    assert [r.id for r in svc.list_invoices(InvoiceFilter(verification="confirmed")).rows] == [
        inv.id
    ]
    assert svc.list_invoices(InvoiceFilter(verification="problem")).rows == ()


def test_bad_input_changes_nothing(db: str) -> None:
    inv = svc.record_invoice(draft(1), "张三", today=TODAY)
    entries = AuditEntry.select().count()
    with pytest.raises(ValidationFailed):
        ver.record_verification(inv.id, "maybe", "会计")
    with pytest.raises(ValidationFailed):
        ver.record_verification(inv.id, "success", "会计", check_code="12ab")
    with pytest.raises(NotFound):
        ver.record_verification(inv.id + 99, "success", "会计")
    assert AuditEntry.select().count() == entries and ver.verification_history(inv.id) == []


def test_amount_search_and_filters(db: str) -> None:
    a = svc.record_invoice(
        draft(1, lines=[line(amount="1164.62", quantity=None, unit_price=None)]),
        "张三",
        today=TODAY,
    )
    b = svc.record_invoice(
        draft(2, lines=[line(amount="1234.50", quantity=None, unit_price=None)]),
        "李四",
        today=TODAY,
    )
    svc.record_invoice(draft(3), "张三", today=TODAY)
    assert a.total == b.amount  # 1164.62 + 6% = 1234.50

    def found(text: str, **more: object) -> set[int]:
        return {r.id for r in svc.list_invoices(InvoiceFilter(text=text, **more)).rows}  # type: ignore[arg-type]

    assert found("1234.5") == found("¥1,234.50") == found("１２３４．５０元") == {a.id, b.id}
    assert found("¥1,234.50", issuer="张三", max_total_fen=123450) == {a.id}
    assert found("1234.5 小米") == {a.id, b.id}
    assert svc.ledger_totals(InvoiceFilter(text="1234.50")).count == 2
    assert found("", min_total_fen=130000, max_total_fen=140000) == {b.id}
