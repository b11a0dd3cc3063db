"""The ledger workbook read back cell by cell: text identifiers, real numbers and dates, safety."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from invoicedesk.exchange import ledger_xlsx
from invoicedesk.services import month_end, month_files
from invoicedesk.store.invoice_queries import InvoiceFilter
from tests.integration.test_month_end import LEGACY_CODE, PERIOD, seed_month


def _sheet(wb: openpyxl.Workbook, name: str) -> list[tuple]:  # type: ignore[type-arg]
    return list(wb[name].iter_rows(values_only=True))


def test_month_ledger_round_trip(db: str, tmp_path: Path) -> None:
    ids = seed_month()
    out = tmp_path / "ledger.xlsx"
    assert month_files.export_ledger(InvoiceFilter(period=PERIOD), out, "李会计") == 17
    wb = openpyxl.load_workbook(out)  # normal mode: styles and sheet settings are readable
    assert wb.sheetnames == ["发票", "明细", "汇总"]
    ws = wb["发票"]
    rows = _sheet(wb, "发票")
    assert rows[0] == (
        "发票代码", "发票号码", "发票票种", "开票日期", "购买方名称", "购买方识别号",
        "金额", "税额", "价税合计", "发票状态", "是否正数发票", "开票人", "备注",
    )  # fmt: skip
    body = rows[1:-1]
    assert len(body) == 17
    first = body[0]
    assert first == (
        None, "26112000000000000001", "数电票（普通发票）", datetime(2026, 10, 1), "小米科技有限责任公司",
        "91110108551385082Q", 100, 6, 106, "正常", "是", "张三", None,
    )  # fmt: skip
    # the 12-digit code keeps its leading zero, as text, and the 8-digit number too
    paper = next(r for r in body if r[0])
    assert paper[0] == LEGACY_CODE and paper[1] == "00000001"
    paper_row = body.index(paper) + 2
    assert ws.cell(paper_row, 1).data_type == "s" and ws.cell(paper_row, 2).data_type == "s"
    assert ws.cell(2, 4).is_date and ws.cell(2, 4).number_format == "yyyy-mm-dd"
    assert ws.cell(2, 9).data_type == "n" and ws.cell(2, 9).number_format == "#,##0.00"
    red = next(r for r in body if r[10] == "否")
    assert red[8] == Decimal("-106.00")
    assert next(r for r in body if r[9] == "已红冲-全额")
    # formulas neutralised: the buyer's name stays text
    formula = next(r for r in body if "HYPERLINK" in str(r[4]))
    assert formula[4] == '\'=HYPERLINK("x")公司'
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    # totals: exact sums of the column, voided left out
    totals = rows[-1]
    assert totals[0] == "合计" and totals[4] == "17 张（不含作废）"
    summary = month_end.month_summary(PERIOD)
    assert [Decimal(str(v)) for v in totals[6:9]] == [summary.amount, summary.tax, summary.total]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:M18"

    lines = _sheet(wb, "明细")
    assert lines[0][:4] == ("发票代码", "发票号码", "行号", "货物或应税劳务名称")
    assert len(lines) - 1 == 18  # one invoice has two lines
    two = [r for r in lines[1:] if r[1] == "26112000000000000011"]
    assert [(r[2], r[3], r[9]) for r in two] == [
        (1, "*餐饮服务*餐费", "13%"),
        (2, "*住宿服务*住宿费", "9%"),
    ]
    assert two[1][6] is None and two[0][6] == 1 and two[0][8] == 1000 and two[0][10] == 130
    assert wb["明细"].freeze_panes == "A2"

    sums = _sheet(wb, "汇总")
    assert ("按税率", "13%", 1, 1000, 130, 1130) in sums
    assert ("按状态", "已红冲-全额", 1, 100, 6, 106) in sums
    assert ids  # the fixture month is what was exported


def test_filtered_export_writes_the_filters(db: str, tmp_path: Path) -> None:
    seed_month()
    out = tmp_path / "filtered.xlsx"
    flt = InvoiceFilter(text="百度", period=PERIOD)
    count = month_files.export_ledger(
        flt, out, "李会计", filters=[("搜索", "百度"), ("期间", PERIOD)]
    )
    assert count == 3
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames == ["发票", "明细", "筛选条件"]
    assert {r[4] for r in _sheet(wb, "发票")[1:-1]} == {"北京百度网讯科技有限公司"}
    filters = _sheet(wb, "筛选条件")
    assert (
        ("搜索", "百度") in filters and ("期间", PERIOD) in filters and ("发票张数", 3) in filters
    )


def test_neutralise_every_dangerous_start() -> None:
    for text in ("=1+1", "+1", "-2", "@SUM(A1)", "\t=1"):
        assert ledger_xlsx.neutralise(text) == "'" + text
    assert ledger_xlsx.neutralise("北京=公司") == "北京=公司"


def test_cancel_leaves_no_file(sqlite_db: str, tmp_path: Path) -> None:
    from invoicedesk.services import demo

    demo.generate(3000, "tester", seed=3, months=1)
    out = tmp_path / "cancelled.xlsx"
    seen: list[int] = []

    def progress(done: int, total: int) -> bool:
        seen.append(done)
        return done < 2000

    with pytest.raises(ledger_xlsx.Cancelled):
        month_files.export_ledger(InvoiceFilter(), out, "tester", progress=progress)
    assert seen and not out.exists()
    assert list(tmp_path.glob("*.xlsx")) == []
