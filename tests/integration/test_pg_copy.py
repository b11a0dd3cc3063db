"""PostgreSQL's bulk paths write through COPY: the same ledger as one by one, all or nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest
from peewee import IntegrityError

from invoicedesk.services import demo
from invoicedesk.services import invoices as svc
from invoicedesk.services.auditing import invoice_images, verify_audit
from invoicedesk.services.bulk_record import _write, record_batch
from invoicedesk.store import audit, invoice_queries
from invoicedesk.store.database import close_database, open_database
from invoicedesk.store.invoice_queries import InvoiceFilter
from invoicedesk.store.models import AuditEntry, Buyer, Invoice, InvoiceLine, database
from invoicedesk.store.search_index import _TRGM_NAMES
from tests.factories import BAIDU, HUAWEI, TODAY, XIAOMI, draft, line

pytestmark = pytest.mark.postgres

# What COPY's text format reads as an escape or NULL, in a field that keeps it (control
# characters are refused before any write).
AWKWARD = "备注 \\N 反斜杠\\ \\t"


@pytest.fixture
def pg(pg_url: str) -> Iterator[str]:
    open_database(pg_url, actor="tester")
    try:
        yield pg_url
    finally:
        close_database()


def _drafts(first: int) -> list:  # type: ignore[type-arg]
    buyers = (XIAOMI, BAIDU, HUAWEI)
    lines = [line(), line("*住宿服务*住宿费", "333.33", "0.06", "1", "333.33")]
    return [
        draft(
            first + n,
            buyer=buyers[n % 3],
            lines=lines[: 1 + n % 2],
            remarks=AWKWARD if n == 0 else "",
            buyer_address_phone="" if n % 2 else "北京海淀 010-1",
        )
        for n in range(6)
    ]


def _ledger(ids: list[int]) -> list[tuple[object, ...]]:
    """What matters of each invoice, its number's sequence part left out."""
    out = []
    for inv_id in ids:
        inv = Invoice.get_by_id(inv_id)
        lines = [
            (
                ln.line_no,
                ln.name,
                ln.quantity,
                ln.unit_price,
                ln.amount_fen,
                ln.tax_rate,
                ln.tax_fen,
            )
            for ln in InvoiceLine.select()
            .where(InvoiceLine.invoice == inv_id)
            .order_by(InvoiceLine.line_no)
        ]
        after = json.loads(
            AuditEntry.get(
                (AuditEntry.action == "invoice.create") & (AuditEntry.entity_id == str(inv_id))
            ).after
        )
        after.pop("number")
        out.append(
            (
                inv.kind,
                inv.issue_date,
                inv.buyer_name,
                inv.buyer_tax_id,
                inv.buyer_address_phone,
                inv.remarks,
                inv.status,
                inv.is_red,
                inv.amount_fen,
                inv.tax_fen,
                inv.total_fen,
                lines,
                after,
            )
        )
    return out


def test_a_copy_loaded_list_equals_the_same_invoices_recorded_one_by_one(pg: str) -> None:
    singles = [svc.record_invoice(d, "张三", today=TODAY).id for d in _drafts(1)]
    uses = {b.name: b.use_count for b in Buyer.select()}
    batch = list(record_batch(_drafts(101), "张三", today=TODAY).ids)
    assert _ledger(batch) == _ledger(singles)
    assert Invoice.get_by_id(batch[0]).remarks == AWKWARD  # escaped through COPY, read back whole
    assert {b.name: b.use_count for b in Buyer.select()} == {n: 2 * c for n, c in uses.items()}
    assert Buyer.get(Buyer.name == XIAOMI[0]).address_phone == "北京海淀 010-1"
    # Found through the search index, with the same totals.
    for text in (XIAOMI[0][:2], BAIDU[0][:4], "百度网讯"):
        one = invoice_queries.sums(InvoiceFilter(text=text, ids=tuple(singles)))
        many = invoice_queries.sums(InvoiceFilter(text=text, ids=tuple(batch)))
        assert one == many and one.count > 0
    found = svc.list_invoices(InvoiceFilter(text=svc.get_invoice(batch[2]).number[-9:]))
    assert [r.id for r in found.rows] == [batch[2]]
    report = verify_audit()
    assert report.ok, report
    # Recording goes on after the batch: ids from the sequence, no collision.
    after = svc.record_invoice(draft(500), "张三", today=TODAY)
    assert after.id > max(batch)


