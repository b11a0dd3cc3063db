"""Month locks: the check belongs to every write that touches a month (the lock screen comes later)."""

from __future__ import annotations

from datetime import date

from invoicedesk.core.clock import period_of
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.services.errors import PeriodLocked
from invoicedesk.store.models import PeriodLock


def is_locked(period: str) -> bool:
    return PeriodLock.select().where(PeriodLock.period == period).exists()


def ensure_unlocked(day: date) -> None:
    period = period_of(day)
    if is_locked(period):
        raise PeriodLocked(
            QT_TRANSLATE_NOOP("Service", "{period} 已结账锁定，不能新增或更正该月的发票"),
            period=period,
        )
