"""Time: stored in UTC, shown and reasoned about in the shop's local time (Asia/Shanghai)."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

SHOP_TZ = ZoneInfo(os.environ.get("INVOICEDESK_TZ", "Asia/Shanghai"))


def utc_now() -> datetime:
    return datetime.now(UTC)


def utc_stamp(moment: datetime | None = None) -> str:
    """ISO 8601 with offset, microseconds: sortable text, identical on every backend."""
    return (moment or utc_now()).astimezone(UTC).isoformat(timespec="microseconds")


def local_today() -> date:
    """The shop's calendar day: an invoice issued at 00:30 in Beijing belongs to that day."""
    return datetime.now(SHOP_TZ).date()


def to_local(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp).astimezone(SHOP_TZ)


def period_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"
