"""Forecast: the method that back-tests better wins, on histories whose shape we know."""

from __future__ import annotations

from decimal import Decimal

import pytest

from invoicedesk.core.forecast import (
    forecast,
    linear_trend,
    month_range,
    next_periods,
    seasonal_naive,
)

SEASON = [Decimal(v) for v in (80, 70, 90, 100, 110, 130, 150, 140, 120, 100, 90, 160)]


def test_linear_trend_wins_on_a_straight_line_and_extrapolates_it() -> None:
    history = [Decimal(1000 + 50 * i) for i in range(24)]
    result = forecast(history, 3)
    assert result is not None
    assert result.method == "linear_trend"
    assert result.values == (Decimal("2200.00"), Decimal("2250.00"), Decimal("2300.00"))
    assert result.mae == Decimal("0.00")
    assert result.errors["seasonal_naive"] == Decimal("600.00")  # a year of growth behind


def test_seasonal_naive_wins_on_a_repeating_year() -> None:
    history = SEASON * 3
    result = forecast(history, 3)
    assert result is not None
    assert result.method == "seasonal_naive"
    assert result.values == (Decimal("80.00"), Decimal("70.00"), Decimal("90.00"))
    assert result.mae == Decimal("0.00")
    assert result.errors["linear_trend"] > Decimal(10)


def test_a_season_on_a_steep_trend_picks_the_trend_and_reports_the_error() -> None:
    history = [s + Decimal(40 * i) for i, s in enumerate(SEASON * 2)]
    result = forecast(history, 3)
    assert result is not None
    assert result.method == "linear_trend"
    assert result.mae > 0  # the season it cannot see shows up as error, honestly
    assert result.mape is not None and result.mape > 0
    assert result.tested_points > 0


def test_short_history() -> None:
    assert forecast([Decimal(5)] * 3, 3) is None  # a trend needs 3 months to fit plus 1 to test
    short = forecast([Decimal(v) for v in (10, 20, 30, 40, 50)], 2)
    assert short is not None and short.method == "linear_trend"
    assert short.values == (Decimal("60.00"), Decimal("70.00"))
    assert "seasonal_naive" not in short.errors


def test_zero_months_make_mape_unavailable_and_forecasts_never_go_negative() -> None:
    history = [Decimal(v) for v in (500, 400, 300, 200, 100, 0)]
    result = forecast(history, 3)
    assert result is not None
    assert result.mape is None
    assert all(v >= 0 for v in result.values)


def test_methods_directly() -> None:
    assert seasonal_naive(SEASON, 14)[12:] == SEASON[:2]
    with pytest.raises(ValueError):
        seasonal_naive(SEASON[:5], 1)
    assert linear_trend([Decimal(1), Decimal(3)], 1) == [Decimal(5)]


def test_month_helpers() -> None:
    assert next_periods("2026-11", 3) == ["2026-12", "2027-01", "2027-02"]
    assert month_range("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]
