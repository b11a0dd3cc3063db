"""A locked month's figures stay as locked; every path into it respects the lock (both backends).

Red-flushing an invoice of a locked month stays possible (the normal correction): the red invoice
counts in the month it is issued in, and the locked month shows the blue invoice's later status
apart, in its summary, its workbook and its PDF report.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from invoicedesk.services import (
    company,
    invoice_changes,
    invoice_files,
    invoices,
    month_end,
    month_files,
    periods,
)
from invoicedesk.services.errors import PeriodLocked
from invoicedesk.store.counter_models import InvoiceFile
from invoicedesk.store.invoice_queries import InvoiceFilter
from invoicedesk.store.models import AuditEntry, Invoice
from tests.environment import pdf_text
from tests.factories import BAIDU, TODAY, draft, line, number

LOCKED = "2026-10"
RED_DAY = TODAY  # 2026-11-28: a red invoice issued in the month after the locked one


def _figures(s: month_end.MonthSummary) -> tuple[object, ...]:
    return (
        s.count,
        s.amount,
        s.tax,
        s.total,
        [(g.key, g.count, g.total) for g in s.by_status],
        [(g.key, g.count, g.total) for g in s.by_kind],
        [(g.key, g.count, g.total) for g in s.by_rate],
        (s.red.count, s.red.total),
    )


@pytest.fixture
def locked_month(db: str) -> dict[str, int]:
    company.set_company("北京演示餐饮有限公司", "91110108551385082Q", "张三")
    two_lines = [line(), line("*住宿服务*住宿费", "300.00", "0.06", "1", "300.00")]
    ids = {
        "whole": invoices.record_invoice(
            draft(1, issue_date=date(2026, 10, 5)), "张三", today=TODAY
        ).id,
        "partly": invoices.record_invoice(
            draft(2, issue_date=date(2026, 10, 8), buyer=BAIDU, lines=two_lines),
            "张三",
            today=TODAY,
        ).id,
        "kept": invoices.record_invoice(
            draft(3, issue_date=date(2026, 10, 9)), "张三", today=TODAY
        ).id,
    }
    # Before the lock, line 2 of "partly" is flushed by a red invoice of October.
    invoice_changes.red_flush(
        ids["partly"],
        reason_code="02",
        number=number(4),
        actor="张三",
        issue_date=date(2026, 10, 20),
        lines={2: None},
        today=TODAY,
    )
    periods.lock_period(LOCKED, "李会计", backup=False)
    return ids


def test_a_red_flush_after_the_lock_keeps_the_locked_figures(
    locked_month: dict[str, int],
) -> None:
    before = month_end.month_summary(LOCKED)
    assert {g.key: g.count for g in before.by_status} == {"normal": 3, "red_partial": 1}
    november = month_end.month_summary("2026-11")
    for seq, key in ((10, "whole"), (11, "partly")):
        red = invoice_changes.red_flush(
            locked_month[key], reason_code="01", number=number(seq), actor="张三", today=TODAY
        )
        assert red.issue_date == RED_DAY
    assert invoices.get_invoice(locked_month["whole"]).status == "red_full"
    assert invoices.get_invoice(locked_month["partly"]).status == "red_full"

    after = month_end.month_summary(LOCKED)
    assert _figures(after) == _figures(before)  # the month as it was locked
    later = {g.key: g for g in after.after_lock}
    assert list(later) == ["red_full"] and later["red_full"].count == 2
    assert later["red_full"].label == "锁定后：已红冲-全额"
    assert later["red_full"].total == Decimal("106.00") + Decimal("424.00")
    # The red invoices count in November, the month they are issued in.
    moved = month_end.month_summary("2026-11")
    assert moved.red.count == november.red.count + 2
    assert moved.total == november.total - Decimal("106.00") - Decimal("106.00")  # what was left


def test_the_locked_months_exports_show_the_later_status_apart(
    locked_month: dict[str, int], tmp_path: Path
) -> None:
    invoice_changes.red_flush(
        locked_month["whole"], reason_code="01", number=number(10), actor="张三", today=TODAY
    )
    book = tmp_path / "october.xlsx"
    month_files.export_ledger(InvoiceFilter(period=LOCKED), book, "李会计")
    wb = openpyxl.load_workbook(book, read_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    status_of = {row[1]: row[9] for row in rows[1:] if row[1]}
    assert status_of[number(1)] == "正常（锁定后：已红冲-全额）"
    assert status_of[number(2)] == "已红冲-部分" and status_of[number(3)] == "正常"
    summary = [row for row in wb.worksheets[-1].iter_rows(values_only=True)]
    assert ("锁定后的变化", "锁定后：已红冲-全额", 1) in [row[:3] for row in summary]
    assert ("按状态", "正常", 3) in [row[:3] for row in summary]
    wb.close()

    report = tmp_path / "october.pdf"
    month_files.export_month_pdf(LOCKED, report, "李会计")
    text = pdf_text(report).replace(" ", "")
    assert "锁定后的变化" in text and "锁定后：已红冲-全额" in text


def test_a_red_invoice_dated_in_the_locked_month_is_refused(locked_month: dict[str, int]) -> None:
    entries = AuditEntry.select().count()
    with pytest.raises(PeriodLocked) as caught:
        invoice_changes.red_flush(
            locked_month["whole"],
            reason_code="01",
            number=number(10),
            actor="张三",
            issue_date=date(2026, 10, 30),
            today=TODAY,
        )
    assert "2026-10" in str(caught.value.message)
    assert invoices.get_invoice(locked_month["whole"]).status == "normal"
    assert invoices.find_invoice("", number(10)) is None
    assert AuditEntry.select().count() == entries


def test_attaching_a_file_to_a_locked_months_invoice_is_refused(
    locked_month: dict[str, int], tmp_path: Path
) -> None:
    folder = tmp_path / "files"
    entries = AuditEntry.select().count()
    with pytest.raises(PeriodLocked) as caught:
        invoice_files.attach_file(locked_month["kept"], "发票.xml", b"<EInvoice/>", folder, "张三")
    assert "2026-10" in str(caught.value.message) and "附件" in str(caught.value.message)
    assert InvoiceFile.select().count() == 0 and AuditEntry.select().count() == entries
    assert not folder.exists() or not any(folder.rglob("*"))
    # An invoice of an open month still takes files.
    nov = invoices.record_invoice(draft(20, issue_date=date(2026, 11, 3)), "张三", today=TODAY)
    assert invoice_files.attach_file(nov.id, "发票.xml", b"<EInvoice/>", folder, "张三").size == 11
    assert Invoice.select().count() == 5
