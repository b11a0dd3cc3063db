"""The one clock: the shop's day in Beijing, UTC stamps, and a clock tests can set."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

import pytest

from invoicedesk.core import clock
from tests.environment import child_pythonpath


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


def test_a_child_process_shares_the_instant_and_its_waits_run_out() -> None:
    """Under ``./dev.sh test-at`` only the calendar moves, in every process the tests start: a
    timed wait that runs out (a worker's poll, a watchdog) returns on time. (Under libfaketime
    0.9.10 such a wait slept until the faked deadline; a child process keeps that from hanging
    this test.)"""
    code = (
        "import threading; from invoicedesk.core import clock;"
        "print(threading.Event().wait(0.05), clock.SystemClock().now().isoformat())"
    )
    env = {**os.environ, "PYTHONPATH": child_pythonpath()}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )
    assert done.returncode == 0, done.stderr
    waited, child_now = done.stdout.split()
    assert waited == "False"
    lag = clock.SystemClock().now() - datetime.fromisoformat(child_now)
    assert abs(lag) < timedelta(minutes=1)  # the same instant, give or take start-up
