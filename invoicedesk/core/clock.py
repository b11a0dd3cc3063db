"""The one clock: every "now" and "today" in InvoiceDesk comes from here.

Stored in UTC, shown and reasoned about in the shop's local time (Asia/Shanghai). The source is
injectable (``use``): the default reads the system time; tests install a ``ManualClock`` so that a
ledger built "today" and the periods a test expects agree at any date, leap days and the hour after
midnight in Beijing (still yesterday in UTC) included. Nothing else reads the system clock for
calendar purposes (``tests/test_clock_calls.py`` walks the source to keep it so); monotonic timers
for durations are fine.
"""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

SHOP_TZ = ZoneInfo(os.environ.get("INVOICEDESK_TZ", "Asia/Shanghai"))


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware (any zone)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """Set by hand: starts at ``at`` and then runs at real speed, or stands still (``running=False``).

    Tests start every test at the same instant, so a ledger built "today" and the periods a test
    expects agree; running on keeps stamps taken in a row ordered as on a real clock.
    """

    def __init__(self, at: datetime, *, running: bool = True) -> None:
        self._lock = threading.Lock()
        self._running = running
        self.set(at)

    def set(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("a clock needs an aware datetime")
        with self._lock:
            self._at = at.astimezone(UTC)
            self._since = time.monotonic()

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self._at += delta

    def now(self) -> datetime:
        with self._lock:
            if not self._running:
                return self._at
            return self._at + timedelta(seconds=time.monotonic() - self._since)


_source: Clock = SystemClock()


def use(source: Clock) -> Clock:
    """Install ``source`` as the clock for the whole process; returns the one it replaces."""
    global _source
    previous, _source = _source, source
    return previous


def current() -> Clock:
    return _source


def now() -> datetime:
    """The current instant in UTC."""
    return _source.now().astimezone(UTC)


def local_now() -> datetime:
    """The current instant in the shop's time zone."""
    return _source.now().astimezone(SHOP_TZ)


def today() -> date:
    """The shop's calendar day: an invoice issued at 00:30 in Beijing belongs to that day."""
    return local_now().date()


def stamp(moment: datetime | None = None) -> str:
    """ISO 8601 with offset and microseconds, in UTC: sortable text, identical on every backend.

    Without ``moment``, the current instant.
    """
    return (moment or now()).astimezone(UTC).isoformat(timespec="microseconds")


def to_local(text: str) -> datetime:
    """A stored stamp in the shop's time zone."""
    return datetime.fromisoformat(text).astimezone(SHOP_TZ)


def period_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"
