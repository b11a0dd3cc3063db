"""Calendar arithmetic over every day of 2024–2032: it never raises and always clamps the same way."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from invoicedesk.core.clock import period_of
from invoicedesk.core.dates import (
    add_months,
    add_years,
    parse_period,
    period_bounds,
    periods_back,
    periods_between,
    shift_period,
)

FIRST, LAST = date(2024, 1, 1), date(2032, 12, 31)
EVERY_DAY = [FIRST + timedelta(days=i) for i in range((LAST - FIRST).days + 1)]
SHIFTS = (-120, -60, -13, -12, -11, -1, 0, 1, 11, 12, 13, 60, 120)


def month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def test_every_day_shifts_into_the_right_month_keeping_or_clamping_its_day() -> None:
    for day in EVERY_DAY:
        for months in SHIFTS:
            moved = add_months(day, months)
            assert month_index(moved) == month_index(day) + months, (day, months)
            last = calendar.monthrange(moved.year, moved.month)[1]
            assert moved.day == min(day.day, last), (day, months)


def test_shifting_keeps_the_order_of_days() -> None:
    for earlier, later in pairwise(EVERY_DAY):
        for months in SHIFTS:
            assert add_months(earlier, months) <= add_months(later, months)


def test_days_every_month_has_come_back_unchanged() -> None:
    for day in EVERY_DAY:
        if day.day <= 28:
            for months in SHIFTS:
                assert add_months(add_months(day, months), -months) == day


def test_years_are_twelve_months_and_29_february_clamps() -> None:
    for day in EVERY_DAY:
        for years in (-5, -1, 1, 5):
            assert add_years(day, years) == add_months(day, 12 * years)
    assert add_years(date(2028, 2, 29), -5) == date(2023, 2, 28)
    assert add_years(date(2028, 2, 29), -4) == date(2024, 2, 29)
    assert add_months(date(2028, 3, 31), -1) == date(2028, 2, 29)
    assert add_months(date(2027, 3, 31), -1) == date(2027, 2, 28)
    assert add_months(date(2026, 12, 31), 1) == date(2027, 1, 31)
    assert add_months(date(2027, 1, 31), -1) == date(2026, 12, 31)


@given(st.dates(date(2000, 1, 1), date(2099, 12, 31)), st.integers(-1200, 1200))
def test_any_shift_within_the_century_is_a_valid_date(day: date, months: int) -> None:
    moved = add_months(day, months)
    assert month_index(moved) == month_index(day) + months


def test_every_day_lies_within_its_period_bounds() -> None:
    for day in EVERY_DAY:
        first, following = period_bounds(period_of(day))
        assert first <= day < following
        assert first.day == 1 and following.day == 1 and add_months(first, 1) == following


def test_periods_shift_list_and_span() -> None:
    assert shift_period("2026-12", 1) == "2027-01"
    assert shift_period("2027-01", -1) == "2026-12"
    assert shift_period("2028-02", -12) == "2027-02"
    assert periods_back(date(2027, 1, 1), 3) == ["2027-01", "2026-12", "2026-11"]
    assert periods_between("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert periods_between("2026-02", "2025-11") == []
    for day in EVERY_DAY[::17]:
        back = periods_back(day, 25)
        assert back[0] == period_of(day)
        assert periods_between(back[-1], back[0]) == back[::-1]


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "26-01", "2026-1", "", "2026-01-01"])
def test_a_bad_period_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_period(text)
