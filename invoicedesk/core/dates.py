"""Calendar arithmetic that cannot raise: every date and period shift in InvoiceDesk goes here.

``date.replace(year=...)`` raises on 29 February and month arithmetic by hand gets December and
31st-of-the-month wrong; these helpers clamp to the last day of the target month instead
(31 March minus one month is 28 or 29 February; 29 February 2028 minus five years is
28 February 2023).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

_PERIOD = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months (negative: back), clamped to the target month's last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    """``day`` moved by whole years; 29 February becomes 28 February in a common year."""
    return add_months(day, 12 * years)


def parse_period(period: str) -> tuple[int, int]:
    """``"2026-11"`` → (2026, 11); ValueError for anything else."""
    match = _PERIOD.fullmatch(period)
    if not match:
        raise ValueError(f"not a YYYY-MM period: {period!r}")
    return int(match.group(1)), int(match.group(2))


def period_start(period: str) -> date:
    year, month = parse_period(period)
    return date(year, month, 1)


def period_bounds(period: str) -> tuple[date, date]:
    """The period's first day and the first day of the month after it (half-open)."""
    first = period_start(period)
    return first, add_months(first, 1)


def shift_period(period: str, months: int) -> str:
    moved = add_months(period_start(period), months)
    return f"{moved.year:04d}-{moved.month:02d}"


def periods_back(day: date, count: int) -> list[str]:
    """The month of ``day`` and the ``count - 1`` months before it, newest first."""
    first = date(day.year, day.month, 1)
    return [f"{d.year:04d}-{d.month:02d}" for d in (add_months(first, -i) for i in range(count))]


def periods_between(first: str, last: str) -> list[str]:
    """Every period from ``first`` to ``last`` inclusive (empty when ``first`` is later)."""
    out: list[str] = []
    current = first
    while current <= last:
        out.append(current)
        current = shift_period(current, 1)
    return out
