"""The one clock: the shop's day in Beijing, UTC stamps, and a clock tests can set."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta

import pytest

from invoicedesk.core import clock


def test_half_past_midnight_in_beijing_is_already_the_new_day(
    frozen_clock: clock.ManualClock,
) -> None:
    frozen_clock.set(datetime(2026, 12, 31, 16, 30, tzinfo=UTC))  # 2027-01-01 00:30 in Beijing
    assert clock.today() == date(2027, 1, 1)
    assert clock.period_of(clock.today()) == "2027-01"
    assert clock.now().date() == date(2026, 12, 31)
    assert clock.stamp().startswith("2026-12-31T16:30:")
    assert clock.to_local(clock.stamp()).date() == date(2027, 1, 1)


def test_a_stopped_clock_stands_still_and_moves_when_told() -> None:
    stopped = clock.ManualClock(datetime(2028, 2, 29, 15, 30, tzinfo=UTC), running=False)
    previous = clock.use(stopped)
    try:
        assert clock.stamp() == clock.stamp() == "2028-02-29T15:30:00.000000+00:00"
        assert clock.today() == date(2028, 2, 29)
        stopped.advance(timedelta(minutes=30))
        assert clock.today() == date(2028, 3, 1)  # 00:00 in Beijing
    finally:
        assert clock.use(previous) is stopped


def test_a_running_clock_keeps_stamps_in_order(frozen_clock: clock.ManualClock) -> None:
    stamps = [clock.stamp() for _ in range(1000)]
    assert stamps == sorted(stamps)


def test_a_clock_needs_a_time_zone() -> None:
    with pytest.raises(ValueError):
        clock.ManualClock(datetime(2026, 12, 4, 10, 0))


def test_the_suite_runs_at_the_instant_it_was_asked_for() -> None:
    """Every test starts at the session's start: the system time, or what ``./dev.sh test-at``
    asked for (then the application really sees the faked date)."""
    asked = os.environ.get("INVOICEDESK_TEST_AT")
    if asked:
        start = datetime.fromisoformat(asked).replace(tzinfo=clock.SHOP_TZ)
    else:
        start = clock.SystemClock().now() - timedelta(hours=1)  # the session began before this
    assert start <= clock.local_now() < start + timedelta(hours=1)
