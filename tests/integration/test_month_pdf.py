"""The month report: its text (pdftotext), page count and page numbers, the font embedded."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from invoicedesk.services import month_end, month_files
from invoicedesk.store.models import PeriodLock
from tests.environment import pdf_text, poppler
from tests.integration.test_month_end import PERIOD, seed_month


def _text(path: Path) -> str:
    """The PDF's text without white space (layout spacing varies with the column widths)."""
    return re.sub(r"\s", "", pdf_text(path, layout=True))


def _pages(path: Path) -> int:
    info = poppler("pdfinfo", str(path))
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]


def test_month_report_text_and_pages(db: str, tmp_path: Path) -> None:
    seed_month()
    out = tmp_path / "month.pdf"
    assert month_files.export_month_pdf(PERIOD, out, "李会计", reviewer="王店长") == 17
    text = _text(out)
    pages = _pages(out)
    assert 1 <= pages <= 4
    for expected in (
        "2026年10月 发票台账月度报告",
        "北京演示餐饮有限公司",
        "本月尚未锁定",
        "数电票（普通发票）",
        "增值税普通发票",
        "¥2,941.03",  # the month's 价税合计 without the voided
        "税率明细",
        "13%",
        "¥1,130.00",
        "号码断号",
        "购买方识别号无效",
        "914403001922038217",
        "疑似重复",
        "制表人：李会计",
        "复核人：王店长",
        f"第 1 页 / 共 {pages} 页",
        f"第 {pages} 页 / 共 {pages} 页",
    ):
        assert expected.replace(" ", "") in text, expected
    fonts = subprocess.run(["pdffonts", str(out)], check=True, capture_output=True, text=True)
    assert "NotoSansSC" in fonts.stdout and " yes " in fonts.stdout  # embedded


def test_locked_month_and_acknowledgements_are_in_the_report(db: str, tmp_path: Path) -> None:
    seed_month()
    for finding in month_end.screen_period(PERIOD).open_findings:
        month_end.acknowledge(PERIOD, finding.key, "已向税务专管员说明", "李会计")
    month_end.lock_month(PERIOD, "李会计", "十月结账")
    out = tmp_path / "locked.pdf"
    month_files.export_month_pdf(PERIOD, out, "李会计")
    text = _text(out)
    assert "由李会计锁定" in text and "十月结账" in text
    screening = text.split("四、锁定前筛查")[1]
    assert "已向税务专管员说明" in screening and "其中0条尚未处理" in screening
    assert screening.count("未处理") == 1
    assert "复核人：＿" in text  # a blank line to sign on
    # The chain head the lock anchored, on paper: out of reach of a later cut or re-hash.
    lock = PeriodLock.get(PeriodLock.period == PERIOD)
    assert f"审计链锚点：第{lock.audit_seq}条，哈希{lock.audit_hash}" in text


def test_ten_thousand_invoices_and_many_months_fit(sqlite_db: str, tmp_path: Path) -> None:
    from invoicedesk.services import demo

    demo.generate(4000, "tester", seed=2, months=30)
    period = month_end.trend().periods[-1]  # the latest month: its report has the forecast
    out = tmp_path / "big.pdf"
    month_files.export_month_pdf(period, out, "李会计")
    text = _text(out)
    assert "预测（" in text and "回测平均绝对误差" in text
    assert _pages(out) <= 4


def test_a_past_month_charts_no_later_month() -> None:
    """A November report shows November's history only; its forecast is kept when all it left
    out is the running month the forecast is about."""
    from decimal import Decimal

    from invoicedesk.exchange.month_pdf import _until
    from invoicedesk.services.month_end import Trend

    one = Decimal(1)
    trend = Trend(
        periods=("2026-09", "2026-10", "2026-11", "2026-12"),
        series={"数电票": (one, one, one, one)},
        total=(one, one, one, one),
        forecast=None,
        forecast_periods=("2026-12", "2027-01"),
    )
    november = _until(trend, "2026-11")
    assert november.periods == ("2026-09", "2026-10", "2026-11")
    assert november.series == {"数电票": (one, one, one)} and len(november.total) == 3
    assert november.forecast_periods == ("2026-12", "2027-01")
    october = _until(trend, "2026-10")
    assert october.periods[-1] == "2026-10" and october.forecast_periods == ()
    assert _until(trend, "2026-12") is trend