def test_copy_text_round_trips_every_kind_of_value(pg: str) -> None:
    from decimal import Decimal

    from invoicedesk.store import pg_copy

    rows = [
        (1, "a\tb\nc\rd\\e", None, True, Decimal("1.50"), date(2026, 1, 2)),
        (2, "\\N", "", False, Decimal("-3"), date(2026, 12, 31)),
        (3, "普通 文字", "x", None, None, None),
    ]
    with database.atomic():
        database.obj.execute_sql(
            "CREATE TEMP TABLE copy_probe (id int, a text, b text, c bool, d numeric, e date)"
            " ON COMMIT DROP"
        )
        assert (
            pg_copy.copy_rows(database.obj, "copy_probe", ("id", "a", "b", "c", "d", "e"), rows)
            == 3
        )
        back = database.obj.execute_sql("SELECT * FROM copy_probe ORDER BY id").fetchall()
    assert [tuple(r) for r in back] == rows


def test_a_bad_row_in_a_copy_stores_nothing_of_the_batch(pg: str) -> None:
    svc.record_invoice(draft(1), "张三", today=TODAY)
    head = audit.head_entry()
    counts = (Invoice.select().count(), InvoiceLine.select().count(), Buyer.select().count())
    # The same number twice reaches COPY only when a check is skipped (another counter racing):
    # the unique index refuses the second row and the whole transaction goes.
    drafts = [draft(2, buyer=BAIDU), draft(3, buyer=HUAWEI), draft(3, buyer=HUAWEI)]
    with pytest.raises(IntegrityError), database.atomic():
        _write(drafts, "张三")
    assert (Invoice.select().count(), InvoiceLine.select().count(), Buyer.select().count()) == (
        counts
    )
    assert audit.head_entry() == head
    assert verify_audit().ok
    assert record_batch(drafts[:2], "张三", today=TODAY).count == 2  # and nothing is left stuck


def test_demo_data_through_copy_keeps_fingerprints_search_and_the_chain(pg: str) -> None:
    from invoicedesk.services.company import set_company

    set_company("演示商店", XIAOMI[1], "tester")
    before = _schema()
    summary = demo.generate(3000, "演示", seed=5, today=date(2026, 11, 28), batch=700)
    assert Invoice.select().count() == 3000
    assert InvoiceLine.select().count() == summary.lines
    logged: dict[str, str] = {}
    for entry in AuditEntry.select().where(AuditEntry.action == audit.FINGERPRINTS_ACTION):
        logged.update(json.loads(entry.after)["fingerprints"])
    assert logged == {str(i): audit.fingerprint(image).hex() for i, image in invoice_images()}
    rows = database.obj.execute_sql(
        "SELECT indexname FROM pg_indexes WHERE tablename = 'invoice' AND indexname LIKE %s",
        ("%trgm",),
    ).fetchall()
    assert sorted(r[0] for r in rows) == sorted(_TRGM_NAMES)  # rebuilt after the load
    assert _schema() == before  # every index and foreign key dropped for the load is back
    plan = database.obj.execute_sql(
        "EXPLAIN SELECT id FROM invoice WHERE buyer_name = %s", ("x",)
    ).fetchall()
    assert "invoice_buyer_name" in str(plan)
    some = Invoice.select().order_by(Invoice.id.desc()).first()
    found = svc.list_invoices(InvoiceFilter(text=some.number[-10:]))
    assert some.id in [r.id for r in found.rows]
    report = verify_audit()
    assert report.ok, report
    # A second run onto the demo ledger adds to it (indexes kept: fewer new rows than held).
    demo.generate(500, "演示", seed=6, today=date(2026, 11, 28))
    assert Invoice.select().count() == 3500
    assert verify_audit().ok


def _schema() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    db = database.obj
    indexes = db.execute_sql(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('invoice', 'invoice_line') "
        "ORDER BY 1"
    ).fetchall()
    keys = db.execute_sql(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid IN ('invoice'::regclass, 'invoice_line'::regclass) ORDER BY 1"
    ).fetchall()
    return [tuple(r) for r in indexes], [tuple(r) for r in keys]


def test_a_bad_batch_copied_in_the_background_stores_nothing(pg: str) -> None:
    from invoicedesk.store import pg_copy

    columns = ("invoice_id", "line_no", "name", "spec", "unit", "quantity", "unit_price")
    columns += ("amount_fen", "tax_rate", "tax_fen", "tax_code", "is_discount", "red_of_line_id")
    orphan = (999_999, 1, "餐费", "", "次", "1", "10", 1000, "0.06", 60, "", False, None)
    seen: list[str] = []
    db = database.obj
    with pytest.raises(IntegrityError), db.atomic(), pg_copy.BackgroundCopy(db) as background:
        background.send([("invoice_line", columns, [orphan])])
        background.send([], while_idle=lambda: seen.append("idle"))
    assert seen == []  # the failure surfaced at the next send, before anything else ran
    assert InvoiceLine.select().count() == 0
    svc.record_invoice(draft(1), "张三", today=TODAY)  # the connection is still usable
