"""The trends chart: series by kind or rate, the forecast line, and its error in words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCharts import QLineSeries, QStackedBarSeries
from pytestqt.qtbot import QtBot

from invoicedesk.gui.trends_page import MAX_MONTHS, TrendsPage
from invoicedesk.services import month_end
from tests.gui.helpers import run_on_worker, screenshot


@pytest.fixture
def page(qtbot: QtBot, small_db: Path) -> Iterator[TrendsPage]:
    widget = TrendsPage()
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()  # the first show loads the history
    qtbot.waitUntil(lambda: widget.trend is not None, timeout=20_000)
    qtbot.waitUntil(lambda: not widget.loading, timeout=20_000)
    yield widget


def test_chart_by_kind_with_forecast(qtbot: QtBot, page: TrendsPage, tmp_path: Path) -> None:
    trend = page.trend
    assert trend is not None and len(trend.periods) >= 12
    series = page.chart.series()
    bars = next(s for s in series if isinstance(s, QStackedBarSeries))
    assert sorted(b.label() for b in bars.barSets()) == sorted(trend.series)
    assert trend.forecast is not None
    line = next(s for s in series if isinstance(s, QLineSeries))
    assert line.count() == 4  # the last complete month and three forecast months
    text = page.forecast_label.text()
    assert "回测平均绝对误差" in text and "预测仅供参考" in text
    assert any(name in text for name in ("季节性朴素法", "线性趋势"))
    screenshot(page, tmp_path, "trends_page")


def test_by_rate_and_counts(qtbot: QtBot, page: TrendsPage) -> None:
    page.by.setCurrentIndex(page.by.findData("rate"))
    page.measure.setCurrentIndex(page.measure.findData("count"))
    qtbot.waitUntil(lambda: not page.loading, timeout=20_000)
    assert page.trend is not None and "6%" in page.trend.series
    bars = next(s for s in page.chart.series() if isinstance(s, QStackedBarSeries))
    assert "6%" in [b.label() for b in bars.barSets()]
    assert "张" in page.chart.axes()[1].titleText() or "张" in page.chart.axes()[0].titleText()


def test_count_bars_add_up_to_the_month_summary(qtbot: QtBot, page: TrendsPage) -> None:
    """Each month's stacked bars by rate are its invoices, each counted once (demo invoices
    carry lines at several rates), as the month summary counts them."""
    page.by.setCurrentIndex(page.by.findData("rate"))
    page.measure.setCurrentIndex(page.measure.findData("count"))
    qtbot.waitUntil(lambda: not page.loading and page.trend is not None, timeout=20_000)
    trend = page.trend
    assert trend is not None and "多种税率" in trend.series
    bars = next(s for s in page.chart.series() if isinstance(s, QStackedBarSeries))
    shown = list(trend.periods)[-MAX_MONTHS:]  # bar i is month shown[i]; forecast bars follow
    for index, period in list(enumerate(shown))[-3:]:
        stacked = sum(b.at(index) for b in bars.barSets())
        summary = run_on_worker(qtbot, lambda period=period: month_end.month_summary(period))
        assert stacked == sum(g.count for g in summary.by_kind), period


def test_redraws_when_another_counter_records(qtbot: QtBot, page: TrendsPage) -> None:
    """An invoice recorded on the worker (not through the page) reaches the chart by the change
    notice: this month's count goes up by one."""
    from invoicedesk.core import clock
    from invoicedesk.core.clock import period_of
    from invoicedesk.services.invoices import record_invoice
    from tests.factories import draft

    page.measure.setCurrentIndex(page.measure.findData("count"))
    qtbot.waitUntil(lambda: not page.loading and page.trend is not None, timeout=20_000)
    trend = page.trend
    assert trend is not None
    running = period_of(clock.today())
    before = dict(zip(trend.periods, trend.total, strict=True)).get(running, 0)
    run_on_worker(qtbot, lambda: record_invoice(draft(9101, issue_date=clock.today()), "另一台"))

    def counted() -> int:
        t = page.trend
        return -1 if t is None else dict(zip(t.periods, t.total, strict=True)).get(running, 0)

    qtbot.waitUntil(lambda: not page.loading and counted() == before + 1, timeout=20_000)
