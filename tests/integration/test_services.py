"""Services on a real database, once per backend (SQLite file, fresh PostgreSQL database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from invoicedesk.services import invoice_changes
from invoicedesk.services import invoices as svc
from invoicedesk.services.auditing import verify_audit
from invoicedesk.services.company import get_company, set_company
from invoicedesk.services.errors import (
    DuplicateInvoice,
    NotAllowed,
    NotFound,
    PeriodLocked,
    ValidationFailed,
)
from invoicedesk.store import audit
from invoicedesk.store.invoice_queries import InvoiceFilter
from invoicedesk.store.models import AuditEntry, Buyer, Invoice, InvoiceLine, PeriodLock
from tests.factories import BAIDU, HUAWEI, TODAY, XIAOMI, draft, line, number

pytestmark = pytest.mark.usefixtures("db")


def audit_count() -> int:
    return AuditEntry.select().count()


def test_record_invoice_keeps_exact_money_and_audits_it() -> None:
    before = audit_count()
    view = svc.record_invoice(
        draft(lines=[line(), line("*住宿服务*住宿费", "333.33", "0.06", "1", "333.33")]),
        "张三",
        today=TODAY,
    )
    assert view.amount == Decimal("433.33")
    assert view.tax == Decimal("26.00")  # 6.00 + 20.00 (19.9998 half-up)
    assert view.total == Decimal("459.33")
    assert view.amount_in_words == "肆佰伍拾玖圆叁角叁分"
    assert [ln.line_no for ln in view.lines] == [1, 2]
    stored = Invoice.get_by_id(view.id)
    assert (stored.amount_fen, stored.tax_fen, stored.total_fen) == (43333, 2600, 45933)
    entries = list(AuditEntry.select().where(AuditEntry.id > before))
    assert [(e.action, e.actor, e.entity_id) for e in entries] == [
        ("invoice.create", "张三", str(view.id))
    ]
    assert verify_audit().ok


def test_seller_comes_from_the_company_settings() -> None:
    set_company("北京演示餐饮有限公司", "91110000802100433B", "admin")
    assert get_company().tax_id == "91110000802100433B"
    view = svc.record_invoice(draft(), "张三", today=TODAY)
    assert (view.seller_name, view.seller_tax_id) == ("北京演示餐饮有限公司", "91110000802100433B")


def test_company_tax_id_is_validated() -> None:
    with pytest.raises(ValidationFailed) as caught:
        set_company("某店", "914403001922038217", "admin")
    assert caught.value.problems[0].field == "tax_id"
    assert get_company().name == ""


def test_bad_invoice_reports_every_field_and_writes_nothing() -> None:
    before = (audit_count(), Invoice.select().count())
    bad = draft(num="2611200000127248778", buyer=("", "914403001922038217"))
    with pytest.raises(ValidationFailed) as caught:
        svc.record_invoice(bad, "张三", today=TODAY)
    fields = {p.field for p in caught.value.problems if p.is_error}
    assert {"number", "buyer_name", "buyer_tax_id"} <= fields
    assert (audit_count(), Invoice.select().count()) == before


def test_duplicate_key_is_refused_with_a_link_to_the_existing_record() -> None:
    first = svc.record_invoice(draft(1), "张三", today=TODAY)
    with pytest.raises(DuplicateInvoice) as caught:
        svc.record_invoice(draft(1, buyer=BAIDU), "李四", today=TODAY)
    assert caught.value.existing_id == first.id
    assert "已在台账中" in str(caught.value)
    assert Invoice.select().count() == 1


def test_buyers_are_remembered_for_autocomplete() -> None:
    svc.record_invoice(draft(1), "张三", today=TODAY)
    svc.record_invoice(draft(2), "张三", today=TODAY)
    svc.record_invoice(draft(3, buyer=BAIDU), "张三", today=TODAY)
    found = svc.buyers_matching("小米")
    assert [(b.name, b.tax_id, b.use_count) for b in found] == [(XIAOMI[0], XIAOMI[1], 2)]
    assert svc.buyers_matching("")[0].name == XIAOMI[0]  # most used first


def test_correct_a_field_with_a_reason_keeps_the_old_value_in_the_audit() -> None:
    view = svc.record_invoice(draft(1), "张三", today=TODAY)
    fixed = invoice_changes.correct_invoice(
        view.id, "buyer_name", "小米通讯技术有限公司", "名称录错", "李四"
    )
    assert fixed.buyer_name == "小米通讯技术有限公司"
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert entry.action == "invoice.correct"
    assert "小米科技有限责任公司" in entry.before and "名称录错" in entry.after
    assert Buyer.get_or_none(Buyer.name == "小米通讯技术有限公司") is not None
    history = svc.invoice_history(view.id)
    assert [h.action for h in history] == ["invoice.create", "invoice.correct"]


def test_a_correction_is_stored_without_invisible_characters_as_a_recording_is() -> None:
    view = svc.record_invoice(draft(1), "张三", today=TODAY)
    fixed = invoice_changes.correct_invoice(
        view.id, "buyer_name", "\u200b小米通讯技术有限公司\ufeff ", "名称录错", "李四"
    )
    assert fixed.buyer_name == "小米通讯技术有限公司"
    assert Buyer.get_or_none(Buyer.name == "小米通讯技术有限公司") is not None
    assert [b.name for b in svc.buyers_matching("通讯")] == ["小米通讯技术有限公司"]
    before = audit_count()
    with pytest.raises(ValidationFailed) as caught:  # nothing visible left: no name
        invoice_changes.correct_invoice(view.id, "buyer_name", "\u200b\u200d", "录错", "李四")
    assert caught.value.problems[0].field == "buyer_name"
    assert audit_count() == before


def test_correction_needs_a_reason_a_valid_value_and_an_open_month() -> None:
    view = svc.record_invoice(draft(1), "张三", today=TODAY)
    before = audit_count()
    with pytest.raises(ValidationFailed) as caught:
        invoice_changes.correct_invoice(view.id, "buyer_name", "新名称", "  ", "李四")
    assert caught.value.problems[0].field == "reason"
    with pytest.raises(ValidationFailed) as caught:
        invoice_changes.correct_invoice(
            view.id, "buyer_tax_id", "914403001922038217", "录错", "李四"
        )
    assert caught.value.problems[0].field == "buyer_tax_id"
    with pytest.raises(ValidationFailed):
        invoice_changes.correct_invoice(view.id, "amount_fen", "1", "改金额", "李四")
    PeriodLock.create(period="2026-10", locked_at="x", locked_by="会计")
    with pytest.raises(PeriodLocked) as locked:
        invoice_changes.correct_invoice(view.id, "remarks", "补充备注", "漏填", "李四")
    assert "2026-10" in str(locked.value)
    assert audit_count() == before
    assert svc.get_invoice(view.id).remarks == ""


def test_correcting_the_number_checks_for_duplicates() -> None:
    svc.record_invoice(draft(1), "张三", today=TODAY)
    second = svc.record_invoice(draft(2), "张三", today=TODAY)
    with pytest.raises(DuplicateInvoice):
        invoice_changes.correct_invoice(second.id, "number", number(1), "号码录错", "李四")
    fixed = invoice_changes.correct_invoice(
        second.id, "number", f" {number(7)} ", "号码录错", "李四"
    )
    assert fixed.number == number(7)


def test_new_invoice_in_a_locked_month_is_refused() -> None:
    PeriodLock.create(period="2026-10", locked_at="x", locked_by="会计")
    with pytest.raises(PeriodLocked):
        svc.record_invoice(draft(1), "张三", today=TODAY)
    assert Invoice.select().count() == 0


def test_digital_invoices_cannot_be_voided_only_red_flushed() -> None:
    view = svc.record_invoice(draft(1), "张三", today=TODAY)
    with pytest.raises(ValidationFailed) as caught:
        invoice_changes.void_invoice(view.id, "开错了", "张三", today=TODAY)
    assert caught.value.problems[0].field == "status"
    assert "红冲" in caught.value.problems[0].text()
    assert svc.get_invoice(view.id).status == "normal"


def test_paper_invoice_voids_in_its_month_only() -> None:
    paper = dict(kind="04", code="011002600104", issue_date=date(2026, 11, 3))
    view = svc.record_invoice(draft(num="00001234", **paper), "张三", today=TODAY)
    voided = invoice_changes.void_invoice(view.id, "收回全部联次", "张三", today=TODAY)
    assert (voided.status, voided.void_reason) == ("voided", "收回全部联次")
    with pytest.raises(NotAllowed):
        invoice_changes.void_invoice(view.id, "再次作废", "张三", today=TODAY)
    old = svc.record_invoice(
        draft(num="00001235", **{**paper, "issue_date": date(2026, 10, 30)}), "张三", today=TODAY
    )
    with pytest.raises(ValidationFailed):
        invoice_changes.void_invoice(old.id, "收回", "张三", today=TODAY)
    totals = svc.ledger_totals()
    assert (totals.count, totals.voided, totals.total) == (2, 1, Decimal("106.00"))


def test_full_red_flush_creates_the_linked_negative_invoice() -> None:
    blue = svc.record_invoice(
        draft(1, lines=[line(), line("*住宿服务*住宿费", "300.00", "0.06", "1", "300.00")]),
        "张三",
        today=TODAY,
    )
    red = invoice_changes.red_flush(
        blue.id, reason_code="01", number=number(2), actor="李四", today=TODAY
    )
    assert red.is_red and red.blue_invoice_id == blue.id
    assert (red.amount, red.tax, red.total) == (-blue.amount, -blue.tax, -blue.total)
    assert red.remarks == f"被红冲蓝字数电票号码：{blue.number}"
    assert red.amount_in_words.startswith("（负数）")
    assert [ln.quantity for ln in red.lines] == [Decimal("-2"), Decimal("-1")]
    refreshed = svc.get_invoice(blue.id)
    assert refreshed.status == "red_full" and refreshed.red_invoice_ids == (red.id,)
    with pytest.raises(NotAllowed):
        invoice_changes.red_flush(
            blue.id, reason_code="01", number=number(3), actor="李四", today=TODAY
        )
    with pytest.raises(NotAllowed):
        invoice_changes.red_flush(
            red.id, reason_code="01", number=number(4), actor="李四", today=TODAY
        )
    assert verify_audit().ok


def test_partial_red_flush_by_line_and_by_amount() -> None:
    blue = svc.record_invoice(
        draft(1, lines=[line(), line("*住宿服务*住宿费", "300.00", "0.06", "1", "300.00")]),
        "张三",
        today=TODAY,
    )
    first = invoice_changes.red_flush(
        blue.id,
        reason_code="04",
        number=number(2),
        actor="李四",
        lines={2: Decimal("50.00")},
        today=TODAY,
    )
    assert (first.amount, first.tax) == (Decimal("-50.00"), Decimal("-3.00"))
    assert svc.get_invoice(blue.id).status == "red_partial"
    with pytest.raises(ValidationFailed) as caught:
        invoice_changes.red_flush(
            blue.id,
            reason_code="04",
            number=number(3),
            actor="李四",
            lines={2: Decimal("250.01")},
            today=TODAY,
        )
    assert caught.value.problems[0].field == "lines[2].amount"
    invoice_changes.red_flush(
        blue.id, reason_code="02", number=number(4), actor="李四", today=TODAY
    )
    assert svc.get_invoice(blue.id).status == "red_full"
    flushed = sum(
        (svc.get_invoice(i).amount for i in svc.get_invoice(blue.id).red_invoice_ids), Decimal(0)
    )
    assert flushed == -blue.amount


def test_red_flush_needs_a_known_reason_code_and_a_valid_number() -> None:
    blue = svc.record_invoice(draft(1), "张三", today=TODAY)
    before = (audit_count(), Invoice.select().count(), InvoiceLine.select().count())
    with pytest.raises(ValidationFailed):
        invoice_changes.red_flush(
            blue.id, reason_code="05", number=number(2), actor="李四", today=TODAY
        )
    with pytest.raises(ValidationFailed):
        invoice_changes.red_flush(
            blue.id, reason_code="01", number="123", actor="李四", today=TODAY
        )
    with pytest.raises(DuplicateInvoice):
        invoice_changes.red_flush(
            blue.id, reason_code="01", number=number(1), actor="李四", today=TODAY
        )
    assert (audit_count(), Invoice.select().count(), InvoiceLine.select().count()) == before
    assert svc.get_invoice(blue.id).status == "normal"


def test_list_pages_sorts_and_sums() -> None:
    for seq in range(1, 8):
        svc.record_invoice(
            draft(seq, issue_date=date(2026, 10, seq), buyer=HUAWEI if seq % 2 else BAIDU),
            "张三",
            today=TODAY,
        )
    first = svc.list_invoices(limit=3)
    assert [r.issue_date.day for r in first.rows] == [7, 6, 5]
    second = svc.list_invoices(offset=3, limit=3)
    assert [r.issue_date.day for r in second.rows] == [4, 3, 2]
    by_buyer = svc.list_invoices(InvoiceFilter(text="华为"), sort="issue_date", descending=False)
    assert [r.issue_date.day for r in by_buyer.rows] == [1, 3, 5, 7]
    totals = svc.ledger_totals(InvoiceFilter(text="华为"))
    assert (totals.count, totals.amount, totals.tax) == (4, Decimal("400.00"), Decimal("24.00"))
    assert svc.ledger_totals(InvoiceFilter(period="2026-09")).count == 0


def test_missing_invoice_is_reported() -> None:
    with pytest.raises(NotFound):
        svc.get_invoice(999)
    assert svc.find_invoice("", number(1)) is None


def test_demo_data_is_realistic_and_consistent() -> None:
    from peewee import fn

    from invoicedesk.core.identifiers import check_buyer_id, check_invoice_key
    from invoicedesk.services import demo

    summary = demo.generate(600, "演示", seed=3, months=6, today=TODAY)
    assert Invoice.select().count() == summary.invoices == 600
    assert summary.red > 0 and summary.voided > 0
    # Search relies on every buyer name being in the buyer table.
    missing = Invoice.select().where(Invoice.buyer_name.not_in(Buyer.select(Buyer.name)))
    assert missing.count() == 0
    assert Buyer.select(fn.SUM(Buyer.use_count)).scalar() == 600
    for inv in Invoice.select().limit(200):
        assert not [p for p in check_buyer_id(inv.buyer_tax_id) if p.is_error]
        assert not [
            p for p in check_invoice_key(inv.kind, inv.code, inv.number, TODAY) if p.is_error
        ]
        assert inv.issue_date <= TODAY
    for red in Invoice.select().where(Invoice.is_red == True):  # noqa: E712 - peewee expression
        blue = Invoice.get_by_id(red.blue_invoice_id)
        assert blue.status == "red_full" and red.total_fen == -blue.total_fen
    assert all(inv.kind == "04" for inv in Invoice.select().where(Invoice.status == "voided"))
    assert verify_audit().ok
    # Demo rows were indexed in bulk, and the index trigger is back for the next invoice.
    sample = Invoice.select().order_by(Invoice.id.desc()).get()
    found = svc.list_invoices(InvoiceFilter(text=sample.number[-9:])).rows
    assert [r.id for r in found] == [sample.id]
    new = svc.record_invoice(draft(4242), "张三", today=TODAY)
    assert [r.id for r in svc.list_invoices(InvoiceFilter(text=number(4242)[-7:])).rows] == [new.id]


def test_identifiers_are_normalised_on_the_way_in() -> None:
    messy = draft(
        num=" ２６１１２" + number(5)[5:] + " ",
        buyer=(" 小米科技有限责任公司 ", "91110108551385082q"),
    )
    view = svc.record_invoice(messy, "张三", today=TODAY)
    assert (view.number, view.buyer_name, view.buyer_tax_id) == (
        number(5),
        "小米科技有限责任公司",
        "91110108551385082Q",
    )
    paper = draft(kind="04", code="11002600104", num="1234", issue_date=date(2026, 11, 3))
    view = svc.record_invoice(paper, "张三", today=TODAY)
    assert (view.code, view.number) == ("011002600104", "00001234")


def test_the_view_returned_by_a_save_is_the_stored_invoice() -> None:
    """The hot path builds its answer from what it wrote: it must equal a fresh read, field for
    field (exact decimals, dates, the red-flush link, the audit snapshot)."""
    set_company("北京演示餐饮有限公司", "91110000802100433B", "张三")
    saved = svc.record_invoice(
        draft(
            1,
            lines=[
                line("*餐饮服务*餐费", "12.50", "0.06", "2.50", "5.00", spec="大份", unit="份"),
                line("*餐饮服务*饮料", "7.00", "0.13", None, None, tax_code="3070401000000000000"),
            ],
            buyer_address_phone="北京海淀 010-1",
            remarks="桌号 8",
        ),
        "张三",
        today=TODAY,
    )
    assert saved == svc.get_invoice(saved.id)
    assert [str(ln.quantity) for ln in saved.lines] == ["2.5", "None"]
    red = invoice_changes.red_flush(
        saved.id, reason_code="01", number=number(2), actor="李四", today=TODAY
    )
    assert red == svc.get_invoice(red.id)
    created = (
        AuditEntry.select().where(AuditEntry.action == "invoice.create").order_by(AuditEntry.id)
    )
    assert [e.after for e in created] == [
        audit.canonical(svc.snapshot(view)) for view in (saved, red)
    ]


def test_blank_buyer_fields_never_erase_what_was_remembered() -> None:
    svc.record_invoice(draft(1, buyer_email="caiwu@example.com"), "张三", today=TODAY)
    svc.record_invoice(draft(2, buyer=(XIAOMI[0], ""), buyer_email=""), "张三", today=TODAY)
    svc.record_invoice(draft(3, buyer_address_phone="北京海淀 010-1"), "张三", today=TODAY)
    xiaomi = Buyer.get(Buyer.name == XIAOMI[0])
    assert (xiaomi.use_count, xiaomi.tax_id, xiaomi.email, xiaomi.address_phone, xiaomi.phone) == (
        3,
        XIAOMI[1],
        "caiwu@example.com",
        "北京海淀 010-1",
        "",
    )
