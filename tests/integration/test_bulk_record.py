"""Recording a list at once (``add --json``): all or nothing, audited as one by one, searchable."""

from __future__ import annotations

import json

import pytest

from invoicedesk.services import invoices as svc
from invoicedesk.services.auditing import verify_audit
from invoicedesk.services.bulk_record import add_from_dicts, record_batch
from invoicedesk.services.errors import ValidationFailed
from invoicedesk.store.invoice_queries import InvoiceFilter
from invoicedesk.store.models import AuditEntry, Buyer, Invoice, InvoiceLine, PeriodLock
from tests.factories import BAIDU, TODAY, XIAOMI, as_json, draft, line

pytestmark = pytest.mark.usefixtures("db")


def test_all_or_nothing_and_the_bad_invoice_is_named() -> None:
    items = [as_json(1), as_json(2), as_json(3, buyer_tax_id="914403001922038217")]
    with pytest.raises(ValidationFailed) as caught:
        add_from_dicts(items, "张三", today=TODAY)
    assert any(p.field.startswith("invoices[3].buyer_tax_id") for p in caught.value.problems)
    assert Invoice.select().count() == 0
    assert AuditEntry.select().where(AuditEntry.action == "invoice.create").count() == 0
    assert add_from_dicts(items[:2], "张三", today=TODAY).count == 2


def test_a_number_already_in_the_ledger_adds_none_and_names_its_place() -> None:
    svc.record_invoice(draft(2), "张三", today=TODAY)
    with pytest.raises(ValidationFailed) as caught:
        add_from_dicts([as_json(1), as_json(2)], "张三", today=TODAY)
    assert [p.field for p in caught.value.problems] == ["invoices[2].number"]
    assert "已在台账中" in caught.value.problems[0].text()
    assert Invoice.select().count() == 1


def test_a_number_twice_in_the_list_is_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        add_from_dicts([as_json(1), as_json(1)], "张三", today=TODAY)
    assert caught.value.problems[0].field == "invoices[2].number"
    assert Invoice.select().count() == 0


def test_a_locked_month_adds_none_and_names_the_first_invoice_in_it() -> None:
    PeriodLock.create(period="2026-10", locked_at="x", locked_by="会计")
    items = [as_json(1, issue_date="2026-11-02"), as_json(2), as_json(3)]
    with pytest.raises(ValidationFailed) as caught:
        add_from_dicts(items, "张三", today=TODAY)
    assert [p.field for p in caught.value.problems] == ["invoices[2].issue_date"]
    assert Invoice.select().count() == 0


def test_each_invoice_is_audited_with_the_after_image_of_a_single_recording() -> None:
    lines = [line(), line("*住宿服务*住宿费", "333.33", "0.06", "1", "333.33")]
    single = svc.record_invoice(draft(1, lines=lines), "张三", today=TODAY)
    outcome = record_batch([draft(2, lines=lines), draft(3, buyer=BAIDU)], "李四", today=TODAY)
    entries = {
        e.entity_id: e for e in AuditEntry.select().where(AuditEntry.action == "invoice.create")
    }
    one = json.loads(entries[str(single.id)].after)
    two = json.loads(entries[str(outcome.ids[0])].after)
    assert one.pop("number") != two.pop("number")
    assert one == two
    assert entries[str(outcome.ids[1])].actor == "李四"
    assert verify_audit().ok
    stored = svc.get_invoice(outcome.ids[0])
    assert stored.total == single.total and stored.amount_in_words == single.amount_in_words
    assert [ln.line_no for ln in stored.lines] == [1, 2]


def test_buyers_are_counted_and_blank_fields_never_erase() -> None:
    svc.record_invoice(draft(1, buyer_email="caiwu@example.com"), "张三", today=TODAY)
    record_batch(
        [draft(2), draft(3, buyer=BAIDU, buyer_address_phone="北京海淀 010-1"), draft(4)],
        "张三",
        today=TODAY,
    )
    xiaomi = Buyer.get(Buyer.name == XIAOMI[0])
    assert (xiaomi.use_count, xiaomi.email, xiaomi.tax_id) == (3, "caiwu@example.com", XIAOMI[1])
    baidu = Buyer.get(Buyer.name == BAIDU[0])
    assert (baidu.use_count, baidu.address_phone) == (1, "北京海淀 010-1")


@pytest.mark.parametrize("size", [3, 450])  # through the index trigger, and filled at the end
def test_every_invoice_of_a_list_can_be_found(size: int) -> None:
    svc.record_invoice(draft(1), "张三", today=TODAY)
    outcome = record_batch(
        [draft(seq, buyer=BAIDU) for seq in range(2, size + 2)], "张三", today=TODAY
    )
    assert outcome.count == size
    assert InvoiceLine.select().count() == size + 1
    last = svc.get_invoice(outcome.ids[-1])
    found = svc.list_invoices(InvoiceFilter(text=last.number[-9:]))
    assert [row.id for row in found.rows] == [last.id]
    assert len(svc.list_invoices(InvoiceFilter(text=BAIDU[0][:4]), limit=1000).rows) == size
    # Recording goes on after the batch (ids, sequences and the index trigger as before).
    after = svc.record_invoice(draft(size + 5), "张三", today=TODAY)
    assert after.id > outcome.ids[-1]
    assert [r.id for r in svc.list_invoices(InvoiceFilter(text=after.number[-9:])).rows] == [
        after.id
    ]
