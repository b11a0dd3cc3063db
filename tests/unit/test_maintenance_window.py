"""When maintenance is due: the owner's window (also past midnight) and the at-exit fallback."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from invoicedesk.core.clock import SHOP_TZ
from invoicedesk.core.maintenance import MaintenanceWindow, parse_window, window_from_setting


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2028, 2, day, hour, minute, tzinfo=SHOP_TZ)


def test_the_default_window_is_two_to_five_at_night() -> None:
    window = MaintenanceWindow()
    assert [window.contains(at(29, h)) for h in (1, 2, 4, 5)] == [False, True, True, False]


def test_a_window_past_midnight_opened_the_evening_before() -> None:
    window = MaintenanceWindow(start=time(23, 0), end=time(1, 30))
    assert window.contains(at(29, 23, 30)) and window.contains(at(29, 0, 30))
    assert not window.contains(at(29, 1, 30))
    # 00:30 on 1 March (a leap year): the window opened at 23:00 on 29 February.
    moment = datetime(2028, 3, 1, 0, 30, tzinfo=SHOP_TZ)
    assert window.opened_at(moment) == at(29, 23)


def test_due_once_per_opening_of_the_window() -> None:
    window = MaintenanceWindow()
    assert window.due_in_window(at(28, 2, 10), None)
    assert not window.due_in_window(at(28, 3, 0), at(28, 2, 10))  # ran in this opening
    assert window.due_in_window(at(29, 2, 10), at(28, 2, 10))  # the next night
    assert not window.due_in_window(at(29, 12, 0), None)  # outside the window


def test_at_exit_after_every_days_unless_the_owner_turned_it_off() -> None:
    window = MaintenanceWindow(every_days=7)
    assert window.due_at_exit(at(29, 18), None)
    assert not window.due_at_exit(at(29, 18), at(29, 18) - timedelta(days=6))
    assert window.due_at_exit(at(29, 18), at(29, 18) - timedelta(days=7))
    assert not MaintenanceWindow(at_exit=False).due_at_exit(at(29, 18), None)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [("02:00-05:00", time(2), time(5)), ("23:00 – 01:30", time(23), time(1, 30)),
     ("1:00~3:00", time(1), time(3)), ("02：00-04：00", time(2), time(4))],
)  # fmt: skip
def test_windows_as_the_owner_types_them(text: str, start: time, end: time) -> None:
    window, problems = parse_window(text)
    assert problems == [] and window is not None
    assert (window.start, window.end) == (start, end)


@pytest.mark.parametrize("text", ["", "02:00", "2-5", "25:00-01:00", "03:00-03:00", "a-b"])
def test_a_window_that_cannot_be_read_is_refused_by_name(text: str) -> None:
    window, problems = parse_window(text)
    assert window is None and [p.field for p in problems] == ["window"]


def test_the_setting_round_trips_and_damage_falls_back_to_the_default() -> None:
    window = MaintenanceWindow(start=time(22, 15), end=time(0, 45), at_exit=False, every_days=3)
    assert window_from_setting(window.to_setting()) == window
    assert window_from_setting(None) == MaintenanceWindow()
    assert window_from_setting({"start": "nonsense"}) == MaintenanceWindow()
